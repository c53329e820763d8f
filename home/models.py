import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import (
    RICH_TEXT_FEATURES,
    BodyStreamBlock,
    EasyLanguageStreamBlock,
    NonAccessibleContentBlock,
    NonAccessibleContentStreamBlock,
    SignLanguageStreamBlock,
)

#: Wagtail hook: functions ``(request, home_page) -> dict`` that add their teasers to the home
#: page's context. The apps above home (projects, decisions) register them, so home imports none.
HOME_PAGE_TEASERS_HOOK = "home_page_teasers"


class HomePage(Page):
    """The start page: what the platform is for, current projects and newest decisions."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    projects_heading = models.CharField(
        _("heading of the project teasers"), max_length=120, default="Aktuelle Beteiligungen"
    )
    outcomes_heading = models.CharField(
        _("heading of the outcome teasers"), max_length=120, default="Neueste Ergebnisse"
    )
    decisions_heading = models.CharField(
        _("heading of the decision teasers"), max_length=120, default="Neueste Entscheidungen"
    )
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("content"),
        blank=True,
        help_text=_("Shown below the teasers, e.g. chosen projects or a call to action."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("projects_heading"),
                FieldPanel("outcomes_heading"),
                FieldPanel("decisions_heading"),
            ],
            heading=_("Teasers"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for teasers in hooks.get_hooks(HOME_PAGE_TEASERS_HOOK):
            context.update(teasers(request, self))
        return context


class SummaryMixin:
    """Gives a page with an ``intro`` a short text for search results and teasers."""

    @property
    def summary(self) -> str:
        """The search description, or else the introduction."""
        return self.search_description or self.intro


class ContentPage(SummaryMixin, Page):
    """A general page of text, images, quotes, calls to action and documents."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BodyStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("content page")


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """The pages every footer links to (legal notice, privacy, accessibility, easy language,
    netiquette); participation forms link to the netiquette too."""

    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    easy_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("easy language (Leichte Sprache)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sign_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sign language (DGS)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    netiquette_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("netiquette"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The rules of conduct; every form for comments and proposals links to it."),
    )
    contact_text = models.TextField(
        _("contact"), blank=True, default="Stadt Kleve\nMinoritenplatz 1\n47533 Kleve"
    )

    panels = [
        FieldPanel("imprint_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("easy_language_page"),
        FieldPanel("sign_language_page"),
        FieldPanel("netiquette_page"),
        FieldPanel("contact_text"),
    ]

    class Meta:
        verbose_name = _("footer")

    @property
    def live_netiquette_page(self) -> Page | None:
        """The netiquette page if one is chosen and published; forms link to it."""
        page = self.netiquette_page
        return page if page is not None and page.live else None

    def links(self) -> list[tuple[str, Page]]:
        """The footer links in their fixed order, skipping pages not chosen or not live."""
        candidates = [
            (_("Legal notice"), self.imprint_page),
            (_("Privacy"), self.privacy_page),
            (_("Accessibility statement"), self.accessibility_page),
            (_("Easy language"), self.easy_language_page),
            (_("Sign language"), self.sign_language_page),
            (_("Netiquette"), self.netiquette_page),
        ]
        return [(label, page) for label, page in candidates if page and page.live]


# Accessibility (BITV NRW): statement, Leichte Sprache, sign language, automated checks.

REVIEW_INTERVAL = datetime.timedelta(days=365)

OMBUDSSTELLE_DEFAULTS = {
    "name": "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
    "address": (
        "bei der Beauftragten der Landesregierung für Menschen mit Behinderung sowie für "
        "Patientinnen und Patienten in Nordrhein-Westfalen\nFürstenwall 25\n40219 Düsseldorf"
    ),
    "email": "ombudsstelle-barrierefreie-it@mags.nrw.de",
    "url": "https://www.lbbp.nrw.de/ombudsstelle",
}


class AccessibilityStatementPage(Page):
    """The accessibility statement required by BITV NRW § 4, following the EU model statement.

    Sections as in Implementing Decision (EU) 2018/1523: scope, compliance status, content that
    is not accessible, preparation and review, feedback, enforcement procedure.
    """

    class ComplianceStatus(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class AssessmentMethod(models.TextChoices):
        SELF = "self", _("a self-assessment")
        THIRD_PARTY = "third_party", _("an assessment by a third party")

    public_body = models.CharField(_("public body"), max_length=200, default="Stadt Kleve")
    scope = models.TextField(
        _("scope"),
        default="die Beteiligungs- und Ideenplattform der Stadt Kleve",
        help_text=_("Which websites or applications the statement applies to."),
    )
    standard = models.CharField(
        _("standard"),
        max_length=250,
        default="EN 301 549 V4.1.1 (auf Grundlage der WCAG 2.2, Konformitätsstufe AA)",
        help_text=_("The harmonised standard the site was assessed against."),
    )
    compliance_status = models.CharField(
        _("compliance status"),
        max_length=10,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    status_explanation = models.TextField(_("explanation of the status"), blank=True)
    non_accessible_content = StreamField(
        NonAccessibleContentStreamBlock(),
        verbose_name=_("content that is not accessible"),
        blank=True,
    )
    prepared_on = models.DateField(_("statement prepared on"), default=datetime.date.today)
    last_reviewed_on = models.DateField(
        _("last reviewed on"),
        default=datetime.date.today,
        help_text=_("Review the statement at least once a year and after major changes."),
    )
    assessment_method = models.CharField(
        _("assessment method"),
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    assessment_details = models.TextField(
        _("details of the assessment"),
        blank=True,
        help_text=_("Who assessed the site, when and how (e.g. BITV test, automated checks)."),
    )
    feedback_text = models.TextField(
        _("feedback text"),
        default=(
            "Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten dieser Plattform "
            "aufgefallen? Oder haben Sie Fragen zur Barrierefreiheit? Dann melden Sie uns die "
            "Barriere über unser Formular. Wir antworten Ihnen in der Regel innerhalb von zwei "
            "Wochen, spätestens nach sechs Wochen."
        ),
    )
    contact_name = models.CharField(
        _("contact name"), max_length=200, default="Stadt Kleve – Internetredaktion"
    )
    contact_address = models.TextField(
        _("contact address"), blank=True, default="Minoritenplatz 1\n47533 Kleve"
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    enforcement_text = models.TextField(
        _("enforcement procedure"),
        default=(
            "Wenn Sie auf Ihre Meldung innerhalb von sechs Wochen keine zufriedenstellende "
            "Antwort erhalten haben, können Sie sich an die Ombudsstelle für barrierefreie "
            "Informationstechnik des Landes Nordrhein-Westfalen wenden. Sie vermittelt zwischen "
            "Ihnen und der Stadt Kleve, damit die Barriere beseitigt wird. Das Ombudsverfahren "
            "ist für Sie kostenlos. Sie brauchen keinen Rechtsbeistand."
        ),
    )
    ombudsstelle_name = models.CharField(
        _("ombudsman office"), max_length=250, default=OMBUDSSTELLE_DEFAULTS["name"]
    )
    ombudsstelle_address = models.TextField(
        _("ombudsman office address"), default=OMBUDSSTELLE_DEFAULTS["address"]
    )
    ombudsstelle_email = models.EmailField(
        _("ombudsman office e-mail"), blank=True, default=OMBUDSSTELLE_DEFAULTS["email"]
    )
    ombudsstelle_phone = models.CharField(_("ombudsman office phone"), max_length=50, blank=True)
    ombudsstelle_url = models.URLField(
        _("ombudsman office website"), blank=True, default=OMBUDSSTELLE_DEFAULTS["url"]
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("public_body"), FieldPanel("scope"), FieldPanel("standard")],
            heading=_("Scope"),
        ),
        MultiFieldPanel(
            [FieldPanel("compliance_status"), FieldPanel("status_explanation")],
            heading=_("Compliance status"),
        ),
        FieldPanel("non_accessible_content"),
        MultiFieldPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("last_reviewed_on"),
                FieldPanel("assessment_method"),
                FieldPanel("assessment_details"),
            ],
            heading=_("Preparation and review"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_text"),
                FieldPanel("contact_name"),
                FieldPanel("contact_address"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Feedback and contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("enforcement_text"),
                FieldPanel("ombudsstelle_name"),
                FieldPanel("ombudsstelle_address"),
                FieldPanel("ombudsstelle_email"),
                FieldPanel("ombudsstelle_phone"),
                FieldPanel("ombudsstelle_url"),
            ],
            heading=_("Enforcement procedure"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("status_explanation")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("accessibility statement")

    def clean(self):
        super().clean()
        if self.last_reviewed_on and self.prepared_on and self.last_reviewed_on < self.prepared_on:
            raise ValidationError(
                {"last_reviewed_on": _("The last review cannot be before the statement was made.")}
            )

    def review_due_on(self) -> datetime.date:
        """The date by which the statement must be reviewed again."""
        return self.last_reviewed_on + REVIEW_INTERVAL

    @property
    def review_overdue(self) -> bool:
        """Whether the last review is more than a year ago."""
        return self.review_due_on() < timezone.localdate()

    def non_accessible_items_by_reason(self) -> list[tuple[str, list]]:
        """The non-accessible content grouped by reason, in the order of the model statement."""
        groups = []
        for reason, label in NonAccessibleContentBlock.REASONS:
            items = [b.value for b in self.non_accessible_content if b.value["reason"] == reason]
            if items:
                groups.append((label, items))
        return groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["last_check"] = AccessibilityCheck.objects.latest_first().first()
        return context


class EasyLanguagePage(SummaryMixin, Page):
    """A page in Leichte Sprache: short sentences, explained words, large and calm type."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(EasyLanguageStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.EasyLanguagePage"]
    subpage_types = ["home.EasyLanguagePage"]

    class Meta:
        verbose_name = _("page in easy language")


class SignLanguagePage(SummaryMixin, Page):
    """A page in German Sign Language (DGS): videos with captions, transcripts and downloads."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(SignLanguageStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.SignLanguagePage"]
    subpage_types = ["home.SignLanguagePage"]

    class Meta:
        verbose_name = _("page in sign language")


class AccessibilityCheckQuerySet(models.QuerySet):
    """Listing helpers for the automated accessibility checks."""

    def latest_first(self) -> "AccessibilityCheckQuerySet":
        """Newest check first."""
        return self.order_by("-checked_at")


class AccessibilityCheck(models.Model):
    """The result of one automated crawl with axe-core (`manage.py check_accessibility`)."""

    checked_at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    base_url = models.URLField(_("address checked"))
    pages_checked = models.PositiveIntegerField(_("pages checked"), default=0)
    violations = models.JSONField(
        _("violations by rule"),
        default=dict,
        blank=True,
        help_text=_("axe rule id: impact, help text, number of elements and the pages."),
    )
    failed_pages = models.JSONField(_("pages that could not be loaded"), default=list, blank=True)
    duration_seconds = models.FloatField(_("duration in seconds"), default=0)
    passed = models.BooleanField(_("passed"), default=False)

    objects = AccessibilityCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("automated accessibility check")
        verbose_name_plural = _("automated accessibility checks")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.base_url} {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def rule_count(self) -> int:
        """How many different axe rules were violated."""
        return len(self.violations)


# Barrier reports live in their own module; importing registers the model with this app.
from .feedback import BarrierReport  # noqa: E402, F401
