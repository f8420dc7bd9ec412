"""Every private Whoosh name the engine relies on, and why, in one place.

Whoosh has no public way to write a segment's postings in bulk, to read a posting list or a
length column as raw bytes, or to expand a wildcard without building matchers; the engine does
those through the names below. whoosh-reloaded is pinned to the exact version they were read
from (pyproject.toml), and tests/test_whoosh_private.py checks that each still exists, so an
upgrade that renames one fails there rather than deep inside a build.

Outside this module no code touches a `._name` of a Whoosh object: it calls the functions
here. The codec's subclasses (codec.py) are the one exception by nature: overriding a Whoosh
class means reading and writing its own private members. `PRIVATE_MEMBERS` lists every name.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh import reading, scoring, searching, writing
from whoosh.codec import whoosh3 as w3
from whoosh.columns import FixedBytesColumn
from whoosh.util import numeric

# --- module-level names -------------------------------------------------------------------

# The struct of a term info's statistics (before the postings' extent): the term writer packs
# term infos itself, byte for byte as W3TermInfo.to_bytes does.
TERMINFO_STRUCT = w3.W3TermInfo._struct
# Whoosh's table of length byte -> length, as an array: quantising field lengths with numpy.
LENGTH_BYTE_CACHE = numeric._length_byte_cache
# The name of a field's length column in the per-document file.
length_column_name = w3._lenfield

# --- attributes of objects Whoosh hands us ------------------------------------------------


def field_postings_writer(field_writer):
    """W3FieldWriter._postwriter: the term writer appends whole blocks to it."""
    return field_writer._postwriter


def field_number(field_writer) -> int:
    """W3FieldWriter._fieldid: the prefix of the field's keys in the terms table."""
    return field_writer._fieldid


def field_format(field_writer):
    """W3FieldWriter._format: the field's postings format (its fixed value size)."""
    return field_writer._format


def terms_table(field_writer):
    """W3FieldWriter._tindex: the terms table the term writer adds term infos to."""
    return field_writer._tindex


def block_limit(postings_writer) -> int:
    """W3PostingsWriter._blocklimit: postings per block, so bulk blocks split where Whoosh's do."""
    return postings_writer._blocklimit


def compression_level(postings_writer) -> int:
    """W3PostingsWriter._compression: the zlib level blocks are written with."""
    return postings_writer._compression


def postings_file(owner):
    """W3PostingsWriter._postfile / W3TermsReader._postfile: the segment's postings file, written
    in blocks by the term writer and read in large extents by ranking."""
    return owner._postfile


def temp_storage(segment_writer):
    """SegmentWriter._tempstorage: where the batched posting pool spills its runs."""
    return segment_writer._tempstorage


def segment_terms(segment_reader):
    """SegmentReader._terms: the terms reader, for term infos and matchers without a Searcher."""
    return segment_reader._terms


def segment_perdoc(segment_reader):
    """SegmentReader._perdoc: the per-document reader (our CachedLengthsReader's length arrays)."""
    return segment_reader._perdoc


def searcher_index(searcher):
    """Searcher._ix: the index a cached searcher was opened on, to tell whether it is stale."""
    return searcher._ix


def bm25_field_b(weighting) -> dict:
    """BM25F._field_B: per-field B overrides, which the numpy ranking does not model."""
    return weighting._field_B


def expanded_terms(query: wq.MultiTerm, reader):
    """MultiTerm._btexts(reader): a prefix's or wildcard's expansion, as term bytes."""
    return query._btexts(reader)


def column_bytes(column_reader) -> bytes:
    """A fixed-width column's data as one read (_dbfile, _basepos, _count): a field's lengths,
    one byte a document, without a Python call per document."""
    return column_reader._dbfile.get(column_reader._basepos, column_reader._count)


# --- the whole list ------------------------------------------------------------------------

PRIVATE_MEMBERS: dict[object, dict[str, str]] = {
    w3: {"_lenfield": "length_column_name"},
    numeric: {"_length_byte_cache": "LENGTH_BYTE_CACHE"},
    w3.W3TermInfo: {"_struct": "TERMINFO_STRUCT"},
    w3.W3Codec: {
        "_blocklimit": "passed on to CompactPostingsWriter",
        "_compression": "passed on to CompactPostingsWriter",
        "_inlinelimit": "passed on to CompactPostingsWriter",
    },
    w3.W3PostingsWriter: {
        "_write_block": "overridden: writes the compact block layout",
        "_new_block": "called after each block, as Whoosh's _write_block does",
        "_postfile": "the file blocks are written to",
        "_blockcount": "the term's blocks so far (the first one starts the term's extent)",
        "_terminfo": "collects each block's statistics",
        "_ids": "the block's document numbers",
        "_weights": "the block's weights",
        "_values": "the block's encoded values (positions)",
        "_format": "the field's format: its fixed value size",
        "_compression": "the zlib level",
        "_minlength": "the block's shortest field length",
        "_maxlength": "the block's longest field length",
        "_maxweight": "the block's highest weight",
        "_blocklimit": "postings per block",
    },
    w3.W3LeafMatcher: {
        "_read_data": "overridden with the compact layout's decoding",
        "_read_ids": "overridden with the compact layout's decoding",
        "_read_weights": "overridden with the compact layout's decoding",
        "_read_values": "overridden with the compact layout's decoding",
        "_postfile": "the postings file blocks are read from",
        "_dataoffset": "where the current block's data starts",
        "_nextoffset": "where the next block starts",
        "_blocklength": "postings in the current block",
        "_fixedsize": "the format's fixed value size",
        "_data": "the decoded block, set by _read_data",
        "_ids": "the block's document numbers, set by _read_ids",
        "_weights": "the block's weights, set by _read_weights",
        "_values": "the block's values, set by _read_values",
        "_startoffset": "where the posting list starts (read whole by `arrays`)",
        "_length": "the posting list's extent length",
    },
    w3.W3PerDocReader: {
        "_cached_reader": "opens a field's length column",
        "_doccount": "documents in the segment",
    },
    w3.W3FieldWriter: {
        "_postwriter": "field_postings_writer", "_fieldid": "field_number", "_format": "field_format",
        "_tindex": "terms_table",
    },
    w3.W3TermsReader: {"_postfile": "postings_file"},
    FixedBytesColumn.Reader: {"_dbfile": "column_bytes", "_basepos": "column_bytes", "_count": "column_bytes"},
    reading.SegmentReader: {"_terms": "segment_terms", "_perdoc": "segment_perdoc"},
    searching.Searcher: {"_ix": "searcher_index"},
    scoring.BM25F: {"_field_B": "bm25_field_b"},
    wq.MultiTerm: {"_btexts": "expanded_terms"},
    writing.SegmentWriter: {"_tempstorage": "temp_storage"},
}
"""Each Whoosh module or class and the private members of it the engine uses: the codec
subclasses' with their why, the others with the name here that reads them (whose docstring
says why)."""
