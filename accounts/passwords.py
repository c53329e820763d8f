"""The password rules in words, shown next to every field where a new password is chosen."""

from django.utils.translation import gettext_lazy as _

PASSWORD_HINT = _(
    "At least 12 characters. A sentence of several words that you can remember works well. "
    "Commonly used passwords and passwords similar to your name or e-mail address are not "
    "accepted. Digits or special characters are not required."
)


def explain_password_rules(form, field_name: str = "password1") -> None:
    """Put the rules on the form's new-password field as its hint (tied with aria-describedby)."""
    field = form.fields.get(field_name)
    if field is not None:
        field.help_text = PASSWORD_HINT
