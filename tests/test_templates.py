"""Corpus-level templates: lines an outlet repeats across its articles are boilerplate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean.cleaner import clean
from index.clean.templates import MIN_KEY_CHARS, Templates, key_hash, line_hash, line_key

FIXTURES = Path(__file__).parent / "fixtures"

# Reads like a real paragraph, so one page alone cannot tell it is the outlet's template.
TAGLINE = ("The Harbour Courier brings you independent reporting on the stories that matter "
           "to the people of our coastal towns, every single day of the year.")
FOOTER = "Copyright 2021 The Harbour Courier. Our journalism is supported by readers like you."

TOPICS = [
    ("Council approves new ferry timetable", "ferry", "the council", "commuters"),
    ("Fishing quotas cut for second year", "quota", "the ministry", "fishermen"),
    ("Lighthouse restoration finally completed", "lighthouse", "volunteers", "visitors"),
    ("School roof repairs delayed until spring", "roof", "the school board", "parents"),
    ("Storm damages harbour wall overnight", "storm", "the coastguard", "residents"),
]


def courier_article(i: int, headline: str, thing: str, actor: str, people: str) -> str:
    return "\n".join([
        "Harbour Courier",
        "",
        headline,
        "",
        TAGLINE,
        "",
        f"On Tuesday {actor} said the {thing} had been discussed at length over {i + 2} long meetings this month.",
        "",
        f"Many {people} told us they were worried about what the change to the {thing} would mean for them.",
        "",
        f"A spokesperson added that a final decision about the {thing} was expected before the end of the year.",
        "",
        FOOTER.replace("2021", str(2019 + i)),
    ])


@pytest.fixture
def corpus() -> list[tuple[str, str]]:
    return [("Harbour Courier", courier_article(i, *t)) for i, t in enumerate(TOPICS)]


def learn(corpus) -> Templates:
    return Templates.learn((source, raw.split("\n")) for source, raw in corpus)


def test_line_key_folds_case_space_and_digits():
    assert line_key("  Copyright 2019   The Courier ") == line_key("copyright 2024 the courier")
    assert line_key("Photo 3 of 12") == line_key("Photo 1 of 9")
    assert line_key("Photo 3 of 12") != line_key("Video 3 of 12")


def test_single_page_cleaning_keeps_the_prose_tagline(corpus):
    cleaned = clean(corpus[0][1], source="Harbour Courier")
    assert TAGLINE in cleaned.paragraphs


def test_learned_templates_drop_tagline_and_footer_but_keep_the_story(corpus):
    templates = learn(corpus)
    for (source, raw), (headline, *_rest) in zip(corpus, TOPICS):
        cleaned = clean(raw, source=source, templates=templates)
        assert cleaned.title == headline
        assert TAGLINE not in cleaned.paragraphs
        assert not any(p.startswith("Copyright") for p in cleaned.paragraphs)
        assert len(cleaned.paragraphs) == 3
        lines = raw.split("\n")
        assert cleaned.labels[lines.index(TAGLINE)] == "B"


def test_templates_apply_per_source(corpus):
    templates = learn(corpus)
    assert templates.is_template("Harbour Courier", TAGLINE)
    assert not templates.is_template("Another Outlet", TAGLINE)
    assert not templates.is_template(None, TAGLINE)
    other = clean(corpus[0][1], source="Another Outlet", templates=templates)
    assert TAGLINE in other.paragraphs


def test_a_line_in_too_few_articles_is_not_template(corpus):
    rare = "A sentence that appears in only two of the articles and is otherwise ordinary prose."
    articles = [(s, raw.split("\n") + ([rare] if i < 2 else [])) for i, (s, raw) in enumerate(corpus)]
    templates = Templates.learn(articles)
    assert not templates.is_template("Harbour Courier", rare)
    # ...and a line in 3 of 20 articles is below the 30% share.
    many = [("Big", [f"Unique body sentence number {'x' * i} here."] + ([TAGLINE] if i < 3 else []))
            for i in range(20)]
    assert not Templates.learn(many).is_template("Big", TAGLINE)
    assert Templates.learn(many[:6]).is_template("Big", TAGLINE)


def test_unknown_sources_are_learned_together():
    articles = [(None, ["Subscribe to our daily newsletter for more.", f"Story {c} text."]) for c in "abcd"]
    templates = Templates.learn(articles)
    assert templates.is_template(None, "Subscribe to our daily newsletter for more.")
    assert not templates.is_template(None, "Story a text.")


def test_json_round_trip_is_exact_and_order_independent(corpus):
    templates = learn(corpus)
    text = templates.to_json()
    assert json.loads(text)["sources"]["Harbour Courier"]
    again = Templates.from_json(text)
    assert again == templates
    assert again.to_json() == text
    assert learn(list(reversed(corpus))).to_json() == text
    assert clean(corpus[1][1], source="Harbour Courier", templates=again) == \
        clean(corpus[1][1], source="Harbour Courier", templates=templates)


@pytest.mark.parametrize("bad", ["[]", "{}", '{"format": 99, "sources": {}}', '{"format": 1, "sources": {"a": [1]}}'])
def test_from_json_rejects_malformed_input(bad):
    with pytest.raises(ValueError):
        Templates.from_json(bad)


def test_templates_are_immutable(corpus):
    templates = learn(corpus)
    with pytest.raises(AttributeError):
        templates._by_source = {}


def test_empty_templates_change_nothing():
    raw = (FIXTURES / "raw" / "000_d8b705d179e7c3a0.txt").read_text(encoding="utf-8")
    gold = (FIXTURES / "gold" / "000_d8b705d179e7c3a0.txt").read_text(encoding="utf-8")
    assert clean(raw, templates=Templates()).text == gold
    assert clean(raw, templates=Templates.learn([])).text == gold


def test_detected_outlet_is_a_fallback_key(corpus):
    # Learned under the outlet's name; cleaned without a source hint, the page names it itself.
    articles = [(s, raw.replace("Harbour Courier\n", "- Harbour Courier\n", 1).split("\n")) for s, raw in corpus]
    templates = Templates.learn(articles)
    raw = "\n".join(articles[2][1])
    cleaned = clean(raw, templates=templates)
    assert cleaned.source == "Harbour Courier"
    assert TAGLINE not in cleaned.paragraphs


def test_templates_reach_worker_processes_intact():
    """Cleaning workers get the templates pickled; an unpicklable value made them fail to start."""
    import pickle

    learned = Templates({"Example Times": ["subscribe to our newsletter", "photo: 0 of 0"], "": ["share"]})
    assert pickle.loads(pickle.dumps(learned)) == learned


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list("aB1 0\t\x1c\x1f\x0b.-é٣")), max_size=40),
                 st.text(max_size=40)))
def test_line_hash_is_the_hash_of_the_line_key(line):
    """The workers' fast hash of a line and the learner's hash of its key agree."""
    key = line_key(line)
    assert line_hash(line) == (key_hash(key) if len(key) >= MIN_KEY_CHARS else None)



@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list("aB1 0\t\x1c\x1f\x0b\x85.-é٣Z9")), max_size=40),
                 st.text(max_size=40)))
def test_line_key_is_the_plain_reading(line):
    """Lowercased, whitespace runs one space, digit runs one "0", on ASCII lines (read on bytes)
    as on any other."""
    import re

    assert line_key(line) == re.sub(r"\d+", "0", " ".join(line.lower().split()))


def test_worker_hashes_group_articles_of_no_source_as_learn_does():
    """A first build groups the articles of no source from the hashes its workers send
    (`line_hashes(..., edges=True)` into `TemplateCounts`): the same groups, named the same,
    with the same lines, as `Templates.learn` over the raw lines."""
    import random

    from index.clean.templates import GROUP_MARK, TemplateCounts, hashed_keys, line_hashes, named_groups

    rng = random.Random(7)
    words = "tide harbour council vote ferry storm quota school roof budget market mayor".split()
    outlets = {
        "coast": (["The Coast Gazette", "Independent news for the coast since 1901."],
                  ["Copyright 2021 The Coast Gazette. All rights reserved.", "Share this story"]),
        "valley": (["Valley Voice", "Your valley, your voice, every morning."],
                   ["(c) Valley Voice Media 2020", "Share this story", "Back to top"]),
    }
    articles = []
    for i in range(40):
        head, foot = outlets["coast" if i % 3 else "valley"]
        body = [" ".join(rng.choice(words) for _ in range(rng.randint(9, 16))).capitalize() + "."
                for _ in range(rng.randint(3, 8))]
        lines = head + [""] + [f"Story {i} about the {rng.choice(words)}", ""] + body + [""] + foot
        if i % 7 == 0:  # a long article: only its edge lines count for grouping
            lines = head + body * 12 + foot
        articles.append((None, lines))
    wire = ["Officials confirmed on Monday that the harbour wall will be rebuilt next year.",
            "The work is expected to cost several million and to take about eight months."]
    for i in range(5):  # copies of one wire story: a group of its prose, which is no outlet
        articles.append((None, [f"Wire copy {i}", ""] + wire))
    articles.append(("Known Times", ["Known Times", "A story of its own with enough words to be prose here."]))
    learned = Templates.learn(articles)
    assert learned.groups()  # (the test is about something)
    assert not any(wire[0].lower() in keys for keys in learned.groups().values())

    counts = TemplateCounts()
    for n, (source, lines) in enumerate(articles):
        counts.add(str(n), source, *line_hashes(lines, "C" * len(lines), edges=source is None))
    groups = counts.group_hashes()
    keys = {h: k for _, lines in articles for k, h in hashed_keys(lines)}
    by_source = {src: sorted(keys[int(h)] for h in hs) for src, hs in counts.template_hashes().items()}
    by_source |= named_groups([[keys[h] for h in own] for own in groups], by_source)
    assert Templates(by_source) == learned
    assert all(name.startswith(GROUP_MARK) for name in Templates(by_source).groups())


BRIDGE = ("Harbour bridge to close for six weeks of repairs", [
    "The harbour bridge will close for six weeks from March while engineers replace the worn steel cables.",
    "Buses will run every ten minutes across the old river crossing, and the ferry adds two evening sailings.",
    "The council expects the repairs to cost four million pounds, most of it paid from the regional road fund.",
    "Residents who drive to work should allow an extra half hour each way until the bridge opens again in April.",
])


def _copies() -> list[str]:
    """A story saved three times, edited a little each time, among two other stories."""
    title, paragraphs = BRIDGE
    versions = [list(paragraphs), list(paragraphs), list(paragraphs)]
    versions[1][1] = versions[1][1].replace("ten minutes", "twelve minutes")
    versions[2][2] = versions[2][2].replace("four million", "five million")
    pages = ["\n\n".join([title, *body]) + "\n" for body in versions]
    for topic in TOPICS[:2]:
        pages.append(courier_article(0, *topic).split("\n", 2)[2])
    return pages


def test_copies_of_one_story_are_not_an_outlets_template():
    # What three copies of one story share is the story: learning it as the template of the
    # articles of no source (or of an outlet group) would strip the title and the paragraphs
    # the copies have in common from every one of them.
    pages = _copies()
    templates = Templates.learn((None, page.split("\n")) for page in pages)
    title, paragraphs = BRIDGE
    for page in pages[:3]:
        cleaned = clean(page, templates=templates)
        assert cleaned.title == title
        assert len(cleaned.paragraphs) == len(paragraphs)
    assert not templates.is_template(None, paragraphs[0])


def test_the_worker_hashes_count_copies_once_too():
    from index.clean.templates import TemplateCounts, line_hashes
    counts = TemplateCounts()
    for i, page in enumerate(_copies()):
        every, kept, edges, long = line_hashes(page.split("\n"), "", edges=True)
        counts.add(f"a{i}", None, every, kept, edges, long)
    assert not counts.template_hashes()
    assert not counts.group_hashes()


def test_an_outlets_briefs_sharing_their_long_template_lines_are_no_copies():
    # Short pages of one outlet: two long template lines and a sentence of their own each.
    promo = "Independent reporting on the stories that matter to the people of our coastal towns, every day."
    notice = "This report was produced with the support of readers who give what they can each and every month."
    pages = [(None, [f"Brief number {n}", promo, f"The {word} in the harbour was reported to the coastguard on Monday morning.",
                     notice]) for n, word in enumerate(["boat", "seal", "oil", "crane", "buoy"])]
    templates = Templates.learn(pages)
    assert templates.is_template(None, promo) and templates.is_template(None, notice)
