"""Articles, analyses, sentences, canonical entities, mentions, failures and the search index.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _article_fk() -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("external_id", sa.Text, nullable=False, index=True),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text, index=True),
        sa.Column("url", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.DateTime(timezone=True), index=True),
        sa.Column("language", sa.String(16)),
        sa.Column("origin", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("body_map", sa.JSON, nullable=False),
        sa.Column("removed", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "analyses",
        sa.Column("article_id", sa.String(16), _article_fk(), primary_key=True),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sentences",
        sa.Column("article_id", sa.String(16), _article_fk(), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("surname_key", sa.Text, index=True),
        sa.UniqueConstraint("key", name="uq_entities_key"),
    )
    op.create_table(
        "mentions",
        sa.Column("article_id", sa.String(16), _article_fk(), primary_key=True),
        sa.Column("start_char", sa.Integer, primary_key=True),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column(
            "entity_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=False, index=True
        ),
        sa.Column("sentence", sa.Integer, nullable=False),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5("
            "article_id UNINDEXED, title, body, tokenize='porter unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE article_search")
    for table in ("failures", "mentions", "entities", "sentences", "analyses", "articles"):
        op.drop_table(table)
