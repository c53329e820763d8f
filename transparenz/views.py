"""Public views: the decisions overview (on its page), open data, and notification settings.

Every list goes through ``Idea.objects.visible_to``; open data and the feed are always built for
an anonymous reader, whoever asks, so internal ideas never leave the platform that way.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Page

from ideen.models import Idea

from .forms import DecisionFilterForm, NotificationPreferenceForm, top_level_categories
from .models import NotificationPreference, StatusChange

DECISIONS_PER_PAGE = 20


def decision_list_context(request) -> dict:
    """The filtered, paginated status changes the user may read, newest first."""
    ideas = Idea.objects.visible_to(request.user).listed()
    spaces = list(
        Page.objects.filter(pk__in=ideas.filter(status_changes__isnull=False).values("space"))
        .order_by("title")
        .only("pk", "title")
    )
    filter_form = DecisionFilterForm(
        request.GET or None, spaces=spaces, categories=list(top_level_categories())
    )
    values = filter_form.values()
    if values["space"]:
        ideas = ideas.filter(space=values["space"])
    if values["category"]:
        ideas = ideas.filter(
            Q(category=values["category"]) | Q(category__parent=values["category"])
        )
    changes = StatusChange.objects.of_ideas(ideas).with_related().newest_first()
    if values["status"]:
        changes = changes.filter(to_status=values["status"])
    page_obj = Paginator(changes, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in values.items()
        if value
    }
    return {
        "filter_form": filter_form,
        "filters": values,
        "is_filtered": bool(query),
        "changes": page_obj,
        "extra_query": urlencode(query),
    }


@login_required
def notification_settings(request):
    """Turn the e-mails about decisions on or off."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    if preference is None:
        preference = NotificationPreference(user=request.user)
    # An unticked checkbox sends an empty POST: bind on the method, not on the data.
    data = request.POST if request.method == "POST" else None
    form = NotificationPreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.cleaned_data["status_emails"]:
            messages.success(request, _("We will e-mail you when the state of an idea changes."))
        else:
            messages.success(
                request, _("You will no longer receive e-mails about decisions on ideas.")
            )
        return redirect("transparenz:notifications")
    return render(request, "transparenz/notification_settings.html", {"form": form})
