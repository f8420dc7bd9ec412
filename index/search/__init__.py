"""Answering a query: parsing, custom queries, fuzzy expansion, ranking and highlighting."""
