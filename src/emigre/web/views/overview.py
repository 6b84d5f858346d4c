"""The overview: headline figures as cards, the case in a few lines, freshness and method."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from emigre.model import Claim
from emigre.web.estimates import Band, EstimateView
from emigre.web.views import select
from emigre.web.views.evidence import Evidence
from emigre.web.views.links import Links
from emigre.web.views.text import number_text, short

DEFINITIONS = {
    "left": (
        "People who left the country since the case began and stayed abroad for a while, "
        "counted once each: not border crossings, not trips, and not tourists who came back "
        "within days."
    ),
    "remaining": (
        "Of the people who left, those living outside the country on the as-of date: "
        "departures less the people who have since returned."
    ),
    "wave": "People who left between the wave's first and last day, counted once each.",
}

METHOD_SUMMARY = (
    "Every figure starts as a claim: one number from a named source, with how it was put "
    "(exact, about, at least, at most, a range), what it counts (departures, people present, "
    "registrations, applications) and its period. The estimate treats these as noisy, partial "
    "measurements of a few hidden quantities (cumulative departures, arrivals and people "
    "present in each destination, returns), allows each kind of measure its own bias and "
    "coverage, reads bounds as bounds, and reports a median with 80 % and 95 % intervals. "
    "Claims that the rest of the evidence contradicts are marked rather than dropped."
)


@dataclass
class Card:
    id: str
    title: str
    definition: str
    basis: str
    """'estimate' or 'claims'."""
    headline: str
    as_of: dt.date | None
    band: Band | None
    detail: str
    claims_url: str
    n_claims: int


def _claims_card(card_id: str, title: str, definition: str, claims: list[Claim], url: str) -> Card:
    """A card made of the claims alone: the latest accepted figure and how far claims differ."""
    # A plain figure or a range says more than a bound: prefer them, then the newest.
    ranked = sorted(
        claims,
        key=lambda c: (
            c.qualifier in ("at_least", "at_most"),
            c.state != "accepted",
            -(c.end or dt.date.min).toordinal(),
        ),
    )
    latest = ranked[0] if ranked else None
    sp = select.spread(claims)
    if latest is None:
        headline, detail = "no claim yet", "No claim about this in the evidence base."
    else:
        headline = number_text(latest)
        detail = f"Latest {'bound' if latest.qualifier in ('at_least', 'at_most') else 'figure'}"
        detail += f" of {len(claims)} claim{'s' if len(claims) != 1 else ''}"
        if sp and sp[0] != sp[1]:
            detail += f", ranging from {short(sp[0])} to {short(sp[1])}"
        detail += "."
    return Card(
        id=card_id,
        title=title,
        definition=definition,
        basis="claims",
        headline=headline,
        as_of=latest.end if latest else None,
        band=None,
        detail=detail,
        claims_url=url,
        n_claims=len(claims),
    )


def _estimate_card(
    card_id: str,
    title: str,
    definition: str,
    band: Band,
    as_of: dt.date,
    claims: list[Claim],
    url: str,
) -> Card:
    return Card(
        id=card_id,
        title=title,
        definition=definition,
        basis="estimate",
        headline=short(band.median),
        as_of=as_of,
        band=band,
        detail=(
            f"Informed by {len(claims)} claim{'s' if len(claims) != 1 else ''} on this figure."
            if claims
            else "No claim measures this period alone: the estimate reads it from the "
            "figures on the periods around it."
        ),
        claims_url=url,
        n_claims=len(claims),
    )


def behind(links: Links, case_id: str, claims: list[Claim]) -> str:
    """The evidence page listing exactly these claims, so its count is the card's."""
    return links.evidence(case_id, id=",".join(str(c.id) for c in claims), sort="-end")


def cards(ev: Evidence, est: EstimateView | None, links: Links) -> list[Card]:
    case = ev.case
    usable = ev.usable
    left = [c for c in usable if select.cumulative_departures(c, case)]
    remaining = [c for c in usable if select.remaining_abroad(c)]
    left_url = behind(links, case.id, left)
    rem_url = behind(links, case.id, remaining)
    out: list[Card] = []
    if est is not None and est.departures:
        last = est.departures[-1]
        out.append(
            _estimate_card("left", "Left", DEFINITIONS["left"], last, last.date, left, left_url)
        )
    else:
        out.append(_claims_card("left", "Left", DEFINITIONS["left"], left, left_url))
    if est is not None and est.remaining_abroad is not None:
        r = est.remaining_abroad
        out.append(
            _estimate_card(
                "remaining",
                "Remaining abroad",
                DEFINITIONS["remaining"],
                r,
                r.date,
                remaining,
                rem_url,
            )
        )
    else:
        out.append(
            _claims_card(
                "remaining", "Remaining abroad", DEFINITIONS["remaining"], remaining, rem_url
            )
        )
    for wave in case.waves:
        in_wave = [
            c
            for c in usable
            if select.is_total(c) and c.measure == "flow" and select.within(c, wave.start, wave.end)
        ]
        url = behind(links, case.id, in_wave)
        band = est.waves.get(wave.id) if est is not None else None
        title = f"{wave.name} ({wave.start:%b %Y}–{wave.end:%b %Y})" if wave.end else wave.name
        if band is not None and est is not None:
            out.append(
                _estimate_card(
                    f"wave-{wave.id}",
                    title,
                    DEFINITIONS["wave"],
                    band,
                    wave.end or est.as_of,
                    in_wave,
                    url if in_wave else left_url,
                )
            )
        else:
            out.append(_claims_card(f"wave-{wave.id}", title, DEFINITIONS["wave"], in_wave, url))
    return out
