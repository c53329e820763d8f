"""Demo accessibility pages: the statement (BITV NRW § 4), Leichte Sprache and sign language.

The Leichte Sprache text follows the rules of the Netzwerk Leichte Sprache: short sentences,
one statement per sentence, the reader addressed directly, long words split with a hyphen,
difficult words explained, the same word for the same thing.
"""

from pathlib import Path

from wagtail.models import Page

from barrierefreiheit.models import AccessibilityStatementPage, EasyLanguagePage, SignLanguagePage
from home.models import ContentPage

from .base import DemoRun, ensure_document, ensure_image, ensure_page, h2, mail_link, ol, p, t, ul

FILES = Path(__file__).with_name("files")
ACCESSIBILITY_EMAIL = "barrierefreiheit@kleve.de"
CONTACT_EMAIL = "beteiligung@kleve.de"
PHONE = "02821 84-0"
REPORT_URL = "/barriere-melden/"
VIDEO_TITLE = "Gebärdensprache: Willkommen (Platzhalter-Video)"


def load(run: DemoRun, home: Page, slugs: dict[str, str]) -> dict[str, Page]:
    """The three accessibility footer pages, keyed like FooterSettings' fields."""
    return {
        "accessibility_page": ensure_typed_page(
            run, home, slugs["accessibility_page"], lambda: statement(run)
        ),
        "easy_language_page": ensure_typed_page(
            run, home, slugs["easy_language_page"], easy_language
        ),
        "sign_language_page": ensure_typed_page(
            run, home, slugs["sign_language_page"], lambda: sign_language(run)
        ),
    }


def ensure_typed_page(run: DemoRun, parent: Page, slug: str, build) -> Page:
    """Like ensure_page, but first replaces a plain content page an earlier demo version made.

    Only an untouched demo page (one revision, never edited) is replaced; anything an editor
    changed stays as it is.
    """
    existing = parent.get_children().filter(slug=slug).first()
    untouched_demo_page = (
        existing is not None
        and existing.specific_class is ContentPage
        and existing.revisions.count() <= 1
    )
    if untouched_demo_page:
        existing.delete()
        run.note("replaced page", f"{existing.url_path} (now a special page type)")
    return ensure_page(run, parent, slug, build)


NOT = "<b>nicht</b>"  # Leichte Sprache: a negation is set in bold so nobody misses it


def link(href: str, text: str) -> str:
    return f'<a href="{href}">{t(text)}</a>'


def para(*fragments: str) -> str:
    """A paragraph of already escaped fragments."""
    return f"<p>{''.join(fragments)}</p>"


def sentences(*lines: str) -> str:
    """Leichte Sprache: every sentence in a paragraph of its own, so it starts on a new line."""
    return "".join(p(line) for line in lines)


def text(*parts: str) -> dict:
    return {"type": "rich_text", "value": "".join(parts)}


def explanation(term: str, explanation_text: str) -> dict:
    return {"type": "word_explanation", "value": {"term": term, "explanation": explanation_text}}


def statement(run: DemoRun) -> AccessibilityStatementPage:
    return AccessibilityStatementPage(
        title="Erklärung zur Barrierefreiheit",
        search_description=(
            "Wie barrierefrei die Beteiligungsplattform der Stadt Kleve ist, welche Inhalte es "
            "noch nicht sind und wie Sie Barrieren melden."
        ),
        public_body="Die Stadt Kleve",
        scope="die Beteiligungs- und Ideenplattform der Stadt Kleve",
        compliance_status=AccessibilityStatementPage.ComplianceStatus.PARTIAL,
        status_explanation=(
            "Die Plattform wird bei jeder Änderung automatisch auf Barrieren geprüft und "
            "regelmäßig von Hand mit der Tastatur und bei 320 Pixel Breite getestet. Eine "
            "Prüfung durch eine unabhängige Stelle (BITV-Test) steht noch aus."
        ),
        non_accessible_content=[
            {
                "type": "item",
                "value": {
                    "content": "Videos in Deutscher Gebärdensprache",
                    "description": (
                        "Bisher gibt es nur ein Platzhalter-Video ohne Gebärdensprache. Die "
                        "Videos in Deutscher Gebärdensprache sind in Vorbereitung."
                    ),
                    "reason": "non_compliance",
                    "justification": "",
                    "alternative": (
                        "Alle Inhalte gibt es als Text und die wichtigsten auch in Leichter "
                        "Sprache. Das Platzhalter-Video hat Untertitel und eine Textfassung."
                    ),
                    "planned_fix": "Die ersten Videos folgen im Jahr 2027.",
                },
            },
            {
                "type": "item",
                "value": {
                    "content": "Dokumente anderer Stellen",
                    "description": (
                        "Einige verlinkte Dokumente anderer Behörden und Einrichtungen sind "
                        "nicht barrierefrei, zum Beispiel eingescannte PDF-Dateien."
                    ),
                    "reason": "out_of_scope",
                    "justification": (
                        "Inhalte Dritter, die die Stadt Kleve weder finanziert noch entwickelt "
                        "hat und auf die sie keinen Einfluss hat."
                    ),
                    "alternative": (
                        "Melden Sie uns das Dokument. Wir helfen Ihnen, die Information in "
                        "einer anderen Form zu bekommen."
                    ),
                    "planned_fix": "",
                },
            },
        ],
        prepared_on=run.today,
        last_reviewed_on=run.today,
        assessment_method=AccessibilityStatementPage.AssessmentMethod.SELF,
        assessment_details=(
            "Die Internetredaktion hat alle Seiten automatisch mit axe-core nach den Regeln der "
            "WCAG 2.2 (Stufen A und AA) und mit dem Nu Html Checker geprüft. Außerdem hat sie "
            "die Bedienung mit der Tastatur, die Darstellung bei 320 Pixel Breite und die "
            "Formulare ohne JavaScript getestet."
        ),
        contact_name="Stadt Kleve – Fachbereich 10, Digitalisierung",
        contact_address="Minoritenplatz 1\n47533 Kleve",
        contact_email=ACCESSIBILITY_EMAIL,
        contact_phone=PHONE,
    )


