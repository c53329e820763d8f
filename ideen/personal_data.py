"""What ideen holds about a person, for "Meine Daten" and "Konto löschen" (``accounts``).

Registered for ``accounts.personal_data.PERSONAL_DATA_HOOK`` and
``accounts.deletion.ACCOUNT_DELETION_HOOK``. The export lists everything of the person, also
ideas in spaces they can no longer read (it is their own data); it never names other people.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import DataSection

from .models import Idea, IdeaFollow, IdeaReport, IdeaSupport, StaffAccessOverride, UserBlock

_IDEA_REF = {
    "idea_id": str(_("Number of the idea")),
    "idea_title": str(_("Title of the idea")),
}


def data_sections(user) -> list[DataSection]:
    """Ideas, supports, follows, reports made and blocks of the account."""
    ideas = Idea.objects.filter(author=user).select_related("space", "category").order_by("pk")
    supports = IdeaSupport.objects.filter(user=user).select_related("idea").order_by("pk")
    follows = IdeaFollow.objects.filter(user=user).select_related("idea").order_by("pk")
    reports = IdeaReport.objects.filter(user=user).select_related("idea").order_by("pk")
    blocks = UserBlock.objects.filter(user=user).order_by("pk")
    staff_decisions = StaffAccessOverride.objects.filter(user=user)
    return [
        DataSection(
            key="ideas",
            title=str(_("Ideas and proposals")),
            description=str(_("What you handed in, including withdrawn and removed ones.")),
            fields={
                "id": str(_("Number of the idea")),
                "title": str(_("Title")),
                "description": str(_("Description")),
                "space": str(_("Project or idea platform")),
                "category": str(_("Category")),
                "district": str(_("District")),
                "location": str(_("Place")),
                "status": str(_("Current state")),
                "created": str(_("Handed in at")),
                "edited_at": str(_("Last edited by you at")),
                "removed_at": str(_("Removed by moderation at")),
                "removal_reason": str(_("Public reason for the removal")),
                "url": str(_("Address on the platform")),
            },
            rows=[
                {
                    "id": idea.pk,
                    "title": idea.title,
                    "description": idea.description,
                    "space": idea.space.title,
                    "category": idea.category.name,
                    "district": idea.district,
                    "location": idea.location,
                    "status": idea.status,
                    "created": idea.created,
                    "edited_at": idea.edited_at,
                    "removed_at": idea.removed_at,
                    "removal_reason": idea.removal_reason,
                    "url": idea.get_absolute_url(),
                }
                for idea in ideas
            ],
        ),
        DataSection(
            key="supports",
            title=str(_("Supports")),
            description=str(_("Ideas and proposals you support.")),
            fields={**_IDEA_REF, "created": str(_("Supported since"))},
            rows=[
                {"idea_id": s.idea_id, "idea_title": s.idea.title, "created": s.created}
                for s in supports
            ],
        ),
        DataSection(
            key="follows",
            title=str(_("Follows")),
            description=str(_("Ideas and proposals you follow (e-mail on each decision).")),
            fields={**_IDEA_REF, "created": str(_("Followed since"))},
            rows=[
                {"idea_id": f.idea_id, "idea_title": f.idea.title, "created": f.created}
                for f in follows
            ],
        ),
        DataSection(
            key="idea_reports",
            title=str(_("Reports of ideas")),
            description=str(_("Ideas and proposals you reported to the moderation team.")),
            fields={
                **_IDEA_REF,
                "reason": str(_("Your reason")),
                "created": str(_("Reported at")),
                "handled_at": str(_("Handled by the moderation team at")),
            },
            rows=[
                {
                    "idea_id": r.idea_id,
                    "idea_title": r.idea.title,
                    "reason": r.reason,
                    "created": r.created,
                    "handled_at": r.handled_at,
                }
                for r in reports
            ],
        ),
        DataSection(
            key="blocks",
            title=str(_("Blocks of the account")),
            description=str(_("When the moderation team blocked your account and why.")),
            fields={
                "reason": str(_("Reason")),
                "blocked_at": str(_("Blocked at")),
                "unblocked_at": str(_("Unblocked at")),
            },
            rows=[
                {"reason": b.reason, "blocked_at": b.blocked_at, "unblocked_at": b.unblocked_at}
                for b in blocks
            ],
        ),
        DataSection(
            key="staff_access",
            title=str(_("Staff membership decided by hand")),
            description=str(
                _("Whether the administration added you to its staff by hand or removed you.")
            ),
            fields={
                "decision": str(_("Decision (granted, revoked)")),
                "decided_at": str(_("Decided at")),
            },
            rows=[{"decision": d.decision, "decided_at": d.decided_at} for d in staff_decisions],
        ),
    ]


def data_size(user) -> int:
    """The rows of ``data_sections``, counted (``PERSONAL_DATA_SIZE_HOOK``)."""
    return (
        Idea.objects.filter(author=user).count()
        + IdeaSupport.objects.filter(user=user).count()
        + IdeaFollow.objects.filter(user=user).count()
        + IdeaReport.objects.filter(user=user).count()
        + UserBlock.objects.filter(user=user).count()
        + StaffAccessOverride.objects.filter(user=user).count()
    )


def erase(user) -> None:
    """Remove supports and follows (counters recounted in the same transaction) and the
    manual staff decision. Ideas stay, shown as by "Gelöschtes Konto"; reports and blocks stay
    as the moderation's record, tied to the emptied account."""
    supported = list(
        Idea.objects.select_for_update(of=("self",))
        .filter(pk__in=IdeaSupport.objects.filter(user=user).values("idea"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    IdeaSupport.objects.filter(user=user).delete()
    IdeaFollow.objects.filter(user=user).delete()
    StaffAccessOverride.objects.filter(user=user).delete()
    counts = (
        IdeaSupport.objects.filter(idea=OuterRef("pk"))
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    Idea.objects.filter(pk__in=supported).update(support_count=Coalesce(Subquery(counts), Value(0)))
