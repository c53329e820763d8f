"""Building blocks for demo loaders: find-or-create pages, documents and images by a stable key."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from html import escape
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from home.models import HomePage
from home.setup import ensure_site_root

ADMIN_USERNAME = "admin"


@dataclass
class DemoRun:
    """State shared by the loaders of one `load_demo` run."""

    log: Callable[[str], None] = print
    today: date = field(default_factory=timezone.localdate)
    created: list[str] = field(default_factory=list)

    def note(self, kind: str, label: str) -> None:
        """Record that something new was created."""
        self.created.append(f"{kind}: {label}")
        self.log(f"  + {kind}: {label}")

    @cached_property
    def home(self) -> HomePage:
        return ensure_site_root()

    @property
    def author(self):
        """The demo administrator, named as the author of demo revisions (None before it exists)."""
        return get_user_model().objects.filter(username=ADMIN_USERNAME).first()


def ensure_page(run: DemoRun, parent: Page, slug: str, build: Callable[[], Page]) -> Page:
    """Return the child of `parent` with `slug`; create and publish it from `build()` when missing.

    Existing pages are left alone, so editors' changes survive a re-run.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = build()
    page.slug = slug
    page.live = False
    parent.add_child(instance=page)
    author = run.author
    page.save_revision(user=author, log_action=True).publish(user=author)
    run.note("page", page.url or page.url_path)
    return page


def root_collection() -> Collection:
    """Wagtail's root collection; recreated when a flushed test database lost it."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def ensure_document(run: DemoRun, title: str, filename: str, content: bytes):
    """A Wagtail document identified by its title."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(
            title=title, collection=root_collection(), file=ContentFile(content, name=filename)
        )
        document._set_document_file_metadata()
        document.save()
        run.note("document", title)
    return document


def ensure_image(run: DemoRun, title: str, filename: str, render: Callable[[], bytes]):
    """A Wagtail image identified by its title; `render()` returns the PNG bytes."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(
            title=title,
            collection=root_collection(),
            file=ImageFile(BytesIO(render()), name=filename),
        )
        image._set_image_file_metadata()
        image.save()
        run.note("image", title)
    return image


def iter_catalogue_projects(catalogue: dict) -> Iterable[tuple[dict, dict, dict]]:
    """Every Digitalisierungsprojekt with its Wirkungsbereich and Aktionsfeld."""
    for area in catalogue["wirkungsbereiche"]:
        for field_of_action in area["aktionsfelder"]:
            for project in field_of_action["projekte"]:
                yield area, field_of_action, project


# Rich text is stored as Wagtail's HTML subset; these helpers escape every piece of data.


def t(text: str) -> str:
    """Escaped text for a rich text fragment."""
    return escape(text, quote=False)


def p(*sentences: str) -> str:
    """A paragraph of plain sentences."""
    return f"<p>{t(' '.join(sentences))}</p>"


def p_html(*fragments: str) -> str:
    """A paragraph of fragments that are already escaped (`t()`, links)."""
    return f"<p>{''.join(fragments)}</p>"


def h2(text: str) -> str:
    return f"<h2>{escape(text, quote=False)}</h2>"


def h3(text: str) -> str:
    return f"<h3>{escape(text, quote=False)}</h3>"


def ul(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"


def ol(items: Iterable[str]) -> str:
    return "<ol>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ol>"


def page_link(page: Page | None, text: str) -> str:
    """An internal link in Wagtail's rich text format (plain text when the page is missing)."""
    if page is None:
        return escape(text, quote=False)
    return f'<a linktype="page" id="{page.pk}">{escape(text, quote=False)}</a>'


def mail_link(address: str) -> str:
    return f'<a href="mailto:{escape(address)}">{escape(address, quote=False)}</a>'


def rich_text(*parts: str) -> dict:
    """A `rich_text` block of BodyStreamBlock."""
    return {"type": "rich_text", "value": "".join(parts)}


def merge_rich_text(blocks: list[dict]) -> list[dict]:
    """Join neighbouring rich text blocks, so headings keep one rhythm within the text."""
    merged: list[dict] = []
    for block in blocks:
        if merged and block["type"] == merged[-1]["type"] == "rich_text":
            merged[-1] = rich_text(merged[-1]["value"], block["value"])
        else:
            merged.append(block)
    return merged


def quote(text: str, attribution: str) -> dict:
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


def call_to_action(heading: str, text: str, page: Page, link_label: str) -> dict:
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading,
            "text": text,
            "page": page.pk,
            "url": "",
            "link_label": link_label,
        },
    }


def image_block(image, alt_text: str, caption: str = "") -> dict:
    return {
        "type": "image",
        "value": {"image": image.pk, "alt_text": alt_text, "decorative": False, "caption": caption},
    }


def document_links(heading: str, documents: Iterable) -> dict:
    return {
        "type": "document_links",
        "value": {"heading": heading, "documents": [document.pk for document in documents]},
    }
