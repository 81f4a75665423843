"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/`` create and change them.

One schema serves SQLite and PostgreSQL; SQLite's FTS5 index is created by the migration and
kept in step by :mod:`storylens.store.repository`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True),  # content hash
    Column("external_id", Text, nullable=False, index=True),
    Column("title", Text),
    Column("outlet", Text, index=True),
    Column("url", Text),
    Column("author", Text),
    Column("published", DateTime(timezone=True), index=True),
    Column("language", String(16)),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("body_map", JSON, nullable=False),  # [[start, end], ...] slices of text
    Column("removed", JSON, nullable=False),  # [{start, end, kind, text}, ...]
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column(
        "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("model", Text, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("analysed_at", DateTime(timezone=True), nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column(
        "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("idx", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("label", String(16), nullable=False),  # the majority label of its mentions
    Column("key", Text, nullable=False),  # storylens.names.entity_key of the canonical name
    Column("surname_key", Text),  # people only: links "Putin" to "Vladimir Putin" across articles
    UniqueConstraint("key", name="uq_entities_key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column(
        "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("start_char", Integer, primary_key=True),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("sentence", Integer, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("line", Integer),
    Column("reason", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)


def _statement_columns() -> list[Column[Any]]:
    """What every per-article statement row has: its article, order, span and sentence."""
    return [
        Column(
            "article_id",
            String(16),
            ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("idx", Integer, primary_key=True),
        Column("start_char", Integer, nullable=False),
        Column("end_char", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Column("sentence", Integer, nullable=False),
    ]


quotes = Table(
    "quotes",
    metadata,
    *_statement_columns(),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_canonical", Text, index=True),
    Column("cue", Text),
)

facts = Table(
    "facts",
    metadata,
    *_statement_columns(),
    Column("kind", String(16), nullable=False, index=True),
    Column("value_number", Float),  # numbers; dates and intervals go to value_text
    Column("value_text", Text),
    Column("unit", Text),
    Column("approx", Boolean, nullable=False),
    Column("bound", String(16)),
    Column("of", Text),
    Column("relative", Text),
)

events = Table(
    "events",
    metadata,
    *_statement_columns(),
    Column("actor", Text, index=True),
    Column("predicate", Text, nullable=False),
    Column("target", Text),
    Column("place", Text),
    Column("date", Text),
    Column("negated", Boolean, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(18), primary_key=True),  # "s-" and the content id of its first article
    Column("title", Text),
    Column("topic", String(18), nullable=False, index=True),  # id of the topic's oldest story
    Column("note", Text),  # why it stands alone, when nothing could join it
    Column("created_at", DateTime(timezone=True), nullable=False),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column(
        "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("story_id", String(18), ForeignKey("stories.id"), nullable=False, index=True),
    Column("similarity", Float, nullable=False),  # score against the story when it joined
    Column("copy_of", String(16), ForeignKey("articles.id"), index=True),  # its original
    Column("copy_similarity", Float),  # estimated resemblance to the original
    Column("seq", Integer, nullable=False),  # order of assignment
)

#: The story stage's saved state (the clusterer and the copy detector), one blob each.
stage_state = Table(
    "stage_state",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

Index("ix_entities_surname_key", entities.c.surname_key)