def easy_language() -> EasyLanguagePage:
    return EasyLanguagePage(
        title="Leichte Sprache",
        intro="Hier erklären wir diese Internet-Seite in Leichter Sprache.",
        search_description="Die Beteiligungs-Plattform der Stadt Kleve in Leichter Sprache.",
        body=[
            text(
                h2("Was ist diese Internet-Seite?"),
                sentences(
                    "Diese Internet-Seite ist von der Stadt Kleve.",
                    "Die Internet-Seite heißt: Beteiligungs-Plattform.",
                    "Die Stadt Kleve hat viele Pläne.",
                    "Hier können Sie die Pläne lesen.",
                    "Sie können sagen: Das finde ich gut.",
                ),
                para(t("Oder Sie sagen: Das finde ich "), NOT, t(" gut.")),
            ),
            explanation("Beteiligung", "Beteiligung bedeutet: Sie dürfen mit-reden."),
            explanation("Plattform", "Plattform bedeutet hier: ein Ort im Internet."),
            text(
                h2("Was können Sie hier machen?"),
                ul(
                    [
                        "Sie können lesen: Was plant die Stadt?",
                        "Sie können Ihre Meinung schreiben.",
                        "Sie können eigene Ideen schreiben.",
                        "Sie können Ideen von anderen Menschen unterstützen.",
                    ]
                ),
                p("Unterstützen bedeutet: Sie sagen, die Idee ist gut."),
                h2("So finden Sie sich zurecht"),
                sentences(
                    "Oben auf jeder Seite ist das Menü.",
                    "Im Menü stehen die wichtigsten Seiten.",
                    "Oben auf jeder Seite ist auch die Suche.",
                    "Dort schreiben Sie ein Wort.",
                    "Dann zeigt die Internet-Seite alle Seiten mit diesem Wort.",
                    "Ganz unten auf jeder Seite ist die Fuß-Zeile.",
                    "In der Fuß-Zeile finden Sie diese Seite in Leichter Sprache.",
                    "Dort finden Sie auch Videos in Gebärden-Sprache.",
                ),
                h2("Was passiert mit Ihrer Idee?"),
                sentences(
                    "Die Stadt liest Ihre Idee.",
                    "Dann entscheidet die Stadt.",
                    "Die Stadt sagt vielleicht: Ja, wir machen das.",
                ),
                para(t("Oder die Stadt sagt: Nein, wir machen das "), NOT, t(".")),
                sentences(
                    "Die Stadt schreibt immer den Grund dazu.",
                    "So können alle Menschen sehen: Warum hat die Stadt so entschieden?",
                ),
                h2("Brauchen Sie ein Konto?"),
                para(t("Zum Lesen brauchen Sie "), "<b>kein</b>", t(" Konto.")),
                sentences(
                    "Zum Mit-Reden brauchen Sie ein Konto.",
                    "Für das Konto brauchen Sie eine E-Mail-Adresse.",
                    "Und Sie brauchen ein Pass-Wort.",
                ),
            ),
            explanation(
                "Konto",
                "Ein Konto bedeutet hier: Die Internet-Seite kennt Sie. "
                "Sie melden sich mit Ihrer E-Mail-Adresse und Ihrem Pass-Wort an.",
            ),
            explanation(
                "Pass-Wort", "Ein Pass-Wort ist ein geheimes Wort. Nur Sie kennen das Pass-Wort."
            ),
            text(
                sentences(
                    "Sie suchen sich einen Namen aus.",
                    "Diesen Namen sehen andere Menschen.",
                    "Das kann auch ein ausgedachter Name sein.",
                ),
                h2("Ihre Daten sind geschützt"),
                sentences(
                    "Ihre E-Mail-Adresse ist geheim.",
                    "Nur die Stadt kennt Ihre E-Mail-Adresse.",
                ),
                para(t("Die Stadt gibt Ihre E-Mail-Adresse "), NOT, t(" weiter.")),
                h2("Etwas klappt nicht?"),
                sentences(
                    "Vielleicht ist etwas auf dieser Internet-Seite schwer für Sie.",
                    "Zum Beispiel: Die Schrift ist zu klein.",
                    "Das nennt man: Barriere.",
                    "Bitte sagen Sie uns das.",
                ),
                para(t("Dafür gibt es ein Formular: "), link(REPORT_URL, "Barriere melden")),
                para(t("Sie brauchen dafür "), "<b>kein</b>", t(" Konto.")),
                sentences(
                    "Wir antworten Ihnen in 2 Wochen.",
                    "Dafür brauchen wir Ihre E-Mail-Adresse.",
                ),
            ),
            explanation(
                "Barriere",
                "Eine Barriere ist ein Hindernis. "
                "Zum Beispiel: Die Schrift ist zu klein. "
                "Oder Sie können einen Knopf nur mit der Maus benutzen.",
            ),
            text(
                h2("Haben Sie Fragen?"),
                p("Dann schreiben Sie eine E-Mail."),
                para(t("Die E-Mail-Adresse ist: "), mail_link(CONTACT_EMAIL)),
                p("Oder rufen Sie an."),
                p(f"Die Telefon-Nummer ist: {PHONE}"),
            ),
        ],
    )


