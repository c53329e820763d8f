"""Print the current authenticator codes of the demo's admin accounts (local demo only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.second_factor import DEMO_TOTP_SECRETS, seconds_left, totp_code


class Command(BaseCommand):
    help = (
        "Print the current six-digit codes for the demo accounts admin@kleve.de and "
        "redaktion@kleve.de, whose authenticator secrets are publicly known (local demo only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_totp is for the local demo and only runs with DEBUG on.")
        self.stdout.write(
            "Second factor of the demo admin accounts (after the password, enter the code):"
        )
        for email, secret in DEMO_TOTP_SECRETS.items():
            self.stdout.write(f"  {email:<20} code {totp_code(secret)}   key {secret}")
        self.stdout.write(
            f"The codes change every 30 seconds (these for {seconds_left()} s more): run "
            "`make demo-code` again, or add the key to an authenticator app."
        )
