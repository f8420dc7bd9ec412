"""An engine failure is not a query error: a broken ranking step reads as an internal error
(exit 1, the traceback in the data folder's log), and only a malformed query exits 2."""

from __future__ import annotations

from app_fixtures import SIZE, app_corpus, corpus_dir, make_app, search, settle  # noqa: F401
from textual.widgets import Static

from index.errors import ERROR_LOG
from index.search import ranking


def break_ranking(monkeypatch) -> None:
    """A forced failure inside a ranking step (the field lengths BM25F reads)."""
    def broken(reader, fieldname):
        raise RuntimeError("field lengths unavailable")

    monkeypatch.setattr(ranking, "field_lengths", broken)


def test_a_broken_ranking_step_is_an_internal_error_with_its_log(seed_corpus, cli, tmp_path, monkeypatch):
    assert cli(seed_corpus, "search", "baghdadi").exit_code == 0  # builds the index first
    break_ranking(monkeypatch)
    result = cli(seed_corpus, "search", "baghdadi")
    assert result.exit_code == 1
    log = tmp_path / "data" / ERROR_LOG
    assert result.stderr.strip().splitlines() == [
        f"Error: internal error while searching for 'baghdadi': RuntimeError: field lengths unavailable "
        f"(a bug, not your input; the traceback is in {log})"
    ]
    assert "bad query" not in result.stderr and "Traceback" not in result.stderr
    logged = log.read_text()
    assert "internal error while searching for 'baghdadi'" in logged
    assert "Traceback (most recent call last)" in logged and "in broken" in logged
    # Bulk tagging goes through the same ranking: same kind of error, and nothing tagged.
    tagged = cli(seed_corpus, "tag", "--query", "baghdadi", "+x")
    assert tagged.exit_code == 1 and "internal error while matching 'baghdadi'" in tagged.stderr
    assert logged.count("--- ") == 1 and log.read_text().count("--- ") == 2


def test_a_malformed_query_still_exits_2_and_logs_nothing(seed_corpus, cli, tmp_path, monkeypatch):
    break_ranking(monkeypatch)  # (a parse error never gets as far as ranking)
    for query in ('"unclosed phrase', "title:(tumor", "foo:bar", "date:yesterdayish"):
        result = cli(seed_corpus, "search", query)
        assert result.exit_code == 2, (query, result.stderr)
        assert "bad query" in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "data" / ERROR_LOG).exists()


async def test_the_app_notifies_an_internal_error(app_corpus, monkeypatch):
    break_ranking(monkeypatch)
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "storm")
        status = str(app.screen.query_one("#search-status", Static).render())
        assert "internal error" in status and "bad query" not in status
        notes = [n for n in app._notifications if n.title == "Internal error"]
        assert len(notes) == 1 and notes[0].severity == "error"
        assert "RuntimeError: field lengths unavailable" in notes[0].message
        assert str(app_corpus.data_dir / ERROR_LOG) in notes[0].message
