"""Stories: which story each article joined, its syndicated original, and the stage's state.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(18), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("topic", sa.String(18), nullable=False, index=True),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column(
            "article_id",
            sa.String(16),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "story_id", sa.String(18), sa.ForeignKey("stories.id"), nullable=False, index=True
        ),
        sa.Column("similarity", sa.Float, nullable=False),
        sa.Column("copy_of", sa.String(16), sa.ForeignKey("articles.id"), index=True),
        sa.Column("copy_similarity", sa.Float),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "stage_state",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("stage_state", "story_articles", "stories"):
        op.drop_table(table)
