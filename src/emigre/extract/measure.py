"""What a figure counts (flow, stock, registration, application, forecast, return), who it
counts (group), and the words that say a number is not people on the move."""

from __future__ import annotations

import re

from emigre.extract.lowered import lower_pattern, same_offsets

# Cue patterns by measure. Order in MEASURE_PRIORITY decides between cues of one clause.
_CUES: dict[str, str] = {
    "forecast": (
        r"expected\s+to|expects?\b|expecting|forecasts?|forecasted|predicted|predicts?|projected"
        r"|projections?|likely\s+to|could\s+(?:\w+\s+)?(?:leave|emigrate|flee|move|relocate)"
        r"|would\s+(?:\w+\s+)?(?:leave|emigrate|flee|move|relocate)"
        r"|will\s+(?:\w+\s+)?(?:leave|emigrate|flee|move|relocate)"
        r"|may\s+(?:leave|emigrate|flee)|might\s+(?:leave|emigrate|flee)"
        r"|plan(?:s|ning)?\s+to\s+(?:leave|emigrate|move|relocate)"
        r"|intend(?:s|ing)?\s+to\s+(?:leave|emigrate|move)|set\s+to\s+leave"
    ),
    "return": (
        r"(?<!not\s)(?<!n't\s)(?<!never\s)returned|(?<!not\s)returning|returnees|came\s+back"
        r"|come\s+back|coming\s+back|went\s+back|gone\s+back|moved\s+back|back\s+(?:home|to\s+Russia)"
        r"|the\s+other\s+way|the\s+opposite\s+direction|re-?entered\s+(?:Russia|their)"
        r"|zurückgekehrt|heimgekehrt"
    ),
    "app_noun": r"applications?\s+(?:for|to)|requests?\s+for|petitions?\s+for|asylum\s+claims?",
    "registration": (
        r"registered|registrations?|registration\s+of|(?:residence|work|residency|temporary|permanent)"
        r"\s+(?:\w+\s+)?(?:permits?|status|cards?)|permits?\b|residence\s+status|residency"
        r"|tax\s+(?:numbers?|ids?|identification)|identification\s+numbers?|citizenship|naturali[sz]"
        r"|granted\s+(?:\w+\s+)?(?:asylum|protection|refugee\s+status|residence)"
        r"|aliyah|passports?\s+(?:issued|granted)"
    ),
    "application": (
        r"appl(?:ied|ies|y|ying)\s+for|applications?|applicants|sought\s+(?:\w+\s+)?(?:refuge|asylum|residence|protection|shelter)"
        r"|seek(?:s|ing)?\s+(?:\w+\s+)?(?:refuge|asylum|residence|protection|shelter)"
        r"|claim(?:ed|s|ing)?\s+asylum|asylum[-\s]seekers?|filed\s+for|asked\s+for\s+asylum"
        r"|beantragt|Asylanträge"
    ),
    "stock": (
        r"remain(?:ed|s|ing)?\b|stay(?:ed|s|ing)\s+(?:in|on|abroad)|stayed|settled|live[sd]?\s+in"
        r"|living\s+in|living\s+abroad|resid(?:e|es|ed|ing)\s+in|are\s+(?:now\s+|still\s+)?(?:abroad|in)\b"
        r"|is\s+home\s+to|hosting|hosts?\b|hosted|population|diaspora|shelter(?:ing|s)\b"
        r"|(?:not|n't|never)\s+(?:yet\s+)?returned|still\s+abroad|leben\s+in"
    ),
    "flow": (
        r"fled|flee(?:s|ing)?|left\b|leav(?:e|es|ing)\b|emigrat(?:ed|es?|ing|ion)|entered|enter(?:s|ing)?\b"
        r"|entry|entries|crossed|cross(?:es|ing)\b|crossings|arriv(?:ed|es?|ing|als?)|relocat(?:ed|es?|ing|ion)"
        r"|moved|mov(?:e|es|ing)\s+to|went\b|gone\s+to|go\s+to|came\b|com(?:e|es|ing)\s+to"
        r"|travel(?:l?ed|s|l?ing)|welcomed|receiv(?:ed|es?|ing)|exodus|outflow|influx|inflow"
        r"|departures?|departed|escap(?:ed|es?|ing)|headed|heading\s+to|poured|flocked|streamed"
        r"|sent\b|exited|outward|migrat(?:ed|ion)|immigrat(?:ed|ion)|made\s+the\s+journey"
        r"|(?:taken|took|take|taking)\s+in|admitted|resettled|evacuated"
        r"|überquert|geflohen|geflüchtet|ausgereist|eingereist|verlassen|flohen|kamen|ankamen"
    ),
}
MEASURE_PRIORITY = (
    "forecast",
    "return",
    "app_noun",
    "registration",
    "application",
    "stock",
    "flow",
)
# one word boundary before all the named alternatives: checked once per position, not seven times
CUE_PATTERN = r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _CUES.items()) + ")"
CUE_RE = re.compile(CUE_PATTERN, re.IGNORECASE)
ANY_CUE_RE = re.compile("|".join(f"(?:{v})" for v in _CUES.values()), re.IGNORECASE)
CUE_WORDS = frozenset(
    """
    expected expects expect expecting forecast forecasts forecasted predicted predicts projected
    projection projections returned returning returnees re-entered reentered
    applications application request requests petition petitions residence
    registered registration registrations permit permits residency identification
    citizenship naturalised naturalized naturalisation naturalization aliyah passports applied
    applies apply applying applicants sought seek seeks seeking asylum asylum-seekers asylum-seeker
    filed asked remain remained remains remaining stay stayed stays staying settled live lives
    lived living reside resides resided residing hosting host hosts hosted population
    diaspora abroad fled flee flees fleeing left leave leaves leaving emigrated emigrate emigrates
    emigrating emigration entered enter enters entering entry entries crossed cross crosses
    crossing crossings arrived arrive arrives arriving arrival arrivals relocated relocate
    relocates relocating relocation moved move moves moving went gone came
    travelled traveled travels travelling traveling welcomed received receive receives receiving
    exodus outflow influx inflow departures departure departed escaped escape escapes escaping
    taken took take taking admitted resettled evacuated granted sheltering shelters
    headed heading poured flocked streamed sent exited outward migrated migration immigrated
    immigration journey zurückgekehrt heimgekehrt beantragt asylanträge überquert geflohen
    geflüchtet ausgereist eingereist verlassen flohen kamen ankamen leben
    """.split()  # noqa: SIM905 - a word list reads better as text
)
"""Every word some cue contains: a sentence without any of them cannot hold a claim."""
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in "\"'“”‘’.,;:!?()[]{}<>/\\|–—…*&%$#@+=~^`"})


