"""Near-copies, facets, collapse and concordance on a generated corpus: quality and cost.

    python bench/explore_bench.py --n 20000 [--seed 1] [--workdir DIR] [--ab | --baseline-src DIR] [--rounds 2]
    python bench/explore_bench.py --n 100000 --reuse [--min-hits 40000 | --query Q]

Generates the corpus (bench/generate_corpus.py; reused when the workdir already holds it),
builds it from scratch with `corpus-tui index --rebuild` in a subprocess, then reports:

- quality: the generator plants near-duplicates (an earlier article re-published with one
  sentence changed, half of them by another outlet, so with another outlet's page furniture
  around it); their pairs, closed over shared originals, are the truth. Pair precision and
  recall of the catalog's groups against it.
- cost: the build's wall time; the time to sketch every cleaned body in one process (the
  workers do this in parallel, so its share of the build is that time over the worker count);
  a full regrouping from the stored sketches (what a build does after its commit). With
  `--ab`, the same build by this checkout with near-copies switched off (bench/no_copies_build.py:
  no sketch computed, no regrouping), alternated with the normal one, `--rounds` times each;
  with `--baseline-src` (another checkout, e.g. the commit before near-copies), likewise with
  that code.
- speed: facets, timeline, collapsed and plain search of a query matching at least 40% of
  the corpus (the issue's 40,000 hits at 100,000; `--min-hits N` to ask for another floor):
  the candidate with the fewest hits at or above it, among common words and two of them
  OR'ed (`--query Q` names one instead); median (and p90) of 20 after one warm-up (whose time,
  reading the per-segment columns, is reported apart); the first 50 concordance lines.

`--reuse` keeps the data folder the workdir already holds for this corpus (built by an
earlier run: `index` then only checks it is up to date) instead of rebuilding it, so a build
of 100,000 articles is paid once; the build time is then not measured.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus as gen  # noqa: E402


def build(corpus: Path, data: Path, src: Path, copies: bool = True) -> float:
    """Wall time of `corpus-tui index --rebuild` with the code of `src` (without near-copies:
    through bench/no_copies_build.py)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    program = ["-m", "tui.cli"] if copies else [str(ROOT / "bench" / "no_copies_build.py")]
    started = time.perf_counter()
    subprocess.run([sys.executable, *program, "--corpus", str(corpus), "--data-dir", str(data), "index", "--rebuild", "--quiet"],
                   check=True, env=env, cwd=str(src))
    return time.perf_counter() - started


def truth_pairs(seed: int, n: int) -> set[frozenset]:
    """Pairs of article ids the generator made copies of each other (closed over originals)."""
    groups: dict[int, list[int]] = {}
    for i in range(n):
        if gen.is_near_duplicate(seed, i):
            pick = gen._rng(seed, i, 2)
            j = pick.randrange(i)
            while gen.is_near_duplicate(seed, j):
                j = pick.randrange(i)
            groups.setdefault(j, [j]).append(i)
    rel = lambda i: gen.render(seed, n, i)[0]  # noqa: E731
    return {frozenset((rel(a), rel(b))) for members in groups.values() for a, b in itertools.combinations(members, 2)}


def median_ms(fn, rounds: int = 20) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-tui-explore")
    ap.add_argument("--baseline-src", type=Path, help="another checkout to build with, for the A/B build time")
    ap.add_argument("--ab", action="store_true", help="A/B build time against this checkout with near-copies switched off")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--reuse", action="store_true", help="keep an existing build of this corpus (no build time)")
    ap.add_argument("--min-hits", type=int, help="the timed query matches at least this many articles (default 40%% of them)")
    ap.add_argument("--query", help="the query to time (default: chosen by --min-hits)")
    ap.add_argument("--skip-cost", action="store_true", help="skip timing the sketching and the regrouping")
    a = ap.parse_args(argv)
    corpus = a.workdir / f"corpus-{a.n}-{a.seed}"
    data = a.workdir / f"data-{a.n}-{a.seed}"
    if not gen.matches(corpus, a.n, a.seed):
        print(f"generating {a.n} articles into {corpus}", flush=True)
        gen.generate(corpus, a.n, a.seed)

    builds, baselines = [], []
    if a.reuse and (data / "catalog.sqlite").exists():
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui.cli", "--corpus", str(corpus), "--data-dir", str(data), "index", "--quiet"],
                       check=True, env=env, cwd=str(ROOT))
        print(f"build: reused {data} (up-to-date check {time.perf_counter() - t:.1f} s)")
        a.rounds = 0
    for _ in range(a.rounds):
        if a.baseline_src:
            baselines.append(build(corpus, a.workdir / "data-baseline", a.baseline_src))
        elif a.ab:
            baselines.append(build(corpus, a.workdir / "data-baseline", ROOT, copies=False))
        builds.append(build(corpus, data, ROOT))
    baseline = "without near-copies" if a.ab and not a.baseline_src else a.baseline_src
    if builds:
        print(f"build: {' / '.join(f'{b:.1f}' for b in builds)} s" +
              (f"; baseline ({baseline}): {' / '.join(f'{b:.1f}' for b in baselines)} s" if baselines else ""))
    if baselines:
        print(f"  median build {statistics.median(builds):.1f} s vs {statistics.median(baselines):.1f} s: "
              f"{statistics.median(builds) / statistics.median(baselines) - 1:+.1%}")

    from index import Corpus

    c = Corpus(corpus, data)
    # quality
    groups: dict[str, list[str]] = {}
    for aid, g in c.group_of(c.catalog.all_ids()).items():
        groups.setdefault(g, []).append(aid)
    predicted = {frozenset(p) for m in groups.values() for p in itertools.combinations(sorted(m), 2)}
    actual = truth_pairs(a.seed, a.n)
    hit = len(predicted & actual)
    print(f"near-copies: {len(groups)} groups, {sum(map(len, groups.values()))} articles; "
          f"pairs predicted {len(predicted)}, planted {len(actual)}, "
          f"precision {hit / max(1, len(predicted)):.4f}, recall {hit / max(1, len(actual)):.4f}")

    # cost
    if not a.skip_cost:
        cost(c, builds)
    speed(c, a)
    c.close()
    return 0


