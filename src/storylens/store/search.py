"""Full-text search: turning what a user typed into a safe FTS5 query, and filters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func

from storylens.store import schema as t
from storylens.store.rows import to_utc

_FTS_OPERATORS = {"AND", "OR", "NOT"}


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


def metadata_filters(
    source: str | None, since: datetime | None, until: datetime | None
) -> Iterable[Any]:
    if source:
        yield func.lower(t.articles.c.outlet) == source.lower()
    if since:
        yield t.articles.c.published >= to_utc(since)
    if until:
        yield t.articles.c.published <= to_utc(until)
