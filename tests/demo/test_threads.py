"""Demo discussions: colleagues on internal ideas, citizens on open projects, safe to re-run."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment

from beteiligung.models import ProjectPage
from demo.loader import DEMO_LOADERS, read
from diskussion.services import build_thread, comments_for, delete_comment
from home.setup import ensure_site_root
from ideen.models import Idea
from ideen.staff import STAFF_GROUP

OPEN_PROJECTS = {"freies-wlan", "online-beteiligung"}
DISCUSSED_PROJECTS = OPEN_PROJECTS | {"digitalisierungskurse", "open-data"}


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for this module and rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        ensure_site_root()
        yield load_demo()
        transaction.set_rollback(True)
    cache.clear()  # cached renditions would name files of the rolled-back images


@pytest.fixture
def loaded(loaded_demo, db):
    """The loaded demo; each test's changes are rolled back by its own savepoint."""
    return loaded_demo


def idea_comments():
    """Comments on internal ideas."""
    internal = Idea.objects.filter(space__slug="ideenplattform").values_list("pk", flat=True)
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(Idea),
        object_pk__in=[str(pk) for pk in internal],
    )


def proposal_comments():
    """Comments on citizens' proposals."""
    public = Idea.objects.filter(space__in=ProjectPage.objects.all()).values_list("pk", flat=True)
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(Idea),
        object_pk__in=[str(pk) for pk in public],
    )


def project_comments():
    return XtdComment.objects.filter(content_type=ContentType.objects.get_for_model(ProjectPage))


def open_projects() -> list[ProjectPage]:
    return [page for page in ProjectPage.objects.live() if page.is_participation_open]


def test_loader_runs_after_the_ideas_and_the_status_trails():
    position = DEMO_LOADERS.index("demo.loader.load_threads")
    assert position > DEMO_LOADERS.index("demo.loader.load_ideas")
    assert position > DEMO_LOADERS.index("demo.loader.load_decisions")


def test_about_twelve_ideas_have_threads_of_one_to_six_comments(loaded):
    discussed = Idea.objects.filter(comment_count__gt=0, space__slug="ideenplattform")
    assert 10 <= discussed.count() <= 15
    assert discussed.values("department").distinct().count() >= 5
    for idea in discussed:
        top_level = comments_for(idea).filter(level=0).count()
        assert 1 <= top_level <= 6, idea.title
    withdrawn = Idea.objects.filter(status=Idea.Status.WITHDRAWN).values_list("pk", flat=True)
    assert withdrawn
    assert not idea_comments().filter(object_pk__in=[str(pk) for pk in withdrawn]).exists()


def test_each_open_project_has_three_to_eight_citizen_comments(loaded):
    projects = open_projects()
    assert {page.slug for page in projects} == OPEN_PROJECTS
    discussed = [page for page in ProjectPage.objects.live() if comments_for(page).exists()]
    assert {page.slug for page in discussed} == DISCUSSED_PROJECTS  # not the planned one
    for page in discussed:
        comments = comments_for(page)
        citizens = comments.exclude(user__username="redaktion")
        assert 3 <= citizens.count() <= 8, page.slug
        assert citizens.values("user").distinct().count() >= 3, page.slug
        assert not citizens.filter(user__email__iendswith="@kleve.de").exists()


def test_the_editors_answer_a_citizens_question_on_each_open_project(loaded):
    for page in open_projects():
        answers = comments_for(page).filter(user__username="redaktion")
        assert answers.exists(), page.slug
        for answer in answers:
            question = XtdComment.objects.get(pk=answer.parent_id)
            assert question.pk != answer.pk  # a reply, not a comment of its own
            assert "?" in question.comment
            assert question.user.username != "redaktion"
            assert question.submit_date < answer.submit_date


def test_threads_have_replies_at_the_second_and_third_level(loaded):
    for comments in (idea_comments(), project_comments()):
        levels = set(comments.values_list("level", flat=True))
        assert levels == {0, 1, 2}  # comment, reply, reply to a reply; never deeper
    for comment in XtdComment.objects.filter(level__gt=0).select_related("content_type"):
        parent = XtdComment.objects.get(pk=comment.parent_id)
        assert parent.level == comment.level - 1
        assert (parent.content_type_id, parent.object_pk) == (
            comment.content_type_id,
            comment.object_pk,
        )


def test_comment_counts_on_ideas_match_the_visible_comments(loaded):
    anna = get_user_model().objects.get(username="anna.schmitz")
    for idea in Idea.objects.all():
        visible = comments_for(idea).filter(is_public=True, is_removed=False).count()
        assert idea.comment_count == visible, idea.title
        assert build_thread(idea, anna, can_comment=True).count == visible, idea.title


