"""emigre: an open, evidence-first observatory of mass emigration."""

__version__ = "0.1.0"
