"""Who said it, where and when: no figure enters the evidence base without one."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from emigre.model.base import Id, Model, Text
from emigre.model.vocab import SourceFlag, SourceKind


class Source(Model):
    id: Id
    publisher: Text | None = Field(None, description="Who published it (outlet, ministry, NGO)")
    title: Text | None = Field(None, description="Title as the reference gives it, unrepaired")
    url: Text | None = Field(None, description="Where it can be read")
    published: dt.date | None = Field(None, description="Publication or last-update date")
    retrieved: dt.date | None = None
    language: str | None = Field(None, description="BCP 47 tag, e.g. en, ru, sr-Latn")
    kind: SourceKind = "news"
    authors: list[Text] = Field(default_factory=list)
    flags: list[SourceFlag] = Field(default_factory=list)
    note: str | None = Field(None, description="Our own remark on the source, never a quote")

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parts = urlsplit(v)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"'{v}' is not a web address: expected http(s)://host/path")
        return v

    @field_validator("flags")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        return sorted(set(v))

    @property
    def host(self) -> str | None:
        return urlsplit(self.url).hostname if self.url else None

    @property
    def broken(self) -> bool:
        """A reference a reader cannot rely on to find the figure."""
        return "missing_title" in self.flags or "title_mismatch" in self.flags
