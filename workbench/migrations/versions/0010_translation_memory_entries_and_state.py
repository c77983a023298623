"""translation memory entries and state

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 17:15:37.521298
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

import workbench.database

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "memory_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memory_state")),
    )
    op.create_table(
        "memory_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=True),
        sa.Column("sentence", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_memory_entry_article_id_article"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_memory_entry_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraph.id"],
            name=op.f("fk_memory_entry_paragraph_id_paragraph"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memory_entry")),
    )
    with op.batch_alter_table("memory_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_memory_entry_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            "ix_memory_entry_paragraph_unit", ["paragraph_id", "unit", "sentence"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_memory_entry_seq"), ["seq"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_memory_entry_source_key"), ["source_key"], unique=False
        )

    # The one state row, there from the start: two first writers on PostgreSQL would
    # otherwise both try to create it. A random version tells databases apart.
    state = sa.table(
        "memory_state",
        sa.column("id", sa.Integer),
        sa.column("version", sa.BigInteger),
        sa.column("seq", sa.BigInteger),
    )
    op.bulk_insert(state, [{"id": 1, "version": secrets.randbits(62), "seq": 0}])


def downgrade() -> None:
    with op.batch_alter_table("memory_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memory_entry_source_key"))
        batch_op.drop_index(batch_op.f("ix_memory_entry_seq"))
        batch_op.drop_index("ix_memory_entry_paragraph_unit")
        batch_op.drop_index(batch_op.f("ix_memory_entry_article_id"))

    op.drop_table("memory_entry")
    op.drop_table("memory_state")
