"""Load the demo content for Kleve: pages, projects and accounts with known passwords."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import get_loaders
from home.demo.base import DemoRun
from home.demo.users import DEMO_ACCOUNTS

SITE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Load the demo content (home page, content and footer pages, projects, accounts with "
        "known passwords). Creates only what is missing, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have publicly known passwords.",
        )

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with publicly known passwords and only runs with "
                "DEBUG on. Use --force if you really want them on this site."
            )
        started = time.monotonic()
        run = DemoRun(log=self.stdout.write if verbosity >= 2 else _silent)
        with transaction.atomic():
            for loader in get_loaders():
                loader(run)
        elapsed = time.monotonic() - started

        if run.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo content loaded: {len(run.created)} new item(s) ")
                + f"in {elapsed:.1f} s."
            )
        else:
            self.stdout.write(f"Demo content already present; nothing changed ({elapsed:.1f} s).")
        self.stdout.write(self._accounts_table())

    def _accounts_table(self) -> str:
        rows = [
            "",
            f"Site:  {SITE_URL}",
            f"Admin: {SITE_URL}/cms/  (e-mail, password, then a code: make demo-code)",
            "",
            "Demo accounts (for local use only; a password changed since is not reset):",
        ]
        width = max(len(account.email) for account in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            rows.append(
                f"  {account.email:<{width}}  {account.password:<22} "
                f"{account.username} – {account.role}"
            )
        return "\n".join(rows)


def _silent(message: str) -> None:
    """Discard progress messages at normal verbosity."""
