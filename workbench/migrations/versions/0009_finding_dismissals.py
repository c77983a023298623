"""QA findings dismissed by a reviewer, with the reason

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workbench.database

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finding_dismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.String(length=40), nullable=False),
        sa.Column("finding_key", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("texts_hash", sa.String(length=64), nullable=False),
        sa.Column("dismissed_by", sa.String(length=200), nullable=False),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reopened_by", sa.String(length=200), nullable=True),
        sa.Column("reopened_at", workbench.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_finding_dismissal_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"],
            ["user_account.id"],
            name=op.f("fk_finding_dismissal_dismissed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraph.id"],
            name=op.f("fk_finding_dismissal_paragraph_id_paragraph"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_dismissal")),
    )
    with op.batch_alter_table("finding_dismissal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finding_dismissal_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            "ix_finding_dismissal_paragraph_key", ["paragraph_id", "finding_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("finding_dismissal", schema=None) as batch_op:
        batch_op.drop_index("ix_finding_dismissal_paragraph_key")
        batch_op.drop_index(batch_op.f("ix_finding_dismissal_article_id"))
    op.drop_table("finding_dismissal")
