"""Measure the cleaner on a cleaning benchmark folder (cleanbench layout), in-process.

    python bench/clean_bench.py /path/to/cleanbench [--dataset aeb] [--per-page out.tsv]

The folder holds `score.py` and `data/` (ID.raw.txt, ID.gold.txt, ID.labels.txt, manifest.jsonl).
We reuse that folder's own `score.py` for the metrics, so our figures are the benchmark's figures,
and time only our `clean` calls to report articles per second. The benchmark's pages are
third-party text: they are read from the given folder and never copied into this project.

Speed on another corpus (every .txt under DIR, e.g. `generate_corpus.py`'s), CPU time of `clean`
alone, the default cleaner (the line model) and the rules alone alternated:
    python bench/clean_bench.py --speed DIR [--rounds 3]
    python bench/clean_bench.py --build-share DIR      # cleaning's share of a whole build's CPU
    python bench/clean_bench.py --pool-share DIR       # ...of the build users run, with its worker pool

`--build-share` builds DIR's index from scratch in this one process (no worker pool, in a fresh
temporary data folder) and counts the CPU time spent inside `clean` (every call the build makes:
the first cleaning and the re-cleaning after outlet templates are learned, and the source searches a
first build makes apart from cleaning: `workers.find_source`) against the build's.

`--pool-share` builds DIR as `corpus-tui index` does, worker processes and all, in a child
Python whose every process (the workers too) counts the CPU time of its `clean` and source-search
calls and its own total, written at its exit (a `sitecustomize` module on that child's path, in a
temporary folder; nothing of the project is changed): the cleaning's share of every process's CPU.

This file also works as score.py's in-process entry point:
    python /path/to/cleanbench/score.py --py bench/clean_bench.py:clean_text
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.clean.cleaner import RULES, clean  # noqa: E402


def clean_text(raw: str) -> str:
    """What `corpus-tui clean` prints: the cleaned article as text."""
    return clean(raw).text


def meta(raw: str) -> dict:
    """The date and outlet the cleaner finds (score_meta.py's in-process entry point):
        python /path/to/cleanbench/score_meta.py --py bench/clean_bench.py:meta
    """
    cleaned = clean(raw)
    return {"date": cleaned.date, "source": cleaned.source}


def load_scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("cleanbench_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def speed(folder: Path, rounds: int) -> int:
    """Articles per CPU second of `clean`, the default against the rules alone, alternated."""
    # (a cleanbench `data/` folder: its raw pages only, not the gold texts and labels beside them)
    paths = sorted(folder.glob("*.raw.txt")) or [
        p for p in sorted(folder.rglob("*.txt")) if not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    raws = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    if not raws:
        print(f"no .txt files under {folder}")
        return 1
    clean(raws[0])  # the models and tables load once, outside the timing
    clean(raws[0], line_model=RULES)
    for r in range(rounds):
        for name, model in (("default (line model)", None), ("rules alone", RULES)):
            started = time.process_time()
            for raw in raws:
                clean(raw, line_model=model)
            cpu = time.process_time() - started
            print(f"round {r + 1}, {name}: {len(raws) / cpu:,.0f} articles/s ({cpu:.2f} s CPU, {len(raws)} articles)")
    return 0


def build_share(folder: Path) -> int:
    """CPU seconds of a whole one-process build and of the `clean` calls inside it."""
    import tempfile

    from index import Corpus
    from index.update import workers

    workers.start_pool = lambda: None  # the whole build in this process, so its CPU is counted here
    spent = [0.0, 0]
    searched = [0.0, 0]

    def timed(inner, into):
        def timed_call(*args, **kwargs):
            started = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                into[0] += time.process_time() - started
                into[1] += 1
        return timed_call

    workers.clean = timed(workers.clean, spent)
    # (a first build looks for the source of an article apart from cleaning it, to tell which
    # to clean after learning templates: that search is part of cleaning, counted with it)
    if hasattr(workers, "find_source"):
        workers.find_source = timed(workers.find_source, searched)
    clean("warm up\n\nThe models and tables load once, outside the timing.\n")
    with tempfile.TemporaryDirectory() as data_dir:
        corpus = Corpus(str(folder), data_dir)
        started = time.process_time()
        report = corpus.update(rebuild=True)
        total = time.process_time() - started
        corpus.close()
    cleaning = spent[0] + searched[0]
    apart = f" + {searched[0]:.2f} s over {searched[1]} source searches apart" if searched[1] else ""
    print(f"build: {total:.2f} s CPU ({report.summary()}); clean: {spent[0]:.2f} s CPU over {spent[1]} calls"
          f"{apart} = {cleaning / total:.1%} of the build")
    return 0


# Loaded by every Python process of the `--pool-share` child (it is put first on their path):
# wraps `workers.clean` and `workers.find_source` once that module is whole, and writes this
# process's cleaning CPU, calls and total CPU to a file named for its pid when it ends (a pool
# worker ends through multiprocessing's finalizers, not atexit).
_COUNTING = """
import builtins, os, sys, time
state = {"wrapped": False, "cpu": 0.0, "calls": 0}
def _write():
    with open(os.path.join(os.environ["CLEAN_SHARE_DIR"], f"{os.getpid()}.txt"), "w") as f:
        f.write(f"{state['cpu']} {state['calls']} {time.process_time()}")
def _at_exit(_=None):
    import multiprocessing.util as mu
    state["cpu"], state["calls"] = 0.0, 0
    mu.Finalize(None, _write, exitpriority=100)
def _timed(fn):
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            state["cpu"] += time.process_time() - started
            state["calls"] += 1
    return timed
_import = builtins.__import__
def _watching(name, *args, **kwargs):
    module = _import(name, *args, **kwargs)
    workers = sys.modules.get("index.update.workers")
    if workers is not None and hasattr(workers, "process_bulk") and not state["wrapped"]:
        state["wrapped"] = True
        builtins.__import__ = _import
        import atexit, multiprocessing.util as mu
        workers.clean, workers.find_source = _timed(workers.clean), _timed(workers.find_source)
        atexit.register(_write)
        _at_exit()
        mu.register_after_fork(_at_exit, _at_exit)
    return module
builtins.__import__ = _watching
"""

_POOL_BUILD = """
import sys, time
from index import Corpus
if __name__ == "__main__":
    corpus = Corpus(sys.argv[1], sys.argv[2])
    report = corpus.update(rebuild=True)
    corpus.close()
    print(report.summary())
"""


def pool_share(folder: Path) -> int:
    """Cleaning's share of the CPU of a build with the worker pool, every process counted."""
    import glob
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        counts = os.path.join(tmp, "counts")
        os.mkdir(counts)
        with open(os.path.join(tmp, "sitecustomize.py"), "w") as f:
            f.write(_COUNTING)
        script = os.path.join(tmp, "pool_build.py")
        with open(script, "w") as f:
            f.write(_POOL_BUILD)
        env = {**os.environ, "CLEAN_SHARE_DIR": counts, "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)])}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, script, str(folder), os.path.join(tmp, "data")], env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode:
            print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"build failed ({done.returncode})")
            return 1
        rows = [open(p).read().split() for p in glob.glob(os.path.join(counts, "*.txt"))]
    cleaning = sum(float(r[0]) for r in rows)
    calls = sum(int(r[1]) for r in rows)
    total = sum(float(r[2]) for r in rows)
    print(f"build ({done.stdout.strip()}): {wall:.1f} s wall, {total:.2f} s CPU over {len(rows)} processes; "
          f"clean and source searches: {cleaning:.2f} s CPU over {calls} calls = {cleaning / total:.1%} of the build")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, nargs="?", help="benchmark folder holding score.py and data/")
    ap.add_argument("--speed", type=Path, help="time the cleaner on every .txt under this folder instead")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--build-share", type=Path, help="cleaning's share of a one-process build of this corpus")
    ap.add_argument("--pool-share", type=Path, help="cleaning's share of a build with the worker pool")
    ap.add_argument("--dataset", default="all")
    ap.add_argument("--split", default="all")
    ap.add_argument("--per-page", help="write per-page scores (TSV) here")
    ap.add_argument("--repeat", type=int, default=1, help="clean each page this many times for timing")
    a = ap.parse_args(argv)
    if a.speed:
        return speed(a.speed, a.rounds)
    if a.build_share:
        return build_share(a.build_share)
    if a.pool_share:
        return pool_share(a.pool_share)
    if a.folder is None:
        ap.error("give the benchmark folder or --speed DIR")

    score = load_scorer(a.folder)
    data = str(a.folder / "data")
    recs = [r for r in score.load_manifest(data)
            if a.dataset in ("all", r["dataset"]) and a.split in ("all", r["split"])]
    raws = {r["id"]: score.read(os.path.join(data, r["id"] + ".raw.txt")) for r in recs}

    outputs: dict[str, str] = {}
    started = time.perf_counter()
    for _ in range(max(1, a.repeat)):
        for r in recs:
            outputs[r["id"]] = clean_text(raws[r["id"]])
    elapsed = time.perf_counter() - started
    pages = len(recs) * max(1, a.repeat)
    kbytes = sum(len(t.encode("utf-8")) for t in raws.values()) * max(1, a.repeat) / 1024

    rows = [score.score_page(r, data, outputs[r["id"]]) for r in recs]
    groups = defaultdict(list)
    for row in rows:
        groups[row["dataset"]].append(row)
    print(f'{"set":<8}{"n":>5}{"P":>7}{"R":>7}{"F1":>7}{"sF1":>7}{"title":>7}{"Ckept":>7}{"Bdrop":>7}{"empty":>6}')
    for name in sorted(groups):
        s = score.summarize(groups[name])
        print(f'{name:<8}{s["n"]:>5}{s["P"]:>7.3f}{s["R"]:>7.3f}{s["F1"]:>7.3f}{s["sF1"]:>7.3f}'
              f'{s["title"]:>7.3f}{s["Ckept"]:>7.3f}{s["Bdrop"]:>7.3f}{s["empty"]:>6}')
    if elapsed > 0:
        print(f"speed: {pages / elapsed:,.0f} articles/s, {kbytes / elapsed:,.0f} KB/s "
              f"(mean page {kbytes / pages:.1f} KB, one process)")
    if a.per_page:
        with open(a.per_page, "w", encoding="utf-8") as f:
            f.write("id\tdataset\tP\tR\tF1\ttitle\tCkept\tBdrop\n")
            for row in sorted(rows, key=lambda r: r["F1"]):
                f.write(f'{row["id"]}\t{row["dataset"]}\t{row["P"]:.3f}\t{row["R"]:.3f}\t{row["F1"]:.3f}\t'
                        f'{row["title"]}\t{row["Ckept"]}\t{row["Bdrop"]}\n')
    return 0


if __name__ == "__main__":
    sys.exit(main())
