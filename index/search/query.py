"""Turning what the user typed into a Whoosh query, or a one-line reason it cannot be one.

Whoosh's parser forgives almost anything (an unknown `foo:` silently becomes two words, an odd
quote is dropped), which hides typos from the user. We check the things it forgives and say so,
then rewrite `tag:` clauses into sets of article ids from the tag store at query time, so tag
queries are right the moment a tag changes, with no re-index. The clauses over the user's other
data (`note:word`, `has:note`, `is:read`, `is:unread`) are rewritten the same way.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from whoosh import query as wq
from whoosh.fields import KEYWORD, TEXT
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin

from index.errors import QueryError, no_check
from index.search.fuzzy import terms_within
from index.segments.search_index import BODY_ANALYZER, UNDATED, make_schema

FIELDS = ("title", "body", "source", "date", "tag", "id", "note", "has", "is")
# Fields the index does not hold: the parser knows them so that their clauses parse, and
# `rewrite_user_clauses` swaps them for sets of ids from the user's data before any search.
USER_FIELDS = {
    "note": TEXT(analyzer=BODY_ANALYZER),
    "has": KEYWORD(lowercase=True),
    "is": KEYWORD(lowercase=True),
}
HAS_VALUES = ("note", "tag")
IS_VALUES = ("read", "unread")
DEFAULT_FIELDS = ("title", "body")
MAX_QUERY_CHARS = 1000
MAX_DEPTH = 20
# Wildcards and fuzzy terms expand into every matching term; beyond this many Whoosh's cost
# grows without bound, so the query is refused with a hint.
MAX_EXPANSION = 5000

_FIELD_REF = re.compile(r"(?<![\w\"'])([A-Za-z_][\w]*):(?=\S)")


_DATE_CLAUSE = re.compile(r'(?i)\bdate:(\[[^\]]*\]|\{[^}]*\}|"[^"]*"|[<>]=?\S+|\S+)')
_ISO_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?\b")


def _compact_dates(text: str) -> str:
    """Rewrite ISO dates inside `date:` clauses to the digits-only form Whoosh's date parser reads.

    Whoosh reads `date:20230611` and `date:202306` but takes `2023-06` for the year 2023 and
    rejects `2023-06-11`.
    """

    def iso(m: re.Match) -> str:
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        return f"{y}{mo:02d}" + (f"{int(d):02d}" if d else "")

    return _DATE_CLAUSE.sub(lambda m: "date:" + _ISO_DATE.sub(iso, m.group(1)), text)


def _strip_quoted(text: str) -> str:
    return re.sub(r'"[^"]*"', " ", text)


def _parser() -> MultifieldParser:
    schema = make_schema()
    for name, field in USER_FIELDS.items():
        schema.add(name, field)
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(DateParserPlugin(free=False))
    return parser


_PARSER = None


def parser() -> MultifieldParser:
    global _PARSER
    if _PARSER is None:
        _PARSER = _parser()
    return _PARSER


def check_syntax(text: str) -> None:
    """Raise QueryError for what Whoosh would silently reinterpret."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: every " needs a closing "')
    unquoted = _strip_quoted(text)
    depth = 0
    for ch in unquoted:
        if ch in "([":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"query nested too deeply (at most {MAX_DEPTH} levels)")
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced brackets: a ')' or ']' has no opening one")
    if depth > 0:
        raise QueryError("unbalanced brackets: a '(' or '[' is never closed")
    for match in _FIELD_REF.finditer(unquoted):
        name = match.group(1)
        if name.lower() not in FIELDS:
            raise QueryError(f"unknown field '{name}:' (fields: {', '.join(FIELDS)})")


def _errors(q: wq.Query) -> list[str]:
    found = []
    for sub in q.leaves() if not q.is_leaf() else [q]:
        err = getattr(sub, "error", None)
        if err:
            found.append(str(err))
    err = getattr(q, "error", None)
    if err and str(err) not in found:
        found.append(str(err))
    return found


