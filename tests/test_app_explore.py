"""The app's exploring views on a real index: concordance, facets and timeline, near-copies."""

from __future__ import annotations

from pathlib import Path

from app_fixtures import SIZE, app_corpus, burst, corpus_dir, make_app, search, settle  # noqa: F401
from corpus_factory import write_dated, write_planted_copies
from textual.widgets import Input, OptionList, Sparkline, Static

from index import Corpus
from tui.concordance_screen import Chosen, ConcordanceScreen
from tui.copies_screen import CopiesScreen, CopyDiffScreen
from tui.facet_pane import FacetPane, clause


def planted(tmp_path: Path, originals: int = 8) -> Corpus:
    folder = tmp_path / "corpus"
    write_planted_copies(folder, originals=originals)
    corpus = Corpus(folder, tmp_path / "data")
    corpus.update()
    return corpus


async def test_concordance_streams_every_occurrence_sorts_and_opens_one(tmp_path: Path):
    corpus = planted(tmp_path)
    expected = list(corpus.concordance("levee", width=48))
    app = make_app(corpus)
    chosen = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.push_screen(ConcordanceScreen(corpus, "levee"), chosen.append)
            await settle(pilot)
            screen = app.screen
            assert len(screen.shown) == len(expected) > 5
            assert "occurrences" in str(screen.query_one("#kwic-status", Static).render())
            assert [o.position for o in screen.shown] == [o.position for o in expected]
            await pilot.press("greater_than_sign")
            rights = [o.right.split()[0].strip(".,").lower() for o in screen.shown if o.right.split()]
            assert rights == sorted(rights)
            await pilot.press("less_than_sign")
            lefts = [o.left.split()[-1].strip(".,").lower() for o in screen.shown if o.left.split()]
            assert lefts == sorted(lefts)
            await pilot.press("o", "j", "j", "enter")
            await settle(pilot)
            assert chosen == [Chosen(expected[2].id, expected[2].position)]
    finally:
        corpus.close()


async def test_concordance_of_a_malformed_query_says_why(tmp_path: Path):
    corpus = planted(tmp_path, originals=4)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.push_screen(ConcordanceScreen(corpus, '"unclosed'))
            await settle(pilot)
            assert "⚠" in str(app.screen.query_one("#kwic-status", Static).render())
            await pilot.press("escape")
            assert not isinstance(app.screen, ConcordanceScreen)
    finally:
        corpus.close()


async def test_facet_pane_counts_draws_the_timeline_and_narrows(tmp_path: Path):
    folder = tmp_path / "corpus"
    write_dated(folder, [("Storm one", "2021-03-02"), ("Storm two", "2021-03-20"), ("Storm three", "2021-05-11"),
                         ("Storm four", None)])
    corpus = Corpus(folder, tmp_path / "data")
    corpus.update()
    app = make_app(corpus)
    narrowed = []
    try:
        async with app.run_test(size=SIZE, message_hook=lambda m: narrowed.append(m) if isinstance(m, FacetPane.Narrow) else None) as pilot:
            from textual.widgets import Input

            await search(pilot, "storm")
            await pilot.press("F")
            await settle(pilot)
            pane = app.screen.query_one(FacetPane)
            assert pane.facets.total == 4 and pane.facets.undated == 1
            assert pane.query_one(Sparkline).data == [2, 0, 1]
            assert str(pane.query_one("#timeline-peaks", Static).render()) == "▲ peaks 2021-03 (2) · 2021-05 (1)"
            assert "2021-03…2021-05" in str(pane.query_one("#timeline-title", Static).render())
            axis = str(pane.query_one("#timeline-axis").render())
            assert axis.startswith("▲2021") and axis.count("▲") == 2  # the peaks marked, the year named
            assert axis.rstrip().endswith("▲")  # May 2021, the last bucket, at the right end
            pane.query_one("#facet-list").focus()
            await pilot.press("p")  # by week, then by year
            await settle(pilot)
            assert pane.timeline.by == "week" and "hits per week" in str(pane.query_one("#timeline-title", Static).render())
            await pilot.press("p")
            await settle(pilot)
            assert pane.timeline.by == "year" and pane.query_one(Sparkline).data == [3]
            assert str(pane.query_one("#timeline-peaks", Static).render()) == "▲ peaks 2021 (3)"
            listing = pane.query_one(OptionList)
            listing.focus()
            ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
            assert "source\x00Test Wire" in ids and "month\x002021-03" in ids
            listing.highlighted = ids.index("month\x002021-03")
            await pilot.press("enter")
            await settle(pilot)
            assert {m.clause for m in narrowed} == {"date:2021-03"}  # (a message is seen at each node it bubbles to)
            assert app.screen.query_one("#query", Input).value == "storm date:2021-03"
    finally:
        corpus.close()
    assert clause("source", "Test Wire") == 'source:"Test Wire"' and clause("tag", "follow-up") == "tag:follow-up"


