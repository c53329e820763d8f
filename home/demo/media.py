"""Generated demo media: an illustration (Pillow) and plain-text and CSV downloads."""

import csv
import io
import math

from PIL import Image, ImageDraw

from ideen.categories import load_catalogue

from .base import DemoRun, ensure_document, ensure_image, iter_catalogue_projects

RED_DARK = (125, 18, 34)
RED = (166, 25, 46)
TINT = (251, 239, 241)
WHITE = (255, 255, 255)

ILLUSTRATION_TITLE = "Illustration: Schwanenburg im digitalen Netz"
ILLUSTRATION_ALT = (
    "Illustration: Die Schwanenburg mit ihrem Schwanenturm als weiße Silhouette auf einem "
    "Hügel vor dunkelrotem Himmel. Über der Burg spannt sich ein Netz aus hellen, "
    "miteinander verbundenen Punkten."
)
SUMMARY_TITLE = "kleve.digital 2030 – Kurzfassung (Text)"
PROJECT_LIST_TITLE = "kleve.digital 2030 – alle 42 Digitalisierungsprojekte (Tabelle)"


def render_illustration(width: int = 1200, height: int = 600) -> bytes:
    """Kleve's Schwanenburg under a network of connected points, drawn with Pillow."""
    image = Image.new("RGB", (width, height), RED_DARK)
    draw = ImageDraw.Draw(image)
    # A calm vertical gradient from dark red to the brand red.
    for y in range(height):
        mix = y / height
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(RED_DARK, RED, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)

    # The network: points on gentle arcs, each joined to its neighbours.
    points = []
    for row in range(4):
        for column in range(9):
            x = 70 + column * 132 + (row % 2) * 66
            y = 70 + row * 62 + round(18 * math.sin(column * 0.9 + row))
            points.append((x, y))
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            if math.dist((x1, y1), (x2, y2)) < 150:
                draw.line([(x1, y1), (x2, y2)], fill=(214, 120, 134), width=2)
    for x, y in points:
        draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=TINT)

    # The hill and the Schwanenburg: main building, wing, and the tall Schwanenturm.
    draw.ellipse([-200, 470, width + 200, 900], fill=TINT)
    base = 500
    draw.rectangle([430, base - 120, 760, base], fill=WHITE)  # main building
    draw.polygon([(420, base - 120), (595, base - 190), (770, base - 120)], fill=WHITE)  # roof
    draw.rectangle([760, base - 80, 880, base], fill=WHITE)  # wing
    draw.rectangle([300, base - 150, 430, base], fill=WHITE)  # side tower
    draw.polygon([(290, base - 150), (365, base - 215), (440, base - 150)], fill=WHITE)
    tower_left, tower_right = 520, 640
    draw.rectangle([tower_left, base - 330, tower_right, base - 120], fill=WHITE)  # Schwanenturm
    for step in range(5):  # battlements
        x = tower_left - 10 + step * 28
        draw.rectangle([x, base - 352, x + 16, base - 330], fill=WHITE)
    draw.polygon([(548, base - 352), (580, base - 420), (612, base - 352)], fill=WHITE)  # spire
    for x in (545, 595):  # windows
        draw.rectangle([x, base - 300, x + 20, base - 265], fill=RED_DARK)
    for x in (460, 520, 680, 790, 330):
        draw.rectangle([x, base - 85, x + 24, base - 45], fill=RED_DARK)
    draw.rectangle([585, base - 60, 615, base], fill=RED_DARK)  # gate

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def illustration(run: DemoRun):
    return ensure_image(
        run, ILLUSTRATION_TITLE, "kleve-digital-illustration.png", render_illustration
    )


def strategy_summary_text(catalogue: dict) -> str:
    """A short plain-text summary of the catalogue: its structure and every project by number."""
    lines = [
        catalogue["title"],
        f"Stand: {catalogue['version']}",
        f"Herausgeberin: {catalogue['issuer']}",
        "",
        "Der Maßnahmenkatalog beschreibt die Digitalisierung der Stadt Kleve von 2020 bis 2030.",
        "Er gliedert sich in zwei Wirkungsbereiche, sechs Aktionsfelder und 42 Projekte.",
        "",
    ]
    for area in catalogue["wirkungsbereiche"]:
        lines += [f"Wirkungsbereich {area['name']}", "=" * (16 + len(area["name"]))]
        for field_of_action in area["aktionsfelder"]:
            lines += ["", f"Aktionsfeld {field_of_action['nummer']}: {field_of_action['name']}"]
            for project in field_of_action["projekte"]:
                lines.append(f"  {project['nummer']} {project['titel']} – {project['zeitraum']}")
        lines.append("")
    return "\n".join(lines)


def project_table_csv(catalogue: dict) -> str:
    """All projects as CSV with semicolons, as German spreadsheet programs expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "Wirkungsbereich",
            "Aktionsfeld",
            "Nummer",
            "Projekt",
            "Zeitraum",
            "Zuständigkeit",
            "Smart-City-Aktionsfeld",
            "Anzahl Einzelmaßnahmen",
        ]
    )
    for area, field_of_action, project in iter_catalogue_projects(catalogue):
        writer.writerow(
            [
                area["name"],
                field_of_action["name"],
                project["nummer"],
                project["titel"],
                project["zeitraum"],
                project["zustaendigkeit"],
                project["smart_city_aktionsfeld"] or "",
                len(project["einzelmassnahmen"]),
            ]
        )
    return buffer.getvalue()


def strategy_documents(run: DemoRun) -> list:
    """The downloads of the strategy page; UTF-8 with BOM so spreadsheet programs read umlauts."""
    catalogue = load_catalogue()
    return [
        ensure_document(
            run,
            SUMMARY_TITLE,
            "kleve-digital-2030-kurzfassung.txt",
            strategy_summary_text(catalogue).encode("utf-8-sig"),
        ),
        ensure_document(
            run,
            PROJECT_LIST_TITLE,
            "kleve-digital-2030-projekte.csv",
            project_table_csv(catalogue).encode("utf-8-sig"),
        ),
    ]
