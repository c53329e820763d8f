import re

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def search_terms(query: str) -> str:
    """The words to hand to the search backend.

    Without double quotes: Wagtail's SQLite backend quotes each word without escaping quotes
    inside it, and a stray quote ends in a database error (wagtail/wagtail#13227).
    """
    return " ".join(query.replace('"', " ").split())


def clean_query(raw: str) -> str:
    """The search term as typed, without control characters, at most ``MAX_QUERY_LENGTH``."""
    # Control characters (NUL fails on every database) are never part of a search.
    return _CONTROL_CHARACTERS.sub(" ", raw).strip()[:MAX_QUERY_LENGTH]


def page_results(request, query: str):
    """One page of the live pages everybody may read that match the query."""
    terms = search_terms(query)
    # .public() keeps pages behind view restrictions (e.g. the internal idea
    # platform) out of the results.
    results = Page.objects.live().public().specific().search(terms) if terms else []
    return Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the local icon.

    The URL is built per request: with the manifest storage it exists only after collectstatic.
    """
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
