"""The day's movement compiled with Numba: the same rules as the NumPy engine, one loop over
cohorts instead of many small array calls.

A day has several rounds of same-day hops (arrivals with part of the day left go on), and each
round touches only a handful of cohorts; NumPy spends most of such a round in call overhead,
compiled loops do not. Randomness: the engine hands the kernel a seed drawn from the run's own
numpy Generator each day, so runs stay reproducible from the run's seed and independent of any
other run in the same thread.

Without Numba installed, the same functions run as plain Python (slowly but correctly).
"""

from __future__ import annotations

import math

import numpy as np

try:  # pragma: no cover - exercised implicitly whichever way it goes
    from numba import njit

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover
    HAVE_NUMBA = False

    def njit(*args, **kwargs):  # type: ignore[no-redef]
        if args and callable(args[0]):
            return args[0]
        return lambda f: f


EPS = 1e-9
MAX_HOPS = 64


@njit(cache=True)
def _log_pmf(k, n, p, q):
    return (
        math.lgamma(n + 1.0)
        - math.lgamma(k + 1.0)
        - math.lgamma(n - k + 1.0)
        + k * math.log(p)
        + (n - k) * math.log(q)
    )


@njit(cache=True)
def binomial(n, p):
    """An exact Binomial(n, p) draw in O(1) expected time.

    Inversion for small means; otherwise Hörmann's transformed rejection (BTRD, 1993) with the
    acceptance test done on the exact log-probability. (Numba's own binomial walks the
    distribution one value at a time and splits large n inexactly, hence this.)
    """
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flipped = p > 0.5
    if flipped:
        p = 1.0 - p
    q = 1.0 - p
    if n * p < 10.0:
        s = p / q
        a = (n + 1) * s
        while True:
            r = q**n
            u = np.random.random()
            x = 0
            while u > r:
                u -= r
                x += 1
                if x > n:
                    break
                r *= a / x - s
            if x <= n:
                break
    else:
        m = math.floor((n + 1) * p)
        spq = math.sqrt(n * p * q)
        b = 1.15 + 2.53 * spq
        a = -0.0873 + 0.0248 * b + 0.01 * p
        c = n * p + 0.5
        alpha = (2.83 + 5.1 / b) * spq
        v_r = 0.92 - 4.2 / b
        u_rv_r = 0.86 * v_r
        lpm = _log_pmf(m, n, p, q)
        while True:
            v = np.random.random()
            if v <= u_rv_r:
                u = v / v_r - 0.43
                x = math.floor((2.0 * a / (0.5 - abs(u)) + b) * u + c)
                break
            if v >= v_r:
                u = np.random.random() - 0.5
            else:
                u = v / v_r - 0.93
                u = math.copysign(0.5, u) - u
                v = np.random.random() * v_r
            us = 0.5 - abs(u)
            k = math.floor((2.0 * a / us + b) * u + c)
            if k < 0 or k > n:
                continue
            v = v * alpha / (a / (us * us) + b)
            if v > 0 and math.log(v) <= _log_pmf(k, n, p, q) - lpm:
                x = int(k)
                break
    return n - x if flipped else x


@njit(cache=True)
def _occupancy(place, pend, src, rs_link, n_places):
    occ = np.zeros(n_places)
    for c in range(place.shape[0]):
        for i in range(n_places):
            occ[i] += place[c, i]
    for s in range(pend.shape[0]):
        if pend[s] > 0:
            occ[src[rs_link[s]]] += pend[s]
    return occ


@njit(cache=True)
def _expected(occ, onlink, rs_end):
    """Occupancy plus those already on their way to each place (their path's end)."""
    out = occ.copy()
    for m in range(onlink.shape[0]):
        for s in range(onlink.shape[1]):
            for w in range(onlink.shape[2]):
                if onlink[m, s, w] > 0:
                    out[rs_end[s]] += onlink[m, s, w]
    return out


