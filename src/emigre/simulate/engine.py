"""The day-by-day engine: exact cohorts of identical agents, moved with binomial and multinomial
draws, so a day costs time in proportion to places and routes, not to people.

Agents who share a state (where they are, the links still ahead of them, nights left on a link)
are interchangeable: drawing how many of a cohort of n move with Binomial(n, p), and where the
movers go with Multinomial(movers, path probabilities), gives the same joint distribution as
drawing for each agent alone. Rules are in `rules.py`; docs/simulation.md explains them.

Usage (Mesa-like)::

    sim = Simulation(scenario, seed=1)
    sim.step()            # one day
    result = sim.run()    # the remaining days; result.occupancy[day, place]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from emigre.errors import InputError
from emigre.model.scenario import (
    ClosureKind,
    Intervention,
    InterventionKind,
    PlaceKind,
    Rules,
    Scenario,
)
from emigre.simulate import rules as R
from emigre.simulate.graph import Graph, compile_graph
from emigre.simulate.series import corrected, daily_counts

_EPS = 1e-9
_MAX_HOPS = 64  # same-day hops before a traveller is made to stop (guards 0 km loops)
FRESH, SETTLED = 0, 1


@dataclass
class Result:
    """What a run produced: one row per day, one column per place."""

    scenario: str
    start_date: dt.date
    places: list[str]
    occupancy: np.ndarray  # (days, places): agents at each place at the end of each day
    arrivals: np.ndarray  # (days, places): agents arriving at each place during each day
    spawned: np.ndarray  # (days,)
    in_transit: np.ndarray  # (days,): agents on a link at the end of each day
    hasten: int = 1
    seed: int | None = None
    meta: dict[str, object] = field(default_factory=dict)
    onward: np.ndarray | None = None
    """(days, places): the part of `arrivals` that came over a link from a place abroad (in
    another country than the first place's): moves on between destinations, not first
    arrivals from the origin country."""

    def first_arrivals(self) -> np.ndarray:
        """(days, places): arrivals over a link from the origin country."""
        return self.arrivals if self.onward is None else self.arrivals - self.onward

    @property
    def days(self) -> int:
        return self.occupancy.shape[0]

    def dates(self) -> list[dt.date]:
        return [self.start_date + dt.timedelta(days=d) for d in range(self.days)]

    def place(self, name: str) -> np.ndarray:
        return self.occupancy[:, self.places.index(name)]

    def records(self) -> list[dict[str, object]]:
        """The tidy table: one record per place and day."""
        out = []
        for d, date in enumerate(self.dates()):
            for j, name in enumerate(self.places):
                out.append(
                    {
                        "day": d,
                        "date": date.isoformat(),
                        "place": name,
                        "agents": int(self.occupancy[d, j]),
                        "arrivals": int(self.arrivals[d, j]),
                        "people": int(self.occupancy[d, j]) * self.hasten,
                    }
                )
        return out

    def to_csv(self, path: str | Path) -> None:
        import csv

        rows = self.records()
        with Path(path).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["day"])
            writer.writeheader()
            writer.writerows(rows)


class Simulation:
    """One run of a scenario; `step()` advances a day, `run()` to the end."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        rules: Rules | None = None,
        days: int | None = None,
        backend: str = "auto",
    ) -> None:
        from emigre.simulate import compiled

        if backend not in ("auto", "numba", "numpy"):
            raise ValueError(f"unknown backend {backend!r} (auto, numba or numpy)")
        if backend == "numba" and not compiled.available():
            raise ValueError("the numba backend needs the numba package")
        self.backend = "numba" if backend == "auto" and compiled.available() else backend
        if self.backend == "auto":
            self.backend = "numpy"
        self.scenario = scenario
        self.rules = rules or scenario.rules
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.days = days or scenario.days
        self.g: Graph = compile_graph(scenario, self.rules)
        self.day = 0
        self._setup_places()
        self._setup_inputs()
        self._setup_state()

    # --- set-up ----------------------------------------------------------------------------

    def _setup_places(self) -> None:
        g, r = self.g, self.rules
        n = g.n_places
        self.is_camp = np.array([k in (PlaceKind.camp, PlaceKind.idpcamp) for k in g.kind])
        self.is_idp = np.array([k == PlaceKind.idpcamp for k in g.kind])
        self.intensity = np.full(n, -1.0)
        self.onset = np.full(n, R.NEVER, dtype=np.int64)
        mc = np.full(n, r.default_movechance)
        for i, (kind, place) in enumerate(zip(g.kind, self.scenario.places, strict=True)):
            if kind == PlaceKind.camp:
                mc[i] = r.camp_movechance
            elif kind == PlaceKind.idpcamp:
                mc[i] = r.idpcamp_movechance
            elif kind == PlaceKind.conflict_zone and (place.conflict_date or 0) <= 0:
                mc[i] = r.conflict_movechance
                self.intensity[i] = float(place.attributes.get("conflict_intensity", 1.0))
            elif kind in (PlaceKind.forwarding_hub, PlaceKind.marker):
                mc[i] = 1.0
        # a place people hardly ever leave behaves as a camp
        self.is_camp |= mc < 0.005
        for i, place in enumerate(self.scenario.places):
            if place.movechance is not None:
                mc[i] = place.movechance
        self.movechance = mc
        self.hub = np.array([k in (PlaceKind.forwarding_hub, PlaceKind.marker) for k in g.kind])
        self.pop = g.pop.copy()
        self.attract = np.array([p.attractiveness for p in self.scenario.places], dtype=float)

    def _setup_inputs(self) -> None:
        sc, T = self.scenario, self.days
        conflicts = sc.conflicts
        if not conflicts:
            # no conflicts.csv: conflict zones start on their conflict_date (as Flee does)
            conflicts = {
                p.name: [1.0 if d >= (p.conflict_date or 0) else 0.0 for d in range(T)]
                for p in sc.places
                if p.kind == PlaceKind.conflict_zone and (p.conflict_date or 0) > 0
            }
        self.conflict_names = [n for n in conflicts if n in self.g.index]
        cols = [self.g.index[n] for n in self.conflict_names]
        self.conflict_cols = np.array(cols, dtype=np.int64)
        if cols:
            lengths = {len(conflicts[n]) for n in self.conflict_names}
            if min(lengths) < T:
                raise InputError(
                    f"conflicts.csv has {min(lengths)} days of data but the run lasts {T} days "
                    "(Flee 3.1 stops there too, with an IndexError)",
                    file="conflicts.csv",
                )
            self.conflict_table = np.array([conflicts[n][:T] for n in self.conflict_names]).T
        else:
            self.conflict_table = np.zeros((T, 0))
        self._conflict_changes = self._changes_by_day(self.conflict_table)
        self._decay_cache: tuple[int, np.ndarray] | None = None
        if sc.spawn_total is not None:
            self.spawn_totals = daily_counts(sc.spawn_total, T, self.rules.hasten)
        else:
            self.spawn_totals = np.zeros(T, dtype=np.int64)
        self.spawn_debt = 0
        self._unplaced = 0
        self._staged: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
        self.closures_by_day: dict[int, list[tuple[str, object]]] = {}
        for c in sc.closures:
            self.closures_by_day.setdefault(c.start_day, []).append(("close", c))
            if c.end_day >= 0:
                self.closures_by_day.setdefault(c.end_day, []).append(("open", c))
        for k, iv in enumerate(sc.interventions):
            self.closures_by_day.setdefault(iv.start_day, []).append(("start", (k, iv)))
            if iv.end_day >= 0:
                self.closures_by_day.setdefault(iv.end_day, []).append(("end", (k, iv)))
        self._saved: dict[int, object] = {}

    def _setup_state(self) -> None:
        g, r = self.g, self.rules
        L, S, E = g.n_places, g.n_states, g.n_links
        self.classes = 2 if r.start_on_foot else 1
        self.modes = 2 if (r.start_on_foot or bool((g.walk_p > 0).any())) else 1
        speeds = [g.speed, np.full(E, r.max_walk_speed)][: self.modes]
        timing = [R.link_timing(g.dist, s, r.finish_on_reach) for s in speeds]
        self.nights = np.stack([t[0] for t in timing])  # (modes, E)
        self.used = np.stack([t[1] for t in timing])  # (modes, E)
        width = int(self.nights.max()) + 2
        self.place = np.zeros((self.classes, L), dtype=np.int64)
        self.pend = np.zeros(S, dtype=np.int64)
        self.onlink = np.zeros((self.modes, S, width), dtype=np.int64)
        self.bounce = np.zeros((self.modes, S, width), dtype=np.int64)
        self.link_open = np.ones(E + 1, dtype=bool)  # last entry: padding, always open
        self._cand_open = self._compute_cand_open()
        self.entered_today = np.zeros(E, dtype=np.int64)
        self.history_occ = np.zeros((self.days, L), dtype=np.int64)
        self.history_arr = np.zeros((self.days, L), dtype=np.int64)
        self.history_onward = np.zeros((self.days, L), dtype=np.int64)
        self.history_spawn = np.zeros(self.days, dtype=np.int64)
        self.history_transit = np.zeros(self.days, dtype=np.int64)
        self._arr_today = np.zeros(L, dtype=np.int64)
        self._onward_today = np.zeros(L, dtype=np.int64)
        if r.insert_day0 and self.scenario.observed:
            for s in self.scenario.observed:
                i = g.index.get(s.name)
                if i is None or not self.is_camp[i]:
                    continue
                fixed = corrected(s, self.scenario.corrections, self.scenario)
                self.place[0, i] += int(daily_counts(fixed, 1, r.hasten)[0])

    def _compute_cand_open(self) -> np.ndarray:
        g = self.g
        links = np.where(g.cand_links >= 0, g.cand_links, g.n_links)
        return (g.cand >= 0) & self.link_open[links].all(axis=2)

    # --- the day ---------------------------------------------------------------------------

    def step(self) -> None:
        """One day: conflicts, spawning, closures, then every agent decides and travels."""
        t = self.day
        if t >= self.days:
            raise RuntimeError("the run is over")
        self._update_conflicts(t)
        self._spawn(t)
        for action, closure in self.closures_by_day.get(t, ()):
            self._apply_closure(action, closure)  # type: ignore[arg-type]
        self._refresh_attraction(t)
        self._arr_today[:] = 0
        self._onward_today[:] = 0
        self.entered_today[:] = 0
        if self.backend == "numba":
            self._move_compiled()
        else:
            self._move()
        occ = self.place.sum(axis=0) + np.bincount(
            self.g.src[self.g.rs_link], weights=self.pend, minlength=self.g.n_places
        ).astype(np.int64)
        self.history_occ[t] = occ
        self.history_arr[t] = self._arr_today
        self.history_onward[t] = self._onward_today
        self.history_transit[t] = int(self.onlink.sum() + self.bounce.sum())
        self.day += 1

    def run(self, progress: Callable[[int], None] | None = None) -> Result:
        while self.day < self.days:
            self.step()
            if progress is not None:
                progress(self.day)
        return self.result()

    def result(self) -> Result:
        n = self.day
        return Result(
            scenario=self.scenario.name,
            start_date=self.scenario.start_date,
            places=list(self.g.names),
            occupancy=self.history_occ[:n].copy(),
            arrivals=self.history_arr[:n].copy(),
            spawned=self.history_spawn[:n].copy(),
            in_transit=self.history_transit[:n].copy(),
            hasten=self.rules.hasten,
            seed=self.seed,
            onward=self.history_onward[:n].copy(),
        )

    # --- inputs of the day -----------------------------------------------------------------

    @staticmethod
    def _changes_by_day(table: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Day -> (columns whose conflict starts, columns whose conflict stops) that day, for
        the days with any: found once for the whole table, not day by day."""
        if not table.shape[1]:
            return {}
        before = np.vstack([np.zeros_like(table[:1]), table[:-1]])
        first = np.zeros((len(table), 1), dtype=bool)
        first[:1] = True
        start = (table > 1e-6) & ((before < 1e-6) | first)
        stop = (table < 1e-6) & (before == 1.0) & ~first
        days = np.flatnonzero(start.any(axis=1) | stop.any(axis=1))
        return {int(t): (np.flatnonzero(start[t]), np.flatnonzero(stop[t])) for t in days}

    def _update_conflicts(self, t: int) -> None:
        change = self._conflict_changes.get(t)
        if change is None:
            return
        start, stop = change
        cols = self.conflict_cols
        r = self.rules
        if len(start):
            idx = cols[start]
            self.movechance[idx] = r.conflict_movechance
            self.intensity[idx] = self.conflict_table[t, start]
            self.onset[idx] = t
            self._decay_cache = None
        if len(stop):
            idx = cols[stop]
            self.movechance[idx] = r.default_movechance
            self.intensity[idx] = -1.0

    def _decay(self, t: int) -> np.ndarray:
        """Each place's conflict decay on day t (asked twice a day: worked out once)."""
        if self._decay_cache is None or self._decay_cache[0] != t:
            decay = R.conflict_decay(t - self.onset, self.rules.conflict_spawn_decay)
            self._decay_cache = (t, decay)
        return self._decay_cache[1]

    def _spawn(self, t: int) -> None:
        if self.rules.conflict_driven is not None:
            self._spawn_from_conflicts(t)
            return
        today = int(self.spawn_totals[t])
        yesterday = int(self.spawn_totals[t - 1]) if t > 0 else 0
        new, self.spawn_debt = R.new_spawns(today, yesterday, self.spawn_debt)
        if t == 0 and self.rules.insert_day0:
            new = 0
        new += self._unplaced
        self._unplaced = 0
        if new <= 0:
            return
        w = R.spawn_weights(self.pop, self.intensity, self._decay(t))
        total = w.sum()
        if total <= 0:  # nowhere to appear yet: keep them for the first day there is
            self._unplaced = new
            return
        drawn = self.rng.multinomial(new, w / total)
        self.place[0] += drawn
        if self.rules.take_from_population:
            self.pop = np.maximum(self.pop - drawn, 0.0)
        self.history_spawn[t] = new

    def _spawn_from_conflicts(self, t: int) -> None:
        """Flee's conflict_driven_spawning: every zone at war spawns by itself each day."""
        cd = self.rules.conflict_driven
        assert cd is not None
        at_war = self.intensity > 0
        rate = cd.displaced_per_conflict_day * np.maximum(self.intensity, 0.0)
        if cd.spawn_mode == "pop_ratio":
            rate = rate * self.pop
        drawn = np.where(at_war, np.floor(rate + _EPS), 0).astype(np.int64)
        if self.rules.take_from_population:
            drawn = np.minimum(drawn, self.pop.astype(np.int64))
            self.pop = np.maximum(self.pop - drawn, 0.0)
        self.place[0] += drawn
        self.history_spawn[t] = int(drawn.sum())

    def _links_of_closure(self, kind: ClosureKind, a: str, b: str) -> np.ndarray:
        g = self.g
        if kind == ClosureKind.country:
            cs = np.array(g.country)
            s, d = cs[g.src], cs[g.dst]
            return ((s == a) & (d == b)) | ((s == b) & (d == a))
        if kind == ClosureKind.location:
            i = g.index[a]
            return (g.src == i) | (g.dst == i)
        i, j = g.index[a], g.index[b]
        return ((g.src == i) & (g.dst == j)) | ((g.src == j) & (g.dst == i))

    def _apply_intervention(self, action: str, k: int, iv: Intervention) -> None:
        """Rule changes by date: a daily cap on a route, a place's pull or move chance."""
        g = self.g
        i = g.index[iv.a]
        if iv.kind == InterventionKind.cap:
            j = g.index[iv.b]
            links = np.flatnonzero(((g.src == i) & (g.dst == j)) | ((g.src == j) & (g.dst == i)))
            if action == "start":
                self._saved[k] = g.cap_day[links].copy()
                g.cap_day[links] = int(iv.value)
            elif k in self._saved:
                g.cap_day[links] = self._saved.pop(k)
            return
        target = self.attract if iv.kind == InterventionKind.attractiveness else self.movechance
        if action == "start":
            self._saved[k] = float(target[i])
            value = iv.value * target[i] if iv.factor else iv.value
            target[i] = min(value, 1.0) if iv.kind == InterventionKind.movechance else value
        elif k in self._saved:
            saved = self._saved.pop(k)
            clipped = iv.kind == InterventionKind.movechance and target[i] >= 1.0
            if iv.factor and iv.value > 0 and not clipped:
                # undo only this change: factors that overlap (a calibrated pull by period,
                # a what-if's visa rule) compose in any order
                target[i] = target[i] / iv.value
            else:
                target[i] = saved

    def _apply_closure(self, action: str, c: object) -> None:
        from emigre.model.scenario import Closure

        if action in ("start", "end"):
            k, iv = c  # type: ignore[misc]
            self._apply_intervention(action, k, iv)
            return

        assert isinstance(c, Closure)
        r = self.rules
        if c.kind in (ClosureKind.camp, ClosureKind.idpcamp):
            i = self.g.index[c.name1]
            if action == "close":  # the camp stops being one
                self.is_camp[i] = self.is_idp[i] = False
                self.movechance[i] = r.default_movechance
            else:
                idp = c.kind == ClosureKind.idpcamp
                self.is_camp[i], self.is_idp[i] = True, idp
                self.movechance[i] = r.idpcamp_movechance if idp else r.camp_movechance
            self.intensity[i] = -1.0
            return
        if c.kind == ClosureKind.remove_forced_redirection:
            return  # forced redirection has no effect on movement in Flee 3.1 either
        mask = self._links_of_closure(c.kind, c.name1, c.name2)
        links = np.flatnonzero(mask)
        if action == "close":
            newly = links[self.link_open[links]]
            self.link_open[newly] = False
            # travellers already on a link that closes are turned back when they reach its end
            on = np.isin(self.g.rs_link, newly)
            self.bounce[:, on] += self.onlink[:, on]
            self.onlink[:, on] = 0
        else:
            self.link_open[links] = True
        self._cand_open = self._compute_cand_open()

    def _refresh_attraction(self, t: int) -> None:
        g = self.g
        decay = self._decay(t)
        self.score = (
            R.place_scores(g.foreign, self.is_camp, self.intensity, decay, self.rules)
            * self.attract
        )
        r = self.rules
        if r.use_pop_for_loc_weight:  # Flee 3.1: x min(1, population) ^ power, camps aside
            town_pull = np.minimum(1.0, self.pop) ** r.pop_power_for_loc_weight
            self.score = self.score * np.where(self.is_camp, 1.0, town_pull)
        self.forced = np.zeros(g.n_places, dtype=bool)
        if r.avoid_short_stints:  # Flee's town: not a camp, not at war, not a hub or marker
            self.forced = ~self.is_camp & (self.intensity <= 0) & ~self.hub
        self.mc_eff = self.movechance
        if r.movechance_pop_scale_factor != 0.0:
            size = np.maximum(self.pop, g.capacity)
            self.mc_eff = np.clip(
                self.movechance * (size / r.movechance_pop_base) ** r.movechance_pop_scale_factor,
                0.0,
                1.0,
            )

    def _occupancy(self) -> np.ndarray:
        """Agents at each place (as the capacity rule sees it: with those on their way)."""
        g = self.g
        occ = self.place.sum(axis=0).astype(float)
        if self.pend.any():
            occ += np.bincount(g.src[g.rs_link], weights=self.pend, minlength=g.n_places)
        if self.rules.capacity_counts_en_route:
            heading = self.onlink.sum(axis=(0, 2)).astype(float)
            occ += np.bincount(g.rs_end, weights=heading, minlength=g.n_places)
        return occ

    def _choice(self, extra: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Path probabilities per origin (with a last 'stay' column) and per-state fullness.

        Also sets the room each camp has left for new plans (see `_admit`).
        """
        g, r = self.g, self.rules
        occ = self._occupancy() if extra is None else self._occupancy() + extra
        capmult = R.capacity_multiplier(occ, g.capacity, r.capacity_buffer)
        limited = self.is_camp & (g.capacity >= 1) & r.capacity_counts_en_route
        threshold = g.capacity * (r.capacity_buffer + 0.5 * (1 - r.capacity_buffer))
        self._room = np.where(limited, np.maximum(threshold - occ, 0.0), np.inf)
        full_state = self.is_camp[g.rs_end] & (capmult[g.rs_end] < 0.5)
        if r.awareness_level == 0:  # a neighbour at random
            w = np.where(self._cand_open, 1.0, 0.0)
        else:
            ends = g.rs_end[np.maximum(g.cand, 0)]
            w = R.path_weights(self.score[ends], g.cand_dist, capmult[ends], r)
        return R.choice_probabilities(w, self._cand_open), full_state

    # --- movement --------------------------------------------------------------------------

    def _move_compiled(self) -> None:
        from emigre.simulate.compiled import move_day

        g, r = self.g, self.rules
        move_day()(
            int(self.rng.integers(0, 2**32 - 1)),
            self.place,
            self.pend,
            self.onlink,
            self.bounce,
            np.ascontiguousarray(self.mc_eff, dtype=float),
            self.is_camp,
            g.capacity,
            float(r.capacity_buffer),
            self.score,
            g.cand,
            g.cand_dist,
            self._cand_open,
            g.rs_link,
            g.rs_next,
            g.rs_end,
            g.src,
            g.dst,
            self.nights,
            self.used,
            g.walk_p,
            bool(r.start_on_foot),
            self.link_open,
            g.cap_day,
            self.entered_today,
            self._arr_today,
            self.g.foreign,
            self._onward_today,
            r.awareness_level == 0,
            float(r.weight_softening),
            float(r.softening),
            float(r.distance_power),
            float(r.weight_power),
            bool(r.capacity_counts_en_route),
            self.forced,
        )

    def _move(self) -> None:
        g = self.g
        probs, full = self._choice()
        # (state, count, share of the day used, set out today)
        arrivals: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

        # Morning: everyone at a place decides.
        self._follow_pending(np.zeros(g.n_states), full, arrivals)
        for c in range(self.classes):
            counts = self.place[c]
            idx = np.flatnonzero(counts)
            if not len(idx):
                continue
            movers = self.rng.binomial(counts[idx], self.mc_eff[idx])
            keep = movers > 0
            idx, movers = idx[keep], movers[keep]
            if not len(idx):
                continue
            self.place[c, idx] -= movers
            fresh = np.ones(len(idx), dtype=bool)
            self._choose_and_enter(c, idx, movers, np.zeros(len(idx)), fresh, probs, full, arrivals)

        # Travel: those already on links go on; arrivals may go further the same day.
        for m in range(self.modes):
            for store, back in ((self.onlink, False), (self.bounce, True)):
                due = store[m, :, 1].copy()
                store[m, :, :-1] = store[m, :, 1:]
                store[m, :, -1] = 0
                s = np.flatnonzero(due)
                if not len(s):
                    continue
                if back:  # turned back: home again, route forgotten, done for the day
                    src = g.src[g.rs_link[s]]
                    np.add.at(self.place[-1], src, due[s])
                    continue
                used = self.used[m, g.rs_link[s]]
                arrivals.append((s, due[s], used, np.zeros(len(s), dtype=bool)))
        self._flush_staged()

        hops = 0
        while arrivals:
            hops += 1
            s = np.concatenate([a[0] for a in arrivals])
            n = np.concatenate([a[1] for a in arrivals])
            u = np.concatenate([a[2] for a in arrivals])
            f = np.concatenate([a[3] for a in arrivals])
            arrivals = []
            if hops > _MAX_HOPS:
                u = np.ones_like(u)
            self._arrive(s, n, u, f, arrivals)
            self._flush_staged()

    def _choose_and_enter(
        self,
        c: int,
        origins: np.ndarray,
        movers: np.ndarray,
        used: np.ndarray,
        fresh: np.ndarray,
        probs: np.ndarray,
        full: np.ndarray,
        arrivals: list,
    ) -> None:
        """Movers at `origins` pick a path; those who cannot go stay where they are."""
        g = self.g
        picks = self.rng.multinomial(movers, probs[origins])  # (n, K+1)
        k_max = g.cand.shape[1]
        stay = picks[:, k_max].copy()
        chosen = picks[:, :k_max]
        rows, ks = np.nonzero(chosen)
        states = g.cand[origins[rows], ks]
        counts = chosen[rows, ks]
        blocked = full[states]
        if blocked.any():  # the chosen camp is (nearly) full: plans dropped, nobody moves
            np.add.at(stay, rows[blocked], counts[blocked])
        ok = np.flatnonzero(~blocked)
        admitted = self._admit(states[ok], counts[ok])  # room taken by those who chose first
        np.add.at(stay, rows[ok], counts[ok] - admitted)
        np.add.at(self.place[c], origins, stay)
        self._enter(c, states[ok], admitted, used[rows[ok]], fresh[rows[ok]], arrivals)

    def _enter(
        self,
        c: int,
        states: np.ndarray,
        counts: np.ndarray,
        used: np.ndarray,
        fresh: np.ndarray,
        arrivals: list,
    ) -> None:
        """Put travellers on the first link of their route state (capacity per day permitting)."""
        if not len(states):
            return
        g = self.g
        links = g.rs_link[states]
        capped = g.cap_day[links] >= 0
        if capped.any():
            states, counts, used, fresh, links = self._queue(c, states, counts, used, fresh, links)
            if not len(states):
                return
        self.entered_today += np.bincount(links, weights=counts, minlength=g.n_links).astype(
            np.int64
        )
        if self.modes == 1:
            split = [counts]
        else:
            p_walk = (
                np.ones(len(links))
                if (c == FRESH and self.rules.start_on_foot)
                else g.walk_p[links]
            )
            walkers = self.rng.binomial(counts, p_walk)
            split = [counts - walkers, walkers]
        for m, n in enumerate(split):
            nights = self.nights[m, links]
            same_day = nights == 0
            if same_day.any():
                sel = same_day & (n > 0)
                u = used[sel] + self.used[m, links[sel]]
                arrivals.append((states[sel], n[sel], u, fresh[sel]))
            later = ~same_day & (n > 0)
            if later.any():
                self._stage(m, states[later], nights[later], n[later])

    def _stage(self, m: int, states: np.ndarray, nights: np.ndarray, n: np.ndarray) -> None:
        self._staged.append((m, states, nights, n))

    def _flush_staged(self) -> None:
        """Links entered today take their place after today's progress has been counted."""
        for m, states, nights, n in self._staged:
            np.add.at(self.onlink[m], (states, nights), n)
        self._staged = []

    def _queue(
        self,
        c: int,
        states: np.ndarray,
        counts: np.ndarray,
        used: np.ndarray,
        fresh: np.ndarray,
        links: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Links with a daily capacity admit up to it; the rest wait at the start, in line."""
        g = self.g
        room = np.maximum(g.cap_day - self.entered_today, 0)
        out_s, out_n, out_u, out_f, out_l = [], [], [], [], []
        order = self.rng.permutation(len(states))  # who reaches the gate first is random
        for i in order:
            e = links[i]
            n = int(counts[i])
            if g.cap_day[e] >= 0:
                admit = min(n, int(room[e]))
                room[e] -= admit
                if n - admit > 0:  # wait in line with the route still planned
                    self.pend[states[i]] += n - admit
                n = admit
                if n == 0:
                    continue
            out_s.append(states[i])
            out_n.append(n)
            out_u.append(used[i])
            out_f.append(bool(fresh[i]))
            out_l.append(e)
        as_int = np.array(out_s, dtype=np.int64)
        return (
            as_int,
            np.array(out_n, dtype=np.int64),
            np.array(out_u),
            np.array(out_f, dtype=bool),
            np.array(out_l, dtype=np.int64),
        )

    def _admit(self, states: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """How many of each cohort the room left at its path's end admits (used up in order)."""
        ends = self.g.rs_end[states]
        admitted = counts.copy()
        for i in np.flatnonzero(np.isfinite(self._room[ends])):
            k = min(int(counts[i]), int(self._room[ends[i]]))
            self._room[ends[i]] -= k
            admitted[i] = k
        return admitted

    def _follow_pending(self, used_by_state: np.ndarray, full: np.ndarray, arrivals: list) -> None:
        """Agents at a place with a route still planned take its next link if they move today."""
        if not self.pend.any():
            return
        g = self.g
        s = np.flatnonzero(self.pend)
        here = g.src[g.rs_link[s]]
        movers = self.rng.binomial(self.pend[s], self.mc_eff[here])
        keep = movers > 0
        s, here, movers = s[keep], here[keep], movers[keep]
        if not len(s):
            return
        self.pend[s] -= movers
        ok = self.link_open[g.rs_link[s]] & ~full[s]
        # the link has vanished or the camp ahead is full: plans dropped, they stay
        np.add.at(self.place[-1], here[~ok], movers[~ok])
        admitted = self._admit(s[ok], movers[ok])
        np.add.at(self.place[-1], here[ok], movers[ok] - admitted)
        fresh = np.ones(int(ok.sum()), dtype=bool)
        self._enter(self.classes - 1, s[ok], admitted, used_by_state[s[ok]], fresh, arrivals)

    def _arrive(
        self, s: np.ndarray, n: np.ndarray, u: np.ndarray, f: np.ndarray, arrivals: list
    ) -> None:
        """Travellers reach the end of a link; with part of the day left they may go on."""
        g = self.g
        here = g.dst[g.rs_link[s]]
        self._arr_today += np.bincount(here, weights=n, minlength=g.n_places).astype(np.int64)
        abroad = g.foreign[g.src[g.rs_link[s]]]
        if abroad.any():
            self._onward_today += np.bincount(
                here[abroad], weights=n[abroad], minlength=g.n_places
            ).astype(np.int64)
        nxt = g.rs_next[s]
        done = u >= 1.0 - _EPS
        settled = self.classes - 1
        # day used up: stop here (with the rest of the route still planned, if any)
        d_pend = done & (nxt >= 0)
        np.add.at(self.pend, nxt[d_pend], n[d_pend])
        d_free = done & (nxt < 0)
        np.add.at(self.place[settled], here[d_free], n[d_free])
        go = ~done
        if not go.any():
            return
        s, n, u, f, here, nxt = s[go], n[go], u[go], f[go], here[go], nxt[go]
        # those just arrived are there too while they decide
        probs, full = self._choice(np.bincount(here, weights=n, minlength=g.n_places))
        # avoid_short_stints: who set out today and reaches a town early goes on
        chance = np.where(f & self.forced[here], 1.0, self.mc_eff[here])
        movers = self.rng.binomial(n, chance)
        stay = n - movers
        with_route = nxt >= 0
        np.add.at(self.pend, nxt[with_route], stay[with_route])
        np.add.at(self.place[settled], here[~with_route], stay[~with_route])
        # movers with a planned route take its next link, unless it closed or the camp is full
        sel = with_route & (movers > 0)
        if sel.any():
            ns, nm = nxt[sel], movers[sel]
            ok = self.link_open[g.rs_link[ns]] & ~full[ns]
            np.add.at(self.place[settled], here[sel][~ok], nm[~ok])
            admitted = self._admit(ns[ok], nm[ok])
            np.add.at(self.place[settled], here[sel][ok], nm[ok] - admitted)
            self._enter(settled, ns[ok], admitted, u[sel][ok], f[sel][ok], arrivals)
        sel = ~with_route & (movers > 0)
        if sel.any():
            self._choose_and_enter(
                settled, here[sel], movers[sel], u[sel], f[sel], probs, full, arrivals
            )


def simulate(scenario: Scenario, seed: int | None = None, days: int | None = None) -> Result:
    """Run a scenario from start to end."""
    return Simulation(scenario, seed=seed, days=days).run()
