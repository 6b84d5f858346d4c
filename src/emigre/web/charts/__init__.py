"""Vega-Lite specifications, built in Python from view data so the pages and the report agree.

One module per chart; this package names the ones the views call."""

from emigre.web.charts.common import footer
from emigre.web.charts.country import country_spec, policy_spec
from emigre.web.charts.map import legend_values, map_spec
from emigre.web.charts.scenarios import (
    runs_difference_spec,
    runs_monthly_spec,
    runs_targets_spec,
    runs_totals_spec,
)
from emigre.web.charts.timeline import timeline_spec

__all__ = [
    "country_spec",
    "footer",
    "legend_values",
    "map_spec",
    "policy_spec",
    "runs_difference_spec",
    "runs_monthly_spec",
    "runs_targets_spec",
    "runs_totals_spec",
    "timeline_spec",
]
