"""Forms: the decision form of the admin, progress notes, filters and notification settings."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.forms import ListFilterForm
from ideen.models import Category, Idea
from ideen.text import sanitize_plain_text, sanitize_single_line

from . import workflow
from .models import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, NotificationPreference, StatusChange

#: How far back a decision date may lie (ideas are younger than the platform anyway).
OLDEST_DECISION_YEARS = 10


def _check_date(value):
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError(_("The date cannot lie in the future."))
    if value.year < today.year - OLDEST_DECISION_YEARS:
        raise forms.ValidationError(_("Please check the year of the date."))
    return value


class DecisionForm(forms.Form):
    """Record a status change: only states allowed from the idea's current state are offered."""

    to_status = forms.ChoiceField(
        label=_("New state"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose the new state."),
            "invalid_choice": _("This state cannot follow the current one."),
        },
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Shown publicly on the idea page, in the decisions overview, the feed, the open data "
            "and the e-mail to the author and followers. Plain text; a blank line starts a new "
            "paragraph; web addresses become links. Required for every state except “Under "
            "review”."
        ),
    )
    deciding_body = forms.CharField(
        label=_("Deciding body"),
        max_length=200,
        help_text=_(
            "Who decided, e.g. “Digitalisierungsteam”, “Verwaltungsvorstand” or a department. "
            "Shown publicly."
        ),
        error_messages={"required": _("Please name who decided.")},
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please enter the date of the decision."),
            "invalid": _("Please enter a date like 2026-03-31."),
        },
    )
    link = forms.URLField(
        label=_("Link to a document or council item"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Optional: the minutes, council item or document with the decision."),
        error_messages={"invalid": _("Please enter a full web address starting with https://.")},
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=Idea.objects.none(),
        required=False,
        help_text=_("Only for “Merged”: the idea of the same space that continues this one."),
        error_messages={"invalid_choice": _("Please choose an idea from the list.")},
    )
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        idea: Idea,
        latest: StatusChange | None = None,
        earliest=None,
        correcting: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("decided_on", timezone.localdate())
        kwargs["initial"].setdefault("expected_status", idea.status)
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.latest = latest
        self.earliest = earliest
        # A correction replaces the newest entry: it offers the states that entry could have set.
        self.correcting = bool(correcting and latest is not None)
        if self.correcting:
            targets = set(workflow.correction_targets(latest.from_status, latest.to_status))
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Please explain publicly what is corrected and why."
            )
            self.fields["reason"].help_text = _(
                "Shown publicly like every entry. Say what was wrong and what is right. Plain "
                "text; a blank line starts a new paragraph."
            )
        else:
            targets = set(workflow.allowed_targets(idea.status))
        self.fields["to_status"].choices = [
            (status, workflow.label(status)) for status in workflow.ORDER if status in targets
        ]
        candidates = (
            Idea.objects.filter(space_id=idea.space_id)
            .exclude(pk=idea.pk)
            .exclude(status__in=[Idea.Status.MERGED, Idea.Status.WITHDRAWN])
            .order_by("title")
        )
        self.fields["merged_into"].queryset = candidates
        self.fields["merged_into"].empty_label = _("Not merged")
        self.fields["deciding_body"].widget.attrs["list"] = "deciding-bodies"
        self.fields["deciding_body"].widget.attrs["autocomplete"] = "off"

    def clean_reason(self):
        return sanitize_plain_text(self.cleaned_data["reason"])

    def clean_deciding_body(self):
        body = sanitize_single_line(self.cleaned_data["deciding_body"])
        if not body:
            raise forms.ValidationError(self.fields["deciding_body"].error_messages["required"])
        return body

    def clean_decided_on(self):
        return _check_date(self.cleaned_data["decided_on"])

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_status")
        if expected and expected != self.idea.status:
            # Show the form again for the state as it is now, so the person can decide anew.
            self.data = self.data.copy()
            self.data["expected_status"] = self.idea.status
            raise forms.ValidationError(
                _(
                    "The state of this idea changed to “%(state)s” in the meantime. "
                    "Please check the trail and decide again."
                )
                % {"state": workflow.label(self.idea.status)}
            )
        target = cleaned.get("to_status")
        if not target:
            return cleaned
        corrects = self.latest if self.correcting else None
        errors = workflow.problems(
            workflow.ProposedChange(
                idea=self.idea,
                to_status=target,
                reason=cleaned.get("reason", ""),
                merged_into=cleaned.get("merged_into"),
                corrects=corrects,
                latest=self.latest,
                decided_on=cleaned.get("decided_on"),
                earliest=self.earliest,
            )
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        cleaned["corrects"] = corrects
        return cleaned

    def service_arguments(self) -> dict:
        """The keyword arguments for ``services.record_status_change``."""
        data = self.cleaned_data
        return {
            "to_status": data["to_status"],
            "reason": data["reason"],
            "deciding_body": data["deciding_body"],
            "decided_on": data["decided_on"],
            "link": data["link"],
            "merged_into": data["merged_into"] if data["to_status"] == Idea.Status.MERGED else None,
            "corrects": data.get("corrects"),
            "expected_status": data.get("expected_status") or None,
        }


class ProgressNoteForm(forms.Form):
    """A milestone while the idea is being implemented."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please enter the date."),
            "invalid": _("Please enter a date like 2026-03-31."),
        },
    )
    text = forms.CharField(
        label=_("Progress"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What has been done or reached? Shown publicly in the trail of the idea."),
        error_messages={"required": _("Please describe the progress.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_date(self):
        return _check_date(self.cleaned_data["date"])

    def clean_text(self):
        text = sanitize_plain_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        return text


class DecisionFilterForm(ListFilterForm):
    """Filters of the decisions overview, read from the query string; bad values are ignored."""

    status = forms.ChoiceField(label=_("New state"), required=False)
    space = forms.ChoiceField(label=_("Area"), required=False)
    category = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, spaces=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All states"))] + [
            (status, workflow.label(status))
            for status in workflow.ORDER
            if status != Idea.Status.SUBMITTED
        ]
        self._spaces = {str(space.pk): space for space in spaces}
        self.fields["space"].choices = [("", _("All areas"))] + [
            (str(space.pk), space.title) for space in spaces
        ]
        self._categories = {str(category.pk): category for category in categories}
        self.fields["category"].choices = [("", _("All topics"))] + [
            (str(category.pk), category.name) for category in categories
        ]

    def values(self) -> dict:
        """The valid filter values; anything invalid counts as not given."""
        data = {}
        for name in ("status", "space", "category"):
            field = self.fields[name]
            raw = self.data.get(name, "") if self.is_bound else ""
            valid = {str(value) for value, _label in field.choices}
            data[name] = raw if raw in valid else ""
        return {
            "status": data["status"],
            "space": self._spaces.get(data["space"]),
            "category": self._categories.get(data["category"]),
        }


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["status_emails"]
        labels = {"status_emails": _("Send me e-mails when the state of an idea changes")}


def top_level_categories():
    """Fields of action for the topic filter (each includes its projects)."""
    return Category.objects.top_level().order_by("sort_order", "name")
