"""The app, driven like a user would: real corpus on disk, real index, real tag store."""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

from app_fixtures import (  # noqa: F401
    HOSTILE_BODY,
    HOSTILE_TITLE,
    SIZE,
    app_corpus,
    app_on,
    corpus_dir,
    make_app,
    search,
    settle,
    write_corpus,
)
from rich.console import Console
from textual.widgets import Input, ProgressBar, Static

from index import FOLLOWUP, Corpus
from tui.article_view import ArticleView
from tui.help_screen import HelpScreen
from tui.hit_list import HitList
from tui.main_screen import PREVIEW_DELAY_S
from tui.search_pane import PAGE
from tui.reading_pane import ReadingPane
from tui.bulk_tag import BulkTagScreen
from tui.tag_dialogs import RemoveTagScreen, TagEditScreen
from tui.tag_pane import TagPane


def hit_ids(app) -> list[str]:
    return [h.id for h in app.screen.query_one(HitList).hits]


def status_text(app) -> str:
    return str(app.screen.query_one("#search-status", Static).render())


def reading_status(app) -> str:
    return str(app.screen.query_one("#reading-status", Static).render())


def header_text(app) -> str:
    return str(app.screen.query_one("#reading-header", Static).render())


def fresh_tags(corpus: Corpus, article_id: str) -> tuple[str, ...]:
    """Read tags through a second engine instance, as a new process would."""
    with Corpus(corpus.root, corpus.data_dir) as other:
        return other.tags_of(article_id)