@njit(cache=True)
def _room(occ, capacity, is_camp, buffer, en_route):
    """People a camp can still take before its plans are dropped (its room falls below half).

    Only with en-route counting: then commitments use up the room as they are made, the way
    agents deciding one after another would see it. Otherwise unlimited (Flee's rule).
    """
    out = np.full(occ.shape[0], np.inf)
    if not en_route:
        return out
    for i in range(occ.shape[0]):
        if is_camp[i] and capacity[i] >= 1:
            out[i] = max(0.0, capacity[i] * (buffer + 0.5 * (1.0 - buffer)) - occ[i])
    return out


@njit(cache=True)
def _admit(room, end, n):
    """How many of n heading for `end` the room there admits (and use it up)."""
    if room[end] == np.inf:
        return n
    k = min(n, int(room[end]))
    room[end] -= k
    return k


@njit(cache=True)
def _capmult(occ, capacity, buffer):
    out = np.ones(occ.shape[0])
    for i in range(occ.shape[0]):
        cap = capacity[i]
        if cap < 1:
            continue
        if occ[i] <= buffer * cap:
            continue
        if occ[i] >= cap:
            out[i] = 0.0
            continue
        span = cap * (1.0 - buffer)
        if span > 0:
            out[i] = 1.0 - (occ[i] - buffer * cap) / span
        else:
            out[i] = 0.0
    return out


@njit(cache=True)
def _base_weights(score, cand, cand_dist, cand_open, rs_end, uniform, ws, soft, dp):
    """Path weights before the room left at the end is known (once a day)."""
    n, k = cand.shape
    base = np.zeros((n, k))
    for i in range(n):
        for j in range(k):
            if not cand_open[i, j]:
                continue
            if uniform:
                base[i, j] = 1.0
            else:
                end = rs_end[cand[i, j]]
                base[i, j] = (ws + score[end]) / (soft + cand_dist[i, j]) ** dp
    return base


@njit(cache=True)
def _probabilities(base, capm, cand, cand_open, rs_end, uniform, wp, probs):
    n, k = cand.shape
    for i in range(n):
        total = 0.0
        count = 0
        for j in range(k):
            probs[i, j] = 0.0
            if not cand_open[i, j]:
                continue
            count += 1
            w = base[i, j]
            if not uniform:
                w *= capm[rs_end[cand[i, j]]]
                if wp != 1.0:
                    w = w**wp
            probs[i, j] = w
            total += w
        probs[i, k] = 0.0
        if count == 0:
            probs[i, k] = 1.0
        elif total > 0:
            for j in range(k):
                probs[i, j] /= total
        else:
            for j in range(k):
                if cand_open[i, j]:
                    probs[i, j] = 1.0 / count


@njit(cache=True)
def _same(a, b):
    for i in range(a.shape[0]):  # noqa: SIM110 - numba compiles loops, not generators
        if a[i] != b[i]:
            return False
    return True


@njit(cache=True)
def _push(buf_s, buf_n, buf_u, buf_f, size, s, n, u, f):
    """Queue n travellers of state s with u of the day used; f: they set out today."""
    if size >= buf_s.shape[0]:
        new_s = np.empty(buf_s.shape[0] * 2, np.int64)
        new_n = np.empty(buf_s.shape[0] * 2, np.int64)
        new_u = np.empty(buf_s.shape[0] * 2)
        new_f = np.empty(buf_s.shape[0] * 2, np.bool_)
        new_s[:size] = buf_s[:size]
        new_n[:size] = buf_n[:size]
        new_u[:size] = buf_u[:size]
        new_f[:size] = buf_f[:size]
        buf_s, buf_n, buf_u, buf_f = new_s, new_n, new_u, new_f
    buf_s[size] = s
    buf_n[size] = n
    buf_u[size] = u
    buf_f[size] = f
    return buf_s, buf_n, buf_u, buf_f, size + 1


U_BUCKETS = 32  # travellers in one state whose day used differs by less than 1/32 day merge


