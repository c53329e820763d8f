import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from home.models import FooterSettings
from tests.factories import ContentPageFactory, ProjectIndexPageFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_empty_states_for_citizens(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Zurzeit gibt es keine Beteiligungsprojekte" in html
    assert "noch keine Entscheidungen" in html


def test_home_page_teases_public_live_projects_only(client, home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    ProjectPageFactory(parent=index, title="Digitales Bürgerbüro")
    ProjectPageFactory(parent=index, title="Unveröffentlichtes Projekt", live=False)
    restricted = ProjectPageFactory(parent=index, title="Geschütztes Projekt")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")

    html = client.get("/").content.decode()

    assert "Digitales Bürgerbüro" in html
    assert "Unveröffentlichtes Projekt" not in html
    assert "Geschütztes Projekt" not in html


def test_skip_link_comes_first_and_landmarks_are_labelled(client, home_page):
    html = client.get("/").content.decode()
    body = html.split("<body", 1)[1]
    assert body.index('class="skip-link"') < body.index("<header")
    assert html.count("<main") == 1
    assert 'aria-label="Hauptnavigation"' in html
    assert html.count("<h1") == 1


def test_header_shows_login_and_register_when_logged_out(client, home_page):
    html = client.get("/").content.decode()
    assert "Anmelden" in html
    assert "Registrieren" in html
    assert "Abmelden" not in html


def test_header_shows_display_name_not_email_when_logged_in(client, home_page, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert user.display_name in html
    assert user.email not in html
    assert "Abmelden" in html


def test_footer_links_every_legal_and_accessibility_page(client, home_page, site):
    pages = {
        field: ContentPageFactory(parent=home_page, title=title)
        for field, title in [
            ("imprint_page", "Impressum"),
            ("privacy_page", "Datenschutz"),
            ("accessibility_page", "Erklärung zur Barrierefreiheit"),
            ("easy_language_page", "Leichte Sprache"),
            ("sign_language_page", "Gebärdensprache"),
        ]
    }
    FooterSettings.objects.update_or_create(site=site, defaults=pages)

    html = client.get(pages["privacy_page"].url).content.decode()
    footer = html.split("<footer", 1)[1]

    for label in [
        "Impressum",
        "Datenschutz",
        "Erklärung zur Barrierefreiheit",
        "Leichte Sprache",
        "Gebärdensprache",
    ]:
        assert f">{label}</a>" in footer
    for page in pages.values():
        assert f'href="{page.url}"' in footer


def test_content_page_renders_its_blocks(client, home_page):
    page = ContentPageFactory(
        parent=home_page,
        title="Digitalstrategie",
        body=[
            ("rich_text", "<h2>Ziele</h2><p>Mehr Service.</p>"),
            ("quote", {"quote": "Es muss stets nachvollziehbar sein.", "attribution": "Strategie"}),
            (
                "call_to_action",
                {
                    "heading": "Mitmachen",
                    "text": "",
                    "page": None,
                    "url": "https://www.kleve.de",
                    "link_label": "Zur Stadt",
                },
            ),
        ],
    )
    html = client.get(page.url).content.decode()
    assert "<h2>Ziele</h2>" in html
    assert "Es muss stets nachvollziehbar sein." in html
    assert 'href="https://www.kleve.de"' in html
    assert 'aria-label="Sie sind hier"' in html  # breadcrumbs


def test_project_page_shows_phase_as_text(client, home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    project = ProjectPageFactory(parent=index, title="Open Data Portal")
    html = client.get(project.url).content.decode()
    assert "Open Data Portal" in html
    assert "Beteiligung" in html


def test_home_page_query_count_does_not_grow_with_projects(
    client, home_page, django_assert_max_num_queries
):
    index = ProjectIndexPageFactory(parent=home_page)
    for _ in range(2):
        ProjectPageFactory(parent=index)
    with django_assert_max_num_queries(20) as few:
        client.get("/")
    for _ in range(10):
        ProjectPageFactory(parent=index)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


@override_settings(DEBUG=False)
def test_unknown_url_gives_accessible_404(client, home_page):
    response = client.get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html
    assert 'id="main-content"' in html


def test_the_site_records_take_their_address_from_the_public_base_url(db, settings):
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site

    from home.setup import ensure_site_address, ensure_site_root

    ensure_site_root()
    settings.WAGTAILADMIN_BASE_URL = "https://beteiligung.kleve.de"
    assert ensure_site_address() == ("beteiligung.kleve.de", 443)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "beteiligung.kleve.de",
        443,
        "https://beteiligung.kleve.de",
    )
    assert DjangoSite.objects.get_current().domain == "beteiligung.kleve.de"
    # A port other than the scheme's own is kept (the demo's http://127.0.0.1:8000).
    assert ensure_site_address("http://127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert DjangoSite.objects.get_current().domain == "127.0.0.1:8000"
