"""The Vorhabenliste: the city's undertakings, their Einzelmaßnahmen and their Sachstandsberichte.

A ``VorhabenPage`` is maintained by editors in the admin, except its status: that changes only
with a ``Sachstandsbericht`` (``vorhaben.services.report_progress``), and ``save()`` takes it
from the newest report, so neither the edit form nor an old revision can set it. Reports are
append-only like the decision trail (``transparenz.models.AppendOnlyModel``), and their table
is guarded by the same database triggers (``transparenz.guards.register_append_only``).

Registered citizens can ask for participation on a planned Vorhaben ("Beteiligung anregen",
``ParticipationRequest``). The count is public; when it reaches
``settings.VORHABEN_PARTICIPATION_THRESHOLD`` the city owes an answer within
``VORHABEN_PARTICIPATION_ANSWER_DAYS``. The answer is a Sachstandsbericht of its own kind, so it
stands in the same append-only trail. The counter and the dates on the page are written only by
``vorhaben.services``; ``save()`` keeps them from the database like the status.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.districts import WHOLE_CITY_LABEL, District
from home.models import SummaryMixin
from ideen.text import sanitize_plain_text
from transparenz.models import AppendOnlyModel, AppendOnlyQuerySet

REPORT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 3000
REQUEST_REASON_MAX_LENGTH = 500


class Status(models.TextChoices):
    """Where a Vorhaben stands; set only by a Sachstandsbericht."""

    PLANNED = "geplant", _("Planned")
    IN_PROGRESS = "in_umsetzung", _("In progress")
    COMPLETED = "abgeschlossen", _("Completed")
    DEFERRED = "zurueckgestellt", _("Deferred")
    DROPPED = "verworfen", _("Dropped")


#: States that need a public reason when a report moves a Vorhaben into them.
REASON_REQUIRED = frozenset({Status.DEFERRED, Status.DROPPED})
INITIAL_STATUS = Status.PLANNED
#: States in which citizens can ask for participation: only before the city has started, when
#: participation can still shape the undertaking.
PARTICIPATION_REQUEST_STATES = frozenset({Status.PLANNED})


class ReportKind(models.TextChoices):
    """What an entry of a Vorhaben's trail is."""

    REPORT = "bericht", _("Progress report")
    PARTICIPATION_ANSWER = "beteiligung", _("Answer to the requests for participation")


class ParticipationDecision(models.TextChoices):
    """The city's answer when citizens asked for participation."""

    YES = "durchfuehren", _("Participation will take place")
    NO = "keine", _("No participation")