def test_no_citizen_comments_or_likes_on_internal_ideas(loaded):
    User = get_user_model()
    staff = User.objects.filter(groups__name=STAFF_GROUP)
    assert idea_comments().exists()
    assert not idea_comments().exclude(user__in=staff).exists()
    likes = CommentFlag.objects.filter(flag=LIKEDIT_FLAG, comment__in=idea_comments())
    assert likes.exists()
    assert not likes.exclude(user__in=staff).exists()


def test_likes_are_never_on_own_comments(loaded):
    likes = CommentFlag.objects.filter(flag=LIKEDIT_FLAG)
    assert likes.count() >= 40
    assert likes.filter(comment__in=project_comments()).count() >= 10
    for like in likes.select_related("comment"):
        assert like.user_id != like.comment.user_id
        assert like.flag_date >= like.comment.submit_date


def test_dates_follow_the_idea_or_participation_and_are_never_in_the_future(loaded):
    now = timezone.now()
    assert not XtdComment.objects.filter(submit_date__gt=now).exists()
    for idea in Idea.objects.filter(comment_count__gt=0):
        first = comments_for(idea).order_by("submit_date").first()
        assert first.submit_date > idea.created, idea.title
    # Citizens discuss projects and proposals only during the participation period.
    for page in ProjectPage.objects.live():
        targets = [page, *Idea.objects.filter(space=page)]
        for target in targets:
            for submitted in comments_for(target).values_list("submit_date", flat=True):
                day = timezone.localdate(submitted)
                assert page.participation_start <= day <= page.participation_end, target
    for comment in XtdComment.objects.filter(level__gt=0):
        parent = XtdComment.objects.get(pk=comment.parent_id)
        assert comment.submit_date > parent.submit_date
    # Whole minutes, as shown; no fractions of seconds in the pages' datetime attributes.
    for submitted in XtdComment.objects.values_list("submit_date", flat=True):
        assert (submitted.second, submitted.microsecond) == (0, 0)
    # The discussions spread over days and weeks, not one afternoon.
    termine = comments_for(Idea.objects.get(title="Termine im Bürgerbüro online buchen"))
    spread = termine.order_by("-submit_date").first().submit_date - termine.first().submit_date
    assert spread.days >= 14


def test_extra_citizens_cannot_log_in_and_are_not_staff(loaded):
    User = get_user_model()
    for citizen in read("users.yaml")["citizens"]:
        user = User.objects.get(username=citizen["username"])
        assert not user.has_usable_password()
        assert user.display_name == citizen["display_name"]
        assert user.emailaddress_set.filter(email=citizen["email"], verified=True).exists()
        assert not user.groups.filter(name=STAFF_GROUP).exists()
        assert XtdComment.objects.filter(user=user).exists() or Idea.objects.filter(author=user)


def test_some_proposals_are_discussed_and_tom_takes_part(loaded):
    discussed = Idea.objects.filter(space__in=ProjectPage.objects.all(), comment_count__gt=0)
    assert 5 <= discussed.count() <= 12
    assert discussed.values("space").distinct().count() == 4
    for idea in discussed:
        assert idea.comment_count == comments_for(idea).count()
    tom = get_user_model().objects.get(username="tom.muster")
    assert proposal_comments().filter(user=tom).count() >= 3
    assert project_comments().filter(user=tom).count() >= 3


def test_second_run_adds_no_comments_likes_or_accounts(loaded):
    def counts():
        return (
            XtdComment.objects.count(),
            CommentFlag.objects.count(),
            get_user_model().objects.count(),
        )

    before = counts()
    output = load_demo()
    assert counts() == before
    assert "nothing changed" in output


def test_a_demo_comment_deleted_by_its_author_is_not_brought_back(loaded):
    idea = Idea.objects.get(title="Digitaler Laufzettel für neue Mitarbeitende")
    comment = comments_for(idea).get()
    delete_comment(comment, idea)
    assert Idea.objects.get(pk=idea.pk).comment_count == 0

    load_demo()

    assert comments_for(idea).count() == 1
    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_open_project_page_shows_the_thread_to_everybody(loaded, client):
    page = ProjectPage.objects.get(slug="open-data")
    html = client.get(page.url).content.decode()
    count = comments_for(page).count()
    assert f"Diskussion ({count} Beiträge)" in html
    assert "Redaktion Stadt Kleve" in html
    assert "Klaus aus Materborn" in html
    assert "Datenlizenz Deutschland" in html
    assert "Die Beteiligung endete am" in html  # readable, but closed
    for comment in comments_for(page).select_related("user"):
        assert comment.user.email not in html  # names only, never addresses


def test_idea_page_shows_the_thread_to_staff(loaded, client):
    client.login(username="anna.schmitz", password="Kleve-Demo-2026!")
    idea = Idea.objects.get(title="Termine im Bürgerbüro online buchen")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert f"Diskussion ({idea.comment_count} Beiträge)" in html
    assert "Miriam Janssen" in html
    assert "Schön, dass die Idee angenommen wurde!" in html
