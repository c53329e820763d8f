"""Similar ideas shown while someone writes a new one: "Gibt es das schon?".

Decidim had this as a separate step after the title and removed it: it was an extra step, it
matched poorly, it showed proposals hidden by moderation (a 404 behind the link) and it matched
a proposal with itself while it was edited. Here it is no step at all (the form posts directly;
the suggestions come beside it), and the candidates are:

- only ideas of the same space (a proposal on another project is no duplicate of this one, and
  supporting it follows that project's rules), through the one gate ``visible_to(user)`` and
  ``listed()`` (never removed by moderation, internal ones only for those who may read them);
- never the idea being edited;
- open or decided; an idea merged into another one is shown as the idea it was merged into
  (the survivor carries its supports), once, and only if the survivor passes the same gate;
- at most ``MAX_SUGGESTIONS``, and only above a score threshold (``SIMILARITY_THRESHOLD``).

Matching: on PostgreSQL the German full-text rank of the typed words (any of them, title
weighted over description) plus the trigram similarity of the titles (pg_trgm); on SQLite the
overlap of Snowball word stems (``ideen.search``; ``Idea.search_text`` holds each idea's stems),
weighted by how rare a stem is in the space. Both were measured on a labelled set of demo
proposals (tests/ideen/similar_pairs.yaml, tests/ideen/test_similar_quality.py).
"""

from __future__ import annotations

import math

from django.db import connection
from django.db.models import FloatField, QuerySet, Value
from django.db.models.functions import Greatest

from .models import Idea
from .search import MAX_QUERY_WORDS, stem, words

#: Suggestions shown at most: enough to recognise a duplicate, few enough to read.
MAX_SUGGESTIONS = 3
#: Ideas of one space compared at most (the newest): keeps each request cheap.
MAX_CANDIDATES = 500
#: Of a long description only the beginning counts: the gist is at the start.
MAX_DESCRIPTION_CHARS = 1000
#: Below this score an idea is not shown (see the module docstring; tuned on the labelled set).
SIMILARITY_THRESHOLD = {"sqlite": 0.3, "postgresql": 0.19}
#: SQLite: the share of the title's stems in the score (the rest: title and description).
TITLE_SHARE = 0.6
#: PostgreSQL: the weight of the titles' trigram similarity added to the full-text rank.
TRIGRAM_SHARE = 0.25

#: Words that say nothing about the content. PostgreSQL's German configuration drops its own.
_STOP_WORD_TEXT = (
    "der die das den dem des ein eine einer eines einem einen und oder aber auch als am an "
    "auf aus bei bis da dass durch für gegen hier im in ist mit nach nicht noch nur ob ohne "
    "sein sind so statt über um unter viel viele vom von vor war wäre wären was weil wenn "
    "wer wie wir würde würden zu zum zur es sie ich man mehr sehr sich schon dort dann kann "
    "könnte könnten sollte bitte alle allen gibt oft immer heute uns unsere mein meine"
)
STOP_WORDS = frozenset(stem(w) for w in _STOP_WORD_TEXT.split())


def content_stems(text: str) -> set[str]:
    """The stems of a text without stop words."""
    return {stem(w) for w in words(text)} - STOP_WORDS


def _typed(title: str, description: str) -> tuple[str, str]:
    return (title or "").strip()[:200], (description or "").strip()[:MAX_DESCRIPTION_CHARS]


def candidates(user, space, exclude=None) -> QuerySet:
    """The ideas of the space the user may read and that lists show, without ``exclude``."""
    ideas = Idea.objects.visible_to(user).listed().in_space(space)
    if exclude is not None:
        ideas = ideas.exclude(pk=getattr(exclude, "pk", exclude))
    return ideas


def _scored_sqlite(ideas: QuerySet, title: str, description: str) -> list[tuple[int, float]]:
    """(pk, score) of the best ideas by stem overlap, each stem weighted by its rarity."""
    typed_title = content_stems(title)
    typed_all = typed_title | content_stems(description)
    if not typed_title:
        return []
    rows = list(
        ideas.order_by("-created", "-pk").values_list("pk", "title", "search_text")[:MAX_CANDIDATES]
    )
    stems = [(pk, content_stems(t), set(text.split()) - STOP_WORDS) for pk, t, text in rows]
    total = len(stems)
    frequency: dict[str, int] = {}
    for _pk, _title, all_stems in stems:
        for s in all_stems:
            frequency[s] = frequency.get(s, 0) + 1

    def weight(s: str) -> float:
        return math.log(1 + total / frequency.get(s, 1))

    def cosine(a: set[str], b: set[str]) -> float:
        if not a or not b:
            return 0.0
        shared = sum(weight(s) ** 2 for s in a & b)
        norm_a = math.sqrt(sum(weight(s) ** 2 for s in a))
        norm_b = math.sqrt(sum(weight(s) ** 2 for s in b))
        return shared / (norm_a * norm_b)

    scored = []
    for pk, title_stems, all_stems in stems:
        score = TITLE_SHARE * cosine(typed_title, title_stems) + (1 - TITLE_SHARE) * cosine(
            typed_all, all_stems
        )
        scored.append((pk, score))
    return scored


