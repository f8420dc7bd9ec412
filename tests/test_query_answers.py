"""Queries answer exactly what they say: tag clauses in any position, every form of date range,
and messages that quote what the user typed."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SPUTNIK
from corpus_factory import write_corpus, write_dated

from index import Corpus


@pytest.fixture
def tagged(tmp_path):
    """60 articles, three tags (one on no article, one on an article with none of the words)."""
    ids = write_corpus(tmp_path / "corpus", 60, seed=3)
    corpus = Corpus(tmp_path / "corpus", tmp_path / "data")
    corpus.update()
    corpus.tag(ids[0:7], add=["alpha"])  # (small: spelled out as ids, a query stays short)
    corpus.tag(ids[4:12], add=["beta"])
    corpus.tag(ids[59:], add=["lonely"])
    yield corpus, ids
    corpus.close()


def _by_ids(corpus: Corpus, query: str) -> dict[str, float]:
    result = corpus.search(query, limit=1000, snippets=False)
    assert result.total == len(result.hits)
    return {h.id: round(h.score, 6) for h in result.hits}


def _spelled(corpus: Corpus, tag: str) -> str:
    """A tag clause spelled out as `id:` terms (an id no article has, for an unused tag)."""
    ids = sorted(corpus.tags.ids_with(tag)) or ["no-such-article"]
    return "(" + " OR ".join(f'id:"{i}"' for i in ids) + ")"


TAG_FORMS = [
    "{w} AND NOT tag:{t}", "{w} AND tag:{t}", "{w} OR tag:{t}", "NOT tag:{t}", "tag:{t}",
    "{w} AND NOT (tag:{t} OR tag:{u})", "({w} OR tag:{t}) AND NOT tag:{u}", "tag:{t} AND tag:{u}",
    "tag:{t} OR tag:{u}", "{w} AND (tag:{t} OR NOT tag:{u})", "NOT (tag:{t} AND {w})",
    "{w} NOT tag:{t}", "(tag:{t} OR {w}) AND (tag:{u} OR storm)", "{w} AND NOT tag:{t} AND NOT tag:{u}",
]


def test_tag_clauses_give_the_set_of_the_same_query_with_ids_spelled_out(tagged):
    corpus, ids = tagged
    tags = ["alpha", "beta", "lonely", "neverused"]
    for form, (t, u), w in itertools.product(TAG_FORMS, itertools.permutations(tags, 2), ["title:harvest", "title:bridge"]):
        query = form.format(w=w, t=t, u=u)
        spelled = form.format(w=w, t="\0", u="\1").replace("tag:\0", _spelled(corpus, t)).replace("tag:\1", _spelled(corpus, u))
        assert _by_ids(corpus, query) == _by_ids(corpus, spelled), query


def test_not_of_an_unused_tag_excludes_nothing(tagged):
    corpus, _ = tagged
    word = corpus.search("title:harvest", limit=0).total
    assert 0 < word < corpus.count()
    assert corpus.search("title:harvest AND NOT tag:neverused", limit=0).total == word
    assert corpus.search("title:harvest AND tag:neverused", limit=0).total == 0
    assert corpus.search("NOT tag:neverused", limit=0).total == corpus.count()
    assert corpus.search("title:harvest~ AND NOT tag:neverused", limit=0).total == corpus.search("title:harvest~", limit=0).total


def test_a_fuzzy_term_matching_nothing_empties_an_and(tagged):
    corpus, _ = tagged
    assert corpus.search("title:harvest AND qqqqzz~", limit=0).total == 0
    assert corpus.search("title:harvest AND NOT qqqqzz~", limit=0).total == corpus.search("title:harvest", limit=0).total


DATED = [("Storm A", "2018-12-31"), ("Storm B", "2019-01-01"), ("Storm C", "2019-06-15"), ("Storm D", "2019-12-31"),
         ("Storm E", "2020-01-01"), ("Storm F", "2020-07-04"), ("Storm G", "2021-01-01"), ("Storm H", "2021-12-31"),
         ("Storm I", "2022-01-01"), ("Storm J", None)]


@pytest.mark.parametrize(
    "query, titles",
    [
        ("date:[2019 to 2021]", "BCDEFGH"), ("date:{2019 to 2021]", "EFGH"), ("date:[2019 to 2021}", "BCDEF"),
        ("date:{2019 to 2021}", "EF"), ("date:{2019-06 to 2020-07]", "DEF"), ("date:[2019-06-15 to 2020-07-04}", "CDE"),
        ("date:{2019-06-15 TO 2020-07-04}", "DE"), ("date:{2019 to]", "EFGHI"), ("date:[to 2019}", "A"),
        ("date:>2020", "GHI"), ("date:>=2020", "EFGHI"), ("date:<2019", "A"), ("date:<=2019", "ABCD"),
        ("storm AND date:{2020 to 2022}", "GH"), ("storm AND NOT date:{2018 to 2022}", "AIJ"),
    ],
)
def test_every_mix_of_range_ends(tmp_path, query, titles):
    write_dated(tmp_path / "corpus", DATED)
    with Corpus(tmp_path / "corpus", tmp_path / "data") as corpus:
        corpus.update()
        found = {h.title.split()[1] for h in corpus.search(query, limit=100).hits}
        assert "".join(sorted(found)) == titles, query


@pytest.mark.parametrize(
    "query, message",
    [
        ("date:2019-13", "cannot understand the date '2019-13'"),
        ("storm AND date:2019-02-30", "cannot understand the date '2019-02-30'"),
        ("date:[2019-13 to 2020]", "cannot understand a date in 'date:[2019-13 to 2020]'"),
        ("tag:", "'tag:' needs a tag name after it"),
        ("storm AND tag:", "'tag:' needs a tag name after it"),
        ("(TAG: )", "'TAG:' needs a tag name after it"),
        ("title:", "'title:' needs a word after it"),
        ("\U0001f600", "nothing to search for in '\U0001f600': a query needs letters or digits"),
        ("the", "nothing to search for in 'the': only stop words"),
    ],
)
def test_query_messages_quote_what_was_typed(seed_corpus, cli, query, message):
    assert cli(seed_corpus, "index", "--quiet").exit_code == 0
    result = cli(seed_corpus, "search", query)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_invalid_tag_is_quoted_as_typed(seed_corpus, cli):
    result = cli(seed_corpus, "tag", SPUTNIK, "+bad tag!")
    assert result.exit_code == 1
    assert "invalid tag 'bad tag!'" in result.stderr


def test_export_into_a_closed_pipe_stops_quietly(tmp_path):
    """`corpus-tui export … | head`: the reader leaving is a normal end (status 0, as ripgrep)."""
    folder = tmp_path / "corpus"
    write_corpus(folder, 150, paragraphs=8)  # several hundred KB of Markdown: more than a pipe holds
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "tui.cli", "--corpus", str(folder), "--data-dir", str(tmp_path / "data")]
    assert subprocess.run([*cmd, "index", "--quiet"], env=env, capture_output=True).returncode == 0
    proc = subprocess.Popen([*cmd, "export", "--format", "md"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(100).startswith(b"# corpus-tui export")
    proc.stdout.close()  # as `head` does once it has its lines
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert err == ""


def test_fuzzy_terms_match_words_as_written_not_stems(tmp_path):
    from conftest import article as make_article

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(make_article("House votes on impeachment", "The impeachment inquiry opened on Monday."))
    (folder / "b.txt").write_text(make_article("Power cuts", "Electricity prices rose again as the grid failed."))
    (folder / "c.txt").write_text(make_article("Harbour news", "Boats were running late in the storm."))
    with Corpus(folder, tmp_path / "data") as corpus:
        corpus.update()
        for typed, expected in [("impeachmnet~", "a.txt"), ("impeachmen~", "a.txt"), ("electricty~", "b.txt"),
                                ("title:impeachmnt~", "a.txt"), ("runnin~", "c.txt"), ("impeachmnet~2", "a.txt")]:
            result = corpus.search(typed)
            assert [h.id for h in result.hits] == [expected], typed
        assert "impeach" in corpus.search("impeachmnet~").terms.words  # highlighted as found
        assert corpus.search("zzimpeachment~").total == 0  # the first letter is kept
