"""Writing Sachstandsberichte: the one way a Vorhaben's status changes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import REASON_REQUIRED, Sachstandsbericht, Status, VorhabenPage


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
