"""the memory's aligner version: sentence entries made by an older aligner are redone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 21:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 1: sentences paired by position when the counts agreed. A database that has a
    # state row was written by it; `workbench init-db` realigns it after this.
    with op.batch_alter_table("memory_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aligner", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("memory_state", schema=None) as batch_op:
        batch_op.drop_column("aligner")
