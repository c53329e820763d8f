"""Participation projects: the project index and project pages, the public spaces for proposals.

A ``ProjectPage`` is a space in the sense of ``ideen.models``: citizens hand in proposals (the
shared ``Idea`` model), support and discuss them, and comment on the project itself, but only
during the participation period and only what the project offers. Who may do what is decided in
``beteiligung.rules``.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home import images
from home.blocks import RICH_TEXT_FEATURES
from home.districts import WHOLE_CITY_LABEL, District
from home.images import alt_text_errors
from home.models import SummaryMixin
from orte.models import AreaMixin, LocationMode, PointMixin, point_constraints

from .blocks import ProjectBodyStreamBlock


class ProjectState(models.TextChoices):
    """Where a project stands, derived from its dates (see ``ProjectPageQuerySet.with_state``)."""

    OPEN = "laeuft", _("Participation running")
    PLANNED = "geplant", _("Planned")
    EVALUATION = "auswertung", _("Evaluation")
    COMPLETED = "abgeschlossen", _("Completed")


#: The order of the project list: open projects first, finished ones last.
STATE_ORDER = [
    ProjectState.OPEN,
    ProjectState.PLANNED,
    ProjectState.EVALUATION,
    ProjectState.COMPLETED,
]


class ProjectIndexPage(Page):
    """Lists the city's participation projects, with filters by state, topic and district."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["beteiligung.ProjectPage"]

    class Meta:
        verbose_name = _("project index")

    def get_context(self, request, *args, **kwargs):
        from .listing import project_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(project_list_context(request, self))
        return context


class ProjectPageQuerySet(PageQuerySet):
    """State, filters, ordering and counts of participation projects."""

    def with_state(self, today: datetime.date | None = None) -> ProjectPageQuerySet:
        """Annotate ``state`` (a ``ProjectState`` value) and ``state_rank`` (for ordering)."""
        today = today or timezone.localdate()
        completed = models.Q(completed_on__isnull=False, completed_on__lte=today)
        running = models.Q(participation_start__lte=today, participation_end__gte=today)
        ended = models.Q(participation_end__lt=today)
        conditions = {
            ProjectState.COMPLETED: completed,
            ProjectState.OPEN: running,
            ProjectState.EVALUATION: ended,
        }
        state = models.Case(
            *(
                models.When(condition, then=models.Value(value))
                for value, condition in conditions.items()
            ),
            default=models.Value(ProjectState.PLANNED.value),
            output_field=models.CharField(),
        )
        rank = models.Case(
            *(
                models.When(condition, then=models.Value(STATE_ORDER.index(value)))
                for value, condition in conditions.items()
            ),
            default=models.Value(STATE_ORDER.index(ProjectState.PLANNED)),
            output_field=models.IntegerField(),
        )
        return self.annotate(state=state, state_rank=rank)

    def in_state(self, state: str) -> ProjectPageQuerySet:
        """Projects in one ``ProjectState``."""
        return self.with_state().filter(state=state)

    def in_field_of_action(self, category) -> ProjectPageQuerySet:
        return self.filter(field_of_action=category)

    def in_district(self, district: str) -> ProjectPageQuerySet:
        return self.filter(district=district)

    def by_relevance(self) -> ProjectPageQuerySet:
        """Open projects first, then planned, in evaluation and completed; newest start first."""
        return self.with_state().order_by(
            "state_rank", models.F("participation_start").desc(nulls_last=True), "title"
        )

    def with_counts(self) -> ProjectPageQuerySet:
        """Annotate ``proposal_count`` and ``comment_count`` (the project's own discussion).

        The card's comment count is the number in the heading of the project's discussion;
        comments on the proposals are counted on each proposal's own card.
        """
        import django_comments

        from ideen.models import Idea

        ideas = Idea.objects.listed().filter(space=models.OuterRef("pk")).order_by()
        # COUNT(*), not COUNT(id): answered from the index ideen_idea_space_listed alone.
        proposal_count = ideas.values("space").annotate(n=models.Count("*")).values("n")[:1]
        project_comments = (
            django_comments.get_model()
            .objects.filter(
                content_type=ContentType.objects.get_for_model(ProjectPage),
                object_pk=Cast(models.OuterRef("pk"), models.CharField()),
                is_public=True,
                is_removed=False,
            )
            .order_by()
            .values("content_type")
            .annotate(n=models.Count("pk"))
            .values("n")[:1]
        )
        return self.annotate(
            proposal_count=Coalesce(models.Subquery(proposal_count), 0),
            comment_count=Coalesce(models.Subquery(project_comments), 0),
        )

    def with_images(self) -> ProjectPageQuerySet:
        """With field of action, image and the image's renditions fetched for a card list."""
        return self.select_related("field_of_action", "image").prefetch_related("image__renditions")

    def for_list(self) -> ProjectPageQuerySet:
        """Live, public projects with state, counts and field of action, the most relevant first."""
        return self.live().public().by_relevance().with_counts().with_images()

    def teasers(self, limit: int = 3) -> ProjectPageQuerySet:
        """Open and planned projects for the home page, the most relevant first."""
        return self.for_list().filter(state__in=[ProjectState.OPEN, ProjectState.PLANNED])[:limit]

    def newest_outcomes(self, limit: int = 3) -> ProjectPageQuerySet:
        """Completed projects, the most recently completed first."""
        return (
            self.live()
            .public()
            .with_state()
            .filter(state=ProjectState.COMPLETED)
            .with_counts()
            .with_images()
            .order_by("-completed_on", "title")[:limit]
        )