def word_set(text: str) -> set[str]:
    """The lower-cased words of a text, punctuation dropped: for cheap tests before patterns."""
    return set(text.lower().translate(_PUNCT_TO_SPACE).split())


class WordSets:
    """`word_set` of any span of one text, lower-casing and dropping punctuation only once.

    The pre-filters ask for the words of every paragraph and then of every sentence in the
    promising ones; doing the string work per span cost more than the look-ups themselves.
    """

    def __init__(self, text: str, lowered: str | None = None) -> None:
        low = text.lower() if lowered is None else lowered
        # lower-casing can change a text's length ("İ"): then offsets differ, go span by span
        self._plain = low.translate(_PUNCT_TO_SPACE) if len(low) == len(text) else None
        self._text = text

    def of(self, start: int, end: int) -> set[str]:
        if self._plain is None:
            return word_set(self._text[start:end])
        return set(self._plain[start:end].split())


ARRIVAL_RE = re.compile(
    r"\b(?:entered|enter(?:s|ing)?|entry|entries|arriv\w*|came|com(?:e|es|ing)\s+to|crossed|"
    r"cross(?:es|ing)|crossings|welcomed|receiv\w*|moved\s+to|relocated\s+to|went\s+to|"
    r"travel\w*|influx|inflow|hosting|hosts|hosted|settled|remain\w*|stay\w*|registered|"
    r"registration|permits?|aliyah|sought|seek\w*|appl\w*|asylum|überquert|eingereist|kamen|"
    r"taken\s+in|took\s+in|admitted|resettled|sheltering|granted)\b",
    re.IGNORECASE,
)
DEPARTURE_RE = re.compile(
    r"\b(?:fled|flee\w*|left|leav\w*|emigrat\w*|escap\w*|outflow|exodus|departures?|departed|"
    r"exited|geflohen|ausgereist|verlassen)\b",
    re.IGNORECASE,
)

