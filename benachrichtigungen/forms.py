"""The settings form: one radio group per kind."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Choice, Kind


class ChoicesForm(forms.Form):
    """How the person wants to hear about each kind of news."""

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
