"""ISO 3166-1 alpha-3 country codes, validated against pycountry, with names people actually use."""

from __future__ import annotations

import difflib
from functools import cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BeforeValidator

# Names that pycountry's fuzzy search gets wrong or does not know, as they appear in reporting.
ALIASES: dict[str, str] = {
    "russia": "RUS",
    "russian federation": "RUS",
    "uae": "ARE",
    "the uae": "ARE",
    "emirates": "ARE",
    "united arab emirates": "ARE",
    "turkey": "TUR",
    "türkiye": "TUR",
    "turkiye": "TUR",
    "south korea": "KOR",
    "korea": "KOR",
    "north korea": "PRK",
    "us": "USA",
    "u.s.": "USA",
    "the us": "USA",
    "united states": "USA",
    "america": "USA",
    "uk": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "united kingdom": "GBR",
    "czech republic": "CZE",
    "czechia": "CZE",
    "moldova": "MDA",
    "iran": "IRN",
    "syria": "SYR",
    "laos": "LAO",
    "vietnam": "VNM",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "dr congo": "COD",
    "drc": "COD",
    "democratic republic of the congo": "COD",
    "republic of the congo": "COG",
    "congo": "COG",
    "car": "CAF",
    "central african republic": "CAF",
    "ivory coast": "CIV",
    "kyrgyzstan": "KGZ",
    "taiwan": "TWN",
}


# Display names where ISO's short name is not what readers expect.
SHORT_NAMES: dict[str, str] = {"RUS": "Russia", "COD": "DR Congo", "COG": "Congo"}


@cache
def _names() -> dict[str, str]:
    """Every lower-cased name, common name and official name -> alpha-3."""
    table: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                table[value.lower()] = c.alpha_3
    table.update(ALIASES)
    return table


def is_alpha3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code.upper()) is not None if len(code) == 3 else False


def country_name(code: str) -> str:
    """A readable name for an alpha-3 code ('GEO' -> 'Georgia'); the code itself if unknown."""
    c = pycountry.countries.get(alpha_3=code.upper()) if code else None
    if c is None:
        return code
    if c.alpha_3 in SHORT_NAMES:
        return SHORT_NAMES[c.alpha_3]
    return getattr(c, "common_name", None) or c.name


def lookup_country(text: str) -> str | None:
    """Resolve a code or a country name to alpha-3, or None when it is not a country."""
    t = text.strip().strip(".").lower()
    if not t:
        return None
    if len(t) == 3 and is_alpha3(t):
        return t.upper()
    if len(t) == 2:
        c = pycountry.countries.get(alpha_2=t.upper())
        if c is not None:
            return c.alpha_3
    if t.startswith("the "):
        t2 = t[4:]
        if t2 in _names():
            return _names()[t2]
    return _names().get(t)


def suggest_country(text: str) -> str | None:
    """The nearest known country, for error messages: 'Kazakstan' -> 'KAZ (Kazakhstan)'."""
    names = _names()
    close = difflib.get_close_matches(text.strip().lower(), list(names), n=1, cutoff=0.6)
    if not close:
        codes = [c.alpha_3 for c in pycountry.countries]
        close_codes = difflib.get_close_matches(text.strip().upper(), codes, n=1, cutoff=0.6)
        if not close_codes:
            return None
        return f"{close_codes[0]} ({country_name(close_codes[0])})"
    code = names[close[0]]
    return f"{code} ({country_name(code)})"


def _normalise(value: object) -> object:
    if isinstance(value, str) and len(value.strip()) == 3:
        return value.strip().upper()
    return value


def _check(code: str) -> str:
    if is_alpha3(code):
        return code
    resolved = lookup_country(code)
    hint = f"; did you mean {resolved} ({country_name(resolved)})?" if resolved else ""
    if not hint:
        near = suggest_country(code)
        hint = f"; did you mean {near}?" if near else ""
    raise ValueError(f"unknown country code '{code}': expected an ISO 3166-1 alpha-3 code{hint}")


CountryCode = Annotated[str, BeforeValidator(_normalise), AfterValidator(_check)]
"""An ISO 3166-1 alpha-3 code; a name or a typo fails with the nearest code suggested."""
