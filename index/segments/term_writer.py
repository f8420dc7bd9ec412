"""Writing merged terms into a segment: their postings as blocks of the compact codec and their
term infos, byte for byte what W3FieldWriter's start_term, add (per posting) and finish_term
write.

Most terms of a corpus are rare: a few postings each, one block. Writing them one at a time
in Python (doc-number deltas, weight kinds, field lengths, each block's statistics) was most
of a bulk commit. `TermChunk` takes a chunk of a field's merged terms
(`TermColumns`) at once: the postings of dropped articles are removed, and every block's
statistics and encoded parts computed with numpy; what is left per term is joining its bytes.
`write_term`, the one-term path, writes the rare term with an empty value, and is the reference
a test holds the chunked path to.

A block of a few postings is stored uncompressed (a valid W3 block: its header says so): zlib
makes such a block no smaller, and starting a compressor cost more than the rest of the block's
writing. Whoosh's writer means to do the same (see its "less than 20 bytes" comment) but never
does.
"""

from __future__ import annotations

from array import array
from itertools import accumulate

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from index.segments.codec import (
    ALL_ONE,
    BYTES,
    FLOATS,
    SHARED,
    CompactPostingsWriter,
    PackedValues,
    block_data,
    block_record,
    framed_block,
    packed_groups,
)
from index.segments.term_columns import TermColumns
from index.segments.whoosh_private import (
    LENGTH_BYTE_CACHE,
    TERMINFO_STRUCT,
    block_limit,
    compression_level,
    field_format,
    field_number,
    field_postings_writer,
    postings_file,
    terms_table,
)

_TERMINFO = TERMINFO_STRUCT  # a term info's statistics, before the postings' extent

# Blocks with fewer postings than this are not compressed. Below ~4 postings zlib output is no
# smaller; up to 16 it saves little space and most of the zlib calls (bench/README.md).
SMALL_BLOCK = 16

# A chunk holds this many terms (enough that numpy's per-call cost vanishes), or fewer when
# they reach this many postings: a chunk's arrays and their temporaries take ~120 bytes a
# posting, and a common word has a posting in most documents: a larger cap raised a big
# build's peak memory (bench/README.md).
CHUNK_TERMS = 4096
CHUNK_POSTINGS = 250_000

_LENGTH_BYTES = np.frombuffer(LENGTH_BYTE_CACHE, dtype=np.int32)
_NO_LENGTH = np.iinfo(np.int64).max


def postings_writer(fw) -> CompactPostingsWriter:
    pw = field_postings_writer(fw)
    if not isinstance(pw, CompactPostingsWriter):
        raise TypeError("the bulk writer writes only the compact codec's postings")
    return pw


def write_term(fw, tbytes: bytes, ids: array, weights: array, blob: bytes, value_lengths: array,
               lengths) -> None:
    """One term's postings (any number of blocks) and its term info. `lengths` gives each
    document's quantised length in the field (0: none)."""
    pw = postings_writer(fw)
    limit, level = block_limit(pw), compression_level(pw)
    fixedsize = field_format(fw).fixed_value_size()
    postfile = postings_file(pw)
    start_offset = postfile.tell()
    get_length = lengths.__getitem__
    n = len(ids)
    if n > limit:
        offsets = [0]
        offsets.extend(accumulate(value_lengths))
    out = [WHOOSH3_HEADER_MAGIC]
    total_weight = 0.0
    min_length, max_length, max_weight = None, 0, 0
    for start in range(0, n, limit):
        end = min(start + limit, n)
        if n > limit:
            block_ids, block_weights = ids[start:end], weights[start:end]
            block_value_lengths, block_blob = value_lengths[start:end], blob[offsets[start]:offsets[end]]
        else:
            block_ids, block_weights, block_value_lengths, block_blob = ids, weights, value_lengths, blob
        if 0 in block_value_lengths:  # W3's writer keeps no empty value
            block_value_lengths = array("I", [x for x in block_value_lengths if x])
        block_lengths = [x for x in map(get_length, block_ids) if x]
        block_min = min(block_lengths) if block_lengths else None
        block_max = max(block_lengths) if block_lengths else 0
        block_max_weight = max(0, max(block_weights))
        # W3TermInfo.add_block's arithmetic, in its order
        total_weight += sum(block_weights)
        min_length = block_min if min_length is None else min(min_length, block_min)
        max_length = max(max_length, block_max)
        max_weight = max(max_weight, block_max_weight)
        out.append(block_record(block_ids, block_weights, PackedValues(block_value_lengths, block_blob),
                                fixedsize, level if end - start >= SMALL_BLOCK else 0,
                                block_min, block_max, block_max_weight, end >= n))
    postings = b"".join(out)
    postfile.write(postings)
    terminfo = _TERMINFO.pack(0, total_weight, n, 0 if min_length is None else length_to_byte(min_length),
                              length_to_byte(max_length), max_weight, ids[0], ids[-1])
    terms_table(fw).add(pack_ushort(field_number(fw)) + tbytes, terminfo + pack_long(start_offset) + pack_int(len(postings)))


