"""Boilerplate that only shows across a corpus: lines one outlet prints in many of its articles.

A single page cannot tell a tagline written as a proper sentence ("Independent reporting on the
stories that matter to you.") from the article; a corpus can, because the outlet's template
repeats it in article after article while real paragraphs do not repeat. `Templates.learn` counts
line shapes per source over a corpus; `clean(..., templates=t)` then treats matching lines as
boilerplate. A learned `Templates` is immutable and round-trips through JSON, so cleaning a
corpus can be reproduced exactly later.

Callers must key articles the same way when learning and cleaning: the `source` given to
`learn` for an article is the `source` hint given to `clean` for it (None for "unknown").
"""

from __future__ import annotations

import json
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from hashlib import blake2b
from itertools import zip_longest

import numpy as np

_DIGITS = re.compile(r"\d+")

# A line is template when it recurs in at least this many of one source's articles...
MIN_ARTICLES = 3
# ...and in at least this share of them.
MIN_SHARE = 0.3
# Keys shorter than this carry no shape worth learning ("0", "a").
MIN_KEY_CHARS = 2
FORMAT = 1
# Articles of no known source are grouped by the template lines they share: one group is one
# outlet. A group's name (what the cleaner gives its articles as their source) starts with this.
GROUP_MARK = "≈ "
# An article joins the group whose first article shares this share of its repeated lines.
GROUP_LIKENESS = 0.3
# A group's template line is printed by its own articles at least this share of the times
GROUP_OWN = 0.8
# ...and its template lines are less than this share of its articles' prose lines
GROUP_MAX_PROSE = 0.5
PROSE_WORDS = 8
# Lines near the top and the bottom of an article, where an outlet's furniture stands.
EDGE_LINES = 25


def line_key(line: str) -> str:
    """The shape of a line used for counting: case, runs of whitespace and digits folded.

    "Updated 10:31 pm, Nov 19 2019" and "Updated 9:05 am, Dec 2 2020" differ in more than
    digits, but "Photo 1 of 12" and "Photo 3 of 12" share a key, as do caption suffixes
    and copyright lines that only change their year.
    """
    if line.isascii():  # (the same key made on bytes, at two thirds of the cost)
        return _ascii_key(line).decode("ascii")
    # str.split() splits on exactly the characters `\s` matches (checked over all of Unicode),
    # at half the cost of a regex substitution on paragraph-long lines.
    key = " ".join(line.lower().split())
    return _DIGITS.sub("0", key)


def _source_key(source: str | None) -> str:
    return "" if source is None else source


def _learning_key(source: str | None) -> str:
    """Whom an article counts for when learning: a group's name is no source of its own (the
    group is found again among the articles of no source)."""
    return "" if source is None or source.startswith(GROUP_MARK) else source


def edge_lines(lines: Sequence[str]) -> list[str]:
    """The non-blank lines near an article's top and bottom (its header and footer)."""
    kept = [line for line in lines if isinstance(line, str) and line.strip()]
    if len(kept) <= 2 * EDGE_LINES:
        return kept
    return kept[:EDGE_LINES] + kept[-EDGE_LINES:]


def group_articles(articles: Sequence[Iterable[int]], min_articles: int = MIN_ARTICLES) -> list[list[int]]:
    """Articles (each the hashes of its edge lines) grouped by the lines they share: the
    positions of each group's articles, groups of at least `min_articles` only.

    Only lines repeated in `min_articles` articles or more count. An article joins the
    group whose first article shares GROUP_LIKENESS of the union of their repeated lines
    (the best such group), else starts one; seeds are found through the lines they hold.
    """
    df: Counter[int] = Counter()
    sets = []
    for hashes in articles:
        s = hashes if isinstance(hashes, frozenset) else frozenset(hashes)
        sets.append(s)
        df.update(s)
    seeds: list[frozenset[int]] = []
    members: list[list[int]] = []
    by_line: dict[int, list[int]] = {}
    for pos, s in enumerate(sets):
        f = frozenset(h for h in s if df[h] >= min_articles)
        if not f:
            continue
        best, best_like = None, GROUP_LIKENESS
        for g in {g for h in f for g in by_line.get(h, ())}:
            seed = seeds[g]
            like = len(f & seed) / len(f | seed)
            if like >= best_like:
                best, best_like = g, like
        if best is None:
            best = len(seeds)
            seeds.append(f)
            members.append([])
            for h in f:
                by_line.setdefault(h, []).append(best)
        members[best].append(pos)
    return [m for m in members if len(m) >= min_articles]


