"""notes, replies and source corrections

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 16:08:13.893702
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workbench.database

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("read_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("detached", sa.Boolean(), nullable=False),
        sa.Column("reanchored_from", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(length=120), nullable=True),
        sa.Column("resolved_at", workbench.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_note_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_note_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraph.id"],
            name=op.f("fk_note_paragraph_id_paragraph"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_article_id"), ["article_id"], unique=False)
        batch_op.create_index("ix_note_paragraph_status", ["paragraph_id", "status"], unique=False)

    op.create_table(
        "source_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("previous_text", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_source_revision_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraph.id"],
            name=op.f("fk_source_revision_paragraph_id_paragraph"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_revision")),
    )
    with op.batch_alter_table("source_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_revision_paragraph_id"), ["paragraph_id"], unique=False
        )

    op.create_table(
        "note_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workbench.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_note_reply_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["note.id"], name=op.f("fk_note_reply_note_id_note"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_reply")),
    )
    with op.batch_alter_table("note_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_reply_note_id"), ["note_id"], unique=False)

    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source_version", sa.Integer(), server_default="0", nullable=False)
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.drop_column("source_version")

    with op.batch_alter_table("note_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_reply_note_id"))

    op.drop_table("note_reply")
    with op.batch_alter_table("source_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_revision_paragraph_id"))

    op.drop_table("source_revision")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index("ix_note_paragraph_status")
        batch_op.drop_index(batch_op.f("ix_note_article_id"))

    op.drop_table("note")
    # ### end Alembic commands ###
