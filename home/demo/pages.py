"""The home page intro, the content pages of the main menu, the footer pages and their settings."""

from wagtail.models import Page, Site

from beteiligung.models import ProjectIndexPage, ProjectPage, ProjectState
from home.models import ContentPage, FooterSettings

from . import accessibility
from .base import (
    DemoRun,
    call_to_action,
    document_links,
    ensure_page,
    h2,
    h3,
    image_block,
    mail_link,
    p,
    p_html,
    page_link,
    quote,
    rich_text,
    t,
    ul,
)
from .media import ILLUSTRATION_ALT, illustration, strategy_documents
from .projects import INDEX_SLUG

CONTACT_EMAIL = "beteiligung@kleve.de"
PRIVACY_EMAIL = "datenschutz@kleve.de"
PHONE = "02821 84-0"
ADDRESS = "Stadt Kleve<br/>Der Bürgermeister<br/>Minoritenplatz 1<br/>47533 Kleve"
CONTACT_TEXT = (
    f"Stadt Kleve\nFachbereich 10 – Digitalisierung\nMinoritenplatz 1\n47533 Kleve\n{CONTACT_EMAIL}"
)
STRATEGY = "Maßnahmenkatalog kleve.digital 2030"

FOOTER_SLUGS = {
    "imprint_page": "impressum",
    "privacy_page": "datenschutz",
    "accessibility_page": "barrierefreiheit",
    "easy_language_page": "leichte-sprache",
    "sign_language_page": "gebaerdensprache",
    "netiquette_page": "netiquette",
}


def load(run: DemoRun) -> None:
    """Footer pages first (other pages link to them), then the menu pages, settings, home intro."""
    home = run.home
    projects = ProjectIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    footer = {
        "imprint_page": ensure_page(run, home, FOOTER_SLUGS["imprint_page"], imprint),
        "privacy_page": ensure_page(run, home, FOOTER_SLUGS["privacy_page"], privacy),
        # Statement, Leichte Sprache and DGS have their own page types (home/demo/accessibility.py).
        **accessibility.load(run, home, FOOTER_SLUGS),
        "netiquette_page": ensure_page(run, home, FOOTER_SLUGS["netiquette_page"], netiquette),
    }
    participation = ensure_page(
        run,
        home,
        "so-funktioniert-die-beteiligung",
        lambda: how_it_works(projects, footer["netiquette_page"]),
    )
    ensure_page(run, home, "digitalstrategie", lambda: strategy(run, projects))
    ensure_page(run, home, "ueber-die-plattform", lambda: about(projects, participation, footer))
    ensure_footer_settings(run, footer)
    ensure_home_intro(run, projects, participation)


def ensure_footer_settings(run: DemoRun, footer: dict[str, Page]) -> None:
    """Link the footer pages in the default site's settings; links editors chose stay."""
    site = Site.objects.get(is_default_site=True)
    settings, created = FooterSettings.objects.get_or_create(
        site=site, defaults={"contact_text": CONTACT_TEXT}
    )
    missing = [name for name in FOOTER_SLUGS if getattr(settings, f"{name}_id") is None]
    for name in missing:
        setattr(settings, name, footer[name])
    if missing:
        settings.save()
    if created or missing:
        run.note("footer settings", ", ".join(missing) or "created")


def ensure_home_intro(run: DemoRun, projects: Page | None, participation: Page) -> None:
    """Give the home page its welcome text unless an editor has written one."""
    home = run.home
    if home.intro.strip():
        return
    home.intro = "".join(
        [
            p(
                "Willkommen auf der Beteiligungs- und Ideenplattform der Stadt Kleve! Hier "
                "erfahren Sie, woran die Stadt gerade arbeitet, und reden mit: Sie kommentieren "
                "Projekte, bringen eigene Vorschläge ein und unterstützen die Ideen anderer."
            ),
            p_html(
                t(
                    "Alles bleibt nachvollziehbar: Zu jedem Vorschlag sehen Sie, wer wann "
                    "entschieden hat – und warum. Lesen können Sie ohne Anmeldung; zum Mitmachen "
                    "genügt ein kostenloses Konto. "
                ),
                page_link(participation, "So funktioniert die Beteiligung"),
                t("."),
            ),
        ]
    )
    home.save_revision(user=run.author, log_action=True).publish(user=run.author)
    run.note("home page", "introduction")


