"""Suggestions from the gazetteer while people type into the point field (an enhancement)."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import Place


@require_GET
@cache_control(public=True, max_age=300)
def place_suggestions(request):
    """At most ten place names containing ``q`` as JSON: {"places": [...]}.

    City data, no personal data, the same for everybody: browsers and proxies may keep the
    answer for five minutes, so typing the same letters again asks nobody.
    """
    return JsonResponse({"places": Place.objects.suggestions(request.GET.get("q", ""))})
