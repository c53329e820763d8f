"""Views of the idea platform: parse the request, ask the rules, call one service, render.

Ideas have their own Django URLs (``/ideen/<pk>/…``) instead of sub-routes of the space page:
one set of views serves ideas of every space (the internal platform and, later, public
projects), ``Idea.get_absolute_url`` does not depend on where editors put the page, and every
view goes through the same gate, ``Idea.objects.visible_to``. Page privacy does not cover
Django models anyway. The list lives on the space page itself (``ideen.listing``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from accounts.ratelimit import Refusal, posting_refusal, posting_refusal_message
from home import citizen_pages, pagecache
from home.views import clean_query, page_results

from . import moderation, rules, search, services, similar
from .forms import IdeaSearchForm
from .models import Idea, is_internal_space
from .moderation_forms import IdeaReportForm
from .templatetags.ideen_tags import support_count_label


class Denied(Exception):
    """Carries the response for a request that may not see the object."""

    def __init__(self, response: HttpResponse):
        self.response = response


def _deny(request) -> HttpResponse:
    """Anonymous users are asked to log in; everybody else is refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _visible_idea(request, pk: int, queryset=None) -> Idea:
    """The idea if the user may read it; 404 if it does not exist, else login or 403."""
    queryset = Idea.objects.all() if queryset is None else queryset
    idea = queryset.visible_to(request.user).filter(pk=pk).first()
    if idea is not None:
        return idea
    if not Idea.objects.filter(pk=pk).exists():
        raise Http404
    raise Denied(_deny(request))


def _idea_to_act_on(request, pk: int) -> Idea:
    """The idea to support or follow, with its space: 404 if it does not exist, else login or
    403 unless the user may read it (``rules.can_view_idea``, the test ``visible_to`` makes in
    SQL, here on the row already read, with the space page kept per site generation)."""
    try:
        idea = Idea.objects.for_action().get(pk=pk)
    except Idea.DoesNotExist:
        raise Http404 from None
    idea.with_space_page()
    if not rules.can_view_idea(request.user, idea):
        raise Denied(_deny(request))
    return idea


def _space_for_submission(request, space_id: int):
    page = get_object_or_404(Page.objects.live(), pk=space_id).specific
    if not hasattr(page, "accepts_new_ideas"):
        raise Http404
    if not rules.can_view_space(request.user, page):
        raise Denied(_deny(request))
    return page


