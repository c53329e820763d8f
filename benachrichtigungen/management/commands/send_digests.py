"""Send the daily or weekly digests to everybody with news waiting (a periodic job)."""

import time

from django.core.management.base import BaseCommand

from benachrichtigungen.delivery import send_digests


class Command(BaseCommand):
    help = "Build and queue the daily or weekly digests of notifications."

    def add_arguments(self, parser):
        parser.add_argument("period", choices=["daily", "weekly"])
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, period, batch, **options):
        started = time.monotonic()
        run = send_digests(period, batch=batch)
        self.stdout.write(
            f"{period} digests: {run.mails} e-mails with {run.items} entries for "
            f"{run.recipients} recipients, {run.skipped} entries left out, "
            f"{time.monotonic() - started:.1f} s"
        )
