"""Saved searches in the app, driven like a user: a pane (the tags' second tab) with each
saved search's live count and what is new since it was last opened, kept current as the
index, the tags and the saved searches change, here or in another process."""

from __future__ import annotations

import time

from app_fixtures import SIZE, app_corpus, burst, corpus_dir, make_app, search, settle  # noqa: F401

from index import Corpus
from tui.facet_pane import FacetPane
from tui.hit_list import HitList
from tui.list_tabs import ListTabs
from tui.saved_dialogs import SaveSearchScreen
from tui.saved_pane import SavedPane
from tui.tag_dialogs import ConfirmScreen


def rows(app) -> list[str]:
    pane = app.screen.query_one(SavedPane)
    return [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]


def hit_ids(app) -> list[str]:
    return [h.id for h in app.screen.query_one(HitList).hits]


async def until(pilot, condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await settle(pilot)
        await pilot.pause(0.05)


async def test_saved_pane_counts_what_is_new_after_an_update_and_running_one_clears_it(app_corpus, corpus_dir):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await pilot.press("S", *"storms", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SaveSearchScreen)
        await until(pilot, lambda: rows(app)[0].startswith("@storms  3 hits"))
        assert rows(app)[0].startswith("@storms  3 hits  storm")
    # A new article arrives; the app's update at start finds it, and the pane counts it new.
    (corpus_dir / "late.txt").write_text("A late storm\n\nThe storm returned on Sunday.\n", encoding="utf-8")
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "1 new" in rows(app)[0])
        assert rows(app)[0].startswith("@storms  4 hits  1 new")
        burst(pilot, "escape", "at", "enter", "j")  # to the pane, run it, down the hits
        await settle(pilot)
        assert app.screen.query_input.value == "@storms"
        assert "late.txt" in hit_ids(app)
        assert app.screen.query_one(HitList).highlighted == 1  # j reached the hit list
        await until(pilot, lambda: "new" not in rows(app)[0])
        assert rows(app)[0].startswith("@storms  4 hits  storm")
        assert app_corpus.saved_search("storms").new == 0


async def test_counts_follow_tag_changes_and_saved_searches_added_elsewhere(app_corpus):
    app_corpus.save_search("flagged", "tag:followup")
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: rows(app) and "hit" in rows(app)[0])
        assert rows(app)[0].startswith("@flagged  0 hits")
        await search(pilot, "harvest")
        await pilot.press("f")  # flag it: the saved search now finds it
        await until(pilot, lambda: rows(app)[0].startswith("@flagged  1 hit "))
        assert rows(app)[0].startswith("@flagged  1 hit  1 new")
        with Corpus(app_corpus.root, app_corpus.data_dir) as other:  # another process
            other.save_search("markets", "markets OR inflation")
        await until(pilot, lambda: len(rows(app)) == 2, timeout=8)
        assert [r.split()[0] for r in rows(app)] == ["@flagged", "@markets"]
        assert rows(app)[1].startswith("@markets  1 hit  markets OR inflation")


async def test_at_toggles_the_tab_f_takes_its_place_and_gives_it_back(app_corpus):
    app_corpus.save_search("storms", "storm")
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        lists = app.screen.query_one(ListTabs)
        facets = app.screen.query_one(FacetPane)
        assert lists.current == "tags"
        burst(pilot, "at")
        await settle(pilot)
        assert lists.current == "saved" and isinstance(app.focused, SavedPane)
        assert "@ Saved" in str(app.screen.query_one(SavedPane).border_title)
        burst(pilot, "F")  # facets in place of the lists, whichever tab
        await settle(pilot)
        assert facets.display and not lists.display
        burst(pilot, "F")
        await settle(pilot)
        assert lists.display and lists.current == "saved" and not facets.display
        burst(pilot, "F", "at")  # @ from the facets: the saved searches again
        await settle(pilot)
        assert lists.display and not facets.display and isinstance(app.focused, SavedPane)
        burst(pilot, "at")  # again: back to the tags
        await settle(pilot)
        assert lists.current == "tags" and app.focused.id == "tags"
        burst(pilot, "right")  # arrows switch tabs within the lists
        await settle(pilot)
        assert lists.current == "saved" and isinstance(app.focused, SavedPane)


