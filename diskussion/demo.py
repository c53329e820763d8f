"""Demo discussions: colleagues discuss internal ideas, citizens discuss projects and proposals.

Registered in home.demo.DEMO_LOADERS after the ideas' (and the status trail's) loader, so the
ideas, proposals, their authors and the project pages exist. Citizens' comments on projects and
proposals fall within the participation period. Comments go through
``diskussion.services.add_comment``, which keeps the ideas' comment counters right.

Idempotent: a target that already has a comment by one of the authors of its demo thread is left
alone, so comments edited, deleted or removed since are not brought back by a re-run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment

from beteiligung.models import ProjectPage
from home.demo import projects as demo_projects
from home.demo.base import DemoRun
from ideen.demo import PLATFORM_SLUG, ensure_citizens
from ideen.models import Idea

from .services import add_comment

EDITOR = "redaktion"
ANNA, JONAS = "anna.schmitz", "jonas.peters"
MARIA, TOM = "maria.beispiel", "tom.muster"
HANNAH, KLAUS, SELIN = "hannah.vos", "klaus.terhorst", "selin.kaya"
GERDA, BERND, LUKAS, INGRID, JAN = (
    "gerda.hoebink",
    "bernd.arntz",
    "lukas.brandt",
    "ingrid.peeters",
    "jan.willems",
)
PLATFORM, WLAN, COURSES, OPEN_DATA = (
    demo_projects.PLATFORM,
    demo_projects.WLAN,
    demo_projects.COURSES,
    demo_projects.OPEN_DATA,
)

# The replies come shortly after what they answer, and nothing is dated in the future.
MIN_GAP = timedelta(minutes=7)


@dataclass(frozen=True)
class C:
    """A demo comment: ``day`` days after the idea was handed in or the participation began."""

    author: str
    day: int
    at: str  # local clock time, "HH:MM"
    text: str
    likes: tuple[str, ...] = ()
    replies: tuple[C, ...] = ()


def reply(*comments: C) -> tuple[C, ...]:
    return comments


# Threads on internal ideas, by idea title. Only staff take part.
IDEA_THREADS: dict[str, list[C]] = {
    "Termine im Bürgerbüro online buchen": [
        C(
            "miriam.janssen",
            1,
            "08:42",
            "Das würde uns im Bürgerbüro enorm helfen. Montags stehen schon vor acht Uhr "
            "zwanzig Leute vor der Tür, die meisten wollen nur etwas abholen.\n\n"
            "Wichtig wäre uns, dass ein Teil der Termine für dringende Fälle frei bleibt, etwa "
            "wenn jemand kurzfristig einen Reisepass braucht.",
            likes=(ANNA, "peter.tebest", JONAS),
            replies=reply(
                C(
                    ANNA,
                    1,
                    "10:15",
                    "Danke, Frau Janssen, das ist ein wichtiger Punkt. Ich würde vorschlagen, "
                    "jeden Vormittag zwei Stunden für spontane Besuche und dringende Fälle "
                    "freizuhalten. Passt das zu Ihren Erfahrungen?",
                    replies=reply(
                        C(
                            "miriam.janssen",
                            2,
                            "07:58",
                            "An normalen Tagen reichen zwei Stunden. Vor den Sommerferien "
                            "bräuchten wir eher den ganzen Vormittag – vielleicht lässt sich "
                            "das je nach Saison einstellen?",
                            likes=(ANNA,),
                        ),
                    ),
                ),
            ),
        ),
        C(
            "dirk.vanbebber",
            3,
            "13:20",
            "Aus Sicht des IT-Service: Viele Terminlösungen lassen sich an unser Fachverfahren "
            "anbinden. Wichtig ist, dass die Daten in einem Rechenzentrum in Deutschland liegen. "
            "Ich kläre gern mit dem Datenschutz, welche Anbieter infrage kommen.",
            likes=(ANNA,),
            replies=reply(
                C(
                    JONAS,
                    3,
                    "15:04",
                    "Bitte denken Sie dabei auch an die Barrierefreiheit des Buchungsformulars. "
                    "Die ist bei manchen Anbietern leider Nebensache.",
                    likes=("dirk.vanbebber", "lea.kaufmann"),
                ),
            ),
        ),
        C(
            "peter.tebest",
            20,
            "11:30",
            "Schön, dass die Idee angenommen wurde! Könnten wir im Standesamt später dieselbe "
            "Software für die Anmeldung zur Eheschließung nutzen?",
            replies=reply(
                C(
                    ANNA,
                    21,
                    "09:12",
                    "Das habe ich an das Digitalisierungsteam weitergegeben. Die Lizenz erlaubt "
                    "weitere Fachbereiche, technisch wäre das also kein Problem.",
                    likes=("peter.tebest",),
                ),
            ),
        ),
    ],
    "E-Rechnungen direkt im Workflow freigeben": [
        C(
            "katrin.derksen",
            2,
            "09:35",
            "Bei den Schulen kommen viele Rechnungen für Verbrauchsmaterial an. Heute dauert die "
            "Freigabe oft zwei Wochen, weil der Ausdruck zwischen Schulsekretariat und "
            "Fachbereich hin- und herwandert. Ein digitaler Weg wäre eine große Erleichterung.",
            likes=("thomas.verhoeven",),
            replies=reply(
                C(
                    "thomas.verhoeven",
                    2,
                    "11:02",
                    "Genau solche Fälle meine ich. Die Schulsekretariate könnten im Workflow die "
                    "sachliche Richtigkeit bestätigen, ohne dass Papier unterwegs ist.",
                ),
            ),
        ),
        C(
            "lea.kaufmann",
            5,
            "14:48",
            "Wie wird die Vertretung geregelt, wenn die zuständige Person im Urlaub ist? Sonst "
            "bleiben Rechnungen im digitalen Postfach genauso liegen wie auf dem Schreibtisch.",
            likes=("katrin.derksen", "peter.tebest"),
            replies=reply(
                C(
                    "thomas.verhoeven",
                    5,
                    "16:20",
                    "Gute Frage. Vorgesehen sind eine Vertretungsregel je Kostenstelle und eine "
                    "Erinnerung nach drei Tagen. Nach sieben Tagen geht die Rechnung automatisch "
                    "an die Vertretung.",
                    likes=("lea.kaufmann", ANNA),
                    replies=reply(
                        C(
                            "lea.kaufmann",
                            6,
                            "08:05",
                            "Das klingt durchdacht, vielen Dank!",
                        ),
                    ),
                ),
            ),
        ),
    ],
    "Mängelmelder für Straßenschäden mit Foto und Standort": [
        C(
            "sabine.hendricks",
            1,
            "10:10",
            "Beim Bauhof wäre das sehr willkommen. Wichtig wäre eine Kategorie „Gefahr“, die "
            "sofort eine Benachrichtigung auslöst. Ein offener Kanaldeckel kann nicht bis zur "
            "nächsten Sichtung der Meldungen warten.",
            likes=(JONAS, "mehmet.yildiz"),
            replies=reply(
                C(
                    JONAS,
                    1,
                    "11:45",
                    "Einverstanden. Für akute Gefahren sollte das Formular außerdem auf die "
                    "Rufbereitschaft hinweisen, damit niemand auf eine Antwort per E-Mail wartet.",
                ),
            ),
        ),
        C(
            "mehmet.yildiz",
            4,
            "09:20",
            "Beim Ordnungsamt kommen ähnliche Meldungen zu wildem Müll und abgestellten "
            "Fahrrädern an. Könnten wir diese Kategorien gleich mit aufnehmen?",
            replies=reply(
                C(
                    JONAS,
                    4,
                    "10:02",
                    "Sehr gern. Dann sollte aber jede Kategorie eindeutig einem Team zugeordnet "
                    "sein, damit keine Meldung zwischen zwei Stellen hängen bleibt.",
                    likes=("mehmet.yildiz",),
                    replies=reply(
                        C(
                            "mehmet.yildiz",
                            5,
                            "08:30",
                            "Für unseren Bereich wäre das die Sachbearbeitung Abfall. Ich "
                            "schicke Ihnen die Ansprechpersonen per E-Mail.",
                        ),
                    ),
                ),
            ),
        ),
        C(
            ANNA,
            10,
            "15:10",
            "Ein Hinweis aus dem Bürgerbüro: Viele Meldungen kommen heute telefonisch, oft von "
            "älteren Menschen. Wir sollten solche Anrufe selbst im System erfassen können, damit "
            "alle Meldungen an einem Ort landen.",
            likes=(JONAS, "sabine.hendricks", "miriam.janssen"),
        ),
    ],
    "Passwort-Zurücksetzen ohne Anruf beim IT-Service": [
        C(
            ANNA,
            0,
            "11:25",
            "Das ist mir letzte Woche passiert: Konto gesperrt, die Hotline besetzt, und ich "
            "konnte einen halben Vormittag nicht arbeiten. Ich unterstütze die Idee sehr.",
            likes=("miriam.janssen",),
        ),
        C(
            "peter.tebest",
            1,
            "09:40",
            "Wie soll die Bestätigung mit dem zweiten Faktor aussehen? Nicht alle Kolleg*innen "
            "haben ein Diensthandy.",
            likes=("katrin.derksen",),
            replies=reply(
                C(
                    "dirk.vanbebber",
                    1,
                    "12:15",
                    "Wir planen zwei Wege: eine Authenticator-App auf dem Diensthandy oder einen "
                    "Code per SMS an eine privat hinterlegte Nummer, freiwillig. Wer beides nicht "
                    "möchte, ruft weiter bei uns an.",
                    likes=("peter.tebest", ANNA),
                    replies=reply(
                        C(
                            "peter.tebest",
                            2,
                            "08:10",
                            "Danke, so bleibt niemand außen vor.",
                        ),
                    ),
                ),
            ),
        ),
        C(
            JONAS,
            21,
            "10:05",
            "Seit dieser Woche funktioniert es bei mir. Es hat keine zwei Minuten gedauert – "
            "vielen Dank an den IT-Service!",
            likes=("dirk.vanbebber",),
        ),
    ],
    "Digitale Personalakte": [
        C(
            "thomas.verhoeven",
            3,
            "10:30",
            "Bitte von Anfang an ein Löschkonzept einplanen. Manche Unterlagen dürfen nur wenige "
            "Jahre aufbewahrt werden; in Papierakten wird das heute oft übersehen.",
            likes=("lea.kaufmann",),
            replies=reply(
                C(
                    "lea.kaufmann",
                    4,
                    "09:15",
                    "Danke, Herr Verhoeven, das nehme ich in die Anforderungen auf. Die Fristen "
                    "könnten im Dokumentenmanagement automatisch ablaufen, mit einer Bestätigung "
                    "durch die Personalabteilung.",
                ),
            ),
        ),
        C(
            "katrin.derksen",
            7,
            "13:55",
            "Könnten Beschäftigte ihre eigene Akte dann auch digital einsehen? Heute muss man "
            "dafür einen Termin vereinbaren.",
            likes=(ANNA, JONAS),
            replies=reply(
                C(
                    "lea.kaufmann",
                    8,
                    "11:40",
                    "Das wäre ein schöner Nebeneffekt. Wir müssen es mit dem Personalrat "
                    "abstimmen; ich nehme die Frage in das nächste Gespräch mit.",
                ),
            ),
        ),
    ],
    "Urlaubsanträge im Intranet statt auf Papier": [
        C(
            JONAS,
            1,
            "09:05",
            "Sehr gern! Eine Übersicht für das Team wäre auch hilfreich, damit sich Urlaube in "
            "kleinen Teams nicht überschneiden.",
            likes=(ANNA, "sabine.hendricks"),
            replies=reply(
                C(
                    ANNA,
                    1,
                    "10:30",
                    "Ja, eine Teamansicht ohne Gründe und Details – nur wer wann abwesend ist – "
                    "wäre ideal.",
                    replies=reply(
                        C(
                            "lea.kaufmann",
                            2,
                            "14:20",
                            "Aus Sicht der Personalabteilung: Die Teamansicht stimmen wir mit "
                            "dem Personalrat ab. Eine reine Abwesenheitsanzeige ist in anderen "
                            "Kommunen aber üblich.",
                            likes=(ANNA, JONAS),
                        ),
                    ),
                ),
            ),
        ),
        C(
            "sabine.hendricks",
            6,
            "08:50",
            "Bitte auch an Gleittage und den Abbau von Überstunden denken, nicht nur an den "
            "Erholungsurlaub.",
            likes=("miriam.janssen",),
        ),
        C(
            "miriam.janssen",
            9,
            "12:35",
            "Im Bürgerbüro arbeiten viele in Teilzeit an wechselnden Tagen. Der Resturlaub "
            "sollte deshalb in Tagen und in Stunden angezeigt werden.",
        ),
    ],
    "Gemeinsamer Kalender für Besprechungsräume": [
        C(
            "thomas.verhoeven",
            0,
            "16:10",
            "Endlich! Im dritten Stock gibt es jede Woche Doppelbelegungen im großen "
            "Besprechungsraum.",
        ),
        C(
            "dirk.vanbebber",
            1,
            "09:00",
            "Das können wir mit der vorhandenen Groupware umsetzen, ganz ohne neue Software. Ich "
            "richte die Räume als buchbare Ressourcen ein.",
            likes=(ANNA, "thomas.verhoeven", "mehmet.yildiz"),
            replies=reply(
                C(
                    ANNA,
                    1,
                    "09:40",
                    "Großartig, danke! Können wir dort auch die Ausstattung hinterlegen, also "
                    "Beamer, Videokonferenz und Zahl der Plätze?",
                    replies=reply(
                        C(
                            "dirk.vanbebber",
                            2,
                            "10:25",
                            "Ja, das geht. Ich schicke allen Raumverantwortlichen eine kurze "
                            "Liste zum Ausfüllen.",
                            likes=(ANNA,),
                        ),
                    ),
                ),
            ),
        ),
        C(
            "mehmet.yildiz",
            13,
            "14:15",
            "Funktioniert prima. Ein kleiner Wunsch noch: ein Aushang mit QR-Code an der Tür, "
            "der die Belegung des Tages zeigt.",
            likes=(ANNA,),
        ),
    ],
    "Kita-Platz-Anmeldung über ein zentrales Portal": [
        C(
            "katrin.derksen",
            2,
            "10:45",
            "Viele Eltern melden sich bei fünf oder sechs Kitas an. Ein zentrales Portal würde "
            "endlich zeigen, wie groß der Bedarf tatsächlich ist. Das hilft auch der "
            "Jugendhilfeplanung.",
            likes=(JONAS,),
        ),
        C(
            "miriam.janssen",
            4,
            "09:30",
            "Bitte eine Möglichkeit vorsehen, die Anmeldung mit Unterstützung im Bürgerbüro zu "
            "machen. Nicht alle Familien haben die nötigen Unterlagen digital.",
            likes=(JONAS, "katrin.derksen"),
            replies=reply(
                C(
                    JONAS,
                    4,
                    "11:10",
                    "Unbedingt. Wir könnten eine feste Sprechstunde pro Woche anbieten, in der "
                    "Kolleg*innen beim Ausfüllen helfen, wenn nötig auch mit Übersetzung.",
                    likes=("miriam.janssen",),
                ),
            ),
        ),
        C(
            "thomas.verhoeven",
            12,
            "15:30",
            "Die freien Träger müssten mitmachen, sonst bleibt das Portal lückenhaft. Gibt es "
            "dazu schon Gespräche?",
            replies=reply(
                C(
                    JONAS,
                    13,
                    "08:55",
                    "Die Träger sind grundsätzlich offen. Im nächsten Trägergespräch stellen wir "
                    "zwei Systeme vor, die Kommunen in der Nachbarschaft bereits nutzen.",
                    likes=("thomas.verhoeven",),
                ),
            ),
        ),
    ],
    "Barrierefreie PDF-Vorlagen für alle Fachbereiche": [
        C(
            JONAS,
            1,
            "10:20",
            "Sehr wichtig, nach der BITV NRW müssen wir das ohnehin. Könnten wir zusätzlich eine "
            "kurze Checkliste für die Prüfung vor dem Veröffentlichen erstellen?",
            likes=("lea.kaufmann",),
            replies=reply(
                C(
                    "lea.kaufmann",
                    2,
                    "09:00",
                    "Gute Idee. Ich schreibe einen Entwurf und stelle ihn hier zur Diskussion.",
                    replies=reply(
                        C(
                            ANNA,
                            3,
                            "13:45",
                            "Ich lese gern gegen. Im Bürgerbüro haben wir viele Formulare, die "
                            "wir als Testfälle nehmen könnten.",
                            likes=("lea.kaufmann",),
                        ),
                    ),
                ),
            ),
        ),
        C(
            "dirk.vanbebber",
            6,
            "11:05",
            "Die Vorlagen lassen sich zentral in der Office-Installation hinterlegen. Dann hat "
            "sie jede*r automatisch und niemand arbeitet mit einer alten Fassung.",
            likes=("lea.kaufmann", JONAS),
        ),
    ],
    "Sitzungsunterlagen nur noch digital für Ratsmitglieder": [
        C(
            ANNA,
            2,
            "14:00",
            "Dafür bräuchten die Ratsmitglieder eine kurze Einführung. Vielleicht könnten wir "
            "vor der ersten digitalen Sitzung eine Sprechstunde anbieten?",
            replies=reply(
                C(
                    "thomas.verhoeven",
                    3,
                    "09:25",
                    "Das ist eingeplant: Das Ratsbüro bietet zwei Termine an, und im ersten "
                    "Quartal gibt es die Unterlagen noch in beiden Formen.",
                    likes=(ANNA,),
                ),
            ),
        ),
        C(
            "peter.tebest",
            8,
            "10:50",
            "Mein Eindruck aus anderen Städten: Ob die Tablets angenommen werden, entscheidet "
            "sich an der Notizfunktion. Die sollte man vorher gut ausprobieren.",
            likes=("thomas.verhoeven",),
        ),
    ],
    "Bodenfeuchte-Sensoren für Stadtbäume": [
        C(
            "sabine.hendricks",
            1,
            "08:40",
            "Wir haben letzten Sommer über 300 Jungbäume gewässert. Wenn wir nur dort gießen, wo "
            "es nötig ist, sparen wir Wasser und viele Fahrten.",
            likes=(JONAS, "mehmet.yildiz"),
            replies=reply(
                C(
                    JONAS,
                    1,
                    "12:30",
                    "Genau. Ein Test mit zwanzig Sensoren in der Innenstadt würde schon zeigen, "
                    "ob es sich lohnt.",
                ),
            ),
        ),
        C(
            "mehmet.yildiz",
            3,
            "16:05",
            "Wenn die Sensoren über das geplante LoRaWAN-Netz laufen, können wir das Netz gleich "
            "für weitere Messwerte nutzen.",
        ),
    ],
    "Wissensdatenbank für häufige Fragen am Telefon": [
        C(
            ANNA,
            1,
            "11:15",
            "Ich sammle seit Jahren Antworten in einer eigenen Datei und steuere sie gern bei. "
            "Wichtig ist, dass jemand die Einträge regelmäßig prüft.",
            likes=("miriam.janssen",),
            replies=reply(
                C(
                    "miriam.janssen",
                    2,
                    "09:50",
                    "Danke, Frau Schmitz! Ich schlage vor, dass jede Antwort eine zuständige "
                    "Stelle und ein Prüfdatum bekommt.",
                    likes=(ANNA, "katrin.derksen"),
                ),
            ),
        ),
        C(
            "katrin.derksen",
            5,
            "14:30",
            "Die Schulen bekommen viele Fragen zur Schulanmeldung, die eigentlich beim "
            "Fachbereich landen sollten. Wir würden gern mitmachen.",
        ),
    ],
    "Digitaler Laufzettel für neue Mitarbeitende": [
        C(
            ANNA,
            0,
            "15:20",
            "Als ich angefangen habe, hat es drei Wochen gedauert, bis ich alle Zugänge hatte. "
            "Ein Laufzettel mit klaren Zuständigkeiten würde neuen Kolleg*innen den Start sehr "
            "erleichtern.",
            likes=("lea.kaufmann",),
        ),
    ],
}

# Threads on the project pages, by slug: citizens and the editors, during the participation.
PROJECT_THREADS: dict[str, list[C]] = {
    PLATFORM: [
        C(
            INGRID,
            0,
            "16:20",
            "Schön, dass es diese Plattform gibt. Muss ich hier meinen echten Namen angeben, "
            "wenn ich etwas schreibe?",
            likes=(GERDA,),
            replies=reply(
                C(
                    EDITOR,
                    1,
                    "09:15",
                    "Nein. Sie wählen in Ihrem Konto einen Anzeigenamen, zum Beispiel Ihren "
                    "Vornamen mit Ortsteil. Nur dieser Name steht bei Ihren Beiträgen; Ihre "
                    "E-Mail-Adresse wird nie angezeigt.",
                    likes=(INGRID, GERDA, TOM),
                    replies=reply(
                        C(INGRID, 1, "11:40", "Danke, dann mache ich gern mit.", likes=(GERDA,)),
                    ),
                ),
            ),
        ),
        C(
            TOM,
            2,
            "21:30",
            "Die Seite funktioniert auf dem Handy gut. Schön wäre noch eine Nachricht, wenn "
            "jemand auf meinen Kommentar antwortet.",
            likes=(HANNAH, MARIA),
            replies=reply(
                C(MARIA, 3, "08:05", "Ja, das fehlt mir auch.", likes=(TOM,)),
            ),
        ),
        C(
            JAN,
            4,
            "18:10",
            "Wie viele Menschen machen hier eigentlich mit? Eine Übersicht mit Zahlen fände "
            "ich spannend.",
            replies=reply(
                C(
                    EDITOR,
                    5,
                    "10:30",
                    "Die gibt es schon: Unter „Zahlen und Statistiken“ sehen Sie, wie viele "
                    "Vorschläge eingegangen sind, wie viele beantwortet wurden und wie lange "
                    "eine Entscheidung im Schnitt dauert.",
                    likes=(JAN,),
                ),
            ),
        ),
    ],
    WLAN: [
        C(
            MARIA,
            0,
            "19:10",
            "Toll, dass wir gefragt werden! Ich habe den Bahnhof vorgeschlagen – dort fehlt "
            "mir WLAN am meisten.",
            likes=(TOM, HANNAH),
            replies=reply(
                C(
                    TOM,
                    1,
                    "07:55",
                    "Da stimme ich zu. Am Bahnhof ist außerdem der Handyempfang oft schlecht.",
                ),
            ),
        ),
        C(
            TOM,
            2,
            "20:15",
            "Eine Frage zum Datenschutz: Muss ich mich mit Namen oder Telefonnummer anmelden?",
            likes=(KLAUS,),
            replies=reply(
                C(
                    EDITOR,
                    3,
                    "10:20",
                    "Vielen Dank für Ihre Frage! Für das städtische WLAN ist keine Anmeldung "
                    "mit Namen oder Telefonnummer vorgesehen. Sie bestätigen einmal die "
                    "Nutzungsbedingungen und sind dann verbunden. Die Stadt speichert nicht, "
                    "welche Seiten Sie aufrufen.",
                    likes=(TOM, MARIA, KLAUS),
                    replies=reply(
                        C(
                            TOM,
                            3,
                            "12:05",
                            "Danke für die schnelle Antwort, das beruhigt mich.",
                        ),
                    ),
                ),
            ),
        ),
        C(
            HANNAH,
            5,
            "16:30",
            "Gibt es eine Zeitbegrenzung? In anderen Städten ist nach einer Stunde Schluss.",
            replies=reply(
                C(
                    EDITOR,
                    6,
                    "09:45",
                    "Eine Zeitbegrenzung ist nicht geplant. Die Bandbreite wird gerecht "
                    "zwischen allen geteilt, die gerade verbunden sind.",
                    likes=(HANNAH, LUKAS),
                ),
            ),
        ),
        C(
            BERND,
            7,
            "13:05",
            "Als Händler an der Hohen Straße würde ich mein Gäste-WLAN gern öffnen, wenn die "
            "Stadt die rechtlichen Fragen klärt. Allein traue ich mich das nicht.",
            likes=(TOM, JAN),
        ),
    ],
    COURSES: [
        C(
            GERDA,
            1,
            "10:40",
            "Ich bin 78 und habe seit einem Jahr ein Smartphone. Am meisten Angst habe ich, "
            "etwas falsch zu machen. Wird es Kurse geben, in denen man ganz langsam anfängt?",
            likes=(INGRID, MARIA),
            replies=reply(
                C(
                    EDITOR,
                    2,
                    "09:30",
                    "Ja, ganz sicher. Die Volkshochschule plant einen Grundkurs „Erste "
                    "Schritte“ in kleinen Gruppen von höchstens acht Personen. Dort wird nichts "
                    "vorausgesetzt, und Sie können jede Frage stellen.",
                    likes=(GERDA, INGRID),
                    replies=reply(
                        C(GERDA, 2, "15:10", "Das klingt gut, da melde ich mich an."),
                    ),
                ),
            ),
        ),
        C(
            TOM,
            4,
            "19:50",
            "Meine Eltern haben ein Tablet, kein Smartphone. Gibt es auch Kurse für Tablets?",
            replies=reply(
                C(
                    EDITOR,
                    5,
                    "11:20",
                    "Die Kurse sind für beide Gerätearten gedacht; die Bedienung ist bei "
                    "Tablets und Smartphones weitgehend gleich. Bringen Sie Ihr eigenes Gerät "
                    "mit, dann üben Sie mit dem, das Sie zu Hause nutzen.",
                    likes=(TOM,),
                ),
            ),
        ),
        C(
            INGRID,
            8,
            "14:25",
            "In Rindern gibt es viele Ältere ohne Auto. Der Bus in die Stadt fährt nur einmal "
            "in der Stunde. Bitte denken Sie bei den Kurszeiten daran.",
            likes=(KLAUS, GERDA),
        ),
    ],
    OPEN_DATA: [
        C(
            SELIN,
            0,
            "14:10",
            "An der Hochschule Rhein-Waal arbeiten wir oft mit offenen Daten anderer Städte. "
            "Wichtig ist, dass die Dateien maschinenlesbar sind, also CSV oder GeoJSON statt "
            "PDF. Dann können Studierende sie direkt in Seminararbeiten auswerten.",
            likes=(TOM,),
        ),
        C(
            TOM,
            1,
            "07:20",
            "Mir ist wichtig, dass die Daten regelmäßig aktualisiert werden. Ein Datensatz vom "
            "letzten Jahr hilft im Alltag niemandem.",
            likes=(SELIN, MARIA, KLAUS),
        ),
        C(
            KLAUS,
            2,
            "18:45",
            "Was passiert, wenn eine Firma die Daten für eine kommerzielle App nutzt? Darf sie "
            "das?",
            replies=reply(
                C(
                    EDITOR,
                    3,
                    "09:40",
                    "Ja, das ist ausdrücklich erlaubt. Die Stadt veröffentlicht offene Daten "
                    "unter einer freien Lizenz (Datenlizenz Deutschland – Namensnennung 2.0). "
                    "Alle dürfen sie nutzen, auch kommerziell, solange die Stadt Kleve als "
                    "Quelle genannt wird. Personenbezogene Daten werden nie veröffentlicht.",
                    likes=(KLAUS, SELIN),
                    replies=reply(
                        C(
                            KLAUS,
                            3,
                            "17:25",
                            "Danke für die Erklärung. Dann bin ich gespannt, was daraus entsteht.",
                        ),
                    ),
                ),
            ),
        ),
        C(
            MARIA,
            4,
            "13:10",
            "Ich habe gerade die Haushaltszahlen als Datensatz vorgeschlagen. Wer wissen "
            "möchte, wofür die Stadt ihr Geld ausgibt, unterstützt ihn gern!",
            likes=(HANNAH,),
        ),
    ],
}

# Threads on citizens' proposals, by project slug and title; ``day`` after the proposal.
PROPOSAL_THREADS: dict[tuple[str, str], list[C]] = {
    (WLAN, "WLAN am Bahnhof und am Busbahnhof"): [
        C(
            TOM,
            0,
            "21:40",
            "Unbedingt! Gerade abends, wenn Züge ausfallen, steht man dort ohne Information.",
            likes=(MARIA,),
            replies=reply(C(MARIA, 1, "07:30", "Danke für die Unterstützung!")),
        ),
        C(
            JAN,
            2,
            "12:10",
            "Ist für den Bahnhof nicht die Deutsche Bahn zuständig?",
            replies=reply(
                C(
                    EDITOR,
                    3,
                    "09:50",
                    "Das Bahnhofsgebäude gehört der Bahn, der Bahnhofsvorplatz und der "
                    "Busbahnhof gehören der Stadt. Ein Hotspot dort wäre also möglich.",
                    likes=(JAN, MARIA),
                ),
            ),
        ),
    ],
    (WLAN, "Einzelhandel an der Hohen Straße mitnehmen"): [
        C(
            TOM,
            1,
            "18:25",
            "Ein gemeinsamer Netzname wäre gut – dann muss man sich nicht in jedem Geschäft "
            "neu verbinden.",
            likes=(BERND,),
        ),
    ],
    (PLATFORM, "Neue Projekte in meinem Ortsteil per E-Mail melden"): [
        C(
            KLAUS,
            0,
            "19:00",
            "Für Materborn bitte auch! Am besten kann man mehrere Ortsteile auswählen.",
            likes=(TOM,),
            replies=reply(
                C(TOM, 1, "07:45", "Gute Ergänzung, Ortsteile zum Ankreuzen wären ideal."),
            ),
        ),
    ],
    (PLATFORM, "Erinnerung, bevor eine Beteiligung endet"): [
        C(TOM, 1, "20:05", "Eine Woche vorher wäre für mich genau richtig.", likes=(HANNAH,)),
    ],
    (COURSES, "Smartphone-Sprechstunde in der Stadtbücherei"): [
        C(GERDA, 0, "09:20", "Da würde ich sofort hingehen.", likes=(MARIA,)),
        C(
            TOM,
            1,
            "20:30",
            "Vielleicht auch einmal im Monat samstags, damit Angehörige mitkommen können?",
            likes=(MARIA, HANNAH),
            replies=reply(
                C(
                    MARIA,
                    2,
                    "08:15",
                    "Gute Idee, dann könnten auch Berufstätige mit ihren Eltern vorbeikommen.",
                ),
            ),
        ),
    ],
    (COURSES, "Leih-Tablets für alle Kursteilnehmenden"): [
        C(
            INGRID,
            1,
            "10:05",
            "Hat die Volkshochschule nicht Übungsgeräte? Die würden für den Kurs doch reichen.",
            replies=reply(
                C(
                    BERND,
                    1,
                    "17:40",
                    "Im Kurs schon, aber zu Hause üben kann man damit nicht.",
                ),
            ),
        ),
    ],
    (OPEN_DATA, "Baustellen mit Dauer und Umleitung"): [
        C(
            KLAUS,
            1,
            "18:30",
            "Bitte auch die Baustellen der Stadtwerke aufnehmen, die sind oft die längsten.",
            likes=(TOM,),
            replies=reply(C(TOM, 2, "07:10", "Stimmt, das gehört unbedingt dazu.")),
        ),
    ],
    (OPEN_DATA, "Freie Plätze in den Parkhäusern in Echtzeit"): [
        C(
            HANNAH,
            2,
            "13:55",
            "Die Anzeigetafeln an der Einfahrt zeigen die Zahl doch schon – dann gibt es die "
            "Daten ja irgendwo.",
        ),
    ],
}


def load(run: DemoRun) -> None:
    """Add the demo threads to ideas, proposals and projects that have none of them yet."""
    ensure_citizens(run)
    users = _users(_all_authors_and_likers())
    now = timezone.now()
    for target, threads, begins, latest in _targets(run, now):
        authors = {users[name].pk for name in _authors(threads) if name in users}
        if _has_comments_by(target, authors):
            continue
        likes: list[CommentFlag] = []
        added = 0
        for spec in threads:
            added += _add(target, spec, users, begins, latest, None, likes)
        CommentFlag.objects.bulk_create(likes, ignore_conflicts=True)
        if added:
            run.note("comments", f"{added} on {target.title}")


def _targets(run: DemoRun, now: datetime) -> Iterator[tuple[object, list[C], datetime, datetime]]:
    """Everything with a demo thread: when its discussion began and the latest possible moment.

    Internal ideas are discussed until now; projects and their proposals only during the
    participation period, and projects whose participation has not begun get no thread.
    """
    latest_now = _whole_minute(now) - timedelta(minutes=1)
    platform = run.home.get_children().filter(slug=PLATFORM_SLUG).first()
    if platform is not None:
        ideas = Idea.objects.filter(space=platform, title__in=IDEA_THREADS)
        for idea in ideas.order_by("created"):
            if idea.status != Idea.Status.WITHDRAWN:
                yield idea, IDEA_THREADS[idea.title], idea.created, latest_now
    today = timezone.localdate(now)
    slugs = {slug for slug, _title in PROPOSAL_THREADS} | set(PROJECT_THREADS)
    projects = (
        ProjectPage.objects.live()
        .descendant_of(run.home)
        .filter(slug__in=slugs, participation_start__lte=today, participation_end__isnull=False)
    )
    for project in projects.order_by("participation_start"):
        begins = timezone.make_aware(datetime.combine(project.participation_start, time(8)))
        ends = timezone.make_aware(datetime.combine(project.participation_end, time(22)))
        latest = min(latest_now, ends)
        if project.slug in PROJECT_THREADS and project.offers_comments:
            yield project, PROJECT_THREADS[project.slug], begins, latest
        titles = {title: (slug, title) for slug, title in PROPOSAL_THREADS if slug == project.slug}
        for idea in Idea.objects.filter(space=project, title__in=titles).order_by("created"):
            yield idea, PROPOSAL_THREADS[titles[idea.title]], idea.created, latest


def _add(target, spec: C, users: dict, begins: datetime, latest, parent, likes: list) -> int:
    """Store one comment and its replies; return how many were stored."""
    author = users.get(spec.author)
    if author is None:  # an account the other loaders did not create; leave the branch out
        return 0
    day = timezone.localdate(begins) + timedelta(days=spec.day)
    moment = timezone.make_aware(datetime.combine(day, time.fromisoformat(spec.at)))
    earliest = _whole_minute(parent.submit_date if parent else begins) + MIN_GAP
    moment = max(min(moment, latest), earliest)
    if moment > latest:  # no room left in the period (or before now) for this comment
        return 0
    comment = add_comment(target, author, spec.text, parent=parent, submit_date=moment)
    for name in spec.likes:
        liker = users.get(name)
        if liker is not None and liker.pk != author.pk:
            likes.append(
                CommentFlag(
                    comment=comment,
                    user=liker,
                    flag=LIKEDIT_FLAG,
                    flag_date=min(moment + timedelta(hours=2), max(latest, moment)),
                )
            )
    return 1 + sum(
        _add(target, child, users, begins, latest, comment, likes) for child in spec.replies
    )


def _whole_minute(moment: datetime) -> datetime:
    """The next full minute (dates in threads show minutes; `datetime` attributes stay short)."""
    if moment.second or moment.microsecond:
        moment += timedelta(minutes=1)
    return moment.replace(second=0, microsecond=0)


def _has_comments_by(target, user_pks: set[int]) -> bool:
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        user_id__in=user_pks,
    ).exists()


def _walk(comments: Iterable[C]) -> Iterator[C]:
    for comment in comments:
        yield comment
        yield from _walk(comment.replies)


def _authors(threads: Iterable[C]) -> set[str]:
    return {comment.author for comment in _walk(threads)}


def _all_authors_and_likers() -> set[str]:
    threads = (*IDEA_THREADS.values(), *PROJECT_THREADS.values(), *PROPOSAL_THREADS.values())
    every = list(_walk([c for t in threads for c in t]))
    return {name for comment in every for name in (comment.author, *comment.likes)}


def _users(usernames: set[str]) -> dict:
    User = get_user_model()
    return {user.username: user for user in User.objects.filter(username__in=usernames)}
