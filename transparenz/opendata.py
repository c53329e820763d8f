"""Open data: public ideas and their status changes as CSV and JSON, with documented columns.

Built for an anonymous reader whoever asks, so internal ideas never appear. The files are
streamed: rows are read from the database in chunks and written out as they come, so the first
byte leaves at once and a worker's memory does not grow with the data. Their ETag names the
content and support generations of ``home.pagecache`` (renewed by every write of public
content and every support): a client that has the current file gets 304 without a single
query. No personal data: no e-mail addresses, no user ids, and no names. The idea pages show
the display name that the author chose, next to the idea; a bulk download would make it easy
to collect everything one person wrote across the platform, which is not what they agreed to,
so names are left out.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, Min, Q
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition
from wagtail.models import Page

from home import pagecache
from ideen.models import Idea

from . import workflow
from .models import StatusChange


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    type: str = "string"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    #: The status codes of the JSON head, as (code, label) pairs; the ideas' codes when empty.
    codes: tuple = ()
    #: An Atom feed of the same records, as (URL name, link text); none when empty.
    feed: tuple = ()


IDEAS = Dataset(
    slug="ideen",
    title=_("Public ideas and proposals"),
    description=_(
        "Every idea and proposal in a public area of the platform with its current state. "
        "Internal ideas of the administration are not included, nor are contributions removed "
        "by moderation. Names of the people who handed them in are not included either. In the "
        "CSV file, texts that begin with =, +, - or @ start with an apostrophe, so that "
        "spreadsheet programs do not run them as formulas."
    ),
    columns=(
        Column("id", _("Number of the idea on the platform."), "integer"),
        Column("title", _("Title of the idea.")),
        Column(
            "description",
            _("Text of the idea (plain text; paragraphs separated by a blank line)."),
        ),
        Column("space", _("The participation project (area) the idea was handed in to.")),
        Column("space_url", _("Web address of that project."), "url"),
        Column("category", _("Topic: a field of action or project of the digital strategy.")),
        Column("field_of_action", _("The field of action the topic belongs to.")),
        Column("department", _("Responsible department, if stated.")),
        Column("status", _("Current state as a code (see status_label).")),
        Column("status_label", _("Current state in words.")),
        Column("submitted_on", _("Date the idea was handed in (YYYY-MM-DD)."), "date"),
        Column(
            "first_decision_on",
            _("Date of the first decision (adopted, rejected or merged); empty if none yet."),
            "date",
        ),
        Column("last_change_on", _("Date of the newest status change; empty if none."), "date"),
        Column("supports", _("Number of supports."), "integer"),
        Column("comments", _("Number of visible comments."), "integer"),
        Column("url", _("Web address of the idea with its full status trail."), "url"),
    ),
)

STATUS_CHANGES = Dataset(
    slug="statusaenderungen",
    title=_("Status changes and decisions"),
    description=_(
        "Every step in the status trail of the public ideas: who decided what, when and why. "
        "Entries are never changed; a correction is a new entry that names the entry it "
        "corrects. Who recorded an entry in the system is not included."
    ),
    columns=(
        Column("id", _("Number of the entry."), "integer"),
        Column("idea_id", _("Number of the idea (column id of the ideas dataset)."), "integer"),
        Column("idea_title", _("Title of the idea.")),
        Column("idea_url", _("Web address of the idea."), "url"),
        Column("from_status", _("State before the change, as a code.")),
        Column("to_status", _("State after the change, as a code.")),
        Column("to_status_label", _("State after the change, in words.")),
        Column("reason", _("Public reason (plain text).")),
        Column(
            "deciding_body",
            _("Who decided, e.g. a team, the executive board or a department."),
        ),
        Column("decided_on", _("Date of the decision (YYYY-MM-DD)."), "date"),
        Column("recorded_at", _("Moment the entry was published (ISO 8601)."), "datetime"),
        Column("document_url", _("Link to a document or council item, if any."), "url"),
        Column("corrects_id", _("Number of the entry this one corrects, if any."), "integer"),
        Column(
            "merged_into_id", _("For merged ideas: number of the idea it continues in."), "integer"
        ),
    ),
)

DATASETS = [IDEAS, STATUS_CHANGES]
STATUS_CODES = tuple((status, workflow.label(status)) for status in workflow.ORDER)


def _public_ideas():
    """Ideas an anonymous reader may see in lists: public and not removed by moderation."""
    return Idea.objects.visible_to(AnonymousUser()).listed()


#: Rows read from the database at a time.
CHUNK_SIZE = 2000
#: Bytes collected before a piece of the file is handed to the server.
BUFFER_SIZE = 64 * 1024


def _absolute_urls(request, viewname: str) -> Callable[[int], str]:
    """The absolute address of one view by primary key, without ``reverse()`` for every row."""
    marker = 987654321
    head, _marker, tail = request.build_absolute_uri(reverse(viewname, args=[marker])).partition(
        str(marker)
    )
    return lambda pk: f"{head}{pk}{tail}"


def idea_rows(request) -> Iterator[dict]:
    """One row per public idea, in the order they were handed in.

    Read as plain values, not model instances: at 20,000 ideas that is most of the time."""
    ideas = (
        _public_ideas()
        .annotate(
            first_decision_on=Min(
                "status_changes__decided_on",
                filter=Q(status_changes__to_status__in=workflow.FIRST_DECISIONS),
            ),
            last_change_on=Max("status_changes__decided_on"),
        )
        .order_by("created", "pk")
        .values(
            "pk",
            "title",
            "description",
            "space_id",
            "space__title",
            "category__name",
            "category__parent__name",
            "department__name",
            "status",
            "created",
            "first_decision_on",
            "last_change_on",
            "support_count",
            "comment_count",
        )
    )
    space_urls = {
        page.pk: page.get_full_url(request) or ""
        for page in Page.objects.filter(pk__in=_public_ideas().values("space_id"))
    }
    idea_url = _absolute_urls(request, "ideen:detail")
    for idea in ideas.iterator(chunk_size=CHUNK_SIZE):
        yield (
            {
                "id": idea["pk"],
                "title": idea["title"],
                "description": idea["description"],
                "space": idea["space__title"],
                "space_url": space_urls.get(idea["space_id"], ""),
                "category": idea["category__name"],
                "field_of_action": idea["category__parent__name"] or idea["category__name"],
                "department": idea["department__name"] or "",
                "status": idea["status"],
                "status_label": workflow.label(idea["status"]),
                "submitted_on": timezone.localdate(idea["created"]),
                "first_decision_on": idea["first_decision_on"],
                "last_change_on": idea["last_change_on"],
                "supports": idea["support_count"],
                "comments": idea["comment_count"],
                "url": idea_url(idea["pk"]),
            }
        )


def status_change_rows(request) -> Iterator[dict]:
    """One row per status change of a public idea, oldest first."""
    changes = (
        StatusChange.objects.public()
        .order_by("created", "pk")
        .values(
            "pk",
            "idea_id",
            "idea__title",
            "from_status",
            "to_status",
            "reason",
            "deciding_body",
            "decided_on",
            "created",
            "link",
            "corrects_id",
            "merged_into_id",
        )
    )
    idea_url = _absolute_urls(request, "ideen:detail")
    return (
        {
            "id": change["pk"],
            "idea_id": change["idea_id"],
            "idea_title": change["idea__title"],
            "idea_url": idea_url(change["idea_id"]),
            "from_status": change["from_status"],
            "to_status": change["to_status"],
            "to_status_label": workflow.label(change["to_status"]),
            "reason": change["reason"],
            "deciding_body": change["deciding_body"],
            "decided_on": change["decided_on"],
            "recorded_at": timezone.localtime(change["created"]),
            "document_url": change["link"],
            "corrects_id": change["corrects_id"],
            "merged_into_id": change["merged_into_id"],
        }
        for change in changes.iterator(chunk_size=CHUNK_SIZE)
    )


ROWS = {IDEAS.slug: idea_rows, STATUS_CHANGES.slug: status_change_rows}


def register(dataset: Dataset, rows) -> None:
    """Publish another app's dataset here (from its ``AppConfig.ready()``): listed on the
    statistics page and downloadable as CSV and JSON. ``rows(request)`` yields one dict per
    record, built for an anonymous reader and without personal data."""
    if dataset.slug in ROWS:
        return
    DATASETS.append(dataset)
    ROWS[dataset.slug] = rows


#: Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    # Text cells only: a leading quote makes spreadsheets show the text instead of running it.
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _dataset(slug: str) -> Dataset:
    for dataset in DATASETS:
        if dataset.slug == slug:
            return dataset
    raise Http404


def _buffered(pieces: Iterable[str]) -> Iterator[bytes]:
    """The first piece (the header) at once, then pieces of about BUFFER_SIZE bytes."""
    pieces = iter(pieces)
    for piece in pieces:
        yield piece.encode()
        break
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= BUFFER_SIZE:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


class _Line:
    """A file-like target for csv.writer that hands back what it was given."""

    def write(self, value: str) -> str:
        return value


def csv_lines(dataset: Dataset, rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow([column.name for column in dataset.columns])
    for row in rows:
        yield writer.writerow([_csv_value(row[column.name]) for column in dataset.columns])


def json_pieces(dataset: Dataset, rows: Iterable[dict]) -> Iterator[str]:
    """The JSON document: description, fields and status codes first, then the records."""
    head = {
        "title": str(dataset.title),
        "description": str(dataset.description),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "fields": [
            {"name": c.name, "type": c.type, "description": str(c.description)}
            for c in dataset.columns
        ],
        "status_codes": dict(dataset.codes or STATUS_CODES),
    }
    text = json.dumps(head, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    yield text[: text.rindex("}")].rstrip() + ',\n "records": ['
    separator = "\n  "
    for row in rows:
        yield separator + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n  "
    yield "\n ]\n}\n"


def export_etag(request, slug: str, *args, **kwargs) -> str:
    """Weak: the same content and support generations, day and address give the same rows
    (``generated_at`` of the JSON file may differ)."""
    _dataset(slug)
    parts = [
        request.path,
        request.scheme,
        request.get_host(),
        pagecache.content_version(),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _streamed(pieces: Iterable[str], content_type: str, disposition: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_buffered(pieces), content_type=content_type)
    response["Content-Disposition"] = disposition
    # The same file for everybody; asked again before every use, answered with 304 if unchanged.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


@condition(etag_func=export_etag)
def download_csv(request, slug: str) -> StreamingHttpResponse:
    """A dataset as CSV (UTF-8, comma-separated, one header row with the column names)."""
    dataset = _dataset(slug)
    return _streamed(
        csv_lines(dataset, ROWS[slug](request)),
        "text/csv; charset=utf-8",
        f'attachment; filename="{slug}.csv"',
    )


@condition(etag_func=export_etag)
def download_json(request, slug: str) -> StreamingHttpResponse:
    """A dataset as JSON: its description, the documented fields and the records."""
    dataset = _dataset(slug)
    return _streamed(
        json_pieces(dataset, ROWS[slug](request)),
        "application/json; charset=utf-8",
        f'inline; filename="{slug}.json"',
    )
