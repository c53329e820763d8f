from django.core.management.base import BaseCommand

from accounts.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules once: forget comment IP addresses, warn and delete inactive "
        "accounts, remove unconfirmed sign-ups. Run it daily (the worker's scheduler)."
    )

    def handle(self, *args, **options):
        counts = apply_retention()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
