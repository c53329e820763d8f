"""Five participation projects built on Digitalisierungsprojekte of kleve.digital 2030.

Each project sits in a different place of the participation loop on the load day: two are open,
one is planned, one is being evaluated, one is completed with its outcome. Dates are days
relative to the load day (``run.today``); the proposals, decisions and threads on these pages
come from ``ideen.demo``, ``transparenz.demo`` and ``diskussion.demo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from beteiligung.models import ProjectIndexPage, ProjectPage, ProjectPhase
from home.districts import District
from ideen.categories import load_catalogue
from ideen.models import Category

from .base import (
    DemoRun,
    ensure_page,
    h2,
    iter_catalogue_projects,
    merge_rich_text,
    p,
    quote,
    rich_text,
    ul,
)

INDEX_SLUG = "projekte"
DIGITAL_CITY = "Digitale Stadt"

# The slugs other loaders hang their content on.
PLATFORM = "online-beteiligung"
WLAN = "freies-wlan"
LORAWAN = "lorawan-sensornetz"
COURSES = "digitalisierungskurse"
OPEN_DATA = "open-data"


class Phase:
    """Where a demo project stands on the load day (the page derives it from its dates)."""

    PLANNED = "geplant"
    OPEN = "laeuft"
    EVALUATION = "auswertung"
    COMPLETED = "abgeschlossen"


@dataclass(frozen=True)
class Step:
    """A timeline phase; ``end`` None lasts until the next phase (or open-ended)."""

    title: str
    description: str
    start: int
    end: int | None = None


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    unit: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DemoProject:
    """A project page drawn from one catalogue entry; dates are days relative to the load day."""

    number: str
    slug: str
    title: str
    intro: str
    about: list[str]
    phase: str
    start: int
    end: int
    steps: list[Step]
    facts: list[tuple[str, str]]
    contact: Contact
    district: str = ""
    responsible_unit: str = ""
    offers_comments: bool = True
    offers_proposals: bool = True
    offers_supports: bool = True
    questions: list[str] = field(default_factory=list)
    status: str = ""
    next_steps: str = ""
    strategy_quote: str = ""
    outcome: str = ""
    completed: int | None = None


TEAM = "Fachbereich 10 – Abteilung 10.1 (Digitalisierung)"
ANNA = Contact("Anna Schmitz", "Projektleitung", TEAM, "02821 84-412", "anna.schmitz@kleve.de")
JONAS = Contact("Jonas Peters", "Projektleitung", TEAM, "02821 84-418", "jonas.peters@kleve.de")

DEMO_PROJECTS = [
    DemoProject(
        number="3.2",
        slug=PLATFORM,
        title="Die Online-Plattform für Beteiligung mitgestalten",
        intro=(
            "Diese Plattform ist selbst ein Projekt der Digitalstrategie. Was brauchen Sie, um "
            "sich hier gern zu beteiligen? Machen Sie Vorschläge, wie wir sie besser machen "
            "können – bis zum Ende der Beteiligung."
        ),
        about=[
            "Wer sich an einem Projekt der Stadt beteiligen möchte, musste bisher meist zu "
            "einem Termin vor Ort kommen. Viele schaffen das nicht: wegen der Arbeit, der "
            "Kinder oder weil der Weg zu weit ist. Mit dieser Online-Beteiligungsplattform "
            "können Sie sich informieren, kommentieren und Vorschläge machen, wann es Ihnen "
            "passt.",
            "Wichtig ist uns, dass Ihre Vorschläge etwas bewirken: Zu jedem Vorschlag "
            "veröffentlichen wir, ob er angenommen oder abgelehnt wurde – und warum. Die "
            "Plattform ist neu, und wir möchten sie gemeinsam mit Ihnen weiterentwickeln.",
        ],
        phase=Phase.OPEN,
        start=-10,
        end=25,
        steps=[
            Step(
                "Information",
                "Vorstellung der Plattform im Ausschuss für Digitalisierung, in der Presse und "
                "in den sozialen Medien.",
                -24,
                -11,
            ),
            Step(
                "Online-Beteiligung",
                "Sie machen Vorschläge, unterstützen die Vorschläge anderer und diskutieren mit.",
                -10,
                25,
            ),
            Step(
                "Auswertung",
                "Das Digitalisierungsteam prüft jeden Vorschlag und veröffentlicht seine "
                "Entscheidung mit Begründung.",
                26,
                54,
            ),
            Step(
                "Umsetzung",
                "Angenommene Vorschläge werden in die Plattform eingebaut; den Fortschritt "
                "lesen Sie beim jeweiligen Vorschlag.",
                55,
            ),
        ],
        facts=[
            ("Maßnahmenkatalog", "Projekt 3.2 „Online-Beteiligungsplattform“"),
            ("Gebiet", "Ganze Stadt"),
            ("Beteiligt", "Fachbereich 10 und Fachbereich 61 (Stadtplanung)"),
            ("Kosten", "Betrieb im Budget der Abteilung Digitalisierung"),
        ],
        contact=ANNA,
        questions=[
            "Was hat Sie bisher davon abgehalten, sich an Projekten der Stadt zu beteiligen?",
            "Wie möchten Sie erfahren, dass ein neues Projekt startet?",
            "Was sollte die Plattform können, damit alle mitmachen können?",
        ],
        strategy_quote=(
            "Es muss stets nachvollziehbar sein, inwiefern eine Idee adaptiert oder verworfen "
            "wird - und was die Beweggründe dafür sind."
        ),
    ),
    DemoProject(
        number="2.4",
        slug=WLAN,
        title="Freies WLAN in der Innenstadt",
        intro=(
            "Wo in der Innenstadt wünschen Sie sich freies WLAN? Die Stadt richtet weitere "
            "öffentliche Hotspots ein – schlagen Sie Orte vor und unterstützen Sie die "
            "Vorschläge anderer."
        ),
        about=[
            "Öffentliches WLAN in der Innenstadt und auf öffentlichen Plätzen hilft allen, am "
            "digitalen Wandel teilzuhaben – beim Warten auf den Bus, beim Einkaufen oder als Gast "
            "in der Stadt. Frei verfügbare Hotspots eröffnen außerdem Chancen für touristische "
            "Angebote und die lokale Wirtschaft.",
            "Die Stadt baut das Netz nicht allein aus: Sie wirbt auch bei Gewerbetreibenden dafür, "
            "eigene Hotspots zu öffnen. Bevor die neuen Standorte feststehen, möchten wir "
            "wissen, wo Sie freies WLAN am meisten vermissen.",
        ],
        phase=Phase.OPEN,
        start=-12,
        end=23,
        district=District.KERNSTADT,
        steps=[
            Step(
                "Bestandsaufnahme",
                "Die Stadt erfasst die vorhandenen Hotspots und prüft, wo Strom und "
                "Glasfaser für neue Zugangspunkte vorhanden sind.",
                -40,
                -13,
            ),
            Step(
                "Online-Beteiligung",
                "Sie schlagen Standorte vor, unterstützen Vorschläge und diskutieren mit.",
                -12,
                23,
            ),
            Step(
                "Auswertung und Standortwahl",
                "Fachbereich 10 und die Wirtschaft, Tourismus & Marketing Kleve GmbH werten "
                "die Vorschläge aus und wählen die ersten Standorte.",
                24,
                60,
            ),
            Step(
                "Testbetrieb",
                "Die neuen Hotspots gehen in einen Testbetrieb; danach entscheidet der "
                "Ausschuss über den dauerhaften Betrieb.",
                61,
            ),
        ],
        facts=[
            ("Maßnahmenkatalog", "Projekt 2.4 „Flächendeckendes WLAN“"),
            ("Gebiet", "Innenstadt (Kleve-Kernstadt)"),
            ("Geplante neue Hotspots", "bis zu 12 im ersten Schritt"),
            ("Partner", "Wirtschaft, Tourismus & Marketing Kleve GmbH, Gewerbetreibende"),
            ("Anmeldung", "ohne Name und Telefonnummer, einmal Nutzungsbedingungen bestätigen"),
        ],
        contact=JONAS,
        questions=[
            "An welchen Plätzen, Haltestellen oder öffentlichen Gebäuden fehlt Ihnen WLAN?",
            "Wofür würden Sie das freie WLAN vor allem nutzen?",
            "Was ist Ihnen wichtig: eine einfache Anmeldung, Datenschutz oder Geschwindigkeit?",
        ],
    ),
    DemoProject(
        number="2.6",
        slug=LORAWAN,
        title="LoRaWAN: ein Sensornetz für Kleve",
        intro=(
            "Sensoren, die Temperatur oder Luftqualität messen und ihre Werte stromsparend "
            "übertragen: Die Stadt baut ein LoRaWAN-Funknetz auf. Sobald die Beteiligung "
            "beginnt, können Sie Fragen stellen und Hinweise geben."
        ),
        about=[
            "LoRaWAN ist eine sehr stromsparende Funktechnik für kleine Datenmengen, wie sie "
            "Sensoren liefern. Sie hat eine große Reichweite, und viele Geräte laufen jahrelang "
            "mit einer Batterie. So lassen sich Luftqualität, Temperatur, Luftdruck oder "
            "Helligkeit im ganzen Stadtgebiet messen.",
            "Gemeinsam mit den Stadtwerken Kleve und den Umweltbetrieben der Stadt Kleve entsteht "
            "ein offenes Netz: Dienststellen sowie Bürgerinnen und Bürger können sich anschließen, "
            "die Daten nutzen und das Netz mit eigenen Sensoren erweitern.",
        ],
        phase=Phase.PLANNED,
        start=21,
        end=63,
        offers_proposals=False,
        offers_supports=False,
        steps=[
            Step(
                "Information",
                "Informationsabend mit den Stadtwerken Kleve; die geplanten Standorte der "
                "ersten Funkstationen werden vorgestellt.",
                -7,
                20,
            ),
            Step(
                "Online-Beteiligung: Fragen und Hinweise",
                "Sie stellen Fragen und geben Hinweise, was in Ihrem Viertel gemessen werden "
                "sollte. Die Redaktion antwortet in der Diskussion.",
                21,
                63,
            ),
            Step(
                "Aufbau der Funkstationen",
                "Die Stadtwerke montieren die ersten Gateways auf städtischen Gebäuden.",
                64,
                150,
            ),
            Step(
                "Sensoren im Testbetrieb",
                "Erste Sensoren für Luftqualität, Temperatur und Bodenfeuchte gehen in Betrieb; "
                "die Messwerte erscheinen als offene Daten.",
                151,
            ),
        ],
        facts=[
            ("Maßnahmenkatalog", "Projekt 2.6 „LoRaWAN“"),
            ("Gebiet", "Ganze Stadt"),
            ("Partner", "Stadtwerke Kleve GmbH, Umweltbetriebe der Stadt Kleve AöR"),
            ("Beteiligung", "Kommentare: Fragen und Hinweise zum Sensornetz"),
        ],
        contact=JONAS,
        next_steps=(
            "In dieser ersten Runde sammeln wir Ihre Fragen und Hinweise in der Diskussion. "
            "Konkrete Standorte für Sensoren können Sie in einer zweiten Runde vorschlagen, "
            "sobald die ersten Funkstationen stehen. Außerdem laden wir zu Informationsterminen "
            "und einer offenen Arbeitsgruppe ein."
        ),
    ),
    DemoProject(
        number="3.3",
        slug=COURSES,
        title="Digitalisierungskurse für Senior*innen",
        intro=(
            "Welche Kurse helfen älteren Menschen, digitale Angebote sicher zu nutzen? Die "
            "Beteiligung ist beendet; die Volkshochschule Kleve und die Stadt werten Ihre "
            "Vorschläge jetzt aus."
        ),
        about=[
            "Ein digitales Angebot wirkt nur, wenn es genutzt wird. Viele Menschen kennen zum "
            "Beispiel die Online-Ausweisfunktion des Personalausweises nicht oder trauen sich "
            "nicht, sie zu nutzen. Deshalb entwickeln die Volkshochschule Kleve und die Stadt ein "
            "„Digitalisierungs-Curriculum“: Kurse, die Schritt für Schritt erklären, wie digitale "
            "Angebote funktionieren – zuerst für Seniorinnen und Senioren.",
            "Wie greife ich auf digitale Angebote zu? Was wird überhaupt digital angeboten? "
            "Welche Chancen und Risiken hat ein digitaler Behördengang, und was passiert mit "
            "meinen Daten? Antworten auf diese Fragen sollen die Kurse geben.",
        ],
        phase=Phase.EVALUATION,
        start=-70,
        end=-14,
        steps=[
            Step(
                "Information",
                "Vorstellung des Vorhabens im Seniorenbeirat und in der Volkshochschule.",
                -90,
                -71,
            ),
            Step(
                "Online-Beteiligung",
                "Vorschläge für Kursthemen, Zeiten und Orte; Kommentare und Unterstützungen.",
                -70,
                -14,
            ),
            Step(
                "Auswertung",
                "Volkshochschule und Stadt prüfen die Vorschläge und begründen jede "
                "Entscheidung hier auf der Plattform.",
                -13,
                20,
            ),
            Step(
                "Erstes Kursprogramm",
                "Die Kurse starten im neuen Semester der Volkshochschule.",
                21,
            ),
        ],
        facts=[
            ("Maßnahmenkatalog", "Projekt 3.3 „Digitalisierungskurse“"),
            ("Gebiet", "Ganze Stadt, Kurse auch in den Ortsteilen"),
            ("Partner", "Volkshochschule Kleve, Seniorenbeirat der Stadt Kleve"),
            ("Kursgebühr", "kostenlos für Menschen ab 65 Jahren"),
        ],
        contact=Contact(
            "Ulrike Hermsen",
            "Fachbereichsleitung EDV und Beruf",
            "Volkshochschule Kleve",
            "02821 84-720",
            "vhs@kleve.de",
        ),
        responsible_unit="Volkshochschule Kleve, Fachbereich 10 – Abteilung 10.1",
        status=(
            "Während der Beteiligung sind sieben Vorschläge und zahlreiche Kommentare "
            "eingegangen. Über die ersten Vorschläge haben Volkshochschule und Stadt bereits "
            "entschieden; die Begründungen lesen Sie bei jedem Vorschlag. Über die übrigen "
            "entscheiden wir bis zum Ende der Auswertung."
        ),
    ),
    DemoProject(
        number="2.3",
        slug=OPEN_DATA,
        title="Open-Data-Portal: Welche Daten brauchen Sie?",
        intro=(
            "Welche Daten der Stadt würden Ihnen nützen? Sie haben Datensätze für das "
            "Open-Data-Portal vorgeschlagen – hier lesen Sie, was daraus geworden ist."
        ),
        about=[
            "Offene Daten (Open Data) sind Daten, die eine Verwaltung ohne Einschränkungen für "
            "alle freigibt: entgeltfrei und in einem offenen, weiterverarbeitbaren Format. "
            "Ausgeschlossen sind personenbezogene Daten, urheberrechtlich geschützte Werke und "
            "Daten, die aus Sicherheitsgründen nicht veröffentlicht werden dürfen.",
            "Die Stadt Kleve stellt bereits einige Datensätze in einem offenen Datenportal bereit. "
            "In der Beteiligung haben wir gefragt, welche Daten Sie zusätzlich brauchen, damit "
            "alle Fachbereiche wissen, womit sie anfangen sollen.",
        ],
        strategy_quote=(
            "Mit dem Ansatz Open Data wird das Ziel verfolgt, die zugrundeliegenden Daten für die "
            "Öffentlichkeit in Form von Rohdaten als sogenannte „offene Daten“ zur Verfügung zu "
            "stellen."
        ),
        phase=Phase.COMPLETED,
        start=-210,
        end=-168,
        completed=-35,
        steps=[
            Step(
                "Information",
                "Vorstellung des Datenportals und der vorhandenen Datensätze.",
                -230,
                -211,
            ),
            Step(
                "Online-Beteiligung",
                "Sie schlagen Datensätze vor und unterstützen die Vorschläge anderer.",
                -210,
                -168,
            ),
            Step(
                "Auswertung",
                "Die Fachbereiche prüfen, welche Daten sie veröffentlichen und aktuell halten "
                "können.",
                -167,
                -130,
            ),
            Step(
                "Veröffentlichung",
                "Die angenommenen Datensätze erscheinen nach und nach im Datenportal.",
                -129,
                -36,
            ),
            Step(
                "Ergebnis",
                "Das Ergebnis ist veröffentlicht; weitere Datensätze folgen laufend.",
                -35,
            ),
        ],
        facts=[
            ("Maßnahmenkatalog", "Projekt 2.3 „Open Data“"),
            ("Gebiet", "Ganze Stadt"),
            ("Lizenz", "Datenlizenz Deutschland – Namensnennung 2.0"),
            ("Formate", "CSV, JSON und GeoJSON"),
        ],
        contact=ANNA,
        outcome=(
            "<p>Sechs Vorschläge für neue Datensätze sind eingegangen, dazu viele Kommentare. "
            "Alle Fachbereiche haben geprüft, welche Daten sie veröffentlichen und dauerhaft "
            "aktuell halten können.</p>"
            "<p>Das ist daraus geworden:</p>"
            "<ul><li>Drei neue Datensätze stehen im Datenportal: die Baustellen mit Dauer und "
            "Umleitung, die Radwege und Fahrradabstellanlagen sowie die Wahlergebnisse nach "
            "Stimmbezirken.</li>"
            "<li>Die Haushaltsdaten und die Messwerte zur Luftqualität folgen; die Luftwerte "
            "kommen aus dem geplanten LoRaWAN-Sensornetz.</li>"
            "<li>Die Belegung der Parkhäuser in Echtzeit können wir nicht veröffentlichen, "
            "weil die Parkhäuser privat betrieben werden. Die Gründe stehen beim Vorschlag.</li>"
            "</ul>"
            "<p>Alle Datensätze stehen unter der Datenlizenz Deutschland – Namensnennung 2.0 "
            "und dürfen von allen genutzt werden, auch kommerziell.</p>"
        ),
    ),
]

INDEX_INTRO = (
    "<p>Hier finden Sie Digitalisierungsprojekte der Stadt Kleve aus dem Maßnahmenkatalog "
    "kleve.digital 2030. Solange eine Beteiligung läuft, können Sie kommentieren und Vorschläge "
    "machen. Bei abgeschlossenen Projekten lesen Sie, was aus Ihren Vorschlägen geworden ist.</p>"
)


def load(run: DemoRun) -> None:
    """The project index below the home page and its project pages."""
    index = ensure_page(
        run,
        run.home,
        INDEX_SLUG,
        lambda: ProjectIndexPage(title="Projekte", intro=INDEX_INTRO, show_in_menus=True),
    )
    catalogue = {
        project["nummer"]: (field_of_action, project)
        for area, field_of_action, project in iter_catalogue_projects(load_catalogue())
        if area["name"] == DIGITAL_CITY
    }
    for demo in DEMO_PROJECTS:
        field_of_action, entry = catalogue[demo.number]
        ensure_page(
            run,
            index,
            demo.slug,
            lambda demo=demo, f=field_of_action, e=entry: build(run, demo, f, e),
        )


def build(run: DemoRun, demo: DemoProject, field_of_action: dict, entry: dict) -> ProjectPage:
    """A ProjectPage from the demo text and its catalogue entry."""
    return ProjectPage(
        title=demo.title,
        intro=demo.intro,
        field_of_action=Category.objects.filter(
            name=field_of_action["name"], parent__isnull=True
        ).first(),
        district=demo.district,
        responsible_unit=demo.responsible_unit or entry["zustaendigkeit"].rstrip(". "),
        participation_start=_day(run, demo.start),
        participation_end=_day(run, demo.end),
        offers_comments=demo.offers_comments,
        offers_proposals=demo.offers_proposals,
        offers_supports=demo.offers_supports,
        phases=[
            ProjectPhase(
                title=step.title,
                description=step.description,
                start_date=_day(run, step.start),
                end_date=_day(run, step.end) if step.end is not None else None,
                sort_order=position,
            )
            for position, step in enumerate(demo.steps)
        ],
        body=_body(demo, entry, field_of_action),
        outcome=demo.outcome,
        completed_on=_day(run, demo.completed) if demo.completed is not None else None,
        search_description=demo.intro,
        show_in_menus=False,
    )


def _day(run: DemoRun, offset: int) -> date:
    return run.today + timedelta(days=offset)


def _body(demo: DemoProject, entry: dict, field_of_action: dict) -> list[dict]:
    blocks: list[dict] = [
        {
            "type": "facts",
            "value": {
                "heading": "Auf einen Blick",
                "facts": [{"label": label, "value": value} for label, value in demo.facts],
            },
        },
        rich_text(h2("Worum es geht"), *(p(text) for text in demo.about)),
    ]
    if demo.strategy_quote:
        blocks.append(
            quote(
                demo.strategy_quote,
                f"Maßnahmenkatalog kleve.digital 2030, Projekt {entry['nummer']} {entry['titel']}",
            )
        )
    if demo.questions:
        blocks.append(
            rich_text(
                h2("Ihre Meinung ist gefragt"),
                p(
                    "Machen Sie einen Vorschlag oder schreiben Sie uns in der Diskussion, zum "
                    "Beispiel:"
                )
                if demo.offers_proposals
                else p("Schreiben Sie uns in der Diskussion, zum Beispiel:"),
                ul(demo.questions),
            )
        )
    if demo.status:
        blocks.append(rich_text(h2("Stand der Auswertung"), p(demo.status)))
    if demo.next_steps:
        blocks.append(rich_text(h2("So geht es weiter"), p(demo.next_steps)))
    source = (
        f"Im Maßnahmenkatalog kleve.digital 2030 ist dies das Projekt {entry['nummer']} "
        f"„{entry['titel']}“ im Aktionsfeld {field_of_action['name']} ({DIGITAL_CITY})."
    )
    if entry["smart_city_aktionsfeld"]:
        source += f" Es gehört zum Smart-City-Aktionsfeld {entry['smart_city_aktionsfeld']}."
    blocks.append(
        rich_text(
            h2("Geplante Schritte"),
            p("Der Maßnahmenkatalog sieht für dieses Projekt vor:"),
            ul(entry["einzelmassnahmen"]),
            p(source),
        )
    )
    contact = demo.contact
    blocks.append(
        {
            "type": "contact",
            "value": {
                "name": contact.name,
                "role": contact.role,
                "unit": contact.unit,
                "phone": contact.phone,
                "email": contact.email,
            },
        }
    )
    return merge_rich_text(blocks)
