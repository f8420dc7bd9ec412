"""Turning what the user typed into a Whoosh query, or a one-line reason it cannot be one.

Whoosh's parser forgives almost anything (an unknown `foo:` silently becomes two words, an odd
quote is dropped), which hides typos from the user. We check the things it forgives and say so,
then rewrite `tag:` clauses into sets of article ids from the tag store at query time, so tag
queries are right the moment a tag changes, with no re-index. The clauses over the user's other
data (`note:word`, `has:note`, `is:read`, `is:unread`) are rewritten the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from datetime import datetime, timedelta
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from whoosh import query as wq
from whoosh.fields import KEYWORD, TEXT
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin, DateRangeNode
from whoosh.util.times import adatetime, timespan

from index.errors import QueryError, no_check
from index.search import budget
from index.search.fuzzy import surface_terms, terms_within
from index.segments.search_index import BODY_ANALYZER, UNDATED, make_schema
from index.text.safety import encodable

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
# The largest boost (`word^N`): one past a float's range made every score of the query infinite
# (or NaN where it met a zero), which ranks nothing and is not JSON.
MAX_BOOST = 1_000_000
# Wildcards and fuzzy terms expand into every matching term; beyond this many Whoosh's cost
# grows without bound, so the query is refused with a hint.
MAX_EXPANSION = 5000

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_FIELD_REF = re.compile(r"(?<![\w\"'])([A-Za-z_][\w]*):(?=\S)")
# A field name with nothing after it (`tag:` at the end, or before a space or a ')').
_EMPTY_FIELD = re.compile(r"(?<![\w\"'])([A-Za-z_][\w]*):(?=\s|$|\))")
# What a value of each field looks like, for the message when one is missing.
_EXAMPLES = {"tag": "tag:followup or tag:follow*", "date": "date:2019-10", "title": "title:election",
             "body": "body:election", "source": "source:reuters", "id": "id:folder/file.txt",
             "note": "note:ministry", "has": "has:note or has:tag", "is": "is:read or is:unread"}


# A date clause with no date: `date:>`, `date:<=`, `date:""`.
_EMPTY_DATE = re.compile(r'(?i)\bdate:(?:[<>]=?|"\s*")(?=[\s)]|$)')
_DATE_CLAUSE = re.compile(r'(?i)\bdate:([\[{][^\]}]*[\]}]|"[^"]*"|[<>]=?\S+|\S+)')
# A range: `[a to b]`, `{a to b}`, or any mix of inclusive `[ ]` and exclusive `{ }` ends, either
# end open (`[2019 to]`). Its brackets are not grouping brackets.
_RANGE = re.compile(r"(?i)[\[{][^\[\]{}()\"]*?\bto\b[^\[\]{}()\"]*[\]}]")
_ISO_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?\b")


def _compact_dates(text: str, typed: dict[str, str] | None = None) -> str:
    """Rewrite ISO dates inside `date:` clauses to the digits-only form Whoosh's date parser reads.

    Whoosh reads `date:20230611` and `date:202306` but takes `2023-06` for the year 2023 and
    rejects `2023-06-11`. `typed` receives each rewritten form with what the user typed, so a
    message can quote the date as typed.
    """

    def iso(m: re.Match) -> str:
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        compact = f"{y}{mo:02d}" + (f"{int(d):02d}" if d else "")
        if typed is not None:
            typed[compact] = m.group(0)
        return compact

    return _DATE_CLAUSE.sub(lambda m: "date:" + _ISO_DATE.sub(iso, m.group(1)), text)


def _strip_quoted(text: str) -> str:
    return re.sub(r'"[^"]*"', '""', text)  # (a quoted value stays a value: `id:"a b"`)


def _period(value) -> tuple[datetime, datetime]:
    """The first and last moment of a parsed date (a year, a month, a day, or a moment)."""
    if isinstance(value, timespan):
        return _period(value.start)[0], _period(value.end)[1]
    if isinstance(value, adatetime):
        return value.floor(), value.ceil()
    return value, value


class ExactRangeDates(DateParserPlugin):
    """Whoosh's date plugin, with exclusive range ends kept and ends of any precision.

    Whoosh reads `{2019 to 2021]`, `date:>2019` and `date:<2019` as inclusive ranges, so
    `date:>2019` matched all of 2019 and `date:<2019` did too. Here an exclusive start
    begins after the whole period it names (`>2019`: from 2020) and an exclusive end stops
    before it (`<2019`: up to 2018). Each end is read on its own, so `[2017-02 to 2017]`
    (February to December 2017) works; Whoosh's joint reading failed on it.
    """

    def range_to_dt(self, node):
        dp = self.dateparser.get_parser()
        ends = []
        for text, exclusive, is_start in ((node.start, node.startexcl, True), (node.end, node.endexcl, False)):
            if not text:
                ends.append(None)
                continue
            when = dp.date_from(text, self.basedate)
            if when is None:
                return self.errorize(text, node)
            first, last = _period(when)
            if is_start:
                ends.append(last + timedelta(microseconds=1) if exclusive else first)
            else:
                ends.append(first - timedelta(microseconds=1) if exclusive else last)
        drn = DateRangeNode(node.fieldname, ends[0], ends[1], boost=node.boost)
        drn.startchar = node.startchar
        drn.endchar = node.endchar
        return drn


def _parser() -> MultifieldParser:
    schema = make_schema()
    for name, field in USER_FIELDS.items():
        schema.add(name, field)
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(ExactRangeDates(free=False))
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
    for ch in _RANGE.sub(" ", unquoted):
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
    if (match := _EMPTY_DATE.search(text)) is not None:  # (Whoosh: 0 hits, or its parser raises)
        raise QueryError(f"'{match.group(0).strip()}' needs a date after it, as in date:>2019 or date:2019-10")
    for match in _EMPTY_FIELD.finditer(unquoted):
        name = match.group(1)
        if name.lower() not in FIELDS:
            raise QueryError(f"unknown field '{name}:' (fields: {', '.join(FIELDS)})")
        what = "a tag name" if name.lower() == "tag" else "a date" if name.lower() == "date" else "a word"
        raise QueryError(f"'{name}:' needs {what} after it, as in {_EXAMPLES[name.lower()]}")


# A comparison with no field before it ("<harvest"): Whoosh's parser takes "<" and ">" for a
# field's range only.
_BARE_COMPARISON = re.compile(r"(?:^|[\s(])[<>]")


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
    text = encodable(text).strip()  # (bytes the command line could not decode: U+FFFD)
    if not text:
        raise QueryError("empty query")
    check_syntax(text)
    # Field names are case-insensitive for the user; Whoosh's are not.
    typed_dates: dict[str, str] = {}
    parsed = _compact_dates(_FIELD_REF.sub(lambda m: m.group(1).lower() + ":", text), typed_dates)
    if set(_strip_quoted(parsed).split()) <= _OPERATORS and '"' not in parsed:
        raise QueryError("the query is only operators (AND, OR, NOT): say what to search for")
    try:
        raw = parser().parse(parsed, normalize=False)
    except IndexError:  # Whoosh's parser on operators with nothing between them
        if _BARE_COMPARISON.search(_strip_quoted(parsed)):  # (and on "<" or ">" with no field before it)
            raise QueryError("'<' and '>' compare a field's value: write the field first, as in date:<2020") from None
        raise QueryError("an AND, OR or NOT has nothing to join or negate: say what to search for") from None
    except Exception as exc:  # Whoosh raises assorted errors deep in its parser
        if typed_dates:  # (a month or day out of range in a date range: `month must be in 1..12`)
            raise QueryError(f"cannot understand a date in {text!r}: {exc}") from None
        raise QueryError(f"cannot parse query: {exc}") from None
    _check_boosts(raw)
    errors = _errors(raw)
    if errors:
        shown = errors[0]
        for compact, as_typed in typed_dates.items():
            shown = shown.replace(compact, as_typed)
        raise QueryError(f"cannot understand the date {shown!r} (dates look like 2019, 2019-10 or 2019-10-27)")
    q = _anchor_fuzzy(raw, _typed_fuzzy(_strip_quoted(text))).normalize()
    if q is wq.NullQuery:
        if not re.search(r"\w", _strip_quoted(text) + " ".join(re.findall(r'"([^"]*)"', text))):
            raise QueryError(f"nothing to search for in {text!r}: a query needs letters or digits")
        raise QueryError(f"nothing to search for in {text!r}: only stop words (such as 'the'), which are not indexed")
    return q


def _check_boosts(q: wq.Query) -> None:
    boost = getattr(q, "boost", 1.0)
    if not (isinstance(boost, (int, float)) and math.isfinite(boost) and abs(boost) <= MAX_BOOST):
        raise QueryError(f"a boost (^N) can be at most {MAX_BOOST:,}")
    for sub in q.children():
        _check_boosts(sub)


_FUZZY_WORD = re.compile(r"(?:(\w+):)?([^\s:~()\"^*?]+)~")


def _typed_fuzzy(text: str) -> dict[tuple[str, str], str]:
    """(field, the word as the parser hands it over) -> the word as typed, lowercased, for each
    `word~` of the query, in every field it searches."""
    schema = parser().schema
    found = {}
    for m in _FUZZY_WORD.finditer(text):
        field, word = m.group(1), m.group(2).lower()
        for name in ([field.lower()] if field else DEFAULT_FIELDS):
            if name in schema:
                for token in schema[name].process_text(word, mode="query"):
                    found[(name, token)] = word
    return found


def _anchor_fuzzy(q: wq.Query, typed: dict[tuple[str, str], str] | None = None) -> wq.Query:
    """Make `word~` keep its first letter, as spelling correctors do.

    A fuzzy term with no fixed prefix walks the whole term dictionary; with one fixed letter
    it walks a fraction of it, and typos in the first letter are rare.
    """

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm):
            if node.prefixlength == 0:
                node = wq.FuzzyTerm(node.fieldname, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=1)
            # The parser hands over the word analysed (stemmed: "electricty" -> "electricti");
            # `expand_fuzzy` also wants it as typed (see `fuzzy.surface_terms`).
            node.typed = (typed or {}).get((node.fieldname, node.text))
            return node
        return node.apply(visit)

    return visit(q)


def expand_fuzzy(q: wq.Query, reader, check: Callable[[], None] = no_check) -> wq.Query:
    """Replace fuzzy terms with the index terms they match (see `index.search.fuzzy`), once per query.

    Whoosh expands a fuzzy term when it searches, and highlighting had to expand it again;
    expanded here, both use the same terms. The words found are ranked as an Or of them, with
    BM25F; Whoosh instead scores every match of a fuzzy term that expands to three or more
    words 1.0 (its Or preloads them unscored), which leaves such hits in index order.
    """

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm):
            budget.at(check, node)
            found = terms_within(reader, node.fieldname, node.text, node.maxdist, node.prefixlength, check)
            typed = getattr(node, "typed", None)
            if typed and node.maxdist >= 1:
                found |= surface_terms(reader, node.fieldname, typed, node.prefixlength, check)
            budget.spend(check, node, len(found))
            texts = sorted(found)[:MAX_EXPANSION]
            if not texts:
                return NoMatch()  # (not NullQuery: see rewrite_tags)
            return wq.Or([wq.Term(node.fieldname, t, boost=node.boost) for t in texts])
        return node.apply(visit)

    return visit(q).normalize()


def rewrite_tags(q: wq.Query, ids_for_tag: Callable[[str], set[str]], ids_for_glob: Callable[[str], set[str]]) -> wq.Query:
    """Replace every `tag:` clause with the set of ids that carry the tag now.

    A tag nobody uses becomes an empty IdSet, a leaf that matches nothing, never Whoosh's
    NullQuery: normalising drops NullQuery from an AND (so `X AND tag:unused` would be X) and
    turns NOT of it into NullQuery (so `X AND NOT tag:unused` lost the NOT), and an `Every`
    stand-in swallows a whole AND. With a leaf, every combination of tag clauses answers what
    the same query gives with the tags spelled out as `id:` terms.
    """

    def visit(node: wq.Query) -> wq.Query:
        if node.is_leaf() and getattr(node, "fieldname", None) == "tag":
            if isinstance(node, wq.Term):  # (composed as tag names are: see normalize_tag)
                ids = ids_for_tag(unicodedata.normalize("NFC", str(node.text)).strip().lower())
            elif isinstance(node, (wq.Prefix, wq.Wildcard)):
                pattern = unicodedata.normalize("NFC", str(node.text)).lower()
                if isinstance(node, wq.Prefix):
                    pattern += "*"
                ids = ids_for_glob(pattern)
            elif isinstance(node, wq.Every):
                ids = ids_for_glob("*")
            else:
                raise QueryError("tag: takes a tag name or a pattern such as tag:follow*")
            return IdSet(ids, boost=node.boost)
        return node.apply(visit)

    def union(node: wq.Query) -> wq.Query:
        # Spelled out, `tag:a OR tag:b` is one flat Or of id terms, where an id of both tags
        # counts once: merge an Or's id sets the same way.
        node = node.apply(union)
        if type(node) is wq.Or:
            sets = [s for s in node.subqueries if isinstance(s, IdSet) and s.boost == 1.0]
            if len(sets) > 1:
                rest = [s for s in node.subqueries if not (isinstance(s, IdSet) and s.boost == 1.0)]
                merged = IdSet(frozenset().union(*(s.ids for s in sets)))
                return wq.Or(rest + [merged], boost=node.boost) if rest else merged.with_boost(node.boost)
        return node

    return union(visit(q).normalize())


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


class NoMatch(DocListQuery):
    """A leaf that matches nothing, as a fuzzy term that matches no word does in Whoosh."""

    fieldname = None
    text = None
    boost = 1.0

    def __eq__(self, other):
        return isinstance(other, NoMatch)

    def __hash__(self):
        return hash("NoMatch")

    def __repr__(self):
        return "NoMatch()"

    def __unicode__(self):
        return "<nothing>"

    def estimate_size(self, ixreader):
        return 0

    def docnums(self, reader) -> list[int]:
        return []


class IdSet(DocListQuery):
    """Matches the articles with these ids; each scores its boost (1), as an Or of `id:` terms
    would, so in an AND it leaves the order alone. With no ids it matches nothing.

    What a `tag:` clause becomes. An `Or` of one Term per id built a matcher tree as large as
    the tag (hundreds of term matchers unioned per query); this looks the ids up once per
    segment and walks a sorted list.
    """

    def __init__(self, ids, boost: float = 1.0, what: str = "tagged articles"):
        self.ids = frozenset(ids)
        self.what = what
        self.boost = boost
        self.fieldname = "id"
        self.text = None

    def __eq__(self, other):
        return isinstance(other, IdSet) and (other.ids, other.boost) == (self.ids, self.boost)

    def __hash__(self):
        return hash(("IdSet", self.ids, self.boost))

    def __repr__(self):
        return f"IdSet(<{len(self.ids)} ids>)"

    def __unicode__(self):
        return f"<{len(self.ids)} {self.what}>"

    @property
    def weight(self) -> float:  # (as an Or of id terms scores: each id term's weight, boosted)
        return self.boost

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


def without_dates(q: wq.Query) -> wq.Query | None:
    """`q` with its date filters lifted (what it would match if undated articles were in
    every date range), or None when it has none that filters: only a `date:` clause that
    every match must pass (at the top or inside ANDs) hides undated articles."""
    found = False

    def visit(node: wq.Query) -> wq.Query:
        nonlocal found
        if isinstance(node, DateSpan):
            found = True
            return wq.Every()
        if isinstance(node, wq.And):
            return wq.And([visit(sub) for sub in node.subqueries], boost=node.boost)
        return node

    lifted = visit(q)
    return lifted if found else None


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
