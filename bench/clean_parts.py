"""CPU time per article spent inside chosen functions of the cleaner, while it cleans a folder.

    python bench/clean_parts.py DIR [--part index.clean.header:find_title ...] [--rounds 3] [--cold]

Every page of DIR (a cleanbench `data/` folder's `*.raw.txt`, else every `.txt` under it) is
cleaned with the default cleaner, each round; the named functions are wrapped wherever a module
of the project holds them (a module that imported one by name too), so every call is counted.
Times are inclusive (a wrapped function called from another wrapped one counts in both), in CPU
microseconds per article, with the wrapper's own cost (measured on an empty function) taken off;
the median round is printed. Without `--part`, the header, language, stopword and template
functions (those a version lacks are left out, so two versions can be compared).

The cleaner remembers what it worked out of a line's or a name's text in bounded tables (an
outlet's pages repeat their furniture): from the second round on, every page's lines are in them,
which a build meets only for the lines its pages share. `--cold` empties those tables before
each round, so that each round times what one pass over the folder costs.

    python bench/clean_parts.py DIR --source-against OTHER_CHECKOUT [--rounds 5]

times the source search of a first build (`workers.find_source` on each page) with this
checkout's `index/clean/outlets.py` and with OTHER_CHECKOUT's, page by page in turn in this one
process, on the thread's CPU clock, from empty tables each round (the other module is loaded
apart, under another name, and put in `header`'s place while its turn runs; the rest is this
checkout's). Two versions timed in two processes one after the other differ by as much as
what is measured when other jobs share the machine; taken in turns, page by page, both meet
the same load. The answers must be the same; the medians of the rounds are printed.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.clean.cleaner import clean  # noqa: E402

DEFAULT_PARTS = (
    "index.clean.cleaner:_find_title",
    "index.clean.header:find_title",
    "index.clean.header:find_source",
    "index.clean.header:is_dateline",
    "index.clean.header:has_source_suffix",
    "index.clean.header:dated_below",
    "index.clean.language:page_language_and_guess",
    "index.clean.stopwords:guess_language",
    "index.clean.stopwords:guess_language_and_hits",
    "index.clean.templates:line_key",
)


def pages_of(folder: Path) -> list[str]:
    files = sorted(folder.glob("*.raw.txt")) or [
        p for p in sorted(folder.rglob("*.txt")) if not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


class Meter:
    """Wraps one function; counts its calls and the CPU time inside them."""

    def __init__(self, fn):
        self.fn, self.calls, self.cpu = fn, 0, 0.0
        clock = time.process_time

        def metered(*args, **kwargs):
            started = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                self.cpu += clock() - started
                self.calls += 1

        self.wrapper = metered


def wrapper_cost(n: int = 200_000) -> float:
    """CPU seconds a Meter counts for one call of an empty function (taken off every call)."""
    meter = Meter(lambda: None)
    for _ in range(n):
        meter.wrapper()
    return meter.cpu / n


def memo_tables() -> list:
    """The project's bounded tables of answers by text (`functools.lru_cache` with room for more
    than a few entries; the unbounded ones and those of one entry hold loaded models and word
    lists, which a build loads once too)."""
    tables = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("index."):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", None) == name and (info().maxsize or 0) > 8:
                tables.append(value)
    return tables


def install(parts: list[str]) -> dict[str, Meter]:
    meters = {}
    for part in parts:
        module_name, name = part.split(":")
        original = getattr(importlib.import_module(module_name), name, None)
        if original is None:
            print(f"  ({part} is not in this version)")
            continue
        meter = meters[part] = Meter(original)
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("index.") and getattr(module, name, None) is original:
                setattr(module, name, meter.wrapper)
    return meters


def source_against(folder: Path, other: Path, rounds: int) -> int:
    """`--source-against`: this checkout's source search against `other`'s, page by page in turns."""
    import importlib.util

    from index.clean import header, outlets
    from index.update import workers

    spec = importlib.util.spec_from_file_location("other_outlets", other / "index" / "clean" / "outlets.py")
    theirs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(theirs)
    raws = pages_of(folder)
    if not raws:
        print(f"no pages under {folder}")
        return 1
    tables = [value for module in (outlets, theirs) for value in vars(module).values()
              if callable(getattr(value, "cache_info", None)) and (value.cache_info().maxsize or 0) > 8]
    clock = time.thread_time
    ours_ms, theirs_ms = [], []
    for turn in range(rounds):
        for table in tables:
            table.cache_clear()
        spent = {outlets: 0.0, theirs: 0.0}
        for at, raw in enumerate(raws):
            answers = {}
            for module in (outlets, theirs) if (at + turn) % 2 == 0 else (theirs, outlets):
                header.outlets = module
                try:
                    started = clock()
                    answers[module] = workers.find_source(raw, None)
                    spent[module] += clock() - started
                finally:
                    header.outlets = outlets
            if answers[outlets] != answers[theirs]:
                print(f"page {at}: {answers[outlets]!r} here, {answers[theirs]!r} in {other}")
                return 1
        ours_ms.append(spent[outlets] / len(raws) * 1e3)
        theirs_ms.append(spent[theirs] / len(raws) * 1e3)
    ours, others = statistics.median(ours_ms), statistics.median(theirs_ms)
    print(f"{folder}: {len(raws)} pages, {rounds} rounds from empty tables, same answers")
    print(f"  source search here   {ours:7.3f} ms/page CPU  (rounds: {', '.join(f'{v:.3f}' for v in ours_ms)})")
    print(f"  source search {other}  {others:7.3f} ms/page CPU  (rounds: {', '.join(f'{v:.3f}' for v in theirs_ms)})")
    print(f"  here / there {ours / others:.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--part", action="append", help="module:function to time (repeatable)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cold", action="store_true", help="empty the cleaner's tables of answers by text before each round")
    ap.add_argument("--source-against", type=Path, metavar="CHECKOUT",
                    help="time the source search against another checkout's outlets.py, page by page in turns")
    a = ap.parse_args(argv)
    if a.source_against:
        return source_against(a.folder, a.source_against, a.rounds)
    raws = pages_of(a.folder)
    if not raws:
        print(f"no pages under {a.folder}")
        return 1
    for raw in raws[:20]:
        clean(raw)  # the models and tables load once, outside the timing
    tables = memo_tables() if a.cold else []
    meters = install(list(a.part or DEFAULT_PARTS))
    overhead = wrapper_cost()
    per_round: dict[str, list[float]] = {part: [] for part in meters}
    calls: dict[str, int] = {}
    totals = []
    for _ in range(a.rounds):
        for m in meters.values():
            m.cpu, m.calls = 0.0, 0
        for table in tables:
            table.cache_clear()
        started = time.process_time()
        for raw in raws:
            clean(raw)
        totals.append((time.process_time() - started) / len(raws) * 1e6)
        for part, m in meters.items():
            per_round[part].append((m.cpu - m.calls * overhead) / len(raws) * 1e6)
            calls[part] = m.calls
    print(f"{a.folder}: {len(raws)} pages, {a.rounds} rounds{f' from empty tables ({len(tables)})' if a.cold else ''}, "
          f"wrapper cost {overhead * 1e9:.0f} ns a call taken off")
    print(f"  {'clean (all of it, wrappers included)':<50} {statistics.median(totals):8.1f} us/article")
    for part, values in per_round.items():
        print(f"  {part:<50} {statistics.median(values):8.1f} us/article  {calls[part] / len(raws):7.1f} calls/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
