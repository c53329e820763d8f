"""Load the demo content described by the data files in ``demo/content/`` (``manage.py load_demo``).

The files say *what* the demo contains; this module only knows *how* to store it. Every step
creates what is missing, finds existing things by a stable key (slug, user name, title) and
leaves them alone, so a second run changes nothing and editors' changes survive.

Demo data goes through the same services as real data: ideas, supports and follows through
``ideen.services``, decisions and milestones through ``transparenz.services``, comments and likes
through ``diskussion.services``. Where the demo deliberately departs from them, the code says so:

- *Backdating.* A living demo needs a history, so ideas, supports, follows, comments and likes
  are dated back after the service stored them, and decisions pass ``recorded_at``.
- *Closed periods.* Proposals and supports on projects whose participation has already ended
  happened "while it was open"; the services would refuse them today, so those rows are written
  as the services would write them (``_submit``, ``_support``, ``_follow``).
- *No e-mails.* Decisions are recorded with ``notify=False``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache, cached_property
from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from accounts.consent import has_current_consent, record_consent
from accounts.second_factor import ensure_demo_totp
from beteiligung.models import ProjectPage, ProjectState
from diskussion.services import add_comment, toggle_like
from home.districts import District
from home.models import ContentPage, FooterSettings, HomePage
from home.setup import ensure_site_root
from ideen import rules as idea_rules
from ideen import services as idea_services
from ideen.categories import seed_categories
from ideen.models import Category, Department, Idea, IdeaFollow, IdeaSupport
from ideen.staff import ensure_groups, sync_staff_membership
from ideen.text import sanitize_plain_text, sanitize_single_line
from orte.districts import CENTRES
from orte.geo import parse_point
from orte.places import import_places
from transparenz.groups import ensure_decision_team
from transparenz.models import StatusChange
from transparenz.services import add_progress_note, record_status_change

CONTENT = Path(__file__).with_name("content")
MEDIA = CONTENT / "media"

#: The page types the data files name, and their models: the one place to change when a page
#: type moves to another app.
PAGE_TYPES = {
    "content": "home.ContentPage",
    "accessibility_statement": "barrierefreiheit.AccessibilityStatementPage",
    "easy_language": "barrierefreiheit.EasyLanguagePage",
    "sign_language": "barrierefreiheit.SignLanguagePage",
    "project_index": "beteiligung.ProjectIndexPage",
    "project": "beteiligung.ProjectPage",
    "idea_platform": "ideen.IdeaPlatformPage",
    "decision_index": "transparenz.DecisionIndexPage",
    "statistics": "transparenz.StatisticsPage",
    "vorhaben_index": "vorhaben.VorhabenIndexPage",
}

#: The steps of a run, in order, inside one transaction; later steps use what earlier ones made.
DEMO_LOADERS = [
    "demo.loader.load_users",
    "demo.loader.load_places",
    "demo.loader.load_projects",
    "demo.loader.load_pages",
    "demo.loader.load_illustrations",
    "demo.loader.load_ideas",
    "demo.loader.load_decisions",
    "demo.loader.load_threads",
    "demo.vorhaben.load_vorhaben",
    "demo.vorhaben.load_participation_requests",
]

ADMIN_USERNAME = "admin"
EDITORS_GROUP = "Editors"
# Keys inside block values that name media or pages of the data files.
IMAGE_KEYS = {"image", "poster"}
DOCUMENT_KEYS = {"video", "captions"}
RICH_TEXT_KEYS = {"transcript"}
BLOCK_TAGS = ("<p", "<h2", "<h3", "<h4", "<ul", "<ol", "<div")
# Replies come shortly after what they answer.
MIN_GAP = timedelta(minutes=7)


def get_loaders() -> list[Callable]:
    return [import_string(path) for path in DEMO_LOADERS]


@cache
def read(name: str) -> dict:
    """One data file of demo/content/, parsed."""
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Account:
    """A demo account that can log in (users.yaml "accounts")."""

    username: str
    email: str
    display_name: str
    password: str
    role: str


def accounts() -> list[Account]:
    """The demo accounts that can log in, with their passwords: `make run` prints them."""
    fields = Account.__dataclass_fields__
    return [
        Account(**{key: value for key, value in entry.items() if key in fields})
        for entry in read("users.yaml")["accounts"]
    ]


@dataclass
class DemoRun:
    """State shared by the steps of one run."""

    log: Callable[[str], None] = print
    today: date = field(default_factory=timezone.localdate)
    now: datetime = field(default_factory=timezone.now)
    created: list[str] = field(default_factory=list)

    def note(self, kind: str, label: str) -> None:
        """Record that something new was created."""
        self.created.append(f"{kind}: {label}")
        self.log(f"  + {kind}: {label}")

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    @cached_property
    def home(self) -> HomePage:
        return ensure_site_root()

    @property
    def author(self):
        """The demo administrator, named as the author of demo revisions (None before it exists)."""
        return get_user_model().objects.filter(username=ADMIN_USERNAME).first()

    def users(self) -> dict:
        return {user.username: user for user in get_user_model().objects.all()}

    def page(self, slug: str) -> Page | None:
        return Page.objects.descendant_of(self.home).filter(slug=slug).first()


# Pages, rich text and blocks


def ensure_page(run: DemoRun, parent: Page, entry: dict) -> Page:
    """The child of `parent` with the entry's slug; created and published from the entry if missing.

    Existing pages are left alone, except an untouched plain content page (one revision) where
    the data now asks for a special page type: an earlier demo made it, so it is replaced.
    """
    model = apps.get_model(PAGE_TYPES[entry["type"]])
    existing = parent.get_children().filter(slug=entry["slug"]).first()
    if (
        existing is not None
        and model is not ContentPage
        and existing.specific_class is ContentPage
        and existing.revisions.count() <= 1
    ):
        existing.delete()
        run.note("replaced page", f"{existing.url_path} (now a special page type)")
        existing = None
    if existing is not None:
        return existing.specific
    page = model(**page_fields(run, model, entry))
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=run.author, log_action=True).publish(user=run.author)
    run.note("page", page.url or page.url_path)
    return page


def page_fields(run: DemoRun, model, entry: dict) -> dict:
    """Model field values from a data entry: dates as days from today, rich text, blocks, rows."""
    values = {}
    for name, value in entry.items():
        if name in ("type", "footer_link"):
            continue
        model_field = model._meta.get_field(name)
        if model_field.one_to_many:  # child rows, e.g. a project's phases
            child = model_field.related_model
            value = [
                child(**page_fields(run, child, row), sort_order=position)
                for position, row in enumerate(value)
            ]
        elif isinstance(model_field, StreamField):
            value = blocks(run, value)
        elif isinstance(model_field, RichTextField):
            value = rich_text(run, value)
        elif isinstance(model_field, models.DateField) and isinstance(value, int):
            value = run.day(value)
        elif isinstance(model_field, models.ForeignKey):  # a project's Aktionsfeld, by name
            value = Category.objects.filter(name=value, parent__isnull=True).first()
        values[name] = value
    return values


def rich_text(run: DemoRun, items: str | list) -> str:
    """Wagtail's rich text HTML from the data's list ("## " heading, {ul: [...]}, paragraphs)."""
    if isinstance(items, str):
        items = [items]
    html = []
    for item in items:
        if isinstance(item, dict):
            ((tag, entries),) = item.items()
            html.append(
                f"<{tag}>" + "".join(f"<li>{entry}</li>" for entry in entries) + f"</{tag}>"
            )
        elif item.startswith("### "):
            html.append(f"<h3>{item[4:]}</h3>")
        elif item.startswith("## "):
            html.append(f"<h2>{item[3:]}</h2>")
        elif item.startswith(BLOCK_TAGS):
            html.append(item)
        else:
            html.append(f"<p>{item}</p>")
    return _page_links(run, "".join(html))


def _page_links(run: DemoRun, html: str) -> str:
    """`<a page="slug">` becomes a Wagtail page link (plain text when the page is missing)."""

    def link(match) -> str:
        page = run.page(match[1])
        if page is None:
            return match[2]
        return f'<a linktype="page" id="{page.pk}">{match[2]}</a>'

    return re.sub(r'<a page="([^"]+)">(.*?)</a>', link, html)


def blocks(run: DemoRun, items: list[dict]) -> list[dict]:
    """StreamField data from the data's blocks, with pages and media resolved to their ids."""
    result = []
    for block in items:
        kind, value = block["type"], block.get("value")
        if kind == "rich_text":
            value = rich_text(run, value)
        elif kind == "project_teasers" and value.get("projects") == "open":
            open_projects = [page.pk for page in _open_projects(run)]
            if not open_projects:
                continue  # nothing open on the load day: no teaser
            value = {**value, "projects": open_projects}
        elif kind == "call_to_action" and run.page(value["page"]) is None:
            continue
        elif isinstance(value, dict):
            value = {key: _resolve(run, key, item) for key, item in value.items()}
        result.append({"type": kind, "value": value})
    return result