# Pages of the main menu


def how_it_works(projects: Page | None, netiquette: Page | None) -> ContentPage:
    body = [
        rich_text(
            h2("Mitreden in fünf Phasen"),
            p(
                "Jedes Projekt durchläuft bis zu fünf Phasen. Auf der Projektseite sehen Sie "
                "immer, in welcher Phase es gerade ist und bis wann Sie mitreden können."
            ),
            "<ol>"
            "<li><b>Information:</b> Die Stadt stellt das Vorhaben vor – worum es geht, wer "
            "zuständig ist und was schon feststeht.</li>"
            "<li><b>Beteiligung:</b> Sie kommentieren, machen Vorschläge und unterstützen die "
            "Vorschläge anderer.</li>"
            "<li><b>Auswertung:</b> Die zuständige Stelle prüft alle Beiträge und bereitet eine "
            "Entscheidung vor.</li>"
            "<li><b>Umsetzung:</b> Was angenommen wurde, wird umgesetzt. Den Fortschritt "
            "lesen Sie auf der Projektseite.</li>"
            "<li><b>Abgeschlossen:</b> Die Stadt veröffentlicht, was aus dem Projekt und aus "
            "Ihren Beiträgen geworden ist.</li>"
            "</ol>",
            h2("So machen Sie mit"),
            h3("Informieren – ohne Anmeldung"),
            p(
                "Alle Projekte, Vorschläge und Entscheidungen können Sie ohne Konto lesen. Die "
                "Suche oben auf jeder Seite hilft Ihnen, ein Thema zu finden."
            ),
            h3("Ein Konto anlegen"),
            p(
                "Zum Mitreden registrieren Sie sich mit Ihrer E-Mail-Adresse und bestätigen sie "
                "über einen Link, den wir Ihnen schicken. Öffentlich erscheint nur der "
                "Anzeigename, den Sie selbst wählen – ein Pseudonym ist ausdrücklich erlaubt. "
                "Ihre E-Mail-Adresse sieht niemand sonst."
            ),
            h3("Kommentieren, vorschlagen, unterstützen"),
            p(
                "Solange ein Projekt in der Phase Beteiligung ist, können Sie es kommentieren, "
                "auf andere Kommentare antworten und eigene Vorschläge einreichen. Vorschläge, "
                "die Ihnen gefallen, unterstützen Sie mit einem Klick – und können die "
                "Unterstützung jederzeit zurücknehmen."
            ),
            h3("Entscheidungen nachvollziehen"),
            p(
                "Jeder Vorschlag hat einen öffentlichen Verlauf: eingereicht, in Prüfung, dann "
                "angenommen, abgelehnt oder mit einem ähnlichen Vorschlag zusammengelegt. Bei "
                "jeder Entscheidung steht, wer entschieden hat, wann und mit welcher Begründung. "
                "Angenommene Vorschläge verfolgen Sie weiter bis zur Umsetzung."
            ),
        ),
        quote(
            "Wichtig ist jedoch, dass die geäußerten Vorschläge eine Auswirkung auf die weitere "
            "Projektplanung haben können.",
            f"{STRATEGY}, Projekt 3.2 Online-Beteiligungsplattform",
        ),
        rich_text(
            h2("Unsere Regeln für ein gutes Miteinander"),
            ul(
                [
                    "Bleiben Sie freundlich und sachlich, auch wenn Sie anderer Meinung sind.",
                    "Bleiben Sie beim Thema des Projekts.",
                    "Nennen Sie keine persönlichen Daten anderer Menschen.",
                    "Werbung, Beleidigungen und Falschbehauptungen sind nicht erlaubt.",
                ]
            ),
            p(
                "Beiträge, die gegen diese Regeln verstoßen, kann jede*r melden. Die Moderation "
                "blendet sie dann aus und nennt an ihrer Stelle öffentlich den Grund."
            ),
            p_html(
                t("Ausführlich steht das in unserer "),
                page_link(netiquette, "Netiquette"),
                t("."),
            ),
            h2("Fragen?"),
            p_html(
                t("Schreiben Sie uns an "),
                mail_link(CONTACT_EMAIL),
                t(". Wir antworten in der Regel innerhalb einer Woche."),
            ),
        ),
    ]
    body += open_projects_teaser(projects)
    if projects is not None:
        body.append(
            call_to_action(
                "Jetzt mitreden",
                "Bei diesen Projekten ist Ihre Meinung gerade gefragt.",
                projects,
                "Zu den Projekten",
            )
        )
    return ContentPage(
        title="So funktioniert die Beteiligung",
        intro=(
            "Von der Information bis zur Entscheidung: So bringen Sie Ihre Ideen ein – und so "
            "sehen Sie bei jedem Schritt, was mit Ihren Beiträgen geschieht."
        ),
        body=body,
        show_in_menus=True,
    )


