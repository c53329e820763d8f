"""`manage.py load_demo`: a living demo site, created once, safe to re-run."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from beteiligung.models import ProjectIndexPage, ProjectPage
from demo import loader as demo_loader
from demo.loader import accounts
from home.models import ContentPage, FooterSettings, HomePage
from home.setup import ensure_site_root

MENU_TITLES = [
    "Projekte",
    "So funktioniert die Beteiligung",
    "Über die Plattform",
]
FOOTER_TITLES = [
    "Impressum",
    "Datenschutz",
    "Erklärung zur Barrierefreiheit",
    "Leichte Sprache",
    "Gebärdensprache",
    "Netiquette",
]


def load_demo(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out, **options)
    return out.getvalue()


def demo_pages() -> list[Page]:
    """The live pages the home loaders create: home, content, footer and project pages."""
    return [
        HomePage.objects.get(),
        *ContentPage.objects.live(),
        *ProjectIndexPage.objects.live(),
        *ProjectPage.objects.live(),
    ]


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
        "footer settings": FooterSettings.objects.count(),
        "groups": Group.objects.count(),
    }


@pytest.fixture
def media_root(settings, tmp_path):
    """Generated images and documents go to a temporary folder, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


# On an empty database


def test_refuses_to_run_without_debug_unless_forced(home_page, settings, media_root):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
    assert not ContentPage.objects.exists()


@pytest.fixture
def only_accounts(monkeypatch):
    """Run just the accounts loader, for tests about the command rather than the content."""
    monkeypatch.setattr(demo_loader, "DEMO_LOADERS", ["demo.loader.load_users"])


def test_runs_without_force_when_debug_is_on(home_page, settings, only_accounts):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="admin").exists()


def test_editors_group_is_rebuilt_when_a_flushed_database_lost_it(home_page, only_accounts, client):
    Group.objects.filter(name="Editors").delete()
    load_demo()
    client.login(username="redaktion", password="Kleve-Redaktion-2026!")
    assert client.get("/cms/").status_code == 200
    assert client.get("/cms/pages/").status_code == 200


def example_idea_loader(run):
    """A further step, as a project adding its own demo content would register it."""
    if ProjectPage.objects.filter(slug="freies-wlan").exists():
        run.note("idea", "Mehr Sitzbänke mit WLAN")


def test_apps_register_further_loaders(home_page, media_root, monkeypatch):
    loader = f"{__name__}.example_idea_loader"
    builtin = ["demo.loader.load_users", "demo.loader.load_projects"]
    monkeypatch.setattr(demo_loader, "DEMO_LOADERS", [*builtin, loader])
    output = load_demo(verbosity=2)
    # It ran after the built-in loaders and saw the projects they created.
    assert "idea: Mehr Sitzbänke mit WLAN" in output


# On a database with the demo loaded


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once per class in a transaction that is rolled back afterwards.

    Each test still runs in its own savepoint (`db`), so changes stay within the test.
    """
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        ensure_site_root()
        yield load_demo()
        transaction.set_rollback(True)
    cache.clear()  # cached renditions would name files of the rolled-back images


@pytest.fixture
def demo(loaded_demo, db) -> str:
    """The loaded demo; returns the output of the command's first run."""
    return loaded_demo