def group_lines(
    edges: Sequence[Sequence[int]],
    long: Sequence[Sequence[int]],
    min_articles: int = MIN_ARTICLES,
    min_share: float = MIN_SHARE,
) -> list[set[int]]:
    """The template lines (hashes) of each outlet group found among articles of no source,
    given each article's edge-line hashes and those of its long lines (with repeats), in
    the order `group_articles` finds the groups; groups that keep none are left out.

    A group's lines are its own: shared by its articles and hardly ever printed by the others
    (a sentence many articles of every group repeat is content, or no one's). Near-identical
    copies (a wire story, a generated page) share their prose too: a group whose "template"
    is most of its articles' prose is no outlet.
    """
    sets = [frozenset(e) for e in edges]  # (group_articles takes them as they are)
    everywhere: Counter[int] = Counter()
    for s in sets:
        everywhere.update(s)
    out = []
    for group in group_articles(sets, min_articles):
        inside: Counter[int] = Counter()
        for pos in group:
            inside.update(sets[pos])
        need = _need(len(group), min_articles, min_share)
        own = {h for h, n in inside.items() if n >= need and n >= GROUP_OWN * everywhere[h]}
        prose = sum(len(long[pos]) for pos in group)
        if prose and sum(1 for pos in group for h in long[pos] if h in own) > GROUP_MAX_PROSE * prose:
            continue
        stories = _stories(group, long, own)
        if len(stories) < len(group):
            # Copies of one story (a wire story saved twice, a page edited and saved again) are
            # one witness: what they share is that story's text, not the outlet's template.
            inside = Counter()
            for members in stories:
                inside.update(frozenset().union(*(sets[pos] for pos in members)))
            need = _need(len(stories), min_articles, min_share)
            own = ({h for h, n in inside.items() if n >= need and n >= GROUP_OWN * everywhere[h]}
                   if len(stories) >= min_articles else set())
        if own:
            out.append(own)
    return out


def _copies_once(long: Sequence[Sequence[int]], lines_of) -> tuple[int, Counter[int]]:
    """Copies of one story among a source's articles (their lines of prose `COPY_LIKENESS` the
    same: a wire story saved twice, a page saved again after an edit) are one witness of what
    the source prints: (how many stories the articles tell, how many times too many each line
    is counted when every copy counts). `long`: each article's prose line hashes; `lines_of(pos)`:
    the hashes of all its lines."""
    extra: Counter[int] = Counter()
    stories = _stories(range(len(long)), long, set())
    for members in stories:
        if len(members) > 1:
            seen: Counter[int] = Counter()
            for pos in members:
                seen.update(set(lines_of(pos)))
            extra.update({h: n - 1 for h, n in seen.items() if n > 1})
    return len(stories), extra


# Two articles whose lines of prose are this much the same (shared over either's), and at least
# this many of them, are copies of one story. (An outlet's short pages can share their long
# template lines as much: then those lines are most of their prose, which a group's template
# may not be, see GROUP_MAX_PROSE.)
COPY_LIKENESS = 0.5
COPY_MIN_LINES = 3


def _stories(group: Sequence[int], long: Sequence[Sequence[int]], own: set[int]) -> list[list[int]]:
    """The articles of a group (positions) gathered into stories: copies of one story (their
    lines of prose `COPY_LIKENESS` the same, `COPY_MIN_LINES` at least) in one list. Only articles that share a line of
    prose other than the group's template lines (`own`) are compared."""
    parent = {pos: pos for pos in group}

    def root(pos: int) -> int:
        while parent[pos] != pos:
            parent[pos] = parent[parent[pos]]
            pos = parent[pos]
        return pos

    prose = {pos: frozenset(long[pos]) for pos in group}
    first: dict[int, int] = {}
    for pos in group:
        for h in prose[pos] - own:
            other = first.setdefault(h, pos)
            if other == pos or root(other) == root(pos):
                continue
            a, b = prose[pos], prose[other]
            shared = len(a & b)
            if shared >= COPY_MIN_LINES and shared >= COPY_LIKENESS * len(a | b):
                parent[root(pos)] = root(other)
    stories: dict[int, list[int]] = {}
    for pos in group:
        stories.setdefault(root(pos), []).append(pos)
    return list(stories.values())


