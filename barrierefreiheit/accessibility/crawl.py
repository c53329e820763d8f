"""Crawl a running site in headless Chromium and check every page with axe-core.

Used by tests/browser/test_crawl.py (against the live test server) and by
`manage.py check_accessibility` (against any running site). Playwright is a test dependency:
import this module only where Playwright is installed.

The crawl starts at "/" and follows internal links breadth first. It is bounded: links are
deduplicated by URL pattern (digits become N, query strings count by their parameter names),
at most `max_children` pages are checked below one listing page (e.g. 6 of 42 projects), and
at most `max_pages` pages per role.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

from .axe import run_axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Admin, logout and files: not pages a citizen reads, or not pages at all.
SKIP_PREFIXES = (
    "/cms/",
    "/django-admin/",
    "/admin/",
    "/konto/logout/",
    "/static/",
    "/media/",
    "/dokumente/",
)
DOWNLOAD_SUFFIXES = (
    ".atom",
    ".csv",
    ".docx",
    ".gif",
    ".ics",
    ".jpeg",
    ".jpg",
    ".json",
    ".mp4",
    ".odt",
    ".pdf",
    ".png",
    ".rss",
    ".svg",
    ".txt",
    ".vtt",
    ".webm",
    ".webp",
    ".xlsx",
    ".xml",
    ".zip",
)
# Pages only reachable through a form (the search) are start points too.
DEFAULT_STARTS = ("/", "/suche/?q=Kleve")
_DIGITS = re.compile(r"\d+")


def url_pattern(url: str) -> str:
    """The pattern a URL stands for: digits become N, a query counts by its parameter names."""
    parts = urlsplit(url)
    pattern = _DIGITS.sub("N", parts.path)
    if parts.query:
        names = sorted({name for name, _value in parse_qsl(parts.query, keep_blank_values=True)})
        pattern += "?" + "&".join(names)
    return pattern


def parent_path(path: str) -> str:
    """'/projekte/radwege/' -> '/projekte/'."""
    stripped = path.rstrip("/")
    return stripped.rsplit("/", 1)[0] + "/" if "/" in stripped else "/"


@dataclass
class PageResult:
    """One checked page."""

    role: str
    url: str
    status: int
    violations: list[dict] = field(default_factory=list)
    html: str = ""
    found_on: str = ""
    seconds: float = 0.0


@dataclass
class CrawlReport:
    """Every page checked in one crawl, over all roles."""

    base_url: str
    pages: list[PageResult] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def failed_pages(self) -> list[PageResult]:
        """Pages that answered with an error status (broken internal links, server errors)."""
        return [p for p in self.pages if p.status >= 400]

    @property
    def pages_with_violations(self) -> list[PageResult]:
        return [p for p in self.pages if p.violations]

    @property
    def passed(self) -> bool:
        return not self.failed_pages and not self.pages_with_violations

    def violations_by_rule(self) -> dict[str, dict]:
        """axe rule id -> impact, German help text, number of elements and the pages."""
        rules: dict[str, dict] = {}
        for result in self.pages_with_violations:
            for violation in result.violations:
                rule = rules.setdefault(
                    violation["id"],
                    {
                        "impact": violation["impact"],
                        "help": violation["help"],
                        "help_url": violation["helpUrl"],
                        "nodes": 0,
                        "pages": [],
                    },
                )
                rule["nodes"] += len(violation["nodes"])
                label = f"{result.url} ({result.role})"
                if label not in rule["pages"]:
                    rule["pages"].append(label)
        return dict(sorted(rules.items()))

    def summary(self) -> str:
        """A readable report: what was checked, and every problem with its pages."""
        from .axe import format_violations

        roles = Counter(p.role for p in self.pages)
        lines = [
            f"Checked {len(self.pages)} page(s) of {self.base_url} in {self.seconds:.1f} s "
            f"({', '.join(f'{role}: {n}' for role, n in roles.items())})."
        ]
        if self.skipped:
            lines.append(
                "Not checked (bounded crawl): "
                + ", ".join(f"{reason}: {n}" for reason, n in sorted(self.skipped.items()))
            )
        for result in self.failed_pages:
            lines.append(
                f"HTTP {result.status} at {result.url} ({result.role}), linked from "
                f"{result.found_on or 'start'}"
            )
        for result in self.pages_with_violations:
            lines.append(f"[{result.role}] " + format_violations(result.url, result.violations))
        if self.passed:
            lines.append("No violations found.")
        return "\n".join(lines)


class SiteCrawler:
    """Visit a site's internal links in one Playwright page and run axe-core on each."""

    def __init__(
        self,
        page,
        base_url: str,
        *,
        max_pages: int = 150,
        max_children: int = 6,
        keep_html: bool = False,
        report: CrawlReport | None = None,
    ):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.origin = urlsplit(self.base_url)._replace(path="", query="", fragment="").geturl()
        self.max_pages = max_pages
        self.max_children = max_children
        self.keep_html = keep_html
        self.report = report or CrawlReport(base_url=self.base_url)

    def login(self, email: str, password: str) -> None:
        """Log in through the site's own login form."""
        self.page.goto(f"{self.base_url}/konto/login/")
        form = self.page.locator("main form").filter(has=self.page.locator("input[name=password]"))
        form.locator("input[name=login]").fill(email)
        form.locator("input[name=password]").fill(password)
        with self.page.expect_navigation():
            form.locator("button[type=submit]").last.click()
        if "/konto/login/" in self.page.url:
            raise RuntimeError(f"Could not log in as {email}.")

    def logout(self) -> None:
        """Forget the session (and every other cookie)."""
        self.page.context.clear_cookies()

    def internal_path(self, href: str, current_url: str) -> str | None:
        """The same-site path and query of a link, or None when it is not ours to check."""
        url = urljoin(current_url, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        path = parts.path or "/"
        if path.startswith(SKIP_PREFIXES) or path.lower().endswith(DOWNLOAD_SUFFIXES):
            return None
        return f"{path}?{parts.query}" if parts.query else path

    def crawl(self, role: str, starts: tuple[str, ...] = DEFAULT_STARTS) -> list[PageResult]:
        """Check every reachable page (bounded) as the current user; return the results."""
        results: list[PageResult] = []
        seen_patterns: set[str] = set()
        listing_pages: set[str] = set()  # paths that are pages themselves ("/projekte/")
        children_checked: Counter = Counter()
        queue: deque[tuple[str, str]] = deque((start, "") for start in starts)
        seen_patterns.update(url_pattern(start) for start in starts)
        while queue and len(results) < self.max_pages:
            path, found_on = queue.popleft()
            plain_path = path.split("?", 1)[0]
            parent = parent_path(plain_path)
            if (
                "?" not in path
                and parent != "/"
                and parent in listing_pages
                and children_checked[parent] >= self.max_children
            ):
                self.report.skipped["similar pages below one listing"] += 1
                continue
            result = self.check(role, path, found_on)
            if result is None:
                continue
            results.append(result)
            if "?" not in path:
                children_checked[parent] += 1
                if result.status < 400:
                    listing_pages.add(plain_path)
            final_path = self.internal_path(self.page.url, self.page.url) or path
            seen_patterns.add(url_pattern(final_path))
            if result.status >= 400:
                continue
            for href in self.page.eval_on_selector_all(
                "a[href]", "links => links.map(a => a.getAttribute('href'))"
            ):
                link = self.internal_path(href, self.page.url)
                if link is None:
                    continue
                pattern = url_pattern(link)
                if pattern not in seen_patterns:
                    seen_patterns.add(pattern)
                    queue.append((link, path))
        self.report.skipped["over the page limit"] += len(queue)
        if not self.report.skipped["over the page limit"]:
            del self.report.skipped["over the page limit"]
        self.report.pages.extend(results)
        return results

    def check(self, role: str, path: str, found_on: str) -> PageResult | None:
        """Load one page and run axe on it; None for responses that are not HTML pages."""
        started = time.monotonic()
        response = self.page.goto(self.base_url + path, wait_until="load")
        if response is None:
            return None
        content_type = response.headers.get("content-type", "")
        if response.status < 400 and "text/html" not in content_type:
            self.report.skipped["not an HTML page"] += 1
            return None
        result = PageResult(role=role, url=path, status=response.status, found_on=found_on)
        if "text/html" in content_type:
            result.violations = run_axe(self.page)
            if self.keep_html:
                result.html = response.text()
        result.seconds = time.monotonic() - started
        return result


def launch_chromium(playwright, executable_path: str | None = None):
    """Debian's Chromium when installed (Playwright cannot download browsers here)."""
    import os

    path = executable_path or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)


def crawl_site(
    base_url: str,
    *,
    logins: list[tuple[str, str]] = (),
    max_pages: int = 150,
    max_children: int = 6,
    keep_html: bool = False,
    executable_path: str | None = None,
) -> CrawlReport:
    """Start Chromium, crawl logged out and then as each (email, password), return the report.

    Runs Playwright in its own thread, so it also works where an event loop is already running
    (e.g. inside a test session that uses pytest-playwright).
    """
    from concurrent.futures import ThreadPoolExecutor

    def run() -> CrawlReport:
        from playwright.sync_api import sync_playwright

        started = time.monotonic()
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, executable_path)
            try:
                context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
                crawler = SiteCrawler(
                    context.new_page(),
                    base_url,
                    max_pages=max_pages,
                    max_children=max_children,
                    keep_html=keep_html,
                )
                crawler.crawl("anonymous")
                for email, password in logins:
                    crawler.logout()
                    crawler.login(email, password)
                    crawler.crawl(email)
            finally:
                browser.close()
        crawler.report.seconds = time.monotonic() - started
        return crawler.report

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