class VorhabenIndexPage(Page):
    """The Vorhabenliste: every Vorhaben with filters, sorting and a timeline table."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["vorhaben.VorhabenPage"]
    max_count = 1

    class Meta:
        verbose_name = _("list of undertakings")

    def get_context(self, request, *args, **kwargs):
        from .listing import vorhaben_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(vorhaben_list_context(request, self))
        return context


class VorhabenPageQuerySet(PageQuerySet):
    """Filters, ordering and annotations of the Vorhabenliste."""

    def with_last_report(self) -> VorhabenPageQuerySet:
        """Annotate ``last_report_on``: the date of the newest Sachstandsbericht, or None."""
        newest = Sachstandsbericht.objects.filter(vorhaben=models.OuterRef("pk")).order_by(
            "-date", "-created", "-pk"
        )
        return self.annotate(
            last_report_on=models.Subquery(newest.values("date")[:1]),
            last_report_at=models.Subquery(newest.values("created")[:1]),
        )

    def by_last_report(self) -> VorhabenPageQuerySet:
        """The most recently reported first (by date, then when it was written); never last."""
        return self.with_last_report().order_by(
            models.F("last_report_on").desc(nulls_last=True),
            models.F("last_report_at").desc(nulls_last=True),
            "title",
            "pk",
        )

    def by_planned_completion(self) -> VorhabenPageQuerySet:
        """The earliest planned completion first; without a date last."""
        return self.with_last_report().order_by(
            models.F("planned_completion").asc(nulls_last=True), "title", "pk"
        )

    def for_list(self) -> VorhabenPageQuerySet:
        """Live, public Vorhaben with what a list row shows."""
        return self.live().public().select_related("field_of_action", "department")

    def awaiting_participation_answer(self) -> VorhabenPageQuerySet:
        """Vorhaben whose requests for participation reached the threshold and that the city
        has not answered yet, the earliest due first; annotated with ``threshold_reached_at``
        and ``answer_due`` (dates). Whatever the status: the answer is owed once the threshold
        was reached."""
        return (
            self.filter(
                participation_threshold_reached_on__isnull=False,
                participation_answered_on__isnull=True,
            )
            .annotate(
                threshold_reached_at=models.F("participation_threshold_reached_on"),
                answer_due=models.F("participation_answer_due"),
            )
            .order_by("participation_answer_due", "pk")
        )


class VorhabenPage(SummaryMixin, Page):
    """One undertaking of the city: what, who, when, how far, and why."""

    intro = models.TextField(_("summary"), max_length=1000)
    field_of_action = models.ForeignKey(
        "ideen.Category",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vorhaben",
        limit_choices_to={"parent__isnull": True},
    )
    department = models.ForeignKey(
        "ideen.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vorhaben",
    )
    district = models.CharField(
        _("district"),
        max_length=20,
        choices=District.choices,
        blank=True,
        help_text=_("The Ortsteil the undertaking concerns; empty for the whole city."),
    )
    period = models.CharField(
        _("period"),
        max_length=200,
        blank=True,
        help_text=_("For example “2025–2027” or “ongoing task”."),
    )
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    estimated_completion = models.DateField(
        _("estimated completion"),
        null=True,
        blank=True,
        help_text=_("The current estimate, if it differs from the plan."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=INITIAL_STATUS,
        help_text=_("Changes only with a progress report."),
    )
    budget = models.DecimalField(
        _("budget in euros"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only where the budget is public; leave empty otherwise."),
    )
    projects = ParentalManyToManyField(
        "beteiligung.ProjectPage",
        verbose_name=_("participation projects"),
        blank=True,
        related_name="vorhaben",
    )

    participation_request_count = models.PositiveIntegerField(
        _("requests for participation"), default=0, editable=False
    )
    participation_threshold_reached_on = models.DateField(
        _("threshold of requests reached on"), null=True, blank=True, editable=False
    )
    participation_answer_due = models.DateField(
        _("answer to the requests due on"), null=True, blank=True, editable=False
    )
    participation_answered_on = models.DateField(
        _("requests for participation answered on"), null=True, blank=True, editable=False
    )

    objects = PageManager.from_queryset(VorhabenPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("status", read_only=True),
                FieldPanel("field_of_action"),
                FieldPanel("department"),
                FieldPanel("district"),
                FieldPanel("period"),
                FieldRowPanel(
                    [FieldPanel("planned_completion"), FieldPanel("estimated_completion")]
                ),
                FieldPanel("budget"),
            ],
            heading=_("Details"),
            help_text=_("The status changes only with a progress report (“Write a report”)."),
        ),
        InlinePanel("measures", heading=_("Individual measures"), label=_("Measure")),
        InlinePanel("council_papers", heading=_("Council papers"), label=_("Council paper")),
        MultiFieldPanel(
            [
                FieldPanel("projects", widget=forms.CheckboxSelectMultiple),
                # One row per idea with the snippet chooser: a select of every idea would not
                # scale with the platform.
                InlinePanel("idea_links", label=_("Idea")),
            ],
            heading=_("Participation projects and ideas"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["vorhaben.VorhabenIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("undertaking")
        verbose_name_plural = _("undertakings")

    def save(self, *args, **kwargs):
        # The status follows the reports, whatever the form or a revision brings.
        self.status = current_status(self)
        # So do the requests for participation: only vorhaben.services writes them.
        stored = (
            VorhabenPage.objects.filter(pk=self.pk).values(*PARTICIPATION_FIELDS).first()
            if self.pk is not None
            else None
        )
        for name in PARTICIPATION_FIELDS:
            setattr(self, name, stored[name] if stored else (0 if name.endswith("count") else None))
        super().save(*args, **kwargs)

    @property
    def accepts_participation_requests(self) -> bool:
        """Citizens can ask for participation: planned and not yet answered."""
        return self.status in PARTICIPATION_REQUEST_STATES and not self.participation_answered_on

    @property
    def participation_answer_pending(self) -> bool:
        """The threshold was reached and the city has not answered yet."""
        return bool(self.participation_threshold_reached_on and not self.participation_answered_on)

    def get_district_display_or_city(self) -> str:
        return self.get_district_display() if self.district else str(WHOLE_CITY_LABEL)

    @property
    def completion(self):
        """The estimated completion where given, else the planned one."""
        return self.estimated_completion or self.planned_completion

    def get_context(self, request, *args, **kwargs):
        from .listing import vorhaben_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(vorhaben_page_context(request, self))
        return context


PARTICIPATION_FIELDS = (
    "participation_request_count",
    "participation_threshold_reached_on",
    "participation_answer_due",
    "participation_answered_on",
)


def current_status(vorhaben: VorhabenPage) -> str:
    """The status of the newest report, or the initial one."""
    if vorhaben.pk is None:
        return INITIAL_STATUS
    newest = (
        Sachstandsbericht.objects.filter(vorhaben_id=vorhaben.pk)
        .order_by("-created", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    return newest or INITIAL_STATUS


class Measure(Orderable):
    """An Einzelmaßnahme of a Vorhaben: a checklist item, done on a date."""

    page = ParentalKey(VorhabenPage, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=300)
    done_on = models.DateField(
        _("done on"), null=True, blank=True, help_text=_("Empty while it is not done.")
    )

    panels = [FieldPanel("title"), FieldPanel("done_on")]

    class Meta(Orderable.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title


class IdeaLink(Orderable):
    """An idea or proposal the Vorhaben takes up; shown only to those who may read the idea."""

    page = ParentalKey(VorhabenPage, on_delete=models.CASCADE, related_name="idea_links")
    idea = models.ForeignKey(
        "ideen.Idea",
        verbose_name=_("idea"),
        on_delete=models.CASCADE,
        related_name="vorhaben_links",
    )

    panels = [FieldPanel("idea")]

    class Meta(Orderable.Meta):
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.UniqueConstraint(fields=["page", "idea"], name="vorhaben_idealink_unique"),
        ]


class CouncilPaper(Orderable):
    """A council paper (Vorlage, Beschluss) about the Vorhaben."""

    page = ParentalKey(VorhabenPage, on_delete=models.CASCADE, related_name="council_papers")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("web address"), max_length=500)
    oparl_id = models.URLField(
        _("OParl reference"),
        max_length=500,
        blank=True,
        help_text=_("Optional: the OParl address of the paper in the council information system."),
    )

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("oparl_id")]

    class Meta(Orderable.Meta):
        verbose_name = _("council paper")
        verbose_name_plural = _("council papers")

    def __str__(self) -> str:
        return self.title


class SachstandsberichtQuerySet(AppendOnlyQuerySet):
    """Progress reports: append-only like the decision trail."""

    def public(self) -> SachstandsberichtQuerySet:
        """Reports of live, public Vorhaben."""
        return self.filter(vorhaben__in=VorhabenPage.objects.live().public().values("pk"))

    def newest_first(self) -> SachstandsberichtQuerySet:
        return self.order_by("-date", "-created", "-pk")


class Sachstandsbericht(AppendOnlyModel):
    """A dated progress report on a Vorhaben; the only way its status changes."""

    vorhaben = models.ForeignKey(
        VorhabenPage,
        verbose_name=_("undertaking"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReportKind.choices, default=ReportKind.REPORT
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("report"), max_length=REPORT_MAX_LENGTH)
    previous_status = models.CharField(_("previous status"), max_length=20, choices=Status.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("public reason"), max_length=REASON_MAX_LENGTH, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    participation_decision = models.CharField(
        _("decision on participation"),
        max_length=20,
        choices=ParticipationDecision.choices,
        blank=True,
    )
    # No database constraint: the trail is never updated, so deleting the project page must
    # not cascade into it; a link to a page that is gone is simply not shown.
    participation_project = models.ForeignKey(
        "beteiligung.ProjectPage",
        verbose_name=_("participation project"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Not shown publicly."),
    )
    created = models.DateTimeField(_("recorded at"), db_default=Now(), editable=False)

    objects = SachstandsberichtQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["date", "created", "pk"]
        indexes = [
            models.Index(fields=["vorhaben", "-date"], name="vorhaben_report_newest"),
            models.Index(fields=["-created", "-id"], name="vorhaben_report_recorded"),
        ]
        constraints = [
            # An answer says what the city decided; a plain report decides nothing of the kind.
            models.CheckConstraint(
                condition=(
                    models.Q(kind=ReportKind.REPORT, participation_decision="")
                    | (
                        models.Q(kind=ReportKind.PARTICIPATION_ANSWER)
                        & ~models.Q(participation_decision="")
                    )
                ),
                name="vorhaben_report_answer_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vorhaben_id}: {self.date}"

    def save(self, *args, **kwargs):
        self.text = sanitize_plain_text(self.text)
        self.reason = sanitize_plain_text(self.reason)
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"bericht-{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.vorhaben.url}#{self.anchor}"

    @property
    def changes_status(self) -> bool:
        return self.status != self.previous_status

    @property
    def is_participation_answer(self) -> bool:
        return self.kind == ReportKind.PARTICIPATION_ANSWER


class ParticipationRequestQuerySet(models.QuerySet):
    """Citizens' requests for participation on a Vorhaben."""

    def of(self, vorhaben, user) -> ParticipationRequestQuerySet:
        """The one request of this user on this Vorhaben, if any."""
        return self.filter(vorhaben_id=vorhaben.pk, user_id=user.pk)

    def newest_first(self) -> ParticipationRequestQuerySet:
        return self.order_by("-created", "-pk")


class ParticipationRequest(models.Model):
    """A registered citizen asks the city for participation on a planned Vorhaben ("Beteiligung
    anregen"). The reason is shown to staff and to its author, never with a name in public."""

    vorhaben = models.ForeignKey(
        VorhabenPage,
        verbose_name=_("undertaking"),
        on_delete=models.CASCADE,
        related_name="participation_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="participation_requests",
    )
    reason = models.TextField(_("reason"), max_length=REQUEST_REASON_MAX_LENGTH)
    created = models.DateTimeField(_("requested at"), default=timezone.now)

    objects = ParticipationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for participation")
        verbose_name_plural = _("requests for participation")
        constraints = [
            models.UniqueConstraint(
                fields=["vorhaben", "user"], name="vorhaben_participationrequest_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "-created"], name="vorhaben_request_of_user")]

    def __str__(self) -> str:
        return f"{self.vorhaben_id}: {self.user_id}"

    def save(self, *args, **kwargs):
        self.reason = sanitize_plain_text(self.reason)
        super().save(*args, **kwargs)


def vorhaben_index_page() -> VorhabenIndexPage | None:
    """The live, public Vorhabenliste, if editors created one."""
    return VorhabenIndexPage.objects.live().public().first()
