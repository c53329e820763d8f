"""Fixtures for discussions: project pages (open, closed, restricted) and comment helpers."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import PageViewRestriction

from diskussion.forms import CommentForm
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory, days


@pytest.fixture
def project_index(home_page):
    return ProjectIndexPageFactory(parent=home_page)


@pytest.fixture
def project(project_index):
    """A project whose participation is open today."""
    return ProjectPageFactory(
        parent=project_index,
        title="Digitales Rathaus",
        participation_start=days(-7),
        participation_end=days(7),
    )


@pytest.fixture
def closed_project(project_index):
    return ProjectPageFactory(
        parent=project_index,
        title="Abgeschlossenes Projekt",
        participation_start=days(-60),
        participation_end=days(-30),
    )


@pytest.fixture
def restricted_project(project_index):
    """Stands in for an internal space: open for participation, but not public."""
    page = ProjectPageFactory(
        parent=project_index,
        title="Geschütztes Projekt",
        participation_start=days(-7),
        participation_end=days(7),
    )
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    return page


@pytest.fixture
def other_user(db):
    return UserFactory(display_name="Bernd Beispiel")


def make_comment(target, user, text="Ein Beitrag.", parent=None, **extra) -> XtdComment:
    """Store a comment the way comments-xtd does after a valid post."""
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        site_id=1,
        user=user,
        user_name=user.public_name if user else "",
        user_email=user.email if user else "",
        comment=text,
        submit_date=extra.pop("submit_date", timezone.now()),
        is_public=True,
        is_removed=False,
        parent_id=parent.pk if parent else 0,
        **extra,
    )


def post_data(target, text="Ein neuer Beitrag.", reply_to=0, **extra) -> dict:
    """The fields our comment form sends, with a valid security hash."""
    form = CommentForm(target)
    data = {name: value for name, value in form.initial.items() if name != "followup"}
    data.update(
        comment=text,
        reply_to=str(reply_to),
        honeypot="",
        name="",
        email="",
        url="",
        next="/kommentare/gepostet/",
    )
    data.update(extra)
    return data
