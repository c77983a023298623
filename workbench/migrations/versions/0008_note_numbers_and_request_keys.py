"""note numbers that stay, and one-time keys for creating notes and replies

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:00:00.000000

Existing notes are numbered in the order the editor showed them until now
(placed ones by position, then whole-paragraph ones, then detached ones), so
every number a person has seen so far stays what it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_note = sa.table(
    "note",
    sa.column("id", sa.Integer()),
    sa.column("paragraph_id", sa.Integer()),
    sa.column("number", sa.Integer()),
    sa.column("exact", sa.Text()),
    sa.column("detached", sa.Boolean()),
    sa.column("start", sa.Integer()),
    sa.column("end", sa.Integer()),
    sa.column("created_at", sa.DateTime()),
)


def _number_existing_notes() -> None:
    bind = op.get_bind()
    group = sa.case((_note.c.detached, 2), (_note.c.exact == "", 1), else_=0)
    rows = bind.execute(
        sa.select(_note.c.id, _note.c.paragraph_id).order_by(
            _note.c.paragraph_id,
            group,
            _note.c.start,
            _note.c.end,
            _note.c.created_at,
            _note.c.id,
        )
    )
    numbers: dict[int, int] = {}
    updates: list[dict[str, int]] = []
    for note_id, paragraph_id in rows:
        numbers[paragraph_id] = numbers.get(paragraph_id, 0) + 1
        updates.append({"note_id": note_id, "new_number": numbers[paragraph_id]})
    if updates:
        bind.execute(
            _note.update()
            .where(_note.c.id == sa.bindparam("note_id"))
            .values(number=sa.bindparam("new_number")),
            updates,
        )


def upgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("request_key", sa.String(length=64), nullable=True))

    _number_existing_notes()

    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_note_paragraph_id_number", ["paragraph_id", "number"])
        batch_op.create_unique_constraint(batch_op.f("uq_note_request_key"), ["request_key"])

    with op.batch_alter_table("note_reply", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_note_reply_request_key"), ["request_key"])


def downgrade() -> None:
    with op.batch_alter_table("note_reply", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_note_reply_request_key"), type_="unique")
        batch_op.drop_column("request_key")

    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_note_request_key"), type_="unique")
        batch_op.drop_constraint("uq_note_paragraph_id_number", type_="unique")
        batch_op.drop_column("request_key")
        batch_op.drop_column("number")