def _scored_postgresql(ideas: QuerySet, title: str, description: str) -> list[tuple[int, float]]:
    """(pk, score) of the best ideas by German full-text rank plus title trigram similarity."""
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramSimilarity,
    )

    terms = list(dict.fromkeys(words(f"{title} {description}")))[: MAX_QUERY_WORDS * 3]
    if not words(title):
        return []
    vector = SearchVector("title", weight="A", config="german") + SearchVector(
        "description", weight="B", config="german"
    )
    # Any of the typed words; letters and digits only (``words``): safe in a raw tsquery.
    query = SearchQuery(" | ".join(terms), config="german", search_type="raw")
    # Normalisation 32 scales the rank to 0..1 (rank / (rank + 1)).
    rank = SearchRank(vector, query, normalization=Value(32))
    rows = (
        ideas.annotate(
            score=Greatest(
                rank + TrigramSimilarity("title", title) * TRIGRAM_SHARE,
                Value(0.0),
                output_field=FloatField(),
            )
        )
        .order_by("-score", "-pk")
        .values_list("pk", "score")[: MAX_SUGGESTIONS * 3]
    )
    return list(rows)


def scored(ideas: QuerySet, title: str, description: str = "") -> list[tuple[int, float]]:
    """(pk, score) of the ideas, best first, above the threshold of the database."""
    title, description = _typed(title, description)
    if connection.vendor == "postgresql":
        rows = _scored_postgresql(ideas, title, description)
    else:
        rows = _scored_sqlite(ideas, title, description)
    threshold = SIMILARITY_THRESHOLD.get(connection.vendor, SIMILARITY_THRESHOLD["sqlite"])
    rows = [(pk, score) for pk, score in rows if score >= threshold]
    return sorted(rows, key=lambda row: (-row[1], -row[0]))


def _survivors(merged_ids: list[int]) -> dict[int, int]:
    """For merged ideas, the idea each was merged into (from the status trail's newest merge)."""
    if not merged_ids:
        return {}
    # ``merged_from`` is the status trail's link (transparenz.StatusChange.merged_into); read by
    # name so this app need not import the one above it.
    pairs = (
        Idea.objects.filter(merged_from__idea__in=merged_ids)
        .order_by("merged_from__pk")
        .values_list("merged_from__idea", "pk")
    )
    return dict(pairs)


def similar_ideas(
    user, space, title: str, description: str = "", exclude=None, limit: int = MAX_SUGGESTIONS
) -> list[Idea]:
    """Up to ``limit`` ideas of the space like the typed text, best first, ready to display.

    Each comes with its author, category and space loaded and ``viewer_supports`` annotated;
    the number of queries does not depend on the number of ideas.
    """
    if not words(title):
        return []
    gate = candidates(user, space, exclude)
    ranked = scored(gate, title, description)[: limit * 3]
    if not ranked:
        return []
    ranked_ids = [pk for pk, _score in ranked]
    statuses = dict(Idea.objects.filter(pk__in=ranked_ids).values_list("pk", "status"))
    merged = [pk for pk, _ in ranked if statuses.get(pk) == Idea.Status.MERGED]
    survivors = _survivors(merged)
    chosen: list[int] = []
    for pk, _score in ranked:
        shown = survivors.get(pk) if pk in survivors else pk
        if pk in merged and pk not in survivors:
            shown = None
        if shown is not None and shown not in chosen:
            chosen.append(shown)
    # The survivors pass the same gate as everything else (and are never the edited idea).
    found = {
        idea.pk: idea for idea in gate.filter(pk__in=chosen).with_related().with_viewer_state(user)
    }
    result = [found[pk] for pk in chosen if pk in found][:limit]
    for idea in result:
        # All share the space: the rules read it from here instead of one query per idea.
        idea.__dict__["space_page"] = space
    return result
