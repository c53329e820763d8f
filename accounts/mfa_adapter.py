"""allauth.mfa's adapter with error messages that say what to do next."""

from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.translation import gettext_lazy as _


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "This code is not valid (any more). Enter the code your app shows right now – it "
            "changes every 30 seconds, so check that your device's clock is right. A recovery "
            "code works only once."
        ),
    }

    def get_totp_label(self, user) -> str:
        """The account's name in the authenticator app: the e-mail address, not the user name."""
        return user.email or super().get_totp_label(user)
