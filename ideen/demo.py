"""Demo content for the idea platform: the page, departments, colleagues and ~30 internal ideas.

Registered in home.demo.DEMO_LOADERS; runs after the accounts loader, so the demo staff
Anna Schmitz and Jonas Peters exist. Idempotent: ideas are found by space and title.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from home.demo.base import DemoRun, ensure_page, p

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
