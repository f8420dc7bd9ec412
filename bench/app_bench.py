"""Measure the app on a real, already indexed corpus, headless (App.run_test).

    python bench/app_bench.py CORPUS_DIR [--data-dir DIR] [--queries "a,b,c"]

Prints: start to first interactive frame; query submitted -> hit list drawn (median and max
over a query mix; the type-ahead debounce of ~180 ms comes on top when typing); opening an
article with its highlights (median over the first hits); and the app's resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import Corpus  # noqa: E402
from tui.app import CorpusApp  # noqa: E402
from tui.search_pane import DEBOUNCE_MAX_S, DEBOUNCE_MIN_S  # noqa: E402

DEFAULT_QUERIES = ["group", "state", '"islamic state"', "mosul OR kurds", "leader AND death", "milit*", "title:daesh"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.002)


async def run(corpus: Corpus, queries: list[str], size: tuple[int, int]) -> None:
    print(f"corpus: {corpus.root} ({corpus.count():,} articles), RSS before the app: {rss_mb():.0f} MB")
    started = time.perf_counter()
    app = CorpusApp(corpus)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        first_frame = time.perf_counter() - started
        print(f"start -> first interactive frame: {first_frame * 1000:.0f} ms")
        await app.workers.wait_for_complete()

        search_ms: list[float] = []
        open_ms: list[float] = []
        for query in queries:
            screen.query_input.focus()
            await pilot.pause()
            screen.query_input.value = query
            t = time.perf_counter()
            await pilot.press("enter")
            await wait_until(lambda: screen.shown_query == query or "⚠" in str(screen.query_one("#search-status").render()))
            await pilot.pause()  # the frame with the new rows
            search_ms.append((time.perf_counter() - t) * 1000)
            hits = screen.hit_list
            total = screen.result.total if screen.result and screen.shown_query == query else 0
            print(f"  {query!r:24} {total:>8,} hits  {search_ms[-1]:7.0f} ms")
            for _ in range(min(3, len(hits.hits) - 1)):
                target = hits.hits[(hits.highlighted or 0) + 1].id
                t = time.perf_counter()
                await pilot.press("down")
                await wait_until(lambda: screen.reading.article is not None and screen.reading.article.id == target)
                await pilot.pause()
                open_ms.append((time.perf_counter() - t) * 1000)
        if search_ms:
            print(
                f"query submitted -> hit list drawn: median {statistics.median(search_ms):.0f} ms, "
                f"max {max(search_ms):.0f} ms (typing adds a {DEBOUNCE_MIN_S * 1000:.0f}-{DEBOUNCE_MAX_S * 1000:.0f} ms debounce)"
            )
        if open_ms:
            print(f"open article with highlights: median {statistics.median(open_ms):.0f} ms, max {max(open_ms):.0f} ms")
        print(f"resident memory with the app running: {rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--data-dir")
    parser.add_argument("--queries", help="comma-separated query mix")
    parser.add_argument("--size", default="140x45", help="terminal size, COLSxROWS")
    args = parser.parse_args()
    queries = [q.strip() for q in args.queries.split(",")] if args.queries else DEFAULT_QUERIES
    cols, rows = (int(x) for x in args.size.lower().split("x"))
    corpus = Corpus(args.corpus, args.data_dir)
    try:
        if corpus.needs_update():
            print("the index is missing or stale: run `corpus-tui index` first", file=sys.stderr)
            sys.exit(2)
        asyncio.run(run(corpus, queries, (cols, rows)))
    finally:
        corpus.close()


if __name__ == "__main__":
    main()
