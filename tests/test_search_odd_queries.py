"""Queries a person can type that stock Whoosh takes without complaint and that broke ours."""

from __future__ import annotations

import json
import math


def test_a_boost_beyond_a_floats_range_is_refused_not_ranked_as_infinity(seed_corpus, cli):
    """`daesh^999…9` parsed as an infinite boost: every score was inf (NaN for articles
    matching only the other clause), the order meaningless, and `--json` printed `Infinity`,
    which is not JSON. It is a bad query (exit 2, one line); a large finite boost still ranks."""
    huge = "9" * 400
    for query in (f"daesh^{huge}", f"(daesh OR tumor)^{huge}", f"daesh^{huge} OR tumor"):
        result = cli(seed_corpus, "search", query, "--json")
        assert result.exit_code == 2, query
        assert result.stderr.count("\n") == 1 and "boost" in result.stderr
    result = cli(seed_corpus, "search", "daesh^1000000 OR tumor", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout, parse_constant=lambda name: math.nan)
    assert found["total"] == 2
    assert all(math.isfinite(hit["score"]) for hit in found["hits"])
