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
            pane = FacetPane(corpus)
            await app.screen.mount(pane)
            pane.follow("storm")
            await settle(pilot)
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
