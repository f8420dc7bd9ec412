"""Groups of near-copies (syndicated wire stories, re-scrapes, light rewrites), kept in the catalog.

Two articles are copies when their cleaned bodies' shingle sets nearly coincide, or when one
is nearly contained in the other (a copy truncated to its first half), and their openings
agree too: see `is_copy`. LSH on
the MinHash sketches (`minhash`) proposes candidate pairs; the sketches check them; a group is
a connected component of the checked pairs, named by its smallest article id.

Regrouping is incremental and gives what a full pass over the corpus would: the articles
added or changed, their candidates, and every member of a group any of them (or a removed
article) belonged to are regrouped among themselves; no other group can gain or lose an edge.
The catalog's `copies` table is a cache like the rest of it: the meta key `copies_state` is
"pending" from the index commit until regrouping is done, so a run killed in between is
followed by a full pass.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from index.explore import minhash
from index.store.catalog import rows_in

# Version of the sketches and the rule: when it changes, every sketch is recomputed.
COPIES_VERSION = "2"
# A pair is a copy when the smaller shingle set is this much inside the larger...
OVERLAP_MIN = 0.8
# ...and has at least this many shingles; sets smaller than that must be nearly equal.
MIN_SHINGLES = 12
JACCARD_SMALL = 0.9
# ...and the smaller of their openings (the shingles starting in a text's first half) must be
# this much inside the other's. A copy keeps the story's opening (a truncated copy is all
# opening; a wire story under another outlet's page furniture keeps its lede), while two
# distinct texts that share only a long ending (an outlet's disclaimer or sign-off that the
# cleaner could not learn, because the corpus holds too few of the outlet's articles) agree
# on all of it but their openings: four fifths shared at the end leave the openings three
# fifths alike.
OPENING_MIN = 0.75
# Runs of articles sharing one band longer than this are paired along the run only (a corpus
# of hundreds of identical pages must not make a quadratic number of pairs).
ALL_PAIRS_RUN = 32
# Above this share of the corpus changed, regroup everything (same result, fewer lookups).
FULL_SHARE = 0.25


@dataclass(frozen=True)
class Sketches:
    """Every article's sketch, loaded from the catalog: ids, (n, NUM_PERM) values, shingle counts."""

    ids: list[str]
    sigs: np.ndarray
    shingles: np.ndarray
    openings: np.ndarray
    opening_shingles: np.ndarray

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Sketches:
        ids, blobs, counts = [], [], []
        for aid, sig, n in conn.execute("SELECT id, sig, shingles FROM sketches WHERE shingles > 0"):
            if len(sig) == minhash.SKETCH_BYTES:
                ids.append(aid)
                blobs.append(sig)
                counts.append(n)
        heads, head_counts = minhash.openings(blobs)
        return cls(ids, minhash.as_matrix(blobs), np.asarray(counts, dtype=np.int64), heads, head_counts)


def is_copy(j: np.ndarray, na: np.ndarray, nb: np.ndarray,
            jo: np.ndarray | None = None, oa: np.ndarray | None = None, ob: np.ndarray | None = None) -> np.ndarray:
    """Which pairs (estimated Jaccard `j`, shingle counts `na`, `nb`; their openings' Jaccard
    `jo` and shingle counts `oa`, `ob`) are copies of each other."""
    small = np.minimum(na, nb) < MIN_SHINGLES
    contained = minhash.overlap(j, na, nb) >= OVERLAP_MIN
    if jo is not None:
        contained &= minhash.overlap(jo, oa, ob) >= OPENING_MIN
    return np.where(small, j >= JACCARD_SMALL, contained)


def candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """(k, 2) row pairs, first < second, that share at least one band of `keys`."""
    found = []
    n = len(keys)
    for b in range(keys.shape[1]):
        order = np.argsort(keys[:, b], kind="stable")
        k = keys[order, b]
        same = np.flatnonzero(k[1:] == k[:-1])
        if not len(same):
            continue
        found.append(np.stack([order[same], order[same + 1]], axis=1))  # neighbours in each run
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        lengths = np.diff(np.r_[starts, n])
        for start, length in zip(starts[lengths > 2], lengths[lengths > 2]):
            if length <= ALL_PAIRS_RUN:
                members = order[start:start + length]
                i, j = np.triu_indices(length, 1)
                found.append(np.stack([members[i], members[j]], axis=1))
    if not found:
        return np.zeros((0, 2), np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    pairs.sort(axis=1)
    return np.unique(pairs, axis=0)


def components(n: int, edges: np.ndarray) -> np.ndarray:
    """A component label (its smallest member) for each of n rows, given (k, 2) edges."""
    parent = np.arange(n)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in edges.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb
    return np.fromiter((find(i) for i in range(n)), dtype=np.int64, count=n)


def group_rows(sk: Sketches, rows: np.ndarray, check: Callable[[], None] = lambda: None) -> list[list[int]]:
    """The groups (of two or more) among sketch rows `rows`, as lists of rows."""
    if len(rows) < 2:
        return []
    sigs = sk.sigs[rows]
    pairs = candidate_pairs(minhash.band_keys(sigs))
    check()
    keep = []
    for start in range(0, len(pairs), 200_000):  # (bounded memory on a corpus of copies)
        p = pairs[start:start + 200_000]
        a, b = rows[p[:, 0]], rows[p[:, 1]]
        j = minhash.jaccard(sigs[p[:, 0]], sigs[p[:, 1]])
        jo = minhash.jaccard(sk.openings[a], sk.openings[b])
        keep.append(p[is_copy(j, sk.shingles[a], sk.shingles[b], jo, sk.opening_shingles[a], sk.opening_shingles[b])])
    edges = np.concatenate(keep) if keep else np.zeros((0, 2), np.int64)
    if not len(edges):
        return []
    labels = components(len(rows), edges)
    order = np.argsort(labels, kind="stable")
    groups = []
    sorted_labels = labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    for members in np.split(order, starts[1:]):
        if len(members) > 1:
            groups.append(rows[members].tolist())
    return groups


def regroup(conn: sqlite3.Connection, changed: Iterable[str], removed: Iterable[str],
            full: bool = False, check: Callable[[], None] = lambda: None) -> int:
    """Bring the `copies` table up to date after `changed` ids were written and `removed` ids
    deleted (inside the caller's transaction); returns how many articles were regrouped."""
    sk = Sketches.load(conn)
    check()
    changed = set(changed)
    removed = set(removed) - changed
    row_of = {aid: i for i, aid in enumerate(sk.ids)}
    if full or len(changed) > FULL_SHARE * max(1, len(sk.ids)):
        conn.execute("DELETE FROM copies")
        rows = np.arange(len(sk.ids))
        touched: set[str] = set()
    else:
        new_rows = np.fromiter((row_of[a] for a in changed if a in row_of), dtype=np.int64)
        near = np.zeros(len(sk.ids), bool)
        near[new_rows] = True
        if len(new_rows):
            keys = minhash.band_keys(sk.sigs)
            for b in range(keys.shape[1]):
                near |= np.isin(keys[:, b], keys[new_rows, b])
            check()
        seeds = changed | removed | {sk.ids[i] for i in np.flatnonzero(near)}
        groups = {g for (g,) in rows_in(conn, "SELECT DISTINCT grp FROM copies WHERE id IN ({marks})", list(seeds))}
        mates = {a for (a,) in rows_in(conn, "SELECT id FROM copies WHERE grp IN ({marks})", list(groups))}
        touched = seeds | mates
        rows = np.fromiter(sorted(row_of[a] for a in touched if a in row_of), dtype=np.int64)
        for chunk in _chunks(list(touched)):
            conn.execute(f"DELETE FROM copies WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    groups = group_rows(sk, rows, check)
    conn.executemany(
        "INSERT OR REPLACE INTO copies(id, grp) VALUES (?,?)",
        ((sk.ids[r], name) for members in groups for name in [min(sk.ids[m] for m in members)] for r in members),
    )
    return len(rows)


def missing_sketches(conn: sqlite3.Connection) -> list[str]:
    """Ids of articles with no sketch, or one of an earlier layout (a catalog written before
    sketches were kept, or before they held the opening's)."""
    return [a for (a,) in conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN sketches s ON s.id = a.id"
        " WHERE s.id IS NULL OR length(s.sig) != ?", (minhash.SKETCH_BYTES,))]


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def similarities(rows: dict[str, tuple[bytes, int]], article_id: str, others: list[str]) -> dict[str, tuple[float, float]]:
    """(estimated Jaccard, overlap) of an article with each of `others`, from their sketches
    (`rows`: id -> (sketch, shingle count), as `Catalog.sketches` gives them)."""
    if article_id not in rows:
        return {}
    base = minhash.as_matrix([rows[article_id][0]])[0]
    n0 = np.asarray([rows[article_id][1]])
    out = {}
    for aid in others:
        if aid in rows and aid != article_id:
            j = minhash.jaccard(base, minhash.as_matrix([rows[aid][0]])[0])
            out[aid] = (float(j), float(minhash.overlap(np.asarray(j), n0, np.asarray([rows[aid][1]]))[0]))
    return out
