"""Moderation in the Wagtail admin: comments with their report counts; removal with a reason."""

from django import forms
from django.db.models import Count, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.deletion import ACCOUNT_DELETION_HOOK
from accounts.participation import PARTICIPATION_SECTIONS_HOOK
from accounts.personal_data import PERSONAL_DATA_HOOK, PERSONAL_DATA_SIZE_HOOK
from accounts.retention import RETENTION_HOOK
from home.inbox import INBOX_KINDS_HOOK
from ideen.moderation_admin import MODERATION_MENU_HOOK
from ideen.rules import can_moderate

from . import ids, participation, personal_data, services
from .inbox import OPEN_REPORT, ReportedComments
from .models import ModeratedComment

FLAG = CommentFlag.SUGGEST_REMOVAL


class CommentModerationPolicy(ModelPermissionPolicy):
    """Moderators and editors (ideen.rules.can_moderate) list and moderate comments; nobody adds or
    deletes them here, because a deleted row would tear replies out of their thread."""

    def user_has_permission(self, user, action):
        if action not in ("change", "view"):
            return False
        return can_moderate(user) or super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ModeratedComment, CommentModerationPolicy(ModeratedComment))


def _status_label(comment) -> str:
    state = services.state_of(comment)
    if state and state.removed_at:
        return str(_("removed by moderation"))
    if (state and state.deleted_at) or comment.is_removed:
        return str(_("deleted by the author"))
    return str(_("visible"))


def _excerpt(comment) -> str:
    if not comment.comment:
        return str(_("(text deleted by the author)"))
    return Truncator(comment.comment).chars(90)


def _target_label(comment) -> str:
    target = comment.content_object
    return str(target) if target is not None else "—"


class ModeratedCommentFilterSet(WagtailFilterSet):
    flagged = ChoiceFilter(
        label=_("Reported"),
        choices=[
            ("offen", _("reports waiting for a decision")),
            ("ja", _("reported")),
            ("nein", _("not reported")),
        ],
        method="filter_flagged",
        empty_label=_("all"),
    )
    status = ChoiceFilter(
        label=_("Status"),
        choices=[
            ("sichtbar", _("visible")),
            ("entfernt", _("removed by moderation")),
            ("geloescht", _("deleted by the author")),
        ],
        method="filter_status",
        empty_label=_("all"),
    )

    class Meta:
        model = ModeratedComment
        fields = []

    def filter_flagged(self, queryset, name, value):
        if value == "offen":
            return queryset.filter(
                pk__in=CommentFlag.objects.filter(OPEN_REPORT).values("comment_id")
            )
        if value == "ja":
            return queryset.filter(flag_count__gt=0)
        if value == "nein":
            return queryset.filter(flag_count=0)
        return queryset

    def filter_status(self, queryset, name, value):
        if value == "sichtbar":
            return queryset.filter(is_removed=False)
        if value == "entfernt":
            return queryset.filter(state__removed_at__isnull=False)
        if value == "geloescht":
            return queryset.filter(is_removed=True, state__removed_at__isnull=True)
        return queryset


class ModeratedCommentIndexView(IndexView):
    def get_base_queryset(self):
        return (
            ModeratedComment.objects.select_related("user", "state", "content_type")
            .prefetch_related("content_object")
            .annotate(flag_count=Count("flags", filter=Q(flags__flag=FLAG)))
        )


class ModerationForm(WagtailAdminModelForm):
    """Keep a comment visible or remove it with a reason that is shown in its place."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("keep", _("Keep visible")), ("remove", _("Remove from the discussion"))],
        widget=forms.RadioSelect,
    )
    removal_reason = forms.CharField(
        label=_("Public reason for the removal"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown in the discussion in place of the comment, e.g. “Beleidigung” or "
            "“Werbung”. Required when you remove a comment."
        ),
    )

    class Meta:
        model = ModeratedComment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = services.state_of(self.instance) if self.instance.pk else None
        removed = bool(state and state.removed_at)
        self.fields["decision"].initial = "remove" if removed else "keep"
        self.fields["removal_reason"].initial = state.removal_reason if state else ""
        self.deleted_by_author = bool(state and state.deleted_at)

    def clean(self):
        cleaned_data = super().clean()
        if self.deleted_by_author:
            raise forms.ValidationError(
                _("The author has deleted this comment; there is nothing to moderate.")
            )
        if (
            cleaned_data.get("decision") == "remove"
            and not cleaned_data.get("removal_reason", "").strip()
        ):
            self.add_error("removal_reason", _("Please give the public reason for the removal."))
        return cleaned_data

    def save(self, commit=True):
        # Never ModelForm.save(): XtdComment.save() would hide every reply of a removed comment.
        comment = self.instance
        target = comment.content_object
        if self.cleaned_data["decision"] == "remove":
            services.remove_comment(
                comment, self.for_user, self.cleaned_data["removal_reason"].strip(), target
            )
        else:
            services.restore_comment(comment, target)
        return comment


class ModeratedCommentEditView(EditView):
    def get_page_subtitle(self):
        return str(_("Comment #%(id)s") % {"id": self.object.pk})

    def get_success_message(self):
        return str(_("Your decision on comment #%(id)s has been saved.") % {"id": self.object.pk})


class ModeratedCommentViewSet(ModelViewSet):
    model = ModeratedComment
    pk_path_converter = ids.CONVERTER  # a 404, not a 500, for ids longer than any row's
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 20
    # An entry of the "Moderation" menu (ideen.moderation_admin.ModerationGroup).
    menu_hook = MODERATION_MENU_HOOK
    index_view_class = ModeratedCommentIndexView
    edit_view_class = ModeratedCommentEditView
    filterset_class = ModeratedCommentFilterSet
    search_fields = ["comment"]
    list_per_page = 50
    ordering = ["-flag_count", "-submit_date"]
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        TitleColumn(
            "comment", label=_("Comment"), accessor=_excerpt, url_name="moderatedcomment:edit"
        ),
        Column("author", label=_("Author"), accessor=services.author_name),
        Column("target", label=_("On"), accessor=_target_label),
        Column("flag_count", label=_("Reports"), sort_key="flag_count"),
        Column("status", label=_("Status"), accessor=_status_label),
        DateColumn("submit_date", label=_("Written"), sort_key="submit_date"),
    ]
    edit_handler = ObjectList(
        [
            HelpPanel(template="diskussion/admin/comment_context.html", heading=_("Comment")),
            FieldPanel("decision"),
            FieldPanel("removal_reason"),
        ],
        base_form_class=ModerationForm,
    )


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    return ModeratedCommentViewSet("moderatedcomment")


hooks.register(PARTICIPATION_SECTIONS_HOOK, participation.participation_sections)
hooks.register(PERSONAL_DATA_HOOK, personal_data.data_sections)
hooks.register(PERSONAL_DATA_SIZE_HOOK, personal_data.data_size)
hooks.register(ACCOUNT_DELETION_HOOK, personal_data.erase)
hooks.register(RETENTION_HOOK, personal_data.forget_ip_addresses)
hooks.register(INBOX_KINDS_HOOK, ReportedComments)
