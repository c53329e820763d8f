from datetime import date, datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def data_value(value) -> str:
    """A value of "Meine Daten" for reading: dates in German, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j. F Y, H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j. F Y")
    return str(value)


@register.filter
def labelled(row: dict, fields: dict) -> list[tuple[str, str, object]]:
    """The row's entries as (key, meaning, value) in the order of the section's fields."""
    return [(key, meaning, row.get(key)) for key, meaning in fields.items()]


@register.simple_tag(takes_context=True)
def legal_page_urls(context) -> dict[str, str]:
    """The addresses of the privacy notice and the netiquette (accounts.consent.legal_pages)."""
    from accounts.consent import legal_pages

    request = context.get("request")
    return legal_pages(request) if request is not None else {}