class ProjectPage(SummaryMixin, PointMixin, AreaMixin, Page):
    """A city project citizens learn about and, during its participation period, take part in."""

    is_internal_space = False

    intro = models.TextField(_("short description"), max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown at the top of the project and on its card; landscape, at least 1200 pixels wide."
        ),
    )
    image_alt = images.alt_field()
    image_decorative = images.decorative_field()
    image_credit = images.credit_field()
    body = StreamField(ProjectBodyStreamBlock(), verbose_name=_("content"), blank=True)
    field_of_action = models.ForeignKey(
        "ideen.Category",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        limit_choices_to={"parent__isnull": True},
        help_text=_(
            "The field of action of the digital strategy. Proposals can be filed under it and "
            "its projects; without one, every topic is offered."
        ),
    )
    district = models.CharField(
        _("district"),
        max_length=20,
        choices=District.choices,
        blank=True,
        help_text=_("The Ortsteil the project concerns; empty for the whole city."),
    )
    responsible_unit = models.CharField(_("responsible department"), max_length=200, blank=True)
    area_description = models.CharField(
        _("area in words"),
        max_length=200,
        blank=True,
        help_text=_(
            "Names the project's place or area, e.g. “Koekkoekplatz and the banks of the "
            "Spoykanal”. Shown beside the map and read instead of it; without it the "
            "Ortsteil is named."
        ),
    )
    participation_start = models.DateField(_("participation starts"), null=True, blank=True)
    participation_end = models.DateField(
        _("participation ends"),
        null=True,
        blank=True,
        help_text=_("Participation is open on both days, start and end included."),
    )
    offers_comments = models.BooleanField(_("comments"), default=True)
    offers_proposals = models.BooleanField(_("proposals"), default=True)
    offers_supports = models.BooleanField(_("supporting proposals"), default=True)
    location_mode = models.CharField(
        _("point on the map"),
        max_length=10,
        choices=LocationMode.choices,
        default=LocationMode.OPTIONAL,
        help_text=_(
            "Whether people mark their proposal's place on the map. Without JavaScript they "
            "type the coordinates or name the Ortsteil and the place in words."
        ),
    )
    outcome = RichTextField(
        _("outcome"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "What came of the project and why. Proposals that were adopted are listed below it "
            "automatically."
        ),
    )
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        help_text=_("Set it when the outcome is published; the project then counts as completed."),
    )

    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("image"),
                FieldPanel("image_alt"),
                FieldPanel("image_decorative"),
                FieldPanel("image_credit"),
            ],
            heading=_("Image"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("field_of_action"),
                FieldPanel("district"),
                FieldPanel("responsible_unit"),
            ],
            heading=_("Project details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("area_description"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("area"),
            ],
            heading=_("Place on the map"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("participation_start"), FieldPanel("participation_end")]),
                FieldRowPanel(
                    [
                        FieldPanel("offers_comments"),
                        FieldPanel("offers_proposals"),
                        FieldPanel("offers_supports"),
                    ]
                ),
                FieldPanel("location_mode"),
            ],
            heading=_("Participation"),
            help_text=_(
                "Commenting, proposing and supporting open and close automatically with the "
                "participation period. Choose what this project offers."
            ),
        ),
        InlinePanel("phases", heading=_("Timeline"), label=_("Phase")),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("outcome"), FieldPanel("completed_on")], heading=_("Outcome")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("outcome"),
        index.SearchField("responsible_unit"),
    ]
    parent_page_types = ["beteiligung.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = point_constraints("beteiligung_project")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.participation_start
            and self.participation_end
            and self.participation_end < self.participation_start
        ):
            errors["participation_end"] = _("The end must not be before the start.")
        if bool(self.participation_start) != bool(self.participation_end):
            field = "participation_end" if self.participation_start else "participation_start"
            errors[field] = _("Give both the start and the end of the participation period.")
        errors.update(self.point_errors())
        self.tidy_area()
        if self.completed_on and not self.outcome.strip():
            errors["outcome"] = _("Describe the outcome before marking the project completed.")
        errors.update(
            alt_text_errors(self.image, self.image_alt, self.image_decorative, "image_alt")
        )
        if errors:
            raise ValidationError(errors)

    # Place
    @property
    def place_text(self) -> str:
        """The project's place in words, read beside its map and instead of it."""
        return self.area_description or self.get_district_display_or_city()

    @property
    def has_place(self) -> bool:
        return self.point is not None or self.area_shape is not None

    # State
    @property
    def state(self) -> str:
        """The ``ProjectState`` today; the same rule as ``ProjectPageQuerySet.with_state``."""
        annotated = self.__dict__.get("state")
        if annotated:
            return annotated
        today = timezone.localdate()
        if self.completed_on and self.completed_on <= today:
            return ProjectState.COMPLETED
        if self.participation_start and self.participation_end:
            if self.participation_start <= today <= self.participation_end:
                return ProjectState.OPEN
            if self.participation_end < today:
                return ProjectState.EVALUATION
        return ProjectState.PLANNED

    @state.setter
    def state(self, value: str) -> None:
        # Set by the queryset annotation.
        self.__dict__["state"] = value

    def get_state_display(self) -> str:
        return str(ProjectState(self.state).label)

    def get_district_display_or_city(self) -> str:
        return self.get_district_display() if self.district else str(WHOLE_CITY_LABEL)

    @property
    def participation_state(self) -> str:
        """'upcoming', 'open', 'closed' or '' when the project has no participation period."""
        if not (self.participation_start and self.participation_end):
            return ""
        today = timezone.localdate()
        if today < self.participation_start:
            return "upcoming"
        if today > self.participation_end or self.state == ProjectState.COMPLETED:
            return "closed"
        return "open"

    @property
    def is_participation_open(self) -> bool:
        """Whether citizens can take part today."""
        return self.participation_state == "open"

    @property
    def offers_participation(self) -> bool:
        return self.offers_comments or self.offers_proposals or self.offers_supports

    @property
    def participation_notice(self) -> str:
        """Why commenting, proposing and supporting are not possible now; '' while open."""
        state = self.participation_state
        if state == "open":
            return ""
        if state == "upcoming":
            return str(
                _("Participation opens on %(start)s and runs until %(end)s.")
                % {
                    "start": _long_date(self.participation_start),
                    "end": _long_date(self.participation_end),
                }
            )
        if state == "closed":
            return str(
                _(
                    "Participation ended on %(end)s. Comments, proposals and supports are no "
                    "longer possible; you can still read everything."
                )
                % {"end": _long_date(self.participation_end)}
            )
        return str(_("This project has no online participation."))

    def notice_for(self, kind: str) -> str:
        """Why 'comments', 'proposals' or 'supports' are not possible now; '' when they are."""
        if not getattr(self, f"offers_{kind}"):
            return {
                "comments": str(_("This project does not collect comments.")),
                "proposals": str(_("This project does not collect proposals.")),
                "supports": str(_("Proposals on this project cannot be supported.")),
            }[kind]
        return self.participation_notice

    # The space protocol of ideen.models
    @property
    def accepts_new_ideas(self) -> bool:
        return self.offers_proposals and self.is_participation_open

    @property
    def accepts_supports(self) -> bool:
        return self.offers_supports and self.is_participation_open

    @property
    def accepts_comments(self) -> bool:
        return self.offers_comments and self.is_participation_open

    @property
    def idea_form_class(self):
        from ideen.forms import ProposalForm

        return ProposalForm.for_location_mode(self.location_mode)

    def offered_categories(self):
        """The field of action with its projects, or every category."""
        from ideen.models import Category

        categories = Category.objects.select_related("parent")
        if self.field_of_action_id:
            categories = categories.with_children_of([self.field_of_action_id])
        return categories

    # Timeline
    @cached_property
    def timeline(self) -> list[TimelineEntry]:
        """The phases in order, each marked as past, current or upcoming."""
        today = timezone.localdate()
        # By start date: the editor's order of the panel does not decide the timeline.
        phases = sorted(
            self.phases.all(), key=lambda phase: (phase.start_date, phase.sort_order or 0)
        )
        entries = []
        for position, phase in enumerate(phases):
            following = phases[position + 1] if position + 1 < len(phases) else None
            end = phase.end_date or (
                following.start_date - datetime.timedelta(days=1) if following else None
            )
            if today < phase.start_date:
                when = "upcoming"
            elif end is not None and today > end:
                when = "past"
            else:
                when = "current"
            entries.append(TimelineEntry(phase=phase, when=when))
        return entries

    @property
    def current_phase(self):
        return next((e.phase for e in self.timeline if e.when == "current"), None)

    def get_context(self, request, *args, **kwargs):
        from .listing import project_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(project_page_context(request, self))
        return context

    #: People may follow it (benachrichtigungen: new proposals, comments, phases).
    followable = True

    # The interface of commented objects (see diskussion/rules.py).
    def get_absolute_url(self) -> str:
        return self.url

    def user_may_view(self, user) -> bool:
        from . import rules

        return rules.can_read_project(user, self)

    def user_may_comment(self, user) -> bool:
        from . import rules

        return rules.can_comment_on_project(user, self)


class TimelineEntry:
    """A phase of the timeline with where it stands today: 'past', 'current' or 'upcoming'."""

    def __init__(self, phase: ProjectPhase, when: str):
        self.phase = phase
        self.when = when

    @property
    def is_current(self) -> bool:
        return self.when == "current"


class ProjectPhase(Orderable):
    """One step of a project's timeline (e.g. Information, Beteiligung, Auswertung, Umsetzung)."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the phase lasts until the next one starts."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end must not be before the start.")})


def _long_date(day: datetime.date) -> str:
    return date_format(day, "j. F Y")
