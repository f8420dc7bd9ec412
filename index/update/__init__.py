"""Bringing the index up to date: the incremental indexer and its worker processes."""
