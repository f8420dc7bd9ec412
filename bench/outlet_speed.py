"""CPU time of the outlet search alone over a folder of raw pages (a cleanbench `data/`, say).

    python bench/outlet_speed.py /path/to/cleanbench/data [--rounds 3] [--warm]

Each page's lines are made once (`Line`s of the raw text, as `clean` makes them); then
`header.find_source` runs on every page, the CPU time of that loop is taken, and the best of
`--rounds` is printed. The caches of what lines say, of names and of name patterns are
cleared before each round, so a round costs what a first sight of these pages costs (in a
build an outlet's pages repeat their furniture and the caches save more). With `--warm` the
caches are kept instead (filled by one pass first): what is left is the cost of each page as a
whole, which every page pays whatever its lines. To compare two versions, run this from each
checkout in turn, alternated, with PYTHONPATH set to it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH") and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # (with PYTHONPATH set, the checkout it names is measured)

from index.clean import header, outlets  # noqa: E402
from index.clean.lines import Line  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warm", action="store_true", help="keep the caches between rounds (filled by one pass first)")
    a = ap.parse_args()
    raws = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(a.folder.glob("*.raw.txt"))]
    if not raws:
        raws = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(a.folder.rglob("*.txt"))]
    pages = [[Line(i, t) for i, t in enumerate(r.replace("\r\n", "\n").replace("\r", "\n").split("\n"))] for r in raws]
    best = None
    if a.warm:
        for lines in pages:
            header.find_source(lines)
    for _ in range(a.rounds):
        for cached in () if a.warm else ("slot_names", "line_facts", "norm", "_name_pattern", "_spelling", "_name_at", "_whole", "core"):
            if hasattr(getattr(outlets, cached, None), "cache_clear"):  # (those this checkout caches)
                getattr(outlets, cached).cache_clear()
        started = time.process_time()
        for lines in pages:
            header.find_source(lines)
        cpu = time.process_time() - started
        best = cpu if best is None else min(best, cpu)
    caches = "caches kept" if a.warm else "caches cleared"
    print(f"{Path(header.__file__).parent.parent.parent}: find_source ({caches}), best of {a.rounds} {best:.3f} s CPU over {len(pages)} pages ({1000 * best / max(1, len(pages)):.3f} ms a page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
