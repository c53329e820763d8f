"""Accessibility statement, Leichte Sprache and sign language pages, and the video block."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from barrierefreiheit.blocks import NonAccessibleContentBlock, VideoBlock
from barrierefreiheit.models import AccessibilityCheck, AccessibilityStatementPage
from home.blocks import ImageBlock
from home.models import FooterSettings
from tests.factories import (
    AccessibilityStatementPageFactory,
    EasyLanguagePageFactory,
    SignLanguagePageFactory,
)

pytestmark = pytest.mark.django_db


def document(title: str, filename: str, content: bytes = b"x" * 2048):
    Document = get_document_model()
    doc = Document(title=title, file=ContentFile(content, name=filename))
    doc._set_document_file_metadata()
    doc.save()
    return doc


BARRIERS = [
    (
        "item",
        {
            "content": "Karten der Radwege",
            "description": "Die Karte ist mit dem Screenreader nicht nutzbar.",
            "reason": "non_compliance",
            "justification": "",
            "alternative": "Eine Liste der Radwege steht unter der Karte.",
            "since": "2026-02-10",
            "planned_fix": "Bis Ende 2026",
        },
    ),
    (
        "item",
        {
            "content": "Alte Sitzungsprotokolle (PDF)",
            "description": "Gescannte PDF-Dateien ohne Texterkennung.",
            "reason": "disproportionate_burden",
            "justification": "Über 3.000 Seiten aus den Jahren vor 2010.",
            "alternative": "Auf Anfrage lesen wir Ihnen Auszüge vor.",
            "planned_fix": "",
        },
    ),
]


def test_statement_follows_the_model_statement_sections(client, home_page):
    statement = AccessibilityStatementPageFactory(
        parent=home_page,
        non_accessible_content=BARRIERS,
        prepared_on=datetime.date(2026, 3, 1),
        last_reviewed_on=datetime.date(2026, 9, 15),
        contact_phone="02821 84-0",
    )
    html = client.get(statement.url).content.decode()

    for heading in [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontaktangaben",
        "Durchsetzungsverfahren",
    ]:
        assert f">{heading}</h2>" in html
    assert "<strong>teilweise vereinbar</strong>" in html
    assert "EN 301 549 V4.1.1" in html
    # Grouped by the reasons of the model statement, each with its alternative.
    assert html.index("Unvereinbarkeit mit den Anforderungen") < html.index("Karten der Radwege")
    assert html.index("Unverhältnismäßige Belastung") < html.index("Alte Sitzungsprotokolle")
    assert "Eine Liste der Radwege steht unter der Karte." in html
    assert "Über 3.000 Seiten" in html
    # Each known barrier says since when it is known (an editable date of the list item).
    radwege = html[html.index("Karten der Radwege") : html.index("Alte Sitzungsprotokolle")]
    assert 'Bekannt seit <time datetime="2026-02-10">10. Februar 2026</time>' in radwege
    assert html.count("Bekannt seit") == 1  # the second item has no date: nothing is made up
    assert '<time datetime="2026-03-01">1. März 2026</time>' in html
    assert '<time datetime="2026-09-15">15. September 2026</time>' in html
    assert 'href="/barriere-melden/?seite=/barrierefreiheit/"' in html
    assert "Ombudsstelle für barrierefreie Informationstechnik" in html
    assert 'href="mailto:ombudsstelle-barrierefreie-it@mags.nrw.de"' in html
    assert 'href="tel:0282184-0"' in html
    assert "Es wurde noch keine automatische Prüfung durchgeführt." in html


def test_statement_shows_the_last_automated_check(client, home_page):
    statement = AccessibilityStatementPageFactory(parent=home_page)
    AccessibilityCheck.objects.create(
        base_url="http://x",
        pages_checked=3,
        passed=True,
        checked_at=timezone.now() - datetime.timedelta(days=40),
    )
    AccessibilityCheck.objects.create(
        base_url="http://x",
        pages_checked=57,
        passed=False,
        checked_at=timezone.now() - datetime.timedelta(days=1),
        violations={"color-contrast": {"help": "Elemente müssen ausreichenden Farbkontrast haben"}},
    )
    html = client.get(statement.url).content.decode()
    newest = timezone.localtime(timezone.now() - datetime.timedelta(days=1))
    assert f">{newest.day}. " in html
    assert "57 Seiten" in html
    assert "Verstöße gegen 1 Regel" in html
    assert "Elemente müssen ausreichenden Farbkontrast haben" in html


def test_statement_with_full_compliance_and_no_barriers(client, home_page):
    statement = AccessibilityStatementPageFactory(parent=home_page, compliance_status="full")
    AccessibilityCheck.objects.create(base_url="http://x", pages_checked=12, passed=True)
    html = client.get(statement.url).content.decode()
    assert "<strong>vollständig vereinbar</strong>" in html
    assert "Uns sind keine Inhalte bekannt, die nicht barrierefrei sind." in html
    assert "keine Verstöße gefunden" in html


def test_review_is_overdue_after_a_year(home_page):
    today = timezone.localdate()
    statement = AccessibilityStatementPageFactory(
        parent=home_page,
        prepared_on=today - datetime.timedelta(days=800),
        last_reviewed_on=today - datetime.timedelta(days=364),
    )
    assert not statement.review_overdue
    statement.last_reviewed_on = timezone.localdate() - datetime.timedelta(days=366)
    assert statement.review_overdue


def test_review_date_cannot_be_before_the_statement(home_page):
    statement = AccessibilityStatementPageFactory.build(
        prepared_on=datetime.date(2026, 5, 1), last_reviewed_on=datetime.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        statement.clean()
    assert "last_reviewed_on" in error.value.message_dict


def test_only_one_statement_below_the_home_page():
    assert AccessibilityStatementPage.max_count == 1
    assert AccessibilityStatementPage.parent_page_types == ["home.HomePage"]


def test_disproportionate_burden_needs_a_justification():
    block = NonAccessibleContentBlock()
    value = block.to_python(dict(BARRIERS[1][1], justification=""))
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "justification" in error.value.block_errors


def test_image_needs_alt_text_or_decorative():
    """Images need an alternative text or an explicit 'decorative' (rule of the content checker)."""
    block = ImageBlock()
    image = get_image_model().objects.create(title="Burg", file=get_test_image_file())
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": " ", "decorative": False}))
    assert "alt_text" in error.value.block_errors
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "Die Schwanenburg"}))


def test_video_needs_captions_or_transcript_and_duration():
    block = VideoBlock()
    video = document("DGS-Video", "dgs.webm")
    captions = document("Untertitel", "dgs.vtt", b"WEBVTT\n")
    pdf = document("Handbuch", "handbuch.pdf")

    def clean(**value):
        return block.clean(block.to_python({"title": "Willkommen", **value}))

    with pytest.raises(StructBlockValidationError) as error:
        clean(video=video.pk, duration="1:30")
    assert "captions" in error.value.block_errors
    with pytest.raises(StructBlockValidationError) as error:
        clean(video=video.pk, captions=pdf.pk, duration="1:30")
    assert "captions" in error.value.block_errors
    with pytest.raises(StructBlockValidationError) as error:
        clean(video=pdf.pk, captions=captions.pk, duration="1:30")
    assert "video" in error.value.block_errors
    with pytest.raises(StructBlockValidationError) as error:
        clean(video=video.pk, captions=captions.pk)
    assert "duration" in error.value.block_errors
    assert clean(video=video.pk, captions=captions.pk, duration="1:30")
    assert clean(transcript="<p>Nur Text, noch kein Video.</p>")  # video may follow later


def test_sign_language_page_with_video_states_size_duration_and_captions(client, home_page):
    video = document("DGS-Video", "willkommen.webm", b"v" * 1_258_291)
    captions = document("Untertitel", "willkommen.vtt", b"WEBVTT\n")
    page = SignLanguagePageFactory(
        parent=home_page,
        body=[
            (
                "video",
                {
                    "title": "Willkommen auf der Plattform",
                    "video": video,
                    "captions": captions,
                    "duration": "2:35",
                    "transcript": "<p>Hallo und herzlich willkommen.</p>",
                },
            )
        ],
    )
    html = client.get(page.url).content.decode()
    assert '<source src="/dokumente/' in html
    assert 'type="video/webm"' in html
    assert '<track kind="captions"' in html
    assert 'srclang="de"' in html
    assert "Video herunterladen" in html
    assert "WEBM, 1,2\xa0MB" in html
    assert '<time datetime="PT2M35S">2:35</time>' in html
    assert "Hallo und herzlich willkommen." in html


def test_sign_language_page_without_video_shows_the_transcript(client, home_page):
    page = SignLanguagePageFactory(
        parent=home_page,
        body=[("video", {"title": "Willkommen", "transcript": "<p>Der Inhalt als Text.</p>"})],
    )
    html = client.get(page.url).content.decode()
    assert "<video" not in html
    assert "Das Video ist zurzeit nicht verfügbar." in html
    assert '<details class="video-block__transcript" open>' in html
    assert "Der Inhalt als Text." in html


def test_sign_language_page_links_its_subpages_only_when_there_are_some(client, home_page):
    page = SignLanguagePageFactory(parent=home_page)
    assert (
        "Weitere Videos in Deutscher Gebärdensprache" not in client.get(page.url).content.decode()
    )
    child = SignLanguagePageFactory(parent=page, title="Ideen einreichen", slug="ideen")
    html = client.get(page.url).content.decode()
    assert '<h2 id="more-heading">Weitere Videos in Deutscher Gebärdensprache</h2>' in html
    assert f'<a href="{child.url}">Ideen einreichen</a>' in html


def test_easy_language_page_explains_words(client, home_page):
    page = EasyLanguagePageFactory(
        parent=home_page,
        body=[
            ("rich_text", "<h2>Was ist das?</h2><p>Das ist eine Internet-Seite.</p>"),
            (
                "word_explanation",
                {"term": "Beteiligung", "explanation": "Beteiligung heißt: Sie reden mit."},
            ),
        ],
    )
    child = EasyLanguagePageFactory(parent=page, title="Ideen in Leichter Sprache", slug="ideen")
    html = client.get(page.url).content.decode()
    assert "<dt>Was bedeutet „Beteiligung“?</dt>" in html
    assert "Beteiligung heißt: Sie reden mit." in html
    assert f'href="{child.url}"' in html
    assert "Mehr in Leichter Sprache" in html


def test_home_page_and_footer_link_easy_and_sign_language(client, home_page, site):
    easy = EasyLanguagePageFactory(parent=home_page)
    sign = SignLanguagePageFactory(parent=home_page)
    statement = AccessibilityStatementPageFactory(parent=home_page)
    FooterSettings.objects.update_or_create(
        site=site,
        defaults={
            "easy_language_page": easy,
            "sign_language_page": sign,
            "accessibility_page": statement,
        },
    )
    html = client.get("/").content.decode()
    hero = html.split('class="hero__access-links"', 1)[1].split("</ul>", 1)[0]
    assert f'href="{easy.url}"' in hero
    assert f'href="{sign.url}"' in hero
    footer = html.split("<footer", 1)[1]
    for page in (easy, sign, statement):
        assert f'href="{page.url}"' in footer
    assert 'href="/barriere-melden/?seite=/"' in footer


def test_rich_text_headings_are_limited_to_h2_to_h4():
    from barrierefreiheit.blocks import EASY_LANGUAGE_FEATURES
    from home.blocks import RICH_TEXT_FEATURES

    assert {f for f in RICH_TEXT_FEATURES if f.startswith("h")} == {"h2", "h3", "h4"}
    assert "h1" not in EASY_LANGUAGE_FEATURES
    assert "italic" not in EASY_LANGUAGE_FEATURES


def test_stream_blocks_reject_unknown_content():
    from barrierefreiheit.blocks import SignLanguageStreamBlock

    block = SignLanguageStreamBlock()
    assert "raw_html" not in block.child_blocks
    assert set(block.child_blocks) == {"video", "rich_text", "call_to_action"}


def test_query_counts_stay_small(client, home_page, django_assert_max_num_queries):
    statement = AccessibilityStatementPageFactory(parent=home_page, non_accessible_content=BARRIERS)
    AccessibilityCheck.objects.create(base_url="http://x", pages_checked=3, passed=True)
    client.get(statement.url)  # warm caches (site root, settings)
    with django_assert_max_num_queries(12):
        assert client.get(statement.url).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/barriere-melden/").status_code == 200
