from django import template

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
