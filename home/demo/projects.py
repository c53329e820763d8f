"""Project pages built from real Digitalisierungsprojekte of kleve.digital 2030."""

from dataclasses import dataclass, field
from datetime import timedelta

from beteiligung.models import ProjectIndexPage, ProjectPage
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


class Phase:
    """How far a demo project has come; only COMPLETED changes the page (it gets an outcome)."""

    INFORMATION = "information"
    PARTICIPATION = "beteiligung"
    EVALUATION = "auswertung"
    IMPLEMENTATION = "umsetzung"
    COMPLETED = "abgeschlossen"


@dataclass(frozen=True)
class DemoProject:
    """A project page drawn from one catalogue entry; dates are days relative to the load day."""

    area: str
    number: str
    slug: str
    title: str
    intro: str
    about: list[str]
    phase: str
    start: int | None = None
    end: int | None = None
    questions: list[str] = field(default_factory=list)
    next_steps: str = ""
    status: str = ""
    strategy_quote: str = ""
    outcome: str = ""


DIGITAL_CITY = "Digitale Stadt"

DEMO_PROJECTS = [
    DemoProject(
        area=DIGITAL_CITY,
        number="2.4",
        slug="freies-wlan",
        title="Freies WLAN in Kleve",
        intro=(
            "Wo in Kleve wünschen Sie sich freies WLAN? Die Stadt möchte weitere öffentliche "
            "Hotspots in der Innenstadt und auf öffentlichen Plätzen einrichten – sagen Sie uns, "
            "welche Orte Ihnen wichtig sind."
        ),
        about=[
            "Öffentliches WLAN in der Innenstadt und auf öffentlichen Plätzen hilft allen, am "
            "digitalen Wandel teilzuhaben – beim Warten auf den Bus, beim Einkaufen oder als Gast "
            "in der Stadt. Frei verfügbare Hotspots eröffnen außerdem Chancen für touristische "
            "Angebote und die lokale Wirtschaft.",
            "Die Stadt baut das Netz nicht allein aus: Sie wirbt auch bei Gewerbetreibenden dafür, "
            "eigene Hotspots zu öffnen. Bevor neue Standorte ausgewählt werden, möchten wir "
            "wissen, wo Sie freies WLAN am meisten vermissen.",
        ],
        phase=Phase.PARTICIPATION,
        start=-12,
        end=23,
        questions=[
            "An welchen Plätzen, Haltestellen oder öffentlichen Gebäuden fehlt Ihnen WLAN?",
            "Wofür würden Sie das freie WLAN vor allem nutzen?",
            "Was ist Ihnen wichtig: eine einfache Anmeldung, Datenschutz oder Geschwindigkeit?",
        ],
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="2.3",
        slug="open-data",
        title="Open Data",
        intro=(
            "Welche Daten der Stadt würden Ihnen nützen? Kleve will mehr Daten als offene Daten "
            "bereitstellen – kostenlos, in offenen Formaten und frei weiterverwendbar."
        ),
        about=[
            "Offene Daten (Open Data) sind Daten, die eine Verwaltung ohne Einschränkungen für "
            "alle freigibt: entgeltfrei und in einem offenen, weiterverarbeitbaren Format. "
            "Ausgeschlossen sind personenbezogene Daten, urheberrechtlich geschützte Werke und "
            "Daten, die aus Sicherheitsgründen nicht veröffentlicht werden dürfen.",
            "Die Stadt Kleve stellt bereits einige Datensätze in einem offenen Datenportal bereit. "
            "Jetzt prüfen alle Fachbereiche, welche Daten sie zusätzlich veröffentlichen und "
            "aktuell halten können. Ihre Wünsche helfen uns, die Reihenfolge festzulegen.",
        ],
        strategy_quote=(
            "Mit dem Ansatz Open Data wird das Ziel verfolgt, die zugrundeliegenden Daten für die "
            "Öffentlichkeit in Form von Rohdaten als sogenannte „offene Daten“ zur Verfügung zu "
            "stellen."
        ),
        phase=Phase.PARTICIPATION,
        start=-5,
        end=40,
        questions=[
            "Welche Daten würden Sie gerne nutzen – zum Beispiel zu Parkplätzen, Baustellen, "
            "dem städtischen Haushalt oder Umweltmesswerten?",
            "Wofür würden Sie die Daten verwenden: für eine App, für Forschung, für den "
            "Unterricht oder aus Neugier?",
            "In welchem Format brauchen Sie die Daten?",
        ],
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="1.6",
        slug="digitales-buergerbuero",
        title="Digitales Bürgerbüro",
        intro=(
            "Welche Behördengänge möchten Sie künftig von zu Hause erledigen? Die Stadt Kleve "
            "plant ein digitales Bürgerbüro und fragt Sie, wo sie anfangen soll."
        ),
        about=[
            "Viele Verfahren erfordern heute noch einen Besuch im Bürgerbüro – manchmal nur, um "
            "ein beantragtes Dokument wie den Personalausweis oder den Reisepass abzuholen. Für "
            "ein zeitgemäßes Bürgerbüro prüft die Stadt, welche Anliegen sich ganz oder teilweise "
            "online erledigen lassen, zum Beispiel der Antrag auf einen Anwohnerparkausweis.",
            "Ein Besuch vor Ort soll nur noch nötig sein, wenn er Ihnen wirklich etwas bringt "
            "oder wenn Sie ihn wünschen. Die persönliche Beratung im Bürgerbüro bleibt erhalten.",
        ],
        phase=Phase.PARTICIPATION,
        start=-20,
        end=9,
        questions=[
            "Für welches Anliegen waren Sie zuletzt im Bürgerbüro – und hätten Sie es lieber "
            "online erledigt?",
            "Was brauchen Sie, um einen Antrag sicher online zu stellen, zum Beispiel Hilfe "
            "beim Online-Ausweis?",
            "Welche Anliegen möchten Sie weiterhin persönlich besprechen?",
        ],
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="2.6",
        slug="lorawan-sensornetz",
        title="LoRaWAN: ein Sensornetz für Kleve",
        intro=(
            "Sensoren, die Temperatur oder Luftqualität messen und ihre Werte stromsparend "
            "übertragen: Die Stadt baut ein LoRaWAN-Funknetz auf. Sobald die Beteiligung "
            "beginnt, können Sie Messpunkte vorschlagen."
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
        phase=Phase.INFORMATION,
        start=21,
        end=63,
        next_steps=(
            "Zum Start der Beteiligung stellen wir die geplanten Standorte der ersten "
            "Funkstationen vor. Dann können Sie vorschlagen, was in Ihrem Viertel gemessen "
            "werden soll, und sich für Informationstermine und Arbeitsgruppen melden."
        ),
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="3.4",
        slug="kaffee-digital",
        title="Ein „Kaffee Digital“ für Kleve",
        intro=(
            "In gemütlicher Runde digitale Fragen klären: Die Stadt Kleve möchte eine Initiative "
            "nach dem Vorbild des Wiener „Kaffee Digital“ starten und sucht dafür Ideen, Orte und "
            "Mitstreiter*innen."
        ),
        about=[
            "Ergänzend zu einzelnen Kursen können ganze Digitalisierungsinitiativen entstehen. In "
            "Wien lädt das „Kaffee Digital“ Seniorinnen und Senioren ein, in entspannter "
            "Atmosphäre etwas über die Digitalisierung zu erfahren – mit einem Selbst-Check der "
            "eigenen Digitalkompetenz und Veranstaltungen vor Ort.",
            "Eine solche Initiative bringt das Thema regelmäßig in die Öffentlichkeit und hilft "
            "allen Bevölkerungsgruppen, an der digitalen Welt teilzuhaben.",
        ],
        phase=Phase.INFORMATION,
        start=45,
        end=90,
        next_steps=(
            "Die Beteiligung beginnt in einigen Wochen. Dann fragen wir Sie: Wo sollte ein "
            "„Kaffee Digital“ in Kleve stattfinden, welche Themen wünschen Sie sich, und möchten "
            "Sie selbst als Digital-Lotsin oder Digital-Lotse mitmachen?"
        ),
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="3.3",
        slug="digitalisierungskurse",
        title="Kurse für den digitalen Alltag",
        intro=(
            "Welche Kurse helfen Ihnen, digitale Angebote sicher zu nutzen? Die Beteiligung ist "
            "beendet; die Volkshochschule Kleve und die Stadt werten Ihre Hinweise jetzt aus."
        ),
        about=[
            "Ein digitales Angebot wirkt nur, wenn es genutzt wird. Viele Menschen kennen zum "
            "Beispiel die Online-Ausweisfunktion des Personalausweises nicht oder trauen sich "
            "nicht, sie zu nutzen. Deshalb entwickeln die Volkshochschule Kleve und die Stadt ein "
            "„Digitalisierungs-Curriculum“: Kurse, die Schritt für Schritt erklären, wie digitale "
            "Verwaltungsangebote funktionieren.",
            "Wie greife ich auf digitale Angebote zu? Was wird überhaupt digital angeboten? "
            "Welche Chancen und Risiken hat ein digitaler Behördengang, und was passiert mit "
            "meinen Daten? Antworten auf diese Fragen sollen die Kurse geben.",
        ],
        phase=Phase.EVALUATION,
        start=-70,
        end=-14,
        status=(
            "Während der Beteiligung sind zahlreiche Hinweise eingegangen. Besonders häufig "
            "gewünscht wurden Kurse am Vormittag, Übungen am eigenen Smartphone und eine "
            "Sprechstunde zum Online-Ausweis. Das Ergebnis veröffentlichen wir hier, sobald die "
            "Auswertung abgeschlossen ist."
        ),
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="3.5",
        slug="barrierefreie-digitale-angebote",
        title="Barrierefreie digitale Angebote",
        intro=(
            "Die digitalen Angebote der Stadt sollen alle nutzen können. Sie haben uns Barrieren "
            "gemeldet – jetzt setzen wir die Verbesserungen um."
        ),
        about=[
            "Barrierefrei sind digitale Angebote, wenn Menschen mit Behinderungen sie in der "
            "allgemein üblichen Weise, ohne besondere Erschwernis und grundsätzlich ohne fremde "
            "Hilfe finden, erreichen und nutzen können. In Nordrhein-Westfalen legt die BITV NRW "
            "fest, was das für Websites und Apps der Verwaltung bedeutet.",
            "In der Beteiligung haben wir gefragt, wo Sie auf den Websites und in den "
            "Online-Formularen der Stadt auf Hindernisse stoßen.",
        ],
        phase=Phase.IMPLEMENTATION,
        start=-160,
        end=-110,
        outcome=(
            "<p>Während der Beteiligung haben uns 64 Hinweise erreicht. Die häufigsten betrafen "
            "Online-Formulare, die sich nicht vollständig mit der Tastatur bedienen ließen, "
            "PDF-Dokumente ohne Textfassung und zu schwache Kontraste.</p>"
            "<p>Das setzen wir jetzt um:</p>"
            "<ul><li>Alle Online-Formulare werden mit Tastatur und Screenreader getestet und "
            "überarbeitet.</li>"
            "<li>Neue Dokumente erscheinen zusätzlich als barrierefreie Textfassung.</li>"
            "<li>Die Internetredaktion wird regelmäßig zur Barrierefreiheit geschult.</li></ul>"
            "<p>Einmal im Jahr prüfen wir die digitalen Angebote erneut und berichten hier über "
            "den Stand.</p>"
        ),
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="2.5",
        slug="handyparken",
        title="Handyparken",
        intro=(
            "Den Parkschein per Smartphone lösen und minutengenau bezahlen: Das Handyparken ist "
            "in Kleve eingeführt. Hier lesen Sie, was aus Ihren Hinweisen geworden ist."
        ),
        about=[
            "Einen Parkschein am Automaten zu ziehen, ist lästig und erfordert oft Münzgeld. Läuft "
            "die Parkzeit ab, muss man zurück zum Auto. Beim Handyparken lösen Sie den Parkschein "
            "mit dem Smartphone unter Angabe des Kennzeichens und bezahlen online. Viele Apps "
            "erinnern kurz vor Ablauf an die Parkzeit und lassen Sie bequem verlängern.",
            "Kontrolliert wird über das Kennzeichen. Die Parkscheinautomaten bleiben: Wer kein "
            "Smartphone nutzen kann oder möchte, bezahlt weiter am Automaten.",
        ],
        phase=Phase.COMPLETED,
        start=-420,
        end=-380,
        outcome=(
            "<p>In der Beteiligung haben sich viele von Ihnen eine Auswahl zwischen mehreren "
            "Anbietern gewünscht, damit niemand eine bestimmte App installieren muss. Die Stadt "
            "hat das Handyparken deshalb anbieteroffen eingeführt: Sie können zwischen mehreren "
            "Apps wählen.</p>"
            "<p>Auf Ihre Hinweise hin tragen die Schilder an den Parkplätzen jetzt die "
            "Zonennummer, und die Parkscheinautomaten bleiben für alle erhalten, die lieber "
            "dort bezahlen.</p>"
        ),
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="1.7",
        slug="online-formulare",
        title="Digitales Formularwesen",
        intro=(
            "Anträge online stellen, statt Papier auszudrucken: Die Stadt Kleve hat viele "
            "Formulare digitalisiert. Ihre Rückmeldungen zur Verständlichkeit sind in die "
            "Überarbeitung eingeflossen."
        ),
        about=[
            "Für alle Verwaltungsleistungen, die nicht schon über die landesweiten Portale "
            "digital angeboten werden, schafft die Stadt Kleve eigene Online-Formulare. Am Ende "
            "sollen sich alle Verwaltungsleistungen online beantragen lassen – wo nötig mit "
            "Bezahlung über E-Payment und sicherer Anmeldung, zum Beispiel mit dem Online-Ausweis.",
            "Die eingegebenen Daten sollen ohne erneutes Abtippen direkt in die Fachverfahren "
            "übernommen werden. Das spart Zeit auf beiden Seiten.",
        ],
        phase=Phase.COMPLETED,
        start=-300,
        end=-265,
        outcome=(
            "<p>Sie haben uns 41 Formulare genannt, die Sie schwer verständlich fanden. Die zehn "
            "meistgenannten wurden in einfacherer Sprache neu geschrieben und mit Ausfüllhilfen "
            "versehen.</p>"
            "<p>Auf vielfachen Wunsch zeigt jedes Online-Formular vor dem Absenden eine "
            "Zusammenfassung Ihrer Angaben, die Sie speichern oder ausdrucken können. Weitere "
            "Formulare kommen laufend hinzu.</p>"
        ),
    ),
    DemoProject(
        area=DIGITAL_CITY,
        number="2.1",
        slug="digitale-schulen",
        title="Digitalisierung von Schulen und Bildung",
        intro=(
            "WLAN, Glasfaser und interaktive Displays für Kleves Schulen: Hier informieren wir "
            "über den Stand der Ausstattung. Eine Beteiligung für Eltern, Schüler*innen und "
            "Lehrkräfte ist in Planung."
        ),
        about=[
            "Der sichere Umgang mit digitaler Technik ist eine Schlüsselkompetenz. Um sie zu "
            "vermitteln, brauchen Schulen eine passende Ausstattung – von schnellem Internet über "
            "WLAN bis zu Endgeräten und interaktiven Displays.",
            "Die Stadt Kleve ist als Schulträgerin für die Ausstattung zuständig, das Land für "
            "die Fortbildung der Lehrkräfte. Die Arbeiten laufen gemeinsam mit dem "
            "Gebäudemanagement der Stadt und dem Kreis Kleve.",
        ],
        phase=Phase.INFORMATION,
        next_steps="Sobald ein Termin für die Beteiligung feststeht, finden Sie ihn hier.",
    ),
]

INDEX_INTRO = (
    "<p>Hier finden Sie Digitalisierungsprojekte der Stadt Kleve aus dem Maßnahmenkatalog "
    "kleve.digital 2030. Solange eine Beteiligung läuft, können Sie kommentieren und Vorschläge "
    "machen. Bei abgeschlossenen Projekten lesen Sie, was aus Ihren Hinweisen geworden ist.</p>"
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
        (area["name"], project["nummer"]): (field_of_action, project)
        for area, field_of_action, project in iter_catalogue_projects(load_catalogue())
    }
    for demo in DEMO_PROJECTS:
        field_of_action, entry = catalogue[(demo.area, demo.number)]
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
        field_of_action=Category.objects.filter(name=field_of_action["name"]).first(),
        responsible_unit=entry["zustaendigkeit"].rstrip(". "),
        participation_start=_day(run, demo.start),
        participation_end=_day(run, demo.end),
        body=_body(demo, entry, field_of_action),
        outcome=demo.outcome,
        completed_on=_day(run, demo.end + 14) if demo.phase == Phase.COMPLETED else None,
        search_description=demo.intro,
        show_in_menus=False,
    )


