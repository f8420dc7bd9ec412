"""Whoosh's W3 codec with compact posting blocks, and a compact positions format.

W3 pickles each block of up to 128 postings with pickle protocol 2, which has no opcode for
bytes: every posting's value (its encoded positions) goes in as a `_codecs.encode(str, "latin1")`
call, ~15 bytes of overhead on a value that is often 2 bytes, and reading a block back makes one
such call per posting, even when a query only needs doc numbers and weights (it reads the whole
block). Weights go in as 9-byte pickled floats. Here a block is no pickle (`encode_block`):
a small header, then doc-number deltas and weights as packed arrays, then the values as one
bytes string plus their lengths, the two parts compressed apart, so ranking (`ranking`)
decompresses only the first. Readers decode them with C-level array operations.

Whoosh's codec API is the intended place for this: the segment records its codec, so readers,
searching and merging stay Whoosh's own code. Only the block layout differs.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from bisect import bisect_right
from io import BytesIO
from itertools import accumulate
from operator import sub
from struct import Struct
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
)
from whoosh.formats import Positions
from whoosh.util.numeric import byte_to_length, length_to_byte

from index.segments.whoosh_private import column_bytes, length_column_name

# byte -> field length, as W3PerDocReader.doc_field_length returns it (None for a zero byte)
_LENGTH_OF_BYTE = [byte_to_length(b) if b else None for b in range(256)]
# the same as a lookup table for numpy (0 for a zero byte: such a document has no postings)
_LENGTH_TABLE = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)
# Block data (see `encode_block`): tag, ids code, weights kind, flags, part A's stored length,
# shared weight.
_HEAD = Struct("<BBBBIf")
_LAYOUT = 0xC7  # a pickled block, W3's layout, starts with 0x80
_LAYOUT_BYTE = bytes([_LAYOUT])
# How a block's weights are stored (its data's third byte): all 1.0, one shared value, bytes
# (whole numbers below 256), float32s. The term writer computes them too.
ALL_ONE, SHARED, BYTES, FLOATS = range(4)
_A_COMPRESSED, _B_COMPRESSED = 1, 2
_COMPRESS_MIN = 64  # bytes: zlib makes shorter parts no smaller, and costs a call
_ITEMSIZE = {ord(c): array(c).itemsize for c in "BHI"}
_BLOCK_LENGTH = Struct("!i")  # a block's byte length, negative for the last block
_NUMPY_CODES = {"B": np.uint8, "H": np.uint16, "I": np.uint32}


def _packed(values: list[int]) -> tuple[str, bytes]:
    top = max(values) if values else 0
    code = "B" if top < 256 else "H" if top < 65536 else "I"
    return code, array(code, values).tobytes()


def _unpacked(code: str, data: bytes) -> array:
    out = array(code)
    out.frombytes(data)
    return out


def delta_list(numbers) -> list[int]:
    """The first number, then each one's difference from the one before."""
    deltas = [numbers[0]]
    deltas.extend(map(sub, numbers[1:], numbers[:-1]))
    return deltas


class CompactPositions(Positions):
    """Positions as packed deltas: a type byte ("B", "H" or "I"), then 1, 2 or 4 bytes each.

    Whoosh's Positions stores a 4-byte count and a pickled list per posting (13 bytes for one
    position, here 2).
    """

    def encode(self, poslist):
        code, data = _packed(delta_list(poslist))
        return code.encode("ascii") + data

    def decode_positions(self, valuestring):
        return list(accumulate(_unpacked(chr(valuestring[0]), valuestring[1:])))

    def decode_frequency(self, valuestring):
        return (len(valuestring) - 1) // array(chr(valuestring[0])).itemsize

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring):
        return [(pos, 1) for pos in self.decode_positions(valuestring)]


class CompactCodec(W3Codec):
    """W3 with compact blocks (see the module docstring); everything else is W3."""

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: keep W3's layout
            return super().postings_writer(dbfile, byteids=byteids)
        return CompactPostingsWriter(
            dbfile, blocklimit=self._blocklimit, byteids=False,
            compression=self._compression, inlinelimit=self._inlinelimit,
        )

    def per_document_reader(self, storage, segment):
        return CachedLengthsReader(storage, segment)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return CompactLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class CompactPostingsWriter(W3PostingsWriter):
    """Writes blocks in the layout of `encode_block` (W3's block header, our block data)."""

    def _write_block(self, last=False):
        # W3PostingsWriter._write_block with the data encoded by `encode_block`.
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        values = self._values if isinstance(self._values, PackedValues) else PackedValues.of(self._values)
        postfile.write(block_record(self._ids, self._weights, values, self._format.fixed_value_size(),
                                    self._compression, self._minlength, self._maxlength, self._maxweight, last))
        self._blockcount += 1
        self._new_block()