@njit(cache=True)
def _merge(q_s, q_n, q_u, q_f):
    """One cohort per (route state, share of the day used to 1/32, set out today).

    Same-day hops split cohorts at every choice; without merging, the number of cohorts in
    flight would grow with the number of travellers instead of with the routes."""
    m = q_s.shape[0]
    keys = np.empty(m, np.int64)
    for i in range(m):
        b = int(q_u[i] * U_BUCKETS)
        if q_u[i] >= 1.0 - EPS:
            b = U_BUCKETS + 1  # day used up: kept apart, settled this round
        elif b > U_BUCKETS:
            b = U_BUCKETS
        keys[i] = (q_s[i] * (U_BUCKETS + 2) + b) * 2 + (1 if q_f[i] else 0)
    order = np.argsort(keys, kind="mergesort")
    out_s = np.empty(m, np.int64)
    out_n = np.empty(m, np.int64)
    out_u = np.empty(m)
    out_f = np.empty(m, np.bool_)
    k = -1
    last = -1
    for j in range(m):
        i = order[j]
        if q_n[i] == 0:
            continue
        if k >= 0 and keys[i] == last:
            out_n[k] += q_n[i]
            continue
        k += 1
        last = keys[i]
        out_s[k] = q_s[i]
        out_n[k] = q_n[i]
        out_u[k] = q_u[i]
        out_f[k] = q_f[i]
    return out_s[: k + 1], out_n[: k + 1], out_u[: k + 1], out_f[: k + 1]


