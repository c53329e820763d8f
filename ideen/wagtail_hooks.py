from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from accounts.deletion import ACCOUNT_DELETION_HOOK
from accounts.participation import PARTICIPATION_SECTIONS_HOOK
from accounts.personal_data import PERSONAL_DATA_HOOK, PERSONAL_DATA_SIZE_HOOK
from home.admin_display import ReadableSnippetInspectView
from home.inbox import INBOX_KINDS_HOOK

from . import admin_actions, participation, personal_data
from .admin_views import StaffMembersViewSet
from .inbox import ReportedIdeas
from .models import Category, Department, Idea, IdeaPlatformPage
from .moderation_admin import ModerationGroup


def _spaces(request):
    """Pages that have ideas, for the space filter."""
    return Page.objects.filter(pk__in=Idea.objects.values("space")).order_by("title")


class IdeaFilterSet(WagtailFilterSet):
    space = ModelChoiceFilter(label=gettext_lazy("Space"), queryset=_spaces)

    class Meta:
        model = Idea
        fields = ["space", "category", "status"]


class IdeaInspectView(ReadableSnippetInspectView):
    """The idea's detail view: readable values and "Status ändern" as the primary button."""

    @cached_property
    def header_buttons(self):
        return admin_actions.header_buttons(self.object, self.request.user)


class IdeaEditView(EditView):
    """The idea's edit view, with the same primary actions in its header."""

    @cached_property
    def header_buttons(self):
        return admin_actions.header_buttons(self.object, self.request.user)


class IdeaViewSet(SnippetViewSet):
    model = Idea
    icon = "pick"
    menu_label = gettext_lazy("Ideas")
    inspect_view_class = IdeaInspectView
    edit_view_class = IdeaEditView
    list_display = [
        "title",
        "space",
        "category",
        admin_actions.IdeaStatusColumn("status", label=gettext_lazy("Status"), sort_key="status"),
        "support_count",
        "comment_count",
        "created",
    ]
    filterset_class = IdeaFilterSet
    search_fields = ["title", "description"]
    list_per_page = 50
    ordering = ["-created"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return Idea.objects.select_related("space", "category", "author")


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = gettext_lazy("Categories")
    list_display = ["name", "parent", "slug"]
    list_filter = ["parent"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "site"
    menu_label = gettext_lazy("Departments")
    search_fields = ["name"]
    copy_view_enabled = False


class IdeaPlatformGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Idea platform")
    menu_icon = "pick"
    menu_order = 250
    items = (IdeaViewSet, CategoryViewSet, DepartmentViewSet, StaffMembersViewSet)


register_snippet(IdeaPlatformGroup)


@hooks.register("register_admin_viewset")
def register_moderation():
    """The "Moderation" menu: reported proposals, comments (from diskussion), blocked accounts."""
    return ModerationGroup()


@hooks.register("register_permissions")
def register_staff_permission():
    return Permission.objects.filter(content_type__app_label="ideen", codename="manage_staff")


@hooks.register("before_serve_page")
def protect_idea_platform(page, request, serve_args, serve_kwargs):
    """Anonymous users log in, everybody else outside the platform gets 403.

    Runs before Wagtail's own group restriction, which would send logged-in citizens to the
    login page instead of telling them they have no access.
    """
    if isinstance(page, IdeaPlatformPage):
        return page.check_access(request)
    return None


@hooks.register("before_delete_page")
def keep_spaces_with_ideas(request, page):
    """A space with ideas cannot be deleted: the ideas and their decisions must stay traceable."""
    if (
        Idea.objects.filter(space_id=page.pk).exists()
        or Idea.objects.filter(
            space__path__startswith=page.path, space__depth__gt=page.depth
        ).exists()
    ):
        messages.error(
            request,
            _(
                "This page cannot be deleted because ideas were handed in to it. "
                "Unpublish it instead."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


hooks.register(PARTICIPATION_SECTIONS_HOOK, participation.participation_sections)

hooks.register(PERSONAL_DATA_HOOK, personal_data.data_sections)
hooks.register(PERSONAL_DATA_SIZE_HOOK, personal_data.data_size)
hooks.register(ACCOUNT_DELETION_HOOK, personal_data.erase)


hooks.register(INBOX_KINDS_HOOK, ReportedIdeas)
