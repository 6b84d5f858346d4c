"""Who sets a rule: a country, or a bloc whose members share it (the EU, the Schengen area)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from emigre.model.country import _check, _normalise

# Membership as of 2022, the period of the built-in case (Croatia joined Schengen on 2023-01-01).
BLOCS: dict[str, tuple[str, ...]] = {
    "EU": (
        "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
        "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
        "SWE",
    ),
    "SCHENGEN": (
        "AUT", "BEL", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL", "ITA", "LVA",
        "LIE", "LTU", "LUX", "MLT", "NLD", "NOR", "POL", "PRT", "SVK", "SVN", "ESP", "SWE", "CHE",
    ),
}  # fmt: skip


def members(jurisdiction: str) -> tuple[str, ...]:
    """The countries a rule of this jurisdiction applies in."""
    return BLOCS.get(jurisdiction, (jurisdiction,))


def _check_jurisdiction(value: str) -> str:
    return value if value in BLOCS else _check(value)


Jurisdiction = Annotated[str, BeforeValidator(_normalise), AfterValidator(_check_jurisdiction)]
"""An alpha-3 country code, or EU / SCHENGEN for rules that a bloc sets for all its members."""
