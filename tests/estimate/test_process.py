"""The latent process and the posterior: gradients, and the accounting identities."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from emigre.estimate.evidence import interpret
from emigre.estimate.posterior import Posterior
from emigre.estimate.priors import Priors
from tests.estimate.helpers import START, claim, request


@pytest.fixture(scope="module")
def post() -> Posterior:
    claims = [
        claim(300_000, qualifier="at_least", end=dt.date(2022, 3, 15)),
        claim(100_000, qualifier="about", destination="GEO", end=dt.date(2022, 4, 5)),
        claim(60_000, measure="stock", destination="GEO", end=dt.date(2022, 12, 1)),
        claim(None, qualifier="range", low=40_000, high=60_000, destination="ARM"),
        claim(
            20_000,
            measure="registration",
            destination="KGZ",
            start=dt.date(2022, 9, 21),
            end=dt.date(2022, 10, 5),
        ),
        claim(5_000, measure="return", origin="FIN", destination="RUS", end=dt.date(2022, 9, 30)),
        claim(900_000, qualifier="at_most", end=dt.date(2022, 10, 5)),
        claim(
            30_000,
            measure="flow",
            origin="KAZ",
            destination=None,
            start=dt.date(2022, 9, 21),
            end=dt.date(2022, 10, 1),
        ),
        claim(15_000, measure="application", destination="TUR", qualifier="at_least"),
    ]
    req = request(claims, waves=[dt.date(2022, 9, 21)])
    ev = interpret(req.items, start=START, as_of=req.as_of, origin="RUS", priors=Priors())
    return Posterior(ev, Priors(), req.waves)


def test_gradient_matches_finite_differences(post):
    rng = np.random.default_rng(0)
    theta = post.initial()[None, :] + 0.4 * rng.standard_normal((3, post.layout.P))
    _, g = post.logp_grad(theta)
    h = 1e-6
    for j in range(post.layout.P):
        e = np.zeros(post.layout.P)
        e[j] = h
        fd = (post.logp_grad(theta + e)[0] - post.logp_grad(theta - e)[0]) / (2 * h)
        assert np.allclose(g[:, j], fd, rtol=1e-4, atol=1e-5), j


def test_flows_add_up(post):
    """Everyone who left is in some destination or has gone back; entries count each move."""
    rng = np.random.default_rng(1)
    theta = post.initial()[None, :] + 0.5 * rng.standard_normal((5, post.layout.P))
    st = post.process.forward(theta)
    lay = post.layout
    K1 = lay.K1
    D = st.X[:, 0]
    A = st.X[:, 1 : 1 + K1]
    S = st.X[:, 1 + K1 : 1 + 2 * K1]
    L = st.X[:, 1 + 2 * K1 : 1 + 3 * K1]
    R = st.X[:, 1 + 3 * K1 : 1 + 4 * K1]
    onward = np.concatenate([np.zeros((5, 1)), np.cumsum(st.onw, axis=1)], axis=1)
    assert np.allclose(A.sum(axis=1), D + onward, rtol=1e-9)
    assert np.allclose(R.sum(axis=1), D - S.sum(axis=1), rtol=1e-7, atol=1e-6)
    assert np.allclose(L, A - S)
    assert (S >= -1e-9).all() and (np.diff(D, axis=1) >= 0).all()
    assert (np.diff(A, axis=2) >= 0).all() and (L >= -1e-6).all()


def test_onward_moves_never_go_back_to_the_country_just_left():
    """With one named destination and "other": everyone moving on from the named one goes
    to "other"; "other" pools many countries, so its leavers move on by the shares, some to
    another of its countries."""
    req = request(
        [
            claim(300_000, end=dt.date(2022, 4, 1)),
            claim(100_000, destination="GEO", end=dt.date(2022, 4, 1)),
        ]
    )
    ev = interpret(req.items, start=START, as_of=req.as_of, origin="RUS", priors=Priors())
    post = Posterior(ev, Priors(), req.waves)
    rng = np.random.default_rng(2)
    theta = post.initial()[None, :] + 0.5 * rng.standard_normal((3, post.layout.P))
    st = post.process.forward(theta)
    om = st.sc[:, 1][:, None]
    assert post.layout.K1 == 2 and (st.lT > 0).any()
    pi = st.pi
    assert np.allclose(st.a2[:, 0], om * pi[:, 0] * st.lT[:, 1], rtol=1e-9)
    assert np.allclose(st.a2[:, 1], om * (st.lT[:, 0] + pi[:, 1] * st.lT[:, 1]), rtol=1e-9)


def test_predictions_are_the_figures_the_claims_speak_about(post):
    """A claim's latent figure is the difference of its series over its period."""
    theta = post.initial()[None, :]
    st, m, _ = post.predict(theta)
    obs = post.ev.observations
    i = next(k for k, o in enumerate(obs) if o.series == "departures" and o.kind == "lower")
    o = obs[i]
    days = int(o.t1)
    weeks, rest = divmod(days, 7)
    D = st.X[0, 0]
    expected = D[weeks] + (D[weeks + 1] - D[weeks]) * rest / 7
    assert m[0, i] == pytest.approx(expected, rel=1e-12)
