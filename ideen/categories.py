"""The strategy's Aktionsfelder and Digitalisierungsprojekte as idea categories."""

import json
from pathlib import Path

from django.utils.text import slugify

CATALOGUE_PATH = Path(__file__).with_name("data") / "massnahmenkatalog.json"


def load_catalogue() -> dict:
    """The Maßnahmenkatalog kleve.digital 2030 as shipped with this app."""
    return json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


def _unique_slug(category_model, name: str, taken: set[str]) -> str:
    base = slugify(name)[:110] or "kategorie"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def seed_categories(category_model) -> int:
    """Create the 6 Aktionsfelder with their 42 projects as child categories; return new rows.

    Idempotent: a category is found by its name and parent, so editors' changes to slugs and
    descriptions survive. Works with the real model and with a migration's historical model.
    """
    catalogue = load_catalogue()
    taken = set(category_model.objects.values_list("slug", flat=True))
    created_count = 0
    order = 0
    for area in catalogue["wirkungsbereiche"]:
        for field in area["aktionsfelder"]:
            order += 1
            parent = category_model.objects.filter(name=field["name"], parent=None).first()
            if parent is None:
                parent = category_model.objects.create(
                    name=field["name"],
                    slug=_unique_slug(category_model, field["name"], taken),
                    description=(
                        f"Aktionsfeld {field['nummer']} im Wirkungsbereich „{area['name']}“"
                    ),
                    sort_order=order * 100,
                )
                created_count += 1
            for index, project in enumerate(field["projekte"], start=1):
                if category_model.objects.filter(name=project["titel"], parent=parent).exists():
                    continue
                category_model.objects.create(
                    name=project["titel"],
                    slug=_unique_slug(category_model, project["titel"], taken),
                    description=(
                        f"Digitalisierungsprojekt {project['nummer']} ({area['name']}). "
                        f"{project['zeitraum']} Zuständig: {project['zustaendigkeit']}"
                    ).strip(),
                    parent=parent,
                    sort_order=order * 100 + index,
                )
                created_count += 1
    return created_count
