"""CPU time to build a page's `Line`s, and to clean a page, per page of a folder.

    python bench/line_speed.py DIR [--rounds 5] [--clean]

Every page of DIR (a cleanbench `data/` folder's `*.raw.txt`, else every `.txt` under it) is
split into lines as `clean` splits it. Without `--clean`: the lines of every page are built
(`lines_of` where the version has it, else `Line` a line), each round over the whole folder,
and the fastest round is printed. With `--clean`: each page is cleaned with the default cleaner
and the source the source search finds for it (as a build hands it over), and the sum of each
page's fastest round is printed. The memo of measured lines is emptied at each round's start,
since a build reads each page once. Run it with `PYTHONPATH` naming each of two checkouts in
turn to compare versions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # (after PYTHONPATH: `PYTHONPATH=<another checkout>` times that one)

import index.clean.lines as lines_module  # noqa: E402
from bench.clean_parts import pages_of  # noqa: E402
from index.clean import header  # noqa: E402
from index.clean.cleaner import clean  # noqa: E402


def build_lines(texts):
    build = getattr(lines_module, "lines_of", None)
    if build is not None:
        return build(texts)
    return [lines_module.Line(i, t) for i, t in enumerate(texts)]


def forget_lines() -> None:
    getattr(lines_module, "_MEASURED", {}).clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--clean", action="store_true", help="time whole cleanings instead")
    a = ap.parse_args(argv)
    pages = pages_of(a.folder)
    if not pages:
        print(f"no pages under {a.folder}")
        return 1
    split = [tuple(p.replace("\r\n", "\n").replace("\r", "\n").split("\n")) for p in pages]
    clock = time.process_time
    if not a.clean:
        best = None
        for _ in range(a.rounds):
            forget_lines()
            started = clock()
            for texts in split:
                build_lines(texts)
            spent = clock() - started
            best = spent if best is None else min(best, spent)
        print(f"{a.folder}: {len(pages)} pages, building their lines: {best / len(pages) * 1e6:.1f} us a page "
              f"(fastest of {a.rounds} rounds)")
        return 0
    sources = [header.find_source(build_lines(texts), None) for texts in split]
    fastest: list[float | None] = [None] * len(pages)
    for _ in range(a.rounds):
        forget_lines()
        for k, page in enumerate(pages):
            started = clock()
            clean(page, found_source=sources[k])
            spent = clock() - started
            fastest[k] = spent if fastest[k] is None else min(fastest[k], spent)
    print(f"{a.folder}: {len(pages)} pages, cleaning: {sum(fastest) / len(pages) * 1e6:.1f} us a page "
          f"(each page's fastest of {a.rounds} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
