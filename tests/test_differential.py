"""The facade answers every query form as stock Whoosh does over the same cleaned text.

A generated corpus (bench/generate_corpus.py: outlets with templates, dates, sources) is built
twice, through the bulk path and through Whoosh's own writer, then updated with edits,
deletions and additions. At each step a plain Whoosh index is built afresh from the articles
the catalog holds (the same cleaned title and body, date and source; the same analyzers, a
stock TEXT/ID/DATETIME schema, Whoosh's default codec and writer, one segment, no deletions),
and a few hundred seeded queries of every form run through both. Same totals, the same top 50
(tie-aware) and the same scores.

What "the same query" means where the two differ on purpose:
- tag clauses: Whoosh has no tags; its query gets each `tag:` clause spelled out as the `id:`
  terms of the articles carrying the tag now (an id no article has, for an unused tag);
- exclusive date range ends: Whoosh reads every date range as inclusive; its query gets the
  inclusive range we mean (`{2019 to` is `[2020 to`), and dates digits-only (`201903`);
- fuzzy terms: we keep the first letter, match what the user typed against the words as
  written, and rank with BM25F; checked as: every article Whoosh finds (first letter kept) we
  find too;
- `*`: we list without scoring; checked on the total.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import sys
from datetime import date, timedelta

import pytest
from conftest import ROOT
from whoosh import query as wq
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin

from index import Corpus, QueryError
from index.clean.dates import to_datetime
from index.segments.search_index import BODY_ANALYZER, SOURCE_ANALYZER
from index.update import indexer

_spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "bench" / "generate_corpus.py")
generator = sys.modules.setdefault("generate_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(generator)

SEED, N_PLANNED = 4, 400
FIRST, ADDED = 240, 25
TAGS = {"alpha": 15, "beta": 30, "gamma": 1, "follow-up": 8}
UNUSED_TAG = "nevertag"


def stock_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=BODY_ANALYZER, stored=True, field_boost=2.0),
        body=TEXT(analyzer=BODY_ANALYZER),
        source=TEXT(analyzer=SOURCE_ANALYZER, stored=True),
        date=DATETIME(stored=True, sortable=True),
        tag=KEYWORD(lowercase=True),
    )


def stock_parser(schema) -> MultifieldParser:
    parser = MultifieldParser(["title", "body"], schema)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(DateParserPlugin(free=False))
    return parser


def write_articles(folder, numbers) -> dict[int, str]:
    rels = {}
    for i in numbers:
        rel, text = generator.render(SEED, N_PLANNED, i)
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        rels[i] = rel
    return rels


class Stock:
    """A plain Whoosh index of the articles a corpus's catalog holds, built in one commit."""

    def __init__(self, corpus: Corpus):
        self.schema = stock_schema()
        # (a name of its own: a RamStorage index writes its columns through a folder named for
        # the index in the system's temporary folder, which another test process may be using)
        self.ix = RamStorage().create_index(self.schema, indexname=f"stock{os.getpid()}x{id(self)}")
        self.texts: dict[str, tuple[str, str]] = {}
        writer = self.ix.writer()
        for aid in sorted(corpus.catalog.all_ids()):
            art = corpus.article(aid)
            doc = {"id": aid, "title": art.title, "body": art.body}
            if art.source:
                doc["source"] = art.source
            if art.date:
                doc["date"] = to_datetime(art.date)
            writer.add_document(**doc)
            self.texts[aid] = (art.title, art.body)
        writer.commit()
        self.searcher = self.ix.searcher()
        self.parser = stock_parser(self.schema)
        self.tags = {name: set(corpus.tags.ids_with(name)) for name in corpus.tag_names()}

    def query(self, text: str) -> wq.Query:
        def visit(node):
            if isinstance(node, wq.FuzzyTerm):
                return wq.FuzzyTerm(node.fieldname, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=1)
            if node.is_leaf() and getattr(node, "fieldname", None) == "tag":
                if isinstance(node, wq.Prefix):
                    ids = set().union(*[v for k, v in self.tags.items() if k.startswith(node.text)])
                else:
                    ids = self.tags.get(node.text, set())
                terms = [wq.Term("id", i) for i in sorted(ids)] or [wq.Term("id", "no such article")]
                return wq.Or(terms, boost=node.boost)
            return node.apply(visit)

        return visit(self.parser.parse(text)).normalize()

    def run(self, text: str) -> dict[str, float]:
        return {hit["id"]: hit.score for hit in self.searcher.search(self.query(text), limit=None)}