def _handle_denied(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Denied as denied:
            return denied.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _limited(response: HttpResponse, refusal: Refusal | None) -> HttpResponse:
    """Answer a post refused by a rate limit with 429 and when to try again."""
    if refusal is not None:
        response.status_code = 429
        response["Retry-After"] = str(refusal.seconds)
    return response


def wants_json(request) -> bool:
    """The enhancing script asks for JSON; plain form posts get a redirect."""
    return "application/json" in request.headers.get("Accept", "")


@_handle_denied
def idea_detail(request, pk: int):
    """One idea with its state, support and follow buttons, and the author's actions."""
    queryset = Idea.objects.with_related().with_viewer_state(request.user)
    idea = _visible_idea(request, pk, queryset)
    # Its own supports only: their number in its count element, the reader's own in the
    # button. A support of another idea, even in the same project, keeps the page; a support
    # of this one by somebody else changes only the number (``pagecache.refilled``).
    pagecache.shows_only_declared_supports()
    pagecache.shows_support_count(idea.pk)
    if request.user.is_authenticated:
        pagecache.shows_own_support(idea.pk, idea.viewer_supports)
    # The same for every plain citizen but its author, supporters and followers (and those
    # who wrote, liked or reported a comment shown, said by the thread).
    citizen_pages.shareable()
    citizen_pages.depends_on("ideen.idea", idea.pk)
    user = request.user
    support_refusal = rules.support_refusal(user, idea)
    context = {
        "idea": idea,
        "space": idea.space_page,
        "can_support": support_refusal is None,
        "support_refusal": support_refusal,
        "can_follow": rules.can_follow(user, idea),
        "can_edit": rules.can_edit(user, idea),
        "can_withdraw": rules.can_withdraw(user, idea),
        "can_comment": rules.can_comment(user, idea),
        "is_author": rules.is_author(user, idea),
        "can_report": rules.can_report(user, idea),
    }
    return render(request, "ideen/idea_detail.html", context)


@_handle_denied
def idea_submit(request, space_id: int):
    """Hand in a new idea; a double submission is refused with an explanation."""
    space = _space_for_submission(request, space_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rules.can_submit(request.user, space):
        # The form is replaced by the space's notice; a POST is refused with the same words.
        return render(
            request,
            "ideen/idea_form.html",
            {
                "form": None,
                "space": space,
                "idea": None,
                "is_edit": False,
                "closed_notice": rules.space_notice(space, "proposals"),
            },
            status=403 if request.method == "POST" else 200,
        )
    if _wants_suggestions(request):
        return _form_with_suggestions(request, space, idea=None)
    form = space.idea_form_class(request.POST or None, categories=space.offered_categories())
    limit = None
    if request.method == "POST" and form.is_valid():
        limit = posting_refusal(request, "idea")
        if limit is not None:
            # The form comes back with the typed text and when it may be sent again.
            form.add_error(None, posting_refusal_message(limit))
        else:
            try:
                idea = services.submit_idea(space=space, author=request.user, **form.cleaned_data)
            except services.DuplicateSubmission as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _("Thank you! Your idea has been published. You will hear about its progress.")
                    if space.is_internal_space
                    else _(
                        "Thank you! Your proposal has been published. "
                        "You will hear about its progress."
                    ),
                )
                return redirect(idea)
    response = render(
        request,
        "ideen/idea_form.html",
        {"form": form, "space": space, "idea": None, "is_edit": False, "similar": None},
    )
    return _limited(response, limit)


@_handle_denied
def idea_edit(request, pk: int):
    """The author changes the idea until a decision is recorded."""
    idea = _visible_idea(request, pk, Idea.objects.with_related())
    if not rules.is_author(request.user, idea):
        raise PermissionDenied
    if not rules.can_edit(request.user, idea):
        messages.error(
            request, _("This idea can no longer be changed because it is no longer open.")
        )
        return redirect(idea)
    space = idea.space_page
    if _wants_suggestions(request):
        return _form_with_suggestions(request, space, idea=idea)
    form = space.idea_form_class(
        request.POST or None, instance=idea, categories=space.offered_categories()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_idea(idea, editor=request.user, **form.cleaned_data)
        except services.ActionNotAllowed as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your changes have been saved."))
        return redirect(idea)
    if request.method == "POST":
        # Keep the unchanged title in the heading while the form shows the user's input.
        idea.refresh_from_db(fields=["title"])
    return render(
        request,
        "ideen/idea_form.html",
        {"form": form, "space": space, "idea": idea, "is_edit": True, "similar": None},
    )


#: The name of the form's secondary button that shows similar ideas instead of posting.
SUGGESTIONS_BUTTON = "aehnliche"


def _wants_suggestions(request) -> bool:
    return request.method == "POST" and SUGGESTIONS_BUTTON in request.POST


@dataclass
class Suggestion:
    """A similar idea beside the form, and whether the writer may support it instead."""

    idea: Idea
    can_support: bool


def _suggestions(request, space, title: str, description: str, idea=None) -> list[Suggestion]:
    found = similar.similar_ideas(request.user, space, title, description, exclude=idea)
    return [Suggestion(i, rules.support_refusal(request.user, i) is None) for i in found]


def _form_with_suggestions(request, space, idea=None) -> HttpResponse:
    """The form again with the typed input and the similar ideas; nothing is saved or checked."""
    data = request.POST.dict()
    form = space.idea_form_class(initial=data, instance=idea, categories=space.offered_categories())
    suggestions = _suggestions(
        request, space, data.get("title", ""), data.get("description", ""), idea
    )
    return render(
        request,
        "ideen/idea_form.html",
        {
            "form": form,
            "space": space,
            "idea": idea,
            "is_edit": idea is not None,
            "similar": suggestions,
        },
    )


@_handle_denied
def idea_similar(request, space_id: int):
    """The similar ideas as an HTML fragment, for the form's script (GET, bounded, no writes)."""
    space = _space_for_submission(request, space_id)
    if not request.user.is_authenticated:
        raise PermissionDenied
    idea = None
    editing = request.GET.get("idee", "")
    if editing.isdigit():
        idea = Idea.objects.filter(pk=int(editing), space=space).first()
    suggestions = _suggestions(
        request,
        space,
        request.GET.get("title", ""),
        request.GET.get("description", ""),
        idea,
    )
    response = render(
        request,
        "ideen/includes/similar_ideas.html",
        {"similar": suggestions, "space": space},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@_handle_denied
def idea_withdraw(request, pk: int):
    """The author confirms and withdraws the idea."""
    idea = _visible_idea(request, pk, Idea.objects.with_related())
    if not rules.is_author(request.user, idea):
        raise PermissionDenied
    if not rules.can_withdraw(request.user, idea):
        messages.error(request, _("This idea can no longer be withdrawn."))
        return redirect(idea)
    if request.method == "POST":
        try:
            services.withdraw_idea(idea, user=request.user)
        except services.ActionNotAllowed as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your idea has been withdrawn."))
        return redirect(idea)
    return render(request, "ideen/idea_withdraw.html", {"idea": idea, "space": idea.space_page})


@_handle_denied
def idea_report(request, pk: int):
    """Report someone else's idea to the moderators: a confirmation page, then a POST."""
    idea = _visible_idea(request, pk, Idea.objects.with_related())
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rules.can_report(request.user, idea):
        raise PermissionDenied
    already = moderation.has_reported(idea, request.user)
    form = IdeaReportForm(request.POST if request.method == "POST" else None)
    limit = None
    if request.method == "POST" and (already or form.is_valid()):
        if not already:
            limit = posting_refusal(request, "report")
        if limit is not None:
            form.add_error(None, posting_refusal_message(limit))
        else:
            if not already:
                moderation.report_idea(idea, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request, _("Thank you. The moderation team will check the contribution.")
            )
            return redirect(idea)
    response = render(
        request,
        "ideen/idea_report.html",
        {"idea": idea, "space": idea.space_page, "form": form, "already_reported": already},
    )
    return _limited(response, limit)


def _wanted_state(request, current) -> bool:
    """The state the button asked for; without one, the opposite of the current state
    (``current()``, asked only then)."""
    value = request.POST.get("state")
    if value in ("1", "0"):
        return value == "1"
    return not current()


@require_POST
@_handle_denied
def idea_support(request, pk: int):
    """Support an idea or take the support back (POST; JSON for the enhancing script)."""
    idea = _idea_to_act_on(request, pk)
    wanted = _wanted_state(request, lambda: services.supports(idea, request.user))
    limit = posting_refusal(request, "support")
    if limit is not None:
        message = posting_refusal_message(limit)
        if wants_json(request):
            response = JsonResponse({"ok": False, "message": message}, status=429)
        else:
            messages.error(request, message)
            response = idea_detail(request, pk)
        return _limited(response, limit)
    try:
        state = services.set_support(idea, user=request.user, support=wanted)
    except services.ActionNotAllowed as refusal:
        # Closed by the space (participation period, offer): forbidden, in the page's words.
        closed = not getattr(idea.space_page, "accepts_supports", False)
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "message": str(refusal.message)}, status=403 if closed else 409
            )
        messages.error(request, refusal.message)
        if closed:
            response = idea_detail(request, pk)
            response.status_code = 403
            return response
        return redirect(idea)
    count_label = support_count_label(state.count)
    # An idea of the staff, or a citizen's proposal: each in its own words.
    if is_internal_space(idea.space):
        if state.supported:
            message = _("You support this idea. It now has %(count)s.")
        else:
            message = _("You no longer support this idea. It now has %(count)s.")
    elif state.supported:
        message = _("You support this proposal. It now has %(count)s.")
    else:
        message = _("You no longer support this proposal. It now has %(count)s.")
    message = message % {"count": count_label}
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "supported": state.supported,
                "count": state.count,
                "count_label": count_label,
                "message": message,
            }
        )
    messages.success(request, message)
    return redirect(idea)


