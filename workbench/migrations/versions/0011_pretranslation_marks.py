"""pre-translation: the row's mark, a revision's detail, a job's memory count and form key

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 17:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filled_from", sa.String(length=16), nullable=True))
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("detail", sa.String(length=300), nullable=True))
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("from_memory", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("form_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_job_form_key"), ["form_key"])


def downgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_job_form_key"), type_="unique")
        batch_op.drop_column("form_key")
        batch_op.drop_column("from_memory")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_column("detail")
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.drop_column("filled_from")
