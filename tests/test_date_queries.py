"""`date:` ranges run over the in-memory date column and match exactly what Whoosh's range does."""

from __future__ import annotations

import random

from corpus_factory import write_dated

from index import Corpus
from index.search.query import parse

QUERIES = [
    "date:2019", "date:2019-10", "date:2019-10-27", "date:[2018 to 2020]", "date:[2019-03 to 2019-04]",
    "date:>2022", "date:<2017", "date:>=2019-06-15", "storm AND date:[2019 to 2021]",
    "storm AND NOT date:2020", "date:2019 OR date:2023", "date:[2030 to 2040]",
]


def test_date_ranges_match_whooshs_own_range_queries(tmp_path):
    rng = random.Random(5)
    articles = [(f"Storm {i}", f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
                for i in range(150)] + [("Storm undated", None), ("Storm Oct 27", "2019-10-27")]
    write_dated(tmp_path / "corpus", articles)
    with Corpus(tmp_path / "corpus", tmp_path / "data") as c:
        c.update()
        searcher = c.index.searcher()
        for text in QUERIES:
            ours = c.compile(text)
            assert "DateSpan" in repr(ours), text
            plain = parse(text)  # Whoosh's NumericRange, no rewrite
            expected = {searcher.stored_fields(d)["id"] for d in plain.docs(searcher)}
            assert {searcher.stored_fields(d)["id"] for d in ours.docs(searcher)} == expected, text
            assert c.search(text, limit=500).total == len(expected), text
            # and it adds to a document's score what Whoosh's range adds
            theirs = {searcher.stored_fields(h.docnum)["id"]: round(h.score, 5) for h in searcher.search(plain, limit=None)}
            mine = {searcher.stored_fields(h.docnum)["id"]: round(h.score, 5) for h in searcher.search(ours, limit=None)}
            assert mine == theirs, text
        # an open-ended range never matches undated articles
        assert "d150.json" not in {h.id for h in c.search("date:>2015", limit=500).hits}
