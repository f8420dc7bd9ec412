"""A corpus of plain text dumps from a few outlets, none of which names itself, each with
furniture of its own shape and habits (menus of varying length, tickers, datelines, bylines,
related links, taglines written as sentences, footers that differ from page to page): the
pages are grouped by outlet, each group shows like a source, and its template lines are
removed from articles whose cleaning on their own keeps them."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app_fixtures import SIZE, make_app, settle
from textual.widgets import Input, OptionList

from index import Corpus
from index.clean.cleaner import clean
from index.clean.templates import GROUP_MARK
from tui.facet_pane import FacetPane

WORDS = ("river council bridge school harvest storm market road hospital budget festival museum railway "
         "harbour farmers teachers nurses engineers mayor police weather library ferry orchard quarry "
         "stadium tram clinic bakery factory vineyard").split()
NAMES = ("Ana Ruiz", "Tom Becker", "Li Wei", "Sara Okafor", "Jon Hale", "Mia Costa", "Ravi Nair", "Eva Lind")


def sentence(rng: random.Random, topic: list[str]) -> str:
    w = lambda: rng.choice(topic if rng.random() < 0.5 else WORDS)  # noqa: E731
    return (f"The {w()} and the {w()} met at the {w()} on {rng.choice(['Monday', 'Friday', 'Sunday'])}, where "
            f"the {w()} said that the {w()} would stay open until the {w()} had been repaired by the {w()}.")


def headline(rng: random.Random, topic: list[str] | None = None) -> str:
    a, b, c = topic or rng.sample(WORDS, 3)
    return f"{a.capitalize()} {b} {rng.choice(['reopens', 'closes', 'expands', 'wins praise'])} after {c} {rng.choice(['vote', 'review', 'storm', 'deal'])}"


# Each outlet: its menu (a page shows most of it, one item a line or all on one line), its
# taglines (proper sentences a page alone keeps), its footer lines, and its habits.
OUTLETS = {
    "a": dict(menu=["Local", "Region", "Farming", "Schools", "Courts", "Weather", "Obituaries"], one_line=False,
              tagline=["Independent reporting on the stories that matter to the people of the valley."],
              footer=["We rely on readers like you to keep our journalism free for everyone who needs it.",
                      "Terms of use", "Privacy"], ticker=True, byline="By {name}", dateline="Updated {h}:{m} pm"),
    "b": dict(menu=["Markets", "Crops", "Livestock", "Machinery", "Weather", "Auctions"], one_line=True,
              tagline=["Trusted coverage of farming, weather and markets across the northern plains for decades."],
              footer=["Send your questions about crops and livestock to our experts and we will answer them.",
                      "Advertise with us", "© 2019 All rights reserved."], ticker=False, byline="{name}, staff writer",
              dateline="Posted {d} Nov 2019"),
    "c": dict(menu=["City", "Nightlife", "Arts", "Sport", "Opinion", "Letters", "Puzzles", "Jobs"], one_line=False,
              tagline=["The city's oldest evening paper brings you the news that shaped your day in one place.",
                       "Our newsroom works every night so that you can wake up knowing what happened here."],
              footer=["Contact the newsroom", "Corrections"], ticker=True, byline="Words by {name}", dateline=None),
    "d": dict(menu=["Harbours", "Fishing", "Ferries", "Tides", "Coastguard"], one_line=True,
              tagline=[], footer=["Coverage of the coast and its harbours, written by people who have fished these waters.",
                                  "Tell us what is happening in your harbour town and a reporter may call you back soon.",
                                  "Back to top"], ticker=False, byline=None, dateline="{d}/11/2019"),
}
PER_OUTLET = 9


def page(rng: random.Random, o: dict, title: str, topic: list[str]) -> str:
    menu = [m for m in o["menu"] if rng.random() < 0.8]
    header = [" | ".join(menu)] if o["one_line"] else list(menu)
    if o["ticker"] and rng.random() < 0.7:
        header.append(f"Breaking: {headline(rng)}")
    header += [t for t in o["tagline"] if rng.random() < 0.9]
    meta = []
    if o["byline"]:
        meta.append(o["byline"].format(name=rng.choice(NAMES)))
    if o["dateline"]:
        meta.append(o["dateline"].format(h=rng.randint(1, 12), m=rng.randint(10, 59), d=rng.randint(1, 28)))
    body = [sentence(rng, topic) + " " + sentence(rng, topic) for _ in range(rng.randint(4, 7))]
    related = ["Related stories", *(headline(rng) for _ in range(rng.randint(2, 4)))] if rng.random() < 0.6 else []
    footer = [f for f in o["footer"] if rng.random() < 0.9]
    return "\n\n".join([*header, title, *meta, *body, *related, *footer]) + "\n"


def write_outlets(corpus: Path) -> dict[str, str]:
    """The corpus: PER_OUTLET pages of each outlet; returns each file's headline."""
    rng = random.Random(19)
    corpus.mkdir()
    titles = {}
    for key, o in OUTLETS.items():
        for i in range(PER_OUTLET):
            topic = rng.sample(WORDS, 3)
            title = f"{headline(rng, topic)} ({key}{i})"
            titles[f"{key}{i}.txt"] = title
            (corpus / f"{key}{i}.txt").write_text(page(rng, o, title, topic), encoding="utf-8")
    return titles


