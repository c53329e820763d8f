"""Wagtail admin: write a Sachstandsbericht (a correction too) for a Vorhaben, and answer the
citizens' requests for participation (an entry of the same trail).

Reached from the page listing and the page header ("Sachstandsbericht schreiben", "Anregungen
beantworten"). Whoever may edit the Vorhaben page may report on it; everybody else gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.defaults import permission_denied
from django.views.generic.base import ContextMixin, TemplateResponseMixin
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .forms import ParticipationAnswerForm, ReportForm
from .models import ParticipationRequest, VorhabenPage

WRITE_REPORT_LABEL = gettext_lazy("Write a progress report")
ANSWER_LABEL = gettext_lazy("Answer the requests for participation")
#: The answer form lists at most this many reasons (newest first) and says how many there are.
REASONS_SHOWN = 200


def can_report(user, vorhaben: VorhabenPage) -> bool:
    """Whoever may edit the page may report on it."""
    return vorhaben.permissions_for_user(user).can_edit()


class ReportView(WagtailAdminTemplateMixin, TemplateResponseMixin, ContextMixin, View):
    """The report form; on bad input it comes back with an error summary and the input kept."""

    header_icon = "clipboard-list"
    template_name = "vorhaben/admin/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.vorhaben = get_object_or_404(VorhabenPage, pk=kwargs["pk"])
        if not can_report(request.user, self.vorhaben):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(WRITE_REPORT_LABEL)

    def get_page_subtitle(self):
        return self.vorhaben.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.vorhaben.pk]),
                "label": self.vorhaben.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "vorhaben": self.vorhaben,
                "reports": list(self.vorhaben.reports.newest_first()),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[self.vorhaben.pk]),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        form = ReportForm(vorhaben=self.vorhaben, initial={"on": timezone.localdate()})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST, vorhaben=self.vorhaben)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_progress(
                    self.vorhaben,
                    author=request.user,
                    text=data["text"],
                    new_status=data["new_status"] or None,
                    reason=data["reason"],
                    on=data["on"],
                    corrects=data["corrects"],
                )
            except ValidationError as refusal:
                for name, errors in refusal.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The progress report on “%(title)s” is now public.")
                    % {"title": self.vorhaben.title},
                    buttons=[messages.button(self.vorhaben.url or "/", _("View public page"))],
                )
                return redirect("wagtailadmin_explore", self.vorhaben.get_parent().pk)
        return self.render_to_response(self.get_context_data(form=form))


def can_answer(user, vorhaben: VorhabenPage) -> bool:
    """Editors of the page answer, once, when somebody asked."""
    return (
        can_report(user, vorhaben)
        and not vorhaben.participation_answered_on
        and bool(
            vorhaben.participation_request_count or vorhaben.participation_threshold_reached_on
        )
    )


class ParticipationAnswerView(ReportView):
    """The answer to the requests, with their reasons (without names) to read first; the same
    rights as a report (``ReportView.dispatch``)."""

    header_icon = "comment"
    template_name = "vorhaben/admin/participation_answer_form.html"

    def get_page_title(self):
        return str(ANSWER_LABEL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requests = ParticipationRequest.objects.filter(vorhaben=self.vorhaben).newest_first()
        context.update(
            {
                "requests": list(requests.only("reason", "created")[:REASONS_SHOWN]),
                "can_answer": can_answer(self.request.user, self.vorhaben),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        form = ParticipationAnswerForm(initial={"on": timezone.localdate()})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = ParticipationAnswerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.answer_participation(
                    self.vorhaben,
                    author=request.user,
                    decision=data["decision"],
                    text=data["text"],
                    project=data["project"],
                    on=data["on"],
                )
            except ValidationError as refusal:
                for name, errors in refusal.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The answer on “%(title)s” is now public.") % {"title": self.vorhaben.title},
                    buttons=[messages.button(self.vorhaben.url or "/", _("View public page"))],
                )
                return redirect("wagtailadmin_explore", self.vorhaben.get_parent().pk)
        return self.render_to_response(self.get_context_data(form=form))
