"""Measure the app as a user sees it: in a real terminal (tmux), keys typed, screen read back.

    python bench/app_terminal.py CORPUS_DIR [--data-dir DIR] [--interval-ms 120] [--rounds 3]

Needs `tmux` and an up-to-date index (run `corpus-tui index` first). The app runs as the real
`corpus-tui` command in a detached tmux session; this script types into it with
`tmux send-keys` and polls `tmux capture-pane` every ~3 ms, so every figure is "key sent to
the frame on screen", including Textual's rendering and the terminal, and excludes nothing
the user would wait for. (`app_bench.py` measures headless through Pilot instead.)

Prints:
- start: launching `corpus-tui` to the first screen showing the article count;
- typed: for each query, typed one key every `--interval-ms` (a brisk typist; 0 = pasted),
  the time from the LAST key to the hit count of exactly that query drawn (the expected
  count is computed beforehand through the engine, so a stale prefix's count never matches);
- entered: the same typing with Enter sent at once after the last key (no pause), the time
  from Enter to the query's first hit drawn in the reading pane (its title, known from the
  engine beforehand);
- next article: Down in the hit list to the next article's title drawn in the reading pane;
- RSS of the app process at the end.
Medians over `--rounds` rounds of the query mix.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import Corpus, one_line  # noqa: E402
from tui.search_pane import PAGE  # noqa: E402

SESSION = "corpus-tui-bench"
DEFAULT_QUERIES = ["government", "security", "election", "market", "water", "border", "crisis", "report", "officials", "health"]


def tmux(*args: str) -> str:
    # A tmux server of its own (-L): a shared server would start the app with the environment
    # of whoever started that server (another run's config folder, COLUMNS, ...), not this one's.
    return subprocess.run(["tmux", "-L", SESSION, *args], capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-t", SESSION, "-p")


def wait_for(predicate, timeout: float) -> float:
    """Seconds until predicate(screen) holds; raises on timeout (the app died or hung)."""
    started = time.perf_counter()
    while True:
        if predicate(screen()):
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the screen never showed what was expected:\n" + screen())
        time.sleep(0.003)


def count_label(corpus: Corpus, query: str) -> str:
    """The status line's count as the app shows it: '1,234 hits ·'."""
    result = corpus.search(query, limit=PAGE, snippets=False)
    return f"{result.total:,} {'hit' if result.total == 1 else 'hits'} ·"


def first_title(corpus: Corpus, query: str) -> str:
    """The start of the query's first hit's title, as the reading pane's header shows it."""
    hits = corpus.search(query, limit=1, snippets=False).hits
    return one_line(hits[0].title)[:40].strip() if hits else ""


def reading_title(text: str) -> str:
    """The reading pane's first line (the header's title), right of the left column."""
    lines = text.splitlines()
    return lines[1].split("││")[-1].strip() if len(lines) > 1 and "││" in lines[1] else ""