def block_record(ids, weights, values: "PackedValues", fixedsize, level: int, min_length, max_length,
                 max_weight, last: bool) -> bytes:
    """A block as it stands in the postings file (see `framed_block`), from its postings."""
    code, id_bytes = _packed(delta_list(ids))
    data = encode_block(code, id_bytes, weights, values, fixedsize, level)
    return framed_block(len(ids), ids[-1], max_weight, length_to_byte(min_length), length_to_byte(max_length),
                        data, last)


def framed_block(n: int, last_id: int, max_weight, min_byte: int, max_byte: int, data: bytes, last: bool) -> bytes:
    """A block as it stands in the postings file: its byte length (negative for a term's last
    block), W3's pickled block info, then the data of `encode_block`. The info's compression
    field is 0: each part of the data says whether it is compressed."""
    info = pickle.dumps((n, last_id, max_weight, 0, min_byte, max_byte), 2)
    size = len(info) + len(data)
    return _BLOCK_LENGTH.pack(-size if last else size) + info + data


class PackedValues(NamedTuple):
    """A block's posting values as their lengths and one bytes string (what `encode_block`
    stores), so the bulk writer need not cut them into a bytes object per posting."""

    lengths: array
    blob: bytes

    @classmethod
    def of(cls, values: list[bytes]) -> "PackedValues":
        return cls(array("I", map(len, values)), b"".join(values))

    def split(self) -> list[bytes]:
        """One bytes object per posting, as W3's own block writer takes them."""
        out, at = [], 0
        for n in self.lengths:
            out.append(self.blob[at:at + n])
            at += n
        return out


def encode_block(code: str, id_bytes: bytes, weights, values: PackedValues, fixedsize, level: int) -> bytes:
    """A block's data: a `_HEAD` header, then part A (doc-number deltas and weights), then
    part B (the values), each zlib-compressed when `level` is set and it is worth it.

    Ranking reads only part A: a third of a block's bytes for a common word, where W3's single
    pickled tuple had to be decompressed and unpickled whole. Weights are one byte each when
    they are whole numbers under 256 (term frequencies times a whole field boost), else
    float32.
    """
    n = len(weights)
    first = weights[0]
    shared = 0.0
    if weights.count(first) == n:
        kind, weight_bytes = (ALL_ONE, b"") if first == 1.0 else (SHARED, b"")
        shared = first
    else:
        try:
            small = array("B", map(int, weights))
            exact = array("f", small) == weights
        except (OverflowError, ValueError):
            exact = False
        kind, weight_bytes = (BYTES, small.tobytes()) if exact else (FLOATS, array("f", weights).tobytes())
    if fixedsize is None or fixedsize < 0:
        vcode, lengths = _packed(values.lengths)
        part_b = vcode.encode("ascii") + lengths + values.blob
    elif fixedsize == 0:
        part_b = b""
    else:
        part_b = values.blob
    return block_data(ord(code), kind, shared, id_bytes + weight_bytes, part_b, level)


def block_data(code: int, kind: int, shared: float, part_a: bytes, part_b: bytes, level: int) -> bytes:
    """`encode_block`'s result from its parts: the header (ids code, weights kind, shared
    weight), then each part, zlib-compressed when `level` is set and the part is long enough."""
    flags = 0
    if level and len(part_a) >= _COMPRESS_MIN:
        part_a = zlib.compress(part_a, level)
        flags |= _A_COMPRESSED
    if level and len(part_b) >= _COMPRESS_MIN:
        part_b = zlib.compress(part_b, level)
        flags |= _B_COMPRESSED
    return _HEAD.pack(_LAYOUT, code, kind, flags, len(part_a), shared) + part_a + part_b


_GROUP_CODES = np.array([ord("B"), ord("H"), ord("I")], dtype=np.uint8)
_GROUP_WIDTHS = np.array([1, 2, 4], dtype=np.int64)