async def test_deleting_asks_first_and_the_palette_offers_each_with_its_counts(app_corpus):
    app_corpus.save_search("harvests", "harvest")
    app_corpus.save_search("storms", "storm")
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(rows(app)) == 2 and "hit" in rows(app)[1])
        commands = {name: (help_text, run) for name, help_text, run in app.screen.palette_commands()}
        assert commands["Saved search: @storms"][0] == "3 hits · storm"
        commands["Saved search: @harvests"][1]()
        await settle(pilot)
        assert app.screen.query_input.value == "@harvests" and hit_ids(app) == ["harvest.txt"]
        burst(pilot, "escape", "at", "j", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        burst(pilot, "n")  # no: kept
        await settle(pilot)
        assert len(rows(app)) == 2
        burst(pilot, "d", "y")
        await until(pilot, lambda: len(rows(app)) == 1)
        assert rows(app)[0].startswith("@harvests")
        assert [s.name for s in app_corpus.saved_searches()] == ["harvests"]


async def test_narrow_the_saved_tab_opens_up_when_it_has_the_focus(app_corpus):
    app_corpus.save_search("storms", "storm")
    app = make_app(app_corpus)
    async with app.run_test(size=(90, 36)) as pilot:
        await settle(pilot)
        lists = app.screen.query_one(ListTabs)
        assert lists.size.height == 1
        burst(pilot, "escape", "at")
        await settle(pilot)
        assert lists.size.height == 8
        burst(pilot, "enter")  # runs it; the focus goes to the hits and the tab folds again
        await settle(pilot)
        assert app.screen.query_input.value == "@storms" and lists.size.height == 1


async def test_the_panes_keys_are_remapped_by_binding_id(app_corpus, tmp_path):
    from tui.settings import load_settings

    app_corpus.save_search("storms", "storm")
    path = tmp_path / "settings.toml"
    path.write_text('[keys]\n"review.saved" = "f5"\n"saved.delete" = "ctrl+d"\n"lists.tags" = "ctrl+t"\n', encoding="utf-8")
    app = make_app(app_corpus, settings=load_settings(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not [n for n in app._notifications if n.title == "Settings"]  # every id is known
        lists = app.screen.query_one(ListTabs)
        burst(pilot, "escape", "f5")
        await settle(pilot)
        assert lists.current == "saved"
        burst(pilot, "ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        burst(pilot, "n", "ctrl+t")
        await settle(pilot)
        assert lists.current == "tags"


async def test_an_unknown_binding_id_is_named_with_its_line_and_the_rest_applies(app_corpus, tmp_path):
    from tui.settings import load_settings

    path = tmp_path / "settings.toml"
    path.write_text('default_sort = "oldest"\n\n[keys]\n"review.saved" = "f5"\n"review.nope" = "f6"\n', encoding="utf-8")
    app = make_app(app_corpus, settings=load_settings(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (problem,) = [n.message for n in app._notifications if n.title == "Settings"]
        assert problem == f"{path}, line 5: [keys] 'review.nope' is not a binding id (see the help screen, ?); ignored"
        assert app.screen.search_pane.sort == "oldest"
        burst(pilot, "escape", "f5")
        await settle(pilot)
        assert app.screen.query_one(ListTabs).current == "saved"


async def test_the_days_work_survives_quit_rebuild_and_reopen(app_corpus, tmp_path):
    """Read, note, flag, save a search and use queries; quit; `index --rebuild`; reopen: all
    of it is there, in the app."""
    from click.testing import CliRunner

    from tui.cli import main
    from tui.review_screen import ReviewLine
    from tui.tag_pane import TagPane

    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        burst(pilot, "j", "a", *"call", "ctrl+s", "f", "S", *"storms", "enter")
        await settle(pilot)
        noted = app.screen.reading.article.id
    rebuilt = CliRunner().invoke(main, ["--corpus", str(app_corpus.root), "--data-dir", str(app_corpus.data_dir),
                                        "index", "--rebuild", "--quiet"])
    assert rebuilt.exit_code == 0, rebuilt.output
    app = make_app(Corpus(app_corpus.root, app_corpus.data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: rows(app) and "hit" in rows(app)[0])
        assert rows(app)[0].startswith("@storms  3 hits  storm")  # nothing new after a rebuild
        assert [c.name for c in app.screen.query_one(TagPane).counts] == ["followup"]
        burst(pilot, "up")  # the query history
        await settle(pilot)
        assert app.screen.query_input.value == "storm"
        await search(pilot, "has:note")
        assert hit_ids(app) == [noted]
        assert "call" in str(app.screen.query_one("#reading-note").render())
        await search(pilot, "storm")
        assert str(app.screen.query_one(ReviewLine).render()).startswith("2/3 read")
    app.corpus.close()


async def test_keys_typed_right_after_naming_a_search_reach_the_hit_list(app_corpus):
    # Enter in the name box saved on a message that arrived after the next key: `j` went into
    # the name box and was lost with the dialog.
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await pilot.press("escape")
        await settle(pilot)
        burst(pilot, "S", *"storms", "enter", "j")
        await settle(pilot)
        assert not isinstance(app.screen, SaveSearchScreen)
        assert app_corpus.saved_search("storms") is not None
        assert app.screen.query_one(HitList).highlighted == 1
