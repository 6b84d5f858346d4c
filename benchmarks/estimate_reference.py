"""emigre's sampler against a reference NUTS sampler (NumPyro) on the same log density.

What it compares: for the built-in case and a few synthetic cases of the calibration harness,
emigre's posterior draws (its own HMC, `emigre.estimate.run`) with NumPyro's NUTS run on
emigre's own log density and gradient (`Posterior.logp_grad`, called from JAX through
`jax.pure_callback`; no second copy of the model that could drift from the first). It prints
the largest difference of the 5, 50 and 95 % posterior quantiles, in units of the reference's
posterior sd, over the reported figures (log departures and everyone abroad at the as-of
date, log stock and entries of every destination) and over every latent parameter. Monte
Carlo error alone makes quantiles differ: the same statistic between the two halves of the
reference's own chains is printed beside it as the noise floor.

NUTS runs on z = W^-1 (theta - mode), with W from the Laplace approximation at the most
probable mode emigre's search finds: a linear change of variables (its Jacobian is a
constant), so the density NUTS samples is exactly emigre's, only better scaled; NumPyro then
adapts its own step size and diagonal mass matrix. Its chains start from emigre's dispersed
starting points (the claims' level and draws from the prior), not from emigre's modes.

NumPyro and JAX are installed into a virtual environment of the benchmark's own under the
user cache folder (never a dependency of emigre), with NumPy and SciPy pinned to the
versions emigre runs on; that environment sees emigre and its dependencies through a .pth
file. The first run installs them (about 150 MB), which needs PyPI.

    python benchmarks/estimate_reference.py [--calibration 3] [--warmup 500] [--draws 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["numpyro==0.22.0", "jax==0.10.2", "jaxlib==0.10.2"]
QUANTILES = (0.05, 0.5, 0.95)


def reference_python(where: Path) -> Path:
    """A virtual environment with NumPyro and JAX that can also import emigre (made once)."""
    python = where / "bin" / "python"
    probe = [str(python), "-c", "import numpyro, jax, emigre.estimate"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    import numpy
    import scipy

    print(f"installing {', '.join(PACKAGES)} into {where} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(where)], check=True)
    pins = [f"numpy=={numpy.__version__}", f"scipy=={scipy.__version__}"]
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, *PACKAGES, *pins], check=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(site) / "emigre-reference.pth").write_text(f"{ROOT / 'src'}\n{ours}\n")
    return python


# -- the child process, in the reference environment ---------------------------------------


def _problems(n_calibration: int, case: bool = True) -> list[tuple[str, object]]:
    from emigre.cases import load_builtin
    from emigre.estimate import Item, Priors, Request, case_request

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import estimate_calibration as synth

    out: list[tuple[str, object]] = []
    for seed in range(n_calibration):
        rng = np.random.default_rng(1000 + seed)
        priors = Priors()
        truth = synth.draw_truth(rng, priors)
        claims = synth.make_claims(rng, truth, priors)
        req = Request(
            items=[Item(i, c) for i, c in enumerate(claims)],
            start=synth.START,
            as_of=synth.START + dt.timedelta(days=7 * truth.T - 1),
            origin="RUS",
            waves=[synth.START + dt.timedelta(days=7 * w) for w in truth.waves if w > 0],
            priors=priors,
        )
        out.append((f"calibration draw {seed + 1}", req))
    if case:  # last: the largest
        out.append(("built-in case", case_request(load_builtin("russia-2022"))))
    return out


def _figures(post: object, theta: np.ndarray) -> np.ndarray:
    """The reported figures of each draw, on the log scale: (draws, figures)."""
    from emigre.estimate.run import _forward_all  # the benchmark reads emigre's own figures

    f = _forward_all(post, theta)  # type: ignore[arg-type]
    return np.log(
        np.concatenate(
            [f["departures"][:, -1:], f["remaining"][:, -1:], f["stock"], f["arrivals"]], axis=1
        )
        + 1.0
    )


def _worst(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    """Largest |quantile difference| / sd of b over the columns, and its column."""
    qa = np.quantile(a, QUANTILES, axis=0)
    qb = np.quantile(b, QUANTILES, axis=0)
    sd = np.maximum(b.std(axis=0), 1e-12)
    d = (np.abs(qa - qb) / sd[None, :]).max(axis=0)
    j = int(np.argmax(d))
    return float(d[j]), j


def _nuts(post: object, seed: int, warmup: int, draws: int, chains: int) -> tuple[np.ndarray, str]:
    import jax
    import jax.numpy as jnp
    from numpyro.diagnostics import summary
    from numpyro.infer import MCMC, NUTS

    from emigre.estimate.modes import find_modes
    from emigre.estimate.sampler import whitening

    f = post.logp_grad  # type: ignore[attr-defined]
    starts = [post.initial(), *post.starts(seed)]  # type: ignore[attr-defined]
    mode = find_modes(f, starts, 4000)[0]
    W, W_inv, _ = whitening(mode.H)
    P = mode.theta.size

    def host(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        theta = mode.theta + np.asarray(z, dtype=float) @ W.T
        lp, g = f(theta[None, :])
        if not np.isfinite(lp[0]):
            return np.array(np.inf), np.zeros(P)
        return np.array(-lp[0]), -(g[0] @ W)

    shapes = (jax.ShapeDtypeStruct((), jnp.float64), jax.ShapeDtypeStruct((P,), jnp.float64))

    @jax.custom_vjp
    def potential(z):  # type: ignore[no-untyped-def]
        return jax.pure_callback(host, shapes, z)[0]

    def fwd(z):  # type: ignore[no-untyped-def]
        u, g = jax.pure_callback(host, shapes, z)
        return u, g

    def bwd(g, ct):  # type: ignore[no-untyped-def]
        return (ct * g,)

    potential.defvjp(fwd, bwd)
    kernel = NUTS(potential_fn=potential, target_accept_prob=0.8, max_tree_depth=8)
    mcmc = MCMC(
        kernel,
        num_warmup=warmup,
        num_samples=draws,
        num_chains=chains,
        chain_method="sequential",
        progress_bar=False,
    )
    z0 = np.stack([W_inv @ (starts[c % len(starts)] - mode.theta) for c in range(chains)])
    mcmc.run(jax.random.PRNGKey(seed), init_params=jnp.asarray(z0))
    z = np.asarray(mcmc.get_samples(group_by_chain=True))  # (chains, draws, P)
    stats = summary(z)["Param:0"]
    rhat, ess = np.nanmax(stats["r_hat"]), np.nanmin(stats["n_eff"])
    note = f"NUTS R-hat max {rhat:.3f}, ESS min {ess:.0f}"
    return mode.theta[None, None, :] + z @ W.T, note


def child(args: argparse.Namespace) -> None:
    import jax

    jax.config.update("jax_enable_x64", True)
    jax.config.update("jax_platforms", "cpu")
    from emigre.estimate.run import run

    print(f"{'problem':<22}{'P':>6}{'figures':>10}{'params':>10}{'noise':>9}  notes")
    for name, req in _problems(args.calibration, not args.no_case):
        t0 = time.perf_counter()
        res = run(req)  # type: ignore[arg-type]
        t_emigre = time.perf_counter() - t0
        t0 = time.perf_counter()
        ref, note = _nuts(res.post, args.seed, args.warmup, args.draws, args.chains)
        t_ref = time.perf_counter() - t0
        flat = ref.reshape(-1, ref.shape[-1])
        d_par, j_par = _worst(res.theta, flat)
        fig_e, fig_r = _figures(res.post, res.theta), _figures(res.post, flat)
        d_fig, _ = _worst(fig_e, fig_r)
        half = ref.shape[0] // 2  # the reference against itself: its two halves of chains
        a, b = ref[:half].reshape(-1, ref.shape[-1]), ref[half:].reshape(-1, ref.shape[-1])
        noise = max(_worst(a, b)[0], _worst(_figures(res.post, a), _figures(res.post, b))[0])
        from emigre.estimate.run import parameter_name

        readings = res.estimate.diagnostics.readings
        print(
            f"{name:<22}{ref.shape[-1]:>6}{d_fig:>10.2f}{d_par:>10.2f}{noise:>9.2f}  "
            f"worst parameter {parameter_name(res.post, j_par)}; emigre {t_emigre:.0f} s "
            f"({readings} reading{'s' if readings > 1 else ''}), NumPyro {t_ref:.0f} s, {note}"
        )
        sys.stdout.flush()
    print(
        "figures/params: largest |difference| of the 5/50/95 % quantiles, emigre vs NumPyro "
        "NUTS, in posterior sd; noise: the same between two halves of NumPyro's chains"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calibration", type=int, default=3, help="synthetic cases besides the case")
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--draws", type=int, default=500)
    ap.add_argument("--chains", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-case", action="store_true", help="only the calibration draws")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    from platformdirs import user_cache_dir

    python = reference_python(Path(user_cache_dir("emigre")) / "reference-venv")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    cmd = [str(python), __file__, "--child", *sys.argv[1:]]
    raise SystemExit(subprocess.run(cmd, env=env, check=False).returncode)


if __name__ == "__main__":
    main()
