"""Full-text search: what a user typed as a safe query (SQLite FTS5 or PostgreSQL), and filters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Float, String, Text, TextualSelect, func, text

from storylens.errors import StoreError
from storylens.store import schema as t
from storylens.store.rows import to_utc

_FTS_OPERATORS = {"AND", "OR", "NOT"}

#: What PostgreSQL indexes and matches: the migration's index and the query must use the same
#: expression, or the planner cannot use the index.
POSTGRES_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || body)"


def fts_query(query: str) -> str:
    """A safe FTS5 query from what a user typed: words and "quoted phrases", all required.

    Each term is quoted so punctuation ("U.S.", "co-op") cannot break FTS5's syntax; AND, OR
    and NOT in capitals keep their meaning, and a trailing * keeps prefix search.
    """
    parts = []
    for term in re.findall(r'"[^"]*"|\S+', query):
        if term in _FTS_OPERATORS:
            parts.append(term)
            continue
        prefix = term.endswith("*") and len(term) > 1
        bare = term.strip('"').rstrip("*").replace('"', '""')
        if bare.strip():
            parts.append(f'"{bare}"' + ("*" if prefix else ""))
    while parts and parts[-1] in _FTS_OPERATORS:
        parts.pop()
    while parts and parts[0] in _FTS_OPERATORS:
        parts.pop(0)
    return " ".join(parts)


def websearch_query(query: str) -> str:
    """What a user typed, for PostgreSQL's ``websearch_to_tsquery``: it reads "phrases", OR and
    -word itself and never fails on syntax; AND and NOT in capitals become what it understands,
    and FTS5's trailing * is dropped (PostgreSQL stems words instead).
    """
    words: list[str] = []
    negate = False
    for term in re.findall(r'"[^"]*"|\S+', query):
        if term in _FTS_OPERATORS:
            negate = term == "NOT"  # AND: every word is required already; OR: kept as is
            if term == "OR":
                words.append(term)
            continue
        words.append(("-" if negate else "") + term.rstrip("*"))
        negate = False
    return " ".join(words)


_FTS5_HITS = text(
    "SELECT article_id AS id, bm25(article_search) AS rank, "
    "snippet(article_search, 2, '[', ']', '…', 12) AS snippet "
    "FROM article_search WHERE article_search MATCH :match"
)
_POSTGRES_HITS = text(
    f"SELECT id, -ts_rank_cd({POSTGRES_DOCUMENT}, q) AS rank, "
    "ts_headline('english', body, q, 'StartSel=[, StopSel=], MaxWords=14, MinWords=6, "
    "MaxFragments=1, FragmentDelimiter=…') AS snippet "
    f"FROM articles, websearch_to_tsquery('english', :match) AS q WHERE {POSTGRES_DOCUMENT} @@ q"
)


def hits_query(dialect: str, query: str) -> tuple[TextualSelect, str]:
    """The store's matches for what a user typed: a query giving each matching article's
    ``id``, ``rank`` (best first when sorted ascending) and ``snippet`` (matches in [brackets]),
    and the text to bind to its ``:match``.
    """
    if dialect == "sqlite":
        hits, match = _FTS5_HITS, fts_query(query)
    elif dialect == "postgresql":
        hits, match = _POSTGRES_HITS, websearch_query(query)
    else:
        raise StoreError(f"full-text search is not available on {dialect} stores")
    if not match.strip():
        raise StoreError("empty search query: give at least one word")
    return hits.columns(id=String, rank=Float, snippet=Text), match


def metadata_filters(
    source: str | None, since: datetime | None, until: datetime | None
) -> Iterable[Any]:
    if source:
        yield func.lower(t.articles.c.outlet) == source.lower()
    if since:
        yield t.articles.c.published >= to_utc(since)
    if until:
        yield t.articles.c.published <= to_utc(until)
