"""Building Whoosh segments from articles analysed and inverted in worker processes.

Whoosh's own writer turns every posting into a tuple, sorts all of them (spilling sorted runs to
disk and merging them back), then hands them one by one to the codec, all in one process: more
than half of a big build's time. Here the cleaning workers also
analyse each batch of articles and invert it into a *run* (the articles' stored fields,
lengths and column values, then per field its terms and their postings as flat columns:
`term_columns`), a compressed temp file; the text fields are inverted for the whole batch at
once with numpy (`inversion`). At the commit each group of runs becomes one segment, written
by a worker of its own: the per-document data is replayed and the runs' columns are merged a
round of terms at a time, the merged terms written a chunk at a time (`term_writer`).
Articles replaced before the commit (re-cleaned) are left out and the doc numbers close up.

The segments are in the index's codec (`index.segments.codec`), written through Whoosh's own field,
postings and per-document writers, so reading, searching and later merges are plain Whoosh; a
test checks that a bulk-built index holds the same postings, lengths and stored fields as one
built by `ix.writer()`.
"""

from __future__ import annotations

import marshal
import os
import pickle
import uuid
import zlib
from array import array
from bisect import bisect_right
from collections import defaultdict
from concurrent.futures import BrokenExecutor
from copy import copy
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.system import IS_LITTLE
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from index.errors import CorpusError
from index.segments.inversion import WordStreams
from index.segments.term_columns import TermColumns, concat, merge
from index.segments.term_writer import CHUNK_POSTINGS, CHUNK_TERMS, TermChunk
from index.store.user_key import MAC_BYTES, is_signed, mac

# Terms written per marshal record of a run file: big enough to make (de)serialisation cheap,
# small enough that merging 100 runs keeps little in memory.
_TERMS_PER_RECORD = 2000


# What the per-document writer needs for one article: (field, stored value, length, column value)
# for each of its fields.
DocInfo = list


@dataclass(frozen=True)
class Run:
    """A batch of articles inverted by a worker into a temp file (their DocInfos, then postings)."""

    path: str
    doc_count: int
    # local doc numbers left out of the segment (articles replaced before the commit)
    drop: frozenset = frozenset()


class RunBuilder:
    """Inverts a batch of documents (field dicts, as for `add_document`) with local doc numbers."""

    def __init__(self, schema):
        self.schema = schema
        self.docs: list[DocInfo] = []
        # field -> term bytes -> [docnum, weight, value, docnum, weight, value, ...]
        self.postings: dict[str, dict[bytes, list]] = {}
        # fields analysed by `bulk_words`: their words, inverted at `save` (see `inversion`)
        self.streams: dict[str, WordStreams] = {}
        self._analysed: dict[tuple, tuple] = {}  # (field, value) -> its terms, for repeated values

    def add(self, fields: dict) -> None:
        """Invert one document; if its analysis fails, the run is left as it was."""
        schema = self.schema
        docnum = len(self.docs)
        analysed = []  # (name, field, stored, column, its words or Whoosh's items)
        for name in sorted(n for n in fields if not n.startswith("_")):
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            result = None
            if field.indexed:
                fast = getattr(field, "bulk_words", None)
                result = fast(value) if fast is not None else None
                if result is None:
                    # Sources and dates repeat from article to article (a date is eight
                    # numeric terms made in Python): analyse each value once a batch.
                    key = (name, value)
                    result = self._analysed.get(key)
                    if result is None:
                        result = tuple(field.index(value))
                        if not field.unique:
                            self._analysed[key] = result
                # One field, one path per batch (its values are all strings in practice:
                # Whoosh refuses others).
                mixed = name in self.postings if isinstance(result, list) else name in self.streams
                if mixed:
                    raise ValueError(f"a {type(value).__name__} in {name} cannot join the batch's other values")
            stored = value if field.stored else None
            column = field.to_column_value(value) if field.column_type else None
            analysed.append((name, field, stored, column, result))
        # Only writes from here on.
        info = []
        for name, field, stored, column, result in analysed:
            length = 0
            if isinstance(result, list):  # every word: the length is known at `save`
                streams = self.streams.get(name)
                if streams is None:
                    streams = self.streams[name] = WordStreams(field.word_stems)
                streams.add(docnum, result)
            elif result is not None:
                terms = self.postings.get(name)
                if terms is None:
                    terms = self.postings[name] = defaultdict(list)
                # One flat list per term, (docnum, weight, value) after one another: cheaper
                # than appending to separate arrays; `save` splits it by slicing.
                for tbytes, freq, weight, vbytes in result:
                    length += freq
                    terms[tbytes].extend((docnum, weight, vbytes))
            if not field.scorable:
                length = 0
            info.append((name, stored, length, column))
        self.docs.append(info)

    def _stream_lengths(self) -> None:
        """Put the kept-word counts of the streamed fields into the documents' infos."""
        for name, streams in self.streams.items():
            if not self.schema[name].scorable:
                continue
            for docnum, length in streams.lengths().items():
                info = self.docs[docnum]
                for i, (field_name, stored, _, column) in enumerate(info):
                    if field_name == name:
                        info[i] = (field_name, stored, length, column)
                        break

    def save(self, folder: Path) -> Run:
        """Write the inverted batch, sorted by field then term, and forget it."""
        path = folder / f"run-{os.getpid()}-{uuid.uuid4().hex}.bin"
        self._stream_lengths()
        with open(path, "wb") as f:
            _write_block_of(f, pickle.dumps(self.docs, pickle.HIGHEST_PROTOCOL))
            for name in sorted(set(self.postings) | set(self.streams)):
                for record in self._columns(name).records(name, _TERMS_PER_RECORD):
                    _write_block_of(f, marshal.dumps(record))
        run = Run(str(path), len(self.docs))
        self.docs, self.postings, self.streams, self._analysed = [], {}, {}, {}
        return run

    def _columns(self, name: str) -> TermColumns:
        streams = self.streams.get(name)
        if streams is not None:
            return streams.columns(self.schema[name].format.field_boost)
        return TermColumns.of_terms(self.postings[name])