_COPYRIGHT_KEY = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:0\s*[-–]?\s*)*(?:0\s*)?(?:copyright\s*)?")


_SMALL_WORDS = frozenset({"to", "of", "the", "and", "for", "on", "in", "at", "by", "with", "from", "rights", "reserved"})


def group_name(keys: Iterable[str], taken: set[str], furniture: Iterable[str] = ()) -> str:
    """A readable name for a group of one outlet's articles, from its template line keys, in
    any language: the owner its copyright line names, else a domain a line spells
    ("xinhuanet.com"), else its shortest line shaped like a name (a few words, no sentence or
    label punctuation: not "Читайте также:", "اقرأ أيضا:"), else its first line's opening
    words; never a key in `furniture` (lines other outlets or groups print too: "相关新闻"
    under every article of a Chinese corpus is no one's name) nor furniture words alone.
    Title-cased (keys are lowercased), marked as found by grouping (GROUP_MARK), numbered
    when taken; "Unnamed outlet" when every line is furniture."""
    from index.clean.outlets import GENERIC

    def named(text: str) -> bool:  # not furniture words alone ("all rights reserved", "back to top")
        return not all(w in GENERIC or w in _SMALL_WORDS for w in re.findall(r"\w+", text))

    furniture = set(furniture)
    keys = sorted((k for k in keys if k not in furniture), key=lambda k: (len(k), k))
    name = None
    for key in keys:
        m = _COPYRIGHT_KEY.match(key)
        if m and m.end():
            owner = re.split(r"[.,|;:]| - |(?:^|\s)all rights", key[m.end():])[0].strip()
            if owner and any(ch.isalpha() for ch in owner) and len(owner.split()) <= 6 and named(owner):
                name = owner
                break
    if name is None:
        for key in keys:
            if m := _DOMAIN_IN_KEY.search(key):
                return _numbered(GROUP_MARK + m.group(1), taken)
    if name is None:
        for key in keys:
            words = key.split()
            if (1 <= len(words) <= 4 and len(key) <= 40 and any(ch.isalpha() for ch in key) and named(key)
                    and not _NOT_NAME_CHARS.search(key)):
                name = key
                break
    if name is not None:
        base = GROUP_MARK + " ".join(w[:1].upper() + w[1:] for w in name.split())
    elif keys:  # no line names it: its first template line's opening words (not furniture words)
        words = next((k for k in keys if named(k)), keys[0]).split()
        text = " ".join(words[:5]) + ("…" if len(words) > 5 else "")
        base = GROUP_MARK + text[:1].upper() + text[1:]
    else:
        base = GROUP_MARK + "Unnamed outlet"
    return _numbered(base, taken)


# A domain a template line spells ("© xinhuanet.com", "www.lenta.ru"): the outlet's own address
_DOMAIN_IN_KEY = re.compile(r"(?<![\w@.-])(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|net|org|info|ru|cn|ua|by|kz|de|fr|es|it|"
                            r"uk|ca|au|in|io|jp|kr|tr|ir|eg|sa|ae|qa|br|mx|ar|pl|nl|se|no|dk|fi|gr|il|news|tv))(?![\w-])")
# What a name does not hold: sentence or label punctuation in any script, arrows, quotes
_NOT_NAME_CHARS = re.compile(r"[.!?:;,،؛؟。！？：；，、…»«›‹>→←|\"“”„]")


def _numbered(base: str, taken: set[str]) -> str:
    label, n = base, 2
    while label in taken:
        label, n = f"{base} ({n})", n + 1
    taken.add(label)
    return label