def _resolve(run: DemoRun, key: str, value):
    if key == "page":
        return run.page(value).pk
    if key in IMAGE_KEYS:
        return media(run, "images", value).pk
    if key in DOCUMENT_KEYS:
        return media(run, "documents", value).pk
    if key == "documents":
        return [media(run, "documents", item).pk for item in value]
    if key in RICH_TEXT_KEYS:
        return rich_text(run, value)
    return value


def _open_projects(run: DemoRun) -> list[ProjectPage]:
    index = run.page(read("projects.yaml")["index"]["slug"])
    if index is None:
        return []
    return list(ProjectPage.objects.child_of(index).live().in_state(ProjectState.OPEN))


def root_collection() -> Collection:
    """Wagtail's root collection; recreated when a flushed test database lost it."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def media(run: DemoRun, kind: str, key: str):
    """The media.yaml image or document with this key: found by title, or made from its file."""
    entry = next(item for item in read("media.yaml")[kind] if item["key"] == key)
    model = get_image_model() if kind == "images" else get_document_model()
    existing = model.objects.filter(title=entry["title"]).first()
    if existing is not None:
        return existing
    content = (MEDIA / entry["file"]).read_bytes()
    item = model(title=entry["title"], collection=root_collection())
    if kind == "images":
        item.file = ImageFile(ContentFile(content), name=entry["file"])
        item._set_image_file_metadata()
    else:
        item.file = ContentFile(content, name=entry["file"])
        item._set_document_file_metadata()
    item.save()
    run.note(kind[:-1], entry["title"])
    return item


# Step 1: people


def load_users(run: DemoRun) -> None:
    """Accounts with known passwords, then staff and citizens who cannot log in."""
    data = read("users.yaml")
    User = get_user_model()
    editors = _ensure_editors_group(run)
    hashes: dict[str, str] = {}  # hashing is slow on purpose; accounts share demo passwords
    for person in [*data["accounts"], *data["staff"], *data["citizens"]]:
        user = User.objects.filter(
            Q(username=person["username"]) | Q(email__iexact=person["email"])
        ).first()
        if user is None:
            user = User(
                username=person["username"],
                email=person["email"],
                display_name=person["display_name"],
                first_name=person.get("first_name", ""),
                last_name=person.get("last_name", ""),
                is_staff=person.get("superuser", False),
                is_superuser=person.get("superuser", False),
            )
            password = person.get("password")
            if password:
                hashes.setdefault(password, make_password(password))
                user.password = hashes[password]
            else:
                user.set_unusable_password()
            user.save()
            run.note("account", f"{user.username} ({person.get('role', 'cannot log in')})")
        if person.get("editor"):
            user.groups.add(editors)
        ensure_demo_totp(user)  # the admin requires a second factor; known demo keys
        if not has_current_consent(user):
            record_consent(user)  # demo people agreed to the demo's texts when they signed up
        if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
            has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=not has_primary
            )


def _ensure_editors_group(run: DemoRun) -> Group:
    """Wagtail's "Editors" group; rebuilt with Wagtail's default rights when a flush removed it."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        return group
    group = Group.objects.create(name=EDITORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    root = Page.get_first_root_node()
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.create(group=group, page=root, permission_type=permission_type)
    for permission in Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "choose")
            for model in ("image", "document")
        ],
    ):
        GroupCollectionPermission.objects.create(
            group=group, collection=root_collection(), permission=permission
        )
    run.note("group", EDITORS_GROUP)
    return group


