"""Wagtail's site lookup and page routing, read once per site generation.

Wagtail finds the site of every request with a query, and routes a URL by asking the database
for each level of the path and each page's specific type: 5 to 7 queries for a project page.
Both depend only on the host, the path and the page tree, and every change of pages, sites or
settings starts a new site generation (``home.pagecache``). So the answers are kept in the shared
cache under that generation, and a routed page costs one query for the page itself.

Only plain answers are kept: a page without extra route arguments. A path that matches no page
is not kept (any visitor could fill the cache with them); it is routed as before.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from . import pagecache

_find_site_in_database = Site._find_for_request
_NO_SITE = "none"


def find_site(request):
    """``Site._find_for_request``, memoised per host and port."""
    # The validated host: only the site's own names (ALLOWED_HOSTS) make entries.
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()

    def compute():
        return _find_site_in_database(request) or _NO_SITE

    site = pagecache.memoize(f"site:{hostname}:{port}", compute)
    return None if isinstance(site, str) else site


def route_for_request(request, path: str) -> RouteResult | None:
    """``Page.route_for_request``: the route of a path, memoised per site and language."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = _route(request, path)
    return request._wagtail_route_for_request


def _walk(site, request, components: list[str]) -> RouteResult | None:
    """Wagtail's own routing through the page tree (several queries)."""
    try:
        return site.root_page.localized.specific.route(request, components)
    except Http404:
        return None


def _route(request, path: str) -> RouteResult | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    routed = {}

    def compute():
        result = routed["result"] = _walk(site, request, components)
        if result is None or result.args or result.kwargs:
            return None  # not kept
        return (result.page._meta.label, result.page.pk)

    digest = hashlib.sha256(f"{translation.get_language()} {path}".encode()).hexdigest()[:32]
    name = f"route:{site.pk}:{digest}"
    found = pagecache.memoize(name, compute, keep_none=False) if components else None
    if "result" in routed:
        return routed["result"]
    if found is not None:
        label, pk = found
        page = apps.get_model(label).objects.filter(pk=pk, live=True).first()
        if page is not None:
            return RouteResult(page)
    return _walk(site, request, components)


def install_route_memo() -> None:
    """Let Wagtail find sites and route pages through the memo above."""
    Site._find_for_request = staticmethod(find_site)
    Page.route_for_request = staticmethod(route_for_request)
