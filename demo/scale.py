"""Scale data: a city's worth of users, ideas, comments, supports and status changes.

``manage.py load_scale`` adds it on top of the demo content (``load_demo`` first), for the
benchmark (``make bench``). The rows are written in bulk (``COPY`` on PostgreSQL, batched
INSERTs elsewhere) with their ids chosen here, so that every denormalised value is computed
before it is written and nothing needs a second pass:

- ``Idea.support_count`` and ``Idea.comment_count`` equal their rows;
- each idea's ``status`` is the ``to_status`` of its newest trail row, and each trail row starts
  where the previous one ended (a correction repeats the state it corrects); its
  ``first_decided_on`` is the date of its first adoption, rejection or merge, and
  ``first_answered_on`` the date of its first answer (under review or a decision);
- comments-xtd's tree fields (``thread_id``, ``parent_id``, ``level``, ``order``,
  ``nested_count``) are what comments-xtd would have written for replies posted in that order;
- ideas of the internal space are written, supported and discussed by staff only.

``demo.invariants`` checks all of that on any database.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment, max_thread_level_for_content_type

from accounts.consent import current_versions
from accounts.models import ConsentRecord
from beteiligung.models import ProjectPage
from diskussion.models import CommentState
from diskussion.text import render as render_comment
from home import pagecache
from ideen.models import Category, Idea, IdeaPlatformPage, IdeaSupport
from ideen.search import stemmed_text
from ideen.staff import STAFF_GROUP
from ideen.text import render_plain_text
from transparenz import guards
from transparenz.models import StatusChange
from transparenz.workflow import FIRST_ANSWERS, FIRST_DECISIONS

#: User names of generated accounts start with this; their presence means "already loaded".
USERNAME_PREFIX = "scale-"
BATCH = 2000
#: The share of users who are staff of the administration, and of ideas that are internal.
STAFF_SHARE = 0.05
INTERNAL_SHARE = 0.1

Status = Idea.Status
#: Status paths an idea can take (each step one trail row); corrections pad the total.
PATHS: tuple[tuple[str, ...], ...] = (
    (),
    (Status.UNDER_REVIEW,),
    (Status.UNDER_REVIEW, Status.REJECTED),
    (Status.UNDER_REVIEW, Status.ADOPTED),
    (Status.UNDER_REVIEW, Status.ADOPTED, Status.IN_IMPLEMENTATION),
    (Status.UNDER_REVIEW, Status.ADOPTED, Status.IN_IMPLEMENTATION, Status.IMPLEMENTED),
    (Status.WITHDRAWN,),
    (Status.UNDER_REVIEW, Status.WITHDRAWN),
)

WORDS = [
    "Radweg",
    "Bürgerbüro",
    "Spielplatz",
    "Bücherei",
    "WLAN",
    "Parkhaus",
    "Bushaltestelle",
    "Schule",
    "Sensor",
    "Termin",
    "Antrag",
    "Formular",
    "Marktplatz",
    "Bahnhof",
    "Innenstadt",
    "Beleuchtung",
    "Baum",
    "Bank",
    "Karte",
    "Daten",
    "Portal",
]


@dataclass(frozen=True)
class ScaleSpec:
    """How much to generate; ``city()`` is the size the benchmark measures."""

    users: int
    ideas: int
    comments: int
    supports: int
    status_changes: int
    project_thread: int
    idea_thread: int
    seed: int = 12

    @classmethod
    def city(cls) -> ScaleSpec:
        """50k users, 20k ideas, 200k comments, 1M supports, 100k status changes."""
        return cls(
            users=50_000,
            ideas=20_000,
            comments=200_000,
            supports=1_000_000,
            status_changes=100_000,
            project_thread=800,
            idea_thread=500,
        )

    def scaled(self, factor: float) -> ScaleSpec:
        """The same shape, every number multiplied by ``factor`` (at least a handful each)."""

        def size(n: int, least: int) -> int:
            return max(least, round(n * factor))

        spec = replace(
            self,
            users=size(self.users, 20),
            ideas=size(self.ideas, 10),
            project_thread=size(self.project_thread, 8),
            idea_thread=size(self.idea_thread, 5),
        )
        spec = replace(
            spec,
            comments=max(size(self.comments, 20), spec.project_thread + spec.idea_thread),
            status_changes=size(self.status_changes, 10),
        )
        # One support per user and idea at most.
        return replace(spec, supports=min(size(self.supports, 20), spec.users * spec.ideas // 2))


@dataclass
class ScaleResult:
    """What a run wrote, for the command's report."""

    counts: dict[str, int]
    project: ProjectPage
    idea_id: int