class TestLoadedDemo:
    def test_creates_menu_pages_footer_pages_and_home_intro(self, demo):
        home = HomePage.objects.get()
        assert "Beteiligungs- und Ideenplattform" in home.intro
        menu = home.get_children().live().in_menu()
        titles = list(menu.values_list("title", flat=True))
        assert [title for title in titles if title in MENU_TITLES] == MENU_TITLES  # other apps add
        # The strategy is linked from "Über die Plattform", so the menu fits one row at 1280 px.
        assert "Digitalstrategie" not in titles
        about = ContentPage.objects.get(slug="ueber-die-plattform")
        strategy = ContentPage.objects.get(slug="digitalstrategie")
        assert f'id="{strategy.pk}"' in str(about.body.raw_data)
        # Statement, Leichte Sprache and DGS have their own page types (test_accessibility_demo).
        footer_pages = Page.objects.filter(title__in=FOOTER_TITLES)
        assert footer_pages.count() == len(FOOTER_TITLES)
        assert not footer_pages.filter(show_in_menus=True).exists()
        # Every demo page was published through a revision, so the admin shows no draft.
        for page in demo_pages():
            assert page.live and page.latest_revision_id and not page.has_unpublished_changes, page

    def test_strategy_page_uses_several_block_types(self, demo):
        page = ContentPage.objects.get(slug="digitalstrategie")
        block_types = {block.block_type for block in page.body}
        assert {"rich_text", "quote", "call_to_action", "image", "document_links"} <= block_types
        image_block = next(block for block in page.body if block.block_type == "image")
        assert image_block.value["alt_text"].startswith("Illustration:")
        cta = next(block for block in page.body if block.block_type == "call_to_action")
        assert cta.value["page"].specific_class is ProjectIndexPage

    def test_five_projects_from_the_catalogue_in_every_state(self, demo):
        projects = ProjectPage.objects.live()
        assert projects.count() == 5
        states = {project.slug: project.state for project in projects}
        assert states == {
            "online-beteiligung": "laeuft",
            "freies-wlan": "laeuft",
            "lorawan-sensornetz": "geplant",
            "digitalisierungskurse": "auswertung",
            "open-data": "abgeschlossen",
        }
        assert set(projects.values_list("field_of_action__name", flat=True)) == {
            "Smart City",
            "Partizipation",
        }
        wlan = projects.get(slug="freies-wlan")
        assert wlan.district == "kleve"
        assert wlan.responsible_unit.startswith("Fachbereich 10")
        assert "Testbetrieb durchführen" in str(wlan.body)  # an Einzelmaßnahme of project 2.4
        completed = projects.get(slug="open-data")
        assert completed.outcome and completed.completed_on < timezone.localdate()
        # One project collects comments only.
        lorawan = projects.get(slug="lorawan-sensornetz")
        assert lorawan.offers_comments and not lorawan.offers_proposals
        assert not lorawan.offers_supports

    def test_projects_have_a_consistent_timeline_facts_and_a_contact(self, demo):
        for project in ProjectPage.objects.live():
            phases = list(project.phases.all())
            assert 3 <= len(phases) <= 5, project.slug
            starts = [phase.start_date for phase in phases]
            assert starts == sorted(starts), project.slug
            for phase in phases:
                assert phase.end_date is None or phase.end_date >= phase.start_date
            # One phase is exactly the participation period.
            assert any(
                (phase.start_date, phase.end_date)
                == (project.participation_start, project.participation_end)
                for phase in phases
            ), project.slug
            assert project.current_phase is not None, project.slug
            block_types = [block.block_type for block in project.body]
            assert {"facts", "contact", "rich_text"} <= set(block_types), project.slug
            contact = next(block for block in project.body if block.block_type == "contact")
            assert contact.value["email"] or contact.value["phone"]

    def test_project_pages_show_state_timeline_facts_and_contact(self, demo, client):
        html = client.get("/projekte/freies-wlan/").content.decode()
        assert "Beteiligung läuft" in html
        assert "Online-Beteiligung" in html and "aktuelle Phase" in html
        assert "Auf einen Blick" in html and "Ihre Ansprechperson" in html
        assert "WLAN am Bahnhof und am Busbahnhof" in html  # a proposal
        html = client.get("/projekte/open-data/").content.decode()
        assert "Baustellen mit Dauer und Umleitung" in html.split('id="outcome-heading"')[1]
        html = client.get("/projekte/lorawan-sensornetz/").content.decode()
        assert "Die Beteiligung beginnt am" in html

    def test_footer_settings_link_the_live_footer_pages(self, demo, client):
        settings = FooterSettings.for_site(Site.objects.get(is_default_site=True))
        linked = [page for _label, page in settings.links()]
        titles = [page.title for page in linked]
        assert [title for title in titles if title in FOOTER_TITLES] == FOOTER_TITLES  # + others

        html = client.get("/").content.decode()
        footer = html[html.index('class="site-footer"') :]
        hrefs = re.findall(r'<a href="(/[^"]*)"', footer)
        linked_urls = [page.url for page in linked]
        assert [href for href in hrefs if href in linked_urls] == linked_urls  # in this order
        for href in hrefs:
            assert client.get(href).status_code == 200, href

    def test_accounts_have_verified_addresses_display_names_and_roles(self, demo):
        User = get_user_model()
        for account in accounts():
            user = User.objects.get(username=account.username)
            assert user.email == account.email
            assert user.display_name == account.display_name
            assert EmailAddress.objects.filter(
                user=user, email=account.email, verified=True, primary=True
            ).exists()
        assert User.objects.get(username="admin").is_superuser
        assert User.objects.get(username="redaktion").groups.filter(name="Editors").exists()
        citizens = User.objects.filter(email__endswith="@example.org")
        assert citizens.count() == 2
        assert not citizens.filter(is_staff=True).exists()

    def test_second_run_creates_nothing(self, demo):
        before = counts()
        output = load_demo()
        assert counts() == before
        assert "nothing changed" in output

    def test_second_run_keeps_changed_passwords_and_edited_pages(self, demo, client):
        maria = get_user_model().objects.get(username="maria.beispiel")
        maria.set_password("Mein-eigenes-Passwort-1")
        maria.save()
        imprint = ContentPage.objects.get(slug="impressum")
        imprint.intro = "Von der Redaktion geändert."
        imprint.save_revision().publish()

        load_demo()

        assert client.login(username="maria.beispiel", password="Mein-eigenes-Passwort-1")
        assert ContentPage.objects.get(slug="impressum").intro == "Von der Redaktion geändert."

    def test_output_names_the_site_the_admin_and_every_login(self, demo, settings):
        # The public address (WAGTAILADMIN_BASE_URL): http://127.0.0.1:8000 for `make run`.
        assert f"Site:  {settings.WAGTAILADMIN_BASE_URL}" in demo
        assert f"{settings.WAGTAILADMIN_BASE_URL}/cms/" in demo
        for account in accounts():
            assert account.email in demo
            assert account.password in demo

    def test_the_site_records_carry_the_public_address(self, demo, settings):
        """Feed and open-data links are absolute; they must not say localhost or example.com."""
        from django.contrib.sites.models import Site as DjangoSite
        from wagtail.models import Site

        from home.setup import site_address

        hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == (hostname, port)
        assert DjangoSite.objects.get_current().domain.startswith(hostname)

    def test_home_every_demo_page_and_the_project_list_render(self, demo, client):
        home_html = client.get("/").content.decode()
        for project in ProjectPage.objects.live():
            if project.is_participation_open:
                assert project.title in home_html  # open projects lead the home page teasers
        for page in demo_pages():
            response = client.get(page.url)
            assert response.status_code == 200, page.url
        projects_html = client.get("/projekte/").content.decode()
        for project in ProjectPage.objects.live():
            assert project.title in projects_html

    def test_generated_documents_download(self, demo, client):
        page = ContentPage.objects.get(slug="digitalstrategie")
        documents = next(block for block in page.body if block.block_type == "document_links")
        for document in documents.value["documents"]:
            response = client.get(document.url)
            assert response.status_code == 200
            content = b"".join(response.streaming_content).decode("utf-8-sig")
            assert "Online-Beteiligungsplattform" in content

    def test_demo_passwords_log_in_through_the_login_form(self, demo, client):
        for account in accounts():
            response = client.post(
                "/konto/login/", {"login": account.email, "password": account.password}
            )
            assert response.status_code == 302, account.email
            if account.email in ("admin@kleve.de", "redaktion@kleve.de"):
                # Admin accounts go on to the second factor (test_admin_and_editor_reach_the_cms).
                assert response.url == "/konto/2fa/authenticate/"
                client.logout()
                continue
            assert client.session["_auth_user_id"] == str(
                get_user_model().objects.get(username=account.username).pk
            )
            client.logout()

    def test_admin_and_editor_reach_the_cms(self, demo, client):
        """With e-mail and password, then the code of the demo's known authenticator key."""
        from accounts.second_factor import DEMO_TOTP_SECRETS, totp_code

        for email, password in (
            ("admin@kleve.de", "Kleve-Admin-2026!"),
            ("redaktion@kleve.de", "Kleve-Redaktion-2026!"),
        ):
            response = client.post("/konto/login/", {"login": email, "password": password})
            assert response.url == "/konto/2fa/authenticate/", email
            code = totp_code(DEMO_TOTP_SECRETS[email])
            client.post("/konto/2fa/authenticate/", {"code": code})
            assert client.get("/cms/").status_code == 200, email
            client.logout()
