"""Compiled pieces of the posterior: the measurement likelihood and the priors.

Together with the process passes in process.py, `logp_grad` computes the log posterior of a
batch of parameter vectors and its gradient in one compiled call, which is what keeps
sampling within seconds. The same formulas in plain NumPy would spend most of their time in
call overhead on small arrays.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from emigre.estimate.process import _backward, _forward, _sig
from emigre.estimate.stale import drop_stale_kernels

drop_stale_kernels()  # before Numba loads kernels' cache: it may hold old process passes

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_SQRT1_2 = math.sqrt(0.5)


@njit(cache=True)
def log_ndtr(z: float) -> float:
    """log of the standard normal CDF, accurate in both tails."""
    if z > 5.0:
        return math.log1p(-0.5 * math.erfc(z * _SQRT1_2))
    if z > -30.0:
        return math.log(0.5 * math.erfc(-z * _SQRT1_2))
    z2 = z * z
    return -0.5 * z2 - math.log(-z) - _HALF_LOG_2PI + math.log1p(-1.0 / z2 + 3.0 / (z2 * z2))


@njit(cache=True)
def _logistic_pair(z: float) -> tuple[float, float]:
    """log sigmoid(z) and sigmoid(-z) (its derivative), from one exponential."""
    if z > 0:
        e = math.exp(-z)
        return -math.log1p(e), e / (1.0 + e)
    e = math.exp(z)
    return z - math.log1p(e), 1.0 / (1.0 + e)


@njit(cache=True)
def _ndtr_pair(z: float) -> tuple[float, float]:
    """log Phi(z) and phi(z) / Phi(z) (its derivative), from one erfc."""
    if z > 5.0:
        lc = math.log1p(-0.5 * math.erfc(z * _SQRT1_2))
    elif z > -30.0:
        c = 0.5 * math.erfc(-z * _SQRT1_2)
        return math.log(c), math.exp(-0.5 * z * z - _HALF_LOG_2PI) / c
    else:
        lc = log_ndtr(z)
    return lc, math.exp(-0.5 * z * z - _HALF_LOG_2PI - lc)


@njit(cache=True)
def obs_term(u, ylo, yhi, sig, so, point, has_lo, has_hi, cn, co):  # type: ignore[no-untyped-def]
    """Log-likelihood of one observation at log prediction u, its derivative, and the weight
    of the outlier component. cn and co are the log constants of the two components (the
    mixture weight, and for a point the normal density's); see `log_constants`.

    Written to call as few exponentials and logarithms as it can (each pair of a log density
    and its derivative shares one): this loop runs for every claim at every leapfrog step."""
    if point:
        zn = (ylo - u) / sig
        zo = (ylo - u) / so
        n_ll = -0.5 * zn * zn
        o_ll = -0.5 * zo * zo
        dn = zn / sig
        do = zo / so
    else:
        n_ll = 0.0
        o_ll = 0.0
        dn = 0.0
        do = 0.0
        if has_lo:
            a, da = _logistic_pair((u - ylo) / sig)
            c, dc = _ndtr_pair((u - ylo) / so)
            n_ll += a
            o_ll += c
            dn += da / sig
            do += dc / so
        if has_hi:
            a, da = _logistic_pair((yhi - u) / sig)
            c, dc = _ndtr_pair((yhi - u) / so)
            n_ll += a
            o_ll += c
            dn -= da / sig
            do -= dc / so
    n_ll += cn
    o_ll += co
    diff = o_ll - n_ll
    if diff > 0:
        e = math.exp(-diff)
        ll = o_ll + math.log1p(e)
        w = 1.0 / (1.0 + e)
    else:
        e = math.exp(diff)
        ll = n_ll + math.log1p(e)
        w = e / (1.0 + e)
    return ll, (1.0 - w) * dn + w * do, w


def log_constants(
    sig: np.ndarray, so: np.ndarray, point: np.ndarray, eps: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per observation, the log constant of the likelihood's normal and outlier components:
    the mixture weight, plus for a point the normal density's normalising term (computed
    once here rather than at every gradient call)."""
    cn = np.full(sig.shape, math.log1p(-eps))
    co = np.full(sig.shape, math.log(eps))
    cn[point] -= np.log(sig[point]) + _HALF_LOG_2PI
    co[point] -= np.log(so[point]) + _HALF_LOG_2PI
    return cn, co


@njit(cache=True)
def _softplus(x: float) -> float:
    if x > 30.0:
        return x
    return math.log1p(math.exp(x))


@njit(cache=True)
def stay_filters(theta, b, o_psi, o_rho, o_rhot, f_kind, f_k, f_w, fv, fpsi, frt, frho):  # type: ignore[no-untyped-def]
    """The multipliers of duration criteria and cohort stocks in draw b, with their
    derivatives (estimate/functional.py says which is which). Kind 0: the share of a
    destination's first arrivals still there after w weeks, phi (1 - lam_t)^w +
    (1 - phi) (1 - lam)^w; kind 1: the settled survival over w weeks, (1 - lam)^w."""
    lam_t = _sig(theta[b, o_rhot])
    for f in range(f_kind.shape[0]):
        k = f_k[f]
        w = f_w[f]
        lam = _sig(theta[b, o_rho + k])
        ss = (1.0 - lam) ** w
        dss = -w * ss * lam  # d/d rho of (1 - sig(rho))^w
        if f_kind[f] == 0:
            phi = _sig(theta[b, o_psi + k])
            st = (1.0 - lam_t) ** w
            fv[f] = phi * st + (1.0 - phi) * ss
            fpsi[f] = (st - ss) * phi * (1.0 - phi)
            frt[f] = -phi * w * st * lam_t
            frho[f] = (1.0 - phi) * dss
        else:
            fv[f] = ss
            fpsi[f] = 0.0
            frt[f] = 0.0
            frho[f] = dss


@njit(cache=True)
def _functional(b, i, theta, Xf, indptr, indices, data, filt, den, fv, add_of, add_c, off_add):  # type: ignore[no-untyped-def]
    """Observation i's latent figure in draw b: its numerator (terms, each possibly times a
    stay multiplier, plus an additive baseline), its denominator (a share's base; 1 if none)
    and the baseline's amount."""
    sn = 0.0
    sd = 0.0
    for p in range(indptr[i], indptr[i + 1]):
        v = data[p] * Xf[b, indices[p]]
        if filt[p] >= 0:
            v *= fv[filt[p]]
        if den[p]:
            sd += v
        else:
            sn += v
    ea = 0.0
    if add_of[i] >= 0:
        ea = add_c[i] * math.exp(theta[b, off_add + add_of[i]])
        sn += ea
    return sn, sd, ea


@njit(cache=True)
def predict_obs(  # type: ignore[no-untyped-def]
    theta, X, indptr, indices, data, filt, den, has_den, bias_of, cover_of, add_of, add_c,
    off_bias, off_cover, off_add, stay, m, u,
):  # fmt: skip
    """m: the latent functional of each observation; u: log of what the source measured.
    stay = (o_psi, o_rho, o_rhot, f_kind, f_k, f_w) of the stay multipliers."""
    B = theta.shape[0]
    N = bias_of.shape[0]
    o_psi, o_rho, o_rhot, f_kind, f_k, f_w = stay
    F = f_kind.shape[0]
    fv, fpsi, frt, frho = np.empty(F), np.empty(F), np.empty(F), np.empty(F)
    for b in range(B):
        stay_filters(theta, b, o_psi, o_rho, o_rhot, f_kind, f_k, f_w, fv, fpsi, frt, frho)
        for i in range(N):
            sn, sd, _ = _functional(
                b, i, theta, X, indptr, indices, data, filt, den, fv, add_of, add_c, off_add
            )
            v = math.log(max(sn, 1e-9))
            if has_den[i]:
                sn = sn / max(sd, 1e-9)
                v -= math.log(max(sd, 1e-9))
            m[b, i] = sn
            if bias_of[i] >= 0:
                v += _softplus(theta[b, off_bias + bias_of[i]])
            if cover_of[i] >= 0:
                v -= _softplus(-theta[b, off_cover + cover_of[i]])
            u[b, i] = v


@njit(cache=True)
def obs_loglik(u, ylo, yhi, sig, so, point, has_lo, has_hi, cn, co):  # type: ignore[no-untyped-def]
    """Per-draw, per-observation log-likelihood and outlier weight, for reporting."""
    B, N = u.shape
    ll = np.empty((B, N))
    w = np.empty((B, N))
    for b in range(B):
        for i in range(N):
            a, _, c = obs_term(
                u[b, i], ylo[i], yhi[i], sig[i], so[i], point[i], has_lo[i], has_hi[i], cn[i], co[i]
            )
            ll[b, i] = a
            w[b, i] = c
    return ll, w


@njit(cache=True)
def log_prior(
    theta,
    g,
    pmean,
    psd,
    piid,
    o_dev,
    o_base,
    o_beta,
    T,
    K,
    nk1,
    base_m,
    base_s,
    base_sd,
    dev0_sd,
    o_phi,
    seg,
    step_sd,
    knot_sd,
):  # type: ignore[no-untyped-def]
    """Priors: independent Gaussian blocks, the baseline walk, the wave deviations (an
    AR(1) whose persistence, one per wave segment, is a parameter, with Student-t
    innovations where step_sd[1] gives degrees of freedom, Gaussian where it is 0; step_sd[0]
    holds their scales) and the share knots (a walk); adds the gradient into g, returns log
    densities."""
    B, P = theta.shape
    lp = np.zeros(B)
    n_seg = 0
    for t in range(T):
        if seg[t] + 1 > n_seg:
            n_seg = seg[t] + 1
    ph = np.empty(n_seg)
    g_ph = np.empty(n_seg)
    for b in range(B):
        for j in range(n_seg):
            ph[j] = _sig(theta[b, o_phi + j])
            g_ph[j] = 0.0
        acc = 0.0
        for j in range(P):
            if piid[j]:
                z = (theta[b, j] - pmean[j]) / psd[j]
                acc -= 0.5 * z * z
                g[b, j] -= z / psd[j]
        z = (theta[b, o_base] - base_m) / base_s
        acc -= 0.5 * z * z
        g[b, o_base] -= z / base_s
        z = theta[b, o_dev] / dev0_sd
        acc -= 0.5 * z * z
        g[b, o_dev] -= z / dev0_sd
        for j in range(1, base_sd.shape[0] + 1):
            z = (theta[b, o_base + j] - theta[b, o_base + j - 1]) / base_sd[j - 1]
            acc -= 0.5 * z * z
            g[b, o_base + j] -= z / base_sd[j - 1]
            g[b, o_base + j - 1] += z / base_sd[j - 1]
        for t in range(1, T):
            s = step_sd[0, t - 1]
            nu = step_sd[1, t - 1]
            j = seg[t]
            prev = theta[b, o_dev + t - 1]
            z = (theta[b, o_dev + t] - ph[j] * prev) / s
            if nu > 0.0:  # Student-t: a week may jump without a wave date
                q = 1.0 + z * z / nu
                acc -= 0.5 * (nu + 1.0) * math.log(q)
                dz = (nu + 1.0) * z / (nu * q)
            else:
                acc -= 0.5 * z * z
                dz = z
            g[b, o_dev + t] -= dz / s
            g[b, o_dev + t - 1] += ph[j] * dz / s
            g_ph[j] += dz * prev / s
        for j in range(n_seg):
            g[b, o_phi + j] += g_ph[j] * ph[j] * (1.0 - ph[j])
        for k in range(K):
            prev = 0.0
            for j in range(nk1):
                cur = theta[b, o_beta + k * nk1 + j]
                z = (cur - prev) / knot_sd[j]
                acc -= 0.5 * z * z
                g[b, o_beta + k * nk1 + j] -= z / knot_sd[j]
                if j > 0:
                    g[b, o_beta + k * nk1 + j - 1] += z / knot_sd[j]
                prev = cur
        lp[b] = acc
    return lp


@njit(cache=True)
def logp_grad(
    theta,
    off,
    T,
    K,
    nk1,
    hidx,
    hw,
    bidx,
    bw,  # process
    indptr,
    indices,
    data,
    filt,
    den,
    has_den,
    bias_of,
    cover_of,
    add_of,
    add_c,
    off_bias,
    off_cover,
    off_add,
    stay,  # observations
    ylo,
    yhi,
    sig,
    so,
    point,
    has_lo,
    has_hi,
    fitted,
    cn,
    co,  # likelihood
    pmean,
    psd,
    piid,
    base_m,
    base_s,
    base_sd,
    dev0_sd,
    o_phi,
    seg,
    step_sd,
    knot_sd,
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
    g,
    gX,  # workspace
):  # type: ignore[no-untyped-def]
    """log posterior (up to a constant) of each row of theta, and its gradient (into g).

    The work arrays are passed in so that repeated calls reuse memory: allocating fresh
    arrays of this size costs more than the arithmetic."""
    B, P = theta.shape
    K1 = K + 1
    NS = 1 + 4 * K1
    _forward(theta, off, T, K, nk1, hidx, hw, bidx, bw, X, d, pi, a1, a2, Tr, St, lT, onw, sc)
    g[:, :] = 0.0
    gX[:, :] = 0.0
    lp = log_prior(
        theta,
        g,
        pmean,
        psd,
        piid,
        off[0],
        off[1],
        off[3],
        T,
        K,
        nk1,
        base_m,
        base_s,
        base_sd,
        dev0_sd,
        o_phi,
        seg,
        step_sd,
        knot_sd,
    )
    N = bias_of.shape[0]
    Xf = X.reshape(B, NS * (T + 1))
    # each over-count and coverage serves many claims: transform them once per draw
    n_bias = off_cover - off_bias
    n_cover = off_add - off_cover
    sp_b = np.empty(n_bias)
    sg_b = np.empty(n_bias)
    sp_c = np.empty(n_cover)
    sg_c = np.empty(n_cover)
    o_psi, o_rho, o_rhot, f_kind, f_k, f_w = stay
    F = f_kind.shape[0]
    fv, fpsi, frt, frho, gF = np.empty(F), np.empty(F), np.empty(F), np.empty(F), np.empty(F)
    for b in range(B):
        for j in range(n_bias):
            x = theta[b, off_bias + j]
            sp_b[j] = _softplus(x)
            sg_b[j] = _sig(x)
        for j in range(n_cover):
            x = -theta[b, off_cover + j]
            sp_c[j] = _softplus(x)
            sg_c[j] = _sig(x)
        stay_filters(theta, b, o_psi, o_rho, o_rhot, f_kind, f_k, f_w, fv, fpsi, frt, frho)
        gF[:] = 0.0
        for i in range(N):
            if not fitted[i]:
                continue
            s, sd, ea = _functional(
                b, i, theta, Xf, indptr, indices, data, filt, den, fv, add_of, add_c, off_add
            )
            v = math.log(max(s, 1e-9))
            if has_den[i]:
                v -= math.log(max(sd, 1e-9))
            jb = bias_of[i]
            jc = cover_of[i]
            if jb >= 0:
                v += sp_b[jb]
            if jc >= 0:
                v -= sp_c[jc]
            ll, du, _ = obs_term(
                v, ylo[i], yhi[i], sig[i], so[i], point[i], has_lo[i], has_hi[i], cn[i], co[i]
            )
            lp[b] += ll
            if jb >= 0:
                g[b, off_bias + jb] += du * sg_b[jb]
            if jc >= 0:
                g[b, off_cover + jc] += du * sg_c[jc]
            gn = du / s if s > 1e-9 else 0.0
            gd = -du / sd if has_den[i] and sd > 1e-9 else 0.0
            if add_of[i] >= 0:
                g[b, off_add + add_of[i]] += gn * ea
            for p in range(indptr[i], indptr[i + 1]):
                gp = gd if den[p] else gn
                if gp == 0.0:
                    continue
                f = filt[p]
                if f >= 0:
                    gX[b, indices[p]] += data[p] * fv[f] * gp
                    gF[f] += gp * data[p] * Xf[b, indices[p]]
                else:
                    gX[b, indices[p]] += data[p] * gp
        for f in range(F):
            k = f_k[f]
            g[b, o_psi + k] += gF[f] * fpsi[f]
            g[b, o_rhot] += gF[f] * frt[f]
            g[b, o_rho + k] += gF[f] * frho[f]
    _backward(
        theta,
        off,
        T,
        K,
        nk1,
        hidx,
        hw,
        bidx,
        bw,
        gX.reshape(B, NS, T + 1),
        d,
        pi,
        a1,
        a2,
        Tr,
        St,
        lT,
        onw,
        sc,
        g,
    )
    for b in range(B):
        if not math.isfinite(lp[b]):
            lp[b] = -np.inf
            for j in range(P):
                g[b, j] = 0.0
    return lp