def packed_groups(values: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                  code_byte: bool = False) -> tuple[np.ndarray, np.ndarray, bytes]:
    """Consecutive groups of `values` (`counts` of them from each of `starts`), each packed
    as `_packed` packs a list (the narrowest of B, H, I that holds the group's largest, in
    native little-endian order), all in one buffer: the numpy paths' way of packing a whole
    batch's blocks or positions at once. With `code_byte` each group starts with its code,
    as `CompactPositions` stores positions.

    Returns (each group's code as a byte value, the groups' byte offsets with the end
    appended, the bytes).
    """
    top = np.maximum.reduceat(values, starts)
    kind = (top >= 256).astype(np.int64) + (top >= 65536)
    width = _GROUP_WIDTHS[kind]
    head = int(code_byte)
    sizes = head + counts * width
    ends = np.cumsum(sizes)
    begins = ends - sizes
    codes = _GROUP_CODES[kind]
    out = np.zeros(int(ends[-1]), dtype=np.uint8)
    if code_byte:
        out[begins] = codes
    group_of = np.repeat(np.arange(len(starts)), counts)
    each = width[group_of]
    at = begins[group_of] + head + (np.arange(len(values)) - starts[group_of]) * each
    for byte in range(4):  # little-endian, as array's native layout is here
        wide = each > byte
        out[at[wide] + byte] = (values[wide] >> (8 * byte)) & 0xFF
    return codes, np.r_[0, ends], out.tobytes()


def _part_a(data: bytes) -> tuple[int, int, float, bytes]:
    """(ids code, weights kind, shared weight, part A decompressed) of a block's data."""
    _tag, code, kind, flags, a_len, shared = _HEAD.unpack_from(data)
    part_a = data[_HEAD.size:_HEAD.size + a_len]
    if flags & _A_COMPRESSED:
        part_a = zlib.decompress(part_a)
    return code, kind, shared, part_a


def _part_b(data: bytes) -> bytes:
    _tag, _code, _kind, flags, a_len, _shared = _HEAD.unpack_from(data)
    part_b = data[_HEAD.size + a_len:]
    return zlib.decompress(part_b) if flags & _B_COMPRESSED else part_b


def decode_block(data: bytes, n: int, fixedsize) -> tuple:
    """A block's data as the tuple the matcher's readers take: ((ids code, deltas bytes),
    weights (None, a shared float or an array of floats), values)."""
    code, kind, shared, part_a = _part_a(data)
    size = _ITEMSIZE[code] * n
    ids = (chr(code), part_a[:size])
    if kind == ALL_ONE:
        weights = None
    elif kind == SHARED:
        weights = shared
    else:
        weights = array("f", array("B", part_a[size:]) if kind == BYTES else _unpacked("f", part_a[size:]))
    return ids, weights, _values_of(_part_b(data), n, fixedsize)


def _values_of(part_b: bytes, n: int, fixedsize):
    if fixedsize is None or fixedsize < 0:
        vcode = chr(part_b[0])
        end = 1 + _ITEMSIZE[ord(vcode)] * n
        return part_b[end:], vcode, part_b[1:end]
    if fixedsize == 0:
        return None
    return part_b


def _check_layout(data: bytes) -> None:
    if data[:1] != _LAYOUT_BYTE:
        # Blocks of older schemas are pickled; such an index is rebuilt before it is read.
        raise ValueError("the index was written by another version: run `corpus-tui index --rebuild`")


