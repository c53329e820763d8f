"""The status trail of ideas, progress notes, notification settings and the public pages.

``StatusChange`` and ``ProgressNote`` are append-only: rows are written by
``transparenz.services`` and never changed or deleted afterwards. The guards, from the outside
in: no edit or delete views in the admin; ``save()`` refuses updates and ``delete()`` refuses;
the QuerySet refuses ``update()`` and ``delete()``; and database triggers (PostgreSQL and SQLite,
``transparenz.guards``) refuse UPDATE and DELETE of the tables. The only update they let through
is the one Django makes when an account is deleted: ``recorded_by`` becomes NULL, nothing else
changes. The triggers also set ``Idea.status`` from each new status change (and refuse any other
change of it), set ``created`` themselves and keep the trail's dates in order. Ideas with a trail
cannot be deleted (``on_delete=PROTECT``); withdrawing is the way out.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from ideen.models import Idea
from ideen.text import sanitize_plain_text, sanitize_single_line

from . import workflow

REASON_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 3000


class AppendOnlyError(PermissionDenied):
    """Somebody tried to change or delete a row of the history."""

    @classmethod
    def change(cls, model) -> AppendOnlyError:
        """The error for an update of ``model``'s rows."""
        return cls(
            _("%(model)s rows cannot be changed; record a correction instead.")
            % {"model": model._meta.verbose_name}
        )

    @classmethod
    def deletion(cls, model) -> AppendOnlyError:
        """The error for a deletion of ``model``'s rows."""
        return cls(_("%(model)s rows cannot be deleted.") % {"model": model._meta.verbose_name})


class AppendOnlyQuerySet(models.QuerySet):
    """Reading and adding only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise AppendOnlyError.change(self.model)

    def delete(self):
        raise AppendOnlyError.deletion(self.model)

    update.alters_data = True
    delete.alters_data = True
    delete.queryset_only = True

    def of_ideas(self, ideas) -> AppendOnlyQuerySet:
        """Rows of the given ideas (a queryset, e.g. ``Idea.objects.visible_to(user)``)."""
        return self.filter(idea__in=ideas.values("pk"))


class AppendOnlyModel(models.Model):
    """A row that is written once and then only read."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError.change(type(self))
        kwargs.pop("force_update", None)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError.deletion(type(self))


class StatusChangeQuerySet(AppendOnlyQuerySet):
    """Visibility and ordering of the status trail."""

    def public(self) -> StatusChangeQuerySet:
        """Changes of listed ideas everybody may read (for feeds, exports and the home page)."""
        from django.contrib.auth.models import AnonymousUser

        return self.of_ideas(Idea.objects.visible_to(AnonymousUser()).listed())

    def visible_to(self, user) -> StatusChangeQuerySet:
        """Changes of listed ideas the user may read: the gate is ``Idea.objects.visible_to``."""
        return self.of_ideas(Idea.objects.visible_to(user).listed())

    def decisions(self) -> StatusChangeQuerySet:
        """Changes that answer an idea (not "under review" or "withdrawn")."""
        return self.filter(to_status__in=workflow.DECISIONS)

    def newest_first(self) -> StatusChangeQuerySet:
        """By decision date, then by the moment it was recorded."""
        return self.order_by("-decided_on", "-created", "-pk")

    def with_related(self) -> StatusChangeQuerySet:
        """The idea with its space and category, and the idea it was merged into."""
        return self.select_related(
            "idea", "idea__space", "idea__category", "idea__category__parent", "merged_into"
        )


