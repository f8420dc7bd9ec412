"""Exploring a result set rather than ranking it: syndicated copies, facets, timeline, concordance."""