def sign_language(run: DemoRun) -> SignLanguagePage:
    video = ensure_document(
        run, VIDEO_TITLE, "dgs-willkommen.webm", (FILES / "dgs-willkommen.webm").read_bytes()
    )
    captions = ensure_document(
        run,
        "Gebärdensprache: Willkommen – Untertitel",
        "dgs-willkommen.vtt",
        (FILES / "dgs-willkommen.vtt").read_bytes(),
    )
    poster = ensure_image(
        run,
        "Gebärdensprache: Willkommen – Standbild",
        "dgs-willkommen.png",
        (FILES / "dgs-willkommen-poster.png").read_bytes,
    )
    return SignLanguagePage(
        title="Gebärdensprache",
        intro=(
            "Informationen in Deutscher Gebärdensprache (DGS). Jedes Video hat Untertitel und "
            "eine Textfassung."
        ),
        search_description="Videos in Deutscher Gebärdensprache über die Beteiligungsplattform.",
        body=[
            {
                "type": "video",
                "value": {
                    "title": "Willkommen auf der Plattform",
                    "video": video.pk,
                    "poster": poster.pk,
                    "captions": captions.pk,
                    "duration": "0:12",
                    "transcript": "".join(
                        [
                            p(
                                "Hinweis: Dies ist ein Platzhalter-Video der Demo-Installation. "
                                "Es zeigt noch keine Gebärdensprache, sondern drei Texttafeln."
                            ),
                            p(
                                "Willkommen auf der Beteiligungs- und Ideenplattform der Stadt "
                                "Kleve. Hier zeigen wir bald Videos in Deutscher "
                                "Gebärdensprache. Bis dahin finden Sie die Inhalte als Text "
                                "und in Leichter Sprache auf dieser Plattform."
                            ),
                        ]
                    ),
                },
            },
            text(
                h2("Was die Videos zeigen werden"),
                ol(
                    [
                        "Was die Beteiligungs- und Ideenplattform ist und wofür die Stadt Kleve "
                        "sie nutzt.",
                        "Wie Sie ein Konto anlegen und sich anmelden.",
                        "Wie Sie Projekte kommentieren, Vorschläge machen und Vorschläge anderer "
                        "unterstützen.",
                        "Wie die Stadt über Vorschläge entscheidet und wo Sie die Begründung "
                        "finden.",
                        "Wie Sie Barrieren melden und uns erreichen.",
                    ]
                ),
                h2("So werden die Videos gemacht"),
                ul(
                    [
                        "Gehörlose Gebärdensprachdolmetscher*innen erklären die Inhalte.",
                        "Jedes Video hat Untertitel und eine Textfassung.",
                        "Die Videos starten nicht von selbst. Sie können sie herunterladen.",
                        "Die Videos liegen auf dieser Plattform; es werden keine Daten an "
                        "Videodienste weitergegeben.",
                    ]
                ),
                h2("Kontakt"),
                para(
                    t("Eine Barriere gefunden? Nutzen Sie unser Formular "),
                    link(REPORT_URL, "Barriere melden"),
                    t(" oder schreiben Sie uns an "),
                    mail_link(ACCESSIBILITY_EMAIL),
                    t("."),
                ),
            ),
        ],
    )