class StatusChange(AppendOnlyModel):
    """One step of an idea's status trail: who decided what, when and why."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(_("previous state"), max_length=20, choices=Idea.Status.choices)
    to_status = models.CharField(_("new state"), max_length=20, choices=Idea.Status.choices)
    reason = models.TextField(
        _("public reason"),
        blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text=_("Plain text, shown publicly. Blank lines separate paragraphs."),
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=200,
        blank=True,
        help_text=_("For example “Digitalisierungsteam”, “Verwaltungsvorstand” or a department."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Not shown publicly."),
    )
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    # Set by the database (the moment of the INSERT); a supplied value is refused (guards).
    created = models.DateTimeField(_("recorded at"), db_default=Now(), editable=False)
    link = models.URLField(
        _("document or council item"),
        max_length=500,
        blank=True,
        help_text=_("Optional: a link to the minutes, council item or document with the decision."),
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    merged_into = models.ForeignKey(
        Idea,
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["idea", "created"], name="transparenz_change_idea"),
            models.Index(fields=["-decided_on", "-created"], name="transparenz_change_newest"),
            # The Atom feed's order.
            models.Index(fields=["-created", "-id"], name="transparenz_change_recorded"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to_status="zusammengelegt")
                | models.Q(merged_into__isnull=False),
                name="transparenz_change_merge_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status} ({self.decided_on})"

    def save(self, *args, **kwargs):
        self.reason = sanitize_plain_text(self.reason)
        self.deciding_body = sanitize_single_line(self.deciding_body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.idea.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"statusaenderung-{self.pk}"

    @property
    def to_label(self) -> str:
        return workflow.label(self.to_status)

    @property
    def from_label(self) -> str:
        return workflow.label(self.from_status)

    @property
    def is_withdrawal(self) -> bool:
        return self.to_status == Idea.Status.WITHDRAWN


class ProgressNoteQuerySet(AppendOnlyQuerySet):
    """Progress notes: append-only like the status trail."""


class ProgressNote(AppendOnlyModel):
    """A dated milestone while an idea is being implemented; shown in the trail."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.PROTECT, related_name="progress_notes"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("progress"), max_length=NOTE_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set by the database (the moment of the INSERT); a supplied value is refused (guards).
    created = models.DateTimeField(_("recorded at"), db_default=Now(), editable=False)

    objects = ProgressNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["date", "created", "pk"]
        indexes = [models.Index(fields=["idea", "date"], name="transparenz_note_idea")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.date}"

    def save(self, *args, **kwargs):
        self.text = sanitize_plain_text(self.text)
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"fortschritt-{self.pk}"


class NotificationPreference(models.Model):
    """Whether a person wants e-mails about status changes; without a row they get them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    status_emails = models.BooleanField(
        _("e-mails about decisions"),
        default=True,
        help_text=_(
            "When the state of an idea you handed in or follow changes, we send you the "
            "decision and its reasons."
        ),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status_emails}"


class TransparencyPage(Page):
    """A single public page below the home page: an introduction, then what the app lists."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        abstract = True


class DecisionIndexPage(TransparencyPage):
    """The newest decisions on ideas across all spaces the reader may see."""

    class Meta:
        verbose_name = _("decisions overview")

    def get_context(self, request, *args, **kwargs):
        from .listing import decision_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(decision_list_context(request))
        return context


class StatisticsPage(TransparencyPage):
    """Figures on ideas per space: states, adoption, answers, time to decision, participation."""

    class Meta:
        verbose_name = _("statistics page")

    def get_context(self, request, *args, **kwargs):
        from . import geodata, opendata, statistics

        context = super().get_context(request, *args, **kwargs)
        context["statistics"] = statistics.compute(request.user)
        context["open_data"] = opendata.DATASETS
        context["districts"] = geodata.district_counts()
        context["district_map"] = geodata.district_map_items(context["districts"])
        context["geojson_properties"] = geodata.PROPERTIES
        context["geo_datasets"] = geodata.GEO_DATASETS
        return context


def latest_public_decisions(limit: int = 3) -> list[StatusChange]:
    """The newest decisions on public ideas, for the home page teaser."""
    return list(StatusChange.objects.public().decisions().with_related().newest_first()[:limit])


def decision_index_page() -> DecisionIndexPage | None:
    """The live, public decisions overview, if editors created one."""
    return DecisionIndexPage.objects.live().public().first()
