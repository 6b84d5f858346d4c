"""evidence base: cases, sources, claims, events, policies

Revision ID: 0001
Revises:
Create Date: 2026-11-27 07:29:06.994921
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import emigre.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=3), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("document", sa.String(length=120), nullable=True),
        sa.Column("waves", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_table(
        "claims",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("low", sa.BigInteger(), nullable=True),
        sa.Column("high", sa.BigInteger(), nullable=True),
        sa.Column("qualifier", sa.String(length=10), nullable=False),
        sa.Column("measure", sa.String(length=15), nullable=False),
        sa.Column("origin", sa.String(length=3), nullable=True),
        sa.Column("destination", sa.String(length=3), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("group_name", sa.String(length=60), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("flags", emigre.store.types.FlagList(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("found_document", sa.String(length=120), nullable=True),
        sa.Column("found_section", sa.Text(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.Column("provenance", sa.String(length=10), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_claims_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_claims")),
        sa.UniqueConstraint("case_id", "key", name="uq_claims_case_key"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_claims_case_state", ["case_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_destination"), ["destination"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_measure"), ["measure"], unique=False)

    op.create_table(
        "events",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("country", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("provenance", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_events_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_events")),
        sa.UniqueConstraint("case_id", "key", name="uq_events_case_key"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "policies",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("country", sa.String(length=10), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("measure", sa.String(length=30), nullable=False),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("provenance", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_policies_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_policies")),
        sa.UniqueConstraint("case_id", "key", name="uq_policies_case_key"),
    )
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policies_case_id"), ["case_id"], unique=False)

    op.create_table(
        "sources",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("retrieved", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("flags", emigre.store.types.FlagList(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("provenance", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_sources_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_sources")),
        sa.UniqueConstraint("case_id", "key", name="uq_sources_case_key"),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_case_id"), ["case_id"], unique=False)

    op.create_table(
        "claim_sources",
        sa.Column("claim_pk", sa.Integer(), nullable=False),
        sa.Column("source_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_pk"],
            ["claims.pk"],
            name=op.f("fk_claim_sources_claim_pk_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_pk"],
            ["sources.pk"],
            name=op.f("fk_claim_sources_source_pk_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_pk", "source_pk", name=op.f("pk_claim_sources")),
    )
    with op.batch_alter_table("claim_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_sources_source_pk"), ["source_pk"], unique=False)

    op.create_table(
        "event_sources",
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("source_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_pk"],
            ["events.pk"],
            name=op.f("fk_event_sources_event_pk_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_pk"],
            ["sources.pk"],
            name=op.f("fk_event_sources_source_pk_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_pk", "source_pk", name=op.f("pk_event_sources")),
    )
    op.create_table(
        "policy_sources",
        sa.Column("policy_pk", sa.Integer(), nullable=False),
        sa.Column("source_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["policy_pk"],
            ["policies.pk"],
            name=op.f("fk_policy_sources_policy_pk_policies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_pk"],
            ["sources.pk"],
            name=op.f("fk_policy_sources_source_pk_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("policy_pk", "source_pk", name=op.f("pk_policy_sources")),
    )


def downgrade() -> None:
    op.drop_table("policy_sources")
    op.drop_table("event_sources")
    with op.batch_alter_table("claim_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_sources_source_pk"))

    op.drop_table("claim_sources")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_case_id"))

    op.drop_table("sources")
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policies_case_id"))

    op.drop_table("policies")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_case_id"))

    op.drop_table("events")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_measure"))
        batch_op.drop_index(batch_op.f("ix_claims_destination"))
        batch_op.drop_index("ix_claims_case_state")
        batch_op.drop_index(batch_op.f("ix_claims_case_id"))

    op.drop_table("claims")
    op.drop_table("cases")
