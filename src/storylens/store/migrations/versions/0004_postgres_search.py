"""Full-text search on PostgreSQL: a GIN index over the articles' title and body.

SQLite keeps its FTS5 table from 0001; on PostgreSQL the index is an expression index, so it
stays current with the articles table without a second copy of the text.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from storylens.store.search import POSTGRES_DOCUMENT

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX article_search ON articles USING GIN (({POSTGRES_DOCUMENT}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX article_search")
