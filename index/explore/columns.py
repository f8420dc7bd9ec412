"""Per-document columns aligned with a searcher's document numbers: id, outlet, date.

Facets, the timeline and collapsing copies count over every match of a query, and ranking
hands those over as an array of document numbers; reading each match's stored fields would
cost a disk read per match. Each segment's ids and outlets are read once (a segment never
changes; its deletions only hide documents, which never match) and kept; the columns of a
searcher are then those of its segments, concatenated.
"""

from __future__ import annotations

import threading
import numpy as np

from index.segments.search_index import UNDATED, SearchIndex

# Whoosh's DATETIME keys are microseconds since 0001-01-01; numpy's days count from 1970.
_USECS_PER_DAY = 86_400 * 1_000_000
_EPOCH_DAY = 719_162  # date(1970, 1, 1).toordinal() - 1


class DocColumns:
    """Columns of one searcher's documents (by global document number)."""

    def __init__(self, ids: list, source: np.ndarray, sources: list[str], days: np.ndarray):
        self.ids = ids  # article id by document number (a deleted document's too)
        self.source = source  # int32 code into `sources`, -1: none
        self.sources = sources
        self.days = days  # int64 days since 1970-01-01; UNDATED_DAY: undated
        self._rows: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self, ids) -> np.ndarray:
        """The document numbers of these ids: all of them, for an id whose earlier versions
        are deleted documents still in their segments (those never match, so counting over
        a query's matches counts each article once)."""
        if self._rows is None:
            table: dict[str, int] = {}
            extra: dict[str, list[int]] = {}
            for d, aid in enumerate(self.ids):
                if aid is None:
                    continue
                if aid in table:
                    extra.setdefault(aid, []).append(d)
                else:
                    table[aid] = d
            self._rows, self._extra = table, extra
        table, extra = self._rows, self._extra
        out = [table[a] for a in ids if a in table]
        if extra:
            for a in ids:
                out.extend(extra.get(a, ()))
        return np.asarray(out, dtype=np.int64)


UNDATED_DAY = np.iinfo(np.int64).min


class ColumnCache:
    """The columns of each segment of one index, read once and kept."""

    def __init__(self, index: SearchIndex):
        self.index = index
        self._lock = threading.Lock()
        self._segments: dict[str, tuple[list, np.ndarray]] = {}
        self._codes: dict[str, int] = {}
        self._sources: list[str] = []
        self._last: tuple[tuple, DocColumns] | None = None

    def _code(self, source: str | None) -> int:
        if not source:
            return -1
        code = self._codes.get(source)
        if code is None:
            code = self._codes[source] = len(self._sources)
            self._sources.append(source)
        return code

    def _segment(self, reader) -> tuple[list, np.ndarray]:
        sid = _segment_id(reader)
        if sid is not None and sid in self._segments:
            return self._segments[sid]
        n = reader.doc_count_all()
        ids: list = [None] * n
        codes = np.full(n, -1, np.int32)
        for d in range(n):  # deleted documents too: they are hidden by never matching
            fields = reader.stored_fields(d)
            ids[d] = fields.get("id")
            codes[d] = self._code(fields.get("source"))
        if sid is not None:
            self._segments[sid] = (ids, codes)
        return ids, codes

    def ids_of(self, searcher, docnums) -> list[str]:
        """The ids of these documents: from the columns when they are read already (or when
        most documents are asked for), else one stored-fields read each (a first bulk tag of a
        few thousand hits need not read every document of a large index)."""
        docnums = list(docnums)
        leaves = [sub.reader() for sub, _offset in searcher.leaf_searchers()]
        with self._lock:
            warm = all(_segment_id(r) in self._segments for r in leaves)
        if warm or len(docnums) * 4 > searcher.doc_count_all():
            ids = self.columns(searcher).ids
            return [ids[d] for d in docnums]
        return [searcher.stored_fields(d)["id"] for d in docnums]

    def columns(self, searcher) -> DocColumns:
        leaves = [sub.reader() for sub, _offset in searcher.leaf_searchers()]
        key = tuple(_segment_id(r) or id(r) for r in leaves)
        with self._lock:
            if self._last is not None and self._last[0] == key:
                return self._last[1]
            ids: list = []
            codes = []
            for reader in leaves:
                seg_ids, seg_codes = self._segment(reader)
                ids.extend(seg_ids)
                codes.append(seg_codes)
            for sid in set(self._segments) - set(key):
                del self._segments[sid]
            keys = np.frombuffer(self.index.date_keys(searcher), dtype=np.uint64)
            days = np.full(len(keys), UNDATED_DAY, np.int64)
            dated = keys != np.uint64(UNDATED)
            days[dated] = (keys[dated] // np.uint64(_USECS_PER_DAY)).astype(np.int64) - _EPOCH_DAY
            cols = DocColumns(ids, np.concatenate(codes) if codes else np.zeros(0, np.int32),
                              list(self._sources), days)
            self._last = (key, cols)
            return cols


def _segment_id(reader) -> str | None:
    segment = getattr(reader, "segment", None)
    seg = segment() if segment is not None else None  # (an empty index's reader has no segment)
    return seg.segment_id() if seg is not None else None
