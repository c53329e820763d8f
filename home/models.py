from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from . import images, pagecache
from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from .images import alt_text_errors

#: Wagtail hook: functions ``(request, home_page) -> dict`` that add their teasers to the home
#: page's context. The apps above home (projects, decisions) register them, so home imports none.
HOME_PAGE_TEASERS_HOOK = "home_page_teasers"


class HomePage(Page):
    """The start page: what the platform is for, current projects and newest decisions."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the introduction; landscape, at least 1200 pixels wide."),
    )
    hero_image_alt = images.alt_field()
    hero_image_decorative = images.decorative_field()
    hero_image_credit = images.credit_field()
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
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_image_decorative"),
                FieldPanel("hero_image_credit"),
            ],
            heading=_("Image"),
        ),
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

    def clean(self):
        super().clean()
        errors = alt_text_errors(
            self.hero_image, self.hero_image_alt, self.hero_image_decorative, "hero_image_alt"
        )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The teasers (project cards, decisions) show no supports. A teaser that shows some
        # must name their spaces (``pagecache.shows_supports_of``, as idea cards do); one that
        # ranks ideas by supports must not be scoped at all (remove this line).
        pagecache.shows_only_declared_supports()
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
