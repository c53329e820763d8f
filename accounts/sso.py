"""Single sign-on for the city's staff over OpenID Connect (allauth's ``openid_connect``).

* The provider comes from the environment (config.settings.base, ``OIDC_*``); without it there
  is no button and the login works as before.
* Staff membership: a verified address at ``STAFF_EMAIL_DOMAINS`` (ideen.staff, as for
  everybody) or the claim ``OIDC_STAFF_CLAIM`` containing ``OIDC_STAFF_VALUE``, read from the
  claims of the user's last single sign-on (allauth keeps them with the linked account and
  updates them at every sign-on).
* Second factor: signing on does not replace it. Whoever may use the Wagtail admin still needs
  the site's own second factor (accounts.admin_access), and allauth asks for it after the
  provider, as after a password: ``amr`` claims are not comparable across Keycloak, Entra ID
  and ADFS, and a provider set up without one would silently open the admin.
* A provider that is down or answers nonsense: a German error page (status 502 or 401),
  nobody is logged in.
"""

from __future__ import annotations

import logging

import requests
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.shortcuts import render

from .forms import sanitize_display_name

logger = logging.getLogger(__name__)


def oidc_provider_ids() -> list[str]:
    """The ids of the configured OpenID Connect providers (the ``provider`` of their accounts)."""
    config = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {})
    return [app["provider_id"] for app in config.get("APPS", [])]


def claims_of(account: SocialAccount) -> dict:
    """The claims of a linked account: the ID token's, completed by the userinfo answer."""
    data = account.extra_data or {}
    if "id_token" not in data and "userinfo" not in data:
        return dict(data)
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def claim_grants_staff(claims: dict) -> bool:
    """Whether ``OIDC_STAFF_CLAIM`` contains ``OIDC_STAFF_VALUE`` (a list, or one value)."""
    name, wanted = settings.OIDC_STAFF_CLAIM, settings.OIDC_STAFF_VALUE
    if not name or not wanted:
        return False
    value = claims.get(name)
    if isinstance(value, list | tuple):
        return wanted in [str(item) for item in value]
    return value is not None and str(value) == wanted


def is_staff_by_sso(user) -> bool:
    """Whether the user's last single sign-on named them staff (see the module docstring)."""
    if not user.pk or not settings.OIDC_STAFF_CLAIM:
        return False
    accounts = SocialAccount.objects.filter(user=user, provider__in=oidc_provider_ids())
    return any(claim_grants_staff(claims_of(account)) for account in accounts)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """New accounts get the provider's name as display name (staff sign with their name)."""
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        if not user.display_name and name:
            user.display_name = sanitize_display_name(name)[:50]
        return user

    def pre_social_login(self, request, sociallogin):
        """With OIDC_TRUST_EMAIL the city's directory vouches for the address."""
        if settings.OIDC_TRUST_EMAIL and sociallogin.account.provider in oidc_provider_ids():
            for address in sociallogin.email_addresses:
                address.verified = True
            if not sociallogin.is_existing:
                # allauth looked for an account with the address before this hook; with the
                # address now verified, an existing account is found and linked.
                sociallogin.lookup()

    def on_authentication_error(self, request, provider, error=None, exception=None, **kwargs):
        logger.warning("Single sign-on failed (%s): %r", error, exception)


def provider_unavailable(request, exception=None):
    """The provider could not be reached or answered nonsense: say so, log nobody in."""
    logger.warning("Single sign-on provider unavailable: %r", exception)
    return render(
        request,
        "socialaccount/authentication_error.html",
        {"provider_unavailable": True},
        status=502,
    )


def login(request, provider_id: str):
    """allauth's start of a single sign-on, but a provider that is down gets our error page."""
    try:
        return oidc_views.login(request, provider_id)
    except (requests.RequestException, OAuth2Error, ValueError, KeyError) as exception:
        return provider_unavailable(request, exception)


def callback(request, provider_id: str):
    """allauth's return from the provider; failures it does not catch get our error page."""
    try:
        return oidc_views.callback(request, provider_id)
    except (requests.RequestException, OAuth2Error, ValueError, KeyError) as exception:
        return provider_unavailable(request, exception)
