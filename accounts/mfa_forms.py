"""allauth.mfa's code forms with a hint under the field and a numeric keyboard on phones."""

from allauth.mfa.base import forms as base_forms
from allauth.mfa.totp import forms as totp_forms
from django.utils.translation import gettext_lazy as _


def _explain_code_field(form, hint) -> None:
    field = form.fields["code"]
    field.help_text = hint
    field.widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false"})


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    """Setting up an authenticator app: confirm with the first code it shows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from the app")
        _explain_code_field(
            self,
            _(
                "The six digits your app shows for this account right now. "
                "They change every 30 seconds."
            ),
        )


class AuthenticateForm(base_forms.AuthenticateForm):
    """The second step of the login: a code from the app or an unused recovery code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code")
        _explain_code_field(
            self,
            _(
                "The six digits your authenticator app shows right now, or one of your recovery "
                "codes (each recovery code works only once)."
            ),
        )


class ReauthenticateForm(base_forms.ReauthenticateForm):
    """Confirming a sensitive change with the second factor."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _explain_code_field(
            self,
            _("The six digits your authenticator app shows right now, or an unused recovery code."),
        )