@require_POST
@_handle_denied
def idea_follow(request, pk: int):
    """Follow an idea or stop following it (POST; JSON for the enhancing script)."""
    idea = _idea_to_act_on(request, pk)
    wanted = _wanted_state(request, lambda: services.follows(idea, request.user))
    try:
        following = services.set_follow(idea, user=request.user, follow=wanted)
    except services.ActionNotAllowed as refusal:
        if wants_json(request):
            return JsonResponse({"ok": False, "message": str(refusal.message)}, status=409)
        messages.error(request, refusal.message)
        return redirect(idea)
    if is_internal_space(idea.space):
        if following:
            message = _("You follow this idea and will hear about its progress.")
        else:
            message = _("You no longer follow this idea.")
    elif following:
        message = _("You follow this proposal and will hear about its progress.")
    else:
        message = _("You no longer follow this proposal.")
    if wants_json(request):
        return JsonResponse({"ok": True, "following": following, "message": message})
    messages.success(request, message)
    return redirect(idea)


IDEA_RESULTS_PER_PAGE = 10
#: The page number of the idea results; "page" is the one of the page results.
IDEA_PAGE_PARAM = "ideen_seite"


@dataclass
class IdeaResult:
    """One idea in the site search, with its title and an excerpt highlighted."""

    idea: Idea
    kind_label: str
    title_html: str
    excerpt_html: str


