"""Deterministic small corpora of plausible articles, for tests that need more than the seeds."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "government minister officials said talks election border army police city report council court "
    "president security forces week month region protest agreement economy energy prices water "
    "market health hospital school village province capital river bridge storm harvest trade"
).split()


def sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(10, 22))]
    return " ".join(words).capitalize() + "."


def write_corpus(folder: Path, n: int, seed: int = 7, paragraphs: int = 6) -> list[str]:
    """Write `n` seed-format articles under `folder` (in subfolders of 100); return their ids."""
    rng = random.Random(seed)
    ids = []
    for i in range(n):
        sub = folder / f"batch{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        title = f"Report {i}: " + " ".join(rng.choice(WORDS) for _ in range(5)).title()
        paras = [" ".join(sentence(rng) for _ in range(3)) for _ in range(paragraphs)]
        (sub / f"a{i:05d}.txt").write_text(title + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        ids.append(f"batch{i // 100:03d}/a{i:05d}.txt")
    return ids


def write_dated(folder: Path, articles: list[tuple[str, str | None]]) -> list[str]:
    """Write one JSON article per (title, ISO date or None) about a storm; return their ids."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i, (title, date) in enumerate(articles):
        obj = {
            "title": title,
            "text": f"A storm struck the coast again, officials said. Report {i} counts the damage to the harbour and the roads.",
            "source": "Test Wire",
        }
        if date:
            obj["date"] = date
        (folder / f"d{i}.json").write_text(json.dumps(obj), encoding="utf-8")
        ids.append(f"d{i}.json")
    return ids


SYLLABLES = "ba ko ri mu sel tan dor vi qua ne lis pom gar eth ul sam ver dak ion ty".split()
TOPICS = {
    "flood": "flood river rain dam levee evacuation water rescue".split(),
    "election": "election vote ballot candidate party poll campaign turnout".split(),
    "oil": "oil prices barrel opec exports crude output market".split(),
    "quake": "earthquake tremor magnitude rubble aftershock rescue collapse survivors".split(),
}
FUNCTION = "the of and to a in that is was for on it with as he said by at his from be have has are an this but not they".split()
OUTLETS = ("Wire One", "Daily Lantern", "Harbour Post", "Evening Ledger")
WRAPPERS = {
    "Daily Lantern": (["DAILY LANTERN | Home | World | Business | Sport", "Breaking News", ""],
                      ["", "Share this article", "Subscribe to the Daily Lantern newsletter",
                       "© 2024 Daily Lantern. All rights reserved."]),
    "Harbour Post": (["Harbour Post", "Menu  Search  Sign in", ""],
                     ["", "Read more from the Harbour Post", "Follow us on Facebook and Twitter",
                      "Copyright Harbour Post Media Group"]),
}


def _vocabulary(rng: random.Random, n: int = 3000) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def _story(rng: random.Random, vocab: list[str], topic: list[str], n_sentences: int) -> list[str]:
    """Sentences of a news story: common words, the topic's words, and a few shared stock
    phrases every story on the topic uses (so same-topic stories do share some text)."""
    stock = [f"officials said the {topic[0]} was the worst in years",
             f"the {topic[1]} affected thousands of residents across the region"]
    out = []
    for _ in range(n_sentences):
        words = [rng.choice(FUNCTION) if (r := rng.random()) < 0.4 else rng.choice(vocab) if r < 0.8
                 else rng.choice(topic + WORDS) for _ in range(rng.randint(12, 24))]
        if rng.random() < 0.15:
            words[3:3] = rng.choice(stock).split()
        out.append(" ".join(words).capitalize() + ".")
    return out


def _page(title: str, sentences: list[str], outlet: str, date: str) -> str:
    paras = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return f"{title}\n\n- {outlet}\n\nPublished: {date}\n\n" + "\n\n".join(paras) + "\n"


def write_planted_copies(folder: Path, originals: int = 24, seed: int = 11) -> dict[str, str]:
    """A corpus of distinct stories on four topics, a third of them re-published three ways:
    one sentence changed, wrapped in another outlet's page furniture, cut to its first half.

    Returns each article id's true story (copies share their original's), to score grouping.
    """
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    truth: dict[str, str] = {}
    topics = list(TOPICS.items())
    for i in range(originals):
        name, topic = topics[i % len(topics)]
        story = f"{name}-{i}"
        sentences = _story(rng, vocab, topic, rng.randint(18, 30))
        title = f"{name.title()} report {i}: " + " ".join(rng.choice(topic) for _ in range(4))
        date = f"2023-{1 + i % 12:02d}-{1 + i % 27:02d}"
        outlet = OUTLETS[i % 2]
        rel = f"{outlet.split()[0].lower()}/{story}.txt"
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(_page(title, sentences, outlet, date), encoding="utf-8")
        truth[rel] = story
        if i % 3:
            continue
        changed = list(sentences)
        changed[len(changed) // 2] = _story(rng, vocab, topic, 1)[0]
        wrapper_outlet = "Harbour Post" if i % 2 else "Daily Lantern"  # never its own outlet
        head, foot = WRAPPERS[wrapper_outlet]
        copies = {
            f"copies/changed-{story}.txt": _page(title, changed, "Evening Ledger", date),
            f"copies/wrapped-{story}.txt": "\n".join(head) + "\n" + _page(title.upper(), sentences, wrapper_outlet, date) + "\n".join(foot) + "\n",
            f"copies/half-{story}.txt": _page(title, sentences[: len(sentences) // 2], "Evening Ledger", date),
        }
        for rel, text in copies.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
            truth[rel] = story
    return truth


def write_same_topic_distinct(folder: Path, seed: int = 5) -> list[str]:
    """Distinct articles that share a lot without being copies: pairs of reports of one event
    quoting the same long statement (two fifths of each) under near-identical headlines,
    follow-ups that repeat the same background paragraphs (two fifths again), and briefs of
    one outlet that all end on its disclaimer (four fifths of each, until the cleaner learns
    it is the outlet's). Returns their ids (each its own story)."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    topics = list(TOPICS.values())
    ids = []

    def put(rel: str, text: str) -> None:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
        ids.append(rel)

    for i in range(6):
        topic = topics[i % len(topics)]
        quote = _story(rng, vocab, topic, 8)
        for k in range(2):
            sentences = _story(rng, vocab, topic, 12)
            sentences[3:3] = quote
            put(f"same-event/event{i}-{k}.txt", _page(f"Latest on {topic[0]} {i}: officials respond", sentences, OUTLETS[k], "2023-05-02"))
    background = _story(rng, vocab, topics[0], 6)
    for i in range(3):
        sentences = background + _story(rng, vocab, topics[0], 9)
        put(f"follow-up/day{i}.txt", _page(f"Flood follow-up, day {i}", sentences, "Harbour Post", f"2023-07-0{i + 1}"))
    disclaimer = " ".join(_story(rng, vocab, topics[1], 8))
    for i in range(6):
        body = " ".join(_story(rng, vocab, topics[1], 2))
        put(f"briefs/brief{i}.txt", f"Vote brief {i}\n\n- Quiet Gazette\n\nPublished: 2023-06-0{i + 1}\n\n{body}\n\n{disclaimer}\n")
    return ids
