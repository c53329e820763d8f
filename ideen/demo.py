"""Demo content for ideas: the internal platform with ~30 ideas, and citizens' proposals.

Registered in home.demo.DEMO_LOADERS; runs after the accounts and the projects loaders, so the
demo staff, the demo citizens and the project pages exist. Idempotent: ideas and proposals are
found by space and title.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from beteiligung.models import ProjectPage
from home.demo import projects as demo_projects
from home.demo.base import DemoRun, ensure_page, p
from home.districts import District

from .categories import seed_categories
from .models import Category, Department, Idea, IdeaFollow, IdeaPlatformPage, IdeaSupport
from .staff import ensure_groups, sync_staff_membership

PLATFORM_SLUG = "ideenplattform"

DEPARTMENTS = [
    "Bürgerbüro",
    "Fachbereich Planen und Bauen",
    "IT-Service",
    "Personal und Organisation",
    "Kämmerei",
    "Ordnungsamt",
    "Schulen, Kultur und Sport",
    "Jugend und Familie",
    "Standesamt",
    "Stadtbücherei",
]


@dataclass(frozen=True)
class Colleague:
    username: str
    first_name: str
    last_name: str

    @property
    def email(self) -> str:
        return f"{self.username}@kleve.de"


# Colleagues who hand in and support ideas; they cannot log in (no password).
COLLEAGUES = [
    Colleague("miriam.janssen", "Miriam", "Janssen"),
    Colleague("thomas.verhoeven", "Thomas", "Verhoeven"),
    Colleague("sabine.hendricks", "Sabine", "Hendricks"),
    Colleague("dirk.vanbebber", "Dirk", "van Bebber"),
    Colleague("lea.kaufmann", "Lea", "Kaufmann"),
    Colleague("mehmet.yildiz", "Mehmet", "Yıldız"),
    Colleague("katrin.derksen", "Katrin", "Derksen"),
    Colleague("peter.tebest", "Peter", "Tebest"),
]

ANNA, JONAS = "anna.schmitz", "jonas.peters"


@dataclass(frozen=True)
class DemoIdea:
    title: str
    text: str
    category: str
    department: str
    author: str
    days_ago: int
    supporters: int
    status: str = Idea.Status.SUBMITTED
    edited: bool = False


IDEAS = [
    DemoIdea(
        "Termine im Bürgerbüro online buchen",
        "Viele Menschen warten morgens vor dem Bürgerbüro, obwohl sie nur einen Ausweis abholen "
        "wollen. Eine Online-Terminbuchung mit festen Zeitfenstern würde die Warteschlange "
        "auflösen.\n\nDie Buchung sollte auch telefonisch über uns möglich bleiben, damit niemand "
        "ausgeschlossen wird. Erinnerungen per E-Mail oder SMS einen Tag vorher würden "
        "vergessene Termine reduzieren.",
        "Digitales Bürgerbüro",
        "Bürgerbüro",
        ANNA,
        62,
        9,
    ),
    DemoIdea(
        "Abholbenachrichtigung für Personalausweise per SMS",
        "Wenn ein Ausweis fertig ist, schicken wir heute einen Brief. Eine SMS oder E-Mail "
        "(mit Einwilligung) wäre schneller und spart Porto.\n\nDie Bundesdruckerei liefert den "
        "Status bereits elektronisch; wir müssten ihn nur weitergeben.",
        "Digitales Bürgerbüro",
        "Bürgerbüro",
        "miriam.janssen",
        55,
        7,
    ),
    DemoIdea(
        "E-Rechnungen direkt im Workflow freigeben",
        "Rechnungen kommen zunehmend als XRechnung, werden aber noch ausgedruckt und per "
        "Hauspost zur sachlichen Prüfung geschickt. Ein digitaler Freigabeweg im "
        "Dokumentenmanagement würde Laufzeiten von Tagen auf Stunden verkürzen.\n\n"
        "Skonto-Fristen würden wir dann seltener verpassen.",
        "E-Rechnungsworkflow",
        "Kämmerei",
        "thomas.verhoeven",
        80,
        8,
    ),
    DemoIdea(
        "Mängelmelder für Straßenschäden mit Foto und Standort",
        "Bürger*innen melden Schlaglöcher und defekte Laternen per Telefon oder E-Mail, oft ohne "
        "genaue Ortsangabe. Ein Online-Formular mit Kartenauswahl und Foto würde uns viele "
        "Rückfragen ersparen.\n\nIntern könnten die Meldungen direkt beim zuständigen "
        "Bauhof-Team landen.",
        "Digitales Formularwesen",
        "Fachbereich Planen und Bauen",
        JONAS,
        48,
        6,
    ),
    DemoIdea(
        "Bauanträge vollständig digital einreichen",
        "Architekt*innen schicken uns noch Papierpläne in dreifacher Ausfertigung. Mit dem "
        "digitalen Bauantrag (OZG-Leistung) könnten Beteiligte parallel statt nacheinander "
        "Stellung nehmen.\n\nWir bräuchten dafür größere Bildschirme in der Bauaufsicht.",
        "Umsetzung Onlinezugangsgesetz",
        "Fachbereich Planen und Bauen",
        "sabine.hendricks",
        90,
        5,
    ),
    DemoIdea(
        "Passwort-Zurücksetzen ohne Anruf beim IT-Service",
        "Ein großer Teil der Anrufe bei der IT-Hotline betrifft gesperrte Konten. Ein "
        "Self-Service mit Zwei-Faktor-Bestätigung würde Kolleg*innen sofort helfen und uns "
        "entlasten.",
        "eGov-Basisstruktur",
        "IT-Service",
        "dirk.vanbebber",
        30,
        8,
    ),
    DemoIdea(
        "Digitale Personalakte",
        "Personalakten liegen in Hängeregistern. Für Homeoffice und Vertretungen wäre eine "
        "digitale Akte mit klaren Zugriffsrechten eine große Erleichterung.\n\nDatenschutz und "
        "Personalrat sollten von Anfang an einbezogen werden.",
        "Dokumentenmanagementsystem",
        "Personal und Organisation",
        "lea.kaufmann",
        70,
        4,
    ),
    DemoIdea(
        "Urlaubsanträge im Intranet statt auf Papier",
        "Urlaubsscheine wandern zwischen Mitarbeitenden, Vorgesetzten und Personalabteilung hin "
        "und her. Ein einfacher Antrag im Intranet mit Übersicht über Resturlaub würde allen "
        "Zeit sparen.",
        "Workflowmanagement",
        "Personal und Organisation",
        ANNA,
        40,
        9,
    ),
    DemoIdea(
        "Handyparken an allen Parkscheinautomaten",
        "Am Minoritenplatz funktioniert Handyparken schon. Wenn alle Automaten in der Innenstadt "
        "mitmachen, müssen weniger Münzen geleert werden und die Kontrolle kann per App prüfen.",
        "Handyparken",
        "Ordnungsamt",
        "mehmet.yildiz",
        25,
        5,
    ),
    DemoIdea(
        "Tablets für den Außendienst des Ordnungsamts",
        "Verwarnungen werden draußen handschriftlich notiert und im Büro abgetippt. Mit "
        "Tablets und einer passenden App könnten Kolleg*innen die Daten vor Ort erfassen.",
        "Mobile Office",
        "Ordnungsamt",
        "mehmet.yildiz",
        15,
        3,
    ),
    DemoIdea(
        "Lernplattform-Zugänge für alle Grundschulen",
        "Einige Grundschulen nutzen schon eine Lernplattform, andere nicht. Ein gemeinsamer "
        "Zugang, den die Stadt als Schulträger bereitstellt, würde Lehrkräften und Familien die "
        "Orientierung erleichtern.",
        "Digitalisierung von Schulen und Bildung",
        "Schulen, Kultur und Sport",
        "katrin.derksen",
        35,
        6,
    ),
    DemoIdea(
        "Hallenbelegung der Sportstätten online einsehen",
        "Vereine fragen telefonisch nach freien Hallenzeiten. Ein öffentlich einsehbarer "
        "Belegungsplan (ohne Namen) würde viele Anfragen überflüssig machen.",
        "Open Data",
        "Schulen, Kultur und Sport",
        "katrin.derksen",
        12,
        2,
    ),
    DemoIdea(
        "Kita-Platz-Anmeldung über ein zentrales Portal",
        "Eltern melden ihr Kind heute bei mehreren Kitas einzeln an. Ein zentrales Portal würde "
        "Doppelanmeldungen sichtbar machen und die Platzvergabe fairer und schneller.",
        "Digitales Formularwesen",
        "Jugend und Familie",
        JONAS,
        66,
        7,
    ),
    DemoIdea(
        "Urkunden online bestellen und bezahlen",
        "Geburts- und Heiratsurkunden werden oft per E-Mail bestellt, bezahlt wird per "
        "Überweisung. Mit einem Online-Formular und E-Payment ginge das in einem Schritt.",
        "E-Payment",
        "Standesamt",
        "peter.tebest",
        50,
        5,
    ),
    DemoIdea(
        "Onleihe bekannter machen",
        "Die Stadtbücherei bietet E-Books über die Onleihe an, doch viele wissen es nicht. Ein "
        "Hinweis auf der städtischen Website und in den sozialen Medien würde helfen.\n\n"
        "Mehr dazu: https://www.onleihe.de",
        "Social Media",
        "Stadtbücherei",
        "lea.kaufmann",
        8,
        2,
    ),
    DemoIdea(
        "Sitzungsunterlagen nur noch digital für Ratsmitglieder",
        "Für jede Ratssitzung drucken wir hunderte Seiten. Mit dem Ratsinformationssystem und "
        "Tablets könnten die Unterlagen digital verteilt werden, inklusive Notizen.",
        "Digitale Ratsarbeit",
        "Personal und Organisation",
        "thomas.verhoeven",
        100,
        6,
    ),
    DemoIdea(
        "Gemeinsamer Kalender für Besprechungsräume",
        "Räume werden per Zettel an der Tür oder per Rundmail reserviert. Ein buchbarer "
        "Raumkalender würde Doppelbelegungen vermeiden.",
        "Digitales Projektmanagement",
        "IT-Service",
        ANNA,
        20,
        8,
    ),
    DemoIdea(
        "Wissensdatenbank für häufige Fragen am Telefon",
        "Am Telefon beantworten wir immer wieder dieselben Fragen. Eine interne "
        "Wissensdatenbank mit geprüften Antworten würde neuen Kolleg*innen den Einstieg "
        "erleichtern.",
        "Wissensmanagement",
        "Bürgerbüro",
        "miriam.janssen",
        45,
        6,
    ),
    DemoIdea(
        "Digitale Schulungen zum neuen DMS aufzeichnen",
        "Nicht alle können an den Präsenzschulungen teilnehmen. Kurze Lernvideos im Intranet "
        "würden helfen, das Wissen jederzeit nachzuschlagen.",
        "Interne Schulungsprogramme",
        "IT-Service",
        "dirk.vanbebber",
        28,
        4,
    ),
    DemoIdea(
        "Sensoren für die Füllstände öffentlicher Mülleimer",
        "Mit LoRaWAN-Sensoren wüssten wir, welche Mülleimer voll sind, und könnten Touren "
        "besser planen. Erste Städte in NRW haben damit gute Erfahrungen gemacht.",
        "LoRaWAN",
        "Fachbereich Planen und Bauen",
        "sabine.hendricks",
        18,
        3,
    ),
    DemoIdea(
        "Bodenfeuchte-Sensoren für Stadtbäume",
        "In trockenen Sommern gießen wir nach Plan statt nach Bedarf. Sensoren an "
        "Jungbäumen würden zeigen, wo Wasser wirklich gebraucht wird.",
        "LoRaWAN",
        "Fachbereich Planen und Bauen",
        JONAS,
        10,
        5,
    ),
    DemoIdea(
        "Gebührenbescheide als PDF ins Nutzerkonto",
        "Bescheide für Abfall- und Straßenreinigungsgebühren könnten Bürger*innen ins "
        "Nutzerkonto NRW bekommen, wenn sie das wünschen. Das spart Druck und Porto.",
        "Umsetzung Onlinezugangsgesetz",
        "Kämmerei",
        "peter.tebest",
        75,
        4,
    ),
    DemoIdea(
        "Quick Wins im Intranet sichtbar machen",
        "Kleine Verbesserungen gehen im Alltag unter. Eine Rubrik „Das hat sich geändert“ im "
        "Intranet würde zeigen, dass sich etwas bewegt, und zu neuen Ideen ermutigen.",
        "Sichtbarkeit von „Quick Wins“",
        "Personal und Organisation",
        ANNA,
        5,
        3,
    ),
    DemoIdea(
        "Barrierefreie PDF-Vorlagen für alle Fachbereiche",
        "Viele unserer PDFs sind für Screenreader nicht lesbar. Geprüfte Vorlagen mit "
        "Überschriften, Alternativtexten und Tags würden das Problem an der Wurzel lösen.",
        "Barrierefreiheit",
        "IT-Service",
        "lea.kaufmann",
        33,
        7,
        edited=True,
    ),
    DemoIdea(
        "Videoberatung für Wohngeld-Anträge",
        "Für Menschen mit wenig Zeit oder eingeschränkter Mobilität wäre eine Beratung per "
        "Video eine gute Ergänzung zum Termin im Rathaus.",
        "Digitale Kommunikation (extern)",
        "Bürgerbüro",
        "miriam.janssen",
        22,
        4,
    ),
    DemoIdea(
        "Chat-Kanal für kurze Abstimmungen zwischen Fachbereichen",
        "Für kurze Fragen schreiben wir lange E-Mails mit vielen Empfänger*innen. Ein interner, "
        "datenschutzkonformer Chat würde Abstimmungen beschleunigen.",
        "Digitale Kommunikation (intern)",
        "IT-Service",
        JONAS,
        58,
        8,
    ),
    DemoIdea(
        "Fördermittel-Übersicht für alle Fachbereiche",
        "Förderprogramme für Digitalisierung werden oft zu spät entdeckt. Eine gemeinsame "
        "Übersicht mit Fristen würde helfen, keine Chance zu verpassen.",
        "Fördermöglichkeiten",
        "Kämmerei",
        "thomas.verhoeven",
        38,
        3,
    ),
    DemoIdea(
        "Offene Daten zu Parkplätzen und Ladesäulen",
        "Die Standorte von Parkplätzen und E-Ladesäulen könnten wir als offene Daten "
        "veröffentlichen. Entwickler*innen und Navigationsdienste würden sie nutzen.",
        "Open Data",
        "Ordnungsamt",
        "dirk.vanbebber",
        3,
        1,
    ),
    DemoIdea(
        "WLAN im Wartebereich des Bürgerbüros",
        "Wer wartet, möchte oft Unterlagen auf dem Handy heraussuchen. Freies WLAN im "
        "Wartebereich würde das erleichtern.",
        "Öffentlicher WLAN-Ausbau",
        "Bürgerbüro",
        "peter.tebest",
        27,
        5,
    ),
    DemoIdea(
        "Feedback-Knopf in allen Fachanwendungen",
        "Probleme mit Fachverfahren landen heute irgendwo. Ein einheitlicher Feedback-Knopf "
        "würde sie direkt zum Digitalisierungsteam bringen.",
        "Feedback und Krisenmanagement",
        "IT-Service",
        "mehmet.yildiz",
        14,
        2,
        status=Idea.Status.WITHDRAWN,
    ),
    DemoIdea(
        "Digitaler Laufzettel für neue Mitarbeitende",
        "Beim Einstieg brauchen neue Kolleg*innen Schlüssel, Konten, Telefon und Schulungen. "
        "Ein digitaler Laufzettel würde zeigen, was schon erledigt ist.",
        "Digitales Prozessmanagement",
        "Personal und Organisation",
        "lea.kaufmann",
        1,
        0,
    ),
]


def load(run: DemoRun) -> None:
    """Create the idea platform page, departments, colleagues, ideas, supports and follows."""
    ensure_groups()
    created = seed_categories(Category)
    if created:
        run.note("categories", f"{created} from the Maßnahmenkatalog")
    departments = _ensure_departments(run)
    users = _ensure_colleagues(run)
    platform = ensure_page(run, run.home, PLATFORM_SLUG, _build_platform)
    _ensure_ideas(run, platform, users, departments)
    _ensure_proposals(run)


def _build_platform() -> IdeaPlatformPage:
    return IdeaPlatformPage(
        title="Ideenplattform",
        intro=p(
            "Sie kennen Ihre Abläufe am besten. Reichen Sie hier Ideen ein, wie digitale "
            "Werkzeuge Ihre Arbeit und die Dienste für Bürger*innen verbessern können, und "
            "unterstützen Sie die Ideen Ihrer Kolleg*innen."
        )
        + p(
            "Das Digitalisierungsteam (Fachbereich 10, Abteilung 10.1) prüft jede Idee. Ob sie "
            "umgesetzt wird oder nicht – Sie erfahren es hier, mit Begründung."
        ),
        submission_open=True,
    )


def _ensure_departments(run: DemoRun) -> dict[str, Department]:
    departments = {}
    for name in DEPARTMENTS:
        department, created = Department.objects.get_or_create(name=name)
        if created:
            run.note("department", name)
        departments[name] = department
    return departments


def _ensure_colleagues(run: DemoRun) -> dict[str, object]:
    """The demo staff: Anna and Jonas from the accounts loader, and colleagues without login."""
    User = get_user_model()
    users = {}
    for colleague in COLLEAGUES:
        user = User.objects.filter(username=colleague.username).first()
        if user is None:
            user = User(
                username=colleague.username,
                email=colleague.email,
                first_name=colleague.first_name,
                last_name=colleague.last_name,
                display_name=f"{colleague.first_name} {colleague.last_name}",
            )
            user.set_unusable_password()
            user.save()
            run.note("account", f"{colleague.username} (staff, cannot log in)")
        EmailAddress.objects.get_or_create(
            user=user, email=colleague.email, defaults={"verified": True, "primary": True}
        )
        users[colleague.username] = user
    for username in (ANNA, JONAS):
        user = User.objects.filter(username=username).first()
        if user is not None:
            users[username] = user
    for user in users.values():
        sync_staff_membership(user)
    return users


def _ensure_ideas(run: DemoRun, platform, users: dict, departments: dict) -> None:
    categories = {c.name: c for c in Category.objects.all()}
    now = timezone.now()
    staff = list(users.values())
    for demo in IDEAS:
        if Idea.objects.filter(space=platform, title=demo.title).exists():
            continue
        author = users.get(demo.author) or users.get(ANNA) or staff[0]
        created = now - timedelta(days=demo.days_ago, hours=(demo.days_ago * 7) % 9)
        idea = Idea.objects.create(
            space=platform,
            title=demo.title,
            description=demo.text,
            category=categories[demo.category],
            department=departments[demo.department],
            author=author,
            status=demo.status,
            created=created,
            edited_at=created + timedelta(hours=3) if demo.edited else None,
        )
        IdeaFollow.objects.get_or_create(idea=idea, user=author)
        # Deterministic supporters, never the author.
        others = [u for u in staff if u.pk != author.pk]
        supporters = random.Random(demo.title).sample(others, min(demo.supporters, len(others)))
        IdeaSupport.objects.bulk_create(
            [IdeaSupport(idea=idea, user=user, created=created) for user in supporters]
        )
        Idea.objects.filter(pk=idea.pk).update(support_count=len(supporters))
        run.note("idea", demo.title)


# Citizens' proposals on the public projects (home.demo.projects)

MARIA, TOM = "maria.beispiel", "tom.muster"
HANNAH, KLAUS, SELIN = "hannah.vos", "klaus.terhorst", "selin.kaya"
GERDA, BERND, LUKAS, INGRID, JAN = (
    "gerda.hoebink",
    "bernd.arntz",
    "lukas.brandt",
    "ingrid.peeters",
    "jan.willems",
)


@dataclass(frozen=True)
class Citizen:
    username: str
    first_name: str
    last_name: str
    display_name: str

    @property
    def email(self) -> str:
        # example.net, not example.org: the accounts loader's citizens are the only ones there.
        return f"{self.username}@example.net"


# Further citizens who propose, support and discuss; they cannot log in (no usable password).
CITIZENS = [
    Citizen(HANNAH, "Hannah", "Vos", "Hannah V."),
    Citizen(KLAUS, "Klaus", "Terhorst", "Klaus aus Materborn"),
    Citizen(SELIN, "Selin", "Kaya", "Selin K."),
    Citizen(GERDA, "Gerda", "Hoebink", "Gerda H."),
    Citizen(BERND, "Bernd", "Arntz", "Bernd A."),
    Citizen(LUKAS, "Lukas", "Brandt", "Lukas B."),
    Citizen(INGRID, "Ingrid", "Peeters", "Ingrid aus Rindern"),
    Citizen(JAN, "Jan", "Willems", "Jan W."),
]

#: Everyone who supports proposals: the two demo citizens with a login and the others.
SUPPORTERS = [MARIA, TOM, *(citizen.username for citizen in CITIZENS)]


@dataclass(frozen=True)
class Proposal:
    """A citizen's proposal, handed in ``day`` days after the participation began."""

    title: str
    text: str
    category: str
    author: str
    day: int
    at: str  # local clock time, "HH:MM"
    supporters: int
    district: str = ""
    location: str = ""
    #: Supporters who are always among them (the rest is drawn, deterministically).
    supported_by: tuple[str, ...] = ()
    #: Followers besides the author.
    followed_by: tuple[str, ...] = ()


