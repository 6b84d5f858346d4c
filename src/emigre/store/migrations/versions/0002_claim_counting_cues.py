"""claims: what a figure counts (counting) and the words that decided each field (cues)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 18:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("cues", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("counting", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("counting")
        batch.drop_column("cues")
