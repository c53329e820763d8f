"""Demo content for a local site (`manage.py load_demo`).

Each app adds its loader to DEMO_LOADERS: a dotted path to a function `load(run: DemoRun)`
that creates what is missing, identified by slug or username, and leaves existing content alone.
Loaders run in this order inside one transaction; later loaders may use what earlier ones made.
"""

from django.utils.module_loading import import_string

DEMO_LOADERS = [
    "home.demo.users.load",
    "home.demo.projects.load",
    "home.demo.pages.load",
    "ideen.demo.load",
    "transparenz.demo.load",
    "diskussion.demo.load",
]


def get_loaders() -> list:
    """The loader functions, imported from DEMO_LOADERS."""
    return [import_string(path) for path in DEMO_LOADERS]
