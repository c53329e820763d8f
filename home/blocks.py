"""Named StreamField blocks for content pages; no raw HTML anywhere."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Page titles are the only h1; editors structure their text from h2 down to h4.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    """An image that either describes itself in alt text or is marked decorative."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    decorative = blocks.BooleanBlock(
        label=_("Decorative only"),
        required=False,
        help_text=_(
            "Tick only if the image adds no information; it is then hidden from screen readers."
        ),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/streamfield/image_block.html"
        label = _("Image")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [
                            ValidationError(
                                _("Enter an alternative text or mark the image as decorative.")
                            )
                        ]
                    )
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "components/streamfield/quote_block.html"
        label = _("Quote")


class CallToActionBlock(blocks.StructBlock):
    """A highlighted box that leads to one page or address."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Target page"), required=False)
    url = blocks.URLBlock(label=_("Or external address"), required=False)
    link_label = blocks.CharBlock(label=_("Link text"), max_length=80)

    class Meta:
        icon = "pick"
        template = "components/streamfield/call_to_action_block.html"
        label = _("Call to action")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ErrorList(
                        [ValidationError(_("Choose either a target page or an external address."))]
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = value.get("page")
        context["href"] = page.url if page else value.get("url")
        return context


class DocumentLinksBlock(blocks.StructBlock):
    """A list of downloadable documents, each stating its format and size."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        template = "components/streamfield/document_links_block.html"
        label = _("Document links")


#: Wagtail hook: a function ``(page_ids) -> list of pages`` that returns the chosen projects that
#: may be shown, ready for their cards (state and counts), in any order. The app of the project
#: pages registers it, so home does not import it.
PROJECT_CARDS_HOOK = "project_teaser_cards"


class ProjectTeasersBlock(blocks.StructBlock):
    """Chosen participation projects as cards; unpublished or restricted ones are left out."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default="Machen Sie mit")
    projects = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="beteiligung.ProjectPage", label=_("Project")),
        label=_("Projects"),
        min_num=1,
        max_num=6,
    )

    class Meta:
        icon = "group"
        template = "components/streamfield/project_teasers_block.html"
        label = _("Project teasers")
        help_text = _("Shows the chosen projects with their state, period and counts.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chosen = [page.pk for page in value.get("projects") or [] if page is not None]
        # One query for state and counts of every card, in the order the editor chose.
        found = {p.pk: p for cards in hooks.get_hooks(PROJECT_CARDS_HOOK) for p in cards(chosen)}
        context["projects"] = [found[pk] for pk in dict.fromkeys(chosen) if pk in found]
        return context


class BodyStreamBlock(blocks.StreamBlock):
    """The content blocks editors may use on content and project pages."""

    rich_text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Text"),
        template="components/streamfield/rich_text_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document_links = DocumentLinksBlock()
    project_teasers = ProjectTeasersBlock()
