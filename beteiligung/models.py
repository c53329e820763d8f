from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from home.models import SummaryMixin


class ProjectIndexPage(Page):
    """Lists the city's participation projects."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["beteiligung.ProjectPage"]

    class Meta:
        verbose_name = _("project index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = ProjectPage.objects.child_of(self).live().public().by_relevance()
        return context


class ProjectPageQuerySet(PageQuerySet):
    """Ordering and teasers of participation projects."""

    def by_relevance(self) -> "ProjectPageQuerySet":
        """Projects open for participation first, then by start date, newest first."""
        today = timezone.localdate()
        return self.annotate(
            is_open=models.Case(
                models.When(
                    participation_start__lte=today,
                    participation_end__gte=today,
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by("-is_open", models.F("participation_start").desc(nulls_last=True), "title")

    def teasers(self, limit: int = 3) -> "ProjectPageQuerySet":
        """Live, public projects for the home page, the most relevant first."""
        return self.live().public().by_relevance()[:limit]


class ProjectPage(SummaryMixin, Page):
    """A city project citizens can learn about and take part in."""

    class Phase(models.TextChoices):
        INFORMATION = "information", _("Information")
        PARTICIPATION = "beteiligung", _("Participation")
        EVALUATION = "auswertung", _("Evaluation")
        IMPLEMENTATION = "umsetzung", _("Implementation")
        COMPLETED = "abgeschlossen", _("Completed")

    intro = models.TextField(_("short description"), max_length=500)
    body = StreamField(BodyStreamBlock(), verbose_name=_("content"), blank=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.INFORMATION
    )
    topic = models.CharField(
        _("field of action"),
        max_length=200,
        blank=True,
        help_text=_("The field of action of the digital strategy this project belongs to."),
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    participation_start = models.DateField(_("participation starts"), null=True, blank=True)
    participation_end = models.DateField(_("participation ends"), null=True, blank=True)
    outcome = RichTextField(
        _("outcome"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What came of the project; published for everybody."),
    )

    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("phase"),
                FieldPanel("topic"),
                FieldPanel("responsible_unit"),
                FieldRowPanel([FieldPanel("participation_start"), FieldPanel("participation_end")]),
            ],
            heading=_("Project details"),
        ),
        FieldPanel("body"),
        FieldPanel("outcome"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("outcome"),
        index.FilterField("phase"),
    ]
    parent_page_types = ["beteiligung.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def clean(self):
        super().clean()
        if (
            self.participation_start
            and self.participation_end
            and self.participation_end < self.participation_start
        ):
            raise ValidationError({"participation_end": _("The end must not be before the start.")})

    @property
    def participation_state(self) -> str:
        """'upcoming', 'open', 'closed' or '' when the project has no participation period."""
        if not (self.participation_start and self.participation_end):
            return ""
        today = timezone.localdate()
        if today < self.participation_start:
            return "upcoming"
        if today > self.participation_end:
            return "closed"
        return "open"

    @property
    def is_participation_open(self) -> bool:
        """Whether citizens can take part today."""
        return self.participation_state == "open"

    # The interface of commented objects (see diskussion/rules.py).
    def get_absolute_url(self) -> str:
        return self.url

    def user_may_view(self, user) -> bool:
        """Everybody may read live pages that carry no view restriction."""
        return self.live and not self.get_view_restrictions().exists()

    def user_may_comment(self, user) -> bool:
        """Logged-in citizens comment while the participation period is open."""
        return bool(
            user.is_authenticated and self.is_participation_open and self.user_may_view(user)
        )
