"""A scenario's places and routes compiled to index arrays, with every path an agent may weigh.

Agents that have chosen a multi-link path carry the links still ahead of them; each distinct
remainder is a *route state*. A route state knows the link being travelled now, the state that
follows when it ends (-1 at the destination) and the path's final place (for the capacity check).
With awareness level 1 the route states are simply the directed links.

Cost of a higher awareness level: the paths are enumerated once per graph (not per agent, not
per day), as Flee 3.1's calculateLinkWeight walks them for every agent every day: all loop-free
paths of up to `awareness_level` links (markers not counted), every place on them an end point.
Their number K grows like (mean degree) ^ level; the candidate arrays are places x K_max, and a
day costs one pass over them per origin that has movers, whatever the number of agents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emigre.errors import InputError
from emigre.model.scenario import PlaceKind, Rules, Scenario

MAX_PATHS = 2_000_000
"""Paths an origin may weigh, over all origins: their arrays take about 50 bytes a path per
link of the longest path, and each day's route choice reads them all once."""


@dataclass
class Graph:
    names: list[str]
    index: dict[str, int]
    country: list[str]
    kind: list[PlaceKind]
    foreign: np.ndarray  # bool (L,)
    pop: np.ndarray  # float (L,): spawn weight of non-camps, divided by hasten
    capacity: np.ndarray  # float (L,): camp capacity divided by hasten; 0 = none
    marker: np.ndarray  # bool (L,)
    # directed links (two per route, one for a one-way route)
    src: np.ndarray
    dst: np.ndarray
    dist: np.ndarray
    speed: np.ndarray  # km a day on this link (route's own speed, else the rule)
    walk_p: np.ndarray  # chance a leg is walked
    cap_day: np.ndarray  # people a day who can enter; -1 = unlimited
    route_of: np.ndarray  # index in scenario.routes
    # route states
    rs_link: np.ndarray
    rs_next: np.ndarray
    rs_end: np.ndarray
    # candidate paths per origin, padded with -1: route state, cumulative km, links on it
    cand: np.ndarray  # int (L, K)
    cand_dist: np.ndarray  # float (L, K)
    cand_links: np.ndarray  # int (L, K, D), -1 padded

    @property
    def n_places(self) -> int:
        return len(self.names)

    @property
    def n_links(self) -> int:
        return len(self.src)

    @property
    def n_states(self) -> int:
        return len(self.rs_link)


def compile_graph(scenario: Scenario, rules: Rules | None = None) -> Graph:
    rules = rules or scenario.rules
    places = scenario.places
    names = [p.name for p in places]
    index = {n: i for i, n in enumerate(names)}
    home = places[0].country
    hasten = rules.hasten
    is_camp_type = [p.kind in (PlaceKind.camp, PlaceKind.idpcamp) for p in places]
    pop = np.array(
        [
            0.0 if camp else float(p.population // hasten)
            for p, camp in zip(places, is_camp_type, strict=False)
        ]
    )
    capacity = np.array(
        [
            float(p.population // hasten) if camp else 0.0
            for p, camp in zip(places, is_camp_type, strict=False)
        ]
    )
    src, dst, dist, speed, walk, cap, route_of = [], [], [], [], [], [], []
    for i, r in enumerate(scenario.routes):
        for a, b in ((r.a, r.b),) if r.one_way else ((r.a, r.b), (r.b, r.a)):
            src.append(index[a])
            dst.append(index[b])
            dist.append(r.distance_km)
            speed.append(r.max_move_speed or rules.max_move_speed)
            walk.append(r.walk_probability)
            cap.append(-1 if r.capacity_per_day is None else r.capacity_per_day)
            route_of.append(i)
    n_places = len(places)
    out_links: list[list[int]] = [[] for _ in range(n_places)]
    for e, s in enumerate(src):
        out_links[s].append(e)
    marker = np.array([p.kind == PlaceKind.marker for p in places])

    # Enumerate loop-free paths of up to `awareness` steps (markers are not a step and not an
    # end point), as sequences of links.
    depth = max(rules.awareness_level, 1)
    paths_per_origin: list[list[tuple[tuple[int, ...], float]]] = []

    def walk_from(
        found: list[tuple[tuple[int, ...], float]],
        node: int,
        visited: tuple[int, ...],
        links: tuple[int, ...],
        km: float,
        step: int,
    ) -> None:
        for e in out_links[node]:
            v = dst[e]
            if v in visited:
                continue
            here_step = step
            path = (*links, e)
            total = km + dist[e]
            if marker[v]:
                here_step -= 1
            else:
                found.append((path, total))
            if depth > here_step:
                walk_from(found, v, (*visited, v), path, total, here_step + 1)

    total = 0
    for o in range(n_places):
        found: list[tuple[tuple[int, ...], float]] = []
        walk_from(found, o, (o,), (), 0.0, 1)
        paths_per_origin.append(found)
        total += len(found)
        if total > MAX_PATHS:
            raise InputError(
                f"awareness_level {rules.awareness_level} gives more than {MAX_PATHS:,} paths "
                f"on this graph ({n_places} places, {len(src)} links): every path is weighed "
                "every day; use a lower awareness_level",
                field="move_rules.awareness_level",
            )

    states: dict[tuple[int, ...], int] = {}
    rs_link: list[int] = []
    rs_next: list[int] = []
    rs_end: list[int] = []

    def state_of(links: tuple[int, ...]) -> int:
        if links in states:
            return states[links]
        nxt = state_of(links[1:]) if len(links) > 1 else -1
        states[links] = len(rs_link)
        rs_link.append(links[0])
        rs_next.append(nxt)
        rs_end.append(dst[links[-1]])
        return states[links]

    for e in range(len(src)):  # every single link is a state, in link order
        state_of((e,))
    k_max = max((len(p) for p in paths_per_origin), default=0) or 1
    d_max = max((len(path) for ps in paths_per_origin for path, _ in ps), default=1)
    cand = np.full((n_places, k_max), -1, dtype=np.int64)
    cand_dist = np.zeros((n_places, k_max))
    cand_links = np.full((n_places, k_max, d_max), -1, dtype=np.int64)
    for o, found in enumerate(paths_per_origin):
        for k, (path, km) in enumerate(found):
            cand[o, k] = state_of(path)
            cand_dist[o, k] = km
            cand_links[o, k, : len(path)] = path

    return Graph(
        names=names,
        index=index,
        country=[p.country for p in places],
        kind=[p.kind for p in places],
        foreign=np.array([p.country != home for p in places]),
        pop=pop,
        capacity=capacity,
        marker=marker,
        src=np.array(src, dtype=np.int64),
        dst=np.array(dst, dtype=np.int64),
        dist=np.array(dist, dtype=float),
        speed=np.array(speed, dtype=float),
        walk_p=np.array(walk, dtype=float),
        cap_day=np.array(cap, dtype=np.int64),
        route_of=np.array(route_of, dtype=np.int64),
        rs_link=np.array(rs_link, dtype=np.int64),
        rs_next=np.array(rs_next, dtype=np.int64),
        rs_end=np.array(rs_end, dtype=np.int64),
        cand=cand,
        cand_dist=cand_dist,
        cand_links=cand_links,
    )
