"""The posterior density: the process prior, and each observation through its measurement model.

Each observation measures a linear functional of the latent series (a difference of a
cumulative series between two dates, or a stock at a date, interpolated within weeks), times
a bias (border entries over-count) or a coverage (administrative counts cover part), plus
log-normal noise. Qualifiers decide the likelihood: a point is a density, a bound a
probability (censoring), a range both bounds. Every observation's likelihood is a mixture
with a wide "outlier" component, so one wild figure cannot drag the estimate; the posterior
weight of that component is the claim's outlier probability.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from emigre.estimate import kernels
from emigre.estimate.changes import jump_weeks
from emigre.estimate.evidence import Evidence, Observation, days_from
from emigre.estimate.layout import Layout
from emigre.estimate.priors import Priors
from emigre.estimate.process import Process, State

MAX_WEEKS = 600
BASE_KNOT_WEEKS = 4  # the baseline drifts slowly: one value every four weeks, interpolated


@dataclass
class Grid:
    """Weekly time points from the case start: point n is day 7n."""

    start: dt.date
    T: int

    @classmethod
    def between(cls, start: dt.date, as_of: dt.date) -> Grid:
        days = days_from(start, as_of) + 1
        return cls(start, max(2, math.ceil(days / 7)))

    def date(self, n: int) -> dt.date:
        return self.start + dt.timedelta(days=7 * n)

    def weights(self, t: float) -> list[tuple[int, float]]:
        """Interpolation weights of the time t (days) over the weekly points."""
        pos = min(max(t / 7.0, 0.0), float(self.T))
        n = min(math.floor(pos), self.T - 1)
        f = pos - n
        return [(n, 1.0 - f), (n + 1, f)]


class Posterior:
    """log p(theta | claims) and its gradient, batched over parameter vectors."""

    def __init__(
        self,
        evidence: Evidence,
        priors: Priors,
        wave_starts: list[dt.date] | None = None,
    ) -> None:
        self.ev = evidence
        self.priors = priors
        self.grid = Grid.between(evidence.start, evidence.as_of)
        T = self.grid.T
        if T > MAX_WEEKS:
            raise ValueError(f"the period from start to as-of is longer than {MAX_WEEKS} weeks")
        self.places = list(evidence.destinations)
        self.place_index = {p: i for i, p in enumerate(self.places)}
        obs = evidence.observations
        factors = [f for o in obs for f in (o.factor, o.overcount) if f]
        bias_keys = sorted({f[1:] for f in factors if f[0] == "bias"})
        cover_keys = sorted({f[1:] for f in factors if f[0] == "coverage"})
        add_keys = sorted({o.baseline_key for o in obs if o.baseline_key}, key=repr)
        self.add_index = {k: i for i, k in enumerate(add_keys)}
        self.bias_index = {k: i for i, k in enumerate(bias_keys)}
        self.cover_index = {k: i for i, k in enumerate(cover_keys)}
        self.wave_weeks = sorted(
            {days_from(self.grid.start, w) // 7 for w in (wave_starts or [])} & set(range(1, T))
        )
        self.jump_weeks = jump_weeks(obs, T)  # undated waves the claims imply
        self.knots, knot_sd = self._knots(T, priors)
        nb = max(2, math.ceil((T - 1) / BASE_KNOT_WEEKS) + 1)
        self.base_knots = np.linspace(0.0, T - 1.0, nb)
        self.layout = Layout(
            T,
            len(self.places),
            len(self.knots),
            len(bias_keys),
            len(cover_keys),
            nb,
            len(self.wave_weeks) + 1,
            len(add_keys),
        )
        self.process = Process(self.layout, self.knots, self.base_knots)
        self.knot_sd = knot_sd
        self._build_observations(obs)
        self._build_prior(wave_starts or [])

    # -- structure -------------------------------------------------------------------------

    def _knots(self, T: int, priors: Priors) -> tuple[np.ndarray, np.ndarray]:
        """Knots of the shares: evenly spaced, plus a pair around each wave start so the
        destinations' shares can change at once when a wave starts (a border crossing opens
        up, a route closes), and one a few weeks later so they can change back."""
        n = max(2, math.ceil((T - 1) / priors.shares.knot_weeks) + 1)
        pos = set(np.round(np.linspace(0, T - 1, n)).astype(int).tolist())
        jumps = set()
        for w in self.wave_weeks:
            pos.update({w - 1, w, w + 4})
            jumps.add(w)
        knots = np.array(sorted(p for p in pos if 0 <= p <= T - 1), dtype=float)
        gaps = np.diff(knots)
        sd = priors.shares.knot_step_sd * np.sqrt(gaps / priors.shares.knot_weeks)
        for j in range(1, len(knots)):
            if int(knots[j]) in jumps and gaps[j - 1] == 1:
                sd[j - 1] = priors.shares.wave_knot_step_sd
        return knots, np.maximum(sd, 1e-3)

    def _build_observations(self, obs: list[Observation]) -> None:
        from emigre.estimate.functional import build_terms

        N = len(obs)
        self.N = N
        self.terms = tm = build_terms(self, obs)
        self.indptr, self.indices, self.data = tm.indptr, tm.indices, tm.data
        s = self.layout.slices
        self.stay = (s["psi"].start, s["rho"].start, s["rho_t"].start, tm.f_kind, tm.f_k, tm.f_w)
        self.add_of = np.array(
            [self.add_index[o.baseline_key] if o.baseline_key else -1 for o in obs], dtype=np.int64
        )
        self.add_c = np.array([o.baseline or 0.0 for o in obs], dtype=float)
        self.is_point = np.array([o.kind == "point" for o in obs], dtype=np.bool_)
        self.has_lo = np.array([o.kind in ("lower", "range") for o in obs], dtype=np.bool_)
        self.has_hi = np.array([o.kind in ("upper", "range") for o in obs], dtype=np.bool_)
        self.y_lo = np.array([o.log_low for o in obs], dtype=float)
        self.y_hi = np.array([o.log_high for o in obs], dtype=float)
        self.sigma = np.array([o.sigma for o in obs], dtype=float)
        self.fitted = np.array([not o.forecast for o in obs], dtype=np.bool_)
        self.bias_of = np.full(N, -1, dtype=np.int64)
        self.cover_of = np.full(N, -1, dtype=np.int64)
        for i, o in enumerate(obs):
            for f in (o.factor, o.overcount):
                if f and f[0] == "bias":
                    self.bias_of[i] = self.bias_index[f[1:]]
                elif f and f[0] == "coverage":
                    self.cover_of[i] = self.cover_index[f[1:]]
        m = self.priors.measurement
        self.eps = m.outlier_probability
        self.sigma_out = np.maximum(m.outlier_log_sd, self.sigma)
        self.c_normal, self.c_outlier = kernels.log_constants(
            self.sigma, self.sigma_out, self.is_point, self.eps
        )

    def _build_prior(self, wave_starts: list[dt.date]) -> None:
        p, lay, s = self.priors, self.layout, self.layout.slices
        mean = np.zeros(lay.P)
        sd = np.ones(lay.P)
        iid = np.zeros(lay.P, dtype=bool)

        def put(name: str, loc: float | np.ndarray, scale: float | np.ndarray) -> None:
            mean[s[name]] = loc
            sd[s[name]] = scale
            iid[s[name]] = True

        def per_place(default, overrides, places):  # type: ignore[no-untyped-def]
            chosen = [overrides.get(pl, default) for pl in places]
            return np.array([c.loc for c in chosen]), np.array([c.scale for c in chosen])

        named = self.places
        put(
            "alpha",
            *per_place(p.shares.ratio_to_other, p.shares.ratio_to_other_by_destination, named),
        )
        put(
            "psi",
            *per_place(
                p.stay.transient_fraction,
                p.stay.transient_fraction_by_destination,
                [*named, "other"],
            ),
        )
        put(
            "rho",
            *per_place(
                p.stay.settled_weekly_rate,
                p.stay.settled_weekly_rate_by_destination,
                [*named, "other"],
            ),
        )
        put("rho_t", p.stay.transient_weekly_rate.loc, p.stay.transient_weekly_rate.scale)
        put("omega", p.stay.onward_fraction.loc, p.stay.onward_fraction.scale)
        put("phi", p.departures.persistence.loc, p.departures.persistence.scale)
        bias_loc, bias_sd = np.zeros(lay.n_bias), np.ones(lay.n_bias)
        for key, i in self.bias_index.items():
            prior = p.measurement.overcount_prior(key[0], key[1])
            bias_loc[i], bias_sd[i] = prior.loc, prior.scale
        put("bias", bias_loc, bias_sd)
        put("baseline", p.measurement.baseline_factor.loc, p.measurement.baseline_factor.scale)
        cover_loc = np.zeros(lay.n_cover)
        cover_sd = np.ones(lay.n_cover)
        for (measure, *_rest), i in self.cover_index.items():
            prior = p.measurement.coverage.get(measure)
            if prior is None:
                raise ValueError(f"no coverage prior for measure '{measure}'")
            cover_loc[i], cover_sd[i] = prior.loc, prior.scale
        put("cover", cover_loc, cover_sd)
        dep = p.departures
        mean[s["base"]] = dep.baseline_weekly.loc  # a starting value; its prior is a walk
        self.prior_mean, self.prior_sd, self.prior_iid = mean, sd, iid.astype(np.bool_)
        self.base0 = (dep.baseline_weekly.loc, dep.baseline_weekly.scale)
        self.base_sd = dep.baseline_step_sd * np.sqrt(np.diff(self.base_knots))
        self.eta0_sd = dep.initial_excess
        # each wave (the case start, then every wave start) fades at its own pace
        self.segment = np.searchsorted(
            np.array(self.wave_weeks, dtype=np.int64), np.arange(lay.T), side="right"
        ).astype(np.int64)
        # weekly innovations are heavy-tailed, so a wave no date announces can still start
        # in one week; in a week a given wave starts they are Gaussian and wide
        step = np.full((2, max(lay.T - 1, 0)), [[dep.step_sd], [dep.innovation_df]])
        for n in sorted(set(self.wave_weeks) | self.jump_weeks):
            step[:, n - 1] = (dep.wave_step_sd, 0.0)
        self.step_sd = step

    # -- densities ---------------------------------------------------------------------------

    def logp_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """log posterior (up to a constant) of each row of theta, and its gradient."""
        theta = np.ascontiguousarray(np.atleast_2d(theta), dtype=float)
        lay, s = self.layout, self.layout.slices
        work = self.process.workspace(theta.shape[0])
        lp = kernels.logp_grad(
            theta,
            self.process.off,
            lay.T,
            lay.K,
            lay.knots - 1,
            self.process.hidx,
            self.process.hw,
            self.process.bidx,
            self.process.bw,
            self.indptr,
            self.indices,
            self.data,
            self.terms.filt,
            self.terms.den,
            self.terms.has_den,
            self.bias_of,
            self.cover_of,
            self.add_of,
            self.add_c,
            s["bias"].start,
            s["cover"].start,
            s["baseline"].start,
            self.stay,
            self.y_lo,
            self.y_hi,
            self.sigma,
            self.sigma_out,
            self.is_point,
            self.has_lo,
            self.has_hi,
            self.fitted,
            self.c_normal,
            self.c_outlier,
            self.prior_mean,
            self.prior_sd,
            self.prior_iid,
            self.base0[0],
            self.base0[1],
            self.base_sd,
            self.eta0_sd,
            s["phi"].start,
            self.segment,
            self.step_sd,
            self.knot_sd,
            *work,
        )
        return lp, work[10].copy()

    def predict(self, theta: np.ndarray) -> tuple[State, np.ndarray, np.ndarray]:
        """Forward pass: the state, the latent functionals m, and u = log of the measured."""
        theta = np.ascontiguousarray(np.atleast_2d(theta), dtype=float)
        st = self.process.forward(theta)
        B = theta.shape[0]
        m = np.empty((B, self.N))
        u = np.empty((B, self.N))
        s = self.layout.slices
        kernels.predict_obs(
            theta,
            st.X.reshape(B, -1),
            self.indptr,
            self.indices,
            self.data,
            self.terms.filt,
            self.terms.den,
            self.terms.has_den,
            self.bias_of,
            self.cover_of,
            self.add_of,
            self.add_c,
            s["bias"].start,
            s["cover"].start,
            s["baseline"].start,
            self.stay,
            m,
            u,
        )
        return st, m, u

    def obs_loglik(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-draw, per-observation log-likelihood and weight of the outlier component."""
        return kernels.obs_loglik(
            np.ascontiguousarray(u),
            self.y_lo,
            self.y_hi,
            self.sigma,
            self.sigma_out,
            self.is_point,
            self.has_lo,
            self.has_hi,
            self.c_normal,
            self.c_outlier,
        )

    def loglik(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-draw, per-observation log-likelihood, log prediction u, and outlier weight."""
        _, _, u = self.predict(theta)
        ll, w = self.obs_loglik(u)
        return ll, u, w

    def starts(self, seed: int = 0, draws: int = 4) -> list[np.ndarray]:
        """Other starting points for the mode search: half and twice the departure level,
        and `draws` points drawn from the prior (every independent block from its prior, the
        level a factor of up to about seven from what the flow claims say), so a mode the
        claims' level does not lead to can still be found."""
        s = self.layout.slices
        out = []
        for factor in (0.5, 2.0):
            theta = self.initial()
            theta[s["base"]] += math.log(factor)
            out.append(theta)
        rng = np.random.default_rng(seed)
        for _ in range(draws):
            theta = self.initial()
            iid = self.prior_iid
            theta[iid] = self.prior_mean[iid] + self.prior_sd[iid] * rng.standard_normal(
                int(iid.sum())
            )
            theta[s["base"]] += rng.normal(0.0, 1.0)
            out.append(theta)
        return out

    # -- a starting point --------------------------------------------------------------------

    def initial(self) -> np.ndarray:
        """Prior means, with departures levelled to what the total-flow claims say."""
        theta = self.prior_mean.copy()
        s = self.layout.slices
        rates = []
        for o in self.ev.observations:
            if o.series == "departures" and o.t0 is not None and not o.forecast:
                weeks = max((o.t1 - o.t0) / 7.0, 1.0)
                rates.append(0.5 * (o.log_low + o.log_high) - math.log(weeks))
        level = float(np.median(rates)) if rates else self.base0[0]
        theta[s["dev"]] = 0.0
        theta[s["base"]] = level
        return theta