WLAN_CATEGORY = "Flächendeckendes WLAN"

PROPOSALS: dict[str, list[Proposal]] = {
    demo_projects.PLATFORM: [
        Proposal(
            "Erinnerung, bevor eine Beteiligung endet",
            "Ich habe schon zweimal zu spät gemerkt, dass eine Beteiligung vorbei war. Eine "
            "E-Mail eine Woche vor dem Ende an alle, die einem Projekt folgen, wäre hilfreich."
            "\n\nAm besten lässt sich das im eigenen Konto an- und abschalten.",
            "Online-Beteiligungsplattform",
            HANNAH,
            0,
            "19:20",
            7,
            supported_by=(TOM, MARIA),
        ),
        Proposal(
            "Jedes Projekt auch in Leichter Sprache zusammenfassen",
            "Viele Projekttexte sind für Menschen mit Lernschwierigkeiten oder wenig "
            "Deutschkenntnissen schwer zu verstehen. Eine kurze Zusammenfassung in Leichter "
            "Sprache am Anfang jeder Projektseite würde mehr Menschen die Beteiligung "
            "ermöglichen.",
            "Barrierefreiheit",
            SELIN,
            1,
            "12:05",
            6,
            supported_by=(GERDA,),
        ),
        Proposal(
            "Ergebnisse der Vor-Ort-Termine hier veröffentlichen",
            "Wer nicht zur Bürgerversammlung kommen kann, erfährt nicht, was dort besprochen "
            "wurde. Bitte stellen Sie das Protokoll jeder Versammlung auf die passende "
            "Projektseite, damit die Diskussion vor Ort und online zusammenkommt.",
            "Schaffung von Transparenz",
            MARIA,
            2,
            "20:45",
            5,
            supported_by=(TOM,),
        ),
        Proposal(
            "Neue Projekte in meinem Ortsteil per E-Mail melden",
            "Ich möchte nicht jede Woche nachsehen, ob es etwas Neues gibt. Eine "
            "Benachrichtigung, sobald ein Projekt für meinen Ortsteil startet, wäre ideal – "
            "zum Beispiel für Kellen.",
            "Online-Beteiligungsplattform",
            TOM,
            3,
            "07:35",
            8,
            district=District.KELLEN,
            supported_by=(MARIA, KLAUS, INGRID),
        ),
        Proposal(
            "Beteiligung auch im Bürgerbüro und am Telefon",
            "Nicht alle haben einen Computer oder trauen sich, ein Konto anzulegen. Bitte "
            "nehmen Sie Vorschläge auch im Bürgerbüro und am Telefon auf und tragen Sie sie "
            "hier ein, damit sie genauso zählen.",
            "Online-Beteiligungsplattform",
            GERDA,
            5,
            "10:10",
            4,
            location="Bürgerbüro im Rathaus",
        ),
        Proposal(
            "Vorschläge auf einer Karte anzeigen",
            "Bei vielen Projekten geht es um Orte. Eine Karte, auf der man die Vorschläge "
            "sieht, würde zeigen, wo sich etwas häuft – und man entdeckt Vorschläge aus der "
            "eigenen Nachbarschaft.",
            "Online-Beteiligungsplattform",
            KLAUS,
            7,
            "18:00",
            3,
        ),
    ],
    demo_projects.WLAN: [
        Proposal(
            "WLAN am Bahnhof und am Busbahnhof",
            "Wenn der Zug Verspätung hat, möchte ich schnell meine Anschlüsse prüfen, ohne "
            "mein Datenvolumen aufzubrauchen. Am Bahnhof ist außerdem der Handyempfang oft "
            "schlecht.\n\nAuch Gäste der Stadt kommen hier zuerst an – ein Hotspot mit einer "
            "Startseite zu Kleve wäre ein guter Empfang.",
            WLAN_CATEGORY,
            MARIA,
            0,
            "18:55",
            9,
            district=District.KERNSTADT,
            location="Bahnhofsvorplatz und Busbahnhof",
            supported_by=(TOM, HANNAH),
        ),
        Proposal(
            "Hotspot auf dem Koekkoekplatz",
            "Auf dem Koekkoekplatz ist bei Veranstaltungen und im Sommer viel los. Freies WLAN "
            "würde dort Gästen helfen, sich zu orientieren, und den Markt beleben.",
            WLAN_CATEGORY,
            HANNAH,
            1,
            "13:15",
            5,
            district=District.KERNSTADT,
            location="Koekkoekplatz",
        ),
        Proposal(
            "Einzelhandel an der Hohen Straße mitnehmen",
            "Viele Geschäfte an der Hohen Straße haben schon Internet. Die Stadt könnte ein "
            "gemeinsames Gäste-WLAN anbieten, dem sich die Geschäfte mit ihrem Anschluss "
            "anschließen – mit einem einheitlichen Namen und ohne eigene Anmeldung.",
            WLAN_CATEGORY,
            BERND,
            2,
            "09:40",
            6,
            district=District.KERNSTADT,
            location="Hohe Straße",
            supported_by=(TOM,),
        ),
        Proposal(
            "Freies WLAN in der Stadtbücherei und im Bürgerbüro",
            "In der Stadtbücherei lernen viele Schüler*innen und Studierende, im Bürgerbüro "
            "wartet man oft lange. An beiden Orten wäre ein stabiles WLAN sehr praktisch.",
            WLAN_CATEGORY,
            TOM,
            3,
            "21:10",
            7,
            district=District.KERNSTADT,
            location="Stadtbücherei und Rathaus",
            supported_by=(MARIA, SELIN),
        ),
        Proposal(
            "WLAN im Forstgarten",
            "Auf dem Spielplatz im Forstgarten sitzen viele Eltern, während die Kinder "
            "spielen. Ein Hotspot am Eingang würde reichen.",
            WLAN_CATEGORY,
            LUKAS,
            5,
            "16:30",
            2,
            district=District.KERNSTADT,
            location="Forstgarten",
        ),
        Proposal(
            "Die Ortsteile nicht vergessen",
            "In Materborn ist schon das normale Mobilfunknetz schwach. Ein Hotspot an der "
            "Grundschule oder am Vereinsheim wäre für viele hier eine große Hilfe.",
            WLAN_CATEGORY,
            KLAUS,
            7,
            "19:05",
            4,
            district=District.MATERBORN,
            location="Grundschule oder Vereinsheim",
            supported_by=(INGRID,),
            followed_by=(MARIA,),
        ),
    ],
    demo_projects.COURSES: [
        Proposal(
            "Smartphone-Sprechstunde in der Stadtbücherei",
            "Viele Fragen ergeben sich erst im Alltag: Wie installiere ich eine App, wie "
            "richte ich den Online-Ausweis ein? Eine feste Sprechstunde einmal pro Woche, in "
            "der man mit dem eigenen Gerät vorbeikommen kann, würde mehr helfen als ein "
            "langer Kurs.",
            "Digitalisierungskurse",
            MARIA,
            2,
            "17:30",
            9,
            district=District.KERNSTADT,
            location="Stadtbücherei",
            supported_by=(TOM, GERDA),
        ),
        Proposal(
            "Kurse am Vormittag statt am Abend",
            "Die meisten Kurse der Volkshochschule finden abends statt. Im Winter gehe ich "
            "abends ungern noch aus dem Haus. Kurse am Vormittag wären für Ältere besser.",
            "Digitalisierungskurse",
            GERDA,
            3,
            "10:15",
            8,
            supported_by=(INGRID,),
        ),
        Proposal(
            "Den Online-Ausweis gemeinsam einrichten",
            "Ein Kurs, in dem man Schritt für Schritt die Online-Ausweisfunktion einrichtet "
            "und einmal ausprobiert, zum Beispiel mit einem echten Antrag. Bitte mit genug "
            "Zeit und kleinen Gruppen.",
            "Digitalisierungskurse",
            INGRID,
            6,
            "11:00",
            5,
            supported_by=(TOM,),
        ),
        Proposal(
            "Kurse auch in den Ortsteilen anbieten",
            "Der Weg in die Innenstadt ist für viele Ältere aus den Ortsteilen beschwerlich. "
            "Die Kurse könnten reihum in Gemeindehäusern stattfinden, zum Beispiel in "
            "Materborn, Kellen und Rindern.",
            "Digitalisierungskurse",
            KLAUS,
            9,
            "18:20",
            6,
            district=District.MATERBORN,
            location="Gemeindehaus Materborn",
            supported_by=(TOM,),
        ),
        Proposal(
            "Leih-Tablets für alle Kursteilnehmenden",
            "Wer kein eigenes Gerät hat, kann kaum üben. Die Stadt sollte jeder Teilnehmerin "
            "und jedem Teilnehmer für die Dauer des Kurses ein Tablet ausleihen.",
            "Digitalisierungskurse",
            BERND,
            12,
            "15:45",
            3,
        ),
        Proposal(
            "Schüler*innen als Digital-Pat*innen",
            "Jugendliche könnten älteren Menschen im Rahmen eines Schulprojekts helfen, mit "
            "dem Smartphone zurechtzukommen. Beide Seiten lernen dabei voneinander.",
            "Digitalisierungsinitiativen",
            SELIN,
            15,
            "14:00",
            4,
        ),
        Proposal(
            "Kurs zu Betrugsmaschen im Internet",
            "Meine Mutter hat schon mehrere falsche Nachrichten von angeblichen Banken "
            "bekommen. Ein Kurs, der typische Betrugsmaschen erklärt, würde vielen Sicherheit "
            "geben.",
            "Digitalisierungskurse",
            HANNAH,
            30,
            "20:10",
            5,
            supported_by=(TOM,),
        ),
    ],
    demo_projects.OPEN_DATA: [
        Proposal(
            "Baustellen mit Dauer und Umleitung",
            "Mich interessieren die aktuellen Baustellen mit Beginn, Ende und Umleitung. Dann "
            "könnten Navigations-Apps und ich selbst den Weg zur Arbeit besser planen.",
            "Open Data",
            TOM,
            1,
            "07:20",
            8,
            supported_by=(MARIA, KLAUS),
        ),
        Proposal(
            "Radwege und Fahrradständer als GeoJSON",
            "Als Studentin an der Hochschule Rhein-Waal würde ich gern mit Daten zu Radwegen "
            "und Fahrradständern arbeiten, am besten als GeoJSON. Dann könnten wir sie in "
            "Seminararbeiten auswerten und Lücken im Radnetz zeigen.",
            "Open Data",
            SELIN,
            2,
            "14:10",
            6,
            supported_by=(TOM,),
        ),
        Proposal(
            "Den Haushalt verständlich als Daten",
            "Ich fände die Haushaltszahlen spannend, übersichtlich nach Bereichen und Jahren. "
            "Dann kann man nachvollziehen, wofür die Stadt ihr Geld ausgibt.",
            "Open Data",
            MARIA,
            4,
            "12:50",
            7,
            supported_by=(HANNAH, TOM),
        ),
        Proposal(
            "Freie Plätze in den Parkhäusern in Echtzeit",
            "Wer in die Innenstadt fährt, sucht oft lange nach einem Parkplatz. Die Zahl der "
            "freien Plätze in den Parkhäusern als offene Daten würde Parksuchverkehr "
            "vermeiden.",
            "Open Data",
            BERND,
            6,
            "09:05",
            5,
        ),
        Proposal(
            "Messwerte zur Luftqualität",
            "An der Emmericher Straße ist viel Verkehr. Messwerte zu Feinstaub und "
            "Stickstoffdioxid als offene Daten würden zeigen, wie es um die Luft in Kleve "
            "steht.",
            "Open Data",
            KLAUS,
            9,
            "18:45",
            6,
            district=District.KERNSTADT,
            location="Emmericher Straße",
        ),
        Proposal(
            "Wahlergebnisse nach Stimmbezirken",
            "Die Wahlergebnisse gibt es bisher nur als PDF. Als Tabelle nach Stimmbezirken "
            "könnten Schulen und Lokalzeitung sie viel leichter auswerten.",
            "Open Data",
            LUKAS,
            13,
            "11:30",
            4,
        ),
    ],
}


