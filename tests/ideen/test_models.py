import django_comments
import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site as DjangoSite
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from ideen.models import Category, Idea, IdeaPlatformPage
from ideen.text import render_plain_text, sanitize_plain_text
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)

pytestmark = pytest.mark.django_db


# Text in and out


def test_sanitize_strips_markup_and_keeps_words():
    text = sanitize_plain_text(
        '<script>alert(1)</script>Hallo <b>Welt</b> & "Kleve"\r\n\r\n\r\n\r\nEnde'
    )
    assert text == 'alert(1)Hallo Welt & "Kleve"\n\nEnde'


def test_sanitize_keeps_comparisons_that_look_like_tags():
    assert sanitize_plain_text("a < b und c > d") == "a < b und c > d"


def test_render_makes_paragraphs_line_breaks_and_nofollow_links():
    html = render_plain_text("Erster Absatz\nzweite Zeile\n\nSiehe https://www.kleve.de/?a=1&b=2")
    assert html.count("<p>") == 2
    assert "Erster Absatz<br>zweite Zeile" in html
    assert 'href="https://www.kleve.de/?a=1&amp;b=2"' in html
    assert 'rel="nofollow ugc"' in html


def test_render_escapes_everything_else():
    html = render_plain_text('<img src=x onerror="alert(1)"> javascript:alert(1)')
    assert "<img" not in html
    assert "&lt;img" in html
    assert 'href="javascript' not in html


def test_idea_is_stored_sanitised(platform, category):
    idea = IdeaFactory(
        space=platform,
        category=category,
        title="  <em>Neue</em>   Idee ",
        description="<p>Text</p><iframe src='x'></iframe>",
    )
    idea.refresh_from_db()
    assert idea.title == "Neue Idee"
    assert idea.description == "Text"


def test_absolute_url_points_to_the_detail_page(idea):
    assert idea.get_absolute_url() == f"/ideen/{idea.pk}/"


def test_new_idea_is_submitted_with_zero_counters(idea):
    assert idea.status == Idea.Status.SUBMITTED
    assert (idea.support_count, idea.comment_count) == (0, 0)
    assert idea.edited_at is None


def test_all_states_of_the_status_trail_exist():
    assert {value for value, _label in Idea.Status.choices} == {
        "eingereicht",
        "in_pruefung",
        "angenommen",
        "abgelehnt",
        "zusammengelegt",
        "in_umsetzung",
        "umgesetzt",
        "zurueckgezogen",
    }


# Categories


def test_migration_seeded_the_strategy_catalogue():
    assert Category.objects.top_level().count() == 6
    assert Category.objects.filter(parent__isnull=False).count() == 42
    e_government = Category.objects.get(name="E-Government", parent=None)
    assert e_government.children.filter(name="Digitales Bürgerbüro").exists()


def test_a_project_cannot_be_the_parent_of_another(category):
    nested = Category(name="Unterprojekt", slug="unterprojekt", parent=category)
    with pytest.raises(ValidationError):
        nested.full_clean()


def test_filtering_by_a_field_of_action_includes_its_projects(platform, field_of_action, category):
    in_project = IdeaFactory(space=platform, category=category)
    in_field = IdeaFactory(space=platform, category=field_of_action)
    elsewhere = IdeaFactory(space=platform, category=CategoryFactory())
    found = set(Idea.objects.in_category(field_of_action))
    assert found == {in_project, in_field}
    assert elsewhere not in found
    assert set(Idea.objects.in_category(category)) == {in_project}


def test_platform_offers_chosen_fields_with_their_projects(platform, field_of_action, category):
    other = CategoryFactory()
    assert other in platform.offered_categories()  # nothing chosen: everything
    platform.categories.set([field_of_action])
    platform.save()
    offered = set(platform.offered_categories())
    assert offered == {field_of_action, category}


# The platform page protects itself


def test_platform_page_gets_a_group_view_restriction(platform):
    restriction = PageViewRestriction.objects.get(page=platform)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == set(
        IdeaPlatformPage.VIEW_GROUPS
    )


def test_removed_privacy_comes_back_on_the_next_save(platform):
    PageViewRestriction.objects.filter(page=platform).delete()
    platform.save_revision().publish()
    assert PageViewRestriction.objects.filter(page=platform, restriction_type="groups").exists()


def test_platform_page_is_not_public(platform):
    assert not IdeaPlatformPage.objects.public().filter(pk=platform.pk).exists()


# Queryset