def _write_block_of(f, data: bytes) -> None:
    # Length-prefixed, so reading is one read + marshal.loads: marshal.load on a file object
    # reads object by object, far slower.
    # zlib level 1: runs are temporary but large (uncompressed, larger than the raw corpus);
    # level 1 shrinks them to about a third for a small share of the workers' time.
    # Each block carries its MAC under this user's key: a run is unpickled, and the data folder
    # may be anyone's (see `index.store.user_key`).
    data = zlib.compress(data, 1)
    head = len(data).to_bytes(8, "little")
    f.write(head)
    f.write(mac(head, data))
    f.write(data)


class ForeignRun(CorpusError):
    """A temporary run file that this installation did not write (or a damaged one)."""


def _read_block_of(f) -> bytes | None:
    head = f.read(8)
    if len(head) < 8:
        return None
    tag = f.read(MAC_BYTES)
    size = int.from_bytes(head, "little")
    data = f.read(size) if size <= os.fstat(f.fileno()).st_size else b""
    if not is_signed(tag, head, data):
        raise ForeignRun(f"the temporary file {f.name} was not written by this build; run the update again")
    return zlib.decompress(data)


def _read_docs(path: str) -> list[DocInfo]:
    with open(path, "rb") as f:
        return pickle.loads(_read_block_of(f))


def _records(path: str):
    """A run's postings, record by record: (field, TermColumns) in field/term order."""
    with open(path, "rb") as f:
        _read_block_of(f)  # the DocInfos
        while (data := _read_block_of(f)) is not None:
            yield TermColumns.from_record(marshal.loads(data))


class _Cursor:
    """A run's current record in the merge, and how far the merge has taken it."""

    def __init__(self, records, docmap: np.ndarray):
        self.records, self.docmap = records, docmap
        self.field: str | None = None
        self.next()

    def next(self) -> None:
        """Load the run's next record (`field` None: the run is done)."""
        self.field = None
        for field, cols in self.records:
            if cols.terms:
                # the run's local doc numbers become the segment's (-1: left out)
                self.field, self.cols = field, cols._replace(ids=self.docmap[cols.ids])
                self.at = 0
                self.offsets = cols.offsets()
                return

    def last(self) -> tuple[str, bytes]:
        return self.field, self.cols.terms[-1]

    def take(self, field: str, bound: bytes) -> TermColumns | None:
        """The record's terms from where the merge got to, up to `bound` in `field`."""
        if self.field != field:
            return None
        at = self.at
        end = bisect_right(self.cols.terms, bound, lo=at)
        if end == at:
            return None
        self.at = end
        return self.cols.between(at, end, self.offsets)