def strategy(run: DemoRun, projects: Page | None) -> ContentPage:
    image = illustration(run)
    body = [
        rich_text(
            h2("Der Fahrplan bis 2030"),
            p(
                "Mit dem Maßnahmenkatalog kleve.digital 2030 beschreibt die Stadtverwaltung, "
                "welche Digitalisierungsprojekte sie von 2020 bis 2030 umsetzen will. Der Katalog "
                "wird jedes Jahr fortgeschrieben, zuletzt in der 3. Fortschreibung im März 2024."
            ),
            p(
                "Über den Fortschritt berichtet die Verwaltung regelmäßig im Ausschuss für "
                "Personal und Digitalisierung. So kann jede*r nachvollziehen, wie weit die "
                "Digitalisierung in Kleve ist."
            ),
            h2("Zwei Wirkungsbereiche, sechs Aktionsfelder"),
            h3("Digitale Verwaltung"),
            p(
                "Hier geht es um Projekte, die nach innen wirken: die tägliche Arbeit im Rathaus "
                "und in den Außenstellen."
            ),
            ul(
                [
                    "Strategieplanung – von der Digitalisierungsstrategie bis zum Ausbau der "
                    "digitalen Infrastruktur",
                    "Smart Working – elektronische Akten, digitale Abläufe und mobiles Arbeiten",
                    "Veränderungsmanagement – Schulungen, Beratung und eine Ideenplattform für "
                    "die Mitarbeitenden",
                ]
            ),
            h3("Digitale Stadt"),
            p(
                "Diese Projekte wirken nach außen – auf die Bürgerinnen und Bürger, das "
                "Erscheinungsbild der Stadt und das Stadtgebiet."
            ),
            ul(
                [
                    "E-Government – Verwaltungsleistungen online, vom Formular bis zur Bezahlung",
                    "Smart City – WLAN, Glasfaser, offene Daten und Sensornetze",
                    "Partizipation – Transparenz, Beteiligung, Digitalkurse und Barrierefreiheit",
                ]
            ),
        ),
        image_block(
            image,
            ILLUSTRATION_ALT,
            "Kleve digital: die Schwanenburg im Netz (Illustration)",
        ),
        quote(
            "Dabei soll Digitalisierung nicht zum Selbstzweck werden, sondern stets einen Nutzen "
            "für Umwelt, Bevölkerung und Unternehmen haben.",
            f"{STRATEGY}, Aktionsfeld Smart City",
        ),
        rich_text(
            h2("Warum es diese Plattform gibt"),
            p(
                "Beteiligung fand bisher vor allem bei Terminen vor Ort statt – und wer keine "
                "Zeit hatte, blieb außen vor. Die Strategie sieht deshalb eine "
                "Online-Beteiligungsplattform vor: Sie soll verständlich über Projekte "
                "informieren und Ideen aus der Bevölkerung sammeln."
            ),
        ),
        quote(
            "Es muss stets nachvollziehbar sein, inwiefern eine Idee adaptiert oder verworfen "
            "wird – und was die Beweggründe dafür sind.",
            f"{STRATEGY}, Projekt 3.2 Online-Beteiligungsplattform",
        ),
        rich_text(
            h2("42 Projekte, 156 Einzelmaßnahmen"),
            p(
                "Jedes Aktionsfeld ist in Digitalisierungsprojekte gegliedert, jedes Projekt in "
                "konkrete Einzelmaßnahmen. Nicht jede Maßnahme lässt sich zehn Jahre im Voraus "
                "planen: Der Katalog ist bewusst flexibel, damit neue Ideen hinzukommen und "
                "andere verworfen werden können."
            ),
        ),
        document_links("Zum Herunterladen", strategy_documents(run)),
    ]
    body += open_projects_teaser(projects)
    if projects is not None:
        body.append(
            call_to_action(
                "Reden Sie mit",
                "Bei mehreren Projekten der Strategie fragt die Stadt nach Ihrer Meinung.",
                projects,
                "Zu den Projekten",
            )
        )
    return ContentPage(
        title="Digitalstrategie",
        intro=(
            "kleve.digital 2030: So will die Stadt Kleve ihre Verwaltung und die Stadt bis 2030 "
            "digital weiterentwickeln."
        ),
        body=body,
        show_in_menus=True,
    )


