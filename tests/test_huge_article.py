"""A file of one enormous line (under the size limit, so indexed) with a hit every few words:
searching it and reading it must stay as quick as for any article."""

from __future__ import annotations

import time

from app_fixtures import SIZE, make_app, search, settle
from click.testing import CliRunner
from conftest import HUGE_REPEATS as REPEATS

from index import Corpus
from tui.article_render import MAX_SHOWN
from tui.cli import main


def test_a_search_hitting_a_huge_one_line_file_answers_with_its_snippet(huge):
    # The snippet looked at every one of the million hits: the word `harvest` alone was
    # refused as "too broad" after 10 s (exit 2).
    folder, data = huge
    started = time.monotonic()
    result = CliRunner().invoke(main, ["--corpus", str(folder), "--data-dir", str(data), "search", "harvest"])
    assert result.exit_code == 0, result.output
    assert "2 hits" in result.stdout and "huge.txt" in result.stdout
    assert "word harvest word harvest" in result.stdout  # its snippet
    assert time.monotonic() - started < 8


async def test_the_reader_opens_a_huge_one_line_file_and_says_what_it_leaves_out(huge):
    # Reading it highlighted and wrapped 13 MB on the event loop: the app stopped answering.
    folder, data = huge
    with Corpus(folder, data) as corpus:
        app = make_app(corpus)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await search(pilot, "harvest")
            reading = screen.reading
            ids = [hit.id for hit in screen.hit_list.hits]
            assert sorted(ids) == ["huge.txt", "small.txt"]
            if ids[0] != "huge.txt":
                await pilot.press("j", "enter")
                await settle(pilot)
            assert reading.article is not None and reading.article.id == "huge.txt"
            shown = reading.view.plain
            assert len(shown) < MAX_SHOWN + 300
            assert shown.rstrip().endswith("corpus-tui show huge.txt prints the whole article]")
            assert "more characters not shown here" in shown
            await pilot.press("escape", "g" if ids[0] == "small.txt" else "G", "enter")  # still answering keys
            await settle(pilot)
            assert reading.article.id == "small.txt"