def already_loaded() -> bool:
    """Whether scale data is present (generated accounts exist)."""
    return get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).exists()


class _Ids:
    """Ids for new rows of a table, after the highest one in use."""

    def __init__(self, model: type[models.Model]):
        self.next = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def take(self, n: int) -> range:
        ids = range(self.next, self.next + n)
        self.next += n
        return ids


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write rows into a model's own table: COPY on PostgreSQL, batched INSERTs elsewhere.

    Values are Python values of the fields named in ``columns`` (attribute names); nothing
    of the model's ``save()`` runs, so the caller computes every derived value.
    """
    fields = [model._meta.get_field(name) for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch: list[list] = []
        for row in rows:
            batch.append(
                [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            )
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _reset_sequences(*model_classes: type[models.Model]) -> None:
    """After rows with chosen ids, the next id the database hands out comes after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _text(rng: random.Random, words: int, n: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    if n % 7 == 0:
        body += f"\n\nMehr dazu: https://www.kleve.de/beteiligung/{n}"
    return body


def generate(spec: ScaleSpec, *, log: Callable[[str], None] = lambda message: None):
    """Write the scale data in one transaction; returns a ``ScaleResult``."""
    projects = list(ProjectPage.objects.live().public().order_by("path"))
    if not projects:
        raise RuntimeError("No live project page: load the demo content first (load_demo).")
    platforms = list(IdeaPlatformPage.objects.live().order_by("path"))
    categories = list(Category.objects.values_list("pk", flat=True))
    if not categories:
        raise RuntimeError("No category: load the demo content first (load_demo).")
    rng = random.Random(spec.seed)
    now = timezone.now()
    with guards.seeding(connection):
        users, staff = _users(spec, rng, now, log)
        ideas = _ideas(spec, rng, now, projects, platforms, categories, users, staff, log)
        supports = _supports(spec, rng, ideas, users, staff, log)
        changes = _status_changes(spec, rng, ideas, log)
        big_project = _biggest_open_project(projects)
        comments, idea_comments = _comments(
            spec, rng, now, big_project, projects, ideas, users, staff, log
        )
        _write_ideas(ideas, supports, idea_comments, changes, log)
        _write_supports(supports, log)
        _write_status_changes(changes, log)
        _write_comments(comments, log)
        _reset_sequences(
            get_user_model(), EmailAddress, ConsentRecord, Idea, IdeaSupport, StatusChange, Comment
        )
    # COPY writes around Django's cursor, which renews the page cache's content generation.
    pagecache.bump()
    if connection.vendor == "postgresql":
        log("Updating the planner's statistics (ANALYZE)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = {
        "users": len(users) + len(staff),
        "ideas": len(ideas),
        "supports": len(supports),
        "status changes": len(changes),
        "comments": len(comments),
    }
    return ScaleResult(counts=counts, project=big_project, idea_id=_big_idea_id(ideas))


def _biggest_open_project(projects: list[ProjectPage]) -> ProjectPage:
    """The project whose thread gets the most comments: an open one if there is one."""
    open_projects = [p for p in projects if p.accepts_comments]
    return (open_projects or projects)[0]


def _users(spec, rng, now, log):
    log(f"Users: {spec.users}")
    User = get_user_model()
    password = make_password(None)  # unusable: benchmark sessions are created directly
    ids = list(_Ids(User).take(spec.users))
    staff_n = max(1, round(spec.users * STAFF_SHARE))
    staff_ids, citizen_ids = ids[:staff_n], ids[staff_n:]

    def rows():
        for n, pk in enumerate(ids):
            domain = "kleve.de" if pk in staff_set else "example.org"
            joined = now - timedelta(days=rng.randint(1, 900), seconds=n)
            yield (
                pk,
                password,
                None,
                False,
                f"{USERNAME_PREFIX}{pk}",
                "",
                "",
                f"{USERNAME_PREFIX}{pk}@{domain}",
                False,
                True,
                joined,
                f"Teilnehmende {pk}",
                0,
            )

    staff_set = set(staff_ids)
    insert_rows(
        User,
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "display_name",
            "inactivity_warnings",
        ],
        rows(),
    )
    # Everybody agreed to the current privacy notice and netiquette when signing up.
    versions = sorted(current_versions().items())
    insert_rows(
        ConsentRecord,
        ["id", "user", "document", "version", "given_at"],
        (
            (consent_id, pk, document, version, now)
            for consent_id, (pk, (document, version)) in zip(
                _Ids(ConsentRecord).take(len(ids) * len(versions)),
                ((pk, v) for pk in ids for v in versions),
                strict=True,
            )
        ),
    )
    address_ids = _Ids(EmailAddress).take(len(ids))
    insert_rows(
        EmailAddress,
        ["id", "user", "email", "verified", "primary"],
        (
            (
                a,
                pk,
                f"{USERNAME_PREFIX}{pk}@{'kleve.de' if pk in staff_set else 'example.org'}",
                True,
                True,
            )
            for a, pk in zip(address_ids, ids, strict=True)
        ),
    )
    group = Group.objects.get_or_create(name=STAFF_GROUP)[0]
    through = User.groups.through
    insert_rows(through, ["user", "group"], ((pk, group.pk) for pk in staff_ids))
    return citizen_ids, staff_ids


