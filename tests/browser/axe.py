"""Run axe-core in a Playwright page and fail with a readable report on any violation."""

import json
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_LOCALE = ROOT / "node_modules" / "axe-core" / "locales" / "de.json"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class AccessibilityError(AssertionError):
    """axe-core found violations."""


def run_axe(page: Page) -> list[dict]:
    """Inject axe-core (German messages) into the page and return its violations."""
    if not AXE_SCRIPT.exists():
        raise RuntimeError("axe-core is missing: run `make install-test` (npm install).")
    page.add_script_tag(path=str(AXE_SCRIPT))
    locale = json.loads(AXE_LOCALE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async ([locale, tags]) => {
            axe.configure({locale});
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, summary: n.failureSummary, html: n.html,
                })),
            }));
        }""",
        [locale, AXE_TAGS],
    )


def format_violations(url: str, violations: list[dict]) -> str:
    """A report a developer can act on: rule, impact, help and the failing elements."""
    lines = [f"axe found {len(violations)} violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:160]}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"       {summary_line}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Fail the test when axe reports any violation of the WCAG 2.2 AA and best-practice tags."""
    violations = run_axe(page)
    if violations:
        raise AccessibilityError(format_violations(page.url, violations))
