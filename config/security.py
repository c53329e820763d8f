"""Security headers for every response: Content-Security-Policy, Permissions-Policy, CORP.

The public site runs under a strict policy without 'unsafe-inline': every script and style
comes from our own static files (settings.CONTENT_SECURITY_POLICY). The Wagtail admin (and
Django's admin) get a policy of their own, CSP_ADMIN_DIRECTIVES: Wagtail 8 still renders
inline scripts in some widgets (date and time inputs, inline panels) and sets inline styles,
so that policy allows inline code for the admin paths only, reachable only after login with a
second factor.

Browsers report violations to /csp-report/; they are logged as warnings.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("csp.violation")

#: Bigger reports are cut off: a browser's report is well under this.
MAX_REPORT_BYTES = 16 * 1024


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))


def identity_provider_origins() -> list[str]:
    """The origins of the configured single sign-on providers (SOCIALACCOUNT_PROVIDERS).

    The sign-on button posts a form to this site, which redirects to the provider's login page;
    browsers apply `form-action` to that redirect, so the provider's origin must be allowed.
    """
    origins = []
    for provider in getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).values():
        for app in provider.get("APPS", []):
            url = urlsplit(app.get("settings", {}).get("server_url", ""))
            if url.scheme in ("http", "https") and url.netloc:
                origins.append(f"{url.scheme}://{url.netloc}")
    return origins


def tile_server_origin() -> str:
    """The origin of the map tiles (settings.MAP_TILE_URL): map images load from there."""
    url = urlsplit(settings.MAP_TILE_URL)
    if url.scheme in ("http", "https") and url.netloc:
        return f"{url.scheme}://{url.netloc}"
    return ""


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy on the admin paths and the single
    sign-on providers allowed as form targets."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin_path(request.path_info):
            parts.config = {**settings.CSP_ADMIN_DIRECTIVES}
        providers = identity_provider_origins()
        if providers:
            parts.update = {**(parts.update or {}), "form-action": providers}
        tiles = tile_server_origin()
        if tiles:
            parts.update = {**(parts.update or {}), "img-src": [tiles]}
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy, which Django does not send."""

    def __init__(self, get_response):
        self.get_response = get_response
        features = settings.PERMISSIONS_POLICY.items()
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in features
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's violation report (report-uri); browsers send it without a CSRF token."""
    body = request.body[:MAX_REPORT_BYTES]
    try:
        report = json.loads(body or b"{}")
    except ValueError:
        return HttpResponseBadRequest()
    details = report.get("csp-report", report) if isinstance(report, dict) else report
    logger.warning("Content-Security-Policy violation: %s", json.dumps(details)[:2000])
    return HttpResponse(status=204)