def _day(run: DemoRun, offset: int | None):
    return None if offset is None else run.today + timedelta(days=offset)


def _body(demo: DemoProject, entry: dict, field_of_action: dict) -> list[dict]:
    blocks = [rich_text(h2("Worum es geht"), *(p(text) for text in demo.about))]
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
                p("Schreiben Sie uns in den Kommentaren, was Ihnen wichtig ist, zum Beispiel:"),
                ul(demo.questions),
            )
        )
    if demo.status:
        blocks.append(rich_text(h2("Stand der Auswertung"), p(demo.status)))
    if demo.next_steps:
        blocks.append(rich_text(h2("So geht es weiter"), p(demo.next_steps)))
    source = (
        f"Im Maßnahmenkatalog kleve.digital 2030 ist dies das Projekt {entry['nummer']} "
        f"„{entry['titel']}“ im Aktionsfeld {field_of_action['name']} ({demo.area})."
    )
    if entry["smart_city_aktionsfeld"]:
        source += f" Es gehört zum Smart-City-Aktionsfeld {entry['smart_city_aktionsfeld']}."
    blocks.append(
        rich_text(
            h2("Geplante Schritte"),
            p("Der Maßnahmenkatalog sieht für dieses Projekt vor:"),
            ul(entry["einzelmassnahmen"]),
            h2("Zeitrahmen laut Maßnahmenkatalog"),
            p(entry["zeitraum"]),
            p(source),
        )
    )
    return merge_rich_text(blocks)
