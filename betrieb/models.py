"""One row per run of a periodic job: the unique (job, slot) makes each due run happen once."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRunQuerySet(models.QuerySet):
    def finished_before(self, moment: datetime) -> PeriodicRunQuerySet:
        """Runs that ended before ``moment`` (history that may be deleted)."""
        return self.filter(finished_at__lt=moment)

    def latest_of(self, job: str) -> PeriodicRun | None:
        """The newest run of one job."""
        return self.filter(job=job).order_by("-slot").first()


class PeriodicRun(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", _("running")
        OK = "ok", _("succeeded")
        FAILED = "failed", _("failed")

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("interval start"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    objects = PeriodicRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="betrieb_run_once_per_slot"),
        ]
        indexes = [models.Index(fields=["job", "-slot"], name="betrieb_run_job_slot")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
