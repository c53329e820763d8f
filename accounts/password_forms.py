"""allauth's forms for a new password, each with the password rules as the field's hint.

Separate from accounts.forms: allauth imports that module to build its sign-up form, and these
forms import allauth's forms.
"""

from allauth.account import forms as allauth_forms

from .passwords import explain_password_rules


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up (with our fields from accounts.forms), the rules as password hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        explain_password_rules(self)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    """allauth's password change, with the password rules as the new password's hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        explain_password_rules(self)


class SetPasswordForm(allauth_forms.SetPasswordForm):
    """allauth's first password for an account without one, with the rules as hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        explain_password_rules(self)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    """allauth's new password after a reset link, with the rules as hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        explain_password_rules(self)