# Step 2 and 3: pages


def ortsteil_rows() -> str:
    """The Ortsteile at the centres the overview maps use (orte.districts), as gazetteer CSV."""
    rows = ["name;latitude;longitude;kind;district"]
    for code, point in CENTRES.items():
        name = "Kleve" if code == District.KERNSTADT else District(code).label
        rows.append(f"{name};{point.latitude};{point.longitude};ortsteil;{code}")
    return "\n".join(rows) + "\n"


def load_places(run: DemoRun) -> None:
    """The gazetteer: the Ortsteile and the named places the demo proposals use (a CSV file in
    the format of the city's GIS export, README "Places and maps"). Places editors changed stay."""
    created = 0
    with (CONTENT / "orte.csv").open(encoding="utf-8", newline="") as stream:
        sources = {"orte.districts": io.StringIO(ortsteil_rows()), "orte.csv": stream}
        for source, text in sources.items():
            report = import_places(text, update=False)
            if report.errors:  # the data is part of the code; tests keep it clean
                raise ValueError(f"{source}: {report.errors}")
            created += report.created
    if created:
        run.note("places", f"{created} in the gazetteer")


def load_projects(run: DemoRun) -> None:
    """The project index below the home page and the project pages below it."""
    data = read("projects.yaml")
    index = ensure_page(run, run.home, data["index"])
    for entry in data["projects"]:
        ensure_page(run, index, entry)