# -- queries ----------------------------------------------------------------------------------

WORD = re.compile(r"[a-z]{3,}")


class Queries:
    """Seeded queries of every form, as (ours, stock's, kind)."""

    def __init__(self, stock: Stock, seed: int):
        self.rng = random.Random(seed)
        self.docs = [WORD.findall((t + " " + b).lower()) for t, b in stock.texts.values()]
        self.titles = [WORD.findall(t.lower()) for t, _ in stock.texts.values()]
        counts: dict[str, int] = {}
        for words in self.docs:
            for w in set(words):
                counts[w] = counts.get(w, 0) + 1
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        self.common = ranked[: len(ranked) // 20]
        self.mid = ranked[len(ranked) // 20: len(ranked) // 4]
        self.rare = ranked[len(ranked) // 4:]
        self.sources = sorted({s for s in (h.get("source") for h in stock.searcher.documents()) if s})
        self.tags = sorted(stock.tags) + [UNUSED_TAG]

    def word(self) -> str:
        pool = self.rng.choices([self.common, self.mid, self.rare], weights=[3, 4, 3])[0]
        return self.rng.choice(pool) if self.rng.random() > 0.03 else "zzqxv"

    def phrase(self, n: int) -> str:
        words = self.rng.choice([d for d in self.docs if len(d) > n])
        at = self.rng.randrange(len(words) - n)
        return '"' + " ".join(words[at:at + n]) + '"'

    def date_range(self) -> tuple[str, str]:
        """(ours, stock's) of a date clause: exact dates, ranges with every mix of ends and of
        precisions, open ends, > and <. Stock's gets the inclusive range of days we mean."""
        rng = self.rng
        grain = rng.choice(["y", "m", "d"])
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(9 * 365))

        def show(d: date, g: str) -> str:
            return {"y": f"{d.year}", "m": f"{d.year}-{d.month:02d}", "d": d.isoformat()}[g]

        def first(d: date, g: str) -> date:
            return {"y": date(d.year, 1, 1), "m": date(d.year, d.month, 1), "d": d}[g]

        def after(d: date, g: str) -> date:  # the first day after d's period
            if g == "y":
                return date(d.year + 1, 1, 1)
            if g == "m":
                return date(d.year + d.month // 12, d.month % 12 + 1, 1)
            return d + timedelta(days=1)

        def last(d: date, g: str) -> date:
            return after(d, g) - timedelta(days=1)

        def days(lo: date | None, hi: date | None) -> str:
            return f"date:[{lo.strftime('%Y%m%d') if lo else ''} to {hi.strftime('%Y%m%d') if hi else ''}]".replace("[ ", "[")

        form = rng.choice(["exact", "range", "range", "range", "gt", "lt", "open"])
        if form == "exact":
            return f"date:{show(day, grain)}", days(first(day, grain), last(day, grain))
        if form in ("gt", "lt"):
            op = (">" if form == "gt" else "<") + rng.choice(["", "="])
            lo = {">": after(day, grain), ">=": first(day, grain)}.get(op)
            hi = {"<": first(day, grain) - timedelta(days=1), "<=": last(day, grain)}.get(op)
            return f"date:{op}{show(day, grain)}", days(lo, hi)
        while True:  # (an inverted range: Whoosh swaps its ends; it is empty here, see test_query_answers)
            end = day + timedelta(days=rng.randrange(30, 4 * 365))
            grain2 = rng.choice(["y", "m", "d"])
            lo_ex, hi_ex = rng.random() < 0.5, rng.random() < 0.5
            lo = after(day, grain) if lo_ex else first(day, grain)
            hi = first(end, grain2) - timedelta(days=1) if hi_ex else last(end, grain2)
            if lo <= hi:
                break
        start, stop = ("{" if lo_ex else "[") + show(day, grain), show(end, grain2) + ("}" if hi_ex else "]")
        if form == "open":
            if rng.random() < 0.5:
                return f"date:{start} to]", days(lo, None)
            return f"date:[to {stop}", days(None, hi)
        return f"date:{start} to {stop}", days(lo, hi)

    def tag(self) -> str:
        name = self.rng.choice(self.tags)
        return f"tag:{name[:2]}*" if self.rng.random() < 0.15 else f"tag:{name}"

    def clause(self, depth: int = 0) -> tuple[str, str]:
        """A random sub-query (ours, stock's), nested up to three levels."""
        rng = self.rng
        r = rng.random()
        if depth < 3 and r < 0.3:
            a, b = self.clause(depth + 1), self.clause(depth + 1)
            op = rng.choice([" AND ", " OR ", " AND NOT ", " "])
            if b[0].startswith("NOT") and "NOT" in op:
                op = " AND "  # (NOT NOT: Whoosh's parser fails on it)
            return f"({a[0]}{op}{b[0]})", f"({a[1]}{op}{b[1]})"
        if r < 0.38:
            t = self.tag()
            return t, t
        if r < 0.45:
            return self.date_range()
        if r < 0.52:
            p = self.phrase(rng.choice([2, 2, 3]))
            return p, p
        if r < 0.58:
            w = "title:" + rng.choice([t for t in self.titles if t])[0]
            return w, w
        if r < 0.62:
            w = "NOT " + self.word()
            return w, w
        w = self.word()
        return w, w

    def one(self) -> tuple[str, str, str]:
        rng = self.rng
        form = rng.randrange(16)
        w = self.word()
        if form == 0:
            return w, w, "plain"
        if form == 1:
            q = f"{self.word()} {self.word()}"
            return q, q, "plain"
        if form == 2:
            a, b = self.clause(), self.clause()
            op = rng.choice(["AND", "OR", "AND NOT", "NOT", "OR NOT"])
            if b[0].startswith("NOT") and "NOT" in op:
                op = "OR"
            return f"{a[0]} {op} {b[0]}", f"{a[1]} {op} {b[1]}", "plain"
        if form == 3:
            a = self.clause()
            return a[0], a[1], "plain"
        if form == 4:
            p = self.phrase(rng.choice([2, 3]))
            slop = rng.choice(["", "", "~2"])
            return p + slop, p + slop, "plain"
        if form == 5:
            q = w[: rng.choice([2, 3, 4])] + "*"
            return q, q, "plain"
        if form == 6:
            q = w[0] + "*" + w[-1] if len(w) > 3 else w + "*"
            q = rng.choice([q, w[:2] + "?" + w[3:]])
            return q, q, "plain"
        if form == 7:
            q = "*" + w[-3:]
            return q, q, "plain"
        if form == 8:
            q = rng.choice(["title:", "body:"]) + w
            if rng.random() < 0.3 and self.sources:
                words = WORD.findall(rng.choice(self.sources).lower())
                if words:
                    q = "source:" + words[0]
            return q, q, "plain"
        if form == 9:
            ours, theirs = self.date_range()
            if rng.random() < 0.5:
                return f"{w} AND {ours}", f"{w} AND {theirs}", "plain"
            return ours, theirs, "plain"
        if form == 10:
            t, u = self.tag(), self.tag()
            q = rng.choice([f"{w} AND NOT {t}", f"{w} AND {t}", f"{t} OR {u}", f"NOT {t}", f"{w} OR {t}",
                            f"({w} OR {t}) AND NOT {u}", f"{w} AND NOT ({t} OR {u})", f"NOT {t} AND NOT {u}"])
            return q, q, "plain"
        if form == 11:
            typo = self._typo(w)
            q = typo + rng.choice(["~", "~", "~2"])
            return q, q, "fuzzy"
        if form == 12:
            q = f"{w}^2 OR {self.word()}"
            return q, q, "plain"
        if form == 13:  # (Whoosh's `*` is an Or of Every per field: it reads every posting list)
            return ("*", "", "every") if rng.random() < 0.5 else ("* AND NOT " + w, w, "every but")
        if form == 14:
            q = f"NOT ({w} OR {self.word()})"
            return q, q, "plain"
        a, b, c = self.clause(1), self.clause(1), self.clause(1)
        if c[0].startswith("NOT"):
            c = (c[0][4:], c[1][4:])
        return f"({a[0]} OR {b[0]}) AND NOT {c[0]}", f"({a[1]} OR {b[1]}) AND NOT {c[1]}", "plain"

    def _typo(self, w: str) -> str:
        if len(w) < 4:
            return w
        i = self.rng.randrange(1, len(w) - 1)
        return self.rng.choice([w[:i] + w[i + 1:], w[:i] + w[i + 1] + w[i] + w[i + 2:], w[:i] + "e" + w[i + 1:]])


def check(corpus: Corpus, stock: Stock, ours: str, theirs: str, kind: str) -> None:
    if kind in ("every", "every but"):
        total = stock.searcher.doc_count() - (len(stock.run(theirs)) if theirs else 0)
        assert corpus.search(ours, limit=50, snippets=False).total == total, ours
        return
    try:
        result = corpus.search(ours, limit=50, snippets=False)
    except QueryError as exc:  # only stop words: Whoosh's query is empty too
        assert stock.query(theirs) is wq.NullQuery, (ours, str(exc))
        return
    expected = stock.run(theirs)
    if kind == "fuzzy":
        found = set(corpus.matching_ids(ours))
        assert found >= set(expected), (ours, sorted(set(expected) - found)[:5])
        return
    assert result.total == len(expected), (ours, theirs, result.total, len(expected))
    top = [(h.id, h.score) for h in result.hits]
    assert len(top) == min(50, len(expected)), ours
    for aid, score in top:
        assert aid in expected, (ours, aid)
        assert score == pytest.approx(expected[aid], rel=1e-5, abs=1e-9), (ours, theirs, aid, score, expected[aid])
    if top:  # tie-aware: every article stock scores clearly above our 50th is in our top 50
        floor = top[-1][1]
        above = {aid for aid, s in expected.items() if s > floor + 1e-5 * abs(floor) + 1e-9}
        assert above <= {aid for aid, _ in top}, (ours, sorted(above - {aid for aid, _ in top})[:5])


def run_queries(corpora: list[Corpus], stock: Stock, seed: int, n: int) -> dict[str, int]:
    kinds: dict[str, int] = {}
    queries = Queries(stock, seed)
    for _ in range(n):
        ours, theirs, kind = queries.one()
        for corpus in corpora:
            check(corpus, stock, ours, theirs, kind)
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def tag_both(corpora: list[Corpus], ids: list[str]) -> None:
    rng = random.Random(9)
    for name, n in TAGS.items():
        chosen = rng.sample(ids, n)
        for corpus in corpora:
            corpus.tag(chosen, add=[name])


def test_facade_answers_as_stock_whoosh_after_build_and_updates(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    rels = write_articles(folder, range(FIRST))
    bulk = Corpus(folder, tmp_path / "bulk")
    assert bulk.update().added == FIRST  # >= BULK_MIN_FILES: the bulk path
    monkeypatch.setattr(indexer, "BULK_MIN_FILES", 10**9)  # every later update: Whoosh's writer
    small = Corpus(folder, tmp_path / "small")
    small.update()
    corpora = [bulk, small]
    try:
        tag_both(corpora, sorted(bulk.catalog.all_ids()))
        for corpus in corpora:  # no first, uncleaned versions left behind by either build
            searcher = corpus.index.searcher()
            assert searcher.doc_count_all() == searcher.doc_count() == corpus.count() == FIRST
        stock = Stock(bulk)
        run_queries(corpora, stock, seed=1, n=120)

        # edits, deletions and additions
        rng = random.Random(5)
        numbers = sorted(rels)
        for i in rng.sample(numbers, 25):
            path = folder / rels[i]
            lines = path.read_text(encoding="utf-8").split("\n")
            lines.insert(len(lines) // 2, f"Residents near the harbour counted {i} flooded homes after the storm.")
            path.write_text("\n".join(lines), encoding="utf-8")
        for i in rng.sample(numbers, 20):
            (folder / rels[i]).unlink(missing_ok=True)
        write_articles(folder, range(FIRST, FIRST + ADDED))
        for corpus in corpora:
            corpus.update()
        assert bulk.count() == small.count() == FIRST - 20 + ADDED
        assert bulk.index.searcher().doc_count() == bulk.count()
        stock = Stock(bulk)
        kinds = run_queries(corpora, stock, seed=2, n=150)
        assert set(kinds) == {"plain", "fuzzy", "every", "every but"}
    finally:
        for corpus in corpora:
            corpus.close()
