"""The research workflow in the app, driven like a user: notes, read marks and progress,
triage, saved searches, history, more like this, did you mean, export, open."""

from __future__ import annotations

import time

from app_fixtures import SIZE, app_corpus, app_on, burst, corpus_dir, make_app, search, settle  # noqa: F401
from corpus_factory import write_corpus as write_many
from textual.widgets import Static

from index import FOLLOWUP, Corpus
from tui.export_dialog import ExportScreen
from tui.hit_list import HitList
from tui.note_dialog import NoteScreen
from tui.query_history import QueryHistory
from tui.reading_pane import ReadingPane
from tui.search_pane import PAGE
from tui.review_screen import ReviewLine


def review_text(app) -> str:
    return str(app.screen.query_one(ReviewLine).render())


def fresh(corpus: Corpus) -> Corpus:
    """A second engine instance on the same data, as a new process would see it."""
    return Corpus(corpus.root, corpus.data_dir)


async def test_a_note_is_written_in_a_dialog_shown_under_the_header_and_kept(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "harvest")
        await pilot.press("a", *"ask the", "enter", *"ministry", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        with fresh(app_corpus) as other:
            assert other.note("harvest.txt") == "ask the\nministry"
        note = str(app.screen.query_one("#reading-note", Static).render())
        assert "ask the" in note and "ministry" in note
        await pilot.press("a", "escape")  # cancel: unchanged
        await settle(pilot)
        assert app_corpus.note("harvest.txt") == "ask the\nministry"
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:  # quit and reopen: still there
        await search(pilot, "has:note")
        assert [h.id for h in app.screen.query_one(HitList).hits] == ["harvest.txt"]
        assert "ministry" in str(app.screen.query_one("#reading-note", Static).render())


async def test_opening_marks_read_and_the_status_counts_progress(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await settle(pilot)
        total = app.screen.result.total
        assert total >= 3
        assert review_text(app).startswith(f"1/{total} read")
        assert app_corpus.is_read(app.screen.query_one(ReadingPane).article.id)
        await pilot.press("j")
        await settle(pilot)
        assert review_text(app).startswith(f"2/{total} read")
        await pilot.press("m")  # unread again
        await settle(pilot)
        assert review_text(app).startswith(f"1/{total} read")


class SlowMarks(Corpus):
    """The real engine, with each read mark as slow to commit as on a busy disk."""

    def mark_read(self, ids, read=True):
        time.sleep(0.3)
        return super().mark_read(ids, read)


async def test_m_right_after_opening_marks_unread_whatever_the_writes_take(corpus_dir, tmp_path):
    corpus = SlowMarks(corpus_dir, tmp_path / "slow-data")
    corpus.update()
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        second = app.screen.query_one(HitList).hits[1].id
        burst(pilot, "j", "m")  # m before the opening's "read" is committed
        await settle(pilot)
        assert app.screen.query_one(ReadingPane).article.id == second
        assert not corpus.is_read(second) and not app.screen.query_one(HitList).is_read(second)
    corpus.close()


async def test_next_unread_skips_what_was_read(app_corpus):
    app_corpus.mark_read(["election.txt"])
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await settle(pilot)
        hits = [h.id for h in app.screen.query_one(HitList).hits]
        first = hits[0]
        await pilot.press("U")
        await settle(pilot)
        opened = app.screen.query_one(ReadingPane).article.id
        assert opened != first and opened != "election.txt"
        assert not Corpus(app_corpus.root, app_corpus.data_dir).is_read(opened) or opened in hits


async def test_next_unread_finds_it_past_the_loaded_pages_and_keys_typed_meanwhile_wait(tmp_path):
    folder = tmp_path / "many"
    write_many(folder, 150, seed=5)
    async with app_on(folder, tmp_path / "data") as (app, pilot):
        corpus = app.corpus
        order = [h.id for h in corpus.search("storm", limit=500, snippets=False).hits]
        assert len(order) > 90
        corpus.mark_read(order[:70] + order[71:75])
        await search(pilot, "storm")
        hits = app.screen.query_one(HitList)
        assert len(hits.hits) == PAGE
        burst(pilot, "U", "U", "U")  # the second waits for the first's row to be loaded
        await settle(pilot)
        assert hits.highlighted == 76 and app.screen.query_one(ReadingPane).article.id == order[76]
        assert {order[70], order[76]} <= corpus.user.read_ids()  # (75 was passed over, not read)
        corpus.mark_read(order)
        corpus.mark_read([order[5]], False)
        burst(pilot, "U")  # nothing after: the first unread from the top
        await settle(pilot)
        assert app.screen.query_one(ReadingPane).article.id == order[5]
        burst(pilot, "U")
        await settle(pilot)
        assert hits.highlighted == 5


async def test_article_keys_typed_right_after_j_act_on_the_article_j_went_to(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        hits = [h.id for h in app.screen.query_one(HitList).hits]
        burst(pilot, "j", "f", "j", "a", *"see", "ctrl+s", "m")
        await settle(pilot)
        with fresh(app_corpus) as other:
            assert other.tags_of(hits[1]) == (FOLLOWUP,) and other.tags_of(hits[0]) == ()
            assert other.note(hits[2]) == "see" and other.note(hits[1]) == ""
        assert app.screen.query_one(ReadingPane).article.id == hits[2]
        assert not app_corpus.is_read(hits[2])  # m: marked unread again


async def test_triage_marks_move_on_count_and_undo(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        hits = [h.id for h in app.screen.query_one(HitList).hits]
        burst(pilot, "T", "1", "2", "3")  # each mark on the next hit, however fast
        await settle(pilot)
        with fresh(app_corpus) as other:
            assert other.tags_of(hits[0]) == ("relevant",)
            assert other.tags_of(hits[1]) == ("not-relevant",)
            assert other.tags_of(hits[2]) == (FOLLOWUP,)
        text = review_text(app)
        assert "relevant 1" in text and "not relevant 1" in text and "follow-up 1" in text
        await pilot.press("u")
        await settle(pilot)
        assert app_corpus.tags_of(hits[2]) == ()
        await pilot.press("T")  # triage ends: 1 types nothing, marks nothing
        await pilot.press("1")
        await settle(pilot)
        assert "Triage" not in review_text(app)


async def test_up_and_down_walk_the_query_history_across_sessions(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await search(pilot, "harvest")
        await settle(pilot)
    assert app_corpus.history()[:2] == ["harvest", "storm"]
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        query = app.screen.query_input
        query.focus()
        await pilot.press("up")
        assert query.value == "harvest"
        await pilot.press("up")
        assert query.value == "storm"
        await pilot.press("down", "down")
        assert query.value == ""


async def test_more_like_this_puts_an_editable_query_in_the_box(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "kills")
        await pilot.press("L")
        await settle(pilot)
        query = app.screen.query_input.value
        assert " OR " in query and 'NOT id:"storm.txt"' in query
        assert "storm.txt" not in [h.id for h in app.screen.query_one(HitList).hits]


async def test_zero_hits_offer_the_nearest_word(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "harvset", enter=False)
        await settle(pilot)
        assert "did you mean harvest" in review_text(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.screen.query_input.value == "harvest"
        assert [h.id for h in app.screen.query_one(HitList).hits] == ["harvest.txt"]


async def test_export_dialog_writes_the_results_in_order_and_asks_before_replacing(app_corpus, tmp_path):
    target = tmp_path / "out.jsonl"
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        order = [h.id for h in app.screen.query_one(HitList).hits]
        await pilot.press("E")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#format-jsonl")
        await pilot.click("#export-go")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        import json

        assert [json.loads(x)["id"] for x in target.read_text().splitlines()] == order
        target.write_text("precious\n")
        await pilot.press("E")
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")  # in the path box: export
        await settle(pilot)
        await pilot.press("n")  # do not replace
        await settle(pilot)
        assert target.read_text() == "precious\n"


async def test_export_from_the_tag_pane_writes_that_tags_articles(app_corpus, tmp_path):
    import json

    from tui.tag_pane import TagPane

    app_corpus.tag(["harvest.txt", "markets.txt"], ["keep"])
    target = tmp_path / "keep.jsonl"
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        app.screen.query_one(TagPane).focus()
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "2 articles tagged #keep" in str(app.screen.query_one(".dialog-title").render())
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#format-jsonl")
        await pilot.click("#export-go")
        await settle(pilot)
    assert sorted(json.loads(x)["id"] for x in target.read_text().splitlines()) == ["harvest.txt", "markets.txt"]


def test_query_history_walks_like_a_shell():
    history = QueryHistory(["harvest", "storm", "markets"])
    assert history.older("dra") == "harvest"
    assert history.older("harvest") == "storm"
    assert history.newer() == "harvest"
    assert history.newer() == "dra"  # the draft comes back
    assert history.newer() is None
    history.add("storm")
    assert history.entries == ["storm", "harvest", "markets"]
    assert history.older("storm") == "harvest"  # the query shown is skipped


async def test_settings_remap_keys_set_theme_sort_and_reading_marks(app_corpus, tmp_path):
    from tui.settings import load_settings

    path = tmp_path / "settings.toml"
    path.write_text(
        'theme = "nord"\ndefault_sort = "newest"\nmark_read_on_open = false\nsnippet_width = 60\n'
        '[keys]\n"review.note" = "ctrl+n"\n', encoding="utf-8")
    settings = load_settings(path, themes={"nord", "textual-dark"})
    assert settings.problems == ()
    app = make_app(app_corpus, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await settle(pilot)
        assert app.theme == "nord" and app.screen.search_pane.sort == "newest"
        assert not app_corpus.is_read(app.screen.query_one(ReadingPane).article.id)
        assert all(len(h.snippet.text) <= 61 for h in app.screen.query_one(HitList).hits)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NoteScreen)


def test_bad_settings_name_the_line_and_keep_the_defaults(tmp_path):
    from tui.settings import load_settings

    path = tmp_path / "settings.toml"
    path.write_text('default_sort = "sideways"\nsnippet_width = 5\nmark_read_on_open = "yes"\ncolour = 1\n', encoding="utf-8")
    settings = load_settings(path)
    assert (settings.default_sort, settings.snippet_width, settings.mark_read_on_open) == ("relevance", 160, True)
    assert [p.split(": ", 1)[0] for p in settings.problems] == [f"{path}, line {n}" for n in (1, 2, 3, 4)]
    assert "default_sort must be one of relevance, newest, oldest" in settings.problems[0]
    broken = tmp_path / "broken.toml"
    broken.write_text('theme = "nord\n', encoding="utf-8")
    (problem,) = load_settings(broken).problems
    assert "line 1" in problem and "using the defaults" in problem
    assert load_settings(tmp_path / "absent.toml").problems == ()


async def test_keys_typed_after_more_like_this_or_did_you_mean_act_on_the_new_query(app_corpus):
    """L and ctrl+y put a new query in the box and search it; `c` typed right after either
    (no pause) shows the concordance of the new query, not of the one it replaced."""
    from tui.concordance_screen import ConcordanceScreen

    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await search(pilot, "kills")
        burst(pilot, "L", "c")
        await settle(pilot)
        assert " OR " in main.query_input.value
        assert isinstance(app.screen, ConcordanceScreen) and app.screen.query_text == main.query_input.value
        await pilot.press("escape")
        await search(pilot, "harvset", enter=False)
        await settle(pilot)
        burst(pilot, "escape", "ctrl+y", "c")
        await settle(pilot)
        assert main.query_input.value == "harvest"
        assert isinstance(app.screen, ConcordanceScreen) and app.screen.query_text == "harvest"


async def test_keys_typed_right_after_G_move_from_the_last_hit_of_the_result(tmp_path):
    """G loads the pages through the last hit; `k Enter` typed right after it reads the hit
    before the last of the whole result (they used to move in the first page)."""
    folder = tmp_path / "many"
    write_many(folder, 150, seed=5)
    async with app_on(folder, tmp_path / "data") as (app, pilot):
        order = [h.id for h in app.corpus.search("storm", limit=500, snippets=False).hits]
        assert len(order) > 2 * PAGE
        await search(pilot, "storm")
        hits = app.screen.query_one(HitList)
        assert len(hits.hits) == PAGE
        burst(pilot, "G", "k", "enter")
        await settle(pilot)
        assert hits.highlighted == len(order) - 2
        assert app.screen.query_one(ReadingPane).article.id == order[-2]


async def test_o_never_opens_a_scraped_html_file_in_a_browser(tmp_path):
    # With no web address, `o` handed the page's own .html file to the system opener: a
    # browser would run the scripts the scraped page holds.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><head><title>Harbour page</title><script>alert('x')</script></head><body><article>"
        "<h1>Harbour page</h1><p>The harbour cranes were repaired this week, the port authority said.</p>"
        "<p>Ships are expected to return to the harbour by the end of the month, officials added.</p>"
        "</article></body></html>")
    corpus = Corpus(folder, tmp_path / "data")
    corpus.update()
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await search(pilot, "harbour")
            assert app.screen.reading.article.id == "page.html"
            await pilot.press("o")
            await settle(pilot)
            said = [str(n.message) for n in app._notifications]
            assert any("not opened" in m for m in said) and not any(m.startswith("Opening") for m in said), said
    finally:
        corpus.close()
