"""Writing Sachstandsberichte (the one way a Vorhaben's status changes) and the requests for
participation with the city's answer to them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    REASON_REQUIRED,
    REQUEST_REASON_MAX_LENGTH,
    ParticipationDecision,
    ParticipationRequest,
    ReportKind,
    Sachstandsbericht,
    Status,
    VorhabenPage,
)


def report_progress(
    vorhaben: VorhabenPage,
    *,
    author,
    text: str,
    new_status: str | None = None,
    reason: str = "",
    on: datetime.date | None = None,
    corrects: Sachstandsbericht | None = None,
) -> Sachstandsbericht:
    """Append a report (a correction when ``corrects`` is given) and set the status from it.

    Raises ``ValidationError`` (with field names) for an empty text, an unknown status, a
    missing reason for "zurückgestellt" and "verworfen", a date in the future or before the
    newest report, and a correction of another Vorhaben's report.
    """
    on = on or timezone.localdate()
    text = (text or "").strip()
    reason = (reason or "").strip()
    with transaction.atomic():
        # One report at a time per Vorhaben: both would start from the same status.
        locked = VorhabenPage.objects.select_for_update().only("pk", "status").get(pk=vorhaben.pk)
        previous = locked.status
        status = new_status or previous
        errors: dict[str, list[str]] = {}
        if not text:
            errors.setdefault("text", []).append(_("Write what happened."))
        if status not in Status.values:
            errors.setdefault("new_status", []).append(_("Choose one of the states."))
        elif status in REASON_REQUIRED and status != previous and not reason:
            errors.setdefault("reason", []).append(
                _("Give a public reason why the undertaking is “%(state)s”.")
                % {"state": Status(status).label}
            )
        _check_date(vorhaben, on, errors)
        if corrects is not None and corrects.vorhaben_id != vorhaben.pk:
            errors.setdefault("corrects", []).append(
                _("Only a report of the same undertaking can be corrected.")
            )
        if errors:
            raise ValidationError(errors)
        report = Sachstandsbericht(
            vorhaben_id=vorhaben.pk,
            date=on,
            text=text,
            previous_status=previous,
            status=status,
            reason=reason,
            corrects=corrects,
            recorded_by=author,
        )
        report.save()
        if status != previous:
            VorhabenPage.objects.filter(pk=vorhaben.pk).update(status=status)
        vorhaben.status = status
    return report


def _check_date(vorhaben: VorhabenPage, on: datetime.date, errors: dict) -> None:
    """A trail entry is dated today or earlier, and not before the newest entry."""
    if on > timezone.localdate():
        errors.setdefault("on", []).append(_("The date must not lie in the future."))
    newest = (
        Sachstandsbericht.objects.filter(vorhaben_id=vorhaben.pk)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if newest and on < newest:
        errors.setdefault("on", []).append(
            _("The date must not lie before the newest report (%(date)s).")
            % {"date": newest.strftime("%d.%m.%Y")}
        )


class RequestNotAllowed(Exception):
    """The user may not ask for participation (or withdraw) now; the message says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RequestState:
    requested: bool
    count: int
    changed: bool


def participation_threshold() -> int:
    return max(1, int(settings.VORHABEN_PARTICIPATION_THRESHOLD))


def participation_answer_days() -> int:
    return max(1, int(settings.VORHABEN_PARTICIPATION_ANSWER_DAYS))


def request_refusal(user, vorhaben: VorhabenPage) -> str | None:
    """Why the user cannot ask for participation on this Vorhaben now, or None."""
    # Reasons that hold for everybody first: nobody is asked to log in for nothing.
    if vorhaben.participation_answered_on:
        return _("The city has answered the requests for participation on this undertaking.")
    if not vorhaben.accepts_participation_requests:
        return _(
            "Participation can only be requested while an undertaking is planned; this one is "
            "“%(state)s”."
        ) % {"state": Status(vorhaben.status).label}
    if not (user.is_authenticated and user.is_active):
        return _("Log in to ask for participation.")
    return None


def _locked(vorhaben: VorhabenPage) -> VorhabenPage:
    """The page row locked for the counter (one change at a time per Vorhaben)."""
    return (
        VorhabenPage.objects.select_for_update()
        .only(
            "pk",
            "status",
            "participation_request_count",
            "participation_threshold_reached_on",
            "participation_answered_on",
        )
        .get(pk=vorhaben.pk)
    )


def _copy_counter(source: VorhabenPage, target: VorhabenPage) -> None:
    for name in (
        "participation_request_count",
        "participation_threshold_reached_on",
        "participation_answer_due",
        "participation_answered_on",
    ):
        setattr(target, name, getattr(source, name))


