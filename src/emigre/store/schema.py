"""The tables of the evidence base. Rows carry ids as keys; the pydantic models are the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from emigre.store.types import FlagList

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _case_fk() -> Mapped[str]:
    return mapped_column(String(120), ForeignKey("cases.id", ondelete="CASCADE"), index=True)


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(3))
    start: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(String(120))
    waves: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class SourceRow(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_sources_case_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = _case_fk()
    key: Mapped[str] = mapped_column(String(120))
    publisher: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    retrieved: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(35))
    kind: Mapped[str] = mapped_column(String(20))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    flags: Mapped[list[str]] = mapped_column(FlagList, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(String(10), default="case")


class ClaimSourceRow(Base):
    __tablename__ = "claim_sources"

    claim_pk: Mapped[int] = mapped_column(
        ForeignKey("claims.pk", ondelete="CASCADE"), primary_key=True
    )
    source_pk: Mapped[int] = mapped_column(
        ForeignKey("sources.pk", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[SourceRow] = relationship(lazy="joined")


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("case_id", "key", name="uq_claims_case_key"),
        Index("ix_claims_case_state", "case_id", "state"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = _case_fk()
    key: Mapped[str] = mapped_column(String(120))
    value: Mapped[int | None] = mapped_column(BigInteger)
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(15), index=True)
    origin: Mapped[str | None] = mapped_column(String(3))
    destination: Mapped[str | None] = mapped_column(String(3), index=True)
    start: Mapped[dt.date | None] = mapped_column("start_date", Date)
    end: Mapped[dt.date | None] = mapped_column("end_date", Date)
    group: Mapped[str] = mapped_column("group_name", String(60))
    state: Mapped[str] = mapped_column(String(10))
    flags: Mapped[list[str]] = mapped_column(FlagList, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    found_document: Mapped[str | None] = mapped_column(String(120))
    found_section: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    cues: Mapped[dict[str, str] | None] = mapped_column(JSON)
    counting: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    provenance: Mapped[str] = mapped_column(String(10), default="case")
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    links: Mapped[list[ClaimSourceRow]] = relationship(
        order_by=ClaimSourceRow.position, cascade="all, delete-orphan", lazy="selectin"
    )


class EventSourceRow(Base):
    __tablename__ = "event_sources"

    event_pk: Mapped[int] = mapped_column(
        ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True
    )
    source_pk: Mapped[int] = mapped_column(
        ForeignKey("sources.pk", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[SourceRow] = relationship(lazy="joined")


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_events_case_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = _case_fk()
    key: Mapped[str] = mapped_column(String(120))
    date: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column("end_date", Date)
    country: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(String(10), default="case")
    links: Mapped[list[EventSourceRow]] = relationship(
        order_by=EventSourceRow.position, cascade="all, delete-orphan", lazy="selectin"
    )


class PolicySourceRow(Base):
    __tablename__ = "policy_sources"

    policy_pk: Mapped[int] = mapped_column(
        ForeignKey("policies.pk", ondelete="CASCADE"), primary_key=True
    )
    source_pk: Mapped[int] = mapped_column(
        ForeignKey("sources.pk", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[SourceRow] = relationship(lazy="joined")


class PolicyRow(Base):
    __tablename__ = "policies"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_policies_case_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = _case_fk()
    key: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(10))
    nationality: Mapped[str] = mapped_column(String(3))
    measure: Mapped[str] = mapped_column(String(30))
    days: Mapped[int | None] = mapped_column(Integer)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(String(10), default="case")
    links: Mapped[list[PolicySourceRow]] = relationship(
        order_by=PolicySourceRow.position, cascade="all, delete-orphan", lazy="selectin"
    )
