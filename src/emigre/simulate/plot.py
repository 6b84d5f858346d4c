"""Charts of runs: simulated against observed counts per camp, as small multiples."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from emigre.simulate.validate import Validation


def plot_validation(
    v: Validation,
    path: str | Path,
    *,
    title: str,
    dates: list | None = None,
    source: str = "",
    band: tuple[np.ndarray, np.ndarray] | None = None,
) -> Path:
    """One panel per camp (people, not agents), with ARD in the title and the source below."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(v.names)
    cols = min(4, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows + 0.8), squeeze=False)
    x = dates if dates is not None else np.arange(v.observed.shape[0])
    for j, name in enumerate(v.names):
        ax = axes[j // cols][j % cols]
        ax.plot(x, v.observed[:, j] * v.hasten, color="#333333", lw=1.4, label="observed")
        if band is not None:
            ax.fill_between(
                x, band[0][:, j] * v.hasten, band[1][:, j] * v.hasten, color="#e07b39", alpha=0.25
            )
        ax.plot(x, v.simulated[:, j] * v.hasten, color="#e07b39", lw=1.4, label="simulated")
        ax.set_title(name, fontsize=9)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=7)
        ax.yaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(
                lambda y, _: f"{y / 1000:g}k" if y >= 1000 else f"{y:g}"
            )
        )
        if dates is not None:
            ax.xaxis.set_major_locator(matplotlib.dates.AutoDateLocator(minticks=2, maxticks=5))
            ax.xaxis.set_major_formatter(
                matplotlib.dates.ConciseDateFormatter(ax.xaxis.get_major_locator())
            )
    for j in range(n, rows * cols):
        axes[j // cols][j % cols].axis("off")
    axes[0][0].legend(fontsize=7, frameon=False)
    fig.suptitle(
        f"{title}: people per camp, simulated vs observed "
        f"(ARD {v.ard:.3f}, rescaled {v.ard_rescaled:.3f})",
        fontsize=10,
    )
    if source:
        fig.text(0.01, 0.005, f"Source: {source}", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