def named_groups(groups: Iterable[Iterable[str]], outlets: dict[str, list[str]]) -> dict[str, list[str]]:
    """Outlet groups (each its template line keys, in `group_lines` order) under their
    `group_name`s, none of them a name in `outlets` (the named sources' template keys);
    groups with no keys are left out. A line other outlets or groups print as well is
    furniture, no one's name."""
    groups = [sorted(keys) for keys in groups]
    groups = [keys for keys in groups if keys]
    named = [keys for skey, keys in outlets.items() if skey]  # ("": the articles of no source)
    printed = Counter(k for keys in [*named, *groups] for k in set(keys))
    taken = set(outlets)
    out = {}
    for keys in groups:
        out[group_name(keys, taken, {k for k in keys if printed[k] > 1})] = keys
    return out


def _need(total: int, min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE) -> float:
    """In how many of a source's `total` articles a line shape must recur to be template."""
    return max(2, min_articles, min_share * total)


def key_hash(key: str) -> int:
    """A 64-bit hash of a line key, the same in every process (str hashes are salted per
    process, and the keys are hashed in worker processes)."""
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


# For the key of an ASCII line: digits become "0", capitals small letters (all `str.lower`
# changes in ASCII), the separators `str.split` knows (and bytes.split does not: \x1c-\x1f) a
# space.
_KEY_BYTES = bytes(48 if 48 <= b <= 57 else 32 if 28 <= b <= 31 else b + 32 if 65 <= b <= 90 else b
                   for b in range(256))


def _ascii_key(line: str) -> bytes:
    """`line_key` of an ASCII line, as bytes."""
    folded = b" ".join(line.encode("ascii").translate(_KEY_BYTES).split())
    while b"00" in folded:  # a run of digits is one "0"
        folded = folded.replace(b"00", b"0")
    return folded


def line_hash(line: str) -> int | None:
    """`key_hash(line_key(line))`, or None for a key too short to count; on an ASCII line
    without making the key a str (a line's key and hash were 8% of a bulk worker's time)."""
    if not line.isascii():
        key = line_key(line)
        return key_hash(key) if len(key) >= MIN_KEY_CHARS else None
    folded = _ascii_key(line)
    if len(folded) < MIN_KEY_CHARS:
        return None
    return int.from_bytes(blake2b(folded, digest_size=8).digest(), "little")


def line_hashes(lines: Sequence[str], labels: str, edges: bool = False) -> tuple[array, ...]:
    """The distinct `key_hash`es of an article's lines (what `learn` counts), and those of its
    lines labelled kept ("C") or title ("T"), which a new template would change.

    With `edges` (an article of no known source, which `learn` groups into outlets), also the
    hashes of its `edge_lines` and of those of them with PROSE_WORDS words or more, in order
    and with repeats, as `learn` keeps them."""
    every: dict[int, None] = {}
    kept: dict[int, None] = {}
    shown: list[tuple[int | None, str]] | None = [] if edges else None  # every non-blank line
    for line, label in zip_longest(lines, labels[:len(lines)], fillvalue=""):
        if not line or line.isspace():
            continue
        h = line_hash(line)
        if shown is not None:
            shown.append((h, line))
        if h is None:
            continue
        every[h] = None
        if label in "CT":
            kept[h] = None
    if shown is None:
        return array("Q", every), array("Q", kept)
    if len(shown) > 2 * EDGE_LINES:
        shown = shown[:EDGE_LINES] + shown[-EDGE_LINES:]
    edge = array("Q", [h for h, _ in shown if h is not None])
    # (a key has a space between each two of the lowered line's words)
    long = array("Q", [h for h, line in shown if h is not None and len(line.lower().split()) >= PROSE_WORDS])
    return array("Q", every), array("Q", kept), edge, long


def hashed_keys(lines: Iterable[str]) -> Iterator[tuple[str, int | None]]:
    """(`line_key`, its `key_hash`) of each line; the hash is None for a key too short to
    count (`learn` skips those)."""
    for line in lines:
        key = line_key(line)
        yield key, key_hash(key) if len(key) >= MIN_KEY_CHARS else None


class _SourceLines:
    """One source's line hashes from a first build, packed: 8 bytes a line."""

    __slots__ = ("every", "every_starts", "kept", "starts", "ids", "order")

    def __init__(self):
        self.every = array("Q")  # every article's distinct line hashes, one after another
        self.every_starts = array("Q")  # where each article's hashes start
        self.kept = array("Q")  # every article's kept-line hashes, one after another
        self.starts = array("Q")  # where each article's kept hashes start
        self.ids: list[str] = []
        self.order = array("Q")  # each article's place in the whole corpus, as added