def request_participation(
    vorhaben: VorhabenPage, *, user, reason: str, at: datetime.datetime | None = None
) -> RequestState:
    """Ask for participation with a short reason; one request per user and Vorhaben.

    The counter changes in the same transaction. The first time it reaches the threshold the
    date is recorded with the date the answer is due; both stay when requests are withdrawn.
    Raises ``RequestNotAllowed`` when the Vorhaben is closed for requests and
    ``ValidationError`` (field ``reason``) for an empty or too long reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say in a few words why participation is needed.")]})
    if len(reason) > REQUEST_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("The reason can be at most %(limit)d characters long.")
                    % {"limit": REQUEST_REASON_MAX_LENGTH}
                ]
            }
        )
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked(vorhaben)
        refusal = request_refusal(user, locked)
        if refusal:
            raise RequestNotAllowed(refusal)
        changed = False
        if not ParticipationRequest.objects.of(locked, user).exists():
            try:
                with transaction.atomic():
                    ParticipationRequest.objects.create(
                        vorhaben=locked, user=user, reason=reason, created=at
                    )
            except IntegrityError:
                pass  # a parallel request of the same user won
            else:
                changed = True
                VorhabenPage.objects.filter(pk=locked.pk).update(
                    participation_request_count=F("participation_request_count") + 1
                )
                count = locked.participation_request_count + 1
                if (
                    count >= participation_threshold()
                    and locked.participation_threshold_reached_on is None
                ):
                    reached = timezone.localdate(at)
                    VorhabenPage.objects.filter(pk=locked.pk).update(
                        participation_threshold_reached_on=reached,
                        participation_answer_due=reached
                        + datetime.timedelta(days=participation_answer_days()),
                    )
        current = VorhabenPage.objects.only(
            "participation_request_count",
            "participation_threshold_reached_on",
            "participation_answer_due",
            "participation_answered_on",
        ).get(pk=locked.pk)
        _copy_counter(current, vorhaben)
    return RequestState(requested=True, count=current.participation_request_count, changed=changed)


def withdraw_participation_request(vorhaben: VorhabenPage, *, user) -> RequestState:
    """Take one's request back while requests are open; the threshold date stays."""
    with transaction.atomic():
        locked = _locked(vorhaben)
        if not locked.accepts_participation_requests:
            raise RequestNotAllowed(
                _("Requests on this undertaking are closed; they can no longer be withdrawn.")
            )
        deleted, _details = ParticipationRequest.objects.of(locked, user).delete()
        if deleted:
            VorhabenPage.objects.filter(pk=locked.pk, participation_request_count__gt=0).update(
                participation_request_count=F("participation_request_count") - 1
            )
        current = VorhabenPage.objects.only(
            "participation_request_count",
            "participation_threshold_reached_on",
            "participation_answer_due",
            "participation_answered_on",
        ).get(pk=locked.pk)
        _copy_counter(current, vorhaben)
    return RequestState(
        requested=False, count=current.participation_request_count, changed=bool(deleted)
    )


def answer_participation(
    vorhaben: VorhabenPage,
    *,
    author,
    decision: str,
    text: str,
    project=None,
    on: datetime.date | None = None,
) -> Sachstandsbericht:
    """Record the city's answer to the requests for participation in the Vorhaben's trail.

    The answer is a Sachstandsbericht of kind "beteiligung" (append-only, status unchanged) and
    closes the requests. Raises ``ValidationError`` (with field names) for an unknown decision,
    an empty text (for "keine Beteiligung": the reason why not), a project with "keine
    Beteiligung", a bad date, a Vorhaben without requests or one already answered.
    """
    on = on or timezone.localdate()
    text = (text or "").strip()
    with transaction.atomic():
        locked = _locked(vorhaben)
        errors: dict[str, list[str]] = {}
        if locked.participation_answered_on:
            errors.setdefault("__all__", []).append(
                _("The requests for participation on this undertaking are already answered.")
            )
        elif not locked.participation_request_count and not (
            locked.participation_threshold_reached_on
        ):
            errors.setdefault("__all__", []).append(
                _("Nobody has asked for participation on this undertaking.")
            )
        if decision not in ParticipationDecision.values:
            errors.setdefault("decision", []).append(_("Choose one of the answers."))
        if not text:
            errors.setdefault("text", []).append(
                _("Give a public reason why there will be no participation.")
                if decision == ParticipationDecision.NO
                else _("Say publicly how citizens will take part.")
            )
        if project is not None and decision == ParticipationDecision.NO:
            errors.setdefault("project", []).append(
                _("Link a participation project only when participation takes place.")
            )
        _check_date(vorhaben, on, errors)
        if errors:
            raise ValidationError(errors)
        report = Sachstandsbericht(
            vorhaben_id=vorhaben.pk,
            kind=ReportKind.PARTICIPATION_ANSWER,
            date=on,
            text=text,
            previous_status=locked.status,
            status=locked.status,
            participation_decision=decision,
            participation_project=project,
            recorded_by=author,
        )
        report.save()
        VorhabenPage.objects.filter(pk=vorhaben.pk).update(participation_answered_on=on)
        vorhaben.participation_answered_on = on
    return report
