"""The demo's Vorhabenliste: all 42 projects of the Maßnahmenkatalog as Vorhaben with reports.

Deterministic: states, dates, done measures and report texts follow from the catalogue, the
position of a project in it and the day of the run (``DemoRun.today``); the few exceptions are
in ``demo/content/vorhaben.yaml``. Reports go through ``vorhaben.services.report_progress``,
dated in the past and in order. A Vorhaben that exists (by slug) is left alone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.utils.text import slugify

from beteiligung.models import ProjectPage
from ideen.categories import load_catalogue, seed_categories
from ideen.models import Category, Department, Idea
from vorhaben.models import (
    CouncilPaper,
    IdeaLink,
    Measure,
    ParticipationRequest,
    Status,
    VorhabenPage,
)
from vorhaben.services import (
    answer_participation,
    participation_threshold,
    report_progress,
    request_participation,
)

from .loader import DemoRun, ensure_page, read


def load_vorhaben(run: DemoRun) -> None:
    """The Vorhabenliste below the home page and one Vorhaben per catalogue project."""
    data = read("vorhaben.yaml")
    seed_categories(Category)
    index = ensure_page(run, run.home, data["index"])
    existing = set(index.get_children().values_list("slug", flat=True))
    linked_projects: set[int] = set()
    for number, (field, project) in enumerate(_catalogue_projects()):
        slug = slugify(project["titel"])[:80]
        if slug in existing:
            continue
        _create(run, index, data, number, field, project, slug, linked_projects)
        run.note("Vorhaben", project["titel"])


def load_participation_requests(run: DemoRun) -> None:
    """Citizens' requests for participation on planned Vorhaben (``vorhaben.yaml``), through the
    service; one Vorhaben answered by the city, one waiting for the answer. A Vorhaben that
    already has requests is left alone."""
    data = read("vorhaben.yaml")["participation"]
    users = run.users()
    people = [
        users[person["username"]]
        for group in ("citizens", "accounts", "staff")
        for person in read("users.yaml")[group]
        if person["username"] in users and not person.get("superuser") and not person.get("editor")
    ]
    if len(people) < participation_threshold():
        run.log(
            f"  Only {len(people)} demo people: the participation threshold "
            f"({participation_threshold()}) is not reached."
        )
    for number, entry in enumerate(data["requests"]):
        page = VorhabenPage.objects.filter(title=entry["vorhaben"]).first()
        if page is None or page.status != Status.PLANNED:
            continue
        if page.participation_answered_on or ParticipationRequest.objects.filter(vorhaben=page):
            continue
        count = min(entry["people"], len(people))
        for position, user in enumerate(people[number : number + count]):
            days = entry["last_days_ago"] + 2 * (count - 1 - position)
            request_participation(
                page,
                user=user,
                reason=data["reasons"][(number + position) % len(data["reasons"])],
                at=run.now - timedelta(days=days, hours=position),
            )
        answer = entry.get("answer")
        if answer:
            newest = page.reports.order_by("-date").values_list("date", flat=True).first()
            projects = list(page.projects.all()[:1]) or list(
                ProjectPage.objects.live().order_by("path")[:1]
            )
            answer_participation(
                page,
                author=run.author,
                decision=answer["decision"],
                text=answer["text"],
                project=projects[0] if projects else None,
                on=max(filter(None, [newest, run.today - timedelta(days=7)])),
            )
        run.note("Anregungen zur Beteiligung", page.title)


def _catalogue_projects():
    for area in load_catalogue()["wirkungsbereiche"]:
        for field in area["aktionsfelder"]:
            for project in field["projekte"]:
                yield field, project


def _department(responsible: str) -> Department:
    match = re.search(r"Fachbereich \d+ – Abteilung [\d.]+", responsible) or re.search(
        r"Fachbereich(?:e)? (\d+)", responsible
    )
    if match is None:
        name = responsible.split(",")[0].strip()
    elif match.group(0).startswith("Fachbereiche"):
        name = f"Fachbereich {match.group(1)}"
    else:
        name = match.group(0)
    department, _ = Department.objects.get_or_create(name=name[:120])
    return department


def _status(data: dict, title: str, years: list[int], today: date) -> str:
    if title in data["dropped"]:
        return Status.DROPPED
    if title in data["deferred"]:
        return Status.DEFERRED
    if title in data["planned"] or (len(years) >= 2 and min(years) > today.year):
        return Status.PLANNED
    if years and max(years) < today.year:
        return Status.COMPLETED
    return Status.IN_PROGRESS


def _create(run, index, data, number, field, project, slug, linked_projects) -> VorhabenPage:
    today = run.today
    title = project["titel"]
    measures = project["einzelmassnahmen"]
    years = [int(year) for year in re.findall(r"20\d\d", project["zeitraum"])]
    status = _status(data, title, years, today)
    category = Category.objects.filter(name=field["name"], parent=None).first()
    department = _department(project["zustaendigkeit"])
    planned = date(max(years), 12, 31) if years else None
    estimated = None
    if status == Status.IN_PROGRESS and planned and number % 4 == 2:
        estimated = planned + timedelta(days=181)  # running late
    page = VorhabenPage(
        title=title,
        slug=slug,
        intro=(
            f"Digitalisierungsprojekt {project['nummer']} im Aktionsfeld „{field['name']}“ des "
            f"Maßnahmenkatalogs kleve.digital 2030 mit {len(measures)} "
            f"{'Einzelmaßnahme' if len(measures) == 1 else 'Einzelmaßnahmen'}."
        ),
        field_of_action=category,
        department=department,
        district=data["districts"].get(title, ""),
        period=project["zeitraum"].strip().rstrip(".")[:200],
        planned_completion=planned,
        estimated_completion=estimated,
        budget=Decimal(20000 + 2500 * number) if number % 5 == 0 else None,
        live=False,
    )
    index.add_child(instance=page)

    # Reports: the newest a few days to four months ago, earlier ones two to five months apart.
    newest = today - timedelta(days=3 + (number * 37) % 120)
    count = {
        Status.PLANNED: 1,
        Status.DROPPED: 1,
        Status.DEFERRED: 2,
        Status.IN_PROGRESS: 3 if number % 5 == 0 else 2,
        Status.COMPLETED: 3,
    }[status]
    days = [newest - timedelta(days=(60 + (number * 13) % 90) * k) for k in range(count)][::-1]
    done = {
        Status.PLANNED: 0,
        Status.DROPPED: 0,
        Status.DEFERRED: 1,
        Status.IN_PROGRESS: max(1, len(measures) * (1 + number % 3) // 4),
        Status.COMPLETED: len(measures),
    }[status]
    for position, text in enumerate(measures):
        done_on = days[0] + timedelta(days=5 + 9 * position) if position < done else None
        if done_on and done_on > days[-1]:
            done_on = days[-1]
        page.measures.add(Measure(title=text[:300], done_on=done_on, sort_order=position))
    if number % 3 == 1:
        year = (days[-1]).year
        page.council_papers.add(
            CouncilPaper(
                title=(
                    f"Sachstandsbericht Digitalisierung {year}, Ausschuss für Personal und "
                    "Digitalisierung"
                ),
                url=f"https://www.kleve.de/ratsinfo/vorlagen/{year}-{100 + number}",
                sort_order=0,
            )
        )
    projects = list(ProjectPage.objects.filter(field_of_action=category).order_by("path")[:1])
    if projects and projects[0].pk not in linked_projects:
        linked_projects.add(projects[0].pk)
        page.projects.set(projects)
    ideas = Idea.objects.filter(category__name=title, category__parent=category).order_by("pk")
    for position, idea in enumerate(ideas[:3]):
        page.idea_links.add(IdeaLink(idea=idea, sort_order=position))
    page.save_revision(user=run.author, log_action=True).publish(user=run.author)

    _reports(run, data, page, status, days, measures, done)
    return page


def _reports(run, data, page, status, days, measures, done) -> None:
    author = run.author
    first, following = measures[0], measures[min(done, len(measures) - 1)]
    if status == Status.PLANNED:
        report_progress(
            page,
            author=author,
            on=days[0],
            text=(
                "Das Vorhaben ist in die Vorhabenliste aufgenommen. Als Erstes steht "
                f"„{first}“ an; die Planung wird im zuständigen Fachbereich vorbereitet."
            ),
        )
        return
    if status == Status.DROPPED:
        report_progress(
            page,
            author=author,
            on=days[0],
            new_status=Status.DROPPED,
            reason=data["dropped"][page.title],
            text="Das Vorhaben wird nicht weiterverfolgt.",
        )
        return
    report_progress(
        page,
        author=author,
        on=days[0],
        new_status=Status.IN_PROGRESS,
        text=f"Die Umsetzung hat begonnen. Die erste Einzelmaßnahme ist „{first}“.",
    )
    if status == Status.DEFERRED:
        report_progress(
            page,
            author=author,
            on=days[1],
            new_status=Status.DEFERRED,
            reason=data["deferred"][page.title],
            text=f"„{first}“ ist erledigt. Danach wird das Vorhaben zurückgestellt.",
        )
        return
    if status == Status.COMPLETED:
        report_progress(
            page,
            author=author,
            on=days[1],
            text=f"Sachstand: Die Arbeiten laufen nach Plan; als Nächstes folgt „{measures[-1]}“.",
        )
        report_progress(
            page,
            author=author,
            on=days[2],
            new_status=Status.COMPLETED,
            text=(
                f"Alle {len(measures)} Einzelmaßnahmen sind umgesetzt. Das Vorhaben ist "
                "abgeschlossen; der weitere Betrieb läuft im Regelbetrieb des Fachbereichs."
            ),
        )
        return
    # In progress: a progress report, sometimes with a correction of it.
    reported = done - 1 if len(days) == 3 and done > 1 else done
    progress = report_progress(
        page,
        author=author,
        on=days[1],
        text=(
            f"Sachstand: {reported} von {len(measures)} Einzelmaßnahmen sind erledigt. "
            f"Als Nächstes folgt „{following}“."
        ),
    )
    if len(days) == 3:
        report_progress(
            page,
            author=author,
            on=days[2],
            corrects=progress,
            text=(
                f"Korrektur: Richtig ist, dass bereits {done} von {len(measures)} "
                "Einzelmaßnahmen erledigt sind."
            ),
        )
