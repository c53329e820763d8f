"""One way into the Wagtail admin: allauth's login (with its limits) and a second factor.

The admin's own login and logout are replaced by redirects to allauth (see config.urls), and
``AdminAccessMiddleware`` guards every URL under the admin prefix: people who may use the admin
must have set up a second factor before they reach any admin page.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

#: Authenticators that count as a second factor (recovery codes only back them up).
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def admin_prefix() -> str:
    """The path under which Wagtail's admin is mounted, e.g. '/cms/'."""
    return reverse("wagtailadmin_home")


def can_use_admin(user) -> bool:
    """Whether the user may enter the Wagtail admin (superusers and the access_admin permission)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def has_second_factor(user) -> bool:
    """Whether the user has an authenticator app or a security key / passkey."""
    return (
        user.is_authenticated
        and Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists()
    )


def needs_second_factor(user) -> bool:
    """Admin users must set up a second factor before they may use the admin."""
    return can_use_admin(user) and not has_second_factor(user)


def _safe_admin_next(request) -> str:
    """The admin address to return to after the login: ``next`` if it lies in the admin."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if (
        target.startswith(admin_prefix())
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not target.startswith(reverse("cms_login"))
    ):
        return target
    return admin_prefix()


def admin_login(request):
    """The admin's login address sends people to the site's login, and back to the admin.

    Every method answers with the redirect: a POST here never authenticates anybody.
    """
    return redirect_to_login(_safe_admin_next(request), login_url=settings.LOGIN_URL)


class AdminAccessMiddleware:
    """Guard every admin URL: no second factor, no admin; not allowed in the admin, 403.

    Anonymous visitors are left to Wagtail, which sends them to the login (our login URL).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path_info.startswith(admin_prefix())
            and not request.path_info.startswith(_open_admin_paths())
        ):
            if not can_use_admin(user):
                # Wagtail would send them to the login, which sends a logged-in user back.
                raise PermissionDenied
            if not has_second_factor(user):
                return self._to_setup(request)
        return self.get_response(request)

    def _to_setup(self, request):
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            raise PermissionDenied
        messages.warning(
            request,
            _(
                "The administration is protected with a second factor. Please set up an "
                "authenticator app or a passkey first; afterwards you can continue to the "
                "administration."
            ),
        )
        return redirect("mfa_index")


def _open_admin_paths() -> tuple[str, ...]:
    """Admin URLs every logged-in user may reach: our login redirect and the logout."""
    return (reverse("cms_login"), reverse("wagtailadmin_logout"))