def test_open_excludes_decided_and_withdrawn(platform, category):
    submitted = IdeaFactory(space=platform, category=category)
    review = IdeaFactory(space=platform, category=category, status=Idea.Status.UNDER_REVIEW)
    IdeaFactory(space=platform, category=category, status=Idea.Status.ADOPTED)
    IdeaFactory(space=platform, category=category, status=Idea.Status.WITHDRAWN)
    assert set(Idea.objects.open()) == {submitted, review}


def test_matching_needs_every_word_in_title_or_description(platform, category):
    both = IdeaFactory(
        space=platform, category=category, title="Termine online", description="Bürgerbüro"
    )
    IdeaFactory(
        space=platform, category=category, title="Termine am Telefon", description="Ohne Netz"
    )
    assert list(Idea.objects.matching("termine bürgerbüro")) == [both]


def test_matching_finds_other_forms_of_a_word_like_the_site_search(platform, category):
    cycle = IdeaFactory(
        space=platform, category=category, title="Sichere Radwege", description="Am Ring."
    )
    IdeaFactory(space=platform, category=category, title="Radio im Rathaus", description="Musik.")
    assert list(Idea.objects.matching("Radweg")) == [cycle]
    assert list(Idea.objects.matching("radwegen sicher")) == [cycle]
    assert Idea.objects.matching(" ?! ").count() == 2


def test_sorted_by_support_and_comments(platform, category):
    quiet = IdeaFactory(space=platform, category=category)
    loved = IdeaFactory(space=platform, category=category)
    talked = IdeaFactory(space=platform, category=category)
    Idea.objects.filter(pk=loved.pk).update(support_count=5)
    Idea.objects.filter(pk=talked.pk).update(comment_count=3)
    assert next(iter(Idea.objects.sorted_by("supported"))) == loved
    assert next(iter(Idea.objects.sorted_by("discussed"))) == talked
    assert next(iter(Idea.objects.sorted_by("newest"))) == talked
    assert list(Idea.objects.sorted_by("nonsense"))[-1] == quiet


def test_visible_to_keeps_internal_ideas_from_citizens_and_anonymous(
    idea, citizen, staff_user, moderator, editor, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    assert not Idea.objects.visible_to(AnonymousUser()).exists()
    assert not Idea.objects.visible_to(citizen).exists()
    for user in (staff_user, moderator, editor):
        assert list(Idea.objects.visible_to(user)) == [idea]


def test_visible_to_shows_public_spaces_to_everybody(home_page, citizen, category):
    from django.contrib.auth.models import AnonymousUser

    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home_page))
    public_idea = IdeaFactory(space=project, category=category)
    assert list(Idea.objects.visible_to(AnonymousUser())) == [public_idea]
    assert list(Idea.objects.visible_to(citizen)) == [public_idea]


def test_visible_to_hides_unpublished_and_restricted_spaces(home_page, citizen, category):
    index = ProjectIndexPageFactory(parent=home_page)
    draft = ProjectPageFactory(parent=index, live=False)
    restricted = ProjectPageFactory(parent=index)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    IdeaFactory(space=draft, category=category)
    IdeaFactory(space=restricted, category=category)
    assert not Idea.objects.visible_to(citizen).exists()


def test_internal_ideas_stay_internal_even_if_the_privacy_was_removed(platform, idea, citizen):
    PageViewRestriction.objects.filter(page=platform).delete()
    assert not Idea.objects.visible_to(citizen).exists()


def test_unpublished_platform_hides_its_ideas_from_staff(platform, idea, staff_user):
    platform.unpublish()
    assert not Idea.objects.visible_to(staff_user).exists()


# Comment counter (the comments app calls refresh_comment_count)


def _comment(idea, user, **kwargs):
    return django_comments.get_model().objects.create(
        content_type=ContentType.objects.get_for_model(Idea),
        object_pk=str(idea.pk),
        site=DjangoSite.objects.get_current(),
        user=user,
        comment="Gute Idee",
        **kwargs,
    )


def test_refresh_comment_count_counts_only_visible_comments(
    idea, other_staff, django_assert_num_queries
):
    _comment(idea, other_staff)
    _comment(idea, other_staff)
    _comment(idea, other_staff, is_removed=True)
    _comment(idea, other_staff, is_public=False)
    other = IdeaFactory(space=idea.space, category=idea.category)
    _comment(other, other_staff)
    with django_assert_num_queries(2):  # the UPDATE and reading the new value back
        assert idea.refresh_comment_count() == 2
    idea.refresh_from_db()
    assert idea.comment_count == 2


def test_refresh_comment_count_goes_back_to_zero(idea, other_staff):
    comment = _comment(idea, other_staff)
    idea.refresh_comment_count()
    comment.delete()
    assert idea.refresh_comment_count() == 0