@dataclass
class _Idea:
    pk: int
    space_id: int
    internal: bool
    author_id: int
    created: datetime
    category_id: int
    title: str
    description: str
    status: str = Status.SUBMITTED
    first_decided_on: date | None = None
    first_answered_on: date | None = None
    support_count: int = 0
    comment_count: int = 0


def _ideas(spec, rng, now, projects, platforms, categories, citizens, staff, log):
    log(f"Ideas: {spec.ideas}")
    ids = _Ids(Idea).take(spec.ideas)
    ideas = []
    internal_n = round(spec.ideas * INTERNAL_SHARE) if platforms else 0
    for n, pk in enumerate(ids):
        internal = n < internal_n
        space = rng.choice(platforms) if internal else projects[n % len(projects)]
        author = rng.choice(staff if internal else citizens)
        title = f"{rng.choice(WORDS)} {rng.choice(WORDS)}: Vorschlag {pk}"
        ideas.append(
            _Idea(
                pk=pk,
                space_id=space.pk,
                internal=internal,
                author_id=author,
                created=now - timedelta(days=rng.randint(30, 700), seconds=n),
                category_id=rng.choice(categories),
                title=title,
                description=_text(rng, 40, pk),
            )
        )
    return ideas


def _supports(spec, rng, ideas, citizens, staff, log):
    """(user, idea) pairs, each once: public ideas by everybody, internal ones by staff."""
    log(f"Supports: {spec.supports}")
    public = [i for i in ideas if not i.internal]
    internal = [i for i in ideas if i.internal]
    everybody = citizens + staff
    wanted_internal = round(spec.supports * len(internal) / max(1, len(ideas)))
    pairs = []
    for users, targets, wanted in (
        (everybody, public, spec.supports - wanted_internal),
        (staff, internal, wanted_internal),
    ):
        if not users or not targets:
            continue
        wanted = min(wanted, len(users) * len(targets))
        per_user, extra = divmod(wanted, len(users))
        for u, user in enumerate(users):
            k = per_user + (1 if u < extra else 0)
            # Consecutive ideas from a start skewed towards the first ones: popular ideas.
            start = int(len(targets) * rng.random() ** 2)
            for j in range(k):  # k <= len(targets): distinct ideas for one user
                idea = targets[(start + j) % len(targets)]
                idea.support_count += 1
                pairs.append((user, idea))
    return pairs


