"""Crawl a running site with axe-core and store the result for the accessibility statement."""

from django.core.management.base import BaseCommand, CommandError

from barrierefreiheit.models import AccessibilityCheck

INSTALL_HINT = (
    "Playwright is not installed. It is a test dependency: run `make install-test`, or "
    "`.venv/bin/pip install . --group test` and `apt-get install chromium`, "
    "and `npm install --ignore-scripts` for axe-core."
)


class Command(BaseCommand):
    help = (
        "Check every page of a running site (bounded crawl from /) with axe-core against WCAG "
        "2.2 A/AA and best practices, and store the result. The accessibility statement shows "
        "the date and outcome of the last check. Exits with status 1 when it found problems."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Address of the running site (default: %(default)s, i.e. `make run`).",
        )
        parser.add_argument(
            "--login",
            action="append",
            default=[],
            metavar="EMAIL:PASSWORD",
            help="Also crawl logged in as this account; may be given several times.",
        )
        parser.add_argument("--max-pages", type=int, default=150, help="Per role.")
        parser.add_argument(
            "--max-children",
            type=int,
            default=6,
            help="Pages checked below one listing page (e.g. of 42 projects).",
        )
        parser.add_argument("--chromium", default=None, help="Path of the Chromium binary.")
        parser.add_argument(
            "--no-store", action="store_true", help="Only print the result; store nothing."
        )

    def handle(self, *args, **options):
        try:
            from barrierefreiheit.accessibility.crawl import crawl_site
        except ImportError as error:  # pragma: no cover - depends on the installation
            raise CommandError(INSTALL_HINT) from error
        try:
            import playwright  # noqa: F401
        except ImportError as error:
            raise CommandError(INSTALL_HINT) from error

        logins = []
        for value in options["login"]:
            email, sep, password = value.partition(":")
            if not sep or not email or not password:
                raise CommandError(f"--login expects EMAIL:PASSWORD, got {value!r}.")
            logins.append((email, password))

        base_url = options["base_url"].rstrip("/")
        self.stdout.write(f"Checking {base_url} …")
        try:
            report = crawl_site(
                base_url,
                logins=logins,
                max_pages=options["max_pages"],
                max_children=options["max_children"],
                executable_path=options["chromium"],
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            if type(error).__module__.startswith("playwright"):
                raise CommandError(
                    f"Could not check {base_url}: {error}\nIs the site running (`make run`)?"
                ) from error
            raise

        self.stdout.write(report.summary())
        if not options["no_store"]:
            check = AccessibilityCheck.objects.create(
                base_url=base_url,
                pages_checked=len(report.pages),
                violations=report.violations_by_rule(),
                failed_pages=[
                    {"url": p.url, "status": p.status, "role": p.role, "found_on": p.found_on}
                    for p in report.failed_pages
                ],
                duration_seconds=round(report.seconds, 1),
                passed=report.passed,
            )
            self.stdout.write(f"Stored as check #{check.pk}.")
        if not report.passed:
            raise CommandError("The site has accessibility problems (see above).")
        self.stdout.write(self.style.SUCCESS("No accessibility violations found."))