# Counts of people who did not move, and numbers that are not about people at all.
NOT_MOVING_RE = re.compile(
    r"\b(?:charged|prosecuted|arrested|detained|sentenced|convicted|jailed|imprisoned|fined"
    r"|killed|died|dead|deaths|injured|wounded|executed|mobili[sz]ed|called\s+up|drafted"
    r"|conscripted|recruited|protest(?:ed|ers)|wanted\s+for|tried|interrogated|searched"
    r"|caught|detentions|casualties|voted|signed)\b",
    re.IGNORECASE,
)
GOVERNED_BY_NON_MOVE_RE = re.compile(
    r"\b(?:mobili[sz]ation|call-?up|conscription|drafting|recruitment|arrests?|detention"
    r"|deaths?|killing|murder|conference|meeting|top|aged|ages|age|No\.|number|nos?\.|page|article"
    r"|chapter|section|grade|level|phase|stage|round|rank(?:ed)?|sentenced\s+to|jailed\s+for"
    r"|prison\s+(?:terms?|sentences?)\s+of|anniversary|decree)\s*(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)

PEOPLE_NOUNS = frozenset(
    [
        "people",
        "persons",
        "person",
        "individuals",
        "citizens",
        "citizen",
        "nationals",
        "residents",
        "refugees",
        "refugee",
        "migrants",
        "migrant",
        "emigrants",
        "emigrant",
        "immigrants",
        "immigrant",
        "emigres",
        "émigrés",
        "emigrés",
        "exiles",
        "expats",
        "expatriates",
        "seekers",
        "asylum-seekers",
        "applicants",
        "men",
        "women",
        "children",
        "kids",
        "minors",
        "families",
        "households",
        "workers",
        "specialists",
        "professionals",
        "employees",
        "staff",
        "journalists",
        "reporters",
        "millionaires",
        "billionaires",
        "students",
        "olim",
        "returnees",
        "relocants",
        "deserters",
        "draftees",
        "conscripts",
        "reservists",
        "passengers",
        "tourists",
        "visitors",
        "travellers",
        "travelers",
        "foreigners",
        "arrivals",
        "departures",
        "entries",
        "crossings",
        "entrepreneurs",
        "programmers",
        "developers",
        "engineers",
        "doctors",
        "physicians",
        "nurses",
        "scientists",
        "academics",
        "researchers",
        "artists",
        "musicians",
        "activists",
        "opponents",
        "dissidents",
        "others",
        "adults",
        "youths",
        "teenagers",
        "pensioners",
        "newcomers",
        "guests",
        "mothers",
        "fathers",
        "civilians",
        "boys",
        "girls",
        "males",
        "females",
        "persons'",
        "people's",
        "holders",
        "nationals'",
        "officers",
        "soldiers",
        "menschen",
        "personen",
        "flüchtlinge",
        "männer",
        "frauen",
        "kinder",
        "bürger",
        "staatsbürger",
        "migranten",
        "applications",
        "requests",
        "registrations",
        "permits",
        "petitions",
    ]
)
UNIT_WORDS = frozenset(
    [
        "%",
        "percent",
        "per",
        "pc",
        "years",
        "year",
        "yrs",
        "months",
        "month",
        "weeks",
        "week",
        "days",
        "day",
        "hours",
        "hour",
        "minutes",
        "km",
        "kilometres",
        "kilometers",
        "kilometre",
        "kilometer",
        "miles",
        "mile",
        "mi",
        "metres",
        "meters",
        "m",
        "cm",
        "kg",
        "tons",
        "tonnes",
        "cars",
        "vehicles",
        "trucks",
        "lorries",
        "buses",
        "yachts",
        "boats",
        "ships",
        "vessels",
        "flights",
        "planes",
        "aircraft",
        "trains",
        "trips",
        "tickets",
        "rubles",
        "roubles",
        "dollars",
        "euros",
        "lari",
        "tenge",
        "dram",
        "dinars",
        "pounds",
        "$",
        "€",
        "£",
        "times",
        "fold",
        "points",
        "countries",
        "cities",
        "towns",
        "villages",
        "regions",
        "companies",
        "firms",
        "businesses",
        "entities",
        "apartments",
        "flats",
        "condos",
        "condominiums",
        "hotels",
        "rooms",
        "laws",
        "cases",
        "articles",
        "waves",
        "pages",
        "votes",
        "seats",
        "am",
        "pm",
        "edt",
        "gmt",
        "utc",
        "msk",
        "cet",
        "bn",
        "billion",
        "rooms",
        "beds",
        "homes",
        "houses",
        "properties",
    ]
)
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "by",
        "for",
        "with",
        "into",
        "onto",
        "as",
        "and",
        "or",
        "but",
        "nor",
        "while",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "have",
        "has",
        "had",
        "having",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "done",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "must",
        "not",
        "no",
        "also",
        "only",
        "alone",
        "just",
        "more",
        "less",
        "than",
        "then",
        "so",
        "such",
        "each",
        "every",
        "per",
        "via",
        "through",
        "during",
        "since",
        "until",
        "till",
        "before",
        "after",
        "within",
        "about",
        "around",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "back",
        "away",
        "left",
        "fled",
        "entered",
        "arrived",
        "crossed",
        "went",
        "came",
        "moved",
        "made",
        "make",
        "made",
        "got",
        "received",
        "registered",
        "sought",
        "applied",
        "settled",
        "remained",
        "stayed",
        "returned",
        "did",
        "according",
        "including",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "und",
        "mit",
        "nach",
        "vor",
        "von",
        "aus",
        "auf",
        "über",
        "unter",
        "ein",
        "eine",
        "einer",
        "dort",
        "haben",
        "sind",
        "sollen",
        "sollten",
        "wurden",
        "worden",
    ]
)

