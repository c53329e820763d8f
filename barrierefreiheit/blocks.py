"""Blocks of the accessibility pages: sign language videos, Leichte Sprache, the statement."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import RICH_TEXT_FEATURES, CallToActionBlock, ImageBlock

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
    since = blocks.DateBlock(
        label=_("Known since"),
        required=False,
        help_text=_("When the barrier was found (by a check, by hand or through a report)."),
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
