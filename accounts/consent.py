"""Consent to the privacy notice and the netiquette: recorded at sign-up with the texts'
versions (``settings.LEGAL_TEXT_VERSIONS``), asked again when a version changes.

``ConsentMiddleware`` sends a logged-in person whose newest consent is not for the current
versions to the consent page, except on the pages they need to read or leave (the legal texts,
logout, the consent page itself, static files) and in the Wagtail admin. The check costs one
query per session, at login (``remember_consent_at_login``) or on the session's first request:
the versions agreed to are remembered in the session.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from wagtail import hooks

from .admin_access import admin_prefix
from .models import ConsentRecord

#: Wagtail hook: functions ``(request) -> dict`` mapping a document ('privacy', 'netiquette')
#: to the address of its page (home registers it from the footer settings).
LEGAL_PAGES_HOOK = "legal_pages"

_SESSION_KEY = "consented_versions"


def current_versions() -> dict[str, str]:
    """The version of each legal text people agree to now."""
    return dict(settings.LEGAL_TEXT_VERSIONS)


def record_consent(user) -> list[ConsentRecord]:
    """Record that the user agreed to the current version of every legal text."""
    return ConsentRecord.objects.bulk_create(
        ConsentRecord(user=user, document=document, version=version)
        for document, version in current_versions().items()
    )


def has_current_consent(user) -> bool:
    """Whether the user agreed to the current version of every legal text."""
    wanted = current_versions()
    given = set(
        ConsentRecord.objects.filter(
            user=user, document__in=wanted, version__in=set(wanted.values())
        ).values_list("document", "version")
    )
    return all((document, version) in given for document, version in wanted.items())


def legal_pages(request) -> dict[str, str]:
    """The addresses of the legal texts ('' for those no page is chosen for)."""
    pages = {"privacy": "", "netiquette": ""}
    for collect in hooks.get_hooks(LEGAL_PAGES_HOOK):
        pages.update(collect(request))
    return pages


def _exempt(request) -> bool:
    path = request.path
    prefixes = [
        reverse("accounts:consent"),
        reverse("account_logout"),
        reverse("accounts:deleted"),
        settings.STATIC_URL,
        settings.MEDIA_URL,
        admin_prefix(),
    ]
    if any(path.startswith(prefix) for prefix in prefixes):
        return True
    return path in {url for url in legal_pages(request).values() if url}


class ConsentMiddleware:
    """Send logged-in people without consent to the current texts to the consent page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(_SESSION_KEY) != current_versions()
        ):
            if has_current_consent(user):
                request.session[_SESSION_KEY] = current_versions()
            elif not _exempt(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:consent')}?{query}")
        return self.get_response(request)


def consent_session_entries(user) -> dict:
    """What a fresh session of the user holds about consent: the versions agreed to, if current."""
    return {_SESSION_KEY: current_versions()} if has_current_consent(user) else {}


def remember_consent_at_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: check consent once at login, not on the first page."""
    if request is not None and hasattr(request, "session"):
        request.session.update(consent_session_entries(user))


def remember_consent(request) -> None:
    """After the consent page: the session knows the current versions are agreed to."""
    request.session[_SESSION_KEY] = current_versions()
