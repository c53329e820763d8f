"""Run axe-core (from npm, German messages) in a Playwright page and report its violations.

Shared by the browser tests (tests/browser/axe.py) and `manage.py check_accessibility`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_LOCALE = ROOT / "node_modules" / "axe-core" / "locales" / "de.json"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MISSING_AXE = "axe-core is missing: run `make install-test` (or `npm install --ignore-scripts`)."


@cache
def axe_source() -> tuple[str, dict]:
    """axe-core's script and its German locale, read once per process."""
    if not AXE_SCRIPT.exists():
        raise RuntimeError(MISSING_AXE)
    return AXE_SCRIPT.read_text(encoding="utf-8"), json.loads(
        AXE_LOCALE.read_text(encoding="utf-8")
    )


def run_axe(page, within: str | None = None) -> list[dict]:
    """Inject axe-core into a Playwright page and return its violations (German help texts).

    ``within``: a CSS selector to scan only that part of the page (e.g. our panel on Wagtail's
    dashboard, whose own search forms share one landmark name); the whole document otherwise.

    Evaluated through the DevTools protocol rather than added as a <script> element, so the
    page's Content-Security-Policy (no inline scripts) stays enforced while axe runs.
    """
    script, locale = axe_source()
    page.evaluate(f"() => {{ {script}\n}}")
    return page.evaluate(
        """async ([locale, tags, within]) => {
            axe.configure({locale});
            const context = within ? {include: [within]} : document;
            const result = await axe.run(context, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, summary: n.failureSummary, html: n.html,
                })),
            }));
        }""",
        [locale, AXE_TAGS, within],
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
