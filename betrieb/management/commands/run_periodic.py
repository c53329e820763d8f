"""Run the periodic jobs that are due (settings ``PERIODIC_JOBS``), once or in a loop.

Several of these processes may run at once: each due run happens in exactly one of them.
"""

import signal
import time

from django.core.management.base import BaseCommand

from betrieb.scheduler import run_due


class Command(BaseCommand):
    help = "Run the due periodic jobs (PERIODIC_JOBS) once, or keep doing so with --loop."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running until SIGTERM.")
        parser.add_argument(
            "--tick", type=float, default=10.0, help="Seconds between checks (with --loop)."
        )

    def handle(self, *args, loop=False, tick=10.0, **options):
        self.stopping = False
        if loop:
            # A job that is running is finished, then the loop ends.
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        while True:
            for record in run_due():
                if options["verbosity"] >= 1:
                    self.stdout.write(f"{record.job}: {record.outcome}")
                    self.stdout.flush()
            if not loop:
                return
            waited = 0.0
            while waited < tick and not self.stopping:
                time.sleep(min(0.5, tick))
                waited += 0.5
            if self.stopping:
                return

    def stop(self, signum, frame):
        self.stopping = True