def parse(text: str) -> wq.Query:
    """Parse a query string, or raise QueryError with a one-line explanation."""
    text = text.strip()
    if not text:
        raise QueryError("empty query")
    check_syntax(text)
    # Field names are case-insensitive for the user; Whoosh's are not.
    text = _compact_dates(_FIELD_REF.sub(lambda m: m.group(1).lower() + ":", text))
    try:
        raw = parser().parse(text, normalize=False)
    except Exception as exc:  # Whoosh raises assorted errors deep in its parser
        raise QueryError(f"cannot parse query: {exc}") from None
    errors = _errors(raw)
    if errors:
        raise QueryError(f"cannot understand {errors[0]!r} (dates look like 2019, 2019-10 or 2019-10-27)")
    q = _anchor_fuzzy(raw).normalize()
    if q is wq.NullQuery:
        raise QueryError("the query has no searchable words (only stop words such as 'the'?)")
    return q


def _anchor_fuzzy(q: wq.Query) -> wq.Query:
    """Make `word~` keep its first letter, as spelling correctors do.

    A fuzzy term with no fixed prefix walks the whole term dictionary; with one fixed letter
    it walks a fraction of it, and typos in the first letter are rare.
    """

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm) and node.prefixlength == 0:
            return wq.FuzzyTerm(node.fieldname, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=1)
        return node.apply(visit)

    return visit(q)


def expand_fuzzy(q: wq.Query, reader, check: Callable[[], None] = no_check) -> wq.Query:
    """Replace fuzzy terms with the index terms they match (see `index.search.fuzzy`), once per query.

    Whoosh expands a fuzzy term when it searches, and highlighting had to expand it again;
    expanded here, both use the same terms. A fuzzy term's matcher is the union of its terms'
    matchers, so ranking is unchanged.
    """

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm):
            found = terms_within(reader, node.fieldname, node.text, node.maxdist, node.prefixlength, check)
            texts = sorted(found)[:MAX_EXPANSION]
            if not texts:
                return wq.NullQuery
            return wq.Or([wq.Term(node.fieldname, t, boost=node.boost) for t in texts])
        return node.apply(visit)

    return visit(q).normalize()


def rewrite_tags(q: wq.Query, ids_for_tag: Callable[[str], set[str]], ids_for_glob: Callable[[str], set[str]]) -> wq.Query:
    """Replace every `tag:` clause with the set of ids that carry the tag now."""

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Not):
            inner = visit(node.query)
            # "NOT tag:unused" excludes nothing, so it matches every article.
            return wq.Every() if inner is wq.NullQuery else wq.Not(inner)
        if node.is_leaf() and getattr(node, "fieldname", None) == "tag":
            if isinstance(node, wq.Term):
                ids = ids_for_tag(str(node.text).strip().lower())
            elif isinstance(node, (wq.Prefix, wq.Wildcard)):
                pattern = str(node.text).lower()
                if isinstance(node, wq.Prefix):
                    pattern += "*"
                ids = ids_for_glob(pattern)
            elif isinstance(node, wq.Every):
                ids = ids_for_glob("*")
            else:
                raise QueryError("tag: takes a tag name or a pattern such as tag:follow*")
            if not ids:
                return wq.NullQuery
            return IdSet(ids)
        return node.apply(visit)

    return visit(q).normalize()


