"""Comment views: posting through django-comments, and the actions comments-xtd lacks."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_comments.views.comments import CommentPostBadRequest
from django_comments.views.comments import post_comment as django_comments_post
from django_comments_xtd.models import XtdComment

from accounts.ratelimit import posting_refusal, posting_refusal_message

from . import rules, services
from .forms import CommentEditForm, CommentForm
from .ids import parse_id
from .text import sanitize

DUPLICATE_WINDOW_SECONDS = 120


def target_url(target, comment=None) -> str:
    """The object's page, or the thread page that shows a comment, scrolled to it."""
    url = target.get_absolute_url()
    if comment is None:
        return url
    params = services.comment_location(target, comment)
    query = f"?{urlencode(params)}" if params else ""
    return f"{url}{query}#c{comment.pk}"


def like_text(count: int) -> str:
    """The like count as words, never a bare number."""
    if not count:
        return ""
    return ngettext("%(count)s person likes this", "%(count)s people like this", count) % {
        "count": count
    }


def get_comment_and_target(request, comment_id: int):
    """The comment and what it is about, or 404 for anybody who may not read them."""
    comment = get_object_or_404(
        XtdComment.objects.select_related("user", "content_type"), pk=comment_id, is_public=True
    )
    target = comment.content_object
    if target is None or not rules.may_view_target(request.user, target):
        raise Http404
    return comment, target


#: How much of a refused text is shown again for copying; the form allows 3,000 characters.
KEPT_TEXT_LIMIT = 10_000


def refused(request, status: int = 400, *, target=None, notice: str = "", heading: str = ""):
    """The refusal page: the space's notice when it is closed, and the submitted text to copy.

    ``target`` is only given when the user may read it (it is linked).
    """
    text = request.POST.get("comment", "") if request.method == "POST" else ""
    return render(
        request,
        "comments/refused.html",
        {
            "heading": heading,
            "notice": notice,
            "kept_text": text[:KEPT_TEXT_LIMIT].replace("\x00", ""),
            "target": target,
        },
        status=status,
    )


def refused_as_closed(request, target, heading: str = ""):
    """Refuse with the space's notice when the discussion is closed; otherwise a plain 403."""
    notice = services.closed_notice(target)
    if not notice:
        raise PermissionDenied
    return refused(request, status=403, target=target, notice=notice, heading=heading)


def refused_as_limited(request, action: str, target=None, heading: str = ""):
    """A 429 page with the time to try again (and the text to copy) once the user or address
    posted too much (accounts.ratelimit); None while within the limits."""
    refusal = posting_refusal(request, action)
    if refusal is None:
        return None
    response = refused(
        request,
        status=429,
        target=target,
        notice=posting_refusal_message(refusal),
        heading=heading or _("Please wait a moment"),
    )
    response["Retry-After"] = str(refusal.seconds)
    return response


def _target_from_post(data):
    """The commented object named in a POST, or None."""
    try:
        model = apps.get_model(*data.get("content_type", "").split(".", 1))
        return model._default_manager.get(pk=data.get("object_pk"))
    # OverflowError: SQLite's answer to an id beyond 64 bits.
    except (LookupError, TypeError, ValueError, OverflowError, ValidationError, ObjectDoesNotExist):
        return None


def _recent_duplicate(request, target):
    """The same text by the same person on the same object a moment ago (a double submit)."""
    text = sanitize(request.POST.get("comment", ""))
    if not text:
        return None
    since = timezone.now() - timezone.timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    try:
        reply_to = int(request.POST.get("reply_to") or 0)
    except ValueError:
        return None
    # A thread's first comment is its own parent in comments-xtd.
    same_parent = Q(parent_id=reply_to) if reply_to else Q(parent_id=F("pk"))
    return (
        services.comments_for(target)
        .filter(same_parent, user=request.user, comment=text, submit_date__gte=since)
        .filter(is_removed=False)
        .order_by("-submit_date")
        .first()
    )


@require_POST
def post(request):
    """django-comments' post view behind our own checks; refusals get a page, not a blank 400."""
    target = _target_from_post(request.POST)
    if target is None or parse_id(request.POST.get("reply_to")) is None:
        return refused(request, status=400)
    if not rules.may_comment_on(request.user, target):
        # Readers learn why (the words of the page); others nothing about the object.
        if rules.may_view_target(request.user, target):
            notice = services.closed_notice(target)
            return refused(request, status=403, target=target, notice=notice)
        return refused(request, status=403)
    action = "reply" if parse_id(request.POST.get("reply_to")) else "comment"
    limited = refused_as_limited(request, action, target)
    if limited is not None:
        return limited
    # Check and insert under a lock on the author's row (PostgreSQL): of two identical posts
    # sent at the same moment the second waits, then finds the first and is answered with it.
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
        duplicate = _recent_duplicate(request, target)
        if duplicate is not None:
            return HttpResponseRedirect(f"{reverse('comments-comment-done')}?c={duplicate.pk}")
        response = django_comments_post(request)
    if isinstance(response, CommentPostBadRequest):
        return refused(request, status=400)
    return response


