"""Validate HTML with the Nu Html Checker (npm `vnu-jar`, run with Debian's Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .axe import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MISSING_VNU = (
    "The Nu Html Checker needs Java and vnu.jar: run `make install-test` "
    "(apt-get install default-jre-headless; npm install --ignore-scripts)."
)


def vnu_available() -> bool:
    return VNU_JAR.exists() and shutil.which("java") is not None


def validate_html(documents: dict[str, str]) -> dict[str, list[dict]]:
    """Check many HTML documents in one Java run; return the errors per document name."""
    if not vnu_available():
        raise RuntimeError(MISSING_VNU)
    with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(tmp) / f"page{number}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        completed = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", tmp],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    output = json.loads(completed.stderr or '{"messages": []}')
    errors: dict[str, list[dict]] = {}
    for message in output.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "?")
        name = names.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(message)
    return errors


def format_html_errors(errors: dict[str, list[dict]]) -> str:
    lines = []
    for name, messages in errors.items():
        lines.append(f"{len(messages)} HTML error(s) in {name}:")
        for message in messages[:20]:
            line = message.get("lastLine", "?")
            lines.append(f"  line {line}: {message.get('message')}")
            if message.get("extract"):
                lines.append(f"    {message['extract'].strip()[:160]}")
    return "\n".join(lines)
