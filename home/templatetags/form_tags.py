from django import template
from django.forms.utils import flatatt
from django.forms.widgets import HiddenInput, MultipleHiddenInput
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def describedby_ids(field) -> list[str]:
    """The ids of the hint and error texts rendered for a field by form_field.html."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    ids.extend(f"{field.auto_id}_error{n}" for n in range(1, len(field.errors) + 1))
    return ids


@register.simple_tag
def render_widget(field):
    """Render a field's widget tied to its hint and errors with aria-describedby."""
    attrs = {}
    ids = describedby_ids(field)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def hidden_inputs(form):
    """The form's hidden fields, as ``{{ field }}`` renders them, without a template per field.

    Django renders every widget through two templates; a page with two comment forms spends
    more time on their eight hidden fields than on anything else it shows."""
    inputs = []
    for field in form.hidden_fields():
        widget = field.field.widget
        if not isinstance(widget, HiddenInput) or isinstance(widget, MultipleHiddenInput):
            inputs.append(field.as_widget())  # anything unusual: Django's own rendering
            continue
        value = widget.format_value(field.value())
        attrs = {"id": field.auto_id} if field.auto_id else {}
        attrs.update(widget.attrs)
        inputs.append(
            format_html(
                '<input type="hidden" name="{}"{}{}>',
                field.html_name,
                format_html(' value="{}"', value) if value is not None else "",
                flatatt(attrs),
            )
        )
    # Every part comes from format_html or from the widget itself.
    return mark_safe("".join(inputs))