async def test_a_timeline_of_undated_hits_draws_no_bars(tmp_path: Path):
    # Hits with no date have no place on the timeline: the chart stays empty (a sparkline of
    # zeros would draw full bars, as if every period were the busiest).
    folder = tmp_path / "corpus"
    write_dated(folder, [("Storm one", "2021-03-02"), ("Flood two", None), ("Flood three", None)])
    corpus = Corpus(folder, tmp_path / "data")
    corpus.update()
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await search(pilot, "flood")
            await pilot.press("F")
            await settle(pilot)
            pane = app.screen.query_one(FacetPane)
            assert pane.facets.total == 2 and pane.facets.undated == 2
            assert pane.query_one(Sparkline).data == []
            assert str(pane.query_one("#timeline-peaks", Static).render()) == "no dated hits"
            await search(pilot, "storm")  # and a dated hit draws its bar again
            await settle(pilot)
            assert pane.query_one(Sparkline).data == [1]
    finally:
        corpus.close()


async def test_copies_screen_lists_copies_and_shows_what_changed(tmp_path: Path):
    corpus = planted(tmp_path)
    app = make_app(corpus)
    picked = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.push_screen(CopiesScreen(corpus, "copies/changed-flood-0.txt", "Flood report 0"), picked.append)
            await settle(pilot)
            listing = app.screen.query_one("#copies-list", OptionList)
            ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
            assert set(ids) == {"wire/flood-0.txt", "copies/wrapped-flood-0.txt", "copies/half-flood-0.txt"}
            listing.highlighted = ids.index("wire/flood-0.txt")
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, CopyDiffScreen)
            diff = app.screen.diff
            shown = app.screen.query_one("#diff-text", Static).render()
            assert diff.added and any(span.style for span in shown.spans)
            await pilot.press("escape", "j", "enter")
            await settle(pilot)
            assert len(picked) == 1 and picked[0] in ids
    finally:
        corpus.close()