def rewrite_user_clauses(
    q: wq.Query,
    notes: Callable[[], dict[str, str]],
    read_ids: Callable[[], set[str]],
    tagged_ids: Callable[[], set[str]],
) -> wq.Query:
    """Replace `note:`, `has:` and `is:` clauses with the ids they stand for now.

    `notes` gives every note (id -> text), `read_ids` the articles marked read, `tagged_ids`
    those with any tag; each is asked at most once. A clause that matches nothing becomes an
    empty id set rather than Whoosh's NullQuery, so `NOT has:note` still means every article.
    `note:` words are analysed like the body (stemmed), so `note:killing` finds "killed".
    """
    cache: dict[str, object] = {}

    def once(key: str, fn):
        if key not in cache:
            cache[key] = fn()
        return cache[key]

    def note_stems() -> dict[str, list[str]]:
        return {aid: [t.text for t in BODY_ANALYZER(text)] for aid, text in notes().items()}

    def visit(node: wq.Query) -> wq.Query:
        field = getattr(node, "fieldname", None)
        if node.is_leaf() and field in USER_FIELDS:
            if field == "note":
                return IdSet(_note_ids(node, once("stems", note_stems)), what="articles with such a note")
            value = str(getattr(node, "text", "") or "").strip().lower()
            if not isinstance(node, wq.Term):
                value = ""
            if field == "has":
                if value == "note":
                    return IdSet(once("notes", notes).keys(), what="articles with a note")
                if value == "tag":
                    return IdSet(once("tagged", tagged_ids), what="tagged articles")
                raise QueryError(f"has: takes {' or '.join(HAS_VALUES)} (has:note), not {value or str(node)!r}")
            if value == "read":
                return IdSet(once("read", read_ids), what="read articles")
            if value == "unread":
                return wq.Not(IdSet(once("read", read_ids), what="read articles"))
            raise QueryError(f"is: takes {' or '.join(IS_VALUES)} (is:unread), not {value or str(node)!r}")
        return node.apply(visit)

    return visit(q)


def _note_ids(node: wq.Query, stems: dict[str, list[str]]) -> set[str]:
    """The ids whose note holds what a `note:` leaf asks for (a word, prefix, pattern or phrase)."""
    if isinstance(node, wq.Term) and not isinstance(node, wq.FuzzyTerm):
        word = str(node.text)
        return {aid for aid, words in stems.items() if word in words}
    if isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
        if isinstance(node, wq.FuzzyTerm):
            from whoosh.support.levenshtein import damerau_levenshtein

            word, dist = str(node.text), node.maxdist
            return {aid for aid, words in stems.items() if any(damerau_levenshtein(word, w) <= dist for w in words)}
        pattern = str(node.text) + ("*" if isinstance(node, wq.Prefix) else "")
        rx = re.compile(fnmatch_regex(pattern))
        return {aid for aid, words in stems.items() if any(rx.fullmatch(w) for w in words)}
    if isinstance(node, wq.Phrase):
        seq = [str(w) for w in node.words]
        n = len(seq)
        return {aid for aid, words in stems.items() if any(words[i:i + n] == seq for i in range(len(words) - n + 1))}
    if isinstance(node, wq.Every):
        return set(stems)
    raise QueryError("note: takes words, a phrase or a pattern such as note:follow*")


def fnmatch_regex(pattern: str) -> str:
    """A glob (`*`, `?`) as a regular expression; nothing else in it is special."""
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


class DocListQuery(wq.Query):
    """A leaf query answered by a sorted list of live document numbers per segment, each
    scoring `weight` (Whoosh's ListMatcher turns a weight of 0 into 1): the shape of `tag:`
    and `date:` clauses here."""

    weight = 1.0

    def is_leaf(self):
        return True

    def docnums(self, reader) -> list[int]:
        raise NotImplementedError

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        docnums = self.docnums(searcher.reader())
        if not docnums:
            return NullMatcher()
        return ListMatcher(docnums, all_weights=self.weight)

    def __str__(self):
        return self.__unicode__()


class IdSet(DocListQuery):
    """Matches the articles with these ids; each scores 1, so in an AND it leaves the order alone.

    What a `tag:` clause becomes. An `Or` of one Term per id built a matcher tree as large as
    the tag (hundreds of term matchers unioned per query); this looks the ids up once per
    segment and walks a sorted list.
    """

    def __init__(self, ids, what: str = "tagged articles"):
        self.ids = frozenset(ids)
        self.what = what
        self.boost = 1.0
        self.fieldname = "id"
        self.text = None

    def __eq__(self, other):
        return isinstance(other, IdSet) and other.ids == self.ids

    def __hash__(self):
        return hash(("IdSet", self.ids))

    def __repr__(self):
        return f"IdSet(<{len(self.ids)} ids>)"

    def __unicode__(self):
        return f"<{len(self.ids)} {self.what}>"

    def estimate_size(self, ixreader):
        return len(self.ids)

    def docnums(self, reader) -> list[int]:
        by_id = segment_docnums(reader)
        return sorted(
            d for d in (by_id.get(aid) for aid in self.ids) if d is not None and not reader.is_deleted(d)
        )


