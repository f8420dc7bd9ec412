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