def _status_changes(spec, rng, ideas, log):
    """Trail rows per idea along the workflow; corrections (same state again) pad the total."""
    log(f"Status changes: {spec.status_changes}")
    plans: dict[int, list[str]] = {}
    total = 0
    for idea in ideas:
        path = list(rng.choice(PATHS))
        if total + len(path) > spec.status_changes:
            path = path[: spec.status_changes - total]
        plans[idea.pk] = path
        total += len(path)
    with_trail = [i for i in ideas if plans[i.pk]]
    k = 0
    while total < spec.status_changes and with_trail:
        idea = with_trail[k % len(with_trail)]
        plans[idea.pk].append(plans[idea.pk][-1])  # a correction of the newest row
        total += 1
        k += 1
    ids = iter(_Ids(StatusChange).take(total))
    changes = []
    for idea in ideas:
        current = Status.SUBMITTED
        previous_pk = None
        day = idea.created
        for step, to_status in enumerate(plans[idea.pk]):
            pk = next(ids)
            day = day + timedelta(days=rng.randint(0, 20))
            corrects = previous_pk if to_status == current and step else None
            changes.append(
                {
                    "id": pk,
                    "idea": idea.pk,
                    "from_status": current,
                    "to_status": to_status,
                    "reason": f"Begründung der Entscheidung {pk}: {rng.choice(WORDS)}.",
                    "deciding_body": "Digitalisierungsteam",
                    "decided_on": timezone.localtime(day).date(),
                    "created": day,
                    "corrects": corrects,
                }
            )
            if to_status in FIRST_DECISIONS and idea.first_decided_on is None:
                idea.first_decided_on = changes[-1]["decided_on"]
            if to_status in FIRST_ANSWERS and idea.first_answered_on is None:
                idea.first_answered_on = changes[-1]["decided_on"]
            current, previous_pk = to_status, pk
        idea.status = current
    return changes


@dataclass
class _Comment:
    pk: int
    content_type_id: int
    object_pk: str
    user_id: int
    text: str
    submit_date: datetime
    parent_id: int
    thread_id: int = 0
    level: int = 0
    order: int = 1
    nested_count: int = 0


def _comments(spec, rng, now, big_project, projects, ideas, citizens, staff, log):
    """Threads on the big project page, the big idea and everything else, with replies."""
    log(f"Comments: {spec.comments}")
    idea_type = ContentType.objects.get_for_model(Idea)
    project_type = ContentType.objects.get_for_model(ProjectPage)
    everybody = citizens + staff
    big_idea = next(i for i in ideas if not i.internal and i.space_id == big_project.pk)
    big_idea.big = True
    # (content type, object, users who may write, how many comments, thread starts at)
    targets = [
        (project_type, big_project.pk, everybody, spec.project_thread, now - timedelta(days=60)),
        (idea_type, big_idea.pk, everybody, spec.idea_thread, big_idea.created),
    ]
    rest = spec.comments - spec.project_thread - spec.idea_thread
    others = [
        (idea_type, i.pk, staff if i.internal else everybody, i.created)
        for i in ideas
        if i is not big_idea
    ]
    others += [
        (project_type, p.pk, everybody, now - timedelta(days=90))
        for p in projects
        if p.pk != big_project.pk
    ]
    spread = [0] * len(others)
    for _ in range(rest):
        spread[rng.randrange(len(others))] += 1
    for (ctype, obj, users, start), n in zip(others, spread, strict=True):
        if n:
            targets.append((ctype, obj, users, n, start))
    ids = _Ids(Comment)
    comments: list[_Comment] = []
    idea_comments: dict[int, int] = {}
    for ctype, obj, users, n, start in targets:
        max_level = max_thread_level_for_content_type(ctype)
        thread = _thread(rng, ids.take(n), ctype.pk, str(obj), users, start, max_level)
        comments.extend(thread)
        if ctype == idea_type:
            idea_comments[obj] = idea_comments.get(obj, 0) + n
    return comments, idea_comments


