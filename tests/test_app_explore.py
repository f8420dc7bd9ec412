"""The app's exploring views on a real index: concordance, facets and timeline, near-copies."""

from __future__ import annotations

from pathlib import Path

from app_fixtures import SIZE, make_app, settle
from corpus_factory import write_dated, write_planted_copies
from textual.widgets import DataTable, OptionList, Sparkline, Static

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
            table = screen.query_one(DataTable)
            assert table.row_count == len(expected) > 5
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

            app.screen.query_one("#query", Input).value = "storm"
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("F")
            await settle(pilot)
            pane = app.screen.query_one(FacetPane)
            assert pane.facets.total == 4 and pane.facets.undated == 1
            assert pane.query_one(Sparkline).data == [2, 0, 1]
            assert str(pane.query_one("#timeline-peaks", Static).render()) == "peaks 2021-03 (2) · 2021-05 (1)"
            assert "2021-03…2021-05" in str(pane.query_one("#timeline-title", Static).render())
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
            screen.query_one("#query", Input).value = "levee"
            await pilot.press("enter")
            await settle(pilot)
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
            screen.query_one("#query", Input).value = "flood"
            await pilot.press("enter")
            await settle(pilot)
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