def test_outlets_of_varied_furniture_are_grouped_and_their_templates_removed(tmp_path, cli):
    corpus = tmp_path / "corpus"
    titles = write_outlets(corpus)
    # one page alone keeps its outlet's taglines: only the corpus tells them from the article
    alone = clean((corpus / "c1.txt").read_text(encoding="utf-8"))
    assert OUTLETS["c"]["tagline"][0] in alone.text and alone.source is None
    assert cli(corpus, "index", "--quiet").exit_code == 0

    hits = json.loads(cli(corpus, "search", "*", "--json", "--limit", "200").stdout)["hits"]
    assert len(hits) == len(OUTLETS) * PER_OUTLET
    by_outlet: dict[str, set] = {}
    for h in hits:
        by_outlet.setdefault(h["id"][0], set()).add(h["source"])
    # each outlet is one group, named as a group, and no two outlets share one
    assert all(len(s) == 1 for s in by_outlet.values()), by_outlet
    groups = {k: next(iter(s)) for k, s in by_outlet.items()}
    assert all(g and g.startswith(GROUP_MARK) for g in groups.values()), groups
    assert len(set(groups.values())) == len(OUTLETS), groups

    for key, o in OUTLETS.items():
        for i in (1, 4):
            name = f"{key}{i}.txt"
            article = json.loads(cli(corpus, "show", name, "--json").stdout)
            for line in [*o["tagline"], *o["footer"]]:
                assert line not in article["text"], (name, line)
            assert titles[name] in article["title"]
            assert len([p for p in article["text"].split("\n\n") if p.startswith("The ")]) >= 4

    # a group is a source like any other: source: finds its articles, the outlets facet lists it
    group = groups["b"]
    found = json.loads(cli(corpus, "search", f'source:"{group[len(GROUP_MARK):]}"', "--json", "--limit", "200").stdout)
    assert {h["id"][0] for h in found["hits"]} == {"b"}
    facets = json.loads(cli(corpus, "facets", "*", "--json").stdout)
    assert {f["value"] for f in facets["source"]} >= set(groups.values()), facets["source"]
    assert not any("rights reserved" in g.lower() or "back to top" in g.lower() for g in groups.values()), groups


async def test_the_app_shows_the_groups_as_outlets_and_narrows_to_one(tmp_path: Path):
    write_outlets(tmp_path / "corpus")
    corpus = Corpus(tmp_path / "corpus", tmp_path / "data")
    corpus.update()
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.screen.query_one("#query", Input).value = "*"
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("F")
            await settle(pilot)
            listing = app.screen.query_one(FacetPane).query_one(OptionList)
            ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
            outlets = [i.split("\x00", 1)[1] for i in ids if i and i.startswith("source\x00")]
            assert len(outlets) == len(OUTLETS) and all(o.startswith(GROUP_MARK) for o in outlets), outlets
            listing.focus()
            listing.highlighted = ids.index("source\x00" + outlets[0])
            await pilot.press("enter")
            await settle(pilot)
            query = app.screen.query_one("#query", Input).value
            assert outlets[0] in query
            hits = corpus.search(query, limit=100)
            assert hits.total == PER_OUTLET and len({h.id[0] for h in hits.hits}) == 1
    finally:
        corpus.close()
