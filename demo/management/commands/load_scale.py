"""Add city-scale data (users, ideas, comments, supports, status changes) for the benchmark."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import scale


class Command(BaseCommand):
    help = (
        "Add a city's worth of generated data on top of the demo content (run load_demo "
        "first): 50k users, 20k ideas, 200k comments (one project thread of 800, one idea "
        "thread of 500), 1M supports, 100k status changes. --scale 0.01 makes it smaller. "
        "Does nothing when scale data is already present."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every number by this factor (1 = city size).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the generated accounts cannot log in).",
        )

    def handle(self, *args, scale: float, force: bool, verbosity: int = 1, **options):
        if not settings.DEBUG and not force:
            raise CommandError("load_scale fills the database with generated data; use --force.")
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if scale_present := _present():
            self.stdout.write(f"Scale data already present ({scale_present}); nothing changed.")
            return
        spec = _spec(scale)
        started = time.monotonic()
        log = self.stdout.write if verbosity >= 2 else (lambda message: None)
        try:
            result = _generate(spec, log)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Scale data loaded in {elapsed:.0f} s: {counts}."))
        self.stdout.write(
            f"Largest threads: project page {result.project.url_path} "
            f"({spec.project_thread} comments), idea {result.idea_id} "
            f"({spec.idea_thread} comments)."
        )


def _present() -> str:
    return "generated accounts exist" if scale.already_loaded() else ""


def _spec(factor: float) -> scale.ScaleSpec:
    city = scale.ScaleSpec.city()
    return city if factor == 1 else city.scaled(factor)


def _generate(spec, log):
    from django.db import transaction

    with transaction.atomic():
        return scale.generate(spec, log=log)
