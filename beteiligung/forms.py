from django import forms
from django.utils.translation import gettext_lazy as _

from home.districts import District
from home.forms import ListFilterForm
from ideen.models import Category

from .models import ProjectState


class ProjectFilterForm(ListFilterForm):
    """The filters of the project list, read from the query string; bad values are ignored."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *ProjectState.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Field of action"),
        required=False,
        queryset=Category.objects.top_level(),
        empty_label=_("All fields of action"),
        to_field_name="slug",
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        choices=[("", _("All districts")), *District.choices],
    )

    def values(self) -> dict:
        """The valid filter values; anything invalid counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "state": data.get("state", ""),
            "topic": data.get("topic"),
            "district": data.get("district", ""),
        }
