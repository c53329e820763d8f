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


# Accessibility: videos in sign language, Leichte Sprache, the accessibility statement.

# Leichte Sprache avoids italics (hard to read) and deep heading levels.
EASY_LANGUAGE_FEATURES = ["h2", "h3", "bold", "ol", "ul", "link", "document-link"]
VIDEO_TYPES = {"webm": "video/webm", "mp4": "video/mp4"}


def field_error(field: str, message) -> blocks.StructBlockValidationError:
    """A validation error shown at one field of a StructBlock."""
    return blocks.StructBlockValidationError(
        block_errors={field: ErrorList([ValidationError(message)])}
    )


class VideoValue(blocks.StructValue):
    """Display helpers for the video player and its download link."""

    def mime_type(self) -> str:
        video = self.get("video")
        return VIDEO_TYPES.get(video.file_extension.lower(), "") if video else ""

    def duration_iso(self) -> str:
        """The duration as ISO 8601 for <time datetime>, e.g. PT2M35S."""
        minutes, _sep, seconds = (self.get("duration") or "").partition(":")
        if not (minutes.isdigit() and seconds.isdigit()):
            return ""
        return f"PT{int(minutes)}M{int(seconds)}S"


class VideoBlock(blocks.StructBlock):
    """A video (e.g. in German Sign Language) with poster, captions, transcript and download."""

    title = blocks.CharBlock(label=_("Title"), max_length=150)
    video = DocumentChooserBlock(
        label=_("Video file"),
        required=False,
        help_text=_("A WebM or MP4 file. Without a file the page shows the transcript only."),
    )
    poster = ImageChooserBlock(
        label=_("Poster image"),
        required=False,
        help_text=_("A still image shown before the video starts."),
    )
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"),
        required=False,
        help_text=_("A .vtt file with the spoken or signed content as German text."),
    )
    duration = blocks.RegexBlock(
        regex=r"^\d{1,3}:[0-5]\d$",
        label=_("Duration"),
        required=False,
        help_text=_("Minutes and seconds, for example 2:35."),
        error_messages={"invalid": _("Enter the duration as minutes:seconds, e.g. 2:35.")},
    )
    transcript = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Transcript"),
        required=False,
        help_text=_("The full content of the video as text."),
    )

    class Meta:
        icon = "media"
        template = "components/streamfield/video_block.html"
        label = _("Video")
        value_class = VideoValue

    def clean(self, value):
        value = super().clean(value)
        video, captions = value.get("video"), value.get("captions")
        if video and video.file_extension.lower() not in VIDEO_TYPES:
            raise field_error("video", _("Choose a video in WebM or MP4 format."))
        if captions and captions.file_extension.lower() != "vtt":
            raise field_error("captions", _("Captions must be a WebVTT file (.vtt)."))
        if video and not captions and not value.get("transcript"):
            raise field_error(
                "captions",
                _("A video needs captions or a transcript for people who cannot see it."),
            )
        if video and not value.get("duration"):
            raise field_error("duration", _("State how long the video is."))
        return value


class WordExplanationBlock(blocks.StructBlock):
    """A difficult word and its explanation, as Leichte Sprache asks for."""

    term = blocks.CharBlock(label=_("Word"), max_length=80)
    explanation = blocks.TextBlock(label=_("Explanation"))

    class Meta:
        icon = "help"
        template = "components/streamfield/word_explanation_block.html"
        label = _("Word explanation")


class EasyLanguageStreamBlock(blocks.StreamBlock):
    """Blocks for pages in Leichte Sprache: plain text, word explanations, pictures, videos."""

    rich_text = blocks.RichTextBlock(
        features=EASY_LANGUAGE_FEATURES,
        label=_("Text"),
        template="components/streamfield/rich_text_block.html",
    )
    word_explanation = WordExplanationBlock()
    image = ImageBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()


class SignLanguageStreamBlock(blocks.StreamBlock):
    """Blocks for pages in German Sign Language: videos first, text around them."""

    video = VideoBlock()
    rich_text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Text"),
        template="components/streamfield/rich_text_block.html",
    )
    call_to_action = CallToActionBlock()


class NonAccessibleContentBlock(blocks.StructBlock):
    """One item of the statement's list of content that is not accessible, with its reason."""

    REASONS = [
        ("non_compliance", _("Non-compliance with the requirements")),
        ("disproportionate_burden", _("Disproportionate burden")),
        ("out_of_scope", _("Content outside the scope of the regulation")),
    ]

    content = blocks.CharBlock(label=_("Content concerned"), max_length=200)
    description = blocks.TextBlock(label=_("What is not accessible"))
    reason = blocks.ChoiceBlock(choices=REASONS, label=_("Reason"), default="non_compliance")
    justification = blocks.TextBlock(
        label=_("Justification"),
        required=False,
        help_text=_("Required for a disproportionate burden: why the effort is not reasonable."),
    )
    alternative = blocks.TextBlock(
        label=_("Accessible alternative"),
        required=False,
        help_text=_("How people can get the information in another way."),
    )
    planned_fix = blocks.CharBlock(
        label=_("Planned fix"),
        required=False,
        max_length=200,
        help_text=_("What is planned and by when, if known."),
    )

    class Meta:
        icon = "warning"
        label = _("Content that is not accessible")

    def clean(self, value):
        value = super().clean(value)
        if value.get("reason") == "disproportionate_burden" and not value.get("justification"):
            raise field_error(
                "justification",
                _("Explain why removing this barrier would be a disproportionate burden."),
            )
        return value


class NonAccessibleContentStreamBlock(blocks.StreamBlock):
    """The list of content that is not accessible (EU model statement, section 2)."""

    item = NonAccessibleContentBlock()
