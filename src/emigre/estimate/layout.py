"""Where each parameter sits in the flat vector, and the weekly interpolation of knots.

Kept apart from process.py (the compiled passes) so each file holds one thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SERIES = ("departures", "arrivals", "stock", "leavers", "returns")


@dataclass
class Layout:
    """Where each parameter block sits in the flat parameter vector."""

    T: int
    K: int  # named destinations; K + 1 with "other"
    knots: int
    n_bias: int
    n_cover: int
    base_knots: int = 0
    n_seg: int = 1  # wave segments, each with its own persistence
    n_add: int = 0  # additive baselines of figures that count more than the emigrants

    def __post_init__(self) -> None:
        sizes = [
            ("dev", self.T),
            ("base", self.base_knots or self.T),
            ("alpha", self.K),
            ("beta", self.K * (self.knots - 1)),
            ("psi", self.K + 1),
            ("rho", self.K + 1),
            ("rho_t", 1),
            ("omega", 1),
            ("phi", self.n_seg),
            ("bias", self.n_bias),
            ("cover", self.n_cover),
            ("baseline", self.n_add),
        ]
        self.slices: dict[str, slice] = {}
        at = 0
        for name, n in sizes:
            self.slices[name] = slice(at, at + n)
            at += n
        self.P = at

    @property
    def K1(self) -> int:
        return self.K + 1

    @property
    def n_series(self) -> int:
        return 1 + 4 * self.K1

    def row(self, series: str, k: int = 0) -> int:
        """Row of a series in the stacked (n_series, T + 1) array."""
        if series == "departures":
            return 0
        return 1 + (SERIES.index(series) - 1) * self.K1 + k

    def offsets(self) -> np.ndarray:
        s = self.slices
        names = ("dev", "base", "alpha", "beta", "psi", "rho", "rho_t", "omega")
        return np.array([s[n].start for n in names], dtype=np.int64)


def hat_basis(T: int, knots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each week, the two knots around it and their linear-interpolation weights."""
    weeks = np.arange(T, dtype=float)
    j = np.clip(np.searchsorted(knots, weeks, side="right") - 1, 0, len(knots) - 2)
    span = knots[j + 1] - knots[j]
    f = np.clip((weeks - knots[j]) / span, 0.0, 1.0)
    idx = np.stack([j, j + 1], axis=1).astype(np.int64)
    w = np.stack([1.0 - f, f], axis=1)
    return idx, w
