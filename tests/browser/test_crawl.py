"""Site-wide check: crawl the demo site logged out, as a citizen and as staff; axe and vnu.

The crawl (barrierefreiheit/accessibility/crawl.py) follows every internal link from "/",
deduplicated by URL pattern and bounded, runs axe-core with the WCAG 2.2 A/AA and best-practice
tags (German messages) on every page, and keeps each page's HTML for the Nu Html Checker.
"""

import time
from pathlib import Path

import pytest

from barrierefreiheit.accessibility.crawl import SiteCrawler, url_pattern
from barrierefreiheit.accessibility.html_check import (
    format_html_errors,
    validate_html,
    vnu_available,
)
from demo.loader import accounts

REPORT = Path("/tmp/screens/a11y/crawl-report.txt")
CITIZEN = next(a for a in accounts() if a.role == "citizen")
STAFF = next(a for a in accounts() if a.role == "staff member")


@pytest.fixture
def crawl_page(browser):
    """One browser context and page for the whole crawl (cookies cleared between roles)."""
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    yield context.new_page()
    context.close()


def test_every_page_passes_axe_and_the_nu_html_checker(demo, crawl_page):
    started = time.monotonic()
    crawler = SiteCrawler(crawl_page, demo, keep_html=True)
    crawler.crawl("logged out")
    for role, account in [("citizen", CITIZEN), ("staff", STAFF)]:
        crawler.logout()
        crawler.login(account.email, account.password)
        crawler.crawl(role)
    report = crawler.report
    report.seconds = time.monotonic() - started

    # One document per role and page type (body class, else the URL pattern) for vnu.
    documents = {}
    for result in report.pages:
        if result.html and result.status < 400:
            documents.setdefault((result.role, page_type(result)), (result.url, result.html))
    html_started = time.monotonic()
    html_errors = (
        validate_html({f"{url} ({role})": html for (role, _), (url, html) in documents.items()})
        if vnu_available()
        else {}
    )
    html_seconds = time.monotonic() - html_started

    summary = report.summary() + (
        f"\nNu Html Checker: {len(documents)} page type(s) × role in {html_seconds:.1f} s."
    )
    if html_errors:
        summary += "\n" + format_html_errors(html_errors)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        summary + "\n\n" + "\n".join(f"{p.role}\t{p.status}\t{p.url}" for p in report.pages)
    )
    print(summary)

    assert vnu_available(), "vnu.jar or Java is missing: run `make install-test`."
    roles = {p.role for p in report.pages}
    assert roles == {"logged out", "citizen", "staff"}
    assert len(report.pages) >= 40, summary
    assert report.passed, summary
    assert not html_errors, format_html_errors(html_errors)
    # The crawl really reached the pages this issue is about, logged out and in.
    urls = {p.url for p in report.pages if p.role == "logged out"}
    assert {"/barrierefreiheit/", "/leichte-sprache/", "/gebaerdensprache/"} <= urls
    assert any(u.startswith("/barriere-melden/?seite=") for u in urls)


def page_type(result) -> str:
    match = result.html.split("<body", 1)[-1].split(">", 1)[0]
    if 'class="' in match:
        classes = match.split('class="', 1)[1].split('"', 1)[0].split()
        if classes:
            return classes[0]
    return url_pattern(result.url)


def test_crawler_stays_on_the_site_and_skips_downloads_and_admin(page, site_url):
    crawler = SiteCrawler(page, site_url)
    here = site_url + "/projekte/"
    assert crawler.internal_path("/ideen/3/", here) == "/ideen/3/"
    assert crawler.internal_path("radwege/?seite=2#top", here) == "/projekte/radwege/?seite=2"
    for href in [
        "https://example.org/",
        "mailto:a@b.de",
        "tel:0282184",
        "/cms/pages/",
        "/konto/logout/",
        "/dokumente/3/plan.pdf",
        "/media/images/a.png",
        "/export/ideen.csv",
    ]:
        assert crawler.internal_path(href, here) is None, href


def test_url_patterns_keep_one_url_per_shape():
    assert url_pattern("/ideen/12/") == url_pattern("/ideen/345/") == "/ideen/N/"
    assert url_pattern("/suche/?q=Rad&page=2") == url_pattern("/suche/?page=9&q=x")
    assert url_pattern("/projekte/") != url_pattern("/projekte/?phase=offen")
