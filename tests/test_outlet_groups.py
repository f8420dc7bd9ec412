"""A corpus of plain text pages from a few outlets, none of which names itself: the pages are
grouped by the template lines they share, each group shows like a source, and its template
lines are removed, though a single page cannot tell them from the article."""

from __future__ import annotations

import json
import random

from index.clean.templates import GROUP_MARK

# Each outlet's furniture: taglines written as proper sentences, which one page alone keeps.
OUTLETS = {
    "a": ("Independent reporting on the stories that matter to the people of the valley.",
          "We rely on readers like you to keep our journalism free for everyone who needs it."),
    "b": ("Trusted coverage of farming, weather and markets across the northern plains since long ago.",
          "Send your questions about crops and livestock to our experts and we will answer them."),
    "c": ("The city's oldest evening paper brings you the news that shaped your day in one place.",
          "Our newsroom works every night so that you can wake up knowing what happened here."),
    "d": ("Coverage of the coast and its harbours, written by people who have fished these waters.",
          "Tell us what is happening in your harbour town and a reporter may call you back soon."),
}
WORDS = ("river council bridge school harvest storm market road hospital budget festival museum "
         "railway harbour farmers teachers nurses engineers mayor police weather").split()


def story(rng: random.Random, n: int) -> list[str]:
    w = lambda: rng.choice(WORDS)  # noqa: E731
    return [f"The {w()} and the {w()} met at the {w()} on {rng.choice(['Monday', 'Friday'])}, where the {w()} "
            f"said that the {w()} would stay open until the {w()} had been repaired by the {w()}." for _ in range(n)]


def test_outlets_without_source_lines_are_grouped_and_their_templates_removed(tmp_path, cli):
    rng = random.Random(20)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for outlet, (header, footer) in OUTLETS.items():
        for i in range(6):
            title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} report number {outlet}{i}"
            text = "\n\n".join([header, title, *story(rng, 4), footer]) + "\n"
            (corpus / f"{outlet}{i}.txt").write_text(text, encoding="utf-8")
    assert cli(corpus, "index", "--quiet").exit_code == 0

    hits = json.loads(cli(corpus, "search", "*", "--json", "--limit", "100").stdout)["hits"]
    sources = {h["id"][0]: set() for h in hits}
    for h in hits:
        sources[h["id"][0]].add(h["source"])
    # one source per outlet, each a group's name, four different ones
    assert all(len(s) == 1 for s in sources.values()), sources
    names = {next(iter(s)) for s in sources.values()}
    assert len(names) == 4 and all(n and n.startswith(GROUP_MARK) for n in names), names

    for outlet, (header, footer) in OUTLETS.items():
        article = json.loads(cli(corpus, "show", f"{outlet}3.txt", "--json").stdout)
        assert header not in article["text"] and footer not in article["text"]
        assert f"report number {outlet}3" in article["title"]
        assert len(article["text"].split("\n\n")) >= 4  # the story itself is all there

    # the group is a source like any other
    group = next(iter(sources["a"]))
    found = json.loads(cli(corpus, "search", f'source:"{group[len(GROUP_MARK):]}"', "--json", "--limit", "100").stdout)
    assert {h["id"][0] for h in found["hits"]} == {"a"}
