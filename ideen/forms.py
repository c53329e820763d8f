from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from home.districts import District
from home.forms import ListFilterForm
from orte.forms import PointField
from orte.geo import EXAMPLE
from orte.models import LocationMode

from .models import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, Category, Department, Idea
from .search import KIND_IDEA, KIND_PROPOSAL
from .text import sanitize_plain_text, sanitize_single_line

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("supported", _("Most supported")),
    ("discussed", _("Most discussed")),
]
SEARCH_MAX_LENGTH = 200


def grouped_category_choices(categories, empty_label) -> list:
    """Select options grouped by field of action; the field itself comes first in its group."""
    fields = {}
    for category in categories:
        if category.parent_id is None:
            fields.setdefault(category.pk, [category, []])[0] = category
        else:
            entry = fields.setdefault(category.parent_id, [category.parent, []])
            entry[1].append(category)
    choices = [("", empty_label)]
    for field, projects in fields.values():
        options = [(field.pk, _("%(name)s (general)") % {"name": field.name})]
        options += [(project.pk, project.name) for project in projects]
        choices.append((field.name, options))
    return choices


class IdeaForm(forms.ModelForm):
    """Hand in or change an idea. Limits are explained in the hints, not enforced by the browser."""

    class Meta:
        model = Idea
        fields = ["title", "description", "category", "department"]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "category": _("Topic"),
            "department": _("Your department"),
        }
        help_texts = {
            "title": _("Say in one sentence what you suggest. At most %(limit)d characters.")
            % {"limit": TITLE_MAX_LENGTH},
            "description": _(
                "Describe the problem, your idea and who would benefit. Plain text; leave a blank "
                "line between paragraphs. Web addresses become links. At most %(limit)d characters."
            )
            % {"limit": DESCRIPTION_MAX_LENGTH},
            "category": _("The field of action or project of the digital strategy it fits best."),
            "department": _("Helps the project team to contact the right people."),
        }
        error_messages = {
            "title": {
                "required": _("Please enter a title."),
                "max_length": _(
                    "The title may have at most %(limit_value)d characters; it has %(show_value)d."
                ),
            },
            "description": {
                "required": _("Please describe your idea."),
                "max_length": _(
                    "The description may have at most %(limit_value)d characters; "
                    "it has %(show_value)d."
                ),
            },
            "category": {
                "required": _("Please choose a topic."),
                "invalid_choice": _("Please choose one of the topics in the list."),
            },
            "department": {
                "invalid_choice": _("Please choose one of the departments in the list.")
            },
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is None:
            categories = Category.objects.select_related("parent")
        categories = list(categories)
        category_field = self.fields["category"]
        category_field.queryset = Category.objects.filter(pk__in=[c.pk for c in categories])
        category_field.choices = grouped_category_choices(categories, _("Please choose"))
        if "department" in self.fields:
            department_field = self.fields["department"]
            department_field.queryset = Department.objects.all()
            department_field.empty_label = _("Not stated")
        # Browsers would cut pasted text silently at maxlength; we explain the limit instead.
        for name in ("title", "description"):
            self.fields[name].widget.attrs.pop("maxlength", None)
            self.fields[name].widget.attrs.update(
                {
                    "data-character-limit": str(self.fields[name].max_length),
                    "data-count-left": _("%(count)s characters left"),
                    "data-count-over": _("%(count)s characters too many"),
                }
            )
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean_title(self):
        title = sanitize_single_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(self.fields["title"].error_messages["required"])
        return title

    def clean_description(self):
        description = sanitize_plain_text(self.cleaned_data["description"])
        if not description:
            raise forms.ValidationError(self.fields["description"].error_messages["required"])
        return description


class ProposalForm(IdeaForm):
    """A citizen's proposal on a project: no department, but optionally where it applies."""

    #: Whether the project asks for a point (orte.models.LocationMode); see for_location_mode.
    location_mode = LocationMode.OPTIONAL

    point = PointField(
        label=_("Point on the map: street, square or coordinates"),
        required=False,
        help_text=_(
            "A street, square or Ortsteil from the city's list of places, for example "
            "“Koekkoekplatz”, or latitude and longitude, for example “%(example)s”. With "
            "JavaScript you can also choose the point on the map below. Leave it empty if the "
            "district and place say enough."
        )
        % {"example": EXAMPLE},
    )

    @classmethod
    def for_location_mode(cls, mode: str) -> type[ProposalForm]:
        """The form for a project that asks for a point off, optionally or always."""
        return type(cls.__name__, (cls,), {"location_mode": mode})

    class Meta(IdeaForm.Meta):
        fields = ["title", "description", "category", "district", "location"]
        labels = {
            **IdeaForm.Meta.labels,
            "description": _("Your proposal"),
            # The form field component marks optional fields itself ("(freiwillig)").
            "district": _("District"),
            "location": _("Place"),
        }
        help_texts = {
            **IdeaForm.Meta.help_texts,
            "description": _(
                "Describe what you suggest and why. Plain text; leave a blank line between "
                "paragraphs. Web addresses become links. At most %(limit)d characters."
            )
            % {"limit": DESCRIPTION_MAX_LENGTH},
            "category": _(
                "The field of action or project of the digital strategy your proposal fits best."
            ),
            "district": _("Choose an Ortsteil if your proposal concerns one."),
            "location": _(
                "For example a street, a square or a building. Please do not enter personal data."
            ),
        }
        error_messages = {
            **IdeaForm.Meta.error_messages,
            "description": {
                **IdeaForm.Meta.error_messages["description"],
                "required": _("Please describe your proposal."),
            },
            "district": {"invalid_choice": _("Please choose one of the districts in the list.")},
            "location": {
                "max_length": _(
                    "The place may have at most %(limit_value)d characters; it has %(show_value)d."
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Not stated")), *District.choices]
        self.fields["location"].widget.attrs["autocomplete"] = "off"
        if self.location_mode == LocationMode.OFF:
            del self.fields["point"]
        else:
            self.fields["point"].required = self.location_mode == LocationMode.REQUIRED
            if self.instance.pk and "point" not in self.initial:
                self.initial["point"] = self.instance.point

    def clean_location(self):
        return sanitize_single_line(self.cleaned_data["location"])


class IdeaFilterForm(ListFilterForm):
    """The filters of the idea list, read from the query string; bad values are ignored."""

    q = forms.CharField(label=_("Search term"), required=False)
    category = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All states")), *Idea.Status.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    mine = forms.BooleanField(label=_("Only my ideas"), required=False)

    query_defaults = {"sort": "newest"}

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        categories = list(categories)
        self.fields["category"].choices = grouped_category_choices(categories, _("All topics"))
        self._categories = {str(c.pk): c for c in categories}
        self.fields["q"].widget.input_type = "search"

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:SEARCH_MAX_LENGTH]

    def clean_category(self):
        return self._categories.get(self.cleaned_data["category"])

    def values(self) -> dict:
        """The valid filter values; anything invalid counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q", ""),
            "category": data.get("category"),
            "status": data.get("status", ""),
            "mine": bool(data.get("mine")),
            "sort": data.get("sort") or "newest",
        }

    @property
    def is_filtered(self) -> bool:
        values = self.values()
        return bool(values["q"] or values["category"] or values["status"] or values["mine"])


class IdeaSearchForm(ListFilterForm):
    """The filters of the ideas in the site search; unknown values are dropped (``dropped``)."""

    typ = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[
            ("", _("Ideas and proposals")),
            (KIND_PROPOSAL, _("Proposals on projects")),
            (KIND_IDEA, _("Internal ideas")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All states")), *Idea.Status.choices],
    )
    raum = forms.ChoiceField(label=_("Project or platform"), required=False)

    def __init__(self, *args, spaces=(), with_internal=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_internal:
            # Readers who see no internal ideas see only proposals: nothing to choose.
            del self.fields["typ"]
        self._spaces = {str(space.pk): space for space in spaces}
        self.fields["raum"].choices = [
            ("", _("All projects")),
            *((key, space.title) for key, space in self._spaces.items()),
        ]

    def clean_raum(self):
        return self._spaces.get(self.cleaned_data["raum"])

    def values(self) -> dict:
        """The valid filter values; anything invalid counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "typ": data.get("typ", ""),
            "status": data.get("status", ""),
            "raum": data.get("raum"),
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.values().values())
