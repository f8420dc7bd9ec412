"""Whoosh's posting pool with runs written in batches.

While a big build runs, Whoosh sorts postings in memory and spills sorted runs to disk when
`limitmb` is reached, writing and reading back each posting with its own pickle call, which
dominated a big build (bench/README.md). This pool writes a run as
marshal'd chunks of many postings instead, each signed; the sort order and what the codec
receives are unchanged.
"""

from __future__ import annotations

import marshal
from itertools import islice

from whoosh.writing import PostingPool

from index.errors import CorpusError
from index.segments.whoosh_private import temp_storage
from index.store.user_key import MAC_BYTES, is_signed, mac

CHUNK = 20_000


class ForeignPostingRun(CorpusError):
    """A posting run this process did not write (or a damaged one): never unmarshalled."""


class BatchedPostingPool(PostingPool):
    """Each chunk carries its length and a MAC under this user's key (`index.store.user_key`):
    the runs sit in the index folder, and nothing read from there is unmarshalled unsigned."""

    def _write_run(self, f, items):
        it = iter(items)
        try:
            while True:
                chunk = list(islice(it, CHUNK))
                if not chunk:
                    break
                data = marshal.dumps(chunk)
                head = len(data).to_bytes(8, "little")
                f.write(head + mac(head, data) + data)
        finally:
            f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                head = f.read(8)
                if len(head) < 8:
                    return
                tag = f.read(MAC_BYTES)
                data = f.read(int.from_bytes(head, "little"))
                if not is_signed(tag, head, data):
                    raise ForeignPostingRun(f"a temporary posting run ({path}) was not written by this process")
                yield from (tuple(item) for item in marshal.loads(data))
        finally:
            f.close()
            self._remove_run(path)


def use_batched_pool(writer) -> None:
    """Swap a fresh SegmentWriter's (still empty) pool for the batched one."""
    old = getattr(writer, "pool", None)
    if not isinstance(old, PostingPool) or old.current or old.runs:
        return
    writer.pool = BatchedPostingPool(temp_storage(writer), writer.newsegment, limitmb=old.limit // (1024 * 1024))
