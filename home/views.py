from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Site search over live pages that everybody may read."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        # .public() keeps pages behind view restrictions (e.g. the internal idea
        # platform) out of the results.
        results = Page.objects.live().public().specific().search(query)
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "home/search.html",
        {"query": query, "results": results_page, "query_string": urlencode({"q": query})},
    )
