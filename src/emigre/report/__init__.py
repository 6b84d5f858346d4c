"""The static report: the dashboard's views in one HTML file, with everything inline."""

from emigre.report.build import write_report

__all__ = ["write_report"]