def load_pages(run: DemoRun) -> None:
    """Content and footer pages, the footer settings and the home page's welcome text."""
    data = read("pages.yaml")
    footer_pages = {}
    for entry in data["pages"]:
        page = ensure_page(run, run.home, entry)
        if "footer_link" in entry:
            footer_pages[entry["footer_link"]] = page

    site = Site.objects.get(is_default_site=True)
    settings, created = FooterSettings.objects.get_or_create(
        site=site, defaults={"contact_text": data["footer"]["contact_text"]}
    )
    missing = [name for name in footer_pages if getattr(settings, f"{name}_id") is None]
    for name in missing:  # links editors chose stay
        setattr(settings, name, footer_pages[name])
    if missing:
        settings.save()
    if created or missing:
        run.note("footer settings", ", ".join(missing) or "created")

    home = run.home
    if not home.intro.strip():  # unless an editor has written one
        home.intro = rich_text(run, data["home"]["intro"])
        home.save_revision(user=run.author, log_action=True).publish(user=run.author)
        run.note("home page", "introduction")


def load_illustrations(run: DemoRun) -> None:
    """The demo's illustrations on the home page and the projects, where a page has no image.

    Only a page without an image gets one (an image an editor chose stays); the page is
    published again, which renews the cached pages that show it.
    """
    fields = {"home": "hero_image"}
    for entry in read("media.yaml")["illustrations"]:
        page = run.home if entry["page"] == "home" else run.page(entry["page"])
        if page is None:
            continue
        page = page.specific
        field = fields.get(entry["page"], "image")
        if getattr(page, f"{field}_id") is not None:
            continue
        setattr(page, field, media(run, "images", entry["image"]))
        setattr(page, f"{field}_alt", entry["alt"])
        setattr(page, f"{field}_credit", entry["credit"])
        page.save_revision(user=run.author, log_action=True).publish(user=run.author)
        run.note("illustration", page.url or page.url_path)


