"""Measure outlet grouping on generated pages that never name their outlet.

    python bench/outlet_groups.py OUT_DIR [--n 3000] [--seed 1]

The pages are `generate_corpus.py`'s, with every line that names the outlet left out (its
masthead, the ' - Outlet' suffixes of captions and related links) and all written into one
folder, so neither the text nor the folder layout tells the outlet. After indexing, reports:
how many articles the grouping put in a group, how pure the groups are (the share of a group's
articles from its most common outlet, over all grouped articles), how many groups an outlet is
split into, and how many of the outlets' taglines and footer lines are left in the cleaned text.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus as gen  # noqa: E402

from index import Corpus  # noqa: E402
from index.clean.templates import GROUP_MARK  # noqa: E402


# With --distinct, each outlet also prints a footer sentence of its own (the generator's
# taglines and widgets come from short shared lists, so without its name one outlet's
# furniture is often another's, which no grouping can tell apart).
_OWN = ("Letters to the editor are read by the whole {0} desk every {1}.",
        "Our {0} reporters have covered the {1} for readers since the {2} opened.",
        "Tips about the {0} or the {1} can be sent to our {2} desk at any hour.")


def own_line(seed: int, outlet: int) -> str:
    rng = random.Random(seed * 7919 + outlet)
    words = ("harbour", "valley", "council", "railway", "market", "county", "river", "mountain", "airport",
             "university", "hospital", "stadium", "museum", "parliament", "factory", "orchard")
    return rng.choice(_OWN).format(*rng.sample(words, 3)) + f" Edition {outlet + 1}."


def write(folder: Path, n: int, seed: int, distinct: bool = False) -> dict[str, int]:
    """The anonymous pages; returns each file's outlet number."""
    folder.mkdir(parents=True)
    outlets = gen.outlets(seed)
    truth = {}
    for i in range(n):
        rel, text = gen.render(seed, n, i)
        c = gen.content(seed, n, i)
        ot = outlets[c.outlet]
        lines = [line for line in text.split("\n")
                 if line not in ot.header and not line.endswith(f" - {ot.name}") and ot.name.lower() not in line.lower()]
        if distinct:
            lines += ["", own_line(seed, c.outlet)]
        name = f"{i:07d}.txt"
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
        truth[name] = c.outlet
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="a folder to write (removed first)")
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--distinct", action="store_true", help="each outlet also prints a footer sentence of its own")
    a = ap.parse_args(argv)
    shutil.rmtree(a.out, ignore_errors=True)
    truth = write(a.out / "corpus", a.n, a.seed, a.distinct)
    started = time.perf_counter()
    corpus = Corpus(a.out / "corpus", a.out / "data")
    try:
        corpus.update()
        elapsed = time.perf_counter() - started
        outlets = gen.outlets(a.seed)
        groups: dict[str, Counter] = defaultdict(Counter)
        left = furniture = 0
        for art in corpus.articles(sorted(truth)):
            o = truth[art.id]
            if art.source and art.source.startswith(GROUP_MARK):
                groups[art.source][o] += 1
            ot = outlets[o]
            own = [ot.tagline, *[f for f in ot.footer if len(f.split()) >= 4]]
            if a.distinct:
                own.append(own_line(a.seed, o))
            raw = set(art.raw_lines)
            printed = [line for line in own if line in raw]
            furniture += len(printed)
            left += sum(line in art.text for line in printed)
    finally:
        corpus.close()
    grouped = sum(sum(c.values()) for c in groups.values())
    pure = sum(c.most_common(1)[0][1] for c in groups.values())
    split = Counter(c.most_common(1)[0][0] for c in groups.values())
    present = Counter(truth.values())
    print(f"{a.n} articles from {len(present)} outlets indexed in {elapsed:.0f} s")
    print(f"grouped {grouped / a.n:.1%} of the articles into {len(groups)} groups; purity {pure / max(1, grouped):.1%}")
    print(f"outlets split into more than one group: {sum(1 for k in split.values() if k > 1)}; "
          f"outlets with no group: {sum(1 for o in present if o not in split)}")
    print(f"outlet taglines and long footer lines left in the cleaned text: {left} of {furniture} printed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