GROUPS: list[tuple[str, str]] = [
    (r"\b(?:pregnant)\b", "pregnant_women"),
    (
        r"\b(?:IT|tech|information\s+technology|software)\s+(?:workers|specialists|professionals|"
        r"employees|staff|experts|engineers)|\bprogrammers\b|\bdevelopers\b",
        "it_workers",
    ),
    (r"\bjournalists\b|\breporters\b", "journalists"),
    (r"\b(?:millionaires|billionaires|wealthy|high-net-worth|HNWIs?)\b", "millionaires"),
    (r"\b(?:male\s+citizens|men|males|Männer|young\s+men|boys)\b", "men"),
    (r"\b(?:women|females|Frauen)\b", "women"),
    (r"\b(?:children|kids|minors|Kinder)\b", "children"),
    (r"\bstudents\b", "students"),
    (r"\b(?:entrepreneurs|business\s+owners|businesspeople)\b", "entrepreneurs"),
    (r"\b(?:scientists|academics|researchers)\b", "scientists"),
    (r"\b(?:doctors|physicians|medics|nurses)\b", "medical_workers"),
    (r"\b(?:deserters|draft\s+dodgers|conscripts|reservists)\b", "men"),
]
_GROUP_RES = [(re.compile(p, re.IGNORECASE), g) for p, g in GROUPS]


def group_of(noun_phrase: str) -> str | None:
    """Who a noun phrase counts ('IT workers' -> it_workers), or None for everyone."""
    for pat, g in _GROUP_RES:
        if pat.search(noun_phrase):
            return g
    return None


CUE_LOWER_RE = lower_pattern(CUE_PATTERN)


Cue = tuple[int, int, str]
"""A measure cue found in a text: start, end, the measure it names."""


def cues(text: str, start: int, end: int, lowered: str | None = None) -> list[Cue]:
    """Measure cues in text[start:end] as (start, end, measure).

    `lowered` is the whole text lower-cased, if the caller has it (saves lower-casing again).
    """
    low = lowered[start:end] if same_offsets(text, lowered) else text[start:end].lower()
    if len(low) == end - start:  # lower-casing kept every offset: the fast way
        return [
            (m.start() + start, m.end() + start, m.lastgroup or "flow")
            for m in CUE_LOWER_RE.finditer(low)
        ]
    return [(m.start(), m.end(), m.lastgroup or "flow") for m in CUE_RE.finditer(text, start, end)]


_NEGATED_RETURN = re.compile(r"(?:not|n't|never)\s+(?:yet\s+)?returned", re.IGNORECASE)


def pick_measure(found: list[tuple[int, int, str]], text: str) -> str | None:
    """The measure the strongest cue names (an expectation beats a count, and so on)."""
    if not found:
        return None
    first = min(found, key=lambda c: c[0])
    kept = found
    if first[2] == "flow":
        # "have left the country and not returned": the first verb says what is counted
        kept = [c for c in found if not _NEGATED_RETURN.match(text, c[0], c[1])]
    kinds = {k for _, _, k in kept}
    for k in MEASURE_PRIORITY:
        if k in kinds:
            return "application" if k == "app_noun" else k
    return None
