"""Verify that counters, statuses, comment trees and internal content agree with the rows."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo import invariants


class Command(BaseCommand):
    help = (
        "Check the invariants the data must keep: support and comment counters equal their "
        "rows, each idea's status is its newest trail entry, the trail is a chain, "
        "comments-xtd's tree fields are valid, internal ideas only involve staff. Exits "
        "non-zero with a list of problems."
    )

    def handle(self, *args, **options):
        failed = 0
        for name, check in invariants.CHECKS.items():
            started = time.monotonic()
            problems = check()
            elapsed = time.monotonic() - started
            if problems:
                failed += 1
                self.stdout.write(self.style.ERROR(f"FAIL {name} ({elapsed:.1f} s)"))
                for problem in problems:
                    self.stdout.write(f"  - {problem}")
            else:
                self.stdout.write(f"ok   {name} ({elapsed:.1f} s)")
        if failed:
            raise CommandError(f"{failed} invariant check(s) failed.")
