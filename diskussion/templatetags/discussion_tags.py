from dataclasses import dataclass

from django import template
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import fragments, rules, services
from ..forms import CommentForm
from ..views import like_text as _like_text

register = template.Library()


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


@dataclass
class ThreadLinks:
    """The URLs of a thread page: other pages, the two orders, unfolding a thread."""

    path: str
    query: QueryDict
    thread: services.Thread

    def _url(self, fragment: str = "diskussion-heading", **changes) -> str:
        query = self.query.copy()
        for name in (services.PAGE_PARAM, services.ORDER_PARAM, services.EXPAND_PARAM):
            query.pop(name, None)
        values = {
            services.PAGE_PARAM: self.thread.page,
            services.ORDER_PARAM: self.thread.order,
            **changes,
        }
        if values[services.PAGE_PARAM] != 1:
            query[services.PAGE_PARAM] = values[services.PAGE_PARAM]
        if values[services.ORDER_PARAM] != services.DEFAULT_ORDER:
            query[services.ORDER_PARAM] = values[services.ORDER_PARAM]
        if values.get(services.EXPAND_PARAM):
            query[services.EXPAND_PARAM] = values[services.EXPAND_PARAM]
        return f"{self.path}?{query.urlencode()}#{fragment}" if query else f"{self.path}#{fragment}"

    def pages(self) -> list[Link | None]:
        """Page links; None stands for an ellipsis."""
        paginator = Paginator(range(self.thread.num_pages), 1)
        numbers = paginator.get_elided_page_range(self.thread.page, on_each_side=1, on_ends=1)
        return [
            None
            if number == paginator.ELLIPSIS
            else Link(str(number), self.page_url(number), number == self.thread.page)
            for number in numbers
        ]

    def page_url(self, number: int) -> str:
        return self._url(**{services.PAGE_PARAM: number})

    @property
    def previous_url(self) -> str:
        return self.page_url(self.thread.page - 1) if self.thread.page > 1 else ""

    @property
    def next_url(self) -> str:
        thread = self.thread
        return self.page_url(thread.page + 1) if thread.page < thread.num_pages else ""

    def orders(self) -> list[Link]:
        labels = {
            services.OLDEST_FIRST: _("Oldest first"),
            services.NEWEST_FIRST: _("Newest first"),
        }
        return [
            Link(
                labels[order],
                self._url(**{services.PAGE_PARAM: 1, services.ORDER_PARAM: order}),
                order == self.thread.order,
            )
            for order in services.ORDERS
        ]

    def more_url(self, node: services.CommentNode) -> str:
        """All replies of a thread on this page, landing on the first one folded away."""
        return self._url(f"c{node.first_hidden}", **{services.EXPAND_PARAM: node.pk})


@dataclass
class Discussion:
    """Everything section.html needs for one commented object."""

    target: object
    thread: fragments.ThreadPage | None
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
    query = request.GET if request is not None else QueryDict()
    url = target.get_absolute_url() if can_view else ""

    def make_links(thread: services.Thread) -> ThreadLinks:
        links = ThreadLinks(url, query, thread)
        for node in thread.nodes:
            if node.hidden_replies:
                node.more_url = links.more_url(node)
        return links

    thread = (
        fragments.thread_page(target, user, can_comment, query, make_links) if can_view else None
    )
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
