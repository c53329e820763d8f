"""The demo's accessibility pages: statement, Leichte Sprache and DGS with their own types."""

import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from barrierefreiheit.models import AccessibilityStatementPage, EasyLanguagePage, SignLanguagePage
from demo.loader import DemoRun, ensure_page, load_pages
from home.models import ContentPage, FooterSettings
from home.setup import ensure_site_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", force=True, stdout=io.StringIO())


def test_footer_links_the_special_page_types(demo):
    footer = FooterSettings.objects.get()
    assert isinstance(footer.accessibility_page.specific, AccessibilityStatementPage)
    assert isinstance(footer.easy_language_page.specific, EasyLanguagePage)
    assert isinstance(footer.sign_language_page.specific, SignLanguagePage)


def test_statement_lists_barriers_with_reasons_and_is_current(demo):
    statement = AccessibilityStatementPage.objects.get()
    assert statement.compliance_status == "partial"
    assert not statement.review_overdue
    reasons = {block.value["reason"] for block in statement.non_accessible_content}
    assert reasons == {"non_compliance", "out_of_scope"}
    assert all(block.value["alternative"] for block in statement.non_accessible_content)
    assert statement.contact_email == "barrierefreiheit@kleve.de"
    # Dates of this site, not of the day the demo was loaded; every barrier says since when.
    assert statement.prepared_on == datetime.date(2026, 11, 2)
    assert statement.last_reviewed_on == datetime.date(2026, 12, 5)
    assert all(block.value["since"] for block in statement.non_accessible_content)


def test_statement_claims_no_check_it_cannot_show(demo, client):
    """No "all pages checked" above "no automatic check yet": the result is the stored check."""
    html = client.get("/barrierefreiheit/").content.decode()
    assert "alle Seiten automatisch" not in html
    assert "Es wurde noch keine automatische Prüfung durchgeführt." in html
    assert "Bekannt seit" in html


def test_sign_language_page_has_a_real_video_with_captions(demo):
    video = SignLanguagePage.objects.get().body[0].value
    assert video["video"].file_extension == "webm"
    assert video["video"].file_size > 10_000
    assert video["captions"].file.read().startswith(b"WEBVTT")
    assert video["poster"] is not None
    assert video["duration"] == "0:12"
    assert video["transcript"]


def test_easy_language_follows_the_rules_of_leichte_sprache(demo):
    """Short sentences, one statement each, explained words, negations in bold."""
    page = EasyLanguagePage.objects.get()
    explained = [b.value["term"] for b in page.body if b.block_type == "word_explanation"]
    assert {"Beteiligung", "Barriere", "Konto", "Pass-Wort"} <= set(explained)
    html = "".join(str(b.value) for b in page.body if b.block_type == "rich_text")
    sentences = [s for s in html.replace("<p>", "\n").split("\n") if s.endswith("</p>")]
    longest = max(len(s.removesuffix("</p>").split()) for s in sentences)
    assert longest <= 12, "a sentence in Leichte Sprache is too long"
    assert " nicht " not in html.replace("<b>nicht</b>", "")  # negations are in bold
    assert 'href="/barriere-melden/"' in html
    # It explains the accessibility statement and links to it.
    assert "Erklärung zur Barriere-Freiheit" in html
    assert 'href="/barrierefreiheit/"' in html
    assert "Ombuds-Stelle" in html


def test_pages_render_for_visitors(demo, client):
    for path in ["/barrierefreiheit/", "/leichte-sprache/", "/gebaerdensprache/"]:
        response = client.get(path)
        assert response.status_code == 200, path
    html = client.get("/gebaerdensprache/").content.decode()
    assert "<video" in html
    assert "Video herunterladen" in html


def test_untouched_plain_pages_of_an_earlier_demo_are_replaced(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    home = ensure_site_root()
    run = DemoRun(log=lambda message: None)
    ensure_page(
        run, home, {"type": "content", "slug": "leichte-sprache", "title": "Leichte Sprache"}
    )
    edited = ensure_page(run, home, {"type": "content", "slug": "gebaerdensprache", "title": "DGS"})
    edited.intro = "Von der Redaktion geändert."
    edited.save_revision().publish()

    load_pages(run)

    assert Page.objects.get(slug="leichte-sprache").specific_class is EasyLanguagePage
    assert Page.objects.get(slug="barrierefreiheit").specific_class is AccessibilityStatementPage
    # An editor's work is never thrown away.
    assert Page.objects.get(slug="gebaerdensprache").specific_class is ContentPage
