"""Tags, notes and read marks follow their article's text when files trade names: two files
swapped, a re-scrape that numbers its files anew after inserting or dropping one. Each piece
stays on the article it was put on, never on whatever text now has its old file name."""

from __future__ import annotations

import json
from pathlib import Path

STORIES = {
    "storm": "Storm hits the coast\n\nA violent storm hit the coast on Monday, killing three people and cutting power to thousands of homes.\n\nRescue teams worked through the night.\n",
    "markets": "Markets rally on inflation news\n\nStock markets rallied on Tuesday as new figures showed inflation cooling for a third month running.\n\nEnergy prices fell.\n",
    "harvest": "Farmers report record harvest\n\nFarmers in the valley reported a record wheat harvest this year despite a dry spring and late frosts.\n\nPrices are expected to fall.\n",
    "election": "Election results delayed\n\nCounting of votes in the northern province was delayed after a storm cut power to polling stations.\n\nOfficials expect results by Friday.\n",
    "bridge": "Old bridge to reopen\n\nThe old stone bridge over the river will reopen in May after two years of repairs, the council said.\n\nTraffic will be limited.\n",
}


def lay_out(folder: Path, order: list[str]) -> None:
    """The stories as a scraper numbers them: 001.txt, 002.txt, ... in this order."""
    for old in folder.glob("*.txt"):
        old.unlink()
    for n, story in enumerate(order, 1):
        (folder / f"{n:03}.txt").write_text(STORIES[story])


def by_story(cli, folder) -> dict[str, dict]:
    """Each story's tags, note and read mark, as `search --json` lists them."""
    hits = json.loads(cli(folder, "search", "*", "--limit", "50", "--json").stdout)["hits"]
    title_of = {text.split("\n")[0]: story for story, text in STORIES.items()}
    return {title_of[h["title"]]: {"tags": h["tags"], "note": h["note"], "read": h["read"], "id": h["id"]} for h in hits}


def mark_up(cli, folder) -> None:
    ids = {story: v["id"] for story, v in by_story(cli, folder).items()}
    assert cli(folder, "tag", ids["storm"], "+weather").exit_code == 0
    assert cli(folder, "tag", ids["markets"], "+money").exit_code == 0
    assert cli(folder, "note", ids["harvest"], "call the farmers").exit_code == 0
    assert cli(folder, "note", ids["markets"], "ask the bank").exit_code == 0
    assert cli(folder, "read", ids["election"]).exit_code == 0


def assert_marks_on_their_stories(state: dict[str, dict]) -> None:
    assert state["storm"]["tags"] == ["weather"]
    assert state["markets"]["tags"] == ["money"]
    assert state["harvest"]["note"] and state["harvest"]["tags"] == []
    assert state["markets"]["note"]
    assert state["election"]["read"]
    others = [s for s in state if s not in ("storm", "markets", "harvest", "election")]
    for story in others:
        assert state[story]["tags"] == [] and not state[story]["note"] and not state[story]["read"], story
    for story in ("storm", "election"):
        assert not state[story]["note"], story


def test_two_files_that_swap_names_swap_their_data(tmp_path, cli):
    folder = tmp_path / "corpus"
    folder.mkdir()
    lay_out(folder, ["storm", "markets", "harvest", "election"])
    mark_up(cli, folder)
    lay_out(folder, ["markets", "storm", "election", "harvest"])  # 001<->002 and 003<->004
    assert cli(folder, "index").exit_code == 0
    state = by_story(cli, folder)
    assert state["storm"]["id"] == "002.txt"
    assert_marks_on_their_stories(state)


def test_a_rescrape_that_renumbers_its_files_keeps_each_mark_on_its_story(tmp_path, cli):
    folder = tmp_path / "corpus"
    folder.mkdir()
    lay_out(folder, ["storm", "markets", "harvest", "election"])
    mark_up(cli, folder)
    lay_out(folder, ["bridge", "storm", "markets", "harvest", "election"])  # one new story first
    assert cli(folder, "index").exit_code == 0
    assert_marks_on_their_stories(by_story(cli, folder))

    lay_out(folder, ["bridge", "storm", "harvest", "election"])  # one dropped: the rest move up
    assert cli(folder, "index").exit_code == 0
    state = by_story(cli, folder)
    assert "markets" not in state
    waiting = cli(folder, "tags").stdout
    assert "money" in waiting and "Markets rally" in waiting  # waits for its story, listed
    notes = {n["text"]: n["id"] for n in json.loads(cli(folder, "notes", "--json").stdout)["notes"]}
    assert notes["ask the bank"].startswith("003.txt#was:")  # what its file was: the text is gone
    assert notes["call the farmers"] == state["harvest"]["id"] == "003.txt"

    lay_out(folder, ["bridge", "storm", "markets", "harvest", "election"])  # and it comes back
    assert cli(folder, "index").exit_code == 0
    assert_marks_on_their_stories(by_story(cli, folder))


def test_an_edited_file_keeps_its_data(tmp_path, cli):
    """An edit in place is no move: the text is new, the file's data stays."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lay_out(folder, ["storm", "markets", "harvest", "election"])
    mark_up(cli, folder)
    edited = folder / "001.txt"
    edited.write_text(edited.read_text() + "\nThe coast guard said on Tuesday that the search was over.\n")
    assert cli(folder, "index").exit_code == 0
    assert_marks_on_their_stories(by_story(cli, folder))
