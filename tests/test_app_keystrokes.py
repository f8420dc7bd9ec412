"""Keys as a person sends them: whole queries and Enter with no pause, on a fast and a slow engine.

Whatever keys arrive, in whatever order and at whatever speed, the screen must end showing the
newest query's hits with its first hit open; keys typed right after `t` reach the dialog.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import pytest
from app_fixtures import SIZE, SlowCorpus, app_corpus, burst, corpus_dir, make_app, settle, typed  # noqa: F401
from textual.widgets import Input

from index import FOLLOWUP, Corpus
from tui.article_view import ArticleView
from tui.hit_list import HitList
from tui.key_footer import KeyFooter
from tui.tag_dialogs import TagEditScreen

QUERIES = {  # query -> its hits, best first (on the fixed corpus of app_fixtures)
    "harvest": ["harvest.txt"],
    "markets": ["markets.txt"],
    "storm kill": ["storm.txt"],
    "inflation": ["markets.txt"],
    "daesh": ["003_f117253ed6a2cc58.txt"],
}


@pytest.fixture(params=["fast", "slow"])
def engine(request, corpus_dir: Path, tmp_path: Path):
    """The real engine as is, and as slow as a huge index (every search waits, cancellably)."""
    corpus = Corpus(corpus_dir, tmp_path / "data") if request.param == "fast" else SlowCorpus(corpus_dir, tmp_path / "data", delay=0.25)
    corpus.update()
    yield corpus
    corpus.close()


def assert_reading_first_hit_of(app, query: str) -> None:
    screen = app.screen
    assert screen.shown_query == query
    assert [h.id for h in screen.hit_list.hits][: len(QUERIES[query])] == QUERIES[query]
    assert screen.reading.article is not None and screen.reading.article.id == QUERIES[query][0]
    assert isinstance(app.focused, HitList)


async def test_a_query_typed_and_entered_in_one_burst_opens_its_first_hit(engine):
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(pilot, *typed("harvest"), "enter")
        await settle(pilot)
        assert_reading_first_hit_of(app, "harvest")


async def test_pilot_presses_with_no_pause_open_the_newest_query(engine):
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*typed("markets"), "enter")
        await pilot.press("slash", "ctrl+u", *typed("storm kill"), "enter")
        await settle(pilot)
        assert_reading_first_hit_of(app, "storm kill")


async def test_keys_after_enter_go_to_the_new_hit_list(engine):
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(pilot, *typed("storm"), "enter", "down")
        await settle(pilot)
        hits = app.screen.hit_list
        assert app.screen.shown_query == "storm" and hits.highlighted == 1
        assert app.screen.reading.article.id == hits.hits[1].id
        assert app.screen.query_input.value == "storm"  # Down did not go into the query


async def test_any_sequence_of_queries_ends_on_the_last_one(engine):
    """Random interleavings of typing, erasing, Enter, Esc and `/`, all in one burst each."""
    rnd = random.Random(18)
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            keys: list[str] = []
            for query in rnd.sample(sorted(QUERIES), 3):
                keys += ["slash", "ctrl+u", *typed(query[: rnd.randint(1, len(query))])]
                keys += rnd.choice([[], ["enter"], ["escape"], ["backspace"]])
            last = rnd.choice(sorted(QUERIES))
            keys += ["slash", "ctrl+u", *typed(last), "enter"]
            burst(pilot, *keys)
            await settle(pilot)
            assert_reading_first_hit_of(app, last)


async def test_keys_typed_right_after_t_reach_the_tag_dialog(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("markets"), "enter")
        await settle(pilot)
        burst(pilot, "t", *typed("syria"), "enter")
        await settle(pilot)
        assert app_corpus.tags_of("markets.txt") == ("syria",)
        assert not isinstance(app.screen, TagEditScreen)


async def test_tab_completes_a_tag_in_the_dialog(app_corpus):
    app_corpus.tag(["harvest.txt"], add=[FOLLOWUP])
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("markets"), "enter")
        await settle(pilot)
        await pilot.press("t", *typed("fol"))
        await pilot.pause(0.1)  # the completion is computed as the input changes
        await pilot.press("tab")
        assert app.screen.query_one("#tag-input", Input).value == FOLLOWUP
        await pilot.press("enter")
        await settle(pilot)
        assert app_corpus.tags_of("markets.txt") == (FOLLOWUP,)
        assert "fol" not in app_corpus.tag_names()


async def test_escape_in_the_article_returns_to_the_hit_list(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("storm"), "enter", "enter")
        await settle(pilot)
        assert isinstance(app.focused, ArticleView)
        await pilot.press("escape")
        assert isinstance(app.focused, HitList)
        assert app.screen.reading.article is not None  # the article stays open


async def test_the_theme_chosen_is_kept_for_the_next_start(app_corpus, settings_file):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"  # what choosing it in the palette does
        await settle(pilot)
    assert 'theme = "nord"' in settings_file.read_text()
    again = make_app(app_corpus)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


def test_saving_the_theme_keeps_the_rest_of_the_settings_file(tmp_path):
    from tui.settings import load_settings, save_theme

    path = tmp_path / "settings.toml"
    assert save_theme("nord", path) is None and load_settings(path).theme == "nord"  # a new file
    path.write_text('# mine\ntheme = "gruvbox"\nsnippet_width = 90\n\n[keys]\n"review.note" = "ctrl+n"\n')
    assert save_theme('a "quoted" one', path) is None
    text = path.read_text()
    assert "# mine" in text and "snippet_width = 90" in text and '"review.note" = "ctrl+n"' in text
    settings = load_settings(path)
    assert settings.theme == 'a "quoted" one' and settings.snippet_width == 90 and settings.keymap == {"review.note": "ctrl+n"}


def test_a_settings_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    # Windows editors start a UTF-8 file with a BOM: the whole file was refused ("Invalid
    # statement"), and saving a theme then put a second theme line in front of it.
    from tui.settings import load_settings, save_theme

    path = tmp_path / "settings.toml"
    path.write_bytes('\ufefftheme = "nord"\nsnippet_width = 90\n'.encode("utf-8"))
    settings = load_settings(path, themes={"nord", "gruvbox"})
    assert settings.problems == () and settings.theme == "nord" and settings.snippet_width == 90
    assert save_theme("gruvbox", path) is None
    again = load_settings(path, themes={"nord", "gruvbox"})
    assert again.problems == () and again.theme == "gruvbox" and again.snippet_width == 90


async def test_tags_changed_by_another_process_appear(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("markets"), "enter")
        await settle(pilot)
        with Corpus(app_corpus.root, app_corpus.data_dir) as other:  # the CLI, a second window
            other.tag(["markets.txt"], add=["economy"])
        for _ in range(40):
            await pilot.pause(0.1)
            if app.screen.tag_pane.names == ["economy"]:
                break
        await settle(pilot)
        assert app.screen.tag_pane.names == ["economy"]
        assert app.screen.reading.article.tags == ("economy",)
        assert app.screen.hit_list.tags_by_id["markets.txt"] == ("economy",)


async def test_s_while_reading_keeps_the_open_article(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("storm"), "enter", "down", "enter")  # reading the second hit
        await settle(pilot)
        second = app.screen.reading.article.id
        burst(pilot, "s")
        await settle(pilot)
        assert "newest first" in str(app.screen.query_one("#search-status").render())
        assert app.screen.reading.article.id == second
        assert app.screen.hit_list.current_hit.id == second  # and selected in the new order
        assert isinstance(app.focused, ArticleView)


async def test_first_build_says_the_index_is_being_built_then_shows_the_hits(tmp_path: Path):
    from app_fixtures import write_corpus

    folder = write_corpus(tmp_path / "fresh")
    corpus = Corpus(folder, tmp_path / "fresh-data")
    seen: list[str] = []
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            burst(pilot, *typed("harvest"))
            for _ in range(200):
                seen.append(str(app.screen.query_one("#search-status").render()))
                if not app.screen.progress_line.updating and app.screen.shown_query == "harvest" and not app.screen.search_pane.busy:
                    break
                await pilot.pause(0.02)
            await settle(pilot)
            assert any("being built" in line for line in seen)
            assert [h.id for h in app.screen.hit_list.hits] == ["harvest.txt"]
            assert str(app.screen.query_one("#search-status").render()).startswith("1 hit")
    finally:
        corpus.close()


async def footer_settled(pilot, timeout: float = 10.0) -> None:
    """Wait until the footer has looked at the keys after their last change (and redrawn if
    they changed): its settle timer has fired, and the redraw it asked for is done."""
    footer = pilot.app.screen.query_one(KeyFooter)
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while footer._settle is not None:
        assert time.monotonic() < deadline, "the footer never settled"
        await pilot.pause(0.02)
    await pilot.pause()


async def test_at_80_by_24_the_article_gets_the_width_and_the_footer_keeps_the_tag_keys(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("narrow")
        assert screen.reading.size.width >= 76 and screen.hit_list.size.height >= 6
        shown = {b.binding.description for b in screen.active_bindings.values() if b.binding.show}
        assert {"Tag", "Untag", "Tag all", "Undo", "Sort", "Quit", "Help"} <= shown
        assert "Next hit" not in shown  # the reading status line names n/N
        await footer_settled(pilot)  # the footer redraws once its keys hold still
        visible = {str(key.description) for key in screen.query_one(KeyFooter).children if key.region.right <= 80}
        assert {"Follow-up", "Tag", "Untag", "Tag all", "Undo", "Sort", "Quit", "Help"} <= visible
        burst(pilot, "n")  # hidden from the footer, not disabled
        await settle(pilot)
        assert screen.query_one(ArticleView).current_hit == 1
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        assert not screen.has_class("narrow") and screen.reading.size.width < 100


async def test_bulk_tagging_reports_its_progress_and_is_undone_in_one_step(app_corpus):
    messages: list = []
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        burst(pilot, "B", *typed("weather"), "enter", "y")
        await settle(pilot)
        assert {a for a in ("storm.txt", "election.txt", "hostile.txt") if app_corpus.tags_of(a) == ("weather",)} == {"storm.txt", "election.txt", "hostile.txt"}
        stages = [m.progress.stage for m in messages if type(m).__name__ == "IndexProgress" and m.what == "tagging"]
        assert "tagging" in stages
        assert not app.screen.progress_line.display  # hidden again when done
        burst(pilot, "u")
        await settle(pilot)
        assert app_corpus.tag_counts() == []


async def test_enter_does_not_wait_for_the_typing_debounce(app_corpus, monkeypatch):
    """The pause a search takes while keys may still come is for typing; Enter means now."""
    import tui.search_pane as search_pane

    monkeypatch.setattr(search_pane, "DEBOUNCE_MIN_S", 30.0)
    monkeypatch.setattr(search_pane, "DEBOUNCE_MAX_S", 30.0)
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(pilot, *typed("harvest"), "enter")
        await asyncio.wait_for(settle(pilot), 12.0)  # waiting out a 30 s debounce fails here
        assert app.screen.shown_query == "harvest"
        assert app.screen.reading.article.id == "harvest.txt"


async def test_the_footer_is_rebuilt_only_when_its_keys_change(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*typed("storm"), "enter")
        await settle(pilot)
        await footer_settled(pilot)
        footer = app.screen.query_one(KeyFooter)
        keys = list(footer.children)
        assert "Read" in " ".join(str(k.description) for k in keys)
        await pilot.press("down", "up", "down")  # other hits: the same keys apply
        await settle(pilot)
        await footer_settled(pilot)
        assert list(footer.children) == keys  # the very same widgets
        await pilot.press("enter")  # into the article: "Read" is no longer offered
        await footer_settled(pilot)
        assert "Read" not in " ".join(str(k.description) for k in footer.children)


async def test_a_file_added_since_the_last_run_is_indexed_once_the_app_has_started(app_corpus, corpus_dir):
    (corpus_dir / "quake.txt").write_text("Earthquake shakes the coast\n\nA strong earthquake shook the coast on Monday.\n", encoding="utf-8")
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*typed("earthquake"), "enter")
        await settle(pilot)
        assert app.screen.reading.article is not None and app.screen.reading.article.id == "quake.txt"


async def test_keys_typed_after_choosing_a_tag_act_on_the_filtered_list(app_corpus):
    """Enter on a tag in the tag pane filters the list by it; `c` typed right after it shows
    the concordance of the filtered query, not of the one it replaced."""
    from tui.concordance_screen import ConcordanceScreen
    from tui.tag_pane import TagPane

    app_corpus.tag(["storm.txt"], add=["keep"])
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        screen.query_one(TagPane).focus()
        burst(pilot, "enter", "c")
        await settle(pilot)
        assert isinstance(app.screen, ConcordanceScreen)
        assert app.screen.query_text == "storm tag:keep"


async def test_enter_on_a_query_with_no_hits_keeps_the_keys_typed_after_it_in_the_query(engine):
    # Keys sent right after Enter were meant for the first hit; with none, they must not open a
    # note or a concordance on an empty list: the query takes them.
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(pilot, *typed("zzqx"), "enter", *typed("ac"))
        await settle(pilot)
        assert isinstance(app.focused, Input)
        assert app.focused.value == "zzqxac"
        assert len(app.screen_stack) == 1  # no dialog, no other screen
        assert app.screen.reading.article is None
        # and Enter again, on the results already shown, stays in the query too
        burst(pilot, "enter", *typed("x"))
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.value == "zzqxacx"
        assert len(app.screen_stack) == 1


async def test_keys_typed_right_after_escape_go_where_escape_moved_the_focus(engine):
    # Esc's `focus()` is queued behind the key: the `j` sent with it went into the query
    # ("stormj") instead of down the hit list; from the article, to the article's own keys.
    app = make_app(engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(pilot, *typed("storm"), "escape", "j", "enter")
        await settle(pilot)
        hits = app.screen.hit_list
        assert app.screen.query_input.value == "storm"
        assert hits.highlighted == 1 and app.screen.reading.article.id == hits.hits[1].id
        burst(pilot, "escape", "k", "enter")
        await settle(pilot)
        assert hits.highlighted == 0 and app.screen.reading.article.id == hits.hits[0].id


async def test_a_paste_carrying_escapes_types_only_its_text(app_corpus):
    """Text copied from a terminal can carry an ESC or a colour sequence: pasted into the query
    it showed as a stray `^` and stayed in the query; in a note it is dropped too, while the
    note keeps the paste's line breaks."""
    from textual import events

    from tui.note_dialog import NoteScreen

    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(events.Paste("\x1b[31mmar\x1bkets\x1b[0m\x07"))
        burst(pilot, "enter")
        await settle(pilot)
        assert app.screen.shown_query == "markets"
        assert app.screen.search_pane.query_one(Input).value == "markets"
        burst(pilot, "a")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        app.post_message(events.Paste("ask\x1b the\r\nministry\x00"))
        await settle(pilot)
        burst(pilot, "ctrl+s")
        await settle(pilot)
        assert app_corpus.note("markets.txt") == "ask the\nministry"