def cost(c, builds: list[float]) -> None:
    """Sketching every cleaned body in one process, a full regrouping, their share of the build."""
    from index.corpus import paragraphs_of
    from index.explore import copies, minhash
    from index.update.workers import worker_count

    bodies = []
    for aid in sorted(c.catalog.all_ids()):
        row = c.catalog.article(aid)
        if row is not None and row.raw is not None:
            bodies.append("\n\n".join(paragraphs_of(row)))
    t = time.perf_counter()
    for body in bodies:
        minhash.sketch(body)
    sketch_s = time.perf_counter() - t
    conn = c.catalog.begin()
    t = time.perf_counter()
    copies.regroup(conn, [], [], full=True)
    regroup_s = time.perf_counter() - t
    conn.execute("ROLLBACK")
    workers = worker_count()
    share = f"; {(sketch_s / workers + regroup_s) / statistics.median(builds):.1%} of the median build" if builds else ""
    print(f"sketching {len(bodies)} bodies in one process: {sketch_s:.2f} s ({sketch_s / len(bodies) * 1e6:.0f} us each; "
          f"{sketch_s / workers:.2f} s over {workers} workers); full regrouping {regroup_s:.2f} s{share}")


def speed(c, a) -> None:
    """Facets, timeline, search and concordance of the timed query."""
    best = a.query or pick_query(c, a.min_hits if a.min_hits is not None else int(0.4 * c.count()))
    total = c.search(best, limit=0).total
    t = time.perf_counter()
    c.facets(best)
    warm = (time.perf_counter() - t) * 1000
    print(f"query {best!r}: {total} hits of {c.count()}")
    print(f"  first facets (reads the columns): {warm:.0f} ms")
    print(f"  facets: {spread_ms(lambda: c.facets(best))}")
    print(f"  timeline by month: {spread_ms(lambda: c.timeline(best))}")
    print(f"  the facet pane's call (facets with the monthly timeline and 12 outlets' lines, as the app asks): "
          f"{spread_ms(lambda: c.facets(best, timeline='month', sources=12))}")
    print(f"  search, 50 hits with snippets: {median_ms(lambda: c.search(best)):.1f} ms; collapsed: "
          f"{median_ms(lambda: c.search(best, collapse=True)):.1f} ms median")

    def first_screen():
        return list(itertools.islice(c.concordance(best), 50))

    print(f"  concordance, first 50 lines: {median_ms(first_screen, 5):.1f} ms median")


WORDS = ["said", "the", "of", "and", "government", "police", "market", "officials", "week", "year", "people",
         "minister", "city", "report", "new"]


def pick_query(c, floor: int) -> str:
    """The candidate query (a common word, or two OR'ed) with the fewest hits at or above
    `floor`; the one with the most if none reaches it (said so)."""
    totals = {}
    for w in WORDS:
        if _ok(c, w):
            totals[w] = c.search(w, limit=0).total
    for x, y in itertools.combinations(list(totals), 2):
        q = f"{x} OR {y}"
        totals[q] = c.search(q, limit=0).total
    above = {q: n for q, n in totals.items() if n >= floor}
    if above:
        return min(above, key=lambda q: (above[q], q))
    best = max(totals, key=lambda q: totals[q])
    print(f"no candidate query has {floor} hits: timing the largest, {best!r} ({totals[best]})")
    return best


def spread_ms(fn, rounds: int = 20) -> str:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return f"{statistics.median(times):.1f} ms median, p90 {times[int(0.9 * (len(times) - 1))]:.1f} ms (of {rounds})"


def _ok(c, w: str) -> bool:
    try:
        c.search(w, limit=0)
        return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
