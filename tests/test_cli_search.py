"""The bundled corpus through the real CLI: the issue's 'done when' checks for search and clean."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, FRANCE, SPUTNIK, search_ids


def test_baghdadi_finds_both_seed_articles(seed_corpus, cli):
    result = cli(seed_corpus, "search", "baghdadi", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["query"] == "baghdadi"
    assert payload["total"] == 2
    assert sorted(h["id"] for h in payload["hits"]) == sorted([SPUTNIK, FRANCE])
    sputnik = next(h for h in payload["hits"] if h["id"] == SPUTNIK)
    assert set(sputnik) == {"id", "title", "source", "date", "score", "tags", "read", "note", "snippet"}
    assert sputnik["source"] == "Sputnik International"
    assert sputnik["date"] is None and sputnik["tags"] == []
    assert "Baghdadi" in sputnik["snippet"]


def test_title_field_query_finds_only_the_sputnik_article(seed_corpus, cli):
    assert search_ids(cli(seed_corpus, "search", "title:tumor", "--json")) == [SPUTNIK]
    text = cli(seed_corpus, "search", "title:tumor").stdout
    assert "1 hit for" in text and "Cancerous Tumor" in text


@pytest.mark.parametrize("words", ["Subscribe", "Newsfeed", "PageView", '"Leave A Reply"', "loader", "fbq"])
def test_removed_boilerplate_is_not_searchable(seed_corpus, cli, words):
    result = cli(seed_corpus, "search", words, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] == 0


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"islamic state group"', [FRANCE]),
        ("kill", [SPUTNIK]),  # stemmed: the text says "killed"
        ("bagh*", [SPUTNIK, FRANCE]),
        ("baghdady~", [SPUTNIK, FRANCE]),
        ("source:sputnik", [SPUTNIK]),
        ("idlib OR mosul", [FRANCE, SPUTNIK]),
        ("baghdadi NOT idlib", [SPUTNIK]),
    ],
)
def test_query_language(seed_corpus, cli, query, expected):
    assert sorted(search_ids(cli(seed_corpus, "search", query, "--json"))) == sorted(expected)


@pytest.mark.parametrize("query", ['"unbalanced', "title:(tumor", "foo:bar", "date:yesterdayish", "x" * 2000])
def test_malformed_query_is_one_line_and_exit_2(seed_corpus, cli, query):
    assert cli(seed_corpus, "index", "--quiet").exit_code == 0
    result = cli(seed_corpus, "search", query)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "bad query" in result.stderr


@pytest.mark.parametrize("name", [SPUTNIK, FRANCE])
def test_clean_reproduces_gold_byte_for_byte(cli, tmp_path, name):
    raw = (FIXTURES / "raw" / name).read_bytes()
    gold = (FIXTURES / "gold" / name).read_text(encoding="utf-8")
    from_stdin = cli(tmp_path, "clean", "-", input=raw)
    assert from_stdin.exit_code == 0
    assert from_stdin.stdout == gold
    from_file = cli(tmp_path, "clean", str(FIXTURES / "raw" / name))
    assert from_file.stdout == gold


def test_show_prints_clean_and_raw(seed_corpus, cli):
    clean = cli(seed_corpus, "show", SPUTNIK).stdout
    assert clean.startswith("'Cancerous Tumor': This is What Keeps Daesh Afloat\n\n")
    assert "Subscribe" not in clean
    raw = cli(seed_corpus, "show", SPUTNIK, "--raw").stdout
    assert "Subscribe" in raw
    payload = json.loads(cli(seed_corpus, "show", SPUTNIK, "--json", "--raw").stdout)
    assert payload["source"] == "Sputnik International" and "Subscribe" in payload["removed"]


def test_unknown_article_and_missing_corpus_are_clear_errors(seed_corpus, cli, tmp_path):
    result = cli(seed_corpus, "show", "nope.txt")
    assert result.exit_code == 1 and "no article with id 'nope.txt'" in result.stderr
    result = cli(tmp_path / "does-not-exist", "search", "x")
    assert result.exit_code == 1 and "corpus folder not found" in result.stderr


def test_version_and_help(cli, tmp_path):
    from click.testing import CliRunner

    from tui.cli import main

    runner = CliRunner()
    assert "corpus-tui, version" in runner.invoke(main, ["--version"]).stdout
    for cmd in ["index", "search", "show", "clean", "tag", "tags", "export"]:
        result = runner.invoke(main, [cmd, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_default_corpus_is_the_bundled_sample(tmp_path, monkeypatch):
    """Run from a folder without ./corpus: the bundled sample is used, with a data dir elsewhere."""
    from click.testing import CliRunner

    from tui.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CORPUS_TUI_CORPUS", raising=False)
    monkeypatch.setenv("CORPUS_TUI_DATA", str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["search", "tumor", "--json"])
    assert result.exit_code == 0, result.output
    assert [h["id"] for h in json.loads(result.stdout)["hits"]] == [SPUTNIK]


def test_sorting_by_date_lists_newest_or_oldest_first_with_undated_last(tmp_path, cli):
    from corpus_factory import write_dated

    folder = tmp_path / "dated"
    write_dated(folder, [("Storm hits coast", "2019-05-01"), ("Storm returns", "2021-03-02"), ("Storm without a date", None), ("Storm in spring", "2020-04-04")])
    newest = json.loads(cli(folder, "search", "storm", "--sort", "newest", "--json").stdout)
    assert [h["date"] for h in newest["hits"]] == ["2021-03-02", "2020-04-04", "2019-05-01", None]
    assert newest["sort"] == "newest" and newest["total"] == 4
    assert all(h["score"] is None for h in newest["hits"])  # a date order has no scores
    oldest = json.loads(cli(folder, "search", "storm", "--sort", "oldest", "--json").stdout)
    assert [h["date"] for h in oldest["hits"]] == ["2019-05-01", "2020-04-04", "2021-03-02", None]
    everything = json.loads(cli(folder, "search", "*", "--sort", "newest", "--limit", "2", "--json").stdout)
    assert [h["title"] for h in everything["hits"]] == ["Storm returns", "Storm in spring"]
    ranked = json.loads(cli(folder, "search", "storm", "--json").stdout)
    assert all(isinstance(h["score"], float) for h in ranked["hits"])
    bad = cli(folder, "search", "storm", "--sort", "date")
    assert bad.exit_code == 2 and "Invalid value for '--sort'" in bad.stderr


def test_did_you_mean_keeps_the_first_letter_typed(tmp_path, cli):
    # "goverment" is one edit from "overment" too, whose stem "over" is commoner: it was
    # offered, and its 'did you mean' found every article saying "over".
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(6):
        (folder / f"over{n}.txt").write_text(f"Rains over the valley {n}\n\nThe rains passed over the valley and over the hills on day {n}.\n")
    (folder / "gov.txt").write_text("The government meets\n\nThe government met on Monday to discuss the budget for the year.\n")
    result = json.loads(cli(folder, "search", "goverment", "--json").stdout)
    assert result["total"] == 0 and result["did_you_mean"].startswith("govern")
    assert search_ids(cli(folder, "search", result["did_you_mean"], "--json")) == ["gov.txt"]


def test_did_you_mean_offers_a_word_the_articles_write(tmp_path, cli):
    # "goverment" is one edit from "governent" too, which stems to "govern" as "government"
    # does and is shorter: that misspelling was offered.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "gov.txt").write_text("The government meets\n\nThe government met on Monday to discuss the budget.\n")
    (folder / "elect.txt").write_text("Polls close\n\nThe election was held on Sunday and the elections went well.\n")
    offers = {typed: json.loads(cli(folder, "search", typed, "--json").stdout)["did_you_mean"]
              for typed in ("goverment", "govrnment", "electoin")}
    assert offers == {"goverment": "government", "govrnment": "government", "electoin": "election"}


def test_every_field_with_nothing_after_it_is_a_malformed_query(seed_corpus, cli):
    # `note:`, `has:` and `is:` alone were an internal error (exit 1, a traceback logged).
    from index.search.query import FIELDS

    assert cli(seed_corpus, "index").exit_code == 0
    for field in FIELDS:
        for query in (f"{field}:", f"baghdadi {field.upper()}:"):
            result = cli(seed_corpus, "search", query)
            assert result.exit_code == 2, (query, result.output)
            assert result.stderr.count("\n") == 1 and f"'{query.split()[-1]}' needs" in result.stderr


def test_a_date_clause_with_no_date_is_a_malformed_query(seed_corpus, cli):
    # `date:>` and `date:<=` found nothing without a word; `date:""` was an internal error.
    assert cli(seed_corpus, "index").exit_code == 0
    for query in ("date:>", "date:<=", 'date:""', "baghdadi AND (date:<)"):
        result = cli(seed_corpus, "search", query)
        assert result.exit_code == 2, (query, result.output)
        assert result.stderr.count("\n") == 1 and "needs a date after it" in result.stderr
    assert cli(seed_corpus, "search", "baghdadi AND date:>2000").exit_code == 0


def test_a_comparison_with_no_field_says_to_name_the_field(seed_corpus, cli):
    # `<harvest` was answered "an AND, OR or NOT has nothing to join", which it has not.
    assert cli(seed_corpus, "index").exit_code == 0
    for query in ("<harvest", "baghdadi AND (>2019)"):
        result = cli(seed_corpus, "search", query)
        assert result.exit_code == 2, (query, result.output)
        assert result.stderr.count("\n") == 1 and "write the field first, as in date:<2020" in result.stderr
    assert cli(seed_corpus, "search", "baghdadi AND date:<2030").exit_code == 0
