"""The app in small terminals: what must stay on screen whatever pane is open."""

from __future__ import annotations

from app_fixtures import SIZE, app_corpus, burst, corpus_dir, make_app, settle, typed  # noqa: F401


def on_screen(widget, screen_size) -> bool:
    """Is the widget drawn with some height, inside the screen and inside its parent?"""
    region, parent = widget.region, widget.parent.region
    return (region.height > 0 and region.bottom <= screen_size.height
            and parent.y <= region.y and region.bottom <= parent.bottom)


async def test_facets_at_80_by_24_leave_the_query_and_show_themselves(app_corpus):
    """At 80x24 `F` put the facets (min-height 10) under a search pane squeezed to its two
    borders: the query and the hits vanished; where the search pane kept its room, the facets
    were drawn outside the left column, under the article, and not seen at all. Both show;
    `F` again gives the article its room back."""
    app = make_app(app_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        screen = app.screen
        article_height = screen.reading.region.height
        burst(pilot, "escape", "F")
        await settle(pilot)
        facets = screen.query_one("#facets")
        assert facets.display and on_screen(facets, app.size)
        assert facets.region.height >= 8  # (its timeline and the first counts)
        assert on_screen(screen.query_input, app.size) and on_screen(screen.query_one("#search-status"), app.size)
        assert facets.region.bottom <= screen.reading.region.y
        burst(pilot, "F")
        await settle(pilot)
        assert not facets.display and screen.reading.region.height == article_height


async def test_facets_in_a_wide_terminal_keep_their_layout(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("storm"), "enter", "escape", "F")
        await settle(pilot)
        screen = app.screen
        facets = screen.query_one("#facets")
        assert not screen.has_class("narrow") and on_screen(facets, app.size)
        assert screen.reading.region.height == app.size.height - 1 - (1 if screen.progress_line.display else 0)

