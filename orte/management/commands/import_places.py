"""Load the city's streets, squares and Ortsteile into the gazetteer from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orte.places import import_places


class Command(BaseCommand):
    help = (
        "Add or update places from a UTF-8 CSV file with the header "
        "name;latitude;longitude[;kind][;district]. Rows with errors are skipped and listed; "
        "the exit status is then 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8, semicolons)")

    def handle(self, *args, file: Path, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as stream:
                report = import_places(stream)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from None
        for line, reason in report.errors:
            self.stderr.write(f"{file}, line {line}: {reason}")
        self.stdout.write(
            f"{report.created} places added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.errors)} rows skipped."
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} rows skipped, see above.")
