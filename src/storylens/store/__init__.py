"""Store: articles, analyses and canonical entities in SQLite (WAL, FTS5) or PostgreSQL."""

from storylens.store.repository import Store
from storylens.store.search import fts_query

__all__ = ["Store", "fts_query"]