def app_rss_mb(pane_pid: str) -> float:
    """RSS of the corpus-tui process under the pane's shell."""
    out = subprocess.run(["ps", "-o", "pid=,rss=,args=", "--ppid", pane_pid], capture_output=True, text=True).stdout
    own = subprocess.run(["ps", "-o", "pid=,rss=,args=", "-p", pane_pid], capture_output=True, text=True).stdout
    sizes = [int(line.split()[1]) for line in (out + own).splitlines() if "corpus-tui" in line and "forkserver" not in line]
    return max(sizes) / 1024 if sizes else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--data-dir")
    ap.add_argument("--queries", help="comma-separated words or queries")
    ap.add_argument("--interval-ms", type=float, default=120.0, help="pause between typed keys (0: all at once)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--size", default="150x40")
    a = ap.parse_args()
    if shutil.which("tmux") is None:
        print("this benchmark needs tmux", file=sys.stderr)
        return 2
    queries = [q.strip() for q in a.queries.split(",")] if a.queries else DEFAULT_QUERIES
    corpus = Corpus(a.corpus, a.data_dir)
    if corpus.needs_update():
        print("the index is missing or stale: run `corpus-tui index` first", file=sys.stderr)
        return 2
    labels = {q: count_label(corpus, q) for q in queries}
    titles = {q: first_title(corpus, q) for q in queries}
    # A query whose prefix (one letter less) already shows the same count would be "drawn"
    # before its own search ran (stemming: "polic" and "police"): such queries are skipped.
    same = [q for q in queries if len(q) > 1 and count_label(corpus, q[:-1]) == labels[q]]
    if same:
        print(f"skipped (the prefix shows the same count): {', '.join(same)}")
        queries = [q for q in queries if q not in same]
    articles = corpus.count()
    corpus.close()

    cols, rows = a.size.lower().split("x")
    # An exported COLUMNS/LINES would override the tmux window's size in the app.
    command = ["env", "-u", "COLUMNS", "-u", "LINES", "corpus-tui", "--corpus", a.corpus] + (["--data-dir", a.data_dir] if a.data_dir else [])
    tmux("kill-session", "-t", SESSION)
    started = time.perf_counter()
    tmux("new-session", "-d", "-s", SESSION, "-x", cols, "-y", rows, " ".join(map(shlex.quote, command)))
    try:
        wait_for(lambda s: f"{articles:,} articles" in s, 20)
        start_ms = (time.perf_counter() - started) * 1000
        print(f"{articles:,} articles; start to first screen: {start_ms:.0f} ms")
        interval = a.interval_ms / 1000
        typed: list[float] = []
        for round_no in range(a.rounds):
            for query in queries:
                tmux("send-keys", "-t", SESSION, "C-u")  # clear the query
                wait_for(lambda s: "articles ·" in s, 10)
                time.sleep(0.4)
                keys = list(query) if interval else [query]  # 0: pasted, one burst
                for key in keys[:-1]:
                    tmux("send-keys", "-t", SESSION, "-l", key)
                    time.sleep(interval)
                tmux("send-keys", "-t", SESSION, "-l", keys[-1])
                took = wait_for(lambda s, q=query: labels[q] in s and f" {q} " in s, 10) * 1000
                typed.append(took)
                if round_no == 0:
                    print(f"  {query!r:14} {labels[query].rstrip(' ·'):>14}   last key -> count drawn {took:6.0f} ms")
        print(
            f"last key -> hit count drawn ({f'keys every {a.interval_ms:.0f} ms' if a.interval_ms else 'pasted'}): median {statistics.median(typed):.0f} ms, "
            f"p90 {statistics.quantiles(typed, n=10)[-1]:.0f} ms, n={len(typed)}"
        )

        entered: list[float] = []
        for round_no in range(a.rounds):
            for query in queries:
                if not titles[query]:
                    continue
                tmux("send-keys", "-t", SESSION, "/", "C-u")
                wait_for(lambda s: "articles ·" in s, 10)
                time.sleep(0.4)
                keys = list(query) if interval else [query]
                for key in keys[:-1]:
                    tmux("send-keys", "-t", SESSION, "-l", key)
                    time.sleep(interval)
                tmux("send-keys", "-t", SESSION, "-l", keys[-1])
                tmux("send-keys", "-t", SESSION, "Enter")  # no pause after the last key
                # (the empty query closed the article: the title drawn is this query's)
                took = wait_for(lambda s, q=query: titles[q] in reading_title(s), 10) * 1000
                entered.append(took)
                if round_no == 0:
                    print(f"  {query!r:14} Enter -> first hit drawn {took:6.0f} ms")
                tmux("send-keys", "-t", SESSION, "Escape")
        if entered:
            print(f"Enter right after the last key -> first hit drawn: median {statistics.median(entered):.0f} ms, "
                  f"max {max(entered):.0f} ms, n={len(entered)}")

        tmux("send-keys", "-t", SESSION, "/", "C-u")
        # Keys sent in the same millisecond as Ctrl+U can be inserted before its action runs.
        wait_for(lambda s: "articles ·" in s, 10)
        tmux("send-keys", "-t", SESSION, "-l", queries[0])
        wait_for(lambda s: labels[queries[0]] in s, 10)
        tmux("send-keys", "-t", SESSION, "Enter")
        time.sleep(1.0)
        opened: list[float] = []
        for _ in range(12):
            before = reading_title(screen())
            tmux("send-keys", "-t", SESSION, "Down")
            opened.append(wait_for(lambda s, b=before: reading_title(s) not in ("", b), 5) * 1000)
            time.sleep(0.3)
        print(f"Down -> next article drawn: median {statistics.median(opened):.0f} ms, max {max(opened):.0f} ms")
        pane_pid = tmux("list-panes", "-t", SESSION, "-F", "#{pane_pid}").strip()
        print(f"app RSS: {app_rss_mb(pane_pid):.0f} MB")
    finally:
        tmux("kill-server")
    return 0


if __name__ == "__main__":
    sys.exit(main())