def about(projects: Page | None, participation: Page, footer: dict[str, Page]) -> ContentPage:
    body = [
        rich_text(
            h2("Drei Aufgaben, eine Plattform"),
            h3("Beteiligung"),
            p_html(
                t(
                    "Die Stadt stellt hier Projekte vor, bei denen Ihre Meinung gefragt ist. Sie "
                    "kommentieren, machen Vorschläge und unterstützen die Vorschläge anderer. "
                ),
                page_link(participation, "So funktioniert die Beteiligung"),
                t(" erklärt Schritt für Schritt, wie das geht."),
            ),
            h3("Ideenplattform"),
            p(
                "Auch die Mitarbeitenden der Stadtverwaltung reichen hier Ideen ein, wie die "
                "Verwaltung digitaler und einfacher werden kann. Dieser Bereich ist nur für "
                "Mitarbeitende der Stadt sichtbar – was aus den Ideen wird, erfahren Sie in den "
                "veröffentlichten Entscheidungen."
            ),
            h3("Transparenz"),
            p(
                "Jede Idee und jeder Vorschlag hat einen öffentlichen Verlauf: Wer hat wann "
                "entschieden, und warum wurde etwas angenommen oder abgelehnt? Zahlen und "
                "Entscheidungen stehen allen offen."
            ),
        ),
        quote(
            "Den Anwender*innen soll verdeutlicht werden, dass eine Anregung über die "
            "Ideenplattform tatsächlich etwas bewirkt und nicht ins Leere läuft.",
            f"{STRATEGY}, Projekt 3.3 Ideenplattform",
        ),
        rich_text(
            h2("Wer hinter der Plattform steht"),
            p(
                "Die Plattform betreibt die Stadt Kleve, Fachbereich 10 – Abteilung 10.1 "
                "(Digitalisierung, E-Government und IT), gemeinsam mit dem Fachbereich 61. Sie "
                "ist Teil der Digitalstrategie kleve.digital 2030."
            ),
            h2("Für alle gemacht"),
            p(
                "Die Plattform lässt sich mit Tastatur und Screenreader bedienen und passt sich "
                "jeder Bildschirmgröße an. Sie setzt keine Tracking-Werkzeuge ein und lädt "
                "nichts von fremden Servern."
            ),
            ul_html(
                [
                    page_link(footer["easy_language_page"], "Die Plattform in Leichter Sprache"),
                    page_link(
                        footer["sign_language_page"], "Informationen in Deutscher Gebärdensprache"
                    ),
                    page_link(footer["accessibility_page"], "Erklärung zur Barrierefreiheit"),
                    page_link(footer["privacy_page"], "Datenschutz: welche Daten wir speichern"),
                ]
            ),
        ),
    ]
    body += open_projects_teaser(projects)
    if projects is not None:
        body.append(
            call_to_action(
                "Machen Sie mit",
                "Lesen Sie, woran die Stadt gerade arbeitet, und sagen Sie uns Ihre Meinung.",
                projects,
                "Aktuelle Projekte ansehen",
            )
        )
    return ContentPage(
        title="Über die Plattform",
        intro=(
            "Die Beteiligungs- und Ideenplattform ist der Ort, an dem Stadtverwaltung und "
            "Stadtgesellschaft gemeinsam an einem digitalen Kleve arbeiten."
        ),
        body=body,
        show_in_menus=True,
    )