def ensure_citizens(run: DemoRun) -> dict:
    """The extra citizens; they cannot log in. Returns every supporter by username."""
    User = get_user_model()
    for citizen in CITIZENS:
        user = User.objects.filter(username=citizen.username).first()
        if user is None:
            user = User(
                username=citizen.username,
                email=citizen.email,
                first_name=citizen.first_name,
                last_name=citizen.last_name,
                display_name=citizen.display_name,
            )
            user.set_unusable_password()
            user.save()
            run.note("account", f"{citizen.username} (citizen, cannot log in)")
        EmailAddress.objects.get_or_create(
            user=user, email=citizen.email, defaults={"verified": True, "primary": True}
        )
    return {user.username: user for user in User.objects.filter(username__in=SUPPORTERS)}


def _ensure_proposals(run: DemoRun) -> None:
    """Proposals, supports and follows on the demo projects, dated within their periods."""
    users = ensure_citizens(run)
    projects = ProjectPage.objects.descendant_of(run.home).filter(
        slug__in=PROPOSALS, offers_proposals=True
    )
    categories = {c.name: c for c in Category.objects.filter(parent__isnull=False)}
    now = timezone.now()
    for project in projects:
        if not (project.participation_start and project.participation_end):
            continue
        existing = set(Idea.objects.filter(space=project).values_list("title", flat=True))
        last = min(now, _at(project.participation_end, "22:00"), key=lambda moment: moment)
        for demo in PROPOSALS[project.slug]:
            author = users.get(demo.author)
            if demo.title in existing or author is None:
                continue
            created = _at(project.participation_start + timedelta(days=demo.day), demo.at)
            if created > last:  # the participation has not got that far yet
                continue
            _create_proposal(project, demo, author, created, last, users, categories)
            run.note("proposal", f"{demo.title} ({project.slug})")