# Step 4: ideas and proposals


def load_ideas(run: DemoRun) -> None:
    """The idea platform with the staff's ideas, and citizens' proposals on the projects."""
    data = read("ideas.yaml")
    ensure_groups()
    created = seed_categories(Category)
    if created:
        run.note("categories", f"{created} from the Maßnahmenkatalog")
    departments = {}
    for name in data["departments"]:
        departments[name], created = Department.objects.get_or_create(name=name)
        if created:
            run.note("department", name)
    people = read("users.yaml")
    names = [p["username"] for p in (*people["accounts"], *people["staff"], *people["citizens"])]
    users = {name: user for name, user in run.users().items() if name in names}
    for user in users.values():  # the site's own rule decides who is staff
        sync_staff_membership(user)

    platform = ensure_page(run, run.home, data["platform"])
    categories = {category.name: category for category in Category.objects.all()}
    for entry in data["ideas"]:
        if Idea.objects.filter(space=platform, title=entry["title"]).exists():
            continue
        moment = run.now - timedelta(days=entry["days_ago"], hours=entry["hours_ago"])
        idea = _submit(
            platform,
            users[entry["author"]],
            moment,
            title=entry["title"],
            description=entry["text"],
            category=categories[entry["category"]],
            department=departments[entry["department"]],
        )
        if entry.get("edited"):
            Idea.objects.filter(pk=idea.pk).update(edited_at=moment + timedelta(hours=3))
        for name in entry["supporters"]:
            _support(idea, users[name], moment)
        _count_supports(idea)
        run.note("idea", entry["title"])

    subcategories = {c.name: c for c in Category.objects.filter(parent__isnull=False)}
    for slug, proposals in data["proposals"].items():
        project = ProjectPage.objects.descendant_of(run.home).filter(slug=slug).first()
        if project is None or not (project.participation_start and project.participation_end):
            continue
        existing = set(Idea.objects.filter(space=project).values_list("title", flat=True))
        last = min(run.now, _at(project.participation_end, "22:00"))
        for entry in proposals:
            if entry["title"] in existing:
                if "point" in entry:  # a demo loaded before proposals had points gets them
                    point = parse_point(entry["point"])
                    Idea.objects.filter(
                        space=project, title=entry["title"], latitude__isnull=True
                    ).update(latitude=point.latitude, longitude=point.longitude)
                continue
            moment = _at(project.participation_start + timedelta(days=entry["day"]), entry["at"])
            if moment > last:  # the participation has not got that far yet
                continue
            idea = _submit(
                project,
                users[entry["author"]],
                moment,
                title=entry["title"],
                description=entry["text"],
                category=subcategories[entry["category"]],
                district=entry.get("district", ""),
                location=entry.get("location", ""),
                point=parse_point(entry["point"]) if "point" in entry else None,
            )
            for name in entry.get("followers", []):
                _follow(idea, users[name], moment)
            # Supports spread evenly over the time between the proposal and the period's end.
            supporters = entry["supporters"]
            span = max((last - moment).total_seconds(), 60)
            for position, name in enumerate(supporters, start=1):
                offset = timedelta(seconds=span * position / (len(supporters) + 1))
                _support(idea, users[name], min(moment + offset, last))
            _count_supports(idea)
            run.note("proposal", f"{entry['title']} ({slug})")


def _submit(space, author, moment: datetime, **fields) -> Idea:
    """Hand in an idea through ideen.services and date it (and the author's follow) back."""
    if idea_rules.can_submit(author, space):
        idea = idea_services.submit_idea(space=space, author=author, **fields)
    else:
        # A participation that has ended: the proposal belongs to its history, written as
        # submit_idea writes it (sanitised, the author follows).
        fields["title"] = sanitize_single_line(fields["title"])
        fields["description"] = sanitize_plain_text(fields["description"])
        fields["location"] = sanitize_single_line(fields.get("location", ""))
        idea = Idea.objects.create(space=space, author=author, **fields)
        IdeaFollow.objects.get_or_create(idea=idea, user=author)
    Idea.objects.filter(pk=idea.pk).update(created=moment)
    IdeaFollow.objects.filter(idea=idea, user=author).update(created=moment)
    idea.created = moment
    return idea