def merged_chunks(paths: list[str], docmaps: list[np.ndarray]):
    """(field, TermColumns): the runs' terms merged, in field/term order, a chunk of one
    field's terms at a time (at most CHUNK_TERMS terms, or fewer once they reach about
    CHUNK_POSTINGS postings). Doc numbers are the segment's: `docmaps[i][local]` for run i's
    local ones (-1: left out). A term's postings are in run order (the runs are given in doc
    order).

    The runs are merged a round at a time: a round takes from every run its terms up to the
    smallest last key of the runs' current records (no run holds a smaller key further on)
    and merges them with one sort of their terms (`term_columns.merge`).
    """
    cursors = [_Cursor(_records(path), docmap) for path, docmap in zip(paths, docmaps)]
    cursors = [c for c in cursors if c.field is not None]
    name, pending, n_terms, n_postings = None, [], 0, 0
    while cursors:
        field, bound = min(c.last() for c in cursors)
        if field != name:
            yield from _chunks(name, pending, final=True)
            name, pending, n_terms, n_postings = field, [], 0, 0
        merged = merge([part for c in cursors if (part := c.take(field, bound)) is not None])
        for c in cursors:
            if c.at == len(c.cols.terms):
                c.next()
        cursors = [c for c in cursors if c.field is not None]
        pending.append(merged)
        n_terms += len(merged.terms)
        n_postings += len(merged.ids)
        if n_terms >= CHUNK_TERMS or n_postings >= CHUNK_POSTINGS:
            rest = yield from _chunks(name, pending)
            pending, n_terms, n_postings = [rest], len(rest.terms), len(rest.ids)
    yield from _chunks(name, pending, final=True)


def _chunks(name: str | None, pending: list[TermColumns], final: bool = False):
    """Yield (name, chunk) for the full chunks of `pending` (all of it if `final`); return
    what is left over."""
    cols = concat(pending) if pending else TermColumns.empty()
    ends = np.cumsum(cols.counts)
    bounds, start = [], 0
    while start < len(cols.terms):
        # a chunk ends at its CHUNK_TERMS-th term, or at the one that takes it to CHUNK_POSTINGS
        before = int(ends[start - 1]) if start else 0
        end = min(start + CHUNK_TERMS, int(np.searchsorted(ends, before + CHUNK_POSTINGS, side="left")) + 1,
                  len(cols.terms))
        if end == len(cols.terms) and not final and end - start < CHUNK_TERMS and ends[-1] - before < CHUNK_POSTINGS:
            break  # not a full chunk: wait for more terms
        bounds.append(end)
        start = end
    if not bounds:
        return cols
    *chunks, rest = cols.split(bounds)
    for chunk in chunks:
        yield name, chunk
    return rest


def write_segment(folder: str, indexname: str, schema, runs: list[Run], codec):
    """Write `runs` (in order) as one new segment of the index in `folder`; return the segment.

    Runs in a worker process when the commit writes several segments at once.
    """
    storage = _SegmentStorage(folder, supports_mmap=False)
    segment = codec.new_segment(storage, indexname)
    perdoc = codec.per_document_writer(storage, segment)
    docnum = 0
    maps = []
    lengths: dict[str, array] = {}  # field -> quantised length of each doc (what readers see)
    for run in runs:
        docmap = array("i")  # local doc number -> segment doc number, -1 if dropped
        for local, info in enumerate(_read_docs(run.path)):
            if local in run.drop:
                docmap.append(-1)
                continue
            docmap.append(docnum)
            perdoc.start_doc(docnum)
            for name, stored, length, column in info:
                field = schema[name]
                perdoc.add_field(name, field, stored, length)
                if column is not None:
                    perdoc.add_column_value(name, field.column_type, column)
                if length:
                    column_lengths = lengths.get(name)
                    if column_lengths is None:
                        column_lengths = lengths[name] = array("I")
                    column_lengths.extend([0] * (docnum - len(column_lengths)))
                    column_lengths.append(byte_to_length(length_to_byte(length)))
            perdoc.finish_doc()
            docnum += 1
        maps.append((docmap, run.path))
    perdoc.close()

    fw = codec.field_writer(storage, segment)
    last_field = None
    field_lengths = array("I")
    docmaps = [np.frombuffer(m, dtype=np.int32).astype(np.int64) for m, _ in maps]
    for name, cols in merged_chunks([path for _, path in maps], docmaps):
        chunk = TermChunk(cols)
        if not chunk.n:  # every posting belonged to dropped articles
            continue
        if name != last_field:
            if last_field is not None:
                fw.finish_field()
            fw.start_field(name, schema[name])
            last_field = name
            field_lengths = lengths.get(name, array("I"))
            field_lengths.extend([0] * (docnum - len(field_lengths)))
        chunk.write(fw, field_lengths)
    if last_field is not None:
        fw.finish_field()
    fw.close()

    segment.set_doc_count(docnum)
    if segment.should_assemble():
        segment.create_compound_file(storage)
        segment.compound = True
    return segment


