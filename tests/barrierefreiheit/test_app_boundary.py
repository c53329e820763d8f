"""barrierefreiheit builds on home, never the other way round (not even inside a function)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(source: str):
    """Every absolute module name a Python source imports, wherever the import stands."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_home_does_not_import_barrierefreiheit():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "home").rglob("*.py"))
        for module in imported_modules(path.read_text(encoding="utf-8"))
        if module == "barrierefreiheit" or module.startswith("barrierefreiheit.")
    ]
    assert offenders == []
