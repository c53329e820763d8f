"""Demo content for the status trail: decisions with reasons, milestones and the public pages.

Registered in home.demo.DEMO_LOADERS after the ideas' loader. Internal ideas get trails dated
from their submission; citizens' proposals on projects whose participation has ended get
decisions dated from the end of the participation. Idempotent: an idea that already has a trail
is left alone; pages are found by slug. Decisions go through ``record_status_change`` with
``notify=False``, so the demo obeys the same rules as the admin and sends no e-mails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from beteiligung.models import ProjectPage
from home.demo import projects as demo_projects
from home.demo.base import DemoRun, ensure_page, p
from ideen.demo import PLATFORM_SLUG
from ideen.models import Idea

from .groups import ensure_decision_team
from .models import DecisionIndexPage, StatisticsPage, StatusChange
from .services import add_progress_note, record_status_change

S = Idea.Status
DIGITAL_TEAM = "Digitalisierungsteam (Fachbereich 10.1)"
BOARD = "Verwaltungsvorstand"
IT = "IT-Service"
HR = "Personal und Organisation mit dem Personalrat"
RECORDER_USERNAME = "redaktion"


@dataclass(frozen=True)
class Step:
    """A status change ``days`` after the idea was handed in."""

    days: int
    to: str
    body: str = DIGITAL_TEAM
    reason: str = ""
    merged_into: str = ""


@dataclass(frozen=True)
class Note:
    days: int
    text: str


@dataclass(frozen=True)
class Trail:
    title: str
    steps: tuple[Step, ...]
    notes: tuple[Note, ...] = ()


TRAILS = [
    Trail(
        "Termine im Bürgerbüro online buchen",
        (
            Step(
                4,
                S.UNDER_REVIEW,
                reason="Wir prüfen, welche Terminsoftware mit dem Fachverfahren des Bürgerbüros "
                "zusammenarbeitet und was sie kostet.",
            ),
            Step(
                18,
                S.ADOPTED,
                BOARD,
                "Die Online-Terminbuchung verkürzt Wartezeiten spürbar und ist im "
                "Maßnahmenkatalog als Teil des Digitalen Bürgerbüros vorgesehen.\n\n"
                "Die telefonische Buchung bleibt erhalten, damit niemand ausgeschlossen wird. "
                "Die laufenden Kosten von rund 6.000 Euro im Jahr trägt das Budget des "
                "Bürgerbüros.",
            ),
            Step(
                25,
                S.IN_IMPLEMENTATION,
                reason="Die Software ist beauftragt. Wir richten sie gemeinsam mit dem "
                "Bürgerbüro ein; zuerst für die Abholung von Ausweisen und Pässen.",
            ),
        ),
        (
            Note(
                32,
                "Die Terminsoftware ist eingerichtet. Die Kolleg*innen des Bürgerbüros testen "
                "die Zeitfenster intern.",
            ),
            Note(
                45,
                "Testbetrieb für die Abholung von Ausweisen gestartet: 40 Prozent der "
                "Abholungen laufen bereits über gebuchte Termine, die Schlange am Morgen ist "
                "deutlich kürzer.",
            ),
        ),
    ),
    Trail(
        "Abholbenachrichtigung für Personalausweise per SMS",
        (
            Step(
                9,
                S.MERGED,
                reason="Die Terminsoftware, die für die Online-Terminbuchung eingeführt wird, "
                "kann auch Abholbenachrichtigungen per SMS oder E-Mail verschicken. Wir setzen "
                "beide Ideen deshalb gemeinsam um; den Fortschritt finden Sie bei der Idee "
                "„Termine im Bürgerbüro online buchen“.",
                merged_into="Termine im Bürgerbüro online buchen",
            ),
        ),
    ),
    Trail(
        "E-Rechnungen direkt im Workflow freigeben",
        (
            Step(3, S.UNDER_REVIEW),
            Step(
                21,
                S.ADOPTED,
                BOARD,
                "Die Stadt muss E-Rechnungen ohnehin empfangen und verarbeiten können. Ein "
                "digitaler Freigabeweg im Dokumentenmanagement spart Laufzeit, Papier und "
                "Hauspost, und wir verpassen seltener Skonto-Fristen.",
            ),
            Step(
                30,
                S.IN_IMPLEMENTATION,
                "Kämmerei und IT-Service",
                "Wir beginnen in der Kämmerei und schließen danach Fachbereich für Fachbereich an.",
            ),
        ),
        (
            Note(
                40,
                "Der Freigabeweg ist in der Kämmerei eingerichtet; die ersten 200 Rechnungen "
                "wurden digital geprüft und freigegeben.",
            ),
            Note(
                60,
                "Das Bürgerbüro und der Fachbereich Planen und Bauen sind angeschlossen. Eine "
                "Rechnung braucht jetzt im Schnitt zwei statt neun Tage bis zur Zahlung.",
            ),
        ),
    ),
    Trail(
        "Urlaubsanträge im Intranet statt auf Papier",
        (
            Step(6, S.UNDER_REVIEW, HR),
            Step(
                20,
                S.ADOPTED,
                HR,
                "Der Personalrat hat zugestimmt. Wir nutzen das Workflow-Modul des "
                "vorhandenen Dokumentenmanagements, sodass keine neue Software nötig ist. Die "
                "Übersicht über den Resturlaub kommt im zweiten Schritt.",
            ),
        ),
    ),
    Trail(
        "Passwort-Zurücksetzen ohne Anruf beim IT-Service",
        (
            Step(2, S.UNDER_REVIEW, IT),
            Step(
                7,
                S.ADOPTED,
                IT,
                "Rund ein Drittel der Anrufe bei der IT-Hotline betrifft gesperrte Konten. Ein "
                "Self-Service mit Zwei-Faktor-Bestätigung entlastet die Hotline und hilft "
                "Kolleg*innen sofort. Die Funktion ist in unserer Kontenverwaltung bereits "
                "enthalten und muss nur freigeschaltet werden.",
            ),
            Step(9, S.IN_IMPLEMENTATION, IT, "Wir schalten den Self-Service schrittweise frei."),
            Step(
                20,
                S.IMPLEMENTED,
                IT,
                "Der Self-Service steht im Intranet allen zur Verfügung. Seitdem sind die "
                "Anrufe wegen gesperrter Konten um rund die Hälfte zurückgegangen.",
            ),
        ),
        (Note(14, "Pilotbetrieb im IT-Service und im Bürgerbüro ohne Probleme abgeschlossen."),),
    ),
    Trail(
        "Gemeinsamer Kalender für Besprechungsräume",
        (
            Step(1, S.UNDER_REVIEW, IT),
            Step(
                4,
                S.ADOPTED,
                IT,
                "Die Groupware, die wir ohnehin nutzen, kann Räume als buchbare Ressourcen "
                "verwalten. Der Aufwand ist gering und Doppelbelegungen gehören der "
                "Vergangenheit an.",
            ),
            Step(5, S.IN_IMPLEMENTATION, IT, "Wir legen die Räume als Ressourcen an."),
            Step(
                12,
                S.IMPLEMENTED,
                IT,
                "Alle 14 Besprechungsräume im Rathaus sind im Kalender buchbar. Eine kurze "
                "Anleitung steht im Intranet.",
            ),
        ),
    ),
    Trail(
        "WLAN im Wartebereich des Bürgerbüros",
        (
            Step(3, S.UNDER_REVIEW),
            Step(
                10,
                S.ADOPTED,
                reason="Das freie WLAN der Stadt, das es in der Innenstadt schon gibt, lässt "
                "sich mit einem zusätzlichen Zugangspunkt auf den Wartebereich ausdehnen. Es "
                "ist vom Verwaltungsnetz getrennt.",
            ),
            Step(12, S.IN_IMPLEMENTATION, IT, "Der Zugangspunkt ist bestellt."),
            Step(
                24,
                S.IMPLEMENTED,
                IT,
                "Im Wartebereich des Bürgerbüros gibt es jetzt freies WLAN. Ein Hinweisschild "
                "am Eingang erklärt, wie man sich verbindet.",
            ),
        ),
    ),
    Trail(
        "Sensoren für die Füllstände öffentlicher Mülleimer",
        (
            Step(3, S.UNDER_REVIEW),
            Step(
                14,
                S.REJECTED,
                BOARD,
                "Eine Auswertung der Leerungstouren zeigt, dass nur wenige Mülleimer "
                "regelmäßig überlaufen; dort hilft eine angepasste Tour schneller und "
                "günstiger. Sensoren an allen rund 600 Mülleimern würden einmalig etwa 90.000 "
                "Euro kosten und laufend gewartet werden müssen.\n\n"
                "Wir greifen die Idee wieder auf, sobald das LoRaWAN-Netz der Stadt steht und "
                "die Sensoren günstiger geworden sind.",
            ),
        ),
    ),
    Trail(
        "Chat-Kanal für kurze Abstimmungen zwischen Fachbereichen",
        (
            Step(5, S.UNDER_REVIEW),
            Step(
                30,
                S.REJECTED,
                reason="Ein eigener Chat-Dienst wäre ein weiteres Werkzeug neben E-Mail und "
                "Telefon, das wir datenschutzgerecht betreiben und pflegen müssten. Die "
                "Videokonferenz-Lösung der Stadt enthält bereits einen Chat, der die "
                "Anforderungen des Datenschutzes erfüllt. Wir schalten ihn für alle frei und "
                "erklären ihn im Intranet – das erfüllt den Zweck ohne zusätzliche Kosten.",
            ),
        ),
    ),
    Trail(
        "Digitale Personalakte",
        (
            Step(
                10,
                S.UNDER_REVIEW,
                HR,
                "Wir klären mit dem Personalrat und der Datenschutzbeauftragten, wer welche "
                "Teile der Akte sehen darf.",
            ),
        ),
    ),
    Trail("Kita-Platz-Anmeldung über ein zentrales Portal", (Step(8, S.UNDER_REVIEW),)),
    Trail("Videoberatung für Wohngeld-Anträge", (Step(4, S.UNDER_REVIEW),)),
    Trail("Barrierefreie PDF-Vorlagen für alle Fachbereiche", (Step(5, S.UNDER_REVIEW),)),
]


VHS = "Volkshochschule Kleve"
VHS_AND_TEAM = "Volkshochschule Kleve und Digitalisierungsteam (Fachbereich 10.1)"
BUILDING = "Digitalisierungsteam mit dem Fachbereich Planen und Bauen"
TREASURY = "Digitalisierungsteam mit der Kämmerei"

# Decisions on citizens' proposals, by project slug; ``days`` after the participation ended.
PROPOSAL_TRAILS: dict[str, list[Trail]] = {
    demo_projects.COURSES: [
        Trail(
            "Smartphone-Sprechstunde in der Stadtbücherei",
            (
                Step(
                    2,
                    S.UNDER_REVIEW,
                    VHS_AND_TEAM,
                    "Wir klären mit der Stadtbücherei, ob ein Raum mit WLAN zu festen Zeiten "
                    "frei ist.",
                ),
                Step(
                    9,
                    S.ADOPTED,
                    VHS_AND_TEAM,
                    "Eine offene Sprechstunde erreicht Menschen, die keinen ganzen Kurs "
                    "besuchen möchten, und der Vorschlag gehörte zu den am häufigsten "
                    "unterstützten. Die Stadtbücherei stellt ab dem neuen Semester jeden "
                    "Dienstagvormittag einen Raum zur Verfügung. Die Sprechstunde betreuen "
                    "Dozentinnen und Dozenten der Volkshochschule; die Teilnahme ist kostenlos.",
                ),
            ),
        ),
        Trail(
            "Schüler*innen als Digital-Pat*innen",
            (
                Step(
                    9,
                    S.MERGED,
                    VHS_AND_TEAM,
                    "Die Digital-Pat*innen sollen in der Smartphone-Sprechstunde mithelfen; "
                    "zwei Kleiner Schulen haben schon Interesse gezeigt. Wir setzen beide "
                    "Vorschläge deshalb gemeinsam um. Den Fortschritt lesen Sie beim Vorschlag "
                    "„Smartphone-Sprechstunde in der Stadtbücherei“.",
                    merged_into="Smartphone-Sprechstunde in der Stadtbücherei",
                ),
            ),
        ),
        Trail(
            "Kurse am Vormittag statt am Abend",
            (
                Step(2, S.UNDER_REVIEW, VHS),
                Step(
                    8,
                    S.ADOPTED,
                    VHS,
                    "Die Volkshochschule legt alle Digitalisierungskurse für Senior*innen auf "
                    "den Vormittag zwischen 10 und 12 Uhr. Ein Abendkurs bleibt für "
                    "Berufstätige, die ihre Eltern beim Umgang mit digitalen Angeboten "
                    "unterstützen möchten.",
                ),
            ),
        ),
        Trail(
            "Den Online-Ausweis gemeinsam einrichten",
            (
                Step(
                    2,
                    S.UNDER_REVIEW,
                    VHS_AND_TEAM,
                    "Wir prüfen mit dem Bürgerbüro, ob Mitarbeitende den Kurs begleiten und "
                    "ob sich ein Übungsantrag einrichten lässt, der nichts kostet.",
                ),
            ),
        ),
        Trail(
            "Kurse auch in den Ortsteilen anbieten",
            (
                Step(
                    3,
                    S.UNDER_REVIEW,
                    VHS,
                    "Wir fragen bei Kirchengemeinden und Vereinen in den Ortsteilen nach Räumen "
                    "mit Internetanschluss.",
                ),
            ),
        ),
        Trail(
            "Leih-Tablets für alle Kursteilnehmenden",
            (
                Step(2, S.UNDER_REVIEW, VHS_AND_TEAM),
                Step(
                    10,
                    S.REJECTED,
                    VHS_AND_TEAM,
                    "Ein eigenes Tablet für alle Teilnehmenden für die ganze Kursdauer würde "
                    "rund 40.000 Euro kosten, und viele möchten ohnehin mit dem eigenen Gerät "
                    "üben. In jedem Kurs liegen zwölf Übungs-Tablets der Volkshochschule "
                    "bereit, sodass niemand ohne Gerät bleibt.\n\n"
                    "Wer sich ein Gerät anschaffen möchte, wird in der Smartphone-Sprechstunde "
                    "beraten, worauf es ankommt.",
                ),
            ),
        ),
    ],
    demo_projects.OPEN_DATA: [
        Trail(
            "Baustellen mit Dauer und Umleitung",
            (
                Step(3, S.UNDER_REVIEW),
                Step(
                    20,
                    S.ADOPTED,
                    BUILDING,
                    "Die Baustellen werden in der Verkehrsplanung ohnehin digital erfasst. "
                    "Sie lassen sich ohne zusätzliche Arbeit täglich veröffentlichen, und "
                    "Navigationsdienste können Umleitungen dann früher anzeigen.",
                ),
                Step(
                    35,
                    S.IN_IMPLEMENTATION,
                    BUILDING,
                    "Wir richten einen täglichen Export aus der Verkehrsplanung ins "
                    "Datenportal ein.",
                ),
                Step(
                    95,
                    S.IMPLEMENTED,
                    BUILDING,
                    "Der Datensatz „Baustellen in Kleve“ steht im Datenportal als CSV und "
                    "GeoJSON bereit und wird jeden Morgen aktualisiert.",
                ),
            ),
            (
                Note(
                    70,
                    "Der Export läuft im Testbetrieb. Zwei Navigationsdienste haben den "
                    "Datensatz bereits eingebunden und uns Rückmeldungen zum Format gegeben.",
                ),
            ),
        ),
        Trail(
            "Radwege und Fahrradständer als GeoJSON",
            (
                Step(3, S.UNDER_REVIEW),
                Step(
                    20,
                    S.ADOPTED,
                    BUILDING,
                    "Das Radverkehrskonzept der Stadt enthält alle Radwege und "
                    "Abstellanlagen bereits als Geodaten. Wir veröffentlichen sie und halten "
                    "sie bei jeder Änderung aktuell.",
                ),
                Step(30, S.IN_IMPLEMENTATION, BUILDING, "Wir bereiten die Geodaten auf."),
                Step(
                    60,
                    S.IMPLEMENTED,
                    BUILDING,
                    "Radwege und Fahrradabstellanlagen stehen als GeoJSON im Datenportal. "
                    "Die Hochschule Rhein-Waal nutzt sie bereits in einem Seminar.",
                ),
            ),
        ),
        Trail(
            "Den Haushalt verständlich als Daten",
            (
                Step(3, S.UNDER_REVIEW, TREASURY),
                Step(
                    25,
                    S.ADOPTED,
                    TREASURY,
                    "Der Haushalt ist öffentlich, aber als PDF mit über 800 Seiten schwer "
                    "zugänglich. Die Kämmerei veröffentlicht die Zahlen künftig zusätzlich "
                    "als Tabelle nach Produktbereichen und Jahren.",
                ),
                Step(
                    40,
                    S.IN_IMPLEMENTATION,
                    TREASURY,
                    "Wir beginnen mit dem beschlossenen Haushalt des laufenden Jahres.",
                ),
            ),
            (
                Note(
                    100,
                    "Die Tabellen für den laufenden Haushalt sind fertig und werden geprüft. "
                    "Sie erscheinen zusammen mit einer Erklärung der Fachbegriffe.",
                ),
            ),
        ),
        Trail(
            "Freie Plätze in den Parkhäusern in Echtzeit",
            (
                Step(3, S.UNDER_REVIEW),
                Step(
                    30,
                    S.REJECTED,
                    reason="Die Parkhäuser in der Innenstadt werden von privaten Unternehmen "
                    "betrieben. Die Stadt hat keinen Zugriff auf ihre Belegungsdaten und darf "
                    "sie nicht veröffentlichen; auf unsere Anfrage haben die Betreiber die "
                    "Daten bisher nicht freigegeben.\n\n"
                    "Veröffentlicht haben wir stattdessen die Standorte und Kapazitäten aller "
                    "öffentlichen Parkplätze und Parkhäuser. Stellt ein Betreiber seine "
                    "Belegung bereit, nehmen wir sie auf.",
                ),
            ),
        ),
        Trail(
            "Messwerte zur Luftqualität",
            (
                Step(3, S.UNDER_REVIEW),
                Step(
                    30,
                    S.ADOPTED,
                    reason="Die Stadt misst die Luftqualität bisher nicht selbst. Mit dem "
                    "geplanten LoRaWAN-Sensornetz werden Sensoren für Feinstaub und "
                    "Stickstoffdioxid an mehreren Straßen möglich; ihre Messwerte "
                    "veröffentlichen wir als offene Daten.",
                ),
                Step(
                    60,
                    S.IN_IMPLEMENTATION,
                    reason="Die Sensoren sind Teil des Projekts „LoRaWAN: ein Sensornetz für "
                    "Kleve“; die ersten Messpunkte liegen an der Emmericher Straße.",
                ),
            ),
        ),
        Trail(
            "Wahlergebnisse nach Stimmbezirken",
            (
                Step(3, S.UNDER_REVIEW),
                Step(
                    14,
                    S.ADOPTED,
                    reason="Die Wahlergebnisse liegen im Wahlamt bereits als Tabelle vor. Sie "
                    "zu veröffentlichen kostet kaum Aufwand und hilft Schulen, Presse und "
                    "Forschung.",
                ),
                Step(16, S.IN_IMPLEMENTATION, reason="Wir bereiten die letzten Wahlen auf."),
                Step(
                    40,
                    S.IMPLEMENTED,
                    reason="Die Ergebnisse der Kommunal-, Landtags-, Bundestags- und "
                    "Europawahlen seit 2014 stehen nach Stimmbezirken im Datenportal. Neue "
                    "Wahlen kommen am Tag nach dem amtlichen Endergebnis dazu.",
                ),
            ),
        ),
    ],
}


def load(run: DemoRun) -> None:
    """The decisions overview and statistics pages, and the trails of the demo ideas."""
    ensure_decision_team()
    ensure_page(run, run.home, "entscheidungen", _build_decision_index)
    ensure_page(run, run.home, "zahlen-und-statistiken", _build_statistics)
    recorder = get_user_model().objects.filter(username=RECORDER_USERNAME).first()
    platform = run.home.get_children().filter(slug=PLATFORM_SLUG).first()
    if platform is not None:
        ideas = {idea.title: idea for idea in Idea.objects.filter(space=platform)}
        _backfill_withdrawals(run, ideas.values())
        for trail in TRAILS:
            idea = ideas.get(trail.title)
            if idea is None or StatusChange.objects.filter(idea=idea).exists():
                continue
            _record(trail, idea, ideas, recorder, timezone.localdate(idea.created))
            run.note("status trail", f"{trail.title} → {Idea.Status(idea.status).label}")
    _load_proposal_trails(run, recorder)


def _load_proposal_trails(run: DemoRun, recorder) -> None:
    """Decisions on the proposals of projects whose participation has ended."""
    today = timezone.localdate()
    projects = ProjectPage.objects.descendant_of(run.home).filter(
        slug__in=PROPOSAL_TRAILS, participation_end__lt=today
    )
    for project in projects:
        ideas = {idea.title: idea for idea in Idea.objects.filter(space=project)}
        for trail in PROPOSAL_TRAILS[project.slug]:
            idea = ideas.get(trail.title)
            if idea is None or StatusChange.objects.filter(idea=idea).exists():
                continue
            _record(trail, idea, ideas, recorder, project.participation_end)
            run.note("status trail", f"{trail.title} → {Idea.Status(idea.status).label}")


def _moment(idea: Idea, begins: date, days: int) -> datetime:
    """Noon of the day ``days`` after ``begins``: never before the idea, never in the future."""
    day = begins + timedelta(days=days)
    day = max(day, timezone.localdate(idea.created))
    day = min(day, timezone.localdate())
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _record(trail: Trail, idea: Idea, ideas: dict, recorder, begins: date) -> None:
    """Record the trail's decisions and milestones, ``days`` counted from ``begins``."""
    events = [(step.days, 0, step) for step in trail.steps]
    events += [(note.days, 1, note) for note in trail.notes]
    for days, _order, event in sorted(events, key=lambda e: (e[0], e[1])):
        moment = _moment(idea, begins, days)
        if isinstance(event, Note):
            add_progress_note(
                idea,
                text=event.text,
                recorded_by=recorder,
                on=timezone.localdate(moment),
                recorded_at=moment,
            )
            continue
        record_status_change(
            idea,
            to_status=event.to,
            recorded_by=recorder,
            reason=event.reason,
            deciding_body=event.body,
            decided_on=timezone.localdate(moment),
            merged_into=ideas.get(event.merged_into) if event.merged_into else None,
            notify=False,
            recorded_at=moment,
        )


