from django import forms
from django.utils.translation import gettext_lazy as _

from beteiligung.models import ProjectPage
from home.districts import District
from home.forms import ListFilterForm
from ideen.models import Category, Department

from .models import (
    REPORT_MAX_LENGTH,
    REQUEST_REASON_MAX_LENGTH,
    ParticipationDecision,
    Sachstandsbericht,
    Status,
)

SORT_CHOICES = [
    ("bericht", _("Newest report first")),
    ("abschluss", _("Planned completion")),
]

VIEW_CHOICES = [
    ("liste", _("List")),
    ("zeitplan", _("Timeline of planned completion")),
]


class VorhabenFilterForm(ListFilterForm):
    """The filters of the Vorhabenliste, read from the query string; bad values are ignored."""

    query_defaults = {"sort": "bericht", "ansicht": "liste"}

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Field of action"),
        required=False,
        queryset=Category.objects.top_level(),
        empty_label=_("All fields of action"),
        to_field_name="slug",
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        choices=[("", _("All districts")), *District.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    ansicht = forms.ChoiceField(label=_("View"), required=False, choices=VIEW_CHOICES)

    def values(self) -> dict:
        """The valid filter values; anything invalid counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status", ""),
            "topic": data.get("topic"),
            "department": data.get("department"),
            "district": data.get("district", ""),
            "sort": data.get("sort") or "bericht",
            "ansicht": data.get("ansicht") or "liste",
        }


class ReportForm(forms.Form):
    """A Sachstandsbericht as staff write it in the admin."""

    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), required=True
    )
    text = forms.CharField(
        label=_("Report"),
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, shown publicly. Blank lines separate paragraphs."),
    )
    new_status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", _("Unchanged")), *Status.choices],
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the undertaking is deferred or dropped."),
    )
    corrects = forms.ModelChoiceField(
        label=_("Corrects the report of"),
        required=False,
        queryset=Sachstandsbericht.objects.none(),
        empty_label=_("No correction"),
        help_text=_("Reports are never changed: a correction is a new report naming the old."),
    )

    def __init__(self, *args, vorhaben, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = Sachstandsbericht.objects.filter(
            vorhaben=vorhaben
        ).newest_first()
        self.fields["corrects"].label_from_instance = lambda report: (
            f"{report.date:%d.%m.%Y}: {report.text[:60]}"
        )


class ParticipationRequestForm(forms.Form):
    """ "Beteiligung anregen": a short reason, shown to the city, never with a name in public."""

    reason = forms.CharField(
        label=_("Why should citizens take part?"),
        max_length=REQUEST_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a few words why participation is needed.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "At most %(limit)d characters. The city reads your reason; it is not published "
            "and your name is never shown."
        ) % {"limit": REQUEST_REASON_MAX_LENGTH}


class ParticipationAnswerForm(forms.Form):
    """The city's answer to the requests for participation, as staff write it in the admin."""

    decision = forms.ChoiceField(
        label=_("Answer"), choices=ParticipationDecision.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Public answer and reason"),
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text, shown publicly in the trail. Say how citizens will take part, or why "
            "there will be no participation."
        ),
    )
    project = forms.ModelChoiceField(
        label=_("Participation project"),
        required=False,
        queryset=ProjectPage.objects.none(),
        empty_label=_("No project (yet)"),
        help_text=_("Optional, only when participation takes place."),
    )
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = ProjectPage.objects.order_by("title")
