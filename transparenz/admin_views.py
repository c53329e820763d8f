"""Wagtail admin: record a status change (form → public preview → confirmation) and progress.

Reached from the idea listing ("Status ändern", "Fortschritt ergänzen"). Only editors, the
Entscheidungsteam and superusers may use these views; other admin users get 403. People
without admin access never get here: Wagtail sends them to its login first.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.defaults import permission_denied
from django.views.generic.base import ContextMixin, TemplateResponseMixin
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ideen.models import Idea

from . import rules, services
from .forms import DecisionForm, ProgressNoteForm
from .models import ProgressNote, StatusChange
from .notifications import recipients


def idea_listing_url() -> str:
    try:
        return reverse("wagtailsnippets_ideen_idea:list")
    except NoReverseMatch:  # pragma: no cover - the listing belongs to ideen
        return reverse("wagtailadmin_home")


def trail_of(idea: Idea) -> list[StatusChange]:
    """The idea's recorded status changes, oldest first, for the "Trail so far" box."""
    return list(StatusChange.objects.filter(idea=idea).select_related("merged_into", "corrects"))


class DeciderRequiredMixin:
    """403 for admin users who may not record decisions (Wagtail would redirect instead)."""

    def dispatch(self, request, *args, **kwargs):
        if not rules.can_record_decision(request.user):
            return permission_denied(request, PermissionDenied())
        self.idea = get_object_or_404(
            Idea.objects.select_related("space", "category", "author"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": idea_listing_url(), "label": _("Ideas")},
            {"url": "", "label": self.get_page_title()},
        ]


class DecisionView(
    DeciderRequiredMixin, WagtailAdminTemplateMixin, TemplateResponseMixin, ContextMixin, View
):
    """Step 1: the form. Step 2: the public preview. Step 3: confirm and record."""

    header_icon = "tasks"
    template_name = "transparenz/admin/decision_form.html"
    preview_template_name = "transparenz/admin/decision_preview.html"

    def get_page_title(self):
        return _("Correct the newest entry") if self.correcting else _("Change state")

    def get_page_subtitle(self):
        return self.idea.title

    @property
    def correcting(self) -> bool:
        """Correction mode: ``?korrektur=1`` on the form, a hidden field when posting."""
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        return source.get("korrektur") == "1" and self.latest is not None

    def get_form(self, data=None):
        return DecisionForm(
            data,
            idea=self.idea,
            latest=self.latest,
            earliest=services.trail_end_date(self.idea),
            correcting=self.correcting,
        )

    @cached_property
    def latest(self) -> StatusChange | None:
        return services.latest_change(self.idea)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "idea": self.idea,
                "trail": trail_of(self.idea),
                "progress_notes": list(ProgressNote.objects.filter(idea=self.idea)),
                "deciding_bodies": list(
                    StatusChange.objects.exclude(deciding_body="")
                    .order_by("deciding_body")
                    .values_list("deciding_body", flat=True)
                    .distinct()[:50]
                ),
                "listing_url": idea_listing_url(),
                "public_url": self.idea.get_absolute_url(),
                "latest": self.latest,
                "correcting": self.correcting,
                "decide_url": reverse("transparenz_decide", args=[self.idea.pk]),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        action = request.POST.get("action", "preview")
        if action == "edit" or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if action == "confirm":
            try:
                change = services.record_status_change(
                    self.idea, recorded_by=request.user, **form.service_arguments()
                )
            except services.ChangeRefused as refusal:
                for field, field_messages in refusal.errors_by_field.items():
                    for message in field_messages:
                        form.add_error(None if field == "__all__" else field, message)
                return self.render_to_response(self.get_context_data(form=form))
            messages.success(
                request,
                _("The state of “%(title)s” is now “%(state)s”. The decision is public.")
                % {"title": self.idea.title, "state": change.to_label},
                buttons=[messages.button(self.idea.get_absolute_url(), _("View public page"))],
            )
            return redirect(idea_listing_url())
        return self.render_preview(form)

    def render_preview(self, form):
        data = form.cleaned_data
        preview = StatusChange(
            idea=self.idea,
            from_status=self.idea.status,
            to_status=data["to_status"],
            reason=data["reason"],
            deciding_body=data["deciding_body"],
            decided_on=data["decided_on"],
            created=timezone.now(),
            link=data["link"],
            merged_into=data["merged_into"] if data["to_status"] == Idea.Status.MERGED else None,
            corrects=data.get("corrects"),
            recorded_by=self.request.user,
        )
        people = recipients(preview)
        context = self.get_context_data(form=form, preview=preview, recipient_count=len(people))
        self.template_name = self.preview_template_name
        return self.render_to_response(context)


class ProgressNoteView(
    DeciderRequiredMixin, WagtailAdminTemplateMixin, TemplateResponseMixin, ContextMixin, View
):
    """Add a dated milestone while an idea is being implemented."""

    header_icon = "clipboard-list"
    template_name = "transparenz/admin/progress_note_form.html"

    def get_page_title(self):
        return _("Add progress")

    def get_page_subtitle(self):
        return self.idea.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "idea": self.idea,
                "trail": trail_of(self.idea),
                "progress_notes": list(ProgressNote.objects.filter(idea=self.idea)),
                "listing_url": idea_listing_url(),
                "allowed": self.idea.status == Idea.Status.IN_IMPLEMENTATION,
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ProgressNoteForm()))

    def post(self, request, *args, **kwargs):
        form = ProgressNoteForm(request.POST)
        if form.is_valid():
            try:
                services.add_progress_note(
                    self.idea,
                    text=form.cleaned_data["text"],
                    on=form.cleaned_data["date"],
                    recorded_by=request.user,
                )
            except services.ChangeRefused as refusal:
                for field, field_messages in refusal.errors_by_field.items():
                    for message in field_messages:
                        form.add_error(None if field == "__all__" else field, message)
            else:
                messages.success(
                    request,
                    _("The progress on “%(title)s” is now public.") % {"title": self.idea.title},
                    buttons=[messages.button(self.idea.get_absolute_url(), _("View public page"))],
                )
                return redirect(idea_listing_url())
        return self.render_to_response(self.get_context_data(form=form))


CHANGE_STATE_LABEL = gettext_lazy("Change state")
ADD_PROGRESS_LABEL = gettext_lazy("Add progress")