def _backfill_withdrawals(run: DemoRun, ideas) -> None:
    """Demo ideas created as withdrawn get the trail entry the withdraw service would write."""
    for idea in ideas:
        if idea.status != S.WITHDRAWN or StatusChange.objects.filter(idea=idea).exists():
            continue
        moment = _moment(idea, timezone.localdate(idea.created), 2)
        StatusChange.objects.create(
            idea=idea,
            from_status=S.SUBMITTED,
            to_status=S.WITHDRAWN,
            reason="Das Digitalisierungsteam arbeitet bereits an einem zentralen "
            "Störungsformular; ich unterstütze lieber dieses.",
            recorded_by=idea.author,
            decided_on=timezone.localdate(moment),
            created=moment,
        )
        run.note("status trail", f"{idea.title} → zurückgezogen")


def _build_decision_index() -> DecisionIndexPage:
    return DecisionIndexPage(
        title="Entscheidungen",
        intro=p(
            "Hier sehen Sie, was aus Ideen und Vorschlägen geworden ist: Jede Entscheidung "
            "steht mit Datum, dem entscheidenden Gremium und der Begründung – ob eine Idee "
            "angenommen, abgelehnt, mit einer anderen zusammengelegt oder umgesetzt wurde."
        ),
        show_in_menus=True,
    )


def _build_statistics() -> StatisticsPage:
    return StatisticsPage(
        title="Zahlen und Statistiken",
        intro=p(
            "Wie viele Ideen und Vorschläge sind eingegangen, wie viele wurden beantwortet, "
            "angenommen oder umgesetzt, und wie lange dauert eine Entscheidung? Die Zahlen "
            "werden bei jedem Aufruf aus den aktuellen Daten berechnet."
        ),
        show_in_menus=True,
    )
