"""Factories for test data shared by all apps."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from barrierefreiheit.models import (
    AccessibilityStatementPage,
    BarrierReport,
    EasyLanguagePage,
    SignLanguagePage,
)
from beteiligung.models import ProjectIndexPage, ProjectPage
from home.models import ContentPage
from ideen.models import Category, Department, Idea, IdeaPlatformPage, IdeaSupport

DEFAULT_PASSWORD = "Kleve-Test-2026!"


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


class IdeaPlatformPageFactory(wagtail_factories.PageFactory):
    """The internal idea platform; give it `parent=home_page`."""

    class Meta:
        model = IdeaPlatformPage

    title = "Ideenplattform"
    slug = "ideenplattform"
    submission_open = True


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea; pass `space=` (an IdeaPlatformPage or ProjectPage)."""

    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idee Nummer {n}")
    description = "Eine Beschreibung der Idee.\n\nMit zwei Absätzen."
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(StaffUserFactory)


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
