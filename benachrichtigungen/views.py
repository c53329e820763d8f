"""The "Neuigkeiten" page, the settings, one-click unsubscribe and following a project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from diskussion.rules import may_view_target

from . import services
from .content import describe
from .delivery import BadToken, ExpiredToken, read_token
from .forms import ChoicesForm
from .models import Kind, Notification, subscription_label

NEWS_LIMIT = 30


@login_required
def news(request):
    """The latest notifications, unread first marked; a button marks all as read."""
    if request.method == "POST":
        services.mark_all_read(request.user)
        messages.success(request, _("All news are marked as read."))
        return redirect("benachrichtigungen:news")
    notifications = list(
        Notification.objects.filter(recipient=request.user)
        .select_related("project")
        .prefetch_related("target")[:NEWS_LIMIT]
    )
    items = []
    for notification in notifications:
        notification.recipient = request.user
        item = describe(notification, request.user)
        if item is not None:
            items.append(item)
    return render(
        request,
        "benachrichtigungen/news.html",
        {"items": items, "unread": sum(1 for i in items if i.notification.read_at is None)},
    )


@login_required
def choices(request):
    """One radio group per kind: at once, daily, weekly, or no e-mail; and the Ortsteile and
    fields of action of new projects."""
    districts, field_ids = services.area_subscriptions(request.user)
    initial = {
        **services.all_choices(request.user),
        "districts": districts,
        "fields_of_action": field_ids,
    }
    form = ChoicesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for kind in Kind.values:
            services.set_choice(request.user, kind, form.cleaned_data[kind])
        services.set_area_subscriptions(
            request.user,
            districts=form.cleaned_data["districts"],
            field_ids=[category.pk for category in form.cleaned_data["fields_of_action"]],
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("benachrichtigungen:settings")
    return render(request, "benachrichtigungen/settings.html", {"form": form})


def _token_error(request, message: str):
    return render(
        request, "benachrichtigungen/unsubscribe_error.html", {"message": message}, status=400
    )


@csrf_exempt  # the signed token is the proof; mail programs post without a session (RFC 8058)
def unsubscribe(request, token: str):
    """GET: ask to confirm. POST (a button or the mail program's one click): turn the kind off."""
    try:
        user_pk, kind = read_token(token)
    except ExpiredToken:
        return _token_error(
            request,
            _(
                "This unsubscribe link has expired. Please log in and choose your e-mails "
                "under “News” → “Settings”."
            ),
        )
    except BadToken:
        return _token_error(
            request,
            _(
                "This unsubscribe link is not valid. Please copy the whole link from the "
                "e-mail, or log in and choose your e-mails in the settings."
            ),
        )
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        return _token_error(request, _("This account no longer exists."))
    label = subscription_label(kind)
    if request.method == "POST":
        services.unsubscribe(user, kind)
        return render(
            request, "benachrichtigungen/unsubscribe.html", {"label": label, "done": True}
        )
    return render(
        request,
        "benachrichtigungen/unsubscribe.html",
        {"label": label, "done": False, "token": token},
    )


@login_required
@require_POST
def project_follow(request, page_id: int):
    """Follow a project or stop following it (a form button; works without JavaScript)."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not getattr(page, "followable", False) or not may_view_target(request.user, page):
        raise Http404
    follow = request.POST.get("follow") == "1"
    services.set_project_follow(page, user=request.user, follow=follow)
    if follow:
        messages.success(
            request, _("You follow this project and will hear about new proposals and comments.")
        )
    else:
        messages.success(request, _("You no longer follow this project."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = page.url
    return redirect(back or "/")