class CompactLeafMatcher(W3LeafMatcher):
    def _read_data(self):
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        _check_layout(data)
        self._data = decode_block(data, self._blocklength, self._fixedsize)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        code, data = self._data[0]
        self._ids = tuple(accumulate(_unpacked(code, data)))

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(weights, array):
            self._weights = weights
        else:  # None (all 1) or one shared weight, as W3 stores them
            super()._read_weights()

    def _read_values(self):
        if self._data is None:
            self._read_data()
        values = self._data[2]
        if not (isinstance(values, tuple) and len(values) == 3 and isinstance(values[1], str)):
            super()._read_values()
            return
        blob, code, lengths = values
        self._values = tuple(PackedValues(_unpacked(code, lengths), blob).split())

    def arrays(self, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers as int64, weights as float64) of the whole posting list: for
        scoring a whole list at once (`ranking`). Given a list, also appends each block's
        values to it (see `PostingValues`), for phrases.

        The list is read with one file read and its blocks parsed in memory: walking it with
        the matcher read each block's pickled header through the compound file a few bytes
        at a time (20 reads a block; half the time of ranking a common word).
        """
        return posting_list_arrays(self._postfile.get(self._startoffset, extent_length(self._length)),
                                   self._fixedsize, values)


def extent_length(length) -> int:
    """A term info's postings length (W3TermInfo.from_bytes leaves it as struct.unpack's tuple)."""
    return length[0] if isinstance(length, tuple) else length


def posting_list_arrays(buf: bytes, fixedsize, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers as int64, weights as float64) of a posting list's bytes, as
    `CompactLeafMatcher.arrays` describes."""
    if buf[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("posting list header not found")
    stream = BytesIO(buf)
    # Per block: its doc-number deltas (the first one absolute) and the last doc number of
    # the block before, so one cumsum over the whole list decodes every block.
    deltas: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    starts: list[int] = []
    bases: list[int] = []
    count = 0
    last_id = 0
    pos = 4
    while pos < len(buf):
        (length,) = _BLOCK_LENGTH.unpack_from(buf, pos)
        stream.seek(pos + 4)
        n, maxid, _maxweight, _compression, _mnlen, _mxlen = pickle.load(stream)
        end = pos + 4 + abs(length)
        data = buf[stream.tell():end]
        starts.append(count)
        bases.append(last_id)
        _check_layout(data)
        code, kind, shared, part_a = _part_a(data)
        deltas.append(np.frombuffer(part_a, dtype=_NUMPY_CODES[chr(code)], count=n))
        offset = _ITEMSIZE[code] * n
        if kind == ALL_ONE:
            weights.append(np.ones(n, dtype=np.float32))
        elif kind == SHARED:
            weights.append(np.full(n, shared, dtype=np.float32))
        else:
            weights.append(np.frombuffer(part_a, dtype=np.uint8 if kind == BYTES else np.float32, offset=offset))
        if values is not None:
            values.append((count, _values_of(_part_b(data), n, fixedsize)))
        count += n
        last_id = maxid
        if length < 0:  # the last block
            break
        pos = end
    ids = np.concatenate(deltas, dtype=np.int64) if len(deltas) > 1 else deltas[0].astype(np.int64)
    ids[starts] -= bases
    np.cumsum(ids, out=ids)
    return ids, (np.concatenate(weights) if len(weights) > 1 else weights[0]).astype(np.float64)


class PostingValues:
    """The values (encoded positions) of chosen postings of a list read by `arrays(values=...)`,
    decoded only for the postings asked for."""

    def __init__(self, blocks: list):
        self._starts = [start for start, _ in blocks]
        self._blocks = [packed for _, packed in blocks]
        self._offsets: dict[int, list[int]] = {}

    def get(self, i: int) -> bytes:
        """The value of the list's posting number `i`."""
        b = bisect_right(self._starts, i) - 1
        packed = self._blocks[b]
        k = i - self._starts[b]
        if isinstance(packed, tuple) and len(packed) == 3 and isinstance(packed[1], str):
            blob, code, lengths = packed
            offsets = self._offsets.get(b)
            if offsets is None:
                offsets = self._offsets[b] = [0, *accumulate(_unpacked(code, lengths))]
            return blob[offsets[k]:offsets[k + 1]]
        return packed[k]  # an inlined posting list: a sequence of values (`ranking.posting_arrays`)


class CachedLengthsReader(W3PerDocReader):
    """Field lengths held in memory, read once per segment (a byte per document and field).

    BM25 asks for the field length of every document it scores; with storage opened without
    mmap (see `search_index`) W3 answered each with a seek and a read of one byte.
    """

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._length_tables: dict[str, list] = {}
        self._length_arrays: dict[str, np.ndarray] = {}

    def _lengths(self, fieldname: str) -> list | None:
        table = self._length_tables.get(fieldname)
        if table is None:
            reader = self._cached_reader(length_column_name(fieldname), LENGTHS_COLUMN)
            if reader is None:
                return None
            # A fixed one-byte column: its bytes are the lengths; documents past its end are 0.
            raw = column_bytes(reader)
            table = [_LENGTH_OF_BYTE[b] for b in raw]
            table.extend([None] * (self._doccount - len(table)))
            self._length_tables[fieldname] = table
        return table

    def length_array(self, fieldname: str) -> np.ndarray:
        """Every document's length in a field as float64 (0 where it has none)."""
        lengths = self._length_arrays.get(fieldname)
        if lengths is None:
            lengths = np.zeros(self._doccount)
            reader = self._cached_reader(length_column_name(fieldname), LENGTHS_COLUMN)
            if reader is not None:
                raw = np.frombuffer(column_bytes(reader), dtype=np.uint8)
                lengths[: len(raw)] = _LENGTH_TABLE[raw[: self._doccount]]
            self._length_arrays[fieldname] = lengths
        return lengths

    def doc_field_length(self, docnum, fieldname, default=0):
        if docnum > self._doccount:
            raise IndexError("Asked for docnum %r of %d" % (docnum, self._doccount))
        table = self._lengths(fieldname)
        if table is None:
            return default
        return table[docnum]