async def test_main_screen_keys_concordance_facets_fold_copies_and_n_across_articles(tmp_path: Path):
    from textual.widgets import Input

    from tui.hit_list import HitList
    from tui.reading_pane import ReadingPane

    corpus = planted(tmp_path)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await search(pilot, "levee")
            hits = screen.query_one(HitList)
            total = len(hits.hits)
            assert total >= 3
            reading = screen.query_one(ReadingPane)
            status = lambda: str(reading.query_one("#reading-status", Static).render())  # noqa: E731
            assert f"article 1/{total}" in status()
            # n past the last hit goes to the next article's first hit; N back to its last
            n_hits = len(reading.view.spans)
            await pilot.press(*["n"] * n_hits)
            await settle(pilot)
            assert hits.highlighted == 1 and reading.view.current_hit == 0 and "hit 1/" in status()
            assert f"article 2/{total}" in status()
            await pilot.press("N")
            await settle(pilot)
            assert hits.highlighted == 0 and reading.view.current_hit == n_hits - 1
            # the concordance: Enter opens the article at that occurrence
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, ConcordanceScreen)
            rows = app.screen.shown
            await pilot.press("j", "j", "j", "enter")
            await settle(pilot)
            chosen = rows[3]
            assert reading.article.id == chosen.id
            span = reading.view.spans[reading.view.current_hit]
            assert span.start <= chosen.position < span.end
            # facets in place of the tags; a value narrows the query visibly
            await pilot.press("F")
            await settle(pilot)
            pane = screen.query_one(FacetPane)
            assert pane.display and not screen.query_one("#lists").display and pane.facets.total == total
            listing = pane.query_one(OptionList)
            ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
            listing.highlighted = ids.index("source\x00Wire One")
            await pilot.press("enter")
            await settle(pilot)
            assert screen.query_one("#query", Input).value == 'levee source:"Wire One"'
            # fold copies: fewer rows, one carrying "+N copies"
            await search(pilot, "flood")
            every = len(hits.hits)
            await pilot.press("escape", "C")
            await settle(pilot)
            assert len(hits.hits) < every and any(h.copies for h in hits.hits)
            row = next(i for i, h in enumerate(hits.hits) if h.copies)
            assert "copies" in str(hits.get_option_at_index(row).prompt)
            # e: the open article's copies; Enter reads one
            hits.highlighted = row
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, CopiesScreen)
            await pilot.press("enter")
            await settle(pilot)
            assert reading.article.id in hits.hits[row].copy_ids
    finally:
        corpus.close()


async def test_bulk_tagging_can_take_in_every_near_copy_and_is_undone_in_one_step(tmp_path: Path):
    """B, the tags, Enter, a in one burst: the matches of the query and the copies of them
    that do not match it are tagged; the question said how many those are; u undoes it all."""
    from app_fixtures import burst, typed

    from tui.bulk_tag import BulkTagScreen

    corpus = planted(tmp_path)  # the Wire One originals 0, 2, 4, 6; 0 and 6 have 3 copies each
    matches = set(corpus.matching_ids('source:"Wire One"'))
    copies = set(corpus.with_copies(matches)) - matches
    assert len(matches) == 4 and len(copies) == 6 and corpus.copies_beyond('source:"Wire One"') == 6
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            burst(pilot, *typed('source:"Wire One"'), "enter")
            await settle(pilot)
            burst(pilot, "B", *typed("wire"), "enter")
            await settle(pilot)
            question = app.screen
            assert isinstance(question, BulkTagScreen) and question.beyond == 6
            assert "6 more articles are near-copies" in str(question.query_one("#bulk-copies", Static).render())
            assert "Also their 6 copies" in str(question.query_one("#bulk-with-copies").label)
            burst(pilot, "a")
            await settle(pilot)
            tagged = {a for a in corpus.catalog.all_ids() if "wire" in corpus.tags_of(a)}
            assert tagged == matches | copies
            burst(pilot, "u")
            await settle(pilot)
            assert corpus.tag_counts() == []
            # all in one burst, the answer typed before the count can have arrived
            burst(pilot, "B", *typed("syndicated"), "enter", "a")
            await settle(pilot)
            assert {a for a in corpus.catalog.all_ids() if corpus.tags_of(a) == ("syndicated",)} == matches | copies
            burst(pilot, "u", "B", *typed("own"), "enter", "y")
            await settle(pilot)
            assert {a for a in corpus.catalog.all_ids() if corpus.tags_of(a)} == matches
    finally:
        corpus.close()


