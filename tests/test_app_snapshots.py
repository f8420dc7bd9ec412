"""SVG snapshots of the main views, on a fixed corpus, size and data; timings hidden.

Regenerate with `pytest tests/test_app_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from app_fixtures import SIZE, app_corpus, corpus_dir, make_app, search, settle  # noqa: F401


def prepared(query: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await search(pilot, query)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_main_screen_with_results_and_highlights(snap_compare, app_corpus):
    app_corpus.tag(["storm.txt"], add=["followup", "weather"])
    assert snap_compare(make_app(app_corpus), terminal_size=SIZE, run_before=prepared("storm", "n"))


def test_raw_view_dims_removed_lines(snap_compare, app_corpus):
    assert snap_compare(make_app(app_corpus), terminal_size=SIZE, run_before=prepared("daesh OR jihadists", "r", "tab", "tab", "G"))


def test_help_screen(snap_compare, app_corpus):
    assert snap_compare(make_app(app_corpus), terminal_size=SIZE, run_before=prepared("storm", "question_mark"))