def posted(request):
    """After posting: a confirmation and back to the new comment on the object's page."""
    comment_id = parse_id(request.GET.get("c"))
    if comment_id is None:
        raise Http404
    comment, target = get_comment_and_target(request, comment_id)
    if request.user.is_authenticated and comment.user_id == request.user.pk:
        messages.success(request, _("Thank you. Your comment has been published."))
    return redirect(target_url(target, comment))


def permalink(request, content_type_id: int, object_id: str):
    """The permalink of django-comments (comment.get_absolute_url()), for readers only.

    Its comment id is in the fragment, which the server never sees; with ``?c=<id>`` (or
    through ``comment_permalink``) it leads to the thread page that shows the comment.
    """
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    try:
        target = model._default_manager.get(pk=object_id)
    except (ObjectDoesNotExist, ValueError, OverflowError, ValidationError) as exc:
        raise Http404 from exc
    if not rules.may_view_target(request.user, target):
        raise Http404
    comment_id = parse_id(request.GET.get("c"))
    comment = (
        services.comments_for(target).filter(pk=comment_id, is_public=True).first()
        if comment_id
        else None
    )
    return redirect(target_url(target, comment))


def comment_permalink(request, comment_id: int):
    """A comment's own address (for e-mails and lists): its thread page, scrolled to it."""
    comment, target = get_comment_and_target(request, comment_id)
    return redirect(target_url(target, comment))


@login_required
def reply(request, comment_id: int):
    """The reply form on a page of its own (without JavaScript)."""
    comment, target = get_comment_and_target(request, comment_id)
    if not rules.may_reply(request.user, comment, target):
        if rules.is_gone(comment):
            raise PermissionDenied
        return refused_as_closed(request, target, _("You cannot reply at the moment"))
    form = CommentForm(target, comment=comment)
    return render(
        request,
        "comments/reply.html",
        {
            "comment": comment,
            "target": target,
            "form": form,
            "author": services.author_name(comment),
        },
    )


@login_required
def edit(request, comment_id: int):
    """The author changes the text of their comment; it is marked as edited."""
    comment, target = get_comment_and_target(request, comment_id)
    if not rules.may_edit(request.user, comment, target):
        if comment.user_id != request.user.pk or rules.is_gone(comment):
            raise PermissionDenied
        return refused_as_closed(request, target, _("Your change could not be saved"))
    form = CommentEditForm(request.POST or None, initial={"comment": comment.comment})
    if request.method == "POST" and form.is_valid():
        services.edit_comment(comment, form.cleaned_data["comment"])
        messages.success(request, _("Your comment has been changed."))
        return redirect(target_url(target, comment))
    return render(
        request, "comments/edit.html", {"comment": comment, "target": target, "form": form}
    )


@login_required
def delete(request, comment_id: int):
    """The author deletes their comment after a confirmation; replies keep their place."""
    comment, target = get_comment_and_target(request, comment_id)
    if not rules.may_delete(request.user, comment, target):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_comment(comment, target)
        messages.success(request, _("Your comment has been deleted."))
        return redirect(f"{target.get_absolute_url()}#diskussion-heading")
    return render(request, "comments/delete.html", {"comment": comment, "target": target})


@login_required
@require_POST
def like(request, comment_id: int):
    """Toggle "Gefällt mir"; JSON for the script, a redirect back without JavaScript."""
    comment, target = get_comment_and_target(request, comment_id)
    if not rules.may_like(request.user, comment, target):
        if comment.user_id == request.user.pk or rules.is_gone(comment):
            raise PermissionDenied
        return refused_as_closed(request, target, _("Your “like” could not be saved"))
    liked, count = services.toggle_like(comment, request.user)
    if request.headers.get("x-requested-with") == "fetch":
        announcement = (
            _("You like this comment.") if liked else _("You no longer like this comment.")
        )
        return JsonResponse(
            {
                "liked": liked,
                "count": count,
                "count_text": like_text(count),
                "announcement": f"{announcement} {like_text(count)}".strip(),
            }
        )
    return redirect(target_url(target, comment))


@login_required
def flag(request, comment_id: int):
    """Report a comment as inappropriate: a confirmation page, then a POST."""
    comment, target = get_comment_and_target(request, comment_id)
    if not rules.may_flag(request.user, comment, target):
        raise PermissionDenied
    already = services.has_flagged(comment, request.user)
    if request.method == "POST":
        if not already:
            limited = refused_as_limited(
                request, "report", target, _("Your report could not be sent")
            )
            if limited is not None:
                return limited
            services.flag_comment(request, comment)
        messages.success(request, _("Thank you. The moderation team will check the comment."))
        return redirect(target_url(target, comment))
    return render(
        request,
        "comments/flag.html",
        {
            "comment": comment,
            "target": target,
            "already_flagged": already,
            "author": services.author_name(comment),
        },
    )