class _AppendFile(StructFile):
    """A StructFile that keeps its position itself.

    Asking a buffered file for its position is a system call, and Whoosh's writers ask for it
    for every term (the terms table records each one's offset): that was a fifth of a segment's
    writing. The writes StructFile makes to its file directly (pickles, arrays) go through
    `write` here too, so the count stays right.
    """

    def __init__(self, fileobj, name=None, onclose=None):
        super().__init__(fileobj, name=name, onclose=onclose)
        self._pos = fileobj.tell()

    def write(self, data):
        written = self.file.write(data)
        self._pos += written
        return written

    def tell(self):
        return self._pos

    def seek(self, *args):
        self._pos = self.file.seek(*args)
        return self._pos

    def write_pickle(self, obj, protocol=-1):
        self.write(pickle.dumps(obj, protocol))

    def write_array(self, arry):
        if IS_LITTLE:
            arry = copy(arry)
            arry.byteswap()
        self.write(arry.tobytes())


class _SegmentStorage(FileStorage):
    """The index folder, for writing a segment: its new files track their own position."""

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        f = super().create_file(name, excl=excl, mode=mode, **kwargs)
        return _AppendFile(f.file, name=name, onclose=kwargs.get("onclose"))


def split_runs(runs: list[Run], parts: int) -> list[list[Run]]:
    """Consecutive groups of runs with about the same number of documents each."""
    total = sum(r.doc_count for r in runs)
    groups: list[list[Run]] = [[]]
    done = 0
    for run in runs:
        if groups[-1] and done >= total * len(groups) / parts and len(groups) < parts:
            groups.append([])
        groups[-1].append(run)
        done += run.doc_count
    return [g for g in groups if g]


class BulkWriter(SegmentWriter):
    """A SegmentWriter fed with worker-built runs instead of documents.

    The lock, deletions in existing segments, the TOC and cancelling are Whoosh's. At commit
    the runs become `parts` new segments, written at the same time by `pool` (an executor)
    when one is given. Existing segments are never merged in: that is Whoosh's slow
    posting-by-posting path.
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._runs: list[Run] = []
        self._drops: dict[int, set[int]] = {}  # run position -> local doc numbers left out

    def add_document(self, **fields):
        raise NotImplementedError("BulkWriter takes runs (add_run), not documents")

    def add_reader(self, reader):
        raise NotImplementedError("BulkWriter does not merge segments")

    def add_run(self, run: Run) -> int:
        """Take a run; return its position (for `drop`)."""
        self._check_state()
        self._runs.append(run)
        self.docnum += run.doc_count
        self._added = True
        return len(self._runs) - 1

    def drop(self, run_position: int, local: int) -> None:
        """Leave one article of a run out of the segment (it was replaced by a later run)."""
        drops = self._drops.setdefault(run_position, set())
        if local not in drops:
            drops.add(local)
            self.docnum -= 1

    def commit(self, pool=None, parts: int = 1):
        self._check_state()
        try:
            runs = [replace(r, drop=frozenset(self._drops[i])) if i in self._drops else r for i, r in enumerate(self._runs)]
            groups = [g for g in split_runs(runs, parts) if sum(r.doc_count - len(r.drop) for r in g)]
            folder = self.storage.folder
            new = None
            if pool is not None and len(groups) > 1:
                try:
                    futures = [pool.submit(write_segment, folder, self.indexname, self.schema, g, self.codec) for g in groups]
                    new = [f.result() for f in futures]
                except BrokenExecutor:
                    new = None  # a worker died: write here (its partial files go at the TOC commit)
            if new is None:
                new = [write_segment(folder, self.indexname, self.schema, g, self.codec) for g in groups]
            self._close_segment()
            self._commit_toc(list(self.segments) + new)
        finally:
            self._remove_runs()
        self._finish()

    def cancel(self):
        try:
            super().cancel()
        finally:
            self._remove_runs()

    def _remove_runs(self) -> None:
        for run in self._runs:
            try:
                os.remove(run.path)
            except OSError:
                pass
        self._runs = []
