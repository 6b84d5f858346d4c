"""Errors a person can act on: each names where the bad input is and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input from a file or a command line; the CLI prints it as one line and exits 1."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f", line {self.line}"
        if self.field:
            where += (": " if where else "") + f"field '{self.field}'"
        return f"{where}: {self.message}" if where else self.message


class NotFoundError(LookupError):
    """A case, claim or source that the store does not hold."""


def describe_validation(exc: object) -> tuple[str | None, str]:
    """The first problem of a pydantic ValidationError as (field path, plain message)."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return None, str(exc)
    first = errors()[0]
    loc = ".".join(str(p) for p in first.get("loc", ()) if p != "__root__") or None
    msg = str(first.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ")
    if first.get("type") == "extra_forbidden":
        msg = "unknown field (check its spelling)"
    elif first.get("type") == "missing":
        msg = "required field is missing"
    else:
        given = first.get("input")
        shown = "input" in msg or str(given) in msg  # the message already names the value
        if given is not None and not isinstance(given, dict | list) and not shown:
            msg += f" (got {given!r})"
    return loc, msg