def _joined_query(query: str, filter_query: str, other_param: str, other_page) -> str:
    """GET parameters for one group's page links: the term, the filters, the other's page."""
    parts = [urlencode({"q": query}), filter_query]
    if other_page is not None and other_page.number > 1:
        parts.append(urlencode({other_param: other_page.number}))
    return "&".join(p for p in parts if p)


def site_search(request):
    """The site search: live public pages, and the ideas and proposals the user may read."""
    query = clean_query(request.GET.get("q", ""))
    visible = Idea.objects.visible_to(request.user).listed()
    spaces = Page.objects.filter(pk__in=visible.values("space")).order_by("title", "pk")
    form = IdeaSearchForm(
        request.GET,
        spaces=spaces.only("pk", "title"),
        with_internal=rules.can_view_internal(request.user),
    )
    filters = form.values()
    has_words = bool(search.query_words(query))
    pages = ideas = None
    if query and has_words:
        pages = page_results(request, query)
        found = search.find_ideas(
            visible, query, kind=filters["typ"], status=filters["status"], space=filters["raum"]
        )
        ideas = Paginator(found, IDEA_RESULTS_PER_PAGE).get_page(request.GET.get(IDEA_PAGE_PARAM))
        ideas.object_list = [
            IdeaResult(
                idea=idea,
                kind_label=_("Idea") if is_internal_space(idea.space) else _("Proposal"),
                title_html=search.highlight(idea.title, query),
                excerpt_html=search.snippet(idea.description, query),
            )
            for idea in ideas.object_list
        ]
    filter_query = form.query_string(filters)
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "has_words": has_words,
            "results": pages,
            "ideas": ideas,
            "form": form,
            "is_filtered": form.is_filtered,
            "dropped_filters": [form[name].label for name in form.dropped],
            # Each group's page links keep the term, the filters and the other group's page.
            "query_string": _joined_query(query, filter_query, IDEA_PAGE_PARAM, ideas),
            "idea_query_string": _joined_query(query, filter_query, "page", pages),
            "idea_page_param": IDEA_PAGE_PARAM,
            "reset_url": f"{reverse('search')}?{urlencode({'q': query})}",
        },
    )
