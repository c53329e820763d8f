"""allauth's account adapter: our client address, our limits on failed logins, and its e-mails
(sign-up confirmation, password reset, address change) sent through the outbox."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.contrib.sites.shortcuts import get_current_site
from django.utils import formats
from django.utils.translation import gettext as _

from outbox.services import queue_message

from .admin_access import has_second_factor
from .ratelimit import LoginThrottle, Refusal, client_ip

#: Error codes of a refused login; the login view answers them with status 429.
THROTTLE_CODES = ("too_many_login_attempts", "login_throttled", "account_protected")


def refusal_message(refusal: Refusal) -> str:
    """The error for a refused attempt, with the time to try again."""
    when = formats.time_format(refusal.local_time, "H:i")
    if refusal.reason == "account":
        return _(
            "There have been very many failed sign-in attempts for this account. To protect "
            "it, signing in with the password alone is paused until %(time)s. You can reset "
            "your password with the link “Forgot your password?” right away and then sign in; "
            "with a second factor (authenticator app) you can sign in as usual."
        ) % {"time": when}
    return _(
        "Too many failed attempts from your connection. Please wait %(minutes)s minute(s) "
        "and try again from %(time)s. Your e-mail address has been kept."
    ) % {"minutes": refusal.minutes, "time": when}


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue allauth's e-mails: a mail server that is down never fails the request."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        queue_message(self.render_mail(template_prefix, email, ctx), kind="account")

    def save_user(self, request, user, form, commit=True):
        """The display name goes into the new account's row with everything else: a sign-up
        writes one row of its own, which no page shows yet (home.pagecache keeps every page)."""
        display_name = getattr(form, "cleaned_data", {}).get("display_name")
        if display_name:
            user.display_name = display_name
        return super().save_user(request, user, form, commit)

    def authenticate(self, request, **credentials):
        """Check the throttle before the password, count failures after it."""
        login = credentials.get("email") or credentials.get("username") or ""
        throttle = LoginThrottle(request, login)
        refusal = throttle.refusal()
        if refusal:
            request.login_refusal = refusal
            raise forms.ValidationError(refusal_message(refusal), code="login_throttled")
        user = super().authenticate(request, **credentials)
        account_refusal = throttle.account_refusal()
        if user is None:
            throttle.failed()
            if account_refusal:
                # Same answer for right and wrong passwords: the guesser learns nothing.
                request.login_refusal = account_refusal
                raise forms.ValidationError(
                    refusal_message(account_refusal), code="account_protected"
                )
            return None
        if account_refusal and not has_second_factor(user):
            request.login_refusal = account_refusal
            raise forms.ValidationError(refusal_message(account_refusal), code="account_protected")
        throttle.succeeded()
        return user

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        """A password reset also lifts the account's ceiling (allauth calls this then)."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        login = credentials.get("email") or credentials.get("username") or ""
        LoginThrottle(request, login).clear_account()