async def test_typing_a_query_shows_the_matching_hits(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert hit_ids(app) == [] and status_text(app).startswith("6 articles")  # empty query
        await search(pilot, "storm", enter=False, typed=True)  # type-ahead, no Enter
        assert hit_ids(app)[0] == "storm.txt"
        assert set(hit_ids(app)) == {"storm.txt", "election.txt", "hostile.txt"}
        assert status_text(app).startswith("3 hits")
        assert isinstance(app.focused, Input)  # typing did not steal the focus


async def test_type_ahead_previews_the_first_hit_once_the_results_hold_still(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reading = app.screen.query_one(ReadingPane)
        await pilot.press(*"harvest")
        while app.screen.shown_query != "harvest":
            await pilot.pause(0.01)
        await pilot.pause()
        assert hit_ids(app) == ["harvest.txt"]
        assert reading.article is None  # not read while the results may still change
        await pilot.pause(PREVIEW_DELAY_S + 0.2)
        await settle(pilot)
        assert reading.article is not None and reading.article.id == "harvest.txt"
        assert isinstance(app.focused, Input)


async def test_fast_typing_on_a_slow_index_shows_the_last_query_and_stops_the_stale_ones(tmp_path: Path, corpus_dir):
    """Keys typed while a slow search runs cancel it; only the newest query delivers."""
    from app_fixtures import SlowCorpus

    corpus = SlowCorpus(corpus_dir, tmp_path / "data", delay=0.8)
    corpus.update()
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("s", "t", "o")
            await pilot.pause(0.25)  # "sto" is now searching
            await pilot.press("r", "m", "space", "k", "i", "l", "l")
            await settle(pilot, rounds=5)
            assert app.screen.shown_query == "storm kill"
            assert hit_ids(app) == ["storm.txt"]
            assert corpus.finished[-1] == "storm kill"
            assert len(corpus.finished) <= 2  # the stale queries were stopped, not run to the end
    finally:
        corpus.close()


async def test_a_newer_query_cancels_a_long_search_instead_of_waiting_for_it(app_corpus):
    """A broad wildcard on a huge index runs for seconds; the next query must not wait."""
    real_search = app_corpus.search

    def huge_index_search(text, cancel=None, **kwargs):  # the real engine, "s*" as slow as at scale
        if text == "s*":
            cancel.wait(10)  # runs until the app gives up on it
        return real_search(text, cancel=cancel, **kwargs)

    app_corpus.search = huge_index_search
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.screen.query_input.value = "s*"  # what typing it sends: Input.Changed
        await pilot.pause(0.3)
        assert status_text(app) == "searching…"
        started = time.perf_counter()
        app.screen.query_input.value = "storm"
        await settle(pilot, rounds=5)
        assert time.perf_counter() - started < 5  # not the 10 s the wildcard would have taken
        assert app.screen.shown_query == "storm" and status_text(app).startswith("3 hits")
        assert app.screen.search_pane.searches_cancelled == 1
        assert not app._notifications  # a cancelled search is no error


async def test_a_slow_search_says_it_is_searching_then_shows_the_hits(app_corpus):
    real_search = app_corpus.search

    def slow_search(text, **kwargs):  # the real engine, as slow as a huge index
        time.sleep(0.6)
        return real_search(text, **kwargs)

    app_corpus.search = slow_search
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"storm")
        await pilot.pause(0.4)
        assert status_text(app) == "searching…"
        await settle(pilot)
        assert status_text(app).startswith("3 hits")


async def test_s_orders_the_hits_by_date_and_back_to_relevance(tmp_path: Path):
    from corpus_factory import write_dated

    folder = tmp_path / "dated"
    write_dated(folder, [("Storm hits coast", "2019-05-01"), ("Storm returns", "2021-03-02"), ("Storm without a date", None), ("Storm in spring", "2020-04-04")])
    async with app_on(folder, tmp_path / "dated-data") as (app, pilot):
        await search(pilot, "storm")
        ranked = hit_ids(app)
        await pilot.press("s")
        await settle(pilot)
        assert "newest first" in status_text(app)
        assert [h.date for h in app.screen.query_one(HitList).hits] == ["2021-03-02", "2020-04-04", "2019-05-01", None]
        await pilot.press("s")
        await settle(pilot)
        assert "oldest first" in status_text(app)
        assert [h.date for h in app.screen.query_one(HitList).hits][0] == "2019-05-01"
        await pilot.press("s")
        await settle(pilot)
        assert "first" not in status_text(app) and hit_ids(app) == ranked


async def test_the_status_line_counts_an_intersection_exactly(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm AND town", enter=False)
        engine = app.corpus
        searcher = engine.index.searcher()
        expected = len(set(searcher.docs_for_query(engine.compile("storm AND town"))))
        assert 0 < expected < len(set(searcher.docs_for_query(engine.compile("storm"))))
        assert status_text(app).startswith(f"{expected} hit")


async def test_enter_opens_the_first_hit_with_stemmed_hits_highlighted(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "kill")
        assert isinstance(app.focused, HitList)
        reading = app.screen.query_one(ReadingPane)
        assert reading.article.id == "storm.txt"
        view = app.screen.query_one(ArticleView)
        marked = [reading.display_data.clean_source[s.start : s.end] for s in view.spans]
        assert marked == ["kills", "killed", "killed"]  # stemmed: kill finds kills/killed
        assert view.current_hit == 0
        assert reading_status(app).startswith("hit 1/3")


async def test_n_and_N_move_between_hits_and_wrap(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        view = app.screen.query_one(ArticleView)
        total = len(view.spans)
        assert total == 4
        await pilot.press("n")
        assert view.current_hit == 1 and reading_status(app).startswith(f"hit 2/{total}")
        await pilot.press("n", "n", "n")
        assert view.current_hit == 0  # wrapped around
        await pilot.press("N")
        assert view.current_hit == total - 1


async def test_phrase_query_marks_the_whole_phrase(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, '"coastal town"')
        reading = app.screen.query_one(ReadingPane)
        spans = app.screen.query_one(ArticleView).spans
        assert [reading.display_data.clean_source[s.start : s.end] for s in spans] == ["coastal town"] * 3


async def test_f_flags_for_follow_up_and_u_undoes(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "markets")
        await pilot.press("f")
        await settle(pilot)
        assert fresh_tags(app_corpus, "markets.txt") == (FOLLOWUP,)
        assert "⚑" in header_text(app)
        assert app.screen.query_one(HitList).tags_by_id["markets.txt"] == (FOLLOWUP,)
        assert [c.name for c in app.screen.query_one(TagPane).counts] == [FOLLOWUP]
        await pilot.press("u")
        await settle(pilot)
        assert fresh_tags(app_corpus, "markets.txt") == ()
        assert "⚑" not in header_text(app)


async def test_t_adds_tags_with_completion_and_x_removes_one(app_corpus):
    app_corpus.tag(["harvest.txt"], add=["agriculture"])
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "markets")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagEditScreen)
        await pilot.press(*"economy agr")
        await pilot.pause()
        await pilot.press("right")  # accept the suggestion: agr -> agriculture
        assert app.screen.query_one("#tag-input", Input).value == "economy agriculture"
        await pilot.press("enter")
        await settle(pilot)
        assert set(fresh_tags(app_corpus, "markets.txt")) == {"economy", "agriculture"}
        assert "#economy" in header_text(app)

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, RemoveTagScreen)
        await pilot.press("enter")  # removes the first listed tag
        await settle(pilot)
        assert len(fresh_tags(app_corpus, "markets.txt")) == 1

        await pilot.press("u", "u")
        await settle(pilot)
        assert fresh_tags(app_corpus, "markets.txt") == ()