def _support(idea: Idea, user, moment: datetime) -> None:
    """Support through ideen.services while the space is open, else as history; dated back."""
    if idea_rules.can_support(user, idea):
        idea_services.set_support(idea, user=user, support=True)
    elif user.pk != idea.author_id:
        IdeaSupport.objects.get_or_create(idea=idea, user=user)
    IdeaSupport.objects.filter(idea=idea, user=user).update(created=moment)


def _follow(idea: Idea, user, moment: datetime) -> None:
    if idea_rules.can_follow(user, idea):
        idea_services.set_follow(idea, user=user, follow=True)
    else:
        IdeaFollow.objects.get_or_create(idea=idea, user=user)
    IdeaFollow.objects.filter(idea=idea, user=user).update(created=moment)


def _count_supports(idea: Idea) -> None:
    """The counter, recounted: supports written as history bypassed set_support's counting."""
    Idea.objects.filter(pk=idea.pk).update(support_count=idea.supports.count())


def _at(day: date, clock: str) -> datetime:
    """An aware moment on `day` at the local clock time `clock` ("HH:MM")."""
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


# Step 5: decisions


def load_decisions(run: DemoRun) -> None:
    """The decisions and statistics pages, then the status trails of ideas and proposals."""
    data = read("decisions.yaml")
    ensure_decision_team()
    for entry in data["pages"]:
        ensure_page(run, run.home, entry)
    recorder = get_user_model().objects.filter(username=data["recorded_by"]).first()
    platform = run.page(read("ideas.yaml")["platform"]["slug"])
    targets: list[tuple[Page, list, Callable[[Idea], date]]] = []
    if platform is not None:
        targets.append((platform, data["ideas"], lambda idea: timezone.localdate(idea.created)))
    projects = ProjectPage.objects.descendant_of(run.home).filter(
        slug__in=data["proposals"], participation_end__lt=run.today
    )
    for project in projects:
        ends = project.participation_end
        targets.append((project, data["proposals"][project.slug], lambda idea, ends=ends: ends))
    for space, trails, begins in targets:
        ideas = {idea.title: idea for idea in Idea.objects.filter(space=space)}
        for trail in trails:
            idea = ideas.get(trail["idea"])
            if idea is None or StatusChange.objects.filter(idea=idea).exists():
                continue
            _record(run, trail, idea, ideas, recorder, data["deciding_body"], begins(idea))
            run.note("status trail", f"{trail['idea']} → {Idea.Status(idea.status).label}")


def _record(run, trail: dict, idea: Idea, ideas: dict, recorder, body: str, begins: date) -> None:
    """Record the trail's steps and notes in date order, `days` counted from `begins`."""
    events = [(step["days"], 0, step) for step in trail["steps"]]
    events += [(note["days"], 1, note) for note in trail.get("notes", [])]
    for days, is_note, event in sorted(events, key=lambda item: item[:2]):
        day = min(max(begins + timedelta(days=days), timezone.localdate(idea.created)), run.today)
        moment = timezone.make_aware(datetime.combine(day, time(12, 0)))  # noon, never ahead
        if is_note:
            add_progress_note(
                idea, text=event["text"], recorded_by=recorder, on=day, recorded_at=moment
            )
            continue
        by_author = event.get("by_author", False)
        record_status_change(
            idea,
            to_status=event["status"],
            recorded_by=idea.author if by_author else recorder,
            reason=event.get("reason", ""),
            deciding_body=event.get("body", "" if by_author else body),
            decided_on=day,
            merged_into=ideas.get(event.get("merged_into", "")),
            by_author=by_author,
            notify=False,  # the demo sends no e-mails
            recorded_at=moment,
        )


