"""server-side sessions and counted wrong passwords

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workbench.database

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", workbench.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_user_session_key_hash")),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "password_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_failure")),
    )
    with op.batch_alter_table("password_failure", schema=None) as batch_op:
        batch_op.create_index(
            "ix_password_failure_account_failed_at", ["account", "failed_at"], unique=False
        )
        batch_op.create_index(
            "ix_password_failure_address_failed_at", ["address", "failed_at"], unique=False
        )

    # Sessions now live in user_session: the per-user token they replace goes,
    # and with it every session signed in before this version (sign in again).
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_token")


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "session_token",
                sa.String(length=32),
                nullable=False,
                server_default="0" * 32,
            )
        )
    with op.batch_alter_table("password_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_password_failure_address_failed_at")
        batch_op.drop_index("ix_password_failure_account_failed_at")
    op.drop_table("password_failure")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
    op.drop_table("user_session")
