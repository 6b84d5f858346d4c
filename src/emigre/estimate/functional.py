"""Which latent numbers each observation adds up: the terms of its figure.

A figure is a weighted sum of the stacked series at weekly points (interpolated within
weeks). Some terms carry a stay multiplier, a function of the stay parameters computed in
the kernel (kernels.stay_filters): a duration criterion keeps the arrivals still present
after N days; a cohort stock takes off the stock present when the cohort began, times its
survival to the end. A survey share has a denominator (the departures it is a share of).
The arrays are one CSR matrix with, per entry, its multiplier (-1: none) and whether it
belongs to the denominator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emigre.estimate.evidence import Observation

ARRIVAL_STAY, SETTLED_SURVIVAL = 0, 1


@dataclass
class Terms:
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    filt: np.ndarray
    den: np.ndarray
    has_den: np.ndarray
    f_kind: np.ndarray
    f_k: np.ndarray
    f_w: np.ndarray


class _Builder:
    def __init__(self, post: object) -> None:
        from emigre.estimate.posterior import Posterior

        assert isinstance(post, Posterior)
        self.post = post
        self.lay = post.layout
        self.T1 = post.layout.T + 1
        self.filters: dict[tuple[int, int, float], int] = {}
        self.entries: list[tuple[int, float, int, bool]] = []

    def filter(self, kind: int, k: int, weeks: float) -> int:
        return self.filters.setdefault((kind, k, round(weeks, 9)), len(self.filters))

    def add(self, row: int, t: float, sign: float, filt: int = -1, den: bool = False) -> None:
        for n, w in self.post.grid.weights(max(t, 0.0)):
            if w:
                self.entries.append((row * self.T1 + n, sign * w, filt, den))

    def places(self, o: Observation) -> list[int]:
        """Destination indices the figure covers (all but a total's parts when `without`)."""
        post = self.post
        if o.place is not None:  # a place the fit does not model: "other" (predictions)
            return [post.place_index.get(o.place, self.lay.K)]
        left_out = {post.place_index[p] for p in o.without if p in post.place_index}
        return [k for k in range(self.lay.K1) if k not in left_out]

    def flow(self, series: str, ks: list[int] | None, t0: float, t1: float, **kw: object) -> None:
        """A cumulative series' change over (t0, t1]; departures when ks is None."""
        rows = [(0, -1)] if ks is None else [(self.lay.row(series, k), k) for k in ks]
        stay = kw.get("stay")
        den = bool(kw.get("den", False))
        sign = float(kw.get("sign", 1.0))  # type: ignore[arg-type]
        for r, k in rows:
            f = self.filter(ARRIVAL_STAY, k, float(stay)) if stay and k >= 0 else -1  # type: ignore[arg-type]
            self.add(r, t1, sign, f, den)
            if t0 > 0:
                self.add(r, t0, -sign, f, den)

    def observation(self, o: Observation) -> None:
        lay = self.lay
        ks = self.places(o)
        if o.share == "returned" and o.min_stay_weeks:
            self.survey_returned(o, ks)
            return
        if o.share is not None:
            t0 = o.cohort_t0 or 0.0
            for k in ks:
                self.add(lay.row("returns", k), o.t1, 1.0 if o.share == "returned" else -1.0)
                if t0 > 0:
                    self.add(lay.row("returns", k), t0, -1.0 if o.share == "returned" else 1.0)
                if o.share == "moved_onward":  # leavers who did not go back
                    self.flow("leavers", [k], t0, o.t1)
            self.flow("departures", None, t0, o.t1, den=True)
            return
        if o.t0 is None:  # a level
            at = o.t1 - 7.0 * (o.min_stay_weeks or 0.0)
            for k in ks:
                r = lay.row("stock", k)
                if o.min_stay_weeks:
                    self.add(r, at, 1.0, self.filter(SETTLED_SURVIVAL, k, o.min_stay_weeks))
                else:
                    self.add(r, o.t1, 1.0)
                if o.cohort_t0 is not None and o.cohort_t0 > 0:
                    weeks = (o.t1 - o.cohort_t0) / 7.0
                    self.add(r, o.cohort_t0, -1.0, self.filter(SETTLED_SURVIVAL, k, weeks))
            return
        series, where = o.series, ks
        if series == "departures" and (o.without or o.min_stay_weeks):
            series = "arrivals"  # who stayed N days, or the rest of a total: where they went
        elif series == "departures":
            where = None
        self.flow(series, where, o.t0, o.t1, stay=o.min_stay_weeks)
        for a, b in o.minus:  # a total's sub-period parts, taken out
            self.flow(series, where, a, b, stay=o.min_stay_weeks, sign=-1.0)

    def survey_returned(self, o: Observation, ks: list[int]) -> None:
        """A survey's share of emigrants back home: of the arrivals since the cohort (or the
        case start) still abroad after the survey's minimum stay, those no longer abroad at
        its end (the arrivals so filtered, minus the stock then, minus for a cohort what was
        there at its start and still is)."""
        lay = self.lay
        t0 = o.cohort_t0 or 0.0
        weeks = o.min_stay_weeks or 0.0
        for den in (False, True):
            self.flow("arrivals", ks, t0, o.t1, stay=weeks, den=den)
        for k in ks:
            r = lay.row("stock", k)
            self.add(r, o.t1, -1.0)
            if t0 > 0:
                self.add(r, t0, 1.0, self.filter(SETTLED_SURVIVAL, k, (o.t1 - t0) / 7.0))

    def terms(self, obs: list[Observation]) -> Terms:
        indptr = [0]
        has_den = []
        merged: list[tuple[int, float, int, bool]] = []
        for o in obs:
            self.entries = []
            self.observation(o)
            # entries on one point of one series add up (as a sparse matrix sums duplicates),
            # in the order of the points
            summed: dict[tuple[int, int, bool], float] = {}
            for col, w, f, den in self.entries:
                summed[(col, f, den)] = summed.get((col, f, den), 0.0) + w
            merged += [(c, w, f, d) for (c, f, d), w in sorted(summed.items())]
            indptr.append(len(merged))
            has_den.append(o.share is not None)
        self.entries = merged
        cols = [e[0] for e in self.entries]
        keys = sorted(self.filters, key=self.filters.__getitem__)
        return Terms(
            indptr=np.array(indptr, dtype=np.int64),
            indices=np.array(cols, dtype=np.int64),
            data=np.array([e[1] for e in self.entries], dtype=float),
            filt=np.array([e[2] for e in self.entries], dtype=np.int64),
            den=np.array([e[3] for e in self.entries], dtype=np.bool_),
            has_den=np.array(has_den, dtype=np.bool_),
            f_kind=np.array([k[0] for k in keys], dtype=np.int64),
            f_k=np.array([k[1] for k in keys], dtype=np.int64),
            f_w=np.array([k[2] for k in keys], dtype=float),
        )


def build_terms(post: object, obs: list[Observation]) -> Terms:
    return _Builder(post).terms(obs)