@njit(cache=True)
def move_day(
    seed,
    place,
    pend,
    onlink,
    bounce,
    movechance,
    is_camp,
    capacity,
    cap_buffer,
    score,
    cand,
    cand_dist,
    cand_open,
    rs_link,
    rs_next,
    rs_end,
    src,
    dst,
    nights,
    used,
    walk_p,
    start_on_foot,
    link_open,
    cap_day,
    entered,
    arrivals_out,
    foreign,
    onward_out,
    uniform,
    ws,
    soft,
    dp,
    wp,
    en_route,
    forced,
):
    """Move everyone for one day; arrays are updated in place.

    forced[i]: an agent who set out today and reaches place i with part of the day left moves
    on for sure (Flee's avoid_short_stints at a town; all false without it)."""
    np.random.seed(seed)
    n_places = place.shape[1]
    classes = place.shape[0]
    settled = classes - 1
    modes = onlink.shape[0]
    width = onlink.shape[2]
    n_states = pend.shape[0]
    k_max = cand.shape[1]

    occ = _occupancy(place, pend, src, rs_link, n_places)
    if en_route:
        occ = _expected(occ, onlink, rs_end)
    capm = _capmult(occ, capacity, cap_buffer)
    room = _room(occ, capacity, is_camp, cap_buffer, en_route)
    base = _base_weights(score, cand, cand_dist, cand_open, rs_end, uniform, ws, soft, dp)
    probs = np.zeros((n_places, k_max + 1))
    _probabilities(base, capm, cand, cand_open, rs_end, uniform, wp, probs)

    size0 = 64 + 4 * n_states * modes
    q_s = np.empty(size0, np.int64)
    q_n = np.empty(size0, np.int64)
    q_u = np.empty(size0)
    q_f = np.empty(size0, np.bool_)
    qn = 0

    # Those on links advance first in bookkeeping (entrants of today must not be advanced).
    for m in range(modes):
        for s in range(n_states):
            due = onlink[m, s, 1]
            for w in range(1, width - 1):
                onlink[m, s, w] = onlink[m, s, w + 1]
            onlink[m, s, width - 1] = 0
            if due > 0:
                q_s, q_n, q_u, q_f, qn = _push(
                    q_s, q_n, q_u, q_f, qn, s, due, used[m, rs_link[s]], False
                )
            back = bounce[m, s, 1]
            for w in range(1, width - 1):
                bounce[m, s, w] = bounce[m, s, w + 1]
            bounce[m, s, width - 1] = 0
            if back > 0:  # turned back at a closed link: home again, plans dropped
                place[settled, src[rs_link[s]]] += back

    # Morning: agents with a route still planned, then everyone else at a place.
    for s in range(n_states):
        n = pend[s]
        if n == 0:
            continue
        here = src[rs_link[s]]
        movers = binomial(n, movechance[here])
        if movers == 0:
            continue
        pend[s] -= movers
        end = rs_end[s]
        if link_open[rs_link[s]] and not (is_camp[end] and capm[end] < 0.5):
            ok = _admit(room, end, movers)
            place[settled, here] += movers - ok
            movers = ok
        else:
            place[settled, here] += movers
            movers = 0
        if movers > 0:
            q_s, q_n, q_u, q_f, qn = _enter(
                settled,
                s,
                movers,
                0.0,
                True,
                pend,
                onlink,
                nights,
                used,
                walk_p,
                start_on_foot,
                cap_day,
                entered,
                rs_link,
                q_s,
                q_n,
                q_u,
                q_f,
                qn,
            )
    for c in range(classes):
        for i in range(n_places):
            n = place[c, i]
            if n == 0:
                continue
            movers = binomial(n, movechance[i])
            if movers == 0:
                continue
            place[c, i] -= movers
            q_s, q_n, q_u, q_f, qn = _choose(
                c,
                i,
                movers,
                0.0,
                True,
                probs,
                cand,
                rs_end,
                is_camp,
                capm,
                room,
                place,
                pend,
                onlink,
                nights,
                used,
                walk_p,
                start_on_foot,
                cap_day,
                entered,
                rs_link,
                q_s,
                q_n,
                q_u,
                q_f,
                qn,
                k_max,
            )

    # Arrivals, and same-day hops of those with part of the day left.
    hops = 0
    while qn > 0:
        hops += 1
        cur_s, cur_n, cur_u, cur_f = _merge(q_s[:qn], q_n[:qn], q_u[:qn], q_f[:qn])
        count = cur_s.shape[0]
        qn = 0
        # settle those whose day is over first, so the others see the places as they are
        for g in range(count):
            s = cur_s[g]
            here = dst[rs_link[s]]
            arrivals_out[here] += cur_n[g]
            if foreign[src[rs_link[s]]]:
                onward_out[here] += cur_n[g]
            if hops > MAX_HOPS:
                cur_u[g] = 1.0
            if cur_u[g] >= 1.0 - EPS:
                if rs_next[s] >= 0:
                    pend[rs_next[s]] += cur_n[g]
                else:
                    place[settled, here] += cur_n[g]
                cur_n[g] = 0
        occ = _occupancy(place, pend, src, rs_link, n_places)
        for g in range(count):  # those just arrived are there too while they decide
            if cur_n[g] > 0:
                occ[dst[rs_link[cur_s[g]]]] += cur_n[g]
        if en_route:
            occ = _expected(occ, onlink, rs_end)
        room = _room(occ, capacity, is_camp, cap_buffer, en_route)
        new_capm = _capmult(occ, capacity, cap_buffer)
        if not _same(new_capm, capm):  # room in some camp changed: reweigh the paths
            capm = new_capm
            _probabilities(base, capm, cand, cand_open, rs_end, uniform, wp, probs)
        for g in range(count):
            n = cur_n[g]
            if n == 0:
                continue
            s = cur_s[g]
            u = cur_u[g]
            f = cur_f[g]
            here = dst[rs_link[s]]
            nxt = rs_next[s]
            # avoid_short_stints: who set out today and reaches a town early goes on
            chance = 1.0 if (f and forced[here]) else movechance[here]
            movers = binomial(n, chance)
            stay = n - movers
            if nxt >= 0:
                pend[nxt] += stay
                if movers > 0:
                    end = rs_end[nxt]
                    if link_open[rs_link[nxt]] and not (is_camp[end] and capm[end] < 0.5):
                        ok = _admit(room, end, movers)
                        place[settled, here] += movers - ok
                        movers = ok
                    else:
                        place[settled, here] += movers
                        movers = 0
                    if movers > 0:
                        q_s, q_n, q_u, q_f, qn = _enter(
                            settled,
                            nxt,
                            movers,
                            u,
                            f,
                            pend,
                            onlink,
                            nights,
                            used,
                            walk_p,
                            start_on_foot,
                            cap_day,
                            entered,
                            rs_link,
                            q_s,
                            q_n,
                            q_u,
                            q_f,
                            qn,
                        )
            else:
                place[settled, here] += stay
                if movers > 0:
                    q_s, q_n, q_u, q_f, qn = _choose(
                        settled,
                        here,
                        movers,
                        u,
                        f,
                        probs,
                        cand,
                        rs_end,
                        is_camp,
                        capm,
                        room,
                        place,
                        pend,
                        onlink,
                        nights,
                        used,
                        walk_p,
                        start_on_foot,
                        cap_day,
                        entered,
                        rs_link,
                        q_s,
                        q_n,
                        q_u,
                        q_f,
                        qn,
                        k_max,
                    )