def write_repetitive(folder: Path, articles: int = 100, per_article: int = 1000) -> None:
    """Articles that say "ceasefire" `per_article` times each, in varied company."""
    folder.mkdir(parents=True, exist_ok=True)
    after = ["held", "broke", "talks", "(again)", "Monday,", "zone", "ended", "— a"]
    for i in range(articles):
        words = [f"the ceasefire {after[(i + k) % len(after)]} and" for k in range(per_article)]
        paragraphs = [f"Dispatch {i}-{p}: " + " ".join(words[p:p + 50]) + "." for p in range(0, per_article, 50)]
        (folder / f"a{i:03d}.txt").write_text(f"Ceasefire report {i}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


async def test_a_concordance_of_100000_occurrences_shows_its_first_screen_at_once_and_sorts(tmp_path: Path):
    """The first rows show while the stream is still running; keys move through them
    meanwhile; sorting by the right word is done off the event loop and keeps the row."""
    import asyncio
    import time

    from tui.concordance_screen import ConcordanceScreen as Kwic
    from tui.concordance_screen import right_key
    from tui.kwic_lines import KwicLines

    write_repetitive(tmp_path / "corpus")
    corpus = Corpus(tmp_path / "corpus", tmp_path / "data")
    corpus.update()
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            started = time.monotonic()
            app.push_screen(Kwic(corpus, "ceasefire"))
            while not (isinstance(app.screen, Kwic) and app.screen.shown) and time.monotonic() - started < 30:
                await asyncio.sleep(0.01)
            screen = app.screen
            assert screen.shown and not screen.done  # the first screen, long before the last row
            assert len(screen.rows) < 100_000
            await pilot.press("j", "j")
            lines = screen.query_one(KwicLines)
            assert lines.cursor == 2
            current = lines.current
            await pilot.press("greater_than_sign")
            while screen.sorting and time.monotonic() - started < 60:
                await asyncio.sleep(0.01)
            keys = [right_key(o) for o in screen.shown]
            assert keys == sorted(keys) and lines.current is current and screen.order == "right word"
            await pilot.press("escape")  # closing stops the stream
            assert not isinstance(app.screen, Kwic)
    finally:
        corpus.close()


def test_concordance_sorts_by_words_not_punctuation_or_case_and_aligns_the_hit():
    from rich.cells import cell_len

    from index import Occurrence
    from tui.concordance_screen import left_key, right_key
    from tui.kwic_lines import column_widths, kwic_row

    def occ(left: str, right: str, hit: str = "truce") -> Occurrence:
        return Occurrence("a.txt", 0, left, hit, right, "A title")

    rows = [occ("the", ". Beta gamma"), occ("a", ""), occ("the", "Alpha zed"), occ("some", "alpha"), occ("Zeta,", "beta")]
    assert [o.right for o in sorted(rows, key=right_key)] == ["alpha", "Alpha zed", "beta", ". Beta gamma", ""]
    assert [o.left for o in sorted(rows, key=left_key)] == ["a", "some", "the", "the", "Zeta,"]
    widths = column_widths(120, 8)
    for o in (occ("北京 停火 协议 的 谈判 " * 6, "继续"), occ("short", "right", "停火"), occ("", "x")):
        row = kwic_row(o, widths).plain
        assert cell_len(row) <= 120
        assert cell_len(row[: row.index(o.hit)]) == widths.left + 2  # the hit starts in its column
    assert kwic_row(occ("a", "b", "ceasefires"), widths).plain.split()[1] == "ceasefir"  # cut to its column
    assert kwic_row(occ("x" * 80, "y"), widths).plain.lstrip().startswith("x")  # cut at its far end


async def test_a_folded_row_unfolds_its_copies_under_it_and_folds_back(tmp_path: Path):
    """→ (or l) on a folded row lists its copies under it, each a row of its own in the list's
    order, the cursor staying on the row; keys typed in the same burst act on the new rows
    (→ j Enter reads the first copy); ← on a copy folds the group back, the cursor on its
    row. Unfolded groups stay so through a new sort and a page loaded further down; another
    query starts folded."""
    from tui.hit_list import COPY_MARK, UNFOLDED_MARK, HitList
    from tui.reading_pane import ReadingPane

    corpus = planted(tmp_path, originals=200)  # 267 stories once folded: several pages of rows
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            hits = screen.query_one(HitList)
            reading = screen.query_one(ReadingPane)
            await search(pilot, "flood")
            await pilot.press("escape", "C")
            await settle(pilot)
            row = next(i for i, h in enumerate(hits.hits) if h.copies)
            head = hits.hits[row]
            expected = corpus.search("flood", collapse=True, expand=[head.group], limit=500).hits
            hits.highlighted = row
            await settle(pilot)
            burst(pilot, "right")
            await settle(pilot)
            assert hits.highlighted == row and hits.hits[row].id == head.id and hits.hits[row].unfolded
            under = hits.hits[row + 1:row + 1 + head.copies]
            assert [h.id for h in under] == list(head.copy_ids)  # the list's order (best first)
            assert all(h.copy_of == head.id and h.rank == head.rank for h in under)
            assert [h.id for h in hits.hits] == [h.id for h in expected][:len(hits.hits)]
            assert UNFOLDED_MARK in str(hits.get_option_at_index(row).prompt)
            assert str(hits.get_option_at_index(row + 1).prompt).lstrip().startswith(COPY_MARK)
            assert "· 1 group open" in str(screen.query_one("#search-status", Static).render())
            # the same key folds it back; → j Enter in one burst reads the first copy
            burst(pilot, "right")
            await settle(pilot)
            assert hits.highlighted == row and not hits.hits[row].unfolded and hits.hits[row + 1].copy_of is None
            burst(pilot, "l", "j", "enter")
            await settle(pilot)
            assert hits.highlighted == row + 1 and reading.article.id == head.copy_ids[0]
            # a new order keeps the group unfolded: its copies follow it, by date now
            burst(pilot, "escape", "s")
            await settle(pilot)
            assert screen.search_pane.shown.request.expand == {head.group}
            newest = corpus.search("flood", collapse=True, expand=[head.group], sort="newest", limit=500).hits
            assert [h.id for h in hits.hits] == [h.id for h in newest][:len(hits.hits)]
            at = next(i for i, h in enumerate(newest) if h.group == head.group)
            assert newest[at].unfolded and [h.copy_of for h in newest[at + 1:at + 1 + head.copies]] == [newest[at].id] * head.copies
            # back to relevance (the open copy stays selected); ← on a copy: folded again, the
            # cursor on the group's row
            burst(pilot, "s", "s")
            await settle(pilot)
            assert hits.highlighted == row + 1 and hits.hits[row].unfolded
            hits.highlighted = row + 2
            await settle(pilot)
            burst(pilot, "h")
            await settle(pilot)
            assert hits.highlighted == row and hits.hits[row].id == head.id and not hits.hits[row].unfolded
            assert all(h.copy_of is None for h in hits.hits)
            # far down the list, past the first page: the rows loaded stay loaded
            burst(pilot, *["pagedown"] * 4)
            await settle(pilot)
            loaded = len(hits.hits)
            low = next(i for i in range(loaded - 1, 0, -1) if hits.hits[i].copies)
            assert low >= 40, (low, loaded)
            hits.highlighted = low
            await settle(pilot)
            low_head = hits.hits[low]
            burst(pilot, "l", "j", "j", "enter")
            await settle(pilot)
            assert hits.hits[low].id == low_head.id and hits.hits[low].unfolded
            assert len(hits.hits) >= loaded + low_head.copies
            assert hits.highlighted == low + 2 and reading.article.id == low_head.copy_ids[1]
            # another query: every group folded again
            screen.query_one("#query", Input).value = "flood OR levee"
            await pilot.press("slash", "enter")
            await settle(pilot)
            assert not any(h.unfolded or h.copy_of for h in hits.hits) and any(h.copies for h in hits.hits)
            # a row with no copies: nothing to unfold
            plain = next(i for i, h in enumerate(hits.hits) if not h.copies)
            hits.highlighted = plain
            await settle(pilot)
            before = [h.id for h in hits.hits]
            burst(pilot, "right")
            await settle(pilot)
            assert [h.id for h in hits.hits] == before
    finally:
        corpus.close()


async def test_keys_typed_with_a_fold_or_a_sort_act_on_the_list_they_make(tmp_path: Path):
    """C (fold copies) and s (sort) search again; the keys typed after them in the same burst
    wait for the new rows: `C j j →` unfolds the third folded row, `s j Enter` reads the hit
    after the open one in the new order (not the one after it in the order it leaves)."""
    from tui.hit_list import HitList
    from tui.reading_pane import ReadingPane

    corpus = planted(tmp_path, originals=24)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            hits = screen.query_one(HitList)
            reading = screen.query_one(ReadingPane)
            await search(pilot, "flood")
            folded = corpus.search("flood", collapse=True, limit=500).hits
            row = next(i for i, h in enumerate(folded) if h.copies and i >= 1)
            burst(pilot, "escape", "C", *["j"] * row, "right")
            await settle(pilot)
            assert screen.search_pane.collapse
            assert hits.highlighted == row and hits.hits[row].id == folded[row].id and hits.hits[row].unfolded
            # every copy again, then a new order and a move in it, typed at once
            burst(pilot, "C", "g", "enter")
            await settle(pilot)
            first = reading.article.id
            newest = [h.id for h in corpus.search("flood", sort="newest", limit=500).hits]
            burst(pilot, "escape", "s", "j", "enter")
            await settle(pilot)
            assert screen.search_pane.sort == "newest"
            assert reading.article.id == newest[newest.index(first) + 1]
    finally:
        corpus.close()


async def test_concordance_of_a_query_with_no_hits_says_so_and_opens_nothing(tmp_path: Path):
    """`c` on 0 hits used to open an empty concordance screen; it now says so in a
    notification, and the keys typed after it stay on the main screen."""
    corpus = planted(tmp_path, originals=4)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await search(pilot, "zzqxw")
            await pilot.press("escape")
            burst(pilot, "c", "j")
            await settle(pilot)
            assert app.screen is screen, app.screen
            assert any("No hits for zzqxw" in str(n.message) for n in app._notifications)
            await search(pilot, "levee")
            burst(pilot, "escape", "c")
            await settle(pilot)
            assert isinstance(app.screen, ConcordanceScreen)  # hits: it opens as before
    finally:
        corpus.close()


async def test_keys_typed_after_narrowing_by_a_facet_act_on_the_narrowed_query(tmp_path: Path):
    """Enter on a facet value searches the narrowed query; `c` typed right after it (no
    pause) shows the concordance of that query, not of the one it replaced."""
    corpus = planted(tmp_path)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await search(pilot, "levee")
            await pilot.press("F")
            await settle(pilot)
            listing = screen.query_one(FacetPane).query_one(OptionList)
            ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
            listing.highlighted = ids.index("source\x00Wire One")
            burst(pilot, "enter", "c")
            await settle(pilot)
            assert isinstance(app.screen, ConcordanceScreen)
            assert app.screen.query_text == 'levee source:"Wire One"'
    finally:
        corpus.close()



async def test_a_concordance_burst_ends_where_the_same_keys_typed_slowly_end(tmp_path: Path):
    """`c`, a sort, moves, Enter and `n` typed at once open the occurrence they were typed for
    (in the sorted order) and move on from it in the article opened, as typed one by one."""
    from tui.reading_pane import ReadingPane

    corpus = planted(tmp_path)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await search(pilot, "levee")
            reading = screen.query_one(ReadingPane)
            for sort in ("greater_than_sign", "less_than_sign"):
                keys = ["c", sort, "j", "j", "j", "enter", "n"]
                for key in keys:
                    await pilot.press(key)
                    await settle(pilot)
                slowly = (reading.article.id, reading.view.current_hit)
                assert app.screen is screen
                burst(pilot, *keys)
                await settle(pilot)
                assert app.screen is screen and (reading.article.id, reading.view.current_hit) == slowly
    finally:
        corpus.close()


async def test_keys_typed_right_after_e_or_d_reach_the_copies_they_are_meant_for(tmp_path: Path):
    """`e j Enter` typed at once reads the second copy (the keys used to meet a list not
    loaded yet); `d Escape` typed at once shows what changed and comes back to the copies
    (Escape used to close the copies, and the diff then opened over the article)."""
    from tui.hit_list import HitList
    from tui.reading_pane import ReadingPane

    corpus = planted(tmp_path)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await search(pilot, "flood")
            hits, reading = screen.query_one(HitList), screen.query_one(ReadingPane)
            row = next(i for i, h in enumerate(hits.hits) if len(corpus.copies(h.id)) >= 2)
            hits.highlighted = row
            await settle(pilot)
            opened = reading.article.id
            copies = [c.id for c in corpus.copies(opened)]
            burst(pilot, "e", "d", "escape")
            await settle(pilot)
            assert isinstance(app.screen, CopiesScreen)
            burst(pilot, "escape", "e", "j", "enter")
            await settle(pilot)
            assert app.screen is screen and reading.article.id == copies[1]
    finally:
        corpus.close()


async def test_n_typed_right_after_a_move_in_the_list_acts_on_the_article_moved_to(tmp_path: Path):
    """`k n` typed at once in the hit list: n moves to the second hit of the article k went
    to (it used to move in the article being left, and the new one then opened on its first)."""
    from tui.hit_list import HitList
    from tui.reading_pane import ReadingPane

    corpus = planted(tmp_path)
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await search(pilot, "levee")
            hits, reading = screen.query_one(HitList), screen.query_one(ReadingPane)
            assert len(reading.view.spans) >= 3
            hits.highlighted = 1
            await settle(pilot)
            hits.focus()
            burst(pilot, "k", "n", "n")
            await settle(pilot)
            assert reading.article.id == hits.hits[0].id and reading.view.current_hit == 2
    finally:
        corpus.close()


async def test_F_and_a_facet_chosen_in_one_burst_narrow_by_the_row_typed_for(tmp_path: Path):
    """`F j j Enter` typed at once narrows by the row the same keys typed slowly narrow by
    (the keys after F used to meet a facet list still being counted), on an engine as slow
    as a huge index."""
    from app_fixtures import SlowCorpus, burst

    folder = tmp_path / "corpus"
    write_planted_copies(folder, originals=8)
    corpus = SlowCorpus(folder, tmp_path / "data", delay=0.3)
    corpus.update()
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            query = screen.query_one("#query", Input)
            query.value = "levee"
            await pilot.press("enter")
            await settle(pilot)
            keys = ["F", "j", "j", "enter"]
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            slowly = query.value
            assert slowly != "levee"
            query.value = "levee"
            await pilot.press("escape", "F")  # (the facets hidden again, the list in front)
            await settle(pilot)
            query.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert not screen.query_one(FacetPane).display and query.value == "levee"
            burst(pilot, *keys)
            await settle(pilot)
            assert query.value == slowly
    finally:
        corpus.close()


async def test_copies_of_an_article_with_none_say_so_and_open_nothing(app_corpus):
    # `e` opened a dialog listing only "no near-copies"; the keys after it met that dialog.
    from app_fixtures import typed

    from tui.hit_list import HitList

    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        assert app_corpus.copies(screen.reading.article.id) == []
        burst(pilot, "e", "j")
        await settle(pilot)
        assert app.screen is screen
        assert any("No near-copies" in str(n.message) for n in app._notifications)
        assert screen.query_one(HitList).highlighted == 1  # j reached the hit list


async def test_concordance_of_hits_with_no_words_to_find_says_so_and_closes(app_corpus):
    # `tag:x` has hits but nothing in their text to show in context: an empty screen opened.
    from app_fixtures import typed

    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        app_corpus.tag(["harvest.txt"], add=["x"])
        burst(pilot, *typed("tag:x"), "enter")
        await settle(pilot)
        assert screen.reading.article.id == "harvest.txt"
        burst(pilot, "escape", "c")
        await settle(pilot)
        assert app.screen is screen
        assert any("No occurrences to list" in str(n.message) for n in app._notifications)