def _create_proposal(project, demo: Proposal, author, created, last, users, categories) -> Idea:
    idea = Idea.objects.create(
        space=project,
        title=demo.title,
        description=demo.text,
        category=categories[demo.category],
        district=demo.district,
        location=demo.location,
        author=author,
        created=created,
    )
    followers = [author, *(users[name] for name in demo.followed_by if name in users)]
    IdeaFollow.objects.bulk_create(
        [IdeaFollow(idea=idea, user=user, created=created) for user in followers],
        ignore_conflicts=True,
    )
    # Deterministic supporters, never the author, each on a day within the period.
    chosen = [users[name] for name in demo.supported_by if name in users and name != demo.author]
    others = [
        users[name]
        for name in SUPPORTERS
        if name in users and users[name] not in chosen and name != demo.author
    ]
    rng = random.Random(demo.title)
    chosen += rng.sample(others, max(0, min(demo.supporters - len(chosen), len(others))))
    span = max((last - created).total_seconds(), 60)
    supports = [
        IdeaSupport(
            idea=idea,
            user=user,
            created=min(created + timedelta(seconds=rng.uniform(60, span)), last),
        )
        for user in chosen
    ]
    IdeaSupport.objects.bulk_create(supports)
    Idea.objects.filter(pk=idea.pk).update(support_count=idea.supports.count())
    return idea


def _at(day, clock: str) -> datetime:
    """An aware moment on ``day`` at the local clock time ``clock``."""
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))
