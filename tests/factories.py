"""Factories for test data shared by all apps."""

import datetime

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.consent import record_consent
from barrierefreiheit.models import (
    AccessibilityStatementPage,
    BarrierReport,
    EasyLanguagePage,
    SignLanguagePage,
)
from beteiligung.models import ProjectIndexPage, ProjectPage
from home.models import ContentPage
from ideen.models import Category, Department, Idea, IdeaPlatformPage, IdeaSupport
from orte.models import Place
from vorhaben.models import ParticipationRequest

DEFAULT_PASSWORD = "Kleve-Test-2026!"


def days(n: int) -> datetime.date:
    """Today in the site's time zone, moved by ``n`` days (participation periods, deadlines)."""
    return timezone.localdate() + datetime.timedelta(days=n)


class UserFactory(factory.django.DjangoModelFactory):
    """A citizen with a verified e-mail address who can log in with DEFAULT_PASSWORD."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.Sequence(lambda n: f"Nutzerin {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        user.save()
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def consented(user, create, extracted, **kwargs):
        """Agreed to the current privacy notice and netiquette at sign-up, unless False."""
        if create and extracted is not False and not user.consents.exists():
            record_consent(user)


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Inhaltsseite {n}")
    intro = "Eine kurze Einleitung."


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projekte"
    slug = "projekte"


class ProjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"Projekt {n}")
    intro = "Worum es in diesem Projekt geht."


class StaffUserFactory(UserFactory):
    """A member of the administration: a verified @kleve.de address makes them staff."""

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kleve.de")
    display_name = factory.Sequence(lambda n: f"Kollegin {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fachbereich {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place of the gazetteer; by default a square in the Kernstadt."""

    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Platz {n}")
    kind = Place.Kind.SQUARE
    district = "kleve"
    latitude = "51.78860"
    longitude = "6.13860"


class IdeaPlatformPageFactory(wagtail_factories.PageFactory):
    """The internal idea platform; give it `parent=home_page`."""

    class Meta:
        model = IdeaPlatformPage

    title = "Ideenplattform"
    slug = "ideenplattform"
    submission_open = True


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea; pass `space=` (an IdeaPlatformPage or ProjectPage).

    ``status=`` other than "eingereicht" walks the idea there through the status trail
    (``move_to``): the database refuses ideas in later states without their trail.
    """

    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idee Nummer {n}")
    description = "Eine Beschreibung der Idee.\n\nMit zwei Absätzen."
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(StaffUserFactory)

    @classmethod
    def _create(cls, model_class, *args, status=Idea.Status.SUBMITTED, **kwargs):
        idea = super()._create(model_class, *args, **kwargs)
        if status != Idea.Status.SUBMITTED:
            move_to(idea, status)
        return idea


def move_to(idea: Idea, status: str, *, recorded_by=None) -> Idea:
    """Record the shortest path of status changes from the idea's state to ``status``.

    The way tests put an idea into a state: through ``record_status_change``, like the admin.
    A merge goes into a new idea of the same space; a withdrawal is the author's.
    """
    from collections import deque

    from transparenz import workflow
    from transparenz.services import record_status_change

    idea.refresh_from_db(fields=["status"])
    paths = {idea.status: []}
    queue = deque([idea.status])
    while queue:
        current = queue.popleft()
        for target in workflow.ORDER:
            if target in workflow.TRANSITIONS.get(current, ()) and target not in paths:
                paths[target] = [*paths[current], target]
                queue.append(target)
    if status not in paths:
        raise ValueError(f"{idea.status} cannot lead to {status}")
    for step in paths[status]:
        by_author = step in workflow.AUTHOR_ONLY
        merged_into = None
        if step == Idea.Status.MERGED:
            merged_into = IdeaFactory(space=idea.space, category=idea.category)
        record_status_change(
            idea,
            to_status=step,
            recorded_by=idea.author if by_author else recorded_by,
            reason="Begründung im Test.",
            deciding_body="" if by_author else "Testgremium",
            by_author=by_author,
            merged_into=merged_into,
            notify=False,
        )
    return idea


class IdeaSupportFactory(factory.django.DjangoModelFactory):
    """A support vote; use services.set_support in tests of the counter."""

    class Meta:
        model = IdeaSupport

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(StaffUserFactory)


# Accessibility (home): statement, Leichte Sprache, sign language, barrier reports


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AccessibilityStatementPage

    title = "Erklärung zur Barrierefreiheit"
    slug = "barrierefreiheit"
    contact_email = "barrierefreiheit@kleve.de"


class EasyLanguagePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EasyLanguagePage

    title = "Leichte Sprache"
    slug = "leichte-sprache"
    intro = "Hier erklären wir diese Internet-Seite in Leichter Sprache."


class SignLanguagePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SignLanguagePage

    title = "Gebärdensprache"
    slug = "gebaerdensprache"
    intro = "Videos in Deutscher Gebärdensprache."


class BarrierReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BarrierReport

    page_url = "/projekte/"
    description = "Der Knopf „Unterstützen“ ist mit der Tastatur nicht erreichbar."


# Vorhabenliste


class ParticipationRequestFactory(factory.django.DjangoModelFactory):
    """A request for participation as a row only; tests of the counter use
    vorhaben.services.request_participation."""

    class Meta:
        model = ParticipationRequest

    user = factory.SubFactory(UserFactory)
    reason = "Wir möchten mitreden."
