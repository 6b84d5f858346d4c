"""Country names, demonyms and common variants found in prose, resolved to ISO alpha-3.

Names come from pycountry and the model's aliases; demonyms are derived from the names by the
usual English endings (Russia -> Russian, Kazakhstan -> Kazakh, Sudan -> Sudanese) with a short
table of the irregular ones, so no country has to be listed by hand to be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

from emigre.extract import lang
from emigre.extract.lang.morph import case_forms
from emigre.model.country import ALIASES

# Irregular demonyms (adjective and plural noun) and forms the derivation gets wrong.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghan", "Afghans", "Afghani"),
    "ARE": ("Emirati", "Emiratis"),
    "ARG": ("Argentine", "Argentinian", "Argentines", "Argentinians"),
    "AZE": ("Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"),
    "BGD": ("Bangladeshi", "Bangladeshis"),
    "BLR": ("Belarusian", "Belarusians", "Belarussian", "Belarusians"),
    "CHE": ("Swiss",),
    "CHN": ("Chinese",),
    "CYP": ("Cypriot", "Cypriots"),
    "CZE": ("Czech", "Czechs"),
    "DEU": ("German", "Germans"),
    "DNK": ("Danish", "Dane", "Danes"),
    "ESP": ("Spanish", "Spaniard", "Spaniards"),
    "FIN": ("Finnish", "Finn", "Finns"),
    "FRA": ("French",),
    "GBR": ("British", "Briton", "Britons", "English", "Scottish", "Welsh"),
    "GRC": ("Greek", "Greeks"),
    "HUN": ("Hungarian", "Hungarians"),
    "IRL": ("Irish",),
    "ISL": ("Icelandic", "Icelander", "Icelanders"),
    "ISR": ("Israeli", "Israelis"),
    "ITA": ("Italian", "Italians"),
    "JPN": ("Japanese",),
    "KAZ": ("Kazakh", "Kazakhs", "Kazakhstani", "Kazakhstanis"),
    "KGZ": ("Kyrgyz", "Kyrgyzstani", "Kirghiz"),
    "KOR": ("South Korean", "South Koreans", "Korean", "Koreans"),
    "PRK": ("North Korean", "North Koreans"),
    "LBN": ("Lebanese",),
    "MDA": ("Moldovan", "Moldovans"),
    "MEX": ("Mexican", "Mexicans"),
    "NER": ("Nigerien", "Nigeriens"),
    "NLD": ("Dutch",),
    "NOR": ("Norwegian", "Norwegians"),
    "NZL": ("New Zealander", "New Zealanders"),
    "PAK": ("Pakistani", "Pakistanis"),
    "PHL": ("Filipino", "Filipinos", "Philippine"),
    "POL": ("Polish", "Pole", "Poles"),
    "PRT": ("Portuguese",),
    "SDN": ("Sudanese",),
    "SSD": ("South Sudanese",),
    "SWE": ("Swedish", "Swede", "Swedes"),
    "THA": ("Thai", "Thais"),
    "TJK": ("Tajik", "Tajiks", "Tajikistani"),
    "TKM": ("Turkmen", "Turkmens"),
    "TUR": ("Turkish", "Turk", "Turks"),
    "TWN": ("Taiwanese",),
    "UKR": ("Ukrainian", "Ukrainians"),
    "USA": ("American", "Americans", "US", "U.S."),
    "UZB": ("Uzbek", "Uzbeks", "Uzbekistani"),
    "VNM": ("Vietnamese",),
    "YEM": ("Yemeni", "Yemenis"),
    "SOM": ("Somali", "Somalis"),
    "IRQ": ("Iraqi", "Iraqis"),
    "KWT": ("Kuwaiti", "Kuwaitis"),
    "SAU": ("Saudi", "Saudis"),
    "QAT": ("Qatari", "Qataris"),
    "OMN": ("Omani", "Omanis"),
    "BHR": ("Bahraini", "Bahrainis"),
    "NPL": ("Nepali", "Nepalese"),
    "SEN": ("Senegalese",),
    "MLT": ("Maltese",),
    "MNE": ("Montenegrin", "Montenegrins"),
    "SRB": ("Serbian", "Serbians", "Serb", "Serbs"),
    "HRV": ("Croatian", "Croatians", "Croat", "Croats"),
    "BIH": ("Bosnian", "Bosnians"),
    "SVK": ("Slovak", "Slovaks", "Slovakian"),
    "SVN": ("Slovenian", "Slovenians", "Slovene", "Slovenes"),
    "EST": ("Estonian", "Estonians"),
    "LVA": ("Latvian", "Latvians"),
    "LTU": ("Lithuanian", "Lithuanians"),
    "CAN": ("Canadian", "Canadians"),
    "AUS": ("Australian", "Australians"),
    "ZAF": ("South African", "South Africans"),
    "ETH": ("Ethiopian", "Ethiopians"),
    "ERI": ("Eritrean", "Eritreans"),
    "COD": ("Congolese",),
    "MNG": ("Mongolian", "Mongolians"),
    "GEO": ("Georgian", "Georgians"),
    "RUS": ("Russian", "Russians"),
    "VEN": ("Venezuelan", "Venezuelans"),
    "SYR": ("Syrian", "Syrians"),
    "ARM": ("Armenian", "Armenians"),
    "GHA": ("Ghanaian", "Ghanaians"),
    "PER": ("Peruvian", "Peruvians"),
    "HTI": ("Haitian", "Haitians"),
    "CHL": ("Chilean", "Chileans"),
    "HND": ("Honduran", "Hondurans"),
    "PAN": ("Panamanian", "Panamanians"),
    "MMR": ("Burmese", "Myanmar"),
    "LKA": ("Sri Lankan", "Sri Lankans"),
    "LBY": ("Libyan", "Libyans"),
    "JOR": ("Jordanian", "Jordanians"),
    "IRN": ("Iranian", "Iranians"),
    "CPV": ("Cape Verdean", "Cape Verdeans"),
    "SLV": ("Salvadoran", "Salvadorans"),
    "MLI": ("Malian", "Malians"),
    "COL": ("Colombian", "Colombians"),
}

# Extra names in prose: short forms and the German names of the countries most reported on.
VARIANTS: dict[str, str] = {
    "the uae": "ARE",
    "u.s.": "USA",
    "the united states of america": "USA",
    "the us": "USA",
    "the u.s.": "USA",
    "the usa": "USA",
    "the uk": "GBR",
    "the netherlands": "NLD",
    "holland": "NLD",
    "the czech republic": "CZE",
    "the philippines": "PHL",
    "the russian federation": "RUS",
    "kirgizia": "KGZ",
    "kyrgyz republic": "KGZ",
    "belorussia": "BLR",
    "byelorussia": "BLR",
    "hong kong": "HKG",
    "macau": "MAC",
    "palestine": "PSE",
    "kosovo": "XKX",
    "israel": "ISR",
}

# Words that a derived demonym must never be: common English words.
_NOT_DEMONYMS = {"Man", "Manian", "Chadians", "Guinean"}


def _derive(name: str) -> list[str]:
    """Regular English demonyms of a short country name."""
    out: list[str] = []
    if " " in name or "," in name or "(" in name:
        return out
    if name.endswith("stan"):
        stem = name[:-4]
        out += [stem, stem + "s", name + "i", name + "is"]
    elif name.endswith("ia") or name.endswith("a"):
        out += [name + "n", name + "ns"]
    elif name.endswith("o"):
        out += [name[:-1] + "an", name[:-1] + "ans"]
    elif name.endswith("e") or name.endswith("y"):
        out += [name[:-1] + "ian", name[:-1] + "ians"]
    elif name.endswith("an"):
        out += [name + "ese"]
    else:
        out += [name + "ian", name + "ians"]
    return [d for d in out if d not in _NOT_DEMONYMS]


def _add_other_languages(names: dict[str, str]) -> None:
    """Country names of the other languages (babel's territory names and the data files' own),
    in every case form where the language inflects them; an English name keeps its code."""
    from babel import Locale

    for code in lang.LANGUAGES[1:]:
        local: dict[str, list[str]] = {}
        for a2, name in Locale(code).territories.items():
            country = pycountry.countries.get(alpha_2=a2) if len(a2) == 2 else None
            if country is not None:
                local.setdefault(country.alpha_3, []).append(name)
        for a3, extra in (lang.vocabulary(code).get("places", {}).get("names") or {}).items():
            local.setdefault(a3, []).extend(extra)
        for a3, forms in local.items():
            for name in forms:
                for form in case_forms(name, code):
                    names.setdefault(form, a3)


_Stems = dict[str, tuple[tuple[str, str], ...]]


def _data_demonyms() -> tuple[dict[str, str], _Stems, frozenset[str]]:
    words: dict[str, str] = {}
    heads: dict[str, list[tuple[str, str]]] = {}
    nouns: set[str] = set()
    for code in lang.LANGUAGES:
        table = lang.vocabulary(code).get("places", {}).get("demonyms") or {}
        for a3, kinds in table.items():
            for kind, forms in kinds.items():
                for form in str(forms).split():
                    low = form.lower()
                    if low.endswith("*"):
                        stem = low[:-1]
                        heads.setdefault(stem[:3], []).append((stem, a3))
                        key = stem
                    else:
                        words.setdefault(low, a3)
                        key = low
                    if kind == "nouns":
                        nouns.add(key)
    stems = {h: tuple(sorted(v, key=lambda sv: -len(sv[0]))) for h, v in heads.items()}
    return words, stems, frozenset(nouns)


def data_demonym(word: str) -> tuple[str, str] | None:
    """A demonym of the data files ('россиян', 'грузинские', 'rusos') -> (code, the key it
    matched), or None."""
    idx = index()
    low = word.lower()
    code = idx.lower_demonyms.get(low)
    if code is not None:
        return code, low
    if low.isascii():
        return None
    for stem, a3 in idx.demonym_stems.get(low[:3], ()):
        if low.startswith(stem):
            return a3, stem
    return None


@dataclass(frozen=True)
class PlaceIndex:
    """Compiled finders: country names (case-insensitive) and demonyms (capitalised)."""

    names: dict[str, str]
    demonyms: dict[str, str]
    name_re: re.Pattern[str]
    demonym_re: re.Pattern[str]
    words_after: dict[str, int]  # first word of a name -> most words a name starting so has
    lower_demonyms: dict[str, str]  # demonyms of the data files, lower-cased: "россияне", "rusos"
    demonym_stems: dict[str, tuple[tuple[str, str], ...]]  # first 3 letters -> (stem, code)
    noun_demonyms: frozenset[str]  # which of those (words and stems) name people, not a quality


def _short_name(c: object) -> str:
    name = getattr(c, "common_name", None) or c.name  # type: ignore[attr-defined]
    return str(name)


@cache
def index() -> PlaceIndex:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                names[v.lower()] = c.alpha_3
        short = _short_name(c)
        for d in _derive(short):
            # "Nigerian" belongs to Nigeria, not Niger: names ending in -a win a collision
            if short.endswith("a") or d not in demonyms:
                demonyms[d] = c.alpha_3
    for alias, code in ALIASES.items():
        if len(alias) > 3 or "." in alias or alias in ("uae",):
            names[alias] = code
    # two-letter aliases like "us" and "uk" only in capitals, handled as demonym-like tokens
    for alias, code in VARIANTS.items():
        names[alias] = code
    for code, forms in IRREGULAR.items():
        for f in forms:
            demonyms[f] = code
    _add_other_languages(names)
    lower_dem, dem_stems, noun_kind = _data_demonyms()
    for bare in ("UAE", "UK", "USA", "EU"):
        if bare != "EU":
            demonyms[bare] = {"UAE": "ARE", "UK": "GBR", "USA": "USA"}[bare]
    # "Georgia" also names a US state and "Jordan" a person; resolved by context, not here.
    name_alts = sorted(names, key=len, reverse=True)
    name_re = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in name_alts) + r")(?![\w-])",
        re.IGNORECASE,
    )
    dem_alts = sorted(demonyms, key=len, reverse=True)
    demonym_re = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(d) for d in dem_alts) + r")(?!\w)"
    )
    words_after: dict[str, int] = {}
    for n in names:
        first = n.split()[0]
        words_after[first] = max(words_after.get(first, 1), len(_WORD.findall(n)))
    return PlaceIndex(
        names, demonyms, name_re, demonym_re, words_after, lower_dem, dem_stems, noun_kind
    )


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    code: str
    demonym: bool  # "Russian(s)" rather than "Russia"
    text: str
    noun: bool | None = None  # a data file's demonym names people ("россияне") or not ("русский")


_WORD = re.compile(r"[\w.]+(?:-[\w.]+)*")


@cache
def _name_lengths() -> int:
    return max(len(n.split()) for n in index().names)


def find_places(text: str) -> list[PlaceMention]:
    """Every country name and demonym in a piece of text, in order, without overlaps.

    Words are looked up in dictionaries, longest name first ("Democratic Republic of the Congo"),
    which is much faster than one pattern with a thousand alternatives.
    """
    idx = index()
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    out: list[PlaceMention] = []
    maxlen = _name_lengths()
    i = 0
    n = len(words)
    while i < n:
        s0, e0, w0 = words[i]
        if not w0[0].isupper() and w0 != "the":
            dem_hit = data_demonym(w0) if w0 in idx.lower_demonyms or not w0.isascii() else None
            if dem_hit is not None:
                noun = dem_hit[1] in idx.noun_demonyms
                out.append(PlaceMention(s0, e0, dem_hit[0], True, w0, noun))
            i += 1
            continue
        hit = None
        longest = maxlen
        if e0 == len(text) or text[e0].isspace():
            # only as many words as the longest name that starts with this one (two for the
            # demonyms "South Korean", "Sri Lankan"): most capitals start no name at all
            longest = max(idx.words_after.get(w0.lower(), 1), 2)
        for k in range(min(maxlen, n - i, longest), 0, -1):
            end = words[i + k - 1][1]
            phrase = text[s0:end]
            if "\n" in phrase:
                continue
            key = " ".join(phrase.split()).lower().rstrip(".")
            code = idx.names.get(key)
            if code is not None and (w0[0].isupper() or key.startswith("the ")):
                if key.startswith("the ") and k == 1:
                    continue
                hit = PlaceMention(s0, end, code, False, phrase)
                i += k
                break
            if k <= 2:
                dem = idx.demonyms.get(phrase.rstrip(".")) if w0[0].isupper() else None
                if dem is None and k == 1:
                    dem_hit = data_demonym(w0)
                    if dem_hit is not None:
                        noun = dem_hit[1] in idx.noun_demonyms
                        hit = PlaceMention(s0, e0, dem_hit[0], True, w0, noun)
                        i += 1
                        break
                if dem is not None:
                    hit = PlaceMention(
                        s0, s0 + len(phrase.rstrip(".")), dem, True, phrase.rstrip(".")
                    )
                    i += k
                    break
        if hit is None:
            # hyphenated pairs: "Russian-Georgian border", "Polish-Ukrainian"
            if "-" in w0:
                pos = s0
                for part in w0.split("-"):
                    code = idx.demonyms.get(part) or (
                        idx.names.get(part.lower()) if part[:1].isupper() else None
                    )
                    if code is not None:
                        out.append(
                            PlaceMention(pos, pos + len(part), code, part in idx.demonyms, part)
                        )
                    pos += len(part) + 1
            i += 1
            continue
        out.append(hit)
    return out


def country_of(word: str) -> str | None:
    """A name or demonym ('the UAE', 'Georgian', 'Kazakh') as alpha-3, or None."""
    idx = index()
    w = word.strip()
    low = w.lower()
    return idx.names.get(low) or idx.names.get(low.removeprefix("the ")) or idx.demonyms.get(w)
