"""The layout of the apps (README, "Layout"): imports point one way, from higher to lower layers.

Reads the imports of every first-party module with ``ast`` (function-local imports included,
migrations and tests left out), so an import hidden in a function counts like one at the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The apps from bottom to top: an app may import the apps before it, never those after it.
#: The same order as the diagram in README.md. Apps not created yet are ignored.
LAYERS = [
    "betrieb",
    "outbox",
    "accounts",
    "home",
    "orte",
    "ideen",
    "diskussion",
    "transparenz",
    "benachrichtigungen",
    "beteiligung",
    "vorhaben",
    "barrierefreiheit",
    "demo",
]

#: Settings and URLs wire the apps together: config may import every app, no app imports config.
CONFIG = "config"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "home.models"
    path: str  # its file relative to the repository, for messages
    line: int
    target: str  # the imported module, e.g. "beteiligung.models"
    names: tuple[str, ...] = ()  # of ``from target import a, b``: modules or other names

    @property
    def candidates(self) -> list[str]:
        """What may be a module here: the target, and target.name for each imported name."""
        return [self.target, *(f"{self.target}.{name}" for name in self.names)]


def first_party_roots(root: Path = ROOT) -> list[str]:
    """The apps (packages with an apps.py) and config."""
    apps = sorted(path.parent.name for path in root.glob("*/apps.py"))
    return [*apps, CONFIG]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def first_party_modules(root: Path = ROOT) -> Iterator[tuple[str, Path]]:
    """Every module of the apps and config, without migrations and tests."""
    for package in first_party_roots(root):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).parts
            if "migrations" in relative or "tests" in relative:
                continue
            yield module_name(path, root), path


def imports_in(source: str, module: str, is_package: bool, path: str = "") -> Iterator[Import]:
    """All imports of a module, wherever they stand (in functions too)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            names = tuple(alias.name for alias in node.names)
            yield Import(module, path, node.lineno, target, names)


def all_imports(root: Path = ROOT) -> list[Import]:
    found = []
    for module, path in first_party_modules(root):
        found.extend(
            imports_in(
                path.read_text(encoding="utf-8"),
                module,
                is_package=path.name == "__init__.py",
                path=str(path.relative_to(root)),
            )
        )
    return found


def room_of(module: str, roots: list[str]) -> str | None:
    """The app (or config) a first-party module belongs to; None for other packages."""
    top = module.split(".")[0]
    if top not in roots:
        return None
    return top


def imported_rooms(found: Import, roots: list[str]) -> dict[str, str]:
    """The apps an import reaches, each with the first module that reaches it."""
    rooms: dict[str, str] = {}
    for candidate in found.candidates:
        room = room_of(candidate, roots)
        if room and (room != room_of(found.target, roots) or candidate == found.target):
            rooms.setdefault(room, candidate)
    return rooms


def app_graph(imports: list[Import], roots: list[str]) -> dict[str, set[str]]:
    """Which app imports which (an app's imports of itself left out)."""
    graph: dict[str, set[str]] = {}
    for found in imports:
        source = room_of(found.source, roots)
        for target in imported_rooms(found, roots):
            if source and target != source:
                graph.setdefault(source, set()).add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that ends where it starts, or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for following in sorted(graph.get(node, ())):
            cycle = visit(following, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def layer_violations(imports: list[Import], roots: list[str]) -> list[str]:
    """Imports of a higher layer by a lower one, and any app importing config."""
    messages = []
    for found in imports:
        source = room_of(found.source, roots)
        if not source or source == CONFIG:
            continue
        for target, module in imported_rooms(found, roots).items():
            if target == source:
                continue
            if target == CONFIG or LAYERS.index(source) < LAYERS.index(target):
                messages.append(
                    f"{found.path}:{found.line} imports {module}: {source} must not import {target}"
                )
    return sorted(set(messages))


def is_views_module(module: str) -> bool:
    """views.py, a views package, or a module named like admin_views.py."""
    return any(part == "views" or part.endswith("_views") for part in module.split(".")[1:])


def is_model_module(module: str) -> bool:
    """models.py or a module of a models package, and queryset or manager modules."""
    parts = module.split(".")[1:]
    return "models" in parts or (bool(parts) and parts[-1] in {"querysets", "queryset", "managers"})


def models_importing_views(imports: list[Import], roots: list[str]) -> list[str]:
    return sorted(
        {
            f"{found.path}:{found.line} imports {candidate}"
            for found in imports
            if is_model_module(found.source)
            for candidate in found.candidates
            if room_of(candidate, roots) and is_views_module(candidate)
        }
    )


# The checks of the code base


def test_every_app_has_a_layer():
    missing = [app for app in first_party_roots() if app != CONFIG and app not in LAYERS]
    assert not missing, f"Give these apps a place in LAYERS and in README.md: {missing}"


def test_no_cycle_between_apps():
    roots = first_party_roots()
    cycle = find_cycle(app_graph(all_imports(), roots))
    assert cycle is None, "The apps import each other in a circle: " + " → ".join(cycle or [])


def test_imports_follow_the_layers():
    violations = layer_violations(all_imports(), first_party_roots())
    order = " → ".join(LAYERS)
    assert not violations, f"Imports against the layers ({order}):\n" + "\n".join(violations)


def test_models_and_querysets_never_import_views():
    found = models_importing_views(all_imports(), first_party_roots())
    assert not found, "Models and querysets import views:\n" + "\n".join(found)


def test_readme_shows_the_layers():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Layers, bottom to top: " + " → ".join(LAYERS) in readme


# The checks themselves: each one fails on a bad example.

ROOTS = ["accounts", "home", "ideen", "beteiligung", CONFIG]


def _imports(module: str, source: str, is_package: bool = False) -> list[Import]:
    return list(imports_in(source, module, is_package, path=module.replace(".", "/") + ".py"))


def test_a_function_local_import_is_read():
    source = "def get_context(self):\n    from beteiligung.models import ProjectPage\n"
    imports = _imports("home.models", source)
    assert layer_violations(imports, ROOTS) == [
        "home/models.py:2 imports beteiligung.models: home must not import beteiligung"
    ]


def test_a_cycle_between_apps_is_named():
    imports = [
        *_imports("home.models", "from ideen.models import Idea\n"),
        *_imports("ideen.forms", "import beteiligung.rules\n"),
        *_imports("beteiligung.models", "from home import blocks\n"),
    ]
    assert find_cycle(app_graph(imports, ROOTS)) == ["beteiligung", "home", "ideen", "beteiligung"]


def test_relative_imports_of_views_by_models_are_found():
    imports = [
        *_imports("beteiligung.models", "def f():\n    from .views import x\n"),
        *_imports("ideen.models", "from . import views\n"),
        *_imports("home.models", "from .blocks import views\n"),  # maybe a module: reported
        *_imports("ideen.views", "from .models import Idea\n"),
    ]
    found = models_importing_views(imports, ROOTS)
    assert found == [
        "beteiligung/models.py:2 imports beteiligung.views",
        "beteiligung/models.py:2 imports beteiligung.views.x",
        "home/models.py:1 imports home.blocks.views",
        "ideen/models.py:1 imports ideen.views",
    ]


def test_config_imports_everything_and_nobody_imports_config():
    imports = [
        *_imports("config.urls", "from beteiligung import models\n"),
        *_imports("ideen.staff", "from config.settings import base\n"),
    ]
    assert layer_violations(imports, ROOTS) == [
        "ideen/staff.py:1 imports config.settings: ideen must not import config",
    ]