@njit(cache=True)
def _choose(
    c,
    origin,
    movers,
    u,
    fresh,
    probs,
    cand,
    rs_end,
    is_camp,
    capm,
    room,
    place,
    pend,
    onlink,
    nights,
    used,
    walk_p,
    start_on_foot,
    cap_day,
    entered,
    rs_link,
    q_s,
    q_n,
    q_u,
    q_f,
    qn,
    k_max,
):
    """Multinomial path choice by conditional binomials; blocked choices stay put."""
    left = movers
    p_left = 1.0
    for j in range(k_max + 1):
        if left == 0:
            break
        p = probs[origin, j]
        if p <= 0:
            continue
        x = left if j == k_max or p >= p_left else binomial(left, min(1.0, p / p_left))
        left -= x
        p_left -= p
        if x == 0:
            continue
        if j == k_max:
            place[c, origin] += x
            continue
        s = cand[origin, j]
        end = rs_end[s]
        if is_camp[end] and capm[end] < 0.5:  # the camp ahead is (nearly) full: plan dropped
            place[c, origin] += x
            continue
        ok = _admit(room, end, x)  # room taken by those who decided first
        if ok < x:
            place[c, origin] += x - ok
            x = ok
            if x == 0:
                continue
        q_s, q_n, q_u, q_f, qn = _enter(
            c,
            s,
            x,
            u,
            fresh,
            pend,
            onlink,
            nights,
            used,
            walk_p,
            start_on_foot,
            cap_day,
            entered,
            rs_link,
            q_s,
            q_n,
            q_u,
            q_f,
            qn,
        )
    if left > 0:  # rounding left a few undrawn: they stay
        place[c, origin] += left
    return q_s, q_n, q_u, q_f, qn


@njit(cache=True)
def _enter(
    c,
    s,
    n,
    u,
    fresh,
    pend,
    onlink,
    nights,
    used,
    walk_p,
    start_on_foot,
    cap_day,
    entered,
    rs_link,
    q_s,
    q_n,
    q_u,
    q_f,
    qn,
):
    """Travellers step onto the first link of route state s (a daily cap makes a queue)."""
    e = rs_link[s]
    if cap_day[e] >= 0:
        room = cap_day[e] - entered[e]
        if room < 0:
            room = 0
        if n > room:
            pend[s] += n - room  # wait at the start, route still planned
            n = room
        if n == 0:
            return q_s, q_n, q_u, q_f, qn
    entered[e] += n
    modes = onlink.shape[0]
    walkers = 0
    if modes > 1:
        if c == 0 and start_on_foot:
            walkers = n
        elif walk_p[e] > 0:
            walkers = binomial(n, walk_p[e])
    for m in range(modes):
        k = walkers if m == 1 else n - walkers
        if k == 0:
            continue
        t = nights[m, e]
        if t == 0:
            q_s, q_n, q_u, q_f, qn = _push(q_s, q_n, q_u, q_f, qn, s, k, u + used[m, e], fresh)
        else:
            onlink[m, s, t] += k
    return q_s, q_n, q_u, q_f, qn