async def test_an_invalid_tag_is_refused_in_the_dialog(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "markets")
        await pilot.press("t", *"!!bad", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TagEditScreen)
        assert "invalid tag" in str(app.screen.query_one("#tag-error", Static).render())
        await pilot.press("escape")
        assert fresh_tags(app_corpus, "markets.txt") == ()


async def test_bulk_tagging_asks_with_the_count_then_tags_every_hit_and_undoes(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await pilot.press("B")
        await pilot.pause()
        await pilot.press(*"weather", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BulkTagScreen)
        assert "all 3 articles" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("y")
        await settle(pilot)
        for aid in ("storm.txt", "election.txt", "hostile.txt"):
            assert fresh_tags(app_corpus, aid) == ("weather",)
        assert fresh_tags(app_corpus, "markets.txt") == ()
        assert all(tags == ("weather",) for tags in app.screen.query_one(HitList).tags_by_id.values())
        await pilot.press("u")
        await settle(pilot)
        assert fresh_tags(app_corpus, "storm.txt") == ()


async def test_declining_the_bulk_confirmation_changes_nothing(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await pilot.press("B", *"weather", "enter")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert app_corpus.tag_counts() == []


async def test_choosing_a_tag_in_the_tag_pane_filters_the_list_visibly(app_corpus):
    app_corpus.tag(["storm.txt", "markets.txt"], add=["keep"])
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(TagPane).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_input.value == "tag:keep"
        assert set(hit_ids(app)) == {"storm.txt", "markets.txt"}
        await search(pilot, "storm tag:keep")
        assert hit_ids(app) == ["storm.txt"]
        app.screen.query_one(TagPane).focus()
        await pilot.press("enter")  # choosing it again takes the filter out
        await settle(pilot)
        assert app.screen.query_input.value == "storm"


async def test_a_malformed_query_shows_why_and_keeps_the_last_results(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm", enter=False)
        await search(pilot, '"storm', enter=False)
        assert "unbalanced quote" in status_text(app)
        assert len(hit_ids(app)) == 3


async def test_a_hostile_article_is_shown_literally(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "colour")
        reading = app.screen.query_one(ReadingPane)
        assert reading.article.id == "hostile.txt"
        assert HOSTILE_TITLE in header_text(app)
        view = app.screen.query_one(ArticleView)
        shown = view.plain
        assert HOSTILE_TITLE in shown
        assert "markup such as [/] and [red]colour[/red] and" in shown
        assert "\x1b" not in shown and "escape" in shown and "[bold]this is still not bold[/bold]" in shown
        rendered = "".join(seg.text for y in range(view.size.height) for seg in view.render_line(y))
        assert "[/]" in rendered and "\x1b" not in rendered
        row = str(app.screen.query_one(HitList).get_option_at_index(0).prompt)
        assert "[bold]protesters[/bold]" in row


async def test_r_shows_the_raw_text_with_removed_lines(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "daesh")
        reading = app.screen.query_one(ReadingPane)
        assert reading.article.id == "003_f117253ed6a2cc58.txt"
        clean_lines = app.screen.query_one(ArticleView).line_count
        await pilot.press("r")
        assert reading.raw
        assert "raw" in reading_status(app) and "removed by the cleaner" in reading_status(app)
        view = app.screen.query_one(ArticleView)
        assert view.line_count > clean_lines
        assert view.spans  # hits are marked in the raw view too
        await pilot.press("r")
        assert not reading.raw


async def test_letter_keys_type_into_the_query_and_escape_leaves_it(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "markets")
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("space", "f", "q", "n")
        assert app.screen.query_input.value == "markets fqn"
        assert app_corpus.tag_counts() == []  # f typed, it did not flag
        await pilot.press("escape")
        assert isinstance(app.focused, HitList)


async def test_tab_moves_between_panes(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert seen == ["TagPane", "ArticleView", "QueryInput", "HitList"]


async def test_the_help_screen_lists_every_binding(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.table)
        table = console.export_text()
        from tui.main_screen import MainScreen

        for binding in MainScreen.BINDINGS:
            assert binding.description in table
        for words in ("Quit", "Help", "Commands", "Next hit", "Filter by tag"):
            assert words in table
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_command_palette_offers_actions_by_name(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "markets")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"follow-up")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert fresh_tags(app_corpus, "markets.txt") == (FOLLOWUP,)


async def test_a_missing_index_is_built_in_the_background_with_a_progress_bar(tmp_path: Path):
    folder = write_corpus(tmp_path / "fresh")
    corpus = Corpus(folder, tmp_path / "fresh-data")
    messages = []
    app = make_app(corpus, initial_query="storm")
    try:
        async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
            await settle(pilot, rounds=5)
            names = {type(m).__name__ for m in messages}
            assert "IndexProgress" in names
            assert not app.screen.query_one("#indexing").display  # hidden again when done
            assert app.screen.query_one(ProgressBar).total is not None
            assert set(hit_ids(app)) == {"storm.txt", "election.txt", "hostile.txt"}  # results once done
            assert not corpus.needs_update()
    finally:
        corpus.close()


async def test_many_hits_load_page_by_page(tmp_path: Path):
    folder = tmp_path / "big"
    folder.mkdir()
    rnd = random.Random(7)  # varied lines: a repeated line shape would be cleaned away as a template
    places = ["valley", "town", "village", "city", "district", "province", "county", "region"]
    verbs = ["flooded", "swelled", "overflowed", "rose", "burst"]
    for n in range(260):
        p, v = rnd.choice(places), rnd.choice(verbs)
        (folder / f"a{n:03}.txt").write_text(
            f"River {v} near the {p} as rain continues, report {n}\n\n"
            f"The river {v} near the {p} on day {n} after {rnd.randint(2, 90)} millimetres of rain, officials in "
            f"the {rnd.choice(places)} said, warning residents of number {n * 7} street to leave.\n\n"
            f"Emergency crews from the {rnd.choice(places)} worked through the night of day {n} to protect "
            f"{rnd.randint(10, 900)} homes.\n"
        )
    async with app_on(folder, tmp_path / "big-data") as (app, pilot):
        await search(pilot, "river")
        hits = app.screen.query_one(HitList)
        assert len(hits.hits) == PAGE and hits.has_more
        assert status_text(app).startswith("260 hits")
        for _ in range(-(-260 // PAGE)):
            await pilot.press("end")  # nearing the end loads the next page
            await settle(pilot)
        assert len(hits.hits) == 260 and not hits.has_more
        assert [h.rank for h in hits.hits] == list(range(1, 261))
        await search(pilot, "rain")  # a new list, one page loaded
        assert len(hits.hits) == PAGE
        await pilot.press("G")  # the last hit of the result, not of the page
        await settle(pilot)
        assert hits.current_hit.rank == 260 and len(hits.hits) == 260
        assert app.screen.reading.article.id == hits.current_hit.id


async def test_a_date_filter_says_in_the_status_line_how_many_undated_articles_it_hides(app_corpus):
    hidden = app_corpus.search("storm AND date:>1990", limit=0).undated_hidden
    assert hidden >= 2  # the storm articles without a date
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm AND date:>1990")
        assert f"{hidden} undated not shown" in status_text(app)
        await search(pilot, "storm")
        assert "undated" not in status_text(app)


async def test_the_tag_pane_lists_waiting_tags_with_what_they_wait_for(app_corpus, corpus_dir):
    app_corpus.tag(["harvest.txt"], add=["farm"])
    app_corpus.tag(["markets.txt"], add=["money"])
    (corpus_dir / "harvest.txt").unlink()
    app_corpus.update()
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.screen.query_one(TagPane)
        assert [c.name for c in pane.counts] == ["money"]
        assert [(w.name, w.title) for w in pane.waiting] == [("farm", "Farmers report record harvest")]
        prompts = [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        assert any("waiting for 1 article" in p for p in prompts)
        assert any("#farm" in p and "Farmers report record harvest" in p for p in prompts)
        assert "1 waiting" in str(pane.border_subtitle)


async def test_an_index_of_an_earlier_cleaner_is_cleaned_again_when_the_app_opens(tmp_path: Path):
    """After an upgrade whose cleaner differs, the app builds the index again in the
    background, as it builds a missing one (progress, then the hits), and the tags stay."""
    import sqlite3

    folder = write_corpus(tmp_path / "upgraded")
    corpus = Corpus(folder, tmp_path / "upgraded-data")
    corpus.update()
    corpus.tag(["storm.txt"], add=["keep"])
    corpus.close()
    with sqlite3.connect(tmp_path / "upgraded-data" / "catalog.sqlite") as db:
        db.execute("UPDATE meta SET value='an-earlier-cleaner' WHERE key='cleaner'")
    corpus = Corpus(folder, tmp_path / "upgraded-data")
    assert corpus.needs_build()
    messages = []
    app = make_app(corpus, initial_query="storm OR tag:keep")
    try:
        async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
            await settle(pilot, rounds=5)
            assert "IndexProgress" in {type(m).__name__ for m in messages}
            assert "storm.txt" in hit_ids(app)
            assert not corpus.needs_build() and not corpus.needs_update()
            assert corpus.tags_of("storm.txt") == ("keep",)
    finally:
        corpus.close()