class _EdgeLines:
    """The edge-line hashes of the articles of no source (what grouping needs), packed."""

    __slots__ = ("edges", "edge_starts", "long", "long_starts")

    def __init__(self):
        self.edges = array("Q")
        self.edge_starts = array("Q", [0])
        self.long = array("Q")
        self.long_starts = array("Q", [0])

    def add(self, edges: array, long: array) -> None:
        self.edges.extend(edges)
        self.edge_starts.append(len(self.edges))
        self.long.extend(long)
        self.long_starts.append(len(self.long))

    def articles(self) -> tuple[list[array], list[array]]:
        e, es, lg, ls = self.edges, self.edge_starts, self.long, self.long_starts
        return ([e[es[i]:es[i + 1]] for i in range(len(es) - 1)],
                [lg[ls[i]:ls[i + 1]] for i in range(len(ls) - 1)])


class TemplateCounts:
    """Template learning from `line_hashes` gathered while a corpus is first read.

    `Templates.learn` needs every article's raw lines, read back from the catalog twice
    (to count, then to find the articles a template changes), a good share of a first
    build. The workers that clean the articles have the lines at hand and send their hashes
    instead; this keeps them packed per source (a Counter of them took hundreds of megabytes
    on a large corpus) and counts them with numpy once the corpus is read. The articles of no
    source also send their edge lines' hashes, and are grouped into outlets as `learn` groups
    them (`group_lines`); `can_group` is False when one of them came without.
    """

    def __init__(self):
        self.sources: dict[str, _SourceLines] = {}
        self.unknown = _EdgeLines()
        self.can_group = True
        self._added = 0

    def add(self, article_id: str, source: str | None, every: array, kept: array,
            edges: array | None = None, long: array | None = None) -> None:
        skey = _learning_key(source)
        lines = self.sources.get(skey)
        if lines is None:
            lines = self.sources[skey] = _SourceLines()
        lines.every_starts.append(len(lines.every))
        lines.every.extend(every)
        lines.starts.append(len(lines.kept))
        lines.kept.extend(kept)
        lines.ids.append(article_id)
        lines.order.append(self._added)
        self._added += 1
        if not skey:
            if edges is None or long is None:
                self.can_group = False
            else:
                self.unknown.add(edges, long)

    def template_hashes(self) -> dict[str, np.ndarray]:
        """Per source, the hashes (sorted) of the line shapes `learn` would make template."""
        out = {}
        for skey, lines in self.sources.items():
            hashes, counts = np.unique(np.frombuffer(lines.every, dtype=np.uint64), return_counts=True)
            total = len(lines.ids)
            if not skey and self.can_group and len(self.unknown.long_starts) - 1 == total:
                # (copies of one story among the articles of no source count once: see `_copies_once`)
                _, long = self.unknown.articles()
                every = np.frombuffer(lines.every, dtype=np.uint64)
                starts = list(lines.every_starts) + [len(every)]
                total, extra = _copies_once(long, lambda pos: every[starts[pos]:starts[pos + 1]].tolist())
                if extra:  # (each a hash of `every`, so in `hashes`, which np.unique sorted)
                    at = np.searchsorted(hashes, np.fromiter(extra.keys(), dtype=np.uint64, count=len(extra)))
                    counts[at] -= np.fromiter(extra.values(), dtype=counts.dtype, count=len(extra))
            found = hashes[counts >= _need(total)]
            if len(found):
                out[skey] = found
        return out

    def first_showing(self, wanted: Mapping[str, Iterable[int]]) -> list[str]:
        """The articles to read for the keys behind `wanted` hashes (per source): for each hash,
        the first article of its source that shows it, in the order they were added."""
        out: list[tuple[int, str]] = []
        for skey, hashes in wanted.items():
            lines = self.sources.get(skey)
            if lines is None or not len(lines.every):
                continue
            every = np.frombuffer(lines.every, dtype=np.uint64)
            want = np.fromiter((int(h) for h in hashes), dtype=np.uint64)
            where = np.flatnonzero(np.isin(every, want))
            _, first = np.unique(every[where], return_index=True)
            articles = np.searchsorted(np.frombuffer(lines.every_starts, dtype=np.uint64), where[first], side="right") - 1
            out.extend((lines.order[i], lines.ids[i]) for i in set(articles.tolist()))
        return [aid for _, aid in sorted(out)]

    def group_hashes(self) -> list[set[int]]:
        """The template line hashes of each outlet group `learn` would find among the articles
        of no source, in its order (see `group_lines`)."""
        if not self.can_group or "" not in self.sources:
            return []
        return group_lines(*self.unknown.articles())

    def affected(self, hashes: Mapping[str, np.ndarray], groups: Iterable[Iterable[int]] = (),
                 also: Iterable[str] = ()) -> list[str]:
        """The articles with a kept line that is now template, and those of no source that
        join one of the outlet `groups` (each given by its lines' hashes), in the order they
        were added (for a first build, where no template was known before). `also`: ids of
        articles of no source to count among them (ones whose kept lines were not sent: see
        `workers.prepare_first`)."""
        also = set(also)
        out: list[tuple[int, str]] = []
        if also and "" in self.sources:
            lines = self.sources[""]
            out.extend((lines.order[i], aid) for i, aid in enumerate(lines.ids) if aid in also)
        for skey, lines in self.sources.items():
            templates = hashes.get(skey)
            if templates is None or not len(lines.kept):
                hit_ids = set()
            else:
                hit = np.isin(np.frombuffer(lines.kept, dtype=np.uint64), templates)
                ends = list(lines.starts[1:]) + [len(lines.kept)]
                marks = np.concatenate(([0], np.cumsum(hit)))  # template lines before each position
                hit_ids = {i for i, (a, b) in enumerate(zip(lines.starts, ends)) if marks[b] > marks[a]}
            if not skey and groups:
                hit_ids |= set(self._joining([frozenset(g) for g in groups]))
            if not skey and also:
                hit_ids = {i for i in hit_ids if lines.ids[i] not in also}  # (counted above)
            out.extend((lines.order[i], lines.ids[i]) for i in hit_ids)
        return [aid for _, aid in sorted(out)]

    def joining(self, groups: Iterable[Iterable[int]]) -> set[str]:
        """The ids of the articles of no source that join one of the outlet `groups` (see
        `affected`)."""
        lines = self.sources.get("")
        if lines is None:
            return set()
        return {lines.ids[pos] for pos in self._joining([frozenset(g) for g in groups])}

    def _joining(self, groups: list[frozenset[int]]) -> Iterator[int]:
        """The positions of the articles of no source that `Templates.group_of` puts in a group."""
        edges, _ = self.unknown.articles()
        for pos, hashes in enumerate(edges):
            keys = set(hashes)
            if any(len(keys & g) >= 2 and len(keys & g) >= GROUP_LIKENESS * len(g) for g in groups):
                yield pos


