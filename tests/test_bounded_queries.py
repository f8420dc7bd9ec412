"""Queries and bulk work stay bounded: a too-broad query is refused naming its broad part,
`*` over every article is quick for tagging and export, and odd input gets a clear answer."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
from app_fixtures import SIZE, make_app, search, settle

from index import Corpus, QueryError

LETTERS = "abcdefghijklm"


def write_many(folder: Path, n: int, seed: int = 3) -> Path:
    """`n` short articles over a large vocabulary (made-up words, as a real corpus has names)."""
    rnd = random.Random(seed)
    folder.mkdir()
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "ba", "do", "fe", "gu", "hi", "jo", "pe"]
    vocab = ["".join(rnd.choice(syll) for _ in range(rnd.randint(2, 4))) + rnd.choice(LETTERS) for _ in range(15000)]
    for i in range(n):
        words = [rnd.choice(vocab) for _ in range(60)]
        (folder / f"a{i:05}.txt").write_text(
            f"Report {i} on {words[0]} and {words[1]}\n\n" + " ".join(words) + f" number {i}.\n"
        )
    return folder


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    base = tmp_path_factory.mktemp("many")
    folder = write_many(base / "c", 2000)
    corpus = Corpus(folder, base / "data")
    corpus.update()
    yield corpus, folder, base / "data"
    corpus.close()


def test_infix_wildcards_over_budget_are_refused_quickly_naming_the_part(many):
    corpus, _, _ = many
    query = " OR ".join(f"*{c}*" for c in LETTERS)
    started = time.perf_counter()
    with pytest.raises(QueryError) as err:
        corpus.search(query)
    assert time.perf_counter() - started < 5
    message = str(err.value)
    assert message.startswith("too broad: '*") and "words" in message, message


def test_many_fuzzy_terms_are_bounded_in_time(many):
    corpus, _, _ = many
    rnd = random.Random(1)
    words = ["".join(rnd.choice("kalomineru") for _ in range(6)) + "~2" for _ in range(80)]
    started = time.perf_counter()
    try:
        corpus.search(" OR ".join(words))
    except QueryError as exc:
        assert str(exc).startswith("too broad:"), exc
    assert time.perf_counter() - started < 8


def test_too_broad_is_exit_2_on_the_cli_and_a_message_in_the_app(many):
    from click.testing import CliRunner

    from tui.cli import main

    _, folder, data = many
    query = " OR ".join(f"*{c}*" for c in LETTERS)
    result = CliRunner().invoke(main, ["--corpus", str(folder), "--data-dir", str(data), "search", query])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: bad query: too broad: '*")


async def test_too_broad_in_the_app_says_which_part(many):
    corpus, _, _ = many
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, " OR ".join(f"*{c}*" for c in LETTERS), enter=False)
        await settle(pilot)
        from textual.widgets import Static

        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "too broad: '*" in shown


def test_tag_and_export_everything_are_quick(many, tmp_path):
    from click.testing import CliRunner

    from tui.cli import main

    _, folder, data = many
    runner = CliRunner()
    base = ["--corpus", str(folder), "--data-dir", str(data)]
    started = time.perf_counter()
    tagged = runner.invoke(main, [*base, "tag", "--query", "*", "+everything"])
    tag_s = time.perf_counter() - started
    assert tagged.exit_code == 0 and tagged.stdout.startswith("2000 articles changed"), tagged.output
    started = time.perf_counter()
    out = tmp_path / "all.jsonl"
    exported = runner.invoke(main, [*base, "export", "-q", "*", "--format", "jsonl", "-o", str(out)])
    export_s = time.perf_counter() - started
    assert exported.exit_code == 0, exported.output
    assert len(out.read_text().splitlines()) == 2000
    assert tag_s < 1.0 and export_s < 1.0, (tag_s, export_s)


def test_not_not_not_is_a_clear_query_error(many):
    corpus, _, _ = many
    for text in ("NOT NOT NOT", "NOT", "AND", "OR OR"):
        with pytest.raises(QueryError) as err:
            corpus.search(text)
        assert "list index" not in str(err.value) and "cannot parse" not in str(err.value), str(err.value)


def test_a_binary_txt_does_not_make_every_export_update(tmp_path, cli):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "good.txt").write_text("Harbour reopens\n\nThe harbour reopened on Monday after the storm damaged two cranes.\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "huge.txt").write_bytes(b"x" * (21 * 1024 * 1024))
    first = cli(folder, "index")
    assert "skipped binary.txt" in first.stderr and "skipped huge.txt" in first.stderr
    for _ in range(2):
        again = cli(folder, "export", "--format", "jsonl")
        assert again.exit_code == 0
        assert "skipped" not in again.stderr and "index updated" not in again.stderr, again.stderr
        assert [json.loads(line)["id"] for line in again.stdout.splitlines()] == ["good.txt"]
