"""The settings form: one radio group per kind, and the Ortsteile and fields of action of new
projects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.districts import District
from ideen.models import Category

from .models import WHOLE_CITY, Choice, Kind

#: The Ortsteile to choose from: the whole city first, then each Ortsteil.
DISTRICT_CHOICES = [(WHOLE_CITY, _("Projects for the whole city")), *District.choices]


class ChoicesForm(forms.Form):
    """How the person wants to hear about each kind of news, and where new projects concern
    them (nothing chosen: no news of new projects)."""

    districts = forms.MultipleChoiceField(
        label=_("Ortsteile"),
        choices=DISTRICT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose from the listed Ortsteile.")},
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action"),
        queryset=Category.objects.top_level(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Please choose from the listed fields of action."),
            "invalid_pk_value": _("Please choose from the listed fields of action."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Choice.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose how you want to hear about this."),
                    "invalid_choice": _("Please choose one of the options."),
                },
            )

    def kind_fields(self):
        """The radio groups of the kinds, except new projects (shown with the areas)."""
        return [self[kind] for kind in Kind.values if kind != Kind.NEW_PROJECT]

    def area_fields(self):
        """The Ortsteile, the fields of action (while there are any) and the choice for new
        projects."""
        areas = [self["districts"]]
        if self.fields["fields_of_action"].queryset.exists():
            areas.append(self["fields_of_action"])
        return [*areas, self[Kind.NEW_PROJECT]]
