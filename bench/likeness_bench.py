"""How alike a page stays under light edits, against how alike two pages of one site are:
the figures behind `index.text.likeness.NEAR_IDENTICAL` (what re-attaches a waiting tag).

    python bench/likeness_bench.py ../shared/cleanbench/data

Each page's true article text (`*.gold.txt`) is edited as a re-scrape might change it (a few
words replaced, a paragraph added, one dropped, its last fifth cut, a caption and a share line
added); each edit's likeness to the original is printed as quantiles, next to the likeness of
every pair of different pages of one domain (the closest of which is what a threshold must
stay above).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from index.text.likeness import likeness, sketch


def edits(paras: list[str], rng: random.Random) -> dict[str, list[str]]:
    words = " ".join(paras).split()
    out = {}
    swapped = [p.split() for p in paras]
    for p in swapped:
        for i in range(len(p)):
            if rng.random() < 0.03:
                p[i] = rng.choice(words)
    out["3% of words replaced"] = [" ".join(p) for p in swapped]
    out["a paragraph added"] = paras + ["Update: this story has been updated with a statement from the ministry and new figures."]
    if len(paras) >= 4:
        drop = rng.randrange(len(paras))
        out["a paragraph dropped"] = paras[:drop] + paras[drop + 1:]
    cut = max(1, int(len(paras) * 0.8))
    out["last fifth cut"] = paras[:cut]
    out["caption + share line"] = ["Photo: Reuters / File", *paras, "Share this article on Facebook Twitter Email"]
    return out


def quantiles(values: list[float]) -> str:
    v = sorted(values)
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    return f"n={len(v):4d} min {v[0]:.2f}  p1 {pick(0.01):.2f}  p5 {pick(0.05):.2f}  median {pick(0.5):.2f}  max {v[-1]:.2f}"


def main(data: Path) -> None:
    rng = random.Random(19)
    domain = {}
    for line in (data / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        domain[rec["id"]] = rec["domain"]
    by_domain = defaultdict(list)
    results = defaultdict(list)
    for gold in sorted(data.glob("*.gold.txt")):
        pid = gold.name[: -len(".gold.txt")]
        paras = [p for p in gold.read_text(encoding="utf-8").split("\n") if p.strip()][1:]
        base = sketch("\n".join(paras))
        if base is None:
            continue
        by_domain[domain.get(pid, pid)].append(base)
        for name, edited in edits(paras, rng).items():
            other = sketch("\n".join(edited))
            if other is not None:
                results[name].append(likeness(base, other))
    for name, values in results.items():
        print(f"{name:24s} {quantiles(values)}")
    pairs = [likeness(a, b) for sketches in by_domain.values() for i, a in enumerate(sketches) for b in sketches[i + 1:]]
    print(f"{'other page, same site':24s} {quantiles(pairs)}")
    print("  pairs over 0.3:", sum(p > 0.3 for p in pairs), " over 0.5:", sum(p >= 0.5 for p in pairs))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
