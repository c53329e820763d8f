"""Load the demo content for Kleve from demo/content/: pages, projects, ideas and accounts."""

import io
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from benachrichtigungen import services as notifications
from demo.loader import DemoRun, accounts, get_loaders
from home.setup import ensure_site_address
from transparenz import guards


class Command(BaseCommand):
    help = (
        "Load the demo content described in demo/content/ (pages, projects, ideas, decisions, "
        "discussions, accounts with known passwords). Creates only what is missing, so it is "
        "safe to run again."
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
        # The demo creates ideas in later states and backdates their trails: trusted seeding,
        # checked for a consistent status when the block ends (transparenz.guards.seeding).
        # Replies and comments of the demo show under "Neuigkeiten" but e-mail nobody.
        with transaction.atomic(), guards.seeding(connection), notifications.quietly():
            for loader in get_loaders():
                loader(run)
            # Feed and open-data links are absolute: they need the site's real address.
            ensure_site_address()
            if run.created:
                # Saving kept both indexes current; rebuilding them as an import should makes
                # sure the backdated rows and everything written with update() are included.
                quiet = io.StringIO()
                call_command("update_index", stdout=quiet, stderr=quiet)
                call_command("rebuild_references_index", stdout=quiet, stderr=quiet)
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
        site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        rows = [
            "",
            f"Site:  {site_url}",
            f"Admin: {site_url}/cms/  (e-mail, password, then a code: make demo-code)",
            "",
            "Demo accounts (for local use only; a password changed since is not reset):",
        ]
        people = accounts()
        width = max(len(account.email) for account in people)
        for account in people:
            rows.append(
                f"  {account.email:<{width}}  {account.password:<22} "
                f"{account.username} – {account.role}"
            )
        return "\n".join(rows)


def _silent(message: str) -> None:
    """Discard progress messages at normal verbosity."""