# Step 6: comment threads


def load_threads(run: DemoRun) -> None:
    """Comment threads on ideas, projects and proposals that have none of their authors yet."""
    users = run.users()
    for target, thread, begins, latest in _thread_targets(run):
        authors = {users[name].pk for name in _names(thread, "author") if name in users}
        if XtdComment.objects.filter(
            content_type=ContentType.objects.get_for_model(target),
            object_pk=str(target.pk),
            user_id__in=authors,
        ).exists():
            continue
        added = sum(_comment(target, spec, users, begins, latest, None) for spec in thread)
        if added:
            run.note("comments", f"{added} on {target.title}")


def _thread_targets(run: DemoRun) -> Iterator[tuple[object, list, datetime, datetime]]:
    """Everything with a thread, when its discussion began and the latest possible moment.

    Internal ideas are discussed until now; projects and their proposals only during the
    participation period, and projects whose participation has not begun get no thread.
    """
    data = read("threads.yaml")
    latest_now = _whole_minute(run.now) - timedelta(minutes=1)
    platform = run.page(read("ideas.yaml")["platform"]["slug"])
    if platform is not None:
        ideas = Idea.objects.filter(space=platform, title__in=data["ideas"])
        for idea in ideas.order_by("created"):
            if idea.status != Idea.Status.WITHDRAWN:
                yield idea, data["ideas"][idea.title], idea.created, latest_now
    projects = (
        ProjectPage.objects.live()
        .descendant_of(run.home)
        .filter(
            slug__in={*data["projects"], *data["proposals"]},
            participation_start__lte=run.today,
            participation_end__isnull=False,
        )
    )
    for project in projects.order_by("participation_start"):
        begins = _at(project.participation_start, "08:00")
        latest = min(latest_now, _at(project.participation_end, "22:00"))
        if project.slug in data["projects"] and project.offers_comments:
            yield project, data["projects"][project.slug], begins, latest
        threads = data["proposals"].get(project.slug, {})
        for idea in Idea.objects.filter(space=project, title__in=threads).order_by("created"):
            yield idea, threads[idea.title], idea.created, latest


def _comment(target, spec: dict, users: dict, begins: datetime, latest, parent) -> int:
    """Post one comment and its replies through diskussion.services; return how many."""
    author = users.get(spec["author"])
    if author is None:  # an account the data does not create; leave the branch out
        return 0
    moment = _at(timezone.localdate(begins) + timedelta(days=spec["day"]), spec["at"])
    earliest = _whole_minute(parent.submit_date if parent else begins) + MIN_GAP
    moment = max(min(moment, latest), earliest)
    if moment > latest:  # no room left in the period (or before now) for this comment
        return 0
    comment = add_comment(target, author, spec["text"], parent=parent, submit_date=moment)
    for name in spec.get("likes", []):
        liker = users.get(name)
        if liker is not None and liker.pk != author.pk:
            toggle_like(comment, liker)
    # Backdated with the comment, two hours later (never after the period or now).
    comment.flags.filter(flag=LIKEDIT_FLAG).update(
        flag_date=min(moment + timedelta(hours=2), max(latest, moment))
    )
    return 1 + sum(
        _comment(target, reply, users, begins, latest, comment) for reply in spec.get("replies", [])
    )


def _whole_minute(moment: datetime) -> datetime:
    """The next full minute (dates in threads show minutes)."""
    if moment.second or moment.microsecond:
        moment += timedelta(minutes=1)
    return moment.replace(second=0, microsecond=0)


def _walk(comments: Iterable[dict]) -> Iterator[dict]:
    for comment in comments:
        yield comment
        yield from _walk(comment.get("replies", []))


def _names(thread: list[dict], key: str) -> set[str]:
    return {comment[key] for comment in _walk(thread)}
