"""Send the e-mails of the outbox that are due (retries), and delete expired ones.

Run it periodically on the worker side (every minute), or once with ``--loop`` as a process of
its own. Several may run at once: a claimed e-mail is skipped by the others.
"""

import time

from django.core.management.base import BaseCommand

from outbox.services import send_due


class Command(BaseCommand):
    help = "Send due e-mails of the outbox (retries) and delete sent ones after the retention."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="E-mails per sweep.")
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, one sweep every --interval."
        )
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds (with --loop).")

    def handle(self, *args, limit=None, loop=False, interval=60.0, **options):
        while True:
            result = send_due(limit)
            if options["verbosity"] >= 1 and (result.states or result.deleted):
                self.stdout.write(
                    f"sent {result.sent}, retrying {result.retrying}, failed {result.failed}, "
                    f"deleted {result.deleted}",
                )
                self.stdout.flush()
            if not loop:
                return
            time.sleep(interval)
