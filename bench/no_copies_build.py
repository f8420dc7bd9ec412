"""`corpus-tui` with near-copy sketching and grouping switched off: the baseline of the
near-copies' build cost, measured in one checkout (`explore_bench.py --ab`).

    python bench/no_copies_build.py --corpus DIR --data-dir DIR index --rebuild --quiet

Importing this module gives every article an empty sketch (what the worker processes compute
for each cleaned body) and makes the regrouping after the index commit do nothing. The fork
server preloads this module, so the worker processes forked from it run without sketching
too. For measuring only: the index it builds has no near-copy groups.
"""

from __future__ import annotations

import multiprocessing
import sys

from index.explore import minhash
from index.update import indexer, workers

_EMPTY = (bytes(minhash.SKETCH_BYTES), 0)
workers.sketch = lambda body: _EMPTY
indexer.Indexer._group_copies = lambda self: None

if __name__ == "__main__":
    multiprocessing.get_context("forkserver").set_forkserver_preload(["no_copies_build"])
    from tui.cli import main

    sys.exit(main())
