from dataclasses import dataclass

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.http import urlencode

from .. import rules, services
from ..forms import CommentForm
from ..views import like_text as _like_text

register = template.Library()


@dataclass
class Discussion:
    """Everything section.html needs for one commented object."""

    target: object
    thread: services.Thread | None
    can_view: bool
    can_comment: bool
    form: CommentForm | None
    reply_form: CommentForm | None
    login_url: str
    closed_notice: str = ""


@register.simple_tag(takes_context=True)
def get_discussion(context, target, can_comment=None):
    """The thread, the form and the rights of the current user for a commented object."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    can_view = rules.may_view_target(user, target)
    if can_comment is None or can_comment == "":
        can_comment = rules.may_comment_on(user, target)
    can_comment = bool(can_view and can_comment and user.is_authenticated)
    thread = services.build_thread(target, user, can_comment) if can_view else None
    url = target.get_absolute_url() if can_view else ""
    login_url = f"{reverse('account_login')}?{urlencode({'next': url + '#diskussion'})}"
    return Discussion(
        target=target,
        thread=thread,
        can_view=can_view,
        can_comment=can_comment,
        form=CommentForm(target) if can_comment else None,
        # comments.js replaces __cid__ with the id of the comment answered.
        reply_form=CommentForm(target, auto_id="reply-__cid__-%s") if can_comment else None,
        login_url=login_url,
        # The same words refuse a comment POST (views.refused).
        closed_notice=services.closed_notice(target) if can_view and not can_comment else "",
    )


@register.filter
def comment_html(comment):
    """A comment's text as escaped paragraphs with rel="nofollow ugc" links, stored when written."""
    return services.stored_html(comment)


@register.filter
def like_text(count: int) -> str:
    """The like count in words ("3 Personen gefällt das"); empty for no likes."""
    return _like_text(count)


@dataclass
class Parent:
    comment: object
    author: str


@register.simple_tag
def comment_parent(form):
    """The comment a posted reply answers (same object, still visible), or None."""
    try:
        parent_id = int(form.data.get("reply_to") or 0)
    except (TypeError, ValueError):
        return None
    if not parent_id:
        return None
    comment = (
        services.comments_for(form.target_object)
        .filter(pk=parent_id, is_public=True, is_removed=False)
        .select_related("user")
        .first()
    )
    return Parent(comment, services.author_name(comment)) if comment else None


@register.filter
def report_count(comment) -> int:
    """How many people reported the comment as inappropriate (likes are flags, too)."""
    return comment.flags.filter(flag=services.FLAG).count()
