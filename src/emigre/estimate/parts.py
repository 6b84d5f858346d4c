"""A total and its parts (Claim.counting.part_of) are one report, not independent ones.

Three kinds of part, by how the part's figure relates to its total's:
  a restatement   the same figure for the same place and period (a rounded "about 98,000"
                  beside the exact 98,000): counted once, as the total;
  a sub-period    the same place over part of the period (monthly figures of a yearly
                  total): the total speaks only for the rest of its period;
  a destination   a place of a total over all destinations (The Bell's country figures):
                  the total speaks only for the other destinations.
The rest is the total minus the parts' stated figures, its error carried onto the rest
(noise times total / rest, at most REST_NOISE_CAP); a total its parts account for (a rest
under 5 % of it, or under a week of the case) is left out.
"""

from __future__ import annotations

import math

from emigre.estimate.evidence import Observation, Status

REST_NOISE_CAP = 1.0
SAME_DAYS = 7.0


def _central(o: Observation) -> float:
    return math.exp(0.5 * (o.log_low + o.log_high))


def _restates(p: Observation, total: Observation) -> bool:
    if p.place != total.place or (p.t0 is None) != (total.t0 is None):
        return False
    same_start = p.t0 is None or abs(p.t0 - (total.t0 or 0.0)) <= SAME_DAYS
    return same_start and abs(p.t1 - total.t1) <= SAME_DAYS


def _sub_period(p: Observation, total: Observation) -> bool:
    if p.place != total.place or p.t0 is None or total.t0 is None:
        return False
    return total.t0 - 1 <= p.t0 and p.t1 <= total.t1 + 1


def _destination(p: Observation, total: Observation) -> bool:
    return (
        total.place is None
        and p.place is not None
        and p.t1 == total.t1
        and ((p.t0 is None) == (total.t0 is None))
    )


def _uncovered_days(total: Observation, parts: list[Observation]) -> float:
    """Days of the total's period (inside the case) that no sub-period part covers."""
    spans = sorted((p.t0 or 0.0, p.t1) for p in parts)
    covered, at = 0.0, total.t0 or 0.0
    for a, b in spans:
        a, b = max(a, at), min(b, total.t1)
        if b > a:
            covered += b - a
            at = b
    return (total.t1 - (total.t0 or 0.0)) - covered


def _set_reason(statuses: list[Status], k: int, note: str, drop: bool = False) -> None:
    for s in statuses:
        if s.observation != k:
            continue
        if drop:
            s.used, s.role, s.reason = False, "excluded", note
        elif s.used:
            s.reason = note if s.reason == "used as stated" else f"{s.reason}; {note}"


def resolve_parts(
    obs: list[Observation], statuses: list[Status], claim_ids: dict[int, str | None]
) -> list[Observation]:
    """Apply the rules above; returns the observations kept, renumbered in the statuses."""
    dropped: set[int] = set()
    for k, total in enumerate(obs):
        names = {claim_ids.get(i) for i in total.items} - {None}
        parts = [p for p in obs if p.part_of in names and p is not total and not p.forecast]
        if not parts or k in dropped:
            continue
        first = claim_ids.get(total.items[0]) or "its total"
        for j, p in enumerate(obs):
            if p in parts and _restates(p, total):
                dropped.add(j)
                _set_reason(statuses, j, f"restates claim {first} (its total): counted once", True)
        periods = [p for p in parts if _sub_period(p, total) and not _restates(p, total)]
        places = [p for p in parts if _destination(p, total)]
        chosen = periods or places
        if not chosen:
            continue
        counted = sum(_central(p) for p in chosen)
        high = math.exp(total.log_high) - counted
        what = f"{len(chosen)} of its parts ({counted:,.0f}) are in the evidence"
        short = periods and _uncovered_days(total, periods) < SAME_DAYS
        if short or high <= 0.05 * math.exp(total.log_high):
            dropped.add(k)
            _set_reason(statuses, k, f"a total: {what} and account for it", True)
            continue
        low = max(math.exp(total.log_low) - counted, 1.0)
        total.sigma = min(total.sigma * math.exp(total.log_high) / high, REST_NOISE_CAP)
        total.noise = max(total.noise, total.sigma)
        total.log_low, total.log_high = math.log(low), math.log(high)
        if periods:
            total.minus = tuple((p.t0 or 0.0, p.t1) for p in periods)
            rest = "the rest of its period"
        else:
            total.without = tuple(sorted({p.place for p in places if p.place}))
            rest = "the rest over the other destinations"
        note = f"a total: {what}, so it is read as {rest}"
        total.notes.append(note)
        _set_reason(statuses, k, note)
    if not dropped:
        return obs
    kept = [k for k in range(len(obs)) if k not in dropped]
    new = {old: n for n, old in enumerate(kept)}
    for s in statuses:
        if s.observation is not None:
            s.observation = new.get(s.observation)
    return [obs[k] for k in kept]