def rewrite_dates(q: wq.Query) -> wq.Query:
    """Replace every `date:` range with a DateSpan over the in-memory date column."""

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.NumericRange) and node.fieldname == "date":
            lo = node.start if node.start is not None else 0
            hi = node.end if node.end is not None else UNDATED - 1
            if node.startexcl:
                lo += 1
            if node.endexcl:
                hi -= 1
            return DateSpan(lo, min(hi, UNDATED - 1), boost=node.boost)
        return node.apply(visit)

    return visit(q)


class DateSpan(DocListQuery):
    """Articles dated within [lo, hi] (date column values); scores like Whoosh's range: `boost`.

    Whoosh runs a date range as the union of dozens of tiered numeric terms, one matcher each;
    here each segment's date column is read once, sorted, and a range is two bisections.
    """

    def __init__(self, lo: int, hi: int, boost: float = 1.0):
        self.lo, self.hi, self.boost = lo, hi, boost
        self.weight = boost
        self.fieldname = "date"
        self.text = None

    def __eq__(self, other):
        return isinstance(other, DateSpan) and (other.lo, other.hi, other.boost) == (self.lo, self.hi, self.boost)

    def __hash__(self):
        return hash(("DateSpan", self.lo, self.hi, self.boost))

    def __repr__(self):
        return f"DateSpan({self.lo}, {self.hi})"

    def __unicode__(self):
        from whoosh.util.times import long_to_datetime

        return f"date:[{long_to_datetime(self.lo).date()} to {long_to_datetime(self.hi).date()}]"

    def docnums(self, reader) -> list[int]:
        keys, docs = segment_dates(reader)
        docnums = sorted(docs[bisect_left(keys, self.lo):bisect_right(keys, self.hi)])
        if reader.has_deletions():
            docnums = [d for d in docnums if not reader.is_deleted(d)]
        return docnums

    def estimate_size(self, ixreader):
        return sum(len(self.docnums(r)) for r, _ in ixreader.leaf_readers())


_SEGMENT_DATES: dict[str, tuple[array, array]] = {}


def segment_dates(reader) -> tuple[array, array]:
    """One segment's dates sorted, with the document number of each (cached per segment)."""
    segment = getattr(reader, "_segment", None)
    key = segment.segment_id() if segment is not None else None
    cached = _SEGMENT_DATES.get(key) if key else None
    if cached is not None:
        return cached
    if reader.has_column("date"):
        column = array("Q", reader.column_reader("date", translate=False))
    else:
        column = array("Q", [UNDATED] * reader.doc_count_all())
    order = sorted(range(len(column)), key=column.__getitem__)
    result = array("Q", (column[i] for i in order)), array("I", order)
    if key:
        if len(_SEGMENT_DATES) > 64:
            _SEGMENT_DATES.clear()
        _SEGMENT_DATES[key] = result
    return result


_SEGMENT_IDS: dict[str, dict[str, int]] = {}


def segment_docnums(reader) -> dict[str, int]:
    """Article id -> document number in one segment, read once per segment and cached.

    Segments never change once written (deletions are checked separately), so the map stays
    valid for the segment's life; one sequential pass over the id terms is far cheaper than
    looking each id up.
    """
    segment = getattr(reader, "_segment", None)
    key = segment.segment_id() if segment is not None else None
    cached = _SEGMENT_IDS.get(key) if key else None
    if cached is not None:
        return cached
    mapping = {text.decode("utf-8", "surrogatepass"): info.min_id() for text, info in reader.iter_field("id")}
    if key:
        if len(_SEGMENT_IDS) > 64:
            _SEGMENT_IDS.clear()
        _SEGMENT_IDS[key] = mapping
    return mapping


def positive_leaves(q: wq.Query):
    """The leaf queries whose matches are hits (not the ones under NOT)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from positive_leaves(child)
