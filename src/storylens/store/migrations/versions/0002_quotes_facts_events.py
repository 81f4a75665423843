"""Quotes, facts (quantities and time expressions) and events of each article.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _article_id() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "article_id",
        sa.String(16),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    )


def _span() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "quotes",
        _article_id(),
        *_span(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("speaker_canonical", sa.Text, index=True),
        sa.Column("cue", sa.Text),
    )
    op.create_table(
        "facts",
        _article_id(),
        *_span(),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("value_number", sa.Float),
        sa.Column("value_text", sa.Text),
        sa.Column("unit", sa.Text),
        sa.Column("approx", sa.Boolean, nullable=False),
        sa.Column("bound", sa.String(16)),
        sa.Column("of", sa.Text),
        sa.Column("relative", sa.Text),
    )
    op.create_table(
        "events",
        _article_id(),
        *_span(),
        sa.Column("actor", sa.Text, index=True),
        sa.Column("predicate", sa.Text, nullable=False),
        sa.Column("target", sa.Text),
        sa.Column("place", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("negated", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    for table in ("events", "facts", "quotes"):
        op.drop_table(table)
