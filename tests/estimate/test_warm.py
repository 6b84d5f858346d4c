"""The install step's warm-up runs a whole (tiny) estimate, so it reaches every kernel."""

from emigre.estimate.warm import warm


def test_warm_up_runs_an_estimate_end_to_end() -> None:
    assert warm() > 0