def _length_bytes(lengths: np.ndarray) -> np.ndarray:
    """length_to_byte of each length (a bisection of its table, 255 past the end); 0 for none
    (`_NO_LENGTH`)."""
    out = np.minimum(np.searchsorted(_LENGTH_BYTES, lengths, side="left"), 255)
    out[lengths == _NO_LENGTH] = 0
    return out


class TermChunk:
    """A chunk of one field's merged terms (`TermColumns`), ready to write.

    Postings whose doc number is -1 (articles left out of the segment) are removed here, and
    a term left with none is not written.
    """

    def __init__(self, cols: TermColumns):
        self.terms = cols.terms
        ids, weights, value_lengths, blob = cols.ids, cols.weights, cols.value_lengths, cols.blob
        counts = cols.counts
        keep = ids >= 0
        if not keep.all():
            term_of = np.repeat(np.arange(len(counts)), counts)[keep]
            counts = np.bincount(term_of, minlength=len(counts))
            blob = np.frombuffer(blob, dtype=np.uint8)[np.repeat(keep, value_lengths)].tobytes()
            ids, weights, value_lengths = ids[keep], weights[keep], value_lengths[keep]
        self.ids, self.weights, self.value_lengths, self.blob = ids, weights, value_lengths, blob
        self.counts = counts
        self.n = len(ids)

    def write(self, fw, field_lengths: array) -> None:
        """Write the terms with postings into `fw`'s current field. `field_lengths` holds each
        document's quantised length in the field (0: none)."""
        lengths = np.frombuffer(field_lengths, dtype=np.uint32)
        pw = postings_writer(fw)
        limit, level = block_limit(pw), compression_level(pw)
        fixedsize = field_format(fw).fixed_value_size()
        variable = fixedsize is None or fixedsize < 0
        postfile, tindex = postings_file(pw), terms_table(fw)
        prefix = pack_ushort(field_number(fw))
        ids, weights, value_lengths, blob = self.ids, self.weights, self.value_lengths, self.blob

        # Terms (those with postings) and their blocks of at most `limit` postings.
        which = np.flatnonzero(self.counts)
        counts = self.counts[which]
        starts = np.cumsum(counts) - counts
        blocks = (counts + limit - 1) // limit
        block_term = np.repeat(np.arange(len(which)), blocks)
        nth = np.arange(len(block_term)) - np.repeat(np.cumsum(blocks) - blocks, blocks)
        block_starts = starts[block_term] + nth * limit
        block_ends = np.minimum(block_starts + limit, (starts + counts)[block_term])
        block_counts = block_ends - block_starts

        # Statistics, per block and per term (W3TermInfo.add_block's, with exact sums: the
        # weights are whole or half numbers).
        doc_lengths = lengths[ids].astype(np.int64)
        some_lengths = np.where(doc_lengths == 0, _NO_LENGTH, doc_lengths)
        block_min = np.minimum.reduceat(some_lengths, block_starts)
        block_max = np.maximum.reduceat(doc_lengths, block_starts)
        block_top = np.maximum.reduceat(weights, block_starts)
        block_low = np.minimum.reduceat(weights, block_starts)
        wide = weights.astype(np.float64)
        first_weight = weights[block_starts]
        whole = (np.floor(wide) == wide) & (wide >= 0) & (wide < 256)
        kind = np.where(block_top == block_low, np.where(first_weight == 1.0, ALL_ONE, SHARED),
                        np.where(np.logical_and.reduceat(whole, block_starts), BYTES, FLOATS))
        first_blocks = np.cumsum(blocks) - blocks
        term_min = np.minimum.reduceat(block_min, first_blocks)
        term_max = np.maximum.reduceat(block_max, first_blocks)
        term_top = np.maximum.reduceat(weights, starts)
        term_total = np.add.reduceat(wide, starts)
        one_by_one = np.zeros(len(which), dtype=bool)
        if variable:  # W3's writer keeps no empty value: `write_term` drops them
            one_by_one = np.minimum.reduceat(value_lengths, starts) == 0

        # Encoded parts, each block's slice of one buffer.
        deltas = ids.copy()
        deltas[1:] -= ids[:-1]
        deltas[block_starts] = ids[block_starts]
        id_codes, id_at, id_buf = packed_groups(deltas, block_starts, block_counts)
        byte_weights = weights.astype(np.uint8).tobytes()
        float_weights = weights.tobytes()
        if variable:
            length_codes, length_at, length_buf = packed_groups(value_lengths, block_starts, block_counts)
        else:
            length_codes = length_at = np.zeros(len(block_starts) + 1, dtype=np.int64)
            length_buf = b""
        value_at = np.r_[0, np.cumsum(value_lengths)].tolist()

        block_rows = zip(
            block_counts.tolist(), block_starts.tolist(), block_ends.tolist(), kind.tolist(),
            first_weight.tolist(), block_top.tolist(), _length_bytes(block_min).tolist(),
            _length_bytes(block_max).tolist(), id_codes.tolist(), id_at.tolist(), id_at[1:].tolist(),
            ids[block_ends - 1].tolist(), length_codes.tolist(), length_at.tolist(), length_at[1:].tolist(),
        )
        term_rows = zip(
            which.tolist(), counts.tolist(), starts.tolist(), blocks.tolist(), one_by_one.tolist(),
            term_top.tolist(), term_total.tolist(), _length_bytes(term_min).tolist(),
            _length_bytes(term_max).tolist(), ids[starts].tolist(), ids[starts + counts - 1].tolist(),
        )
        terms = self.terms
        for t, n, start, n_blocks, slow, top, total, min_b, max_b, first_id, last_id in term_rows:
            tbytes = terms[t]
            if slow:
                for _ in range(n_blocks):
                    next(block_rows)
                end = start + n
                write_term(fw, tbytes, array("I", ids[start:end].astype(np.uint32).tobytes()),
                           array("f", weights[start:end].tobytes()), blob[value_at[start]:value_at[end]],
                           array("I", value_lengths[start:end].astype(np.uint32).tobytes()), field_lengths)
                continue
            out = [WHOOSH3_HEADER_MAGIC]
            for b in range(n_blocks):
                (bn, s, e, wkind, first, btop, bmin_b, bmax_b, id_code, i0, i1, blast,
                 length_code, l0, l1) = next(block_rows)
                # encode_block's parts
                if wkind == BYTES:
                    part_a = id_buf[i0:i1] + byte_weights[s:e]
                elif wkind == FLOATS:
                    part_a = id_buf[i0:i1] + float_weights[4 * s:4 * e]
                else:
                    part_a = id_buf[i0:i1]
                if variable:
                    part_b = bytes((length_code,)) + length_buf[l0:l1] + blob[value_at[s]:value_at[e]]
                elif fixedsize == 0:
                    part_b = b""
                else:
                    part_b = blob[value_at[s]:value_at[e]]
                shared = first if wkind in (ALL_ONE, SHARED) else 0.0
                data = block_data(id_code, wkind, shared, part_a, part_b, level if bn >= SMALL_BLOCK else 0)
                out.append(framed_block(bn, blast, max(0, btop), bmin_b, bmax_b, data, b == n_blocks - 1))
            postings = b"".join(out)
            offset = postfile.tell()
            postfile.write(postings)
            terminfo = _TERMINFO.pack(0, total, n, min_b, max_b, max(0, top), first_id, last_id)
            tindex.add(prefix + tbytes, terminfo + pack_long(offset) + pack_int(len(postings)))
