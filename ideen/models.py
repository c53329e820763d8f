"""The idea platform: categories, the internal space page, ideas, supports and follows.

One ``Idea`` model serves every space. A space is a Wagtail page: the internal
``IdeaPlatformPage`` here, or (later) a public ``beteiligung.ProjectPage``. Spaces share a small
duck-typed protocol that the rules use:

- ``is_internal_space`` (class attribute): only staff, moderators and editors may read it;
- ``accepts_new_ideas``: whether ideas may be submitted now;
- ``accepts_supports``: whether ideas may be supported now;
- ``accepts_comments``: whether ideas may be discussed now;
- ``participation_notice``: for the user, why one of the three is closed ('' when all are open);
- ``idea_form_class``: the form for handing in and editing ideas.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from home import pagecache
from home.blocks import RICH_TEXT_FEATURES
from home.districts import District
from orte.models import PointMixin, point_constraints

from .search import filter_ideas, stemmed_text
from .text import render_plain_text, sanitize_plain_text, sanitize_single_line

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 5000


class CategoryQuerySet(models.QuerySet):
    """The two levels of the strategy's topics."""

    def top_level(self) -> CategoryQuerySet:
        """The Aktionsfelder: categories without a parent."""
        return self.filter(parent__isnull=True)

    def with_children_of(self, categories) -> CategoryQuerySet:
        """The given categories and every child of them."""
        return self.filter(Q(pk__in=categories) | Q(parent__in=categories))


class Category(models.Model):
    """A topic of the digital strategy: an Aktionsfeld, or a Digitalisierungsprojekt within one.

    Two levels in one model: an idea picks the most specific category it fits, and filtering
    by an Aktionsfeld also finds the ideas filed under its projects.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a field of action; choose one for a project within it."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="ideen_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own field of action.")})
        if self.parent is not None and self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Choose a field of action, not a project.")})
        if self.pk and self.parent_id and self.children.exists():
            raise ValidationError(
                {"parent": _("This field of action has projects; it cannot become a project.")}
            )


class Department(models.Model):
    """An organisational unit of the administration (Fachbereich, Amt, Stabsstelle)."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    panels = [FieldPanel("name")]

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def internal_space_content_type_ids() -> list[int]:
    """Content type ids of the page models whose ideas only staff may read."""
    models_ = [m for m in get_page_models() if getattr(m, "is_internal_space", False)]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models_).values()]


def is_internal_space(page: Page) -> bool:
    """Whether a space page is internal; decided by its type, without a query."""
    return bool(getattr(page.specific_class, "is_internal_space", False))


