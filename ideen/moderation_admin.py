"""Wagtail admin: the moderation queue of reported ideas, their removal, and blocked accounts.

The "Moderation" menu groups these with the comment moderation of ``diskussion`` (which adds
itself through the ``register_moderation_menu_item`` hook). Moderators, editors and superusers
only (``ideen.rules.can_moderate``); everybody else gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from home import inbox

from . import moderation, rules
from .models import Idea, UserBlock
from .moderation_forms import BlockForm, RemovalForm
from .services import ActionNotAllowed

#: The inbox kind of reported comments (registered by diskussion).
REPORTED_COMMENTS_KIND = "comment_report"

MODERATION_MENU_HOOK = "register_moderation_menu_item"
PER_PAGE = 50


class ModeratorRequiredMixin:
    """403 for everybody who may not moderate."""

    def dispatch(self, request, *args, **kwargs):
        if not rules.can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerationPageMixin(ModeratorRequiredMixin, WagtailAdminTemplateMixin):
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class IdeaQueueView(ModerationPageMixin, TemplateView):
    """Ideas with open reports (most reported first), or the removed ones."""

    template_name = "ideen/admin/moderation_queue.html"
    page_title = gettext_lazy("Reported proposals and ideas")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("zeigen")
        if show == "entfernt":
            ideas = (
                Idea.objects.filter(removed_at__isnull=False)
                .select_related("space", "author", "removed_by")
                .annotate(open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True)))
                .order_by("-removed_at", "-pk")
            )
        else:
            show = "gemeldet"
            ideas = (
                Idea.objects.annotate(
                    open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True)),
                    last_report=Max("reports__created"),
                )
                .filter(open_reports__gt=0)
                .select_related("space", "author", "removed_by")
                .order_by("-open_reports", "-last_report", "-pk")
            )
        # The comments with reports moderation has not decided on yet (kept or removed), as
        # the inbox counts them (the kind comes from diskussion, which sits above ideen).
        reported_comments = sum(
            len(kind.items(self.request.user))
            for kind in inbox.kinds_for(self.request.user)
            if kind.key == REPORTED_COMMENTS_KIND
        )
        context.update(
            {
                "show": show,
                "ideas": Paginator(ideas, PER_PAGE).get_page(self.request.GET.get("p")),
                "reported_comments": reported_comments,
                "comments_url": reverse("moderatedcomment:index") + "?flagged=offen",
            }
        )
        return context


class IdeaModerationView(ModerationPageMixin, TemplateView):
    """One idea with its reports: remove it with a public reason, restore it, or keep it."""

    template_name = "ideen/admin/moderate_idea.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.idea = get_object_or_404(
            Idea.objects.select_related("space", "author", "category", "removed_by"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Moderate: %(title)s") % {"title": self.idea.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("ideen_moderation:index"), "label": IdeaQueueView.page_title},
            {"url": "", "label": self.idea.title},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        author = self.idea.author
        context.update(
            {
                "idea": self.idea,
                "reports": self.idea.reports.select_related("user"),
                "form": form or RemovalForm(initial={"removal_reason": self.idea.removal_reason}),
                "author": author,
                "author_blocked": bool(author and not author.is_active),
                "can_block_author": bool(
                    author
                    and author.is_active
                    and moderation.block_refusal(author, self.request.user) is None
                ),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "remove":
                form = RemovalForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form), status=400)
                moderation.remove_idea(
                    self.idea, moderator=request.user, reason=form.cleaned_data["removal_reason"]
                )
                messages.success(request, _("The contribution has been removed."))
            elif action == "restore":
                moderation.restore_idea(self.idea, moderator=request.user)
                messages.success(request, _("The contribution is visible again."))
            elif action == "dismiss":
                moderation.dismiss_reports(self.idea, moderator=request.user)
                messages.success(
                    request, _("The contribution stays visible; its reports are closed.")
                )
        except ActionNotAllowed as refusal:
            messages.error(request, refusal.message)
        return redirect(reverse("ideen_moderation:idea", args=[self.idea.pk]))


class BlockUserView(ModerationPageMixin, TemplateView):
    """Block an account with a reason."""

    template_name = "ideen/admin/block_user.html"
    page_title = gettext_lazy("Block account")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.account = get_object_or_404(get_user_model(), pk=kwargs["user_id"])

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.account
        context.update(
            {
                "account": account,
                "form": form or BlockForm(),
                "refusal": moderation.block_refusal(account, self.request.user),
                "active_block": UserBlock.objects.active().filter(user=account).first(),
                "idea_count": Idea.objects.filter(author=account).count(),
                "removed_count": Idea.objects.filter(
                    author=account, removed_at__isnull=False
                ).count(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = BlockForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            moderation.block_user(
                self.account, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except ActionNotAllowed as refusal:
            messages.error(request, refusal.message)
            return redirect(reverse("ideen_moderation:block", args=[self.account.pk]))
        messages.success(
            request,
            _("The account “%(name)s” has been blocked.") % {"name": self.account.public_name},
        )
        return redirect(reverse("ideen_moderation:blocked"))


class BlockedAccountsView(ModerationPageMixin, TemplateView):
    """Blocked accounts with who blocked them, when and why; unblocking."""

    template_name = "ideen/admin/blocked_accounts.html"
    page_title = gettext_lazy("Blocked accounts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        blocks = UserBlock.objects.active().select_related("user", "blocked_by")
        context.update(
            {
                "blocks": Paginator(blocks, PER_PAGE).get_page(self.request.GET.get("p")),
                "lifted": UserBlock.objects.filter(unblocked_at__isnull=False).select_related(
                    "user", "blocked_by", "unblocked_by"
                )[:20],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        account = get_object_or_404(get_user_model(), pk=request.POST.get("user") or 0)
        try:
            moderation.unblock_user(account, moderator=request.user)
        except ActionNotAllowed as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("The account “%(name)s” is unblocked.") % {"name": account.public_name},
            )
        return redirect(reverse("ideen_moderation:blocked"))


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_moderate(request.user)


class IdeaModerationViewSet(ViewSet):
    name = "ideen_moderation"
    url_prefix = "moderation"
    icon = "warning"
    menu_label = gettext_lazy("Reported proposals")
    menu_item_class = ModeratorMenuItem
    menu_order = 10

    def get_urlpatterns(self):
        return [
            path("", IdeaQueueView.as_view(), name="index"),
            path("vorschlaege/<int:pk>/", IdeaModerationView.as_view(), name="idea"),
            path("konten/", BlockedAccountsView.as_view(), name="blocked"),
            path("konten/<int:user_id>/sperren/", BlockUserView.as_view(), name="block"),
        ]


class BlockedAccountsViewSet(ViewSet):
    """Only a menu entry; the views live in ``IdeaModerationViewSet``."""

    name = "ideen_moderation_accounts"
    icon = "user"
    menu_label = gettext_lazy("Blocked accounts")
    menu_item_class = ModeratorMenuItem
    menu_order = 30

    @property
    def menu_url(self):
        return reverse("ideen_moderation:blocked")


class ModerationGroup(ViewSetGroup):
    menu_label = gettext_lazy("Moderation")
    menu_icon = "warning"
    menu_order = 255
    submenu_hook = MODERATION_MENU_HOOK
    items = (IdeaModerationViewSet, BlockedAccountsViewSet)
