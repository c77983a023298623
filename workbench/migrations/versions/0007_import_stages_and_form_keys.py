"""import stages and the articles' form keys

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workbench.database

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("encoding", sa.String(length=40), nullable=True),
        sa.Column("source_name", sa.String(length=255), nullable=True),
        sa.Column("lines_json", sa.Text(), nullable=False),
        sa.Column("created_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_import_stage_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_stage")),
        sa.UniqueConstraint("token", name=op.f("uq_import_stage_token")),
    )
    with op.batch_alter_table("import_stage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_stage_created_at"), ["created_at"], unique=False
        )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_article_form_key"), ["form_key"])


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_article_form_key"), type_="unique")
        batch_op.drop_column("form_key")
    with op.batch_alter_table("import_stage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_stage_created_at"))
    op.drop_table("import_stage")