class IdeaPlatformPage(Page):
    """The internal idea platform: staff submit, support and discuss ideas for digitalisation.

    Only staff, moderators and editors see it. A group view restriction keeps it out of site
    search, the sitemap and menus (they list public pages only); ``serve`` checks the rule too.
    """

    is_internal_space = True
    #: The groups whose members may see the page (besides superusers); see ideen.staff.
    VIEW_GROUPS = ("Mitarbeitende", "Moderation", "Moderators", "Editors")
    #: The admin's privacy dialog says "Changing the privacy for this page has been disabled."
    #: A restriction removed anyway comes back (``restore_view_restriction``).
    private_page_options = []

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    categories = ParentalManyToManyField(
        "ideen.Category",
        verbose_name=_("categories on offer"),
        blank=True,
        related_name="+",
        help_text=_(
            "Leave empty to offer every category. "
            "Choosing a field of action offers its projects too."
        ),
    )
    submission_open = models.BooleanField(
        _("submission open"),
        default=True,
        help_text=_("Staff can hand in new ideas. Supporting and discussing stay possible."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("submission_open"), FieldPanel("categories")],
            heading=_("Ideas"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("idea platform")

    # Space protocol
    @property
    def accepts_new_ideas(self) -> bool:
        return self.submission_open

    @property
    def accepts_supports(self) -> bool:
        return True

    @property
    def accepts_comments(self) -> bool:
        return True

    @property
    def participation_notice(self) -> str:
        if not self.submission_open:
            return str(_("New ideas cannot be handed in at the moment."))
        return ""

    @property
    def idea_form_class(self):
        from .forms import IdeaForm

        return IdeaForm

    def offered_categories(self) -> CategoryQuerySet:
        """The categories staff may choose, fields of action with their projects."""
        chosen = [c.pk for c in self.categories.all()]
        categories = Category.objects.select_related("parent")
        if chosen:
            categories = categories.with_children_of(chosen)
        return categories

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        self.ensure_view_restriction()
        return result

    def ensure_view_restriction(self) -> None:
        """Restrict the page to the internal groups, whatever an editor did to its privacy."""
        from django.contrib.auth.models import Group
        from wagtail.models import PageViewRestriction

        groups = [Group.objects.get_or_create(name=name)[0] for name in self.VIEW_GROUPS]
        restriction = PageViewRestriction.objects.filter(
            page=self, restriction_type=PageViewRestriction.GROUPS
        ).first()
        if restriction is None:
            PageViewRestriction.objects.filter(page=self).delete()
            restriction = PageViewRestriction.objects.create(
                page=self, restriction_type=PageViewRestriction.GROUPS
            )
        restriction.groups.add(*groups)

    def check_access(self, request):
        """None when the user may see the platform; a login redirect for anonymous users."""
        from . import rules

        if rules.can_view_platform(request.user, self):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied

    def serve(self, request, *args, **kwargs):
        denied = self.check_access(request)
        if denied is not None:
            return denied
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .listing import idea_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(idea_list_context(request, self))
        return context


def restore_view_restriction(sender, instance, **kwargs) -> None:
    """A view restriction was deleted: an internal space gets its group restriction back.

    Site search, the sitemap and the menus list pages without restrictions. Deferred until the
    deletion is committed, because the page may be deleted in the same cascade.
    """
    page_id = instance.page_id

    def restore():
        page = Page.objects.filter(pk=page_id).first()
        if page is not None and is_internal_space(page):
            page.specific.ensure_view_restriction()

    transaction.on_commit(restore)


class IdeaQuerySet(models.QuerySet):
    """Visibility, filters, ordering and prefetching of ideas."""

    def visible_to(self, user) -> IdeaQuerySet:
        """The only gate for lists: ideas in live spaces the user may read."""
        from . import rules

        internal = internal_space_content_type_ids()
        public_spaces = Page.objects.live().public().exclude(content_type_id__in=internal)
        condition = Q(space__in=public_spaces.values("pk"))
        if rules.can_view_internal(user):
            internal_spaces = Page.objects.live().filter(content_type_id__in=internal)
            condition |= Q(space__in=internal_spaces.values("pk"))
        return self.filter(condition)

    def listed(self) -> IdeaQuerySet:
        """Ideas that lists, counts, feeds and exports show: not removed by moderation."""
        return self.filter(removed_at__isnull=True)

    def in_space(self, space: Page) -> IdeaQuerySet:
        """Ideas handed in to one space."""
        return self.filter(space=space)

    def open(self) -> IdeaQuerySet:
        """Ideas not yet decided or withdrawn: they can still be supported."""
        return self.filter(status__in=Idea.OPEN_STATUSES)

    def by_author(self, user) -> IdeaQuerySet:
        """Ideas the user handed in."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def in_category(self, category: Category) -> IdeaQuerySet:
        """Ideas in a category or, for a field of action, in any of its projects."""
        return self.filter(Q(category=category) | Q(category__parent=category))

    def matching(self, text: str) -> IdeaQuerySet:
        """Ideas matching every word of the text by its German stem, like the site search."""
        return filter_ideas(self, text)

    def sorted_by(self, key: str) -> IdeaQuerySet:
        """Newest first, most supported or most discussed (ties: newest first)."""
        orderings = {
            "newest": ["-created", "-pk"],
            "supported": ["-support_count", "-created", "-pk"],
            "discussed": ["-comment_count", "-created", "-pk"],
        }
        return self.order_by(*orderings.get(key, orderings["newest"]))

    def with_related(self) -> IdeaQuerySet:
        """Load author, category, field of action, department and space in the same query."""
        return self.select_related("author", "category", "category__parent", "department", "space")

    def for_action(self) -> IdeaQuerySet:
        """For acting on one idea (a support, a follow): without its texts, which make up most
        of the row and which such an action never reads (see also ``Idea.with_space_page``)."""
        return self.defer(*Idea.TEXT_FIELDS)

    def with_viewer_state(self, user) -> IdeaQuerySet:
        """Annotate whether the user supports and follows each idea."""
        if not user.is_authenticated:
            return self.annotate(
                viewer_supports=models.Value(False), viewer_follows=models.Value(False)
            )
        return self.annotate(
            viewer_supports=Exists(IdeaSupport.objects.of(OuterRef("pk"), user)),
            viewer_follows=Exists(IdeaFollow.objects.of(OuterRef("pk"), user)),
        )


class Idea(PointMixin, models.Model):
    """An idea or proposal handed in to a space (internal platform or public project)."""

    class Status(models.TextChoices):
        SUBMITTED = "eingereicht", _("Submitted")
        UNDER_REVIEW = "in_pruefung", _("Under review")
        ADOPTED = "angenommen", _("Adopted")
        REJECTED = "abgelehnt", _("Rejected")
        MERGED = "zusammengelegt", _("Merged")
        IN_IMPLEMENTATION = "in_umsetzung", _("In implementation")
        IMPLEMENTED = "umgesetzt", _("Implemented")
        WITHDRAWN = "zurueckgezogen", _("Withdrawn")

    #: The texts of an idea: most of its row, not needed to act on it (``for_action``).
    TEXT_FIELDS = ("description", "description_html", "search_text")
    #: Not yet decided: supports are possible.
    OPEN_STATUSES = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})
    #: Taken up by the city: a project's outcome lists these.
    TAKEN_UP_STATUSES = frozenset({Status.ADOPTED, Status.IN_IMPLEMENTATION, Status.IMPLEMENTED})
    #: The author may still change the text.
    EDITABLE_STATUSES = frozenset({Status.SUBMITTED})
    #: The author may still withdraw (before a decision).
    WITHDRAWABLE_STATUSES = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})

    space = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("space"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    # Rendered once when written (ideen.text.render_plain_text), not on every page view;
    # `manage.py render_user_text` renders all rows again when the rules change.
    description_html = models.TextField(_("description as HTML"), blank=True, editable=False)
    # The German word stems of title, description and place (ideen.search), written on save:
    # SQLite has no stemming of its own, and the site search finds "Radweg" for "Radwege".
    search_text = models.TextField(_("search words"), blank=True, editable=False)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="ideas"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    district = models.CharField(
        _("district"),
        max_length=20,
        choices=District.choices,
        blank=True,
        help_text=_("The Ortsteil the proposal concerns; empty for the whole city."),
    )
    location = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("A street, square or building the proposal concerns."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    created = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    # Written by the database with each status change (transparenz.guards), like ``status``:
    # the date of the first adoption, rejection or merge, so statistics need not read the trail.
    first_decided_on = models.DateField(
        _("first decided on"), null=True, blank=True, editable=False
    )
    # Kept the same way: the date of the first entry of the trail that answers the idea (under
    # review or a decision; not a withdrawal), for the published response times.
    first_answered_on = models.DateField(
        _("first answered on"), null=True, blank=True, editable=False
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)
    edited_at = models.DateTimeField(
        _("edited by the author"), null=True, blank=True, editable=False
    )
    removed_at = models.DateTimeField(
        _("removed by moderation at"), null=True, blank=True, editable=False
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    removal_reason = models.CharField(
        _("public reason for the removal"), max_length=300, blank=True, editable=False
    )

    objects = IdeaQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("category"),
        FieldPanel("department"),
        FieldPanel("district"),
        FieldPanel("location"),
        FieldPanel("status", read_only=True),
    ]

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["space", "status"], name="ideen_idea_space_status"),
            models.Index(fields=["space", "-created"], name="ideen_idea_space_created"),
            models.Index(fields=["author", "title", "created"], name="ideen_idea_author_title"),
            # Listed ideas per space: counted and summed by index alone (project counts, and
            # the statistics' counts by state, supports, comments and Ortsteil, read again
            # after every support: 20,000 rows fill 16,000 pages of the table, a few hundred
            # of this index).
            models.Index(
                fields=["space"],
                include=["comment_count", "support_count", "status", "district"],
                condition=Q(removed_at__isnull=True),
                name="ideen_idea_space_listed",
            ),
            # The orders of a space's list: most supported, most discussed.
            models.Index(
                fields=["space", "-support_count", "-created", "-id"],
                condition=Q(removed_at__isnull=True),
                name="ideen_idea_space_supported",
            ),
            models.Index(
                fields=["space", "-comment_count", "-created", "-id"],
                condition=Q(removed_at__isnull=True),
                name="ideen_idea_space_discussed",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="ideen_idea_title_not_empty"),
            *point_constraints("ideen_idea"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = sanitize_single_line(self.title)
        self.description = sanitize_plain_text(self.description)
        self.description_html = render_plain_text(self.description)
        self.location = sanitize_single_line(self.location)
        self.search_text = stemmed_text(self.title, self.description, self.location)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "description" in update_fields:
            kwargs["update_fields"] = {*update_fields, "description_html"}
        if update_fields is not None and {"title", "description", "location"} & set(update_fields):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ideen:detail", args=[self.pk])

    @property
    def description_as_html(self) -> SafeString:
        """The description as paragraphs with links, rendered when it was written."""
        return mark_safe(self.description_html)  # built by render_plain_text from escaped text

    @property
    def is_open(self) -> bool:
        """Not yet decided or withdrawn."""
        return self.status in self.OPEN_STATUSES

    @property
    def is_removed(self) -> bool:
        """Hidden by moderation: only the public reason is shown."""
        return self.removed_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @cached_property
    def space_page(self) -> Page:
        """The space as its specific page type, read once per site generation (a change of any
        page starts a new one): a vote or an idea page needs no query for it."""
        return pagecache.memoize(f"space_page:{self.space_id}", lambda: self.space.specific)

    def with_space_page(self) -> Idea:
        """The idea with ``space_page`` as its ``space``: the rules and views that read the
        space then ask no query for it (for one idea; a list reads spaces with its ideas)."""
        self.space = self.space_page
        return self

    def user_may_view(self, user) -> bool:
        from . import rules

        return rules.can_view_idea(user, self)

    def user_may_comment(self, user) -> bool:
        from . import rules

        return rules.can_comment(user, self)

    def refresh_comment_count(self) -> int:
        """Recount visible comments (public, not removed) in one UPDATE; return the count."""
        import django_comments

        comments = (
            django_comments.get_model()
            .objects.filter(
                content_type=ContentType.objects.get_for_model(Idea),
                object_pk=str(self.pk),
                is_public=True,
                is_removed=False,
            )
            .order_by()
            .values("content_type")
            .annotate(n=models.Count("pk"))
            .values("n")[:1]
        )
        Idea.objects.filter(pk=self.pk).update(comment_count=Coalesce(models.Subquery(comments), 0))
        self.comment_count = Idea.objects.values_list("comment_count", flat=True).get(pk=self.pk)
        return self.comment_count


class IdeaMarkQuerySet(models.QuerySet):
    """Supports and follows."""

    def of(self, idea, user) -> IdeaMarkQuerySet:
        """The user's mark on the idea: one row or none."""
        return self.filter(idea=idea, user=user)


class IdeaMark(models.Model):
    """One person's mark on one idea (a support, a follow); a constraint allows only one."""

    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = IdeaMarkQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"

    @staticmethod
    def idea_field(related_name: str) -> models.ForeignKey:
        return models.ForeignKey(
            Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name=related_name
        )

    @staticmethod
    def user_field(related_name: str) -> models.ForeignKey:
        return models.ForeignKey(
            settings.AUTH_USER_MODEL,
            verbose_name=_("user"),
            on_delete=models.CASCADE,
            related_name=related_name,
        )

    @staticmethod
    def once_per_user(name: str) -> models.UniqueConstraint:
        return models.UniqueConstraint(fields=["user", "idea"], name=name)


class IdeaSupport(IdeaMark):
    """One person's support for one idea."""

    idea = IdeaMark.idea_field(related_name="supports")
    user = IdeaMark.user_field(related_name="idea_supports")

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [IdeaMark.once_per_user("ideen_support_once_per_user")]


class IdeaFollow(IdeaMark):
    """Someone who wants to hear about an idea's progress."""

    idea = IdeaMark.idea_field(related_name="follows")
    user = IdeaMark.user_field(related_name="idea_follows")

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [IdeaMark.once_per_user("ideen_follow_once_per_user")]


class StaffAccessOverride(models.Model):
    """A decision by hand about a user's staff membership; it outranks the e-mail domain.

    Without a row, membership of "Mitarbeitende" follows the user's verified addresses.
    """

    class Decision(models.TextChoices):
        GRANTED = "granted", _("Added by hand")
        REVOKED = "revoked", _("Removed by hand")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_access_override",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("staff access decision")
        verbose_name_plural = _("staff access decisions")
        permissions = [("manage_staff", "Can manage the staff of the idea platform")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.decision}"


class IdeaReportQuerySet(models.QuerySet):
    """Reports of ideas to the moderators."""

    def unhandled(self) -> IdeaReportQuerySet:
        """Reports the moderators have not decided on yet."""
        return self.filter(handled_at__isnull=True)


class IdeaReport(models.Model):
    """A reader reports someone else's idea or proposal to the moderators (once per person)."""

    REASON_MAX_LENGTH = 500

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="reports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    created = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)

    objects = IdeaReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "idea"], name="ideen_report_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"

    def save(self, *args, **kwargs):
        self.reason = sanitize_plain_text(self.reason)
        super().save(*args, **kwargs)


class UserBlockQuerySet(models.QuerySet):
    """Blocks of accounts by the moderators."""

    def active(self) -> UserBlockQuerySet:
        """Blocks that have not been lifted."""
        return self.filter(unblocked_at__isnull=True)


class UserBlock(models.Model):
    """Moderation blocked an account (``is_active`` off): who, when and why; undone by unblocking.

    Rows stay after unblocking, so the history of an account can be traced.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="blocks",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    blocked_at = models.DateTimeField(_("blocked at"), default=timezone.now, editable=False)
    unblocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unblocked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unblocked_at = models.DateTimeField(_("unblocked at"), null=True, blank=True, editable=False)

    objects = UserBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("blocked account")
        verbose_name_plural = _("blocked accounts")
        ordering = ["-blocked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(unblocked_at__isnull=True),
                name="ideen_userblock_one_active_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.blocked_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.reason = sanitize_plain_text(self.reason)
        super().save(*args, **kwargs)