class Templates:
    """Template lines per source (immutable; `to_json`/`from_json` to store it)."""

    __slots__ = ("_by_source",)

    def __init__(self, by_source: Mapping[str, Iterable[str]] | None = None):
        frozen = {k: frozenset(v) for k, v in (by_source or {}).items() if v}
        object.__setattr__(self, "_by_source", frozen)

    def __setattr__(self, name, value):
        raise AttributeError("Templates is immutable")

    def __reduce__(self):
        # Worker processes receive templates pickled; rebuild through the constructor, since
        # the default slot-by-slot restore would go through the refusing __setattr__.
        return (Templates, ({k: sorted(v) for k, v in self._by_source.items()},))

    @classmethod
    def learn(
        cls,
        articles: Iterable[tuple[str | None, Sequence[str]]],
        *,
        min_articles: int = MIN_ARTICLES,
        min_share: float = MIN_SHARE,
    ) -> Templates:
        """Learn template lines from (source or None, raw lines) pairs, one pass, any order.

        Counting uses the process's string hash of each key; the key text itself is kept only
        once a shape has been seen twice, so memory grows with the repeated lines, not with
        the corpus. The result does not depend on the order of the articles.
        """
        counts: dict[str, Counter[int]] = {}
        texts: dict[str, dict[int, str]] = {}
        totals: Counter[str] = Counter()
        unknown: list[array] = []  # the edge lines' hashes of each article of no source
        unknown_long: list[array] = []  # ...those of its lines of PROSE_WORDS words or more
        unknown_lines: list[set[int]] = []  # ...and the hashes of all its lines
        for source, lines in articles:
            skey = _learning_key(source)
            totals[skey] += 1
            if not skey:
                edges, long = array("q"), array("q")
                for line in edge_lines(lines):
                    key = line_key(line)
                    if len(key) >= MIN_KEY_CHARS:
                        edges.append(hash(key))
                        if key.count(" ") >= PROSE_WORDS - 1:
                            long.append(hash(key))
                unknown.append(edges)
                unknown_long.append(long)
            counter = counts.setdefault(skey, Counter())
            known = texts.setdefault(skey, {})
            seen: set[int] = set()
            for line in lines:
                if not isinstance(line, str):
                    continue
                key = line_key(line)
                if len(key) < MIN_KEY_CHARS:
                    continue
                h = hash(key)
                if h in seen:
                    continue
                seen.add(h)
                counter[h] += 1
                if counter[h] == 2 and h not in known:
                    known[h] = key
            if not skey:
                unknown_lines.append(seen)
        if "" in counts and unknown_lines:
            totals[""], extra = _copies_once(unknown_long, unknown_lines.__getitem__)
            counts[""].subtract(extra)
        by_source: dict[str, list[str]] = {}
        for skey, counter in counts.items():
            need = _need(totals[skey], min_articles, min_share)
            keys = [texts[skey][h] for h, n in counter.items() if n >= need and h in texts[skey]]
            if keys:
                by_source[skey] = sorted(keys)
        known = texts.get("", {})
        by_source.update(named_groups(
            [[known[h] for h in own if h in known] for own in group_lines(unknown, unknown_long, min_articles, min_share)],
            by_source))
        return cls(by_source)

    def group_of(self, lines: Sequence[str]) -> str | None:
        """The group (see `group_articles`) an article of no known source belongs to: the one
        whose template lines it shows most, if it shows at least two of them and a good share
        (GROUP_LIKENESS) of them; None when none fits."""
        groups = [k for k in self._by_source if k.startswith(GROUP_MARK)]
        if not groups:
            return None
        keys = {line_key(line) for line in edge_lines(lines)}
        best, best_n = None, 0
        for g in groups:
            template = self._by_source[g]
            n = len(keys & template)
            if n >= 2 and n >= GROUP_LIKENESS * len(template) and n > best_n:
                best, best_n = g, n
        return best

    def is_template(self, source: str | None, line: str) -> bool:
        """True when `line` has the shape of a template line learned for `source`."""
        keys = self._by_source.get(_source_key(source))
        return bool(keys) and line_key(line) in keys

    def key_sets(self, sources: Iterable[str | None]) -> list[frozenset[str]]:
        """The learned line keys of each of `sources` that has some: a line is a template line
        of one of them when its `line_key` is in one of these (what `is_template` says of
        each source, with the line's key made once)."""
        return [keys for keys in map(self._by_source.get, map(_source_key, sources)) if keys]

    def groups(self) -> dict[str, frozenset[str]]:
        """The template lines of each outlet group found among the articles of no source."""
        return {k: v for k, v in self._by_source.items() if k.startswith(GROUP_MARK)}

    def lines(self, source: str | None) -> frozenset[str]:
        """The learned line keys of one source (for showing the user what is dropped)."""
        return self._by_source.get(_source_key(source), frozenset())

    def __bool__(self) -> bool:
        return bool(self._by_source)

    def __eq__(self, other) -> bool:
        return isinstance(other, Templates) and self._by_source == other._by_source

    def __hash__(self) -> int:
        return hash(frozenset(self._by_source.items()))

    def __repr__(self) -> str:
        n = sum(len(v) for v in self._by_source.values())
        return f"Templates({len(self._by_source)} sources, {n} lines)"

    def to_json(self) -> str:
        """A stable JSON text (sorted), so equal templates serialise identically."""
        data = {"format": FORMAT,
                "sources": {k: sorted(v) for k, v in sorted(self._by_source.items())}}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Templates:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a corpus-tui templates file (or an unknown format)")
        sources = data.get("sources") or {}
        if not isinstance(sources, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in sources.items()
        ):
            raise ValueError("malformed templates: 'sources' must map names to lists of lines")
        return cls(sources)
