"""How well the similar ideas beside the form find duplicates: a labelled set on the demo content.

``similar_pairs.yaml`` lists proposals and ideas as someone would type them, each with the demo
idea it duplicates or none. A case counts as found when the expected idea is among the shown
suggestions (at most three); a case without a duplicate counts as a false alarm when anything
is shown. Run on SQLite by default and on PostgreSQL with ``DATABASE_URL``; the floors below are
what both reach (the numbers are printed with ``-s``).
"""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from wagtail.models import Page

from home.setup import ensure_site_root
from ideen.models import Idea
from ideen.similar import similar_ideas
from tests.factories import StaffUserFactory

CASES = yaml.safe_load((Path(__file__).parent / "similar_pairs.yaml").read_text())["cases"]
PRECISION_FLOOR = 0.8
RECALL_FLOOR = 0.7


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for this module and rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        ensure_site_root()
        call_command("load_demo", force=True, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@dataclass
class Outcome:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    true_negatives: int = 0

    @property
    def precision(self) -> float:
        shown = self.true_positives + self.false_positives
        return self.true_positives / shown if shown else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def evaluate(reader) -> tuple[Outcome, list[str]]:
    outcome = Outcome()
    misses = []
    for case in CASES:
        space = Page.objects.get(slug=case["space"], pk__in=Idea.objects.values("space")).specific
        shown = [idea.title for idea in similar_ideas(reader, space, case["title"], case["text"])]
        expected = case["expected"]
        if expected is None:
            if shown:
                outcome.false_positives += 1
                misses.append(f"false alarm: {case['title']!r} -> {shown}")
            else:
                outcome.true_negatives += 1
        elif expected in shown:
            outcome.true_positives += 1
        else:
            outcome.false_negatives += 1
            misses.append(f"missed: {case['title']!r} -> {shown}, wanted {expected!r}")
            if shown:
                outcome.false_positives += 1
    return outcome, misses


def test_the_labelled_set_is_large_enough_and_names_demo_ideas(loaded_demo, db):
    assert len(CASES) >= 30
    assert sum(case["expected"] is None for case in CASES) >= 10
    titles = set(Idea.objects.values_list("title", flat=True))
    for case in CASES:
        assert case["expected"] is None or case["expected"] in titles, case


def test_precision_and_recall_on_the_demo_content(loaded_demo, db):
    reader = StaffUserFactory()  # reads the internal platform and every project
    outcome, misses = evaluate(reader)
    print(
        f"\n{connection.vendor}: precision {outcome.precision:.2f}, recall {outcome.recall:.2f} "
        f"({outcome})"
    )
    print("\n".join(misses))
    assert outcome.precision >= PRECISION_FLOOR, misses
    assert outcome.recall >= RECALL_FLOOR, misses
