from django import template

register = template.Library()


@register.filter
def without_placeholders(form):
    """The form with allauth's placeholders removed: our fields have visible labels and hints."""
    if form:
        for field in form.fields.values():
            field.widget.attrs.pop("placeholder", None)
    return form
