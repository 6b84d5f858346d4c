"""Extraction: reading quantitative migration claims out of documents."""
