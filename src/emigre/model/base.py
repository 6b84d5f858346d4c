"""Shared base for the vocabulary: strict fields, readable ids."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", min_length=1, max_length=120),
]
"""A stable, URL-safe identifier: lower-case letters, digits, '.', '_' and '-'."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    """Unknown fields are errors, so a typo in a case file never passes silently."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
