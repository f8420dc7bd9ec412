"""Near-copy quality on the planted test corpus, at any size, with and without the opening rule.

    python bench/copies_quality.py [--originals 600] [--pairs 40] [--workdir DIR]

Writes `tests/corpus_factory.write_planted_copies` (distinct stories on four topics sharing
stock phrases, a third of them re-published three ways: one sentence changed, wrapped in
another outlet's page furniture, cut to its first half) and `write_same_topic_distinct`
(27 articles that share much without being copies: same-event reports quoting one statement,
follow-ups opening on one background paragraph, briefs ending on their outlet's disclaimer),
and `--pairs` outlets of two briefs each, distinct but ending on the outlet's same long
disclaimer (three quarters to seven eighths of each brief: the cleaner needs more of an
outlet's pages to learn it as a template, so it stays in both bodies), then
indexes them, and scores the groups' pairs against the planted truth: with the shipped rule,
and regrouped from the same sketches with the opening rule off (`copies.OPENING_MIN = 0`).
Also prints how the planted pairs' openings overlap (the margin over `OPENING_MIN`).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def pairs(groups: dict[str, list[str]]) -> set[frozenset]:
    return {frozenset(p) for m in groups.values() for p in itertools.combinations(sorted(m), 2)}


def write_disclaimer_pairs(folder: Path, n: int, seed: int = 3) -> list[str]:
    """`n` outlets of two distinct briefs ending on the outlet's one long disclaimer."""
    import random

    from corpus_factory import TOPICS, _story, _vocabulary

    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    topics = list(TOPICS.values())
    ids = []
    for i in range(n):
        topic = topics[i % len(topics)]
        disclaimer = " ".join(_story(rng, vocab, topic, 6))
        shared = 0.75 + 0.125 * (i % 5) / 4  # the disclaimer's share of each brief: 3/4 .. 7/8
        for k in range(2):
            body = []
            while len(" ".join(body).split()) < len(disclaimer.split()) * (1 - shared) / shared:
                body += _story(rng, vocab, topic, 1)
            rel = f"briefs-{i}/brief-{k}.txt"
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(f"Brief {i}-{k}\n\n- Gazette {i}\n\nPublished: 2024-02-0{k + 1}\n\n"
                                      f"{' '.join(body)}\n\n{disclaimer}\n", encoding="utf-8")
            ids.append(rel)
    return ids


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from corpus_factory import write_planted_copies, write_same_topic_distinct

    from index import Corpus
    from index.explore import copies, minhash

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--originals", type=int, default=600)
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--workdir", type=Path, default=None)
    a = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="copies-quality-", dir=a.workdir))
    truth = write_planted_copies(work / "corpus", originals=a.originals)
    distinct = write_same_topic_distinct(work / "corpus")
    truth.update({r: r for r in distinct})
    truth.update({r: r for r in write_disclaimer_pairs(work / "corpus", a.pairs)})
    corpus = Corpus(work / "corpus", work / "data")
    corpus.update()
    stories: dict[str, list[str]] = {}
    for aid, story in truth.items():
        stories.setdefault(story, []).append(aid)
    actual = pairs(stories)
    shipped = copies.OPENING_MIN
    conn = corpus.catalog.begin()
    try:
        for rule in (shipped, 0.0):
            copies.OPENING_MIN = rule
            copies.regroup(conn, [], [], full=True)
            groups: dict[str, list[str]] = {}
            for aid, grp in conn.execute("SELECT id, grp FROM copies"):
                groups.setdefault(grp, []).append(aid)
            predicted = pairs(groups)
            hit = len(predicted & actual)
            missed: dict[str, int] = {}
            for p in actual - predicted:
                kind = "/".join(sorted(x.split("/")[-1].split("-")[0] if x.startswith("copies/") else "original" for x in p))
                missed[kind] = missed.get(kind, 0) + 1
            briefs = sum(1 for p in predicted - actual if all(x.startswith("briefs-") for x in p))
            print(f"opening rule {'off' if not rule else f'>= {rule}'}: {len(truth)} articles, planted pairs {len(actual)}, "
                  f"predicted {len(predicted)}; precision {hit / max(1, len(predicted)):.4f}, recall {hit / len(actual):.4f}; "
                  f"false pairs {len(predicted - actual)} ({briefs} of the {a.pairs} disclaimer pairs); missed {missed or 'none'}")
    finally:
        copies.OPENING_MIN = shipped
        conn.execute("ROLLBACK")
    sk = copies.Sketches.load(corpus.catalog._conn())
    row = {aid: i for i, aid in enumerate(sk.ids)}
    overlaps = []
    for p in actual:
        x, y = (row.get(aid) for aid in sorted(p))
        if x is None or y is None:
            continue
        jo = minhash.jaccard(sk.openings[x], sk.openings[y])
        overlaps.append(float(minhash.overlap(np.asarray(jo), sk.opening_shingles[[x]], sk.opening_shingles[[y]])[0]))
    briefs = []
    for i in range(a.pairs):
        x, y = row.get(f"briefs-{i}/brief-0.txt"), row.get(f"briefs-{i}/brief-1.txt")
        if x is not None and y is not None:
            jo = minhash.jaccard(sk.openings[x], sk.openings[y])
            briefs.append(float(minhash.overlap(np.asarray(jo), sk.opening_shingles[[x]], sk.opening_shingles[[y]])[0]))
    if briefs:
        print(f"openings' overlap of the disclaimer pairs: max {max(briefs):.3f}, median {np.median(briefs):.3f}")
    v = np.sort(overlaps)
    print(f"openings' overlap of the planted pairs: min {v[0]:.3f}, 1st percentile {np.percentile(v, 1):.3f}, "
          f"5th {np.percentile(v, 5):.3f}, median {np.median(v):.3f} (the rule: >= {shipped})")
    corpus.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