def open_projects_teaser(projects: Page | None) -> list[dict]:
    """A project-teaser block with the open projects below the index; none when nothing is open."""
    if projects is None:
        return []
    open_projects = ProjectPage.objects.child_of(projects).live().in_state(ProjectState.OPEN)
    pks = [project.pk for project in open_projects]
    if not pks:
        return []
    value = {"heading": "Hier können Sie gerade mitmachen", "projects": pks}
    return [{"type": "project_teasers", "value": value}]


def ul_html(items: list[str]) -> str:
    """A list of fragments that are already escaped."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# Footer pages


def imprint() -> ContentPage:
    return ContentPage(
        title="Impressum",
        intro="Angaben zur Anbieterin dieser Plattform.",
        body=[
            rich_text(
                h2("Herausgeberin"),
                f"<p>{ADDRESS}</p>",
                p_html(t(f"Telefon: {PHONE}"), "<br/>", t("E-Mail: "), mail_link(CONTACT_EMAIL)),
                p(
                    "Die Stadt Kleve ist eine Körperschaft des öffentlichen Rechts. Sie wird "
                    "vertreten durch den Bürgermeister."
                ),
                h2("Verantwortlich für den Inhalt"),
                p(
                    "Stadt Kleve, Fachbereich 10 – Abteilung 10.1: Ratsangelegenheiten, Presse- "
                    "und Öffentlichkeitsarbeit, Digitalisierung, E-Government und IT, "
                    "Minoritenplatz 1, 47533 Kleve."
                ),
                h2("Aufsichtsbehörde"),
                p("Landrat des Kreises Kleve als untere staatliche Verwaltungsbehörde."),
                h2("Beiträge von Nutzer*innen"),
                p(
                    "Für Kommentare und Vorschläge sind ihre Verfasser*innen verantwortlich. Die "
                    "Moderation blendet Beiträge aus, die gegen die Diskussionsregeln verstoßen, "
                    "und nennt dafür öffentlich einen Grund."
                ),
                h2("Links zu anderen Websites"),
                p(
                    "Für die Inhalte verlinkter Websites sind deren Anbieter verantwortlich. Beim "
                    "Setzen der Links waren keine Rechtsverstöße erkennbar. Werden uns solche "
                    "bekannt, entfernen wir den Link."
                ),
                h2("Software"),
                p(
                    "Die Plattform beruht auf den quelloffenen Programmen Wagtail und Django. Sie "
                    "lädt keine Schriften, Skripte oder Bilder von fremden Servern."
                ),
                p("Hinweis: Diese Seite gehört zu den Beispielinhalten einer Demo-Installation."),
            )
        ],
    )


def netiquette() -> ContentPage:
    return ContentPage(
        title="Netiquette",
        intro=(
            "Unsere Regeln für ein gutes Miteinander: So bleibt die Plattform ein Ort, an dem "
            "alle gern mitreden – und was die Moderation tut, wenn jemand die Regeln bricht."
        ),
        body=[
            rich_text(
                h2("Warum es diese Regeln gibt"),
                p(
                    "Auf dieser Plattform reden Bürgerinnen und Bürger, Mitarbeitende der "
                    "Verwaltung und Fachleute miteinander über die Zukunft von Kleve. Das gelingt "
                    "nur, wenn sich alle fair begegnen. Mit jedem Kommentar und jedem Vorschlag "
                    "sagen Sie zu, diese Regeln einzuhalten."
                ),
                h2("Unsere Regeln"),
                h3("Respektvoll bleiben"),
                p(
                    "Bleiben Sie freundlich und sachlich, auch wenn Sie anderer Meinung sind. "
                    "Kritisieren Sie Ideen, nicht Menschen. Beleidigungen, Drohungen, "
                    "Diskriminierung und Hetze haben hier keinen Platz – gleich, gegen wen sie "
                    "sich richten."
                ),
                h3("Keine persönlichen Daten anderer"),
                p(
                    "Nennen Sie keine Namen, Adressen, Telefonnummern, Kfz-Kennzeichen oder "
                    "Fotos von anderen Menschen, die das nicht selbst öffentlich gemacht haben. "
                    "Auch Ihre eigenen Kontaktdaten gehören nicht in einen Beitrag: Die Stadt "
                    "erreicht Sie über Ihr Konto."
                ),
                h3("Keine Werbung"),
                p(
                    "Werbung für Firmen, Produkte, Parteien oder Veranstaltungen ist nicht "
                    "erlaubt, ebenso Kettenbriefe und Links, die nur Besucher anlocken sollen. "
                    "Ein Hinweis auf eine gute Quelle ist dagegen willkommen."
                ),
                h3("Beim Thema bleiben"),
                p(
                    "Jedes Projekt hat ein Thema. Bleiben Sie dabei, damit die Diskussion für "
                    "alle lesbar bleibt. Für ein neues Anliegen machen Sie am besten einen "
                    "eigenen Vorschlag. Schreiben Sie bitte nichts doppelt."
                ),
                h3("Ehrlich und rechtmäßig"),
                p(
                    "Verbreiten Sie keine Falschbehauptungen und halten Sie sich an das Recht, "
                    "auch an das Urheberrecht: Zitieren Sie fremde Texte nur kurz und mit Quelle."
                ),
                h2("Was die Moderation tut"),
                p(
                    "Das Moderationsteam der Stadt Kleve liest mit. Jede und jeder Angemeldete "
                    "kann einen Beitrag über „Melden“ an die Moderation geben; wer gemeldet hat, "
                    "erfährt die Verfasserin oder der Verfasser nicht."
                ),
                ul(
                    [
                        "Verstößt ein Beitrag gegen diese Regeln, blendet die Moderation ihn aus. "
                        "An seiner Stelle steht öffentlich „Von der Moderation entfernt“ mit dem "
                        "Grund.",
                        "Wer wiederholt oder schwer gegen die Regeln verstößt, kann gesperrt "
                        "werden. Die Sperre erklären wir per E-Mail.",
                        "Wir ändern keine Beiträge. Wir blenden sie nur aus oder lassen sie "
                        "stehen.",
                    ]
                ),
                h2("Widerspruch"),
                p_html(
                    t(
                        "Sie finden, dass Ihr Beitrag zu Unrecht ausgeblendet oder Ihr Konto zu "
                        "Unrecht gesperrt wurde? Schreiben Sie uns an "
                    ),
                    mail_link(CONTACT_EMAIL),
                    t(
                        " und nennen Sie den Beitrag. Eine andere Person aus dem Team prüft die "
                        "Entscheidung noch einmal und antwortet Ihnen in der Regel innerhalb "
                        "einer Woche. War die Entscheidung falsch, stellen wir den Beitrag "
                        "wieder her."
                    ),
                ),
                h2("Danke!"),
                p(
                    "Die allermeisten Beiträge sind konstruktiv und hilfreich. Danke, dass Sie "
                    "Ihre Ideen für Kleve mit uns teilen."
                ),
            )
        ],
    )


def privacy() -> ContentPage:
    return ContentPage(
        title="Datenschutz",
        intro=(
            "Welche Daten diese Plattform verarbeitet, wofür und wie lange – und welche Rechte "
            "Sie haben."
        ),
        body=[
            rich_text(
                h2("Das Wichtigste in Kürze"),
                ul(
                    [
                        "Lesen können Sie alles ohne Konto und ohne Angabe von Daten.",
                        "Wir setzen nur technisch notwendige Cookies ein: für die Anmeldung und "
                        "zum Schutz von Formularen.",
                        "Es gibt kein Tracking, keine Werbung und keine Inhalte von fremden "
                        "Servern.",
                        "Öffentlich erscheint nur Ihr selbst gewählter Anzeigename, nie Ihre "
                        "E-Mail-Adresse.",
                    ]
                ),
                h2("Verantwortliche Stelle"),
                f"<p>{ADDRESS}</p>",
                p_html(t("E-Mail: "), mail_link(CONTACT_EMAIL)),
                h2("Datenschutzbeauftragte"),
                p_html(
                    t(
                        "Sie erreichen die behördliche Datenschutzbeauftragte der Stadt Kleve "
                        "unter "
                    ),
                    mail_link(PRIVACY_EMAIL),
                    t(
                        " oder per Post unter der Anschrift oben mit dem Zusatz "
                        "„Datenschutzbeauftragte – persönlich“."
                    ),
                ),
                h2("Welche Daten wir verarbeiten"),
                h3("Beim Besuch der Plattform"),
                p(
                    "Der Server speichert bei jedem Aufruf kurzzeitig die IP-Adresse, Datum und "
                    "Uhrzeit, die aufgerufene Adresse und den Browsertyp. Wir brauchen diese "
                    "Angaben, um Angriffe abzuwehren und Fehler zu finden. Sie werden nach "
                    "sieben Tagen gelöscht und nicht mit anderen Daten zusammengeführt."
                ),
                h3("Mit einem Konto"),
                p(
                    "Für ein Konto speichern wir Ihre E-Mail-Adresse, Ihren Anzeigenamen und Ihr "
                    "Passwort (nur verschlüsselt als Prüfwert). Die E-Mail-Adresse nutzen wir, um "
                    "sie zu bestätigen, Ihnen beim Zurücksetzen des Passworts zu helfen und – wenn "
                    "Sie das wünschen – Sie über Antworten und Entscheidungen zu informieren."
                ),
                h3("Ihre Beiträge"),
                p(
                    "Kommentare, Vorschläge und Unterstützungen sind öffentlich und erscheinen mit "
                    "Ihrem Anzeigenamen und dem Datum. Entscheidungen der Stadt zu Vorschlägen "
                    "bleiben dauerhaft nachvollziehbar."
                ),
                h2("Cookies"),
                p(
                    "Die Plattform setzt nur zwei technisch notwendige Cookies: „sessionid“ hält "
                    "Sie nach der Anmeldung angemeldet und merkt sich Zwischenschritte, etwa bei "
                    "der Registrierung; "
                    "„csrftoken“ schützt Formulare vor Missbrauch durch fremde Websites. Eine "
                    "Einwilligung ist dafür nicht nötig. Analyse- oder Werbe-Cookies gibt es nicht."
                ),
                h2("Rechtsgrundlagen"),
                p(
                    "Wir verarbeiten Ihre Daten zur Erfüllung unserer öffentlichen Aufgabe der "
                    "Bürgerbeteiligung (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 DSG NRW). "
                    "Ein Konto legen Sie freiwillig an; dafür ist Ihre Einwilligung die Grundlage "
                    "(Art. 6 Abs. 1 lit. a DSGVO), die Sie jederzeit widerrufen können."
                ),
                h2("Speicherdauer"),
                p(
                    "Ihr Konto bleibt bestehen, bis Sie es löschen lassen. Ihre öffentlichen "
                    "Beiträge werden dann anonymisiert: Statt Ihres Anzeigenamens erscheint "
                    "„Gelöschtes Konto“. Server-Protokolle löschen wir nach sieben Tagen."
                ),
                h2("Ihre Rechte"),
                p("Sie haben das Recht auf"),
                ul(
                    [
                        "Auskunft über Ihre Daten (Art. 15 DSGVO),",
                        "Berichtigung (Art. 16 DSGVO),",
                        "Löschung (Art. 17 DSGVO),",
                        "Einschränkung der Verarbeitung (Art. 18 DSGVO),",
                        "Datenübertragbarkeit (Art. 20 DSGVO),",
                        "Widerspruch gegen die Verarbeitung (Art. 21 DSGVO).",
                    ]
                ),
                p(
                    "Sie können sich außerdem bei der Aufsichtsbehörde beschweren: bei der "
                    "Landesbeauftragten für Datenschutz und Informationsfreiheit "
                    "Nordrhein-Westfalen in Düsseldorf."
                ),
                p("Hinweis: Diese Seite gehört zu den Beispielinhalten einer Demo-Installation."),
            )
        ],
    )