def _thread(rng, ids, content_type_id, object_pk, users, start, max_level):
    """n comments on one object in posting order, with comments-xtd's tree fields."""
    comments: list[_Comment] = []
    children: dict[int, list[_Comment]] = {}
    for n, pk in enumerate(ids):
        candidates = [c for c in comments[-30:] if c.level < max_level]
        parent = rng.choice(candidates) if candidates and rng.random() < 0.45 else None
        comment = _Comment(
            pk=pk,
            content_type_id=content_type_id,
            object_pk=object_pk,
            user_id=rng.choice(users),
            text=_text(rng, 25, pk),
            submit_date=start + timedelta(minutes=37 * n + 1),
            parent_id=parent.pk if parent else pk,
        )
        if parent is not None:
            comment.level = parent.level + 1
            children.setdefault(parent.pk, []).append(comment)
        comments.append(comment)

    def number(comment: _Comment, thread_id: int, order: int) -> int:
        """Depth first, replies in posting order: the order comments-xtd gives them."""
        comment.thread_id, comment.order = thread_id, order
        next_order = order + 1
        for child in children.get(comment.pk, []):
            next_order = number(child, thread_id, next_order)
        comment.nested_count = next_order - order - 1
        return next_order

    for comment in comments:
        if comment.level == 0:
            number(comment, comment.pk, 1)
    return comments


def _big_idea_id(ideas) -> int:
    return next(i.pk for i in ideas if getattr(i, "big", False))


def _write_ideas(ideas, supports, idea_comments, changes, log):
    log("Writing ideas")
    for idea in ideas:
        idea.comment_count = idea_comments.get(idea.pk, 0)
    insert_rows(
        Idea,
        [
            "id",
            "space",
            "title",
            "description",
            "category",
            "department",
            "district",
            "location",
            "author",
            "status",
            "first_decided_on",
            "first_answered_on",
            "support_count",
            "comment_count",
            "created",
            "updated",
            "edited_at",
            "removed_at",
            "removed_by",
            "removal_reason",
            "description_html",
            "search_text",
        ],
        (
            (
                i.pk,
                i.space_id,
                i.title,
                i.description,
                i.category_id,
                None,
                "",
                "",
                i.author_id,
                i.status,
                i.first_decided_on,
                i.first_answered_on,
                i.support_count,
                i.comment_count,
                i.created,
                i.created,
                None,
                None,
                None,
                "",
                # Stored when written, as Idea.save() does (ideen.text, `render_user_text`).
                str(render_plain_text(i.description)),
                stemmed_text(i.title, i.description),
            )
            for i in ideas
        ),
    )


def _write_supports(supports, log):
    log("Writing supports")
    ids = _Ids(IdeaSupport).take(len(supports))
    insert_rows(
        IdeaSupport,
        ["id", "idea", "user", "created"],
        (
            (pk, idea.pk, user, idea.created + timedelta(hours=1 + pk % 2000))
            for pk, (user, idea) in zip(ids, supports, strict=True)
        ),
    )


def _write_status_changes(changes, log):
    log("Writing status changes")
    columns = [
        "id",
        "idea",
        "from_status",
        "to_status",
        "reason",
        "deciding_body",
        "recorded_by",
        "decided_on",
        "created",
        "link",
        "corrects",
        "merged_into",
    ]
    insert_rows(
        StatusChange,
        columns,
        (
            (
                c["id"],
                c["idea"],
                c["from_status"],
                c["to_status"],
                c["reason"],
                c["deciding_body"],
                None,
                c["decided_on"],
                c["created"],
                "",
                c["corrects"],
                None,
            )
            for c in changes
        ),
    )


def _write_comments(comments, log):
    log("Writing comments")
    insert_rows(
        Comment,
        [
            "id",
            "content_type",
            "object_pk",
            "site",
            "user",
            "user_name",
            "user_email",
            "user_url",
            "comment",
            "submit_date",
            "ip_address",
            "is_public",
            "is_removed",
        ],
        (
            (
                c.pk,
                c.content_type_id,
                c.object_pk,
                settings.SITE_ID,
                c.user_id,
                f"Teilnehmende {c.user_id}",
                "",
                "",
                c.text,
                c.submit_date,
                None,
                True,
                False,
            )
            for c in comments
        ),
    )
    insert_rows(
        XtdComment,
        ["comment_ptr", "thread_id", "parent_id", "level", "order", "followup", "nested_count"],
        (
            (c.pk, c.thread_id, c.parent_id, c.level, c.order, False, c.nested_count)
            for c in comments
        ),
    )
    # Every comment has its state row with the HTML rendered when written (diskussion.signals).
    log("Rendering comments")
    insert_rows(
        CommentState,
        ["comment", "removal_reason", "text_html"],
        ((c.pk, "", str(render_comment(c.text))) for c in comments),
    )
