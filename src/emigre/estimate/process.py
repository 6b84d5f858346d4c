"""The latent process: weekly departures, where they go, and how long they stay.

Parameters are unconstrained reals; the passes work on a batch of parameter vectors (shape
(B, P)) so chains, Hessian columns and posterior draws run together. The forward pass and
its gradient (reverse mode, written by hand) are compiled with Numba: the recursions over
weeks are plain loops, which is both exact and some thirty times faster than array code.
The gradient is checked against finite differences in the tests.

Series, on a weekly grid of T weeks with T+1 time points (0 = the case start):
  D[n]      people who left the origin before point n (cumulative departures)
  A[k, n]   entries into destination k before n (first arrivals plus onward arrivals)
  S[k, n]   people present in k at n (stock)
  L[k, n]   people who left k before n (leavers: returns plus onward moves)
  R[k, n]   people who went back to the origin from k before n (returns)
Destination K (the last) is "other": every destination no claim names.

The dynamics, per destination k and week t:
  d[t]        = exp(dev[t] + base(t))                      weekly departures, base(t)
                                                            interpolated between knots
  pi[k, t]    = softmax over destinations (other = 0) of alpha[k] + knots(beta[k])[t]
  a1[k, t]    = d[t] pi[k, t]                              first arrivals
  Tr[k, t+1]  = (1 - lam_t) Tr[k, t] + phi[k] a1[k, t]     transients (leave fast)
  onw[t]        = omega lam_t sum_k Tr[k, t]                 transients moving on elsewhere
  a2[k, t]    = sum_j omega lam_t Tr[j, t] pi[k, t] q[j, t]  onward arrivals: a leaver of
                                                            a named destination j goes to
                                                            the others by their shares,
                                                            never back to j (q = 1 / (1 -
                                                            pi[j]), and no term j = k);
                                                            "other" pools many countries,
                                                            so a leaver of it may move on
                                                            to another of them (q = 1)
  St[k, t+1]  = (1 - lam[k]) St[k, t] + (1 - phi[k]) a1[k, t] + a2[k, t]   settled
  S = Tr + St; everyone who leaves and does not move on returns to the origin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from emigre.estimate.layout import Layout, hat_basis


@njit(cache=True)
def _sig(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + np.exp(-x))
    e = np.exp(x)
    return e / (1.0 + e)


@njit(cache=True)
def _forward(theta, off, T, K, nk1, hidx, hw, bidx, bw, X, d, pi, a1, a2, Tr, St, lT, onw, sc):  # type: ignore[no-untyped-def]
    """Fill the series X (B, 1 + 4 K1, T + 1) and the state the backward pass needs."""
    B = theta.shape[0]
    K1 = K + 1
    o_dev, o_base, o_alpha, o_beta, o_psi, o_rho, o_rhot, o_om = (
        off[0],
        off[1],
        off[2],
        off[3],
        off[4],
        off[5],
        off[6],
        off[7],
    )
    logit = np.empty(K1)
    W = np.empty(T)
    for b in range(B):
        lam_t = _sig(theta[b, o_rhot])
        om = _sig(theta[b, o_om])
        sc[b, 0] = lam_t
        sc[b, 1] = om
        for t in range(T):
            base = (
                bw[t, 0] * theta[b, o_base + bidx[t, 0]] + bw[t, 1] * theta[b, o_base + bidx[t, 1]]
            )
            d[b, t] = np.exp(theta[b, o_dev + t] + base)
            top = 0.0
            for k in range(K):
                v = theta[b, o_alpha + k]
                for q in range(2):
                    j = hidx[t, q]
                    if j > 0:
                        v += hw[t, q] * theta[b, o_beta + k * nk1 + j - 1]
                logit[k] = v
                if v > top:
                    top = v
            logit[K] = 0.0
            z = 0.0
            for k in range(K1):
                e = np.exp(logit[k] - top)
                pi[b, k, t] = e
                z += e
            for k in range(K1):
                pi[b, k, t] /= z
                a1[b, k, t] = d[b, t] * pi[b, k, t]
        X[b, 0, 0] = 0.0
        for t in range(T):
            X[b, 0, t + 1] = X[b, 0, t] + d[b, t]
        # transients, and the onward flow they feed
        for t in range(T):
            onw[b, t] = 0.0
        for k in range(K1):
            phi = _sig(theta[b, o_psi + k])
            Tr[b, k, 0] = 0.0
            for t in range(T):
                lT[b, k, t] = lam_t * Tr[b, k, t]
                onw[b, t] += om * lT[b, k, t]
                Tr[b, k, t + 1] = Tr[b, k, t] - lT[b, k, t] + phi * a1[b, k, t]
        # onward moves from j spread over the others: W[t] = sum_j om lT[j, t] q[j, t]
        for t in range(T):
            w = om * lT[b, K, t]
            for k in range(K):
                w += om * lT[b, k, t] / max(1.0 - pi[b, k, t], 1e-12)
            W[t] = w
        for k in range(K1):
            phi = _sig(theta[b, o_psi + k])
            lam = _sig(theta[b, o_rho + k])
            rA, rS, rL, rR = 1 + k, 1 + K1 + k, 1 + 2 * K1 + k, 1 + 3 * K1 + k
            St[b, k, 0] = 0.0
            X[b, rA, 0] = 0.0
            co = 0.0
            for t in range(T):
                own = om * lT[b, k, t] / max(1.0 - pi[b, k, t], 1e-12) if k < K else 0.0
                a2[b, k, t] = pi[b, k, t] * (W[t] - own)
                St[b, k, t + 1] = (
                    (1.0 - lam) * St[b, k, t] + (1.0 - phi) * a1[b, k, t] + a2[b, k, t]
                )
                X[b, rA, t + 1] = X[b, rA, t] + a1[b, k, t] + a2[b, k, t]
            for t in range(T + 1):
                s = Tr[b, k, t] + St[b, k, t]
                X[b, rS, t] = s
                X[b, rL, t] = X[b, rA, t] - s
                X[b, rR, t] = X[b, rL, t] - co
                if t < T:
                    co += om * lT[b, k, t]


@njit(cache=True)
def _backward(theta, off, T, K, nk1, hidx, hw, bidx, bw, gX, d, pi, a1, a2, Tr, St, lT, onw, sc, g):  # type: ignore[no-untyped-def]
    """Accumulate into g (B, P) the gradient of a function of X whose gradient is gX."""
    B = theta.shape[0]
    K1 = K + 1
    o_dev, o_base, o_alpha, o_beta, o_psi, o_rho, o_rhot, o_om = (
        off[0],
        off[1],
        off[2],
        off[3],
        off[4],
        off[5],
        off[6],
        off[7],
    )
    g_a1 = np.empty((K1, T))
    g_a2 = np.empty((K1, T))
    g_lT = np.empty((K1, T))
    g_pi = np.empty((K1, T))
    g_d = np.empty(T)
    for b in range(B):
        lam_t, om = sc[b, 0], sc[b, 1]
        g_om = 0.0
        g_lamt = 0.0
        # departures: D[t+1] = D[t] + d[t]
        acc = 0.0
        for t in range(T - 1, -1, -1):
            acc += gX[b, 0, t + 1]
            g_d[t] = acc
        for k in range(K1):
            phi = _sig(theta[b, o_psi + k])
            lam = _sig(theta[b, o_rho + k])
            rA, rS, rL, rR = 1 + k, 1 + K1 + k, 1 + 2 * K1 + k, 1 + 3 * K1 + k
            # Ret = L - CO, L = A - S, CO[t+1] = CO[t] + om lT[t]
            accA = 0.0
            accCO = 0.0
            lamS = 0.0  # adjoint of St[t+1], carried backwards
            g_r = 0.0
            g_phi = 0.0
            for t in range(T - 1, -1, -1):
                gAt = gX[b, rA, t + 1] + gX[b, rL, t + 1] + gX[b, rR, t + 1]
                gSt = gX[b, rS, t + 1] - gX[b, rL, t + 1] - gX[b, rR, t + 1]
                accA += gAt
                accCO -= gX[b, rR, t + 1]
                # settled: St[t+1] = (1 - lam) St[t] + (1 - phi) a1[t] + a2[t]
                lamS = gSt + (1.0 - lam) * lamS
                g_r += lamS * St[b, k, t]
                g_a2[k, t] = lamS + accA
                g_a1[k, t] = (1.0 - phi) * lamS + accA
                g_phi -= lamS * a1[b, k, t]
                g_lT[k, t] = om * accCO
                g_om += accCO * lT[b, k, t]
            # remember what the transients need
            g[b, o_rho + k] += -g_r * lam * (1.0 - lam)
            g[b, o_psi + k] += g_phi * phi * (1.0 - phi)
        # a2[k] = pi[k] (W - om lT[k] q[k]), W = sum_j om lT[j] q[j], q = 1 / (1 - pi) for
        # a named destination; for "other" (K) q = 1 and no own term
        for t in range(T):
            gW = 0.0
            w = om * lT[b, K, t]
            for k in range(K1):
                gW += g_a2[k, t] * pi[b, k, t]
                if k < K:
                    w += om * lT[b, k, t] / max(1.0 - pi[b, k, t], 1e-12)
            for k in range(K):
                q = 1.0 / max(1.0 - pi[b, k, t], 1e-12)
                c = gW - g_a2[k, t] * pi[b, k, t]
                g_pi[k, t] = g_a2[k, t] * w + (gW - g_a2[k, t]) * om * lT[b, k, t] * q * q
                g_lT[k, t] += om * q * c
                g_om += c * lT[b, k, t] * q
            g_pi[K, t] = g_a2[K, t] * w
            g_lT[K, t] += om * gW
            g_om += gW * lT[b, K, t]
        # transients: Tr[t+1] = Tr[t] - lT[t] + phi a1[t], lT[t] = lam_t Tr[t]
        for k in range(K1):
            phi = _sig(theta[b, o_psi + k])
            rS, rL, rR = 1 + K1 + k, 1 + 2 * K1 + k, 1 + 3 * K1 + k
            lamT = 0.0  # adjoint of Tr[t+1]
            g_phi = 0.0
            for t in range(T - 1, -1, -1):
                gSt = gX[b, rS, t + 1] - gX[b, rL, t + 1] - gX[b, rR, t + 1]
                lamT_next = gSt + lamT  # total adjoint of Tr[t+1]
                # a1 feeds Tr[t+1]
                g_a1[k, t] += phi * lamT_next
                g_phi += lamT_next * a1[b, k, t]
                # Tr[t] reaches Tr[t+1] with (1 - lam_t) and lT[t] with lam_t
                g_lamt += (g_lT[k, t] - lamT_next) * Tr[b, k, t]
                lamT = (1.0 - lam_t) * lamT_next + lam_t * g_lT[k, t]
            g[b, o_psi + k] += g_phi * phi * (1.0 - phi)
        # a1 = d pi; softmax
        for t in range(T):
            inner = 0.0
            for k in range(K1):
                g_d[t] += g_a1[k, t] * pi[b, k, t]
                g_pi[k, t] += g_a1[k, t] * d[b, t]
                inner += g_pi[k, t] * pi[b, k, t]
            for k in range(K):
                gl = pi[b, k, t] * (g_pi[k, t] - inner)
                g[b, o_alpha + k] += gl
                for q in range(2):
                    j = hidx[t, q]
                    if j > 0:
                        g[b, o_beta + k * nk1 + j - 1] += gl * hw[t, q]
            gd = g_d[t] * d[b, t]
            g[b, o_dev + t] += gd
            g[b, o_base + bidx[t, 0]] += gd * bw[t, 0]
            g[b, o_base + bidx[t, 1]] += gd * bw[t, 1]
        g[b, o_rhot] += g_lamt * lam_t * (1.0 - lam_t)
        g[b, o_om] += g_om * om * (1.0 - om)


@dataclass
class State:
    """What the forward pass computed, kept for the backward pass and for reporting."""

    X: np.ndarray  # stacked series (B, n_series, T + 1)
    d: np.ndarray
    pi: np.ndarray
    a1: np.ndarray
    a2: np.ndarray
    Tr: np.ndarray
    St: np.ndarray
    lT: np.ndarray
    onw: np.ndarray
    sc: np.ndarray
    theta: np.ndarray


class Process:
    """Forward and backward passes of the latent process for one layout."""

    def __init__(self, layout: Layout, knots: np.ndarray, base_knots: np.ndarray) -> None:
        self.lay = layout
        self.hidx, self.hw = hat_basis(layout.T, np.asarray(knots, dtype=float))
        self.bidx, self.bw = hat_basis(layout.T, np.asarray(base_knots, dtype=float))
        self.off = layout.offsets()
        self._work: dict[int, tuple[np.ndarray, ...]] = {}

    def workspace(self, B: int) -> tuple[np.ndarray, ...]:
        """Work arrays for a batch of B, reused from call to call (see kernels.logp_grad)."""
        if B not in self._work:
            lay = self.lay
            T, K1 = lay.T, lay.K1
            self._work[B] = (
                np.empty((B, lay.n_series, T + 1)),
                np.empty((B, T)),
                np.empty((B, K1, T)),
                np.empty((B, K1, T)),
                np.empty((B, K1, T)),
                np.empty((B, K1, T + 1)),
                np.empty((B, K1, T + 1)),
                np.empty((B, K1, T)),
                np.empty((B, T)),
                np.empty((B, 2)),
                np.empty((B, lay.P)),
                np.empty((B, lay.n_series * (T + 1))),
            )
            if len(self._work) > 8:
                self._work.pop(next(iter(self._work)))
        return self._work[B]

    def forward(self, theta: np.ndarray) -> State:
        lay = self.lay
        theta = np.ascontiguousarray(theta, dtype=float)
        B, T, K1 = theta.shape[0], lay.T, lay.K1
        X = np.empty((B, lay.n_series, T + 1))
        d = np.empty((B, T))
        pi = np.empty((B, K1, T))
        a1 = np.empty((B, K1, T))
        a2 = np.empty((B, K1, T))
        Tr = np.empty((B, K1, T + 1))
        St = np.empty((B, K1, T + 1))
        lT = np.empty((B, K1, T))
        onw = np.empty((B, T))
        sc = np.empty((B, 2))
        _forward(
            theta,
            self.off,
            T,
            lay.K,
            lay.knots - 1,
            self.hidx,
            self.hw,
            self.bidx,
            self.bw,
            X,
            d,
            pi,
            a1,
            a2,
            Tr,
            St,
            lT,
            onw,
            sc,
        )
        return State(X, d, pi, a1, a2, Tr, St, lT, onw, sc, theta)

    def backward(self, st: State, gX: np.ndarray) -> np.ndarray:
        """Gradient of a scalar function of the series with respect to theta, given dF/dX."""
        lay = self.lay
        g = np.zeros((st.theta.shape[0], lay.P))
        _backward(
            st.theta,
            self.off,
            lay.T,
            lay.K,
            lay.knots - 1,
            self.hidx,
            self.hw,
            self.bidx,
            self.bw,
            np.ascontiguousarray(gX),
            st.d,
            st.pi,
            st.a1,
            st.a2,
            st.Tr,
            st.St,
            st.lT,
            st.onw,
            st.sc,
            g,
        )
        return g
