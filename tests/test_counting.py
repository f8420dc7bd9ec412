"""Exact hit counts by set algebra equal Whoosh's own count, whatever the query."""

from __future__ import annotations

from corpus_factory import write_corpus
from index import Corpus
from index.counting import count_matches

QUERIES = [
    "government", "report AND police", "report OR police", "report AND NOT police", "NOT river",
    '"minister said"', "elect*", "harvst~", "title:report", "source:wire", "date:[2019 to 2021]",
    "(court OR council) AND (army OR forces) AND NOT storm", "tag:keep", "tag:keep OR bridge",
    "government AND tag:keep", "nosuchword", "NOT nosuchword", "*", "report AND \"police city\"",
]


def test_set_counts_equal_whooshs_on_a_segmented_index_with_deletions(tmp_path):
    corpus = tmp_path / "corpus"
    ids = write_corpus(corpus, 120, seed=31)
    with Corpus(corpus, tmp_path / "data") as c:
        c.update()
        c.tag(ids[:15], add=["keep"])
        # edits and removals after the first build: a second segment, deletions in the first
        for rel in ids[20:40]:
            path = corpus / rel
            path.write_text(path.read_text(encoding="utf-8") + "\nThe storm hit the bridge.\n", encoding="utf-8")
        for rel in ids[40:45]:
            (corpus / rel).unlink()
        c.update()
        searcher = c.index.searcher()
        assert len(list(searcher.leaf_searchers())) >= 2 and searcher.reader().has_deletions()
        for text in QUERIES:
            q = c.compile(text)
            expected = len(list(searcher.docs_for_query(q)))
            assert count_matches(searcher, q) == expected, text
            assert c.search(text, limit=5).total == expected, text
