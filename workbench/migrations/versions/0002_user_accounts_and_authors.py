"""user accounts and authors

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 13:15:37.492777
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workbench.database

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=32), nullable=False),
        sa.Column("created_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", workbench.database.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("name", name=op.f("uq_user_account_name")),
    )
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_paragraph_updated_by_id_user_account"),
            "user_account",
            ["updated_by_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_revision_author_id"), ["author_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_revision_author_id_user_account"),
            "user_account",
            ["author_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_revision_author_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_revision_author_id"))
        batch_op.drop_column("author_id")

    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_paragraph_updated_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("updated_by_id")

    op.drop_table("user_account")
