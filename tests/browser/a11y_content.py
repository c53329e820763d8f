"""Content for the accessibility browser tests: statement, Leichte Sprache, DGS with a video."""

from functools import partial
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from demo.loader import MEDIA as DEMO_FILES
from demo.loader import root_collection
from home.models import FooterSettings
from home.setup import ensure_site_root
from tests.factories import (
    AccessibilityStatementPageFactory,
    EasyLanguagePageFactory,
    SignLanguagePageFactory,
)

from .shots import shoot

SCREENS = Path("/tmp/screens/a11y")
screenshot = partial(shoot, folder=SCREENS)  # for a human look, not an assertion


def document(title: str, filename: str, content: bytes):
    Document = get_document_model()
    doc = Document(
        title=title, file=ContentFile(content, name=filename), collection=root_collection()
    )
    doc._set_document_file_metadata()
    doc.save()
    return doc


def build_accessibility_pages(with_video: bool = True) -> dict:
    """Statement, Leichte Sprache and sign language pages, linked from the footer."""
    home = ensure_site_root()
    statement = AccessibilityStatementPageFactory(
        parent=home,
        non_accessible_content=[
            (
                "item",
                {
                    "content": "Videos in Gebärdensprache",
                    "description": "Noch nicht alle Inhalte gibt es in DGS.",
                    "reason": "non_compliance",
                    "justification": "",
                    "alternative": "Alle Inhalte gibt es als Text.",
                    "planned_fix": "2027",
                },
            )
        ],
    )
    easy = EasyLanguagePageFactory(
        parent=home,
        body=[
            (
                "rich_text",
                "<h2>Was ist diese Internet-Seite?</h2><p>Diese Seite ist von der Stadt Kleve.</p>"
                '<p>Hier können Sie <a href="/barriere-melden/">Barrieren melden</a>.</p>',
            ),
            ("word_explanation", {"term": "Barriere", "explanation": "Ein Hindernis."}),
        ],
    )
    video_value = {"title": "Willkommen", "transcript": "<p>Willkommen in Kleve.</p>"}
    if with_video:
        image = get_image_model().objects.create(
            title="Standbild",
            collection=root_collection(),
            file=get_test_image_file(filename="poster.png", size=(640, 360)),
        )
        video_value.update(
            video=document(
                "DGS", "willkommen.webm", (DEMO_FILES / "dgs-willkommen.webm").read_bytes()
            ),
            captions=document(
                "Untertitel", "willkommen.vtt", (DEMO_FILES / "dgs-willkommen.vtt").read_bytes()
            ),
            poster=image,
            duration="0:12",
        )
    sign = SignLanguagePageFactory(parent=home, body=[("video", video_value)])
    FooterSettings.objects.update_or_create(
        site=home.get_site(),
        defaults={
            "accessibility_page": statement,
            "easy_language_page": easy,
            "sign_language_page": sign,
        },
    )
    return {"statement": statement, "easy": easy, "sign": sign}
