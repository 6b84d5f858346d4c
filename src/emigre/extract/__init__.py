"""Extraction: documents in, source-linked claims out (readers, citations, quantities, dates,
places, measure and group, claim assembly, and a parallel runner for corpora)."""
