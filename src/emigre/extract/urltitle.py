"""Does a citation's title describe the page its URL points to? Read from the URL's slug.

Wiki references are often copied between articles with the wrong link (the seed's reference 63
pairs a headline about IT specialists with an address about Navalny's sentence). Most news
addresses carry a slug, the headline's words joined by hyphens, so comparing the two catches
such slips without going online.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from anyascii import anyascii

# Words that carry no topic: English glue words, and the section names and file parts that
# sites put in their paths ("world-europe-60697763" on the BBC is a section and an id, no slug).
_STOPWORDS = frozenset(
    """
    a an and are as at be been by can could for from had has have how in into is it its more
    most of on or over the their they this to was were what when where which who why will
    with would after before about than then them there these those out up down www
    com org net html htm php aspx index amp www2 en ru de lat
    news article articles story stories world europe us uk canada latin america asia pacific
    africa middle east nation politics business live video videos blog av opinion magazine
    international travel security content premium highlight
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# An id token: letters and digits mixed (a77027, idUSL5N2VW3MK, rcna20410), or a number of seven
# digits or more (60697763). Numbers of five or six digits stay: slugs spell counts (98000).
_ID = re.compile(r"^(?=.*\d)(?=.*[a-z])[a-z0-9]+$|^\d{7,}$")
_APOSTROPHES = re.compile(r"['’`]")
_NUMBER_GROUPS = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
_SPLIT = re.compile(r"[^a-z0-9]+")

MIN_SLUG_WORDS = 2
"""A slug needs this many topic words to be read at all; fewer is a section name or an id."""

MIN_PREFIX = 4
"""Two words match when the shorter, at least this long, starts the longer (flee/fleeing)."""


def _words(text: str) -> list[str]:
    """Lower-case ASCII topic words: transliterated, apostrophes joined, ids and glue dropped."""
    text = anyascii(unquote(text)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _NUMBER_GROUPS.sub("", text)  # 98,000 -> 98000, as slugs write it
    out = []
    for token in _SPLIT.split(text):
        if not token or token in _STOPWORDS or _ID.match(token):
            continue
        if len(token) < (5 if token.isdigit() else 3):
            continue  # short words, and years, days and small numbers (dates in paths)
        out.append(token)
    return out


def url_slug_words(url: str) -> list[str]:
    """The topic words of the URL's most wordy path segment; [] when it has no readable slug."""
    path = urlsplit(url).path
    best: list[str] = []
    for segment in path.split("/"):
        words = _words(segment)
        if len(words) >= len(best):
            best = words
    return best if len(best) >= MIN_SLUG_WORDS else []


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= MIN_PREFIX and long_.startswith(short)


def title_matches_url(title: str, url: str) -> bool | None:
    """Whether a title and the slug of its URL share a topic word.

    Returns None when the URL has no readable slug (short links such as ``p.dw.com/p/49TgE``,
    numeric ids, a section name plus an id), so no verdict can be given from the address alone.

    The test is deliberately conservative: it answers False only when the slug and the title
    have no topic word in common (after transliterating non-Latin scripts, dropping glue words
    and ids, and matching a word with its longer forms: flee/fleeing, Russia/Russians). A False
    is therefore strong evidence that the citation links the wrong page; a True only means the
    pair is not obviously wrong, since sites often publish one story under two headlines.
    """
    slug = url_slug_words(url)
    if not slug:
        return None
    words = _words(title)
    return any(_same_word(s, w) for s in slug for w in words)
