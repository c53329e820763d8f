"""Ideas in the site search: German word stems on every database, and highlighting.

PostgreSQL matches with its own German full-text configuration (``to_tsvector('german', …)``,
each query word as a stemmed prefix) and ranks by it. SQLite has no stemming, so each idea
stores its words as Snowball stems
(``Idea.search_text``, written on save): " radweg sich hotspot ". A query word matches when a
stored stem starts with the query word's stem, so "Radwege" finds "Radweg", "Hotspots" finds
"Hotspot" and "Rad" finds "Radweg". Highlighting uses the same stems on both databases.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: The values of the type filter: ideas of internal spaces, proposals on public projects.
KIND_IDEA = "idee"
KIND_PROPOSAL = "vorschlag"
#: A query uses at most this many words; more only slow the search down.
MAX_QUERY_WORDS = 10
#: Words of the description shown around the first match.
SNIPPET_WORDS = 30

_WORD = re.compile(r"[^\W_]+")
_local = threading.local()


def _stemmer():
    # Snowball stemmers keep state while stemming: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return stemmer


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The German Snowball stem of a word, lower case ("Radwege" → "radweg")."""
    return _stemmer().stemWord(word.lower())


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def stemmed_text(*texts: str) -> str:
    """The distinct stems of the texts, space separated with a space at both ends."""
    stems = dict.fromkeys(stem(w) for text in texts for w in words(text))
    return f" {' '.join(stems)} " if stems else ""


def query_words(query: str) -> list[str]:
    """The words of a query (letters and digits), each once, at most ``MAX_QUERY_WORDS``."""
    return list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]


def _german_vector_and_query(terms: list[str]):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    vector = (
        SearchVector("title", weight="A", config="german")
        + SearchVector("description", weight="B", config="german")
        + SearchVector("location", weight="B", config="german")
    )
    # Each word as a stemmed prefix, all of them required, like the stems on SQLite.
    # The words are letters and digits only (``query_words``): safe in a raw tsquery.
    raw = " & ".join(f"{term}:*" for term in terms)
    return vector, SearchQuery(raw, config="german", search_type="raw")


def filter_ideas(ideas: QuerySet, query: str) -> QuerySet:
    """The ideas matching every word of the query by its German stem; the order is kept.

    A query without words filters nothing (the lists' search box left empty).
    """
    terms = query_words(query)
    if not terms:
        return ideas
    if connection.vendor == "postgresql":
        vector, search_query = _german_vector_and_query(terms)
        return ideas.annotate(document=vector).filter(document=search_query)
    for term in terms:
        ideas = ideas.filter(search_text__contains=f" {stem(term)}")
    return ideas


def search_ideas(ideas: QuerySet, query: str) -> QuerySet:
    """The ideas matching every word of the query, best first (PostgreSQL) or newest first."""
    terms = query_words(query)
    if not terms:
        return ideas.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        vector, search_query = _german_vector_and_query(terms)
        return (
            ideas.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)
            .order_by(F("rank").desc(), "-created", "-pk")
        )
    return filter_ideas(ideas, query).order_by("-created", "-pk")


def find_ideas(ideas: QuerySet, query: str, *, kind: str = "", status: str = "", space=None):
    """The given ideas matching the query and the filters of the site search.

    ``ideas`` must come through the gate (``Idea.objects.visible_to(user).listed()``).
    """
    from .models import internal_space_content_type_ids

    if kind:
        internal = Q(space__content_type_id__in=internal_space_content_type_ids())
        ideas = ideas.filter(internal) if kind == KIND_IDEA else ideas.exclude(internal)
    if status:
        ideas = ideas.filter(status=status)
    if space is not None:
        ideas = ideas.filter(space=space)
    return search_ideas(ideas.select_related("space"), query)


def _matches(word: str, stems: tuple[str, ...]) -> bool:
    own = stem(word)
    return any(own.startswith(s) for s in stems)


def highlight(text: str, query: str) -> SafeString:
    """The text escaped, with the words matching the query in ``<mark>``."""
    stems = tuple(stem(w) for w in query_words(query))
    parts = []
    position = 0
    for match in _WORD.finditer(text or ""):
        if stems and _matches(match.group(), stems):
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape((text or "")[position:]))
    return mark_safe("".join(parts))  # every piece of the text is escaped above


def snippet(text: str, query: str) -> SafeString:
    """About ``SNIPPET_WORDS`` words of the text around its first match, highlighted."""
    text = " ".join((text or "").split())
    stems = tuple(stem(w) for w in query_words(query))
    found = list(_WORD.finditer(text))
    first = next((i for i, m in enumerate(found) if stems and _matches(m.group(), stems)), 0)
    begin = max(0, first - SNIPPET_WORDS // 3)
    end = begin + SNIPPET_WORDS
    start_char = found[begin].start() if found and begin else 0
    end_char = found[end].start() if end < len(found) else len(text)
    excerpt = text[start_char:end_char].strip()
    prefix = "… " if start_char else ""
    suffix = " …" if end_char < len(text) else ""
    return mark_safe(f"{prefix}{highlight(excerpt, query)}{suffix}")  # highlight escapes
