"""The words of the text that decided each field of a claim, for a reviewer to see why a rule
fired (FoundIn.cues): the number as written, the verb or noun that gave the measure, the
qualifier's words, the place names, the time expressions and the noun of the group."""

from __future__ import annotations

from collections.abc import Sequence

from emigre.extract.dates import TimeExpr
from emigre.extract.measure import Cue
from emigre.extract.places import PlaceMention
from emigre.extract.quantities import Quantity


def _nearest(code: str | None, places: Sequence[PlaceMention], pos: int) -> str | None:
    """The words of the mention of a country nearest to a number."""
    if code is None:
        return None
    same = [p for p in places if p.code == code]
    if not same:
        return None
    return min(same, key=lambda p: abs(p.start - pos)).text.rstrip(".")


def deciding_words(
    text: str,
    q: Quantity,
    measure_cues: Sequence[Cue],
    qualifier: str | None,
    origin_destination: tuple[str | None, str | None],
    places: Sequence[PlaceMention],
    times: Sequence[TimeExpr],
    group: str | None,
) -> dict[str, str]:
    """Field -> the exact words of the text that decided it (fields the text did not decide,
    such as a destination carried over from an earlier sentence, are left out)."""
    out: dict[str, str] = {"value": q.text}
    if measure_cues:
        out["measure"] = " … ".join(text[a:b] for a, b, _ in sorted(measure_cues))
    if qualifier:
        out["qualifier"] = qualifier
    origin, destination = origin_destination
    for key, code in (("origin", origin), ("destination", destination)):
        words = _nearest(code, places, q.start)
        if words:
            out[key] = words
    if times:
        out["period"] = " … ".join(t.text for t in times)
    if group:
        out["group"] = group.strip()
    return out
