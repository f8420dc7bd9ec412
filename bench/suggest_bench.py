"""Time "did you mean" and more-like-this on a built corpus.

    python bench/suggest_bench.py CORPUS_DIR DATA_DIR [--words 40]

Misspellings are made from the index's own common words (one deletion, transposition or
substitution each, seeded), so every run asks the same questions of the same index. Prints the
median and worst time of `Corpus.suggest` for a one-word query and a three-word query, and of
`Corpus.more_like` for a few articles. The corpus must already be indexed (corpus-tui index).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import Corpus  # noqa: E402


def misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("dts")
    if kind == "d":
        return word[:i] + word[i + 1:]
    if kind == "t":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aeioustr") + word[i + 1:]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("data")
    ap.add_argument("--words", type=int, default=40)
    args = ap.parse_args()
    rng = random.Random(3)
    with Corpus(args.corpus, args.data) as corpus:
        if corpus.needs_build():
            sys.exit("index the corpus first (corpus-tui --corpus ... --data-dir ... index)")
        reader = corpus.index.searcher().reader()
        common = [t.decode() if isinstance(t, bytes) else t for _, t in reader.most_frequent_terms("body", 3000)]
        words = [w for w in common if w.isalpha() and len(w) >= 6]
        rng.shuffle(words)
        queries = []
        for w in words:
            bad = misspell(w, rng)
            if corpus.search(bad, limit=0, snippets=False).total == 0:
                queries.append(bad)
            if len(queries) == args.words:
                break
        corpus.suggest(queries[0])  # opening the searcher and first caches
        for label, build in (("one word", lambda q: q), ("three words", lambda q: f"{words[0]} {q} {words[1]}")):
            times, found = [], 0
            for q in queries:
                start = time.perf_counter()
                s = corpus.suggest(build(q))
                times.append((time.perf_counter() - start) * 1000)
                found += s is not None
            print(f"suggest ({label}, {len(times)} misspellings, {corpus.count():,} articles): median {statistics.median(times):.1f} ms, "
                  f"max {max(times):.1f} ms, a suggestion for {found}")
        ids = sorted(corpus.catalog.all_ids())[:: max(1, corpus.count() // 10)][:10]
        times = []
        for aid in ids:
            start = time.perf_counter()
            corpus.more_like(aid)
            times.append((time.perf_counter() - start) * 1000)
        print(f"more_like ({len(ids)} articles): median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
