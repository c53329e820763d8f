import html
import re

import bleach
from django import forms
from django.utils.translation import gettext_lazy as _

from .consent import record_consent
from .models import User

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def sanitize_display_name(value: str) -> str:
    """Plain text on one line: bleach strips every tag; escaping happens when it is shown."""
    text = _CONTROL_CHARACTERS.sub(" ", value or "")
    text = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True))
    return " ".join(text.split())


class DisplayNameField(forms.CharField):
    """A display name: required, plain text on one line, at most 50 characters, no e-mail
    addresses. Markup is stripped before the limits are checked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault(
            "help_text",
            _("Shown publicly next to your contributions. A pseudonym is fine."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "nickname")

    def to_python(self, value):
        return sanitize_display_name(super().to_python(value))

    def clean(self, value):
        value = super().clean(value)
        if "@" in value:
            raise forms.ValidationError(
                _("Please do not use an e-mail address as your display name."),
                code="email_as_name",
            )
        return value


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup`` after saving).

    allauth's own sign-up form inherits from this class, so ``field_order`` and ``__init__``
    here also shape allauth's fields.
    """

    field_order = ["email", "display_name", "password1", "password2", "consent"]

    display_name = DisplayNameField()
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and the netiquette and agree to them."),
        help_text=_("The links to both texts are above this form."),
        error_messages={
            "required": _("Please agree to the privacy notice and the netiquette to sign up.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].help_text = _(
                "We send you a link to confirm it. It is never shown publicly."
            )

    def signup(self, request, user: User) -> None:
        # Stored with the new row by AccountAdapter.save_user; saved here only if another
        # adapter did not.
        if user.display_name != self.cleaned_data["display_name"]:
            user.display_name = self.cleaned_data["display_name"]
            user.save(update_fields=["display_name"])
        record_consent(user)


class ProfileForm(forms.ModelForm):
    """What a user may change about their public profile."""

    display_name = DisplayNameField()

    class Meta:
        model = User
        fields = ["display_name"]


class DeleteAccountForm(forms.Form):
    """The last step before the deletion: the person confirms they understood what happens."""

    confirm = forms.BooleanField(
        label=_("I understand: my account and my personal data will be deleted for good."),
        error_messages={"required": _("Please confirm that you want to delete your account.")},
    )


class ConsentForm(forms.Form):
    """Agreement to the privacy notice and the netiquette (sign-up and when they change)."""

    consent = forms.BooleanField(
        label=_("I have read the privacy notice and the netiquette and agree to them."),
        help_text=_("The links to both texts are above this form."),
        error_messages={
            "required": _("Please agree to the privacy notice and the netiquette to continue.")
        },
    )
