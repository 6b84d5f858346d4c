"""The closed word lists of the evidence model, shared by every subpackage."""

from __future__ import annotations

from typing import Literal, get_args

Qualifier = Literal["exact", "about", "at_least", "at_most", "range"]
"""How a figure was put: a plain count, approximately, a lower bound, an upper bound, or a range."""

Measure = Literal["flow", "stock", "registration", "application", "forecast", "return"]
"""What a figure counts; each relates differently to who actually left (docs/method.md)."""

Included = Literal[
    "earlier_residents",  # people who were already there before the case began (permits held)
    "other_nationals",  # people of other citizenships (labour migrants in a departures register)
    "repeat_entries",  # the same person counted at each crossing
    "renewals",  # the same person counted at each permit renewal
    "short_visits",  # tourists and business trips, not only people who moved
]
"""What else a figure counts besides the people who moved (Claim.counting.includes)."""

CountingUnit = Literal["people", "documents", "crossings"]
"""What one counted item is: documents and crossings can count one person several times."""

ReviewState = Literal["extracted", "accepted", "rejected", "disputed"]

ClaimFlag = Literal[
    "unverified",  # the document itself marks it as not supported ("not verified in body")
    "dated",  # the document marks it as out of date ("dated info")
    "forecast",  # an expectation, not a count
    "broken_citation",  # its cited reference is missing a title or its title does not match its URL
    "citation_inferred",  # the sentence cites nothing; linked to the paragraph's next citation
    "vague",  # a magnitude rather than a number ("hundreds of thousands")
    "derived",  # computed by the document from its other figures (a sum), not reported
    "uncited",  # no reference supports it; the document itself is the only source
]

SourceKind = Literal["official", "news", "ngo", "academic", "wiki"]

SourceFlag = Literal[
    "missing_title",  # the reference has no title ("Error: no |title= specified")
    "title_mismatch",  # the title does not describe the page its URL points to
    "undated",  # the reference gives no publication date
    "publisher_from_url",  # the reference names no publisher; it was read off the URL's host
]

EventKind = Literal[
    "invasion",
    "law",
    "decree",
    "mobilization",
    "border_closure",
    "route_suspension",
    "visa_policy",
    "refuge_policy",
    "asylum_policy",
    "statement",
    "deportation",
    "other",
]

PolicyMeasure = Literal[
    "visa_free",  # entry without a visa, usually for a stay of `days`
    "stay_limit",  # visa-free or visa stays capped at `days` within a period
    "visa_required",  # a visa regime introduced where there was none
    "visas_suspended",  # consulates stop issuing visas
    "entry_banned",  # entry refused even with a valid visa
    "refuses_refuge",  # declared it will not shelter people fleeing (mobilisation)
    "offers_asylum",  # declared willingness to grant protection
    "humanitarian_visas",  # a programme of humanitarian visas or admissions
    "residence_restricted",  # residence permits harder to get or keep
]

QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
MEASURES: tuple[str, ...] = get_args(Measure)
REVIEW_STATES: tuple[str, ...] = get_args(ReviewState)
CLAIM_FLAGS: tuple[str, ...] = get_args(ClaimFlag)
INCLUDED: tuple[str, ...] = get_args(Included)
COUNTING_UNITS: tuple[str, ...] = get_args(CountingUnit)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
SOURCE_FLAGS: tuple[str, ...] = get_args(SourceFlag)
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
POLICY_MEASURES: tuple[str, ...] = get_args(PolicyMeasure)
