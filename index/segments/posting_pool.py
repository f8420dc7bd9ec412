"""Whoosh's posting pool with runs written in batches.

While a big build runs, Whoosh sorts postings in memory and spills sorted runs to disk when
`limitmb` is reached, writing and reading back each posting with its own pickle call, which
dominated a big build (bench/README.md). This pool writes a run as
marshal'd chunks of many postings instead; the sort order and what the codec receives are
unchanged.
"""

from __future__ import annotations

import marshal
from itertools import islice

from whoosh.writing import PostingPool

from index.segments.whoosh_private import temp_storage

CHUNK = 20_000


class BatchedPostingPool(PostingPool):
    def _write_run(self, f, items):
        it = iter(items)
        try:
            while True:
                chunk = list(islice(it, CHUNK))
                if not chunk:
                    break
                marshal.dump(chunk, f)
        finally:
            f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = marshal.load(f)
                except EOFError:
                    return
                yield from (tuple(item) for item in chunk)
        finally:
            f.close()
            self._remove_run(path)


def use_batched_pool(writer) -> None:
    """Swap a fresh SegmentWriter's (still empty) pool for the batched one."""
    old = getattr(writer, "pool", None)
    if not isinstance(old, PostingPool) or old.current or old.runs:
        return
    writer.pool = BatchedPostingPool(temp_storage(writer), writer.newsegment, limitmb=old.limit // (1024 * 1024))
