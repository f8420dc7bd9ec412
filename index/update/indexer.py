"""Bringing the catalog and the Whoosh index up to date with the corpus folder.

Change detection is cheap first: a file whose size and mtime match the catalog is not opened.
A file whose stat changed is hashed; only a changed hash means re-parsing and re-cleaning.
Order of commits: Whoosh first, then the catalog. A kill between the two leaves the catalog
behind the index; the next run re-does those files, deleting by id before adding, so nothing
is duplicated, and a count mismatch between the two triggers a rebuild.

Two ways into the index. An update of BULK_MIN_FILES or more changed files is a bulk update:
worker processes (`workers`) read, clean, analyse and invert batches of files into runs, this
process writes the catalog and deletes replaced versions, and at the commit the runs become
new segments, one per worker (see `bulk_writer`). Fewer changed files go through Whoosh's own
writer, article by article, with cleaning on the worker pool when there are more than a few. A
build from scratch of either kind learns the outlet templates before its commit, so re-cleaned
articles replace their first version inside the build (a small build holds its articles until
the commit for that); a bulk one cleans its articles of no source only once the templates are
learned, since those that join an outlet group would be cleaned again (`_finish_deferred`). Commits through Whoosh's writer merge with `live_stats.merge_policy`.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
from whoosh.index import LockError

from index.clean import cleaner_fingerprint
from index.clean.cleaner import FIND_SOURCE
from index.clean.templates import (
    GROUP_MARK, MIN_ARTICLES, TemplateCounts, Templates, hashed_keys, key_hash, named_groups,
)
from index.errors import CorpusError, IndexBusy
from index.explore import copies
from index.explore.minhash import sketch
from index.ingest import readers
from index.models import Progress, Skipped, UpdateReport
from index.segments.bulk_writer import BulkWriter, Run
from index.segments.live_stats import merge_policy
from index.segments.posting_pool import use_batched_pool
from index.segments.search_index import SCHEMA_VERSION, SearchIndex, codec
from index.store.catalog import Catalog, FileRow
from index.store.tag_store import TagStore
from index.update import reattach, workers

ProgressFn = Callable[[Progress], None]


class Cancelled(CorpusError):
    """The update was cancelled; the index is as it was before it started."""


@contextmanager
def update_lock(data_dir: Path, wait: float):
    """An exclusive lock on the data folder for the length of an update.

    flock is released by the kernel when its holder dies, so a killed run never leaves a stale
    lock behind.
    """
    path = data_dir / "update.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        "the index is being updated by another corpus-tui process; try again when it is done"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


class Indexer:
    """One update run over a corpus; `run()` does it all."""

    def __init__(
        self,
        root: Path,
        data_dir: Path,
        catalog: Catalog,
        index: SearchIndex,
        tags: TagStore,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
        follow_links: bool = False,
    ):
        self.root = root
        self.follow_links = follow_links
        self.fresh_build = False
        self.template_counts: TemplateCounts | None = None  # see _read_stale
        self.data_dir = data_dir
        self.catalog = catalog
        self.index = index
        self.tags = tags
        self.progress = progress or (lambda p: None)
        self.cancel = cancel or threading.Event()
        self.written: set[str] = set()  # ids written to the index by this run (see _group_copies)
        self.gone: set[str] = set()  # ids this run removed

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("indexing cancelled; the index is unchanged")

    def needs_rebuild(self) -> bool:
        if self.catalog.get_meta("schema_version") != SCHEMA_VERSION:
            return True
        if self.cleaned_by_another():
            return True
        if not self.index.exists():
            return True
        try:
            return self.index.doc_count() != self.catalog.count()
        except Exception:
            return True

    def cleaned_by_another(self) -> bool:
        """The articles were cleaned by another version of the cleaner (see
        `cleaner_fingerprint`); a catalog of before it was recorded counts as another."""
        return self.catalog.get_meta("cleaner") != cleaner_fingerprint()

    def run(self, rebuild: bool = False, wait: float = 0.0) -> UpdateReport:
        started = time.perf_counter()
        with update_lock(self.data_dir, wait):
            report = UpdateReport()
            # Tags from before the store kept what their articles are (and tags of articles
            # edited since): recorded while the catalog still knows those articles.
            reattach.remember(self.catalog, self.tags, self.tags.unremembered())
            verdict = self.index.verdict()
            if rebuild or self.needs_rebuild():
                if not (verdict.trusted or verdict.absent):
                    report.rebuilt_because = verdict.reason
                elif not rebuild and not verdict.absent and self.catalog.count() and self.cleaned_by_another():
                    report.rebuilt_because = "its articles were cleaned by another version of the cleaner"
                self._reset()
                report.rebuilt = True
            self._update(report)
        report.elapsed_s = time.perf_counter() - started
        return report

    def _reset(self) -> None:
        self.index.wipe()
        conn = self.catalog.begin()
        conn.execute("DELETE FROM files")
        conn.execute("DELETE FROM articles")
        conn.execute("DELETE FROM skipped")
        conn.execute("DELETE FROM sketches")
        conn.execute("DELETE FROM copies")
        conn.execute("DELETE FROM meta")
        conn.execute("COMMIT")

    def _update(self, report: UpdateReport) -> None:
        self.copies_fresh = self.catalog.get_meta("copies_state") == copies.COPIES_VERSION
        self.progress(Progress("scan", 0, None, "looking for articles"))
        entries: list[readers.FileEntry] = []
        for item in readers.walk(self.root, skip_dirs={self.data_dir}, follow_links=self.follow_links):
            if isinstance(item, Skipped):
                report.skipped.append(item)
            else:
                entries.append(item)
        known = self.catalog.files()
        seen = {e.rel for e in entries}
        stale = [e for e in entries if (k := known.get(e.rel)) is None or (k.size, k.mtime_ns) != (e.size, e.mtime_ns)]
        gone_rels = [rel for rel in known if rel not in seen]
        if not stale and not gone_rels:
            # Nothing to do: count the articles in SQL rather than load every id (a large
            # share of an unchanged re-index).
            report.unchanged += self.catalog.count()
            if self.catalog.get_meta("schema_version") != SCHEMA_VERSION:
                self.index.open()  # creates the empty index of an empty corpus
                self.catalog.set_meta("schema_version", SCHEMA_VERSION)
            if self.cleaned_by_another():
                self.catalog.set_meta("cleaner", cleaner_fingerprint())
            if not self.copies_fresh:
                self._group_copies()
            self.progress(Progress("done", 0, 0, ""))
            return
        by_rel = self.catalog.ids_by_rel()
        stale_rels = {e.rel for e in stale}
        report.unchanged += sum(len(by_rel.get(e.rel, ())) for e in entries if e.rel not in stale_rels)
        self.templates = self._stored_templates()
        workers.set_templates(self.templates)

        batch = _Batch(self)
        try:
            self._read_stale(stale, known, by_rel, report, batch)
            for rel in gone_rels:
                Catalog.drop_file(batch.conn, rel)
                for aid, h in by_rel.get(rel, ()):
                    batch.removed[aid] = h
            self._check_cancel()
            moves = batch.finish(report)
            fresh = self.fresh_build
            if fresh:
                # A build from scratch (of any size) learns templates before its one commit:
                # re-cleaned articles replace their first version before it reaches the index.
                self._refresh_templates(report, batch)
                self._finish_deferred(batch)  # (when no template was learned)
            batch.commit()
        except BaseException:
            batch.abort()
            raise
        if not fresh:
            self._refresh_templates(report)
        live = self.catalog.all_ids()
        shuffled, displaced = batch.shuffles(moves)
        rehash = {aid: batch.added[aid] for aid in batch.updated if aid not in shuffled and aid not in displaced}
        same_text = {h: aid for aid, h in batch.added.items() if aid not in shuffled.values()}
        if rehash or moves or same_text or shuffled:
            self.tags.follow(moves, rehash, same_text, live, shuffled=shuffled, displaced=displaced)
        taken = {new for new, _h in shuffled.values()} | set(moves.values())
        new_ids = {aid for aid in batch.added if aid not in batch.updated and aid not in taken}
        report.reattached = reattach.reattach(self.catalog, self.tags, new_ids, live)
        reattach.remember(self.catalog, self.tags, self.tags.unremembered())
        self._group_copies()
        self.progress(Progress("done", report.added + report.updated, report.added + report.updated, ""))

    # -- near-copies ---------------------------------------------------------------------------

    def _group_copies(self) -> None:
        """Regroup near-copies after the index commit (see `index.explore.copies`): only
        around what this run wrote and removed, unless an earlier regrouping never finished
        (or the catalog predates sketches), when every article is regrouped."""
        self.progress(Progress("copies", 0, None, "grouping copies"))
        full = not self.copies_fresh
        conn = self.catalog.begin()
        try:
            if full:
                missing = copies.missing_sketches(conn)
                for aid, _src, blob, labels, rel, fhash in list(self.catalog.raw_rows("id", missing)):
                    raw = self.catalog.text_of(rel, blob, fhash)
                    if raw is None:
                        continue  # its file changed since: the next update reads it again
                    body = "\n\n".join(line for line, label in zip(raw.split("\n"), labels) if label == "C")
                    sig, n = sketch(body)
                    conn.execute("INSERT OR REPLACE INTO sketches(id, sig, shingles) VALUES (?,?,?)", (aid, sig, n))
            copies.regroup(conn, self.written, self.gone, full=full)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('copies_state', ?)", (copies.COPIES_VERSION,))
            conn.execute("DELETE FROM copies WHERE id NOT IN (SELECT id FROM articles)")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- corpus-level templates ----------------------------------------------------------------

    def _stored_templates(self) -> Templates | None:
        text = self.catalog.get_meta("templates")
        if not text:
            return None
        try:
            return Templates.from_json(text)
        except ValueError:
            return None

    def _refresh_templates(self, report: UpdateReport, batch: "_Batch | None" = None) -> None:
        """Learn each outlet's template lines from the corpus, and re-clean what they change.

        Templates are relearned for a source only when its article count moved by more than
        RELEARN_SHARE since they were learned (or on a rebuild), so an article cleans the same
        way from one run to the next; when they do change, every plain-text article of that
        source whose cleaning they affect is re-cleaned and re-indexed, so the whole corpus
        is always cleaned with one set of templates.
        """
        if not report.changed and not report.rebuilt:
            return
        import json

        counts = self.catalog.source_counts()
        try:
            learned_counts = json.loads(self.catalog.get_meta("template_counts") or "{}")
        except ValueError:
            learned_counts = {}
        stale = {
            src for src in set(counts) | set(learned_counts)
            if abs(counts.get(src, 0) - learned_counts.get(src, 0)) > RELEARN_SHARE * max(1, learned_counts.get(src, 0))
        }
        if not stale:
            return
        # The articles of no source and those of the groups found among them are one pool:
        # the groups are found again whenever any of it changed.
        pool = {src for src in set(counts) | set(learned_counts) if not src or src.startswith(GROUP_MARK)}
        if stale & pool:
            stale |= pool | {""}
        self.progress(Progress("templates", 0, None, "learning outlet templates"))
        old = self.templates or Templates()
        # A first build learns from the line hashes its workers sent (unless some article of
        # no source came without the edge lines its grouping needs: then from the catalog).
        sketch = self.template_counts
        if old or learned_counts or (sketch is not None and not sketch.can_group and counts.get("", 0) >= MIN_ARTICLES):
            sketch = None
        if sketch is None:
            self._finish_deferred(batch)  # the catalog scan reads every article's labels
        if sketch is not None:
            hashes = sketch.template_hashes()
            group_hashes = sketch.group_hashes()
            wanted = {src: {int(h) for h in hs} for src, hs in hashes.items()}
            if group_hashes:
                wanted[""] = wanted.get("", set()).union(*group_hashes)
            texts = self._key_texts(wanted, sketch.first_showing(wanted))
            by_source = {src: [texts[src][int(h)] for h in hs if int(h) in texts[src]] for src, hs in hashes.items()}
            by_source = {src: keys for src, keys in by_source.items() if keys}
            new = Templates(by_source | named_groups(
                [[texts[""][h] for h in own if h in texts[""]] for own in group_hashes], by_source))
        else:
            # Streamed from the catalog twice (learn, then find what changed) rather than held
            # in memory: a 100k-article corpus's raw text would be a gigabyte of Python strings.
            fresh = Templates.learn((src or None, raw.split("\n")) for _, src, raw, *_ in self._rows_of(stale))
            merged = {src: old.lines(src or None) for src in counts if src not in stale}
            merged.update({src: fresh.lines(src or None) for src in stale})
            merged.update(fresh.groups())
            new = Templates({k: v for k, v in merged.items() if v})
        self.catalog.set_meta("template_counts", json.dumps({k: v for k, v in counts.items()}, sort_keys=True))
        if new == old:
            return
        workers.set_templates(new)
        self.templates = new
        if sketch is not None:
            groups = [{key_hash(k) for k in keys} for keys in new.groups().values()]
            # The articles of no source not cleaned yet: those that join a group are cleaned
            # with its templates below; the others now, as their first cleaning, and again
            # below where the templates change what that kept.
            joining = sketch.joining(groups)
            hit = self._finish_deferred(batch, joining, hashes.get(""))
            ids = sketch.affected(hashes, groups, also=hit)
            redo = [job for job in self._raw_of(ids) if readers.is_text_file(job[1])]
            if batch is not None and batch.deferred:
                # (a deferred article whose file changed since it was read cannot be cleaned)
                self._lose(batch, set(batch.deferred) - {job[0] for job in redo})
        else:
            changed = {src for src in stale if old.lines(src or None) != new.lines(src or None)}
            if old.groups() != new.groups():
                changed |= pool | {""}
            redo = [
                (aid, rel, raw, in_source, src)
                for aid, src, raw, labels, rel, in_source in self._rows_of(changed)
                if readers.is_text_file(rel) and self._affected(src or None, raw, labels, old, new)
            ]
        if redo:
            self._reclean(redo, new, batch)
        else:
            self.catalog.set_meta("templates", new.to_json())
        report.recleaned = len(redo)

    def _key_texts(self, hashes: dict[str, set[int]], ids: list[str] | None = None) -> dict[str, dict[int, str]]:
        """The line keys behind template hashes (source -> hash -> key), from the articles `ids`
        (those the workers' hashes say show them), else from the first articles of each source
        that show them (a template line is in a good share of its source's articles)."""
        pending = {src: set(hs) for src, hs in hashes.items()}
        found: dict[str, dict[int, str]] = {src: {} for src in hashes}

        def learner(src: str) -> str:  # whom an article counts for (see `TemplateCounts.add`)
            return "" if src.startswith(GROUP_MARK) else src

        def take(rows) -> None:
            for _, src, raw, *_ in rows:
                src = learner(src)
                wanted = pending[src]
                for key, h in hashed_keys(raw.split("\n")):
                    if h in wanted:
                        wanted.discard(h)
                        found[src][h] = key
                if not any(pending.values()):
                    break

        if ids is not None:
            take((aid, src, raw) for aid, src, blob, _labels, rel, fhash in self.catalog.raw_rows("id", ids)
                 if learner(src) in pending and (raw := self.catalog.text_of(rel, blob, fhash)) is not None)
        if any(pending.values()):  # (also when one of those articles' files changed since)
            # Only the text of a source still wanting keys is read: the rows come in corpus
            # order, one outlet's folder after another, and reading every article on the way
            # to the last outlet's first ones was a noticeable part of a build.
            sources = {src for src, hs in pending.items() if hs}
            if "" in sources:
                sources |= {src for src in self.catalog.source_counts() if src.startswith(GROUP_MARK)}
            take(self._rows_of(sources, wanted=lambda src: bool(pending[learner(src)])))
        return found

    def _raw_of(self, ids: list[str]) -> list[tuple[str, str, str, bool, str | None]]:
        """(id, rel, raw text, in_source, stored source) of these articles, in the order of `ids`; those whose
        file changed or went since it was read are left out (the next update reads them again).

        The order is the order re-cleaned articles are written back to the catalog in, which
        a later relearning reads them in (and grouping articles of no source depends on it):
        SQLite gives rows looked up by id in id order.
        """
        found = {}
        for aid, src, blob, _labels, rel, fhash in self.catalog.raw_rows("id", ids):
            raw = self.catalog.text_of(rel, blob, fhash)
            if raw is not None:
                found[aid] = (aid, rel, raw, not blob, src)
        return [found[aid] for aid in ids if aid in found]

    def _rows_of(self, sources: set[str], wanted: Callable[[str], bool] | None = None):
        """(id, source, raw text, labels, rel, in_source) of the articles of `sources`, in one
        table scan; as in `_raw_of`, those whose text is not to be had are left out, and so
        are those of a source `wanted` says no to when their turn comes."""
        for aid, src, blob, labels, rel, fhash in self.catalog.raw_rows("source", sorted(sources)):
            if wanted is not None and not wanted(src):
                continue
            raw = self.catalog.text_of(rel, blob, fhash)
            if raw is not None:
                yield aid, src, raw, labels, rel, not blob

    @staticmethod
    def _affected(source, raw: str, labels: str, old: Templates, new: Templates) -> bool:
        lines = raw.split("\n")
        keys = [source]
        if source is None or source.startswith(GROUP_MARK):
            group = new.group_of(lines)
            if group != source:
                return True  # it joins, leaves or changes its outlet group: its source changes
            keys = [None, group] if group else [None]
        for line, label in zip(lines, labels):
            if label in "CT" and any(new.is_template(k, line) for k in keys):
                return True
            if label == "B" and any(old.is_template(k, line) for k in keys) and not any(new.is_template(k, line) for k in keys):
                return True
        return False

    def _reclean(self, redo: list[tuple[str, str, str, bool, str | None]], templates: Templates,
                 within: "_Batch | None" = None) -> None:
        """Re-clean articles ((id, rel, raw text, in_source, stored source)) and replace them in
        index and catalog.

        `within`: the open bulk batch of a build from scratch, whose runs still hold the first
        versions; otherwise this is a batch (and a commit) of its own.
        """
        # same content: keep the hash of the original file text (tags are keyed on it)
        hashes = self.catalog.hashes([job[0] for job in redo])
        jobs = [(aid, rel, raw, hashes.get(aid), in_source, self._found_source(src))
                for aid, rel, raw, in_source, src in redo]
        batch = within or _Batch(self, bulk=len(jobs) >= BULK_MIN_FILES)
        try:
            if batch.bulk:
                size = workers.batch_size(len(jobs))
                run_dir = str(batch.run_dir())
                batches = [(jobs[i:i + size], run_dir, templates) for i in range(0, len(jobs), size)]
                done = 0
                for rows, run in workers.in_batches(workers.reclean_batch, batches, self.cancel, batch.pool()):
                    self._check_cancel()
                    for row in rows:
                        if within is not None:
                            batch.drop(row.id)  # its first version, in this build's runs
                        batch.add(workers.Prepared(row, ""))  # (and out of existing segments)
                    batch.add_run(run)
                    done += len(rows)
                    self.progress(Progress("templates", done, len(jobs), rows[-1].id if rows else ""))
            else:
                for n, job in enumerate(jobs, start=1):
                    self._check_cancel()
                    aid, rel, raw, old_hash, in_source, found = job
                    prep = workers.prepare(readers.RawArticle(aid, rel, raw, rereadable=in_source), found)
                    batch.add(workers.Prepared(replace(prep.row, hash=old_hash or prep.row.hash), prep.body))
                    if n % 200 == 0:
                        self.progress(Progress("templates", n, len(redo), aid))
            batch.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('templates', ?)", (templates.to_json(),))
            if within is None:
                batch.commit()
        except BaseException:
            if within is None:
                batch.abort()
            raise

    def _found_source(self, stored: str | None) -> str | None | object:
        """What the cleaner's source search (`header.find_source`) answered for an article
        cleaned earlier in this build, from the source stored for it: a re-cleaning in a build
        from scratch need not search again (the same lines, the same site, the same code). An
        outlet group's name means it found none. Any other run searches again: its catalog
        may hold a cleaning by another version of the cleaner."""
        if not self.fresh_build:
            return FIND_SOURCE
        return stored if stored and not stored.startswith(GROUP_MARK) else None

    def _finish_deferred(self, batch: "_Batch | None", joining: set[str] = frozenset(), templates=None) -> set[str]:
        """Clean the articles a first build deferred (`workers.prepare_first`) and make the runs
        of the batches that held them (`workers.Held`), which then join the index in their
        place; a deferred article in `joining` (it joins an outlet group) is left to the
        re-cleaning with the templates, its place in its run left empty.

        Each is cleaned as its first pass would have (no templates, and the source search's
        answer: none) and its row in the catalog filled in where it stands (the order of the
        rows is the first pass's). Returns the ids of those whose kept lines hold one of
        `templates` (the hashes of the template lines of the articles of no source): the
        templates change them, so they are re-cleaned like the joining ones.
        """
        if batch is None or not batch.held:
            return set()
        held, batch.held = batch.held, []
        conn = batch.conn
        ids = [info[1] for _, infos in held for info in infos if info[0] != "skip"]
        stored = {aid: (blob, rel, fhash) for aid, _src, blob, _labels, rel, fhash in self.catalog.raw_rows("id", ids)}
        batches = []
        for position, infos in held:
            jobs = []
            for info in infos:
                kind, aid = info[0], info[1]
                blob, rel, fhash = stored.get(aid, (None, "", None))
                if kind == "keep" and aid in stored:
                    _, aid, title, source, date, labels = info
                    jobs.append(("keep", aid, title, source, date, labels, rel, blob or None, fhash))
                elif kind == "clean" and aid not in joining and aid in stored:
                    _, aid, old_hash, in_source = info
                    jobs.append(("clean", aid, rel, blob or None, fhash, old_hash, in_source))
                else:
                    jobs.append(("hole", aid))
            batches.append((jobs, str(batch.run_dir()), str(self.root), self.follow_links))
        total = sum(1 for jobs, *_ in batches for job in jobs if job[0] == "clean")
        self.progress(Progress("templates", 0, total, "cleaning the articles of no source"))
        hit: set[str] = set()
        wanted = None if templates is None or not len(templates) else templates
        done = 0
        lost: list[str] = []
        runs = []
        for (jobs, *_), (rows, gone, failed, run) in zip(batches, workers.in_batches(
                workers.finish_batch, batches, self.cancel, batch.pool())):
            self._check_cancel()
            for aid, why in failed:  # (left out as the first pass leaves out what it cannot index)
                Catalog.drop_article(conn, aid)
                Catalog.put_skipped(conn, aid, why)
                batch.deferred.discard(aid)
            for row, kept in rows:
                conn.execute("UPDATE articles SET title=?, source=?, date=?, labels=? WHERE id=?",
                             (row.title, row.source, row.date, row.labels, row.id))
                conn.execute("UPDATE sketches SET sig=?, shingles=? WHERE id=?", (row.sketch, row.shingles, row.id))
                batch.deferred.discard(row.id)
                if wanted is not None and len(kept) and np.isin(np.frombuffer(kept, dtype=np.uint64), wanted).any():
                    hit.add(row.id)
            lost.extend(gone)
            runs.append((jobs, {*gone, *(aid for aid, _ in failed)}, run))
            done += len(rows)
            self.progress(Progress("templates", done, total, rows[-1][0].id if rows else ""))
        for (position, _), (jobs, gone, run) in zip(held, runs):
            batch.fill(position, run, [None if job[0] == "hole" or job[1] in gone else job[1] for job in jobs])
        batch.release()
        self._lose(batch, set(lost))
        return hit

    def _lose(self, batch: "_Batch", ids: set[str]) -> None:
        """Leave out of this build the deferred articles whose text could not be read again
        (their file changed or went since the first pass): their file is read again by the
        next update."""
        for aid in sorted(ids):
            row = batch.conn.execute("SELECT rel FROM articles WHERE id=?", (aid,)).fetchone()
            Catalog.drop_article(batch.conn, aid)
            if row is not None:
                batch.conn.execute("UPDATE files SET mtime_ns=-1 WHERE rel=?", (row[0],))
            batch.deferred.discard(aid)
            batch.drop(aid)

    def _read_stale(self, stale, known, by_rel, report: UpdateReport, batch: "_Batch") -> None:
        total = len(stale)
        self.progress(Progress("read", 0, total, ""))
        prev_hashes = [known[e.rel].hash if e.rel in known else None for e in stale]
        # Many changed files go through the bulk writer: the cleaning workers also analyse and
        # invert their articles, and this process only writes the catalog and merges their runs.
        batch.bulk = total >= BULK_MIN_FILES
        self.fresh_build = self.index.open().doc_count_all() == 0 and not by_rel
        batch.hold = self.fresh_build and not batch.bulk
        # A first bulk build with no templates known learns them from line hashes the workers send.
        learning = batch.bulk and self.fresh_build and not self.templates and not self.catalog.get_meta("template_counts")
        self.template_counts = TemplateCounts() if learning else None
        # ...and cleans the articles of no source once they are learned (see `_finish_deferred`)
        defer = DEFER_UNSOURCED and self.template_counts is not None
        infos: list[tuple] = []  # what `_finish_deferred` needs of each article of the batch under way
        if batch.bulk:
            results = workers.process_bulk(stale, prev_hashes, self.cancel, batch.run_dir(), batch.pool(), learning,
                                           defer)
        else:
            pool = batch.pool() if total >= workers.POOL_MIN_FILES else None
            results = zip(stale, workers.process_all(stale, prev_hashes, self.cancel, pool))
        n = 0
        for item in results:
            if isinstance(item, Run):
                batch.add_run(item)
                infos = []
                continue
            if isinstance(item, workers.Held):
                batch.hold_run(item, infos)
                infos = []
                continue
            entry, result = item
            n += 1
            self._check_cancel()
            if n % 50 == 0 or n == total:
                self.progress(Progress("read", n, total, entry.rel))
            status, file_row, prepared, skips = result
            old = dict(by_rel.get(entry.rel, ()))
            report.skipped.extend(skips)
            if status == "skipped":
                batch.removed.update(old)
                # Remember its stat (no hash: nothing was read), so an unchanged skipped file
                # does not count as a change, and make every `export` update first.
                Catalog.put_file(batch.conn, FileRow(entry.rel, entry.size, entry.mtime_ns, ""))
                for skip in skips:
                    Catalog.put_skipped(batch.conn, skip.path, skip.reason)
                continue
            if status == "same":  # touched but identical: remember the new stat, read nothing more
                Catalog.put_file(batch.conn, file_row)
                report.unchanged += len(old)
                continue
            report.read += 1
            batch.conn.execute("DELETE FROM skipped WHERE rel=? OR rel LIKE ?", (entry.rel, entry.rel + "#%"))
            for skip in skips:
                Catalog.put_skipped(batch.conn, skip.path, skip.reason)
            Catalog.put_file(batch.conn, file_row)
            fresh_ids = set()
            for prep in prepared:
                aid = prep.row.id
                fresh_ids.add(aid)
                if aid in old:
                    if old[aid] == prep.row.hash:
                        report.unchanged += 1
                        if batch.bulk:
                            batch.skip()  # its run holds it anyway: leave it out
                            infos.append(("skip", aid))
                        continue
                    batch.updated.add(aid)
                    batch.removed[aid] = old[aid]
                batch.add(prep)
                if defer:
                    if prep.deferred:
                        infos.append(("clean", aid, prep.row.hash, prep.row.in_source))
                        batch.deferred.add(aid)
                    else:
                        row = prep.row
                        infos.append(("keep", aid, row.title, row.source, row.date, row.labels))
                if self.template_counts is not None:
                    if prep.line_hashes is None:  # (a worker that sends none: learn the slow way)
                        self.template_counts = None
                    else:
                        self.template_counts.add(aid, prep.row.source, *prep.line_hashes)
            for aid, h in old.items():
                if aid not in fresh_ids:
                    batch.removed[aid] = h


# Templates of a source are relearned when its article count changed by more than this share.
RELEARN_SHARE = 0.2
# A first build that learns templates cleans the articles of no source once, after learning
# (`workers.prepare_first`), rather than before it and again once they join an outlet group.
DEFER_UNSOURCED = True

# An update of at least this many changed files uses the bulk writer.
BULK_MIN_FILES = 200
# A bulk commit of at least this many articles writes one segment per worker, all at once.
BULK_SPLIT_MIN = 4000


class _Batch:
    """The writes of one update: a Whoosh writer and a catalog transaction, committed together."""

    def __init__(self, indexer: Indexer, bulk: bool = False):
        self.indexer = indexer
        self.bulk = bulk  # articles arrive as worker-built runs (set before the first add)
        self.conn = indexer.catalog.begin()
        self.writer = None
        self.fresh_index = False
        # A small build from scratch holds its articles until the commit (`hold`), so that
        # re-cleaning one with the learned templates replaces it before it is indexed.
        self.hold = False
        self._held: dict[str, dict] = {}  # id -> its index fields, in the order added
        self._run_dir: Path | None = None
        self._pool = None
        self._pool_tried = False
        self._pending: list[str | None] = []  # ids added since the last run (None: left out)
        # Runs waiting for the runs of held batches before them (see `hold_run`): (run or None, ids)
        self._queue: list[list] | None = None
        self.held: list[tuple[int, list[tuple]]] = []  # (place in the queue, what it holds)
        self.deferred: set[str] = set()  # ids of articles added but not cleaned yet
        self._where: dict[str, tuple[int, int]] = {}  # id -> (run position, local number)
        self.added: dict[str, str] = {}  # id -> hash of every article written
        self.updated: set[str] = set()
        self.removed: dict[str, str] = {}  # id -> hash of articles that are gone or replaced

    def run_dir(self) -> Path:
        """Where bulk workers write their runs (emptied first: a killed build may have left some)."""
        if self._run_dir is None:
            path = self.indexer.data_dir / "runs"
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
            self._run_dir = path
        return self._run_dir

    def pool(self):
        """The worker pool of this update, started on first use (None: work in-process)."""
        if not self._pool_tried:
            self._pool_tried = True
            self._pool = workers.start_pool()
        return self._pool

    def _writer(self):
        if self.writer is None:
            ix = self.indexer.index.open()
            try:
                if self.bulk:
                    self.writer = BulkWriter(ix, codec=codec())
                else:
                    self.writer = ix.writer(limitmb=256, codec=codec())
                    use_batched_pool(self.writer)
            except LockError:
                raise IndexBusy("the index is locked by another writer; try again in a moment") from None
            self.fresh_index = ix.doc_count_all() == 0
        return self.writer

    def add(self, prep: workers.Prepared) -> None:
        """Record one article; unless in bulk mode (where its run carries it) index it too."""
        row = prep.row
        writer = self._writer()
        if not self.fresh_index:
            writer.delete_by_term("id", row.id)  # its earlier version, in the existing segments
        if self.bulk:
            self._pending.append(row.id)
        elif self.hold:
            self._held[row.id] = workers.index_fields(row, prep.body)
        else:
            writer.add_document(**workers.index_fields(row, prep.body))
        Catalog.put_article(self.conn, row)
        self.added[row.id] = row.hash
        self.indexer.written.add(row.id)

    def hold_run(self, held: workers.Held, infos: list[tuple]) -> None:
        """The articles `add`ed since the previous run make a batch whose run comes later
        (`fill`): this and every later run wait for it (`release`), so that documents keep
        the order they were added in."""
        if len(self._pending) != held.count or len(infos) != held.count:
            raise RuntimeError(f"held batch of {held.count} articles, {len(self._pending)} were added")
        if self._queue is None:
            self._queue = []
        self.held.append((len(self._queue), infos))
        self._queue.append([None, self._pending])
        self._pending = []

    def fill(self, position: int, run: Run, ids: list[str | None]) -> None:
        """The run of a held batch: its articles in the order they were added (None for one
        left out)."""
        self._queue[position] = [run, ids]

    def release(self) -> None:
        """Add the waiting runs, in order (every held batch filled)."""
        queue, self._queue = self._queue or [], None
        pending = self._pending
        for run, ids in queue:
            if run is None:
                raise RuntimeError("a held batch was never cleaned")
            self._pending = ids
            self.add_run(run)
        self._pending = pending

    def add_run(self, run: Run) -> None:
        """A bulk run holding the articles `add`ed since the previous run, in the same order."""
        if self._queue is not None:  # (behind a held batch)
            self._queue.append([run, self._pending])
            self._pending = []
            return
        if len(self._pending) != run.doc_count:
            raise RuntimeError(f"bulk run holds {run.doc_count} articles, {len(self._pending)} were added")
        writer = self._writer()
        position = writer.add_run(run)
        for local, aid in enumerate(self._pending):
            if aid is None:
                writer.drop(position, local)
            else:
                self._where[aid] = (position, local)
        self._pending = []

    def skip(self) -> None:
        """The next article of the coming run is unchanged: leave it out of the index."""
        self._pending.append(None)

    def drop(self, aid: str) -> None:
        """Leave an article added by an earlier run of this batch out of the index."""
        if self._queue is not None:
            raise RuntimeError("runs are waiting for a held batch")
        where = self._where.pop(aid, None)
        if where is not None:
            self._writer().drop(*where)
        self._held.pop(aid, None)

    def finish(self, report: UpdateReport) -> dict[str, str]:
        """Apply deletions, count what happened, and return renames (old id -> new id)."""
        gone = {aid: h for aid, h in self.removed.items() if aid not in self.added}
        self.indexer.gone.update(gone)
        if gone:
            writer = self._writer()
            for aid in gone:
                writer.delete_by_term("id", aid)
                Catalog.drop_article(self.conn, aid)
        vanished_by_hash = {h: aid for aid, h in gone.items()}
        moves: dict[str, str] = {}
        for aid, h in self.added.items():
            if aid in self.updated:
                continue
            old_id = vanished_by_hash.pop(h, None)
            if old_id is not None:
                moves[old_id] = aid
        report.renamed = len(moves)
        report.updated = len(self.updated)
        report.added = len(self.added) - len(self.updated) - len(moves)
        report.removed = len(gone) - len(moves)
        return moves

    def shuffles(self, moves: dict[str, str]) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
        """Texts that went from one file to another where either file is still there with
        another text (two names swapped; a re-scrape that numbers its files anew): old id ->
        (new id, hash); and the ids (-> old hash) that took another's text while their own went
        nowhere. A file whose text changed and went nowhere else is an edit, in neither.
        (`moves`, a text gone from one name to a new one, is `finish`'s.)"""
        holders: dict[str, list[str]] = {}  # old hash -> the ids that held it and no longer do
        for aid, h in sorted(self.removed.items()):
            if aid not in moves and self.added.get(aid) != h:
                holders.setdefault(h, []).append(aid)
        shuffled: dict[str, tuple[str, str]] = {}
        for aid in sorted(self.added):
            h = self.added[aid]
            if aid in moves.values() or not holders.get(h):
                continue
            old = holders[h].pop(0)
            if old in self.updated or aid in self.updated:
                shuffled[old] = (aid, h)
        sources = set(shuffled)
        displaced = {aid: self.removed[aid] for aid in self.updated
                     if aid not in sources and any(new == aid for new, _h in shuffled.values())}
        return shuffled, displaced

    def commit(self) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
        )
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('cleaner', ?)", (cleaner_fingerprint(),))
        # Groups of copies are brought up to date after this commit; until then they are stale
        # (a run that finds them so regroups everything).
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('copies_state', 'pending')")
        if self.writer is not None:
            # No count: a bulk commit is one long step per segment, with nothing to count in it.
            self.indexer.progress(Progress("commit", 0, None, "writing the index"))
            if isinstance(self.writer, BulkWriter):
                pool = self.pool() if self.writer.docnum >= BULK_SPLIT_MIN else None
                self.writer.commit(pool=pool, parts=workers.worker_count() if pool is not None else 1)
            else:
                for fields in self._held.values():
                    self.writer.add_document(**fields)
                self._held = {}
                # Whoosh's choice of small segments to merge, plus those with many deletions,
                # merged with exact lengths (see `live_stats`)
                self.writer.commit(mergetype=merge_policy)
            self.writer = None
            self.indexer.index.seal()
        self.conn.execute("COMMIT")
        self._close()

    def abort(self) -> None:
        if self.writer is not None:
            try:
                self.writer.cancel()
            except Exception:
                pass
            self.writer = None
        try:
            self.indexer.index.remove_unsealed()  # a full disk's partial segment files
        except OSError:
            pass
        try:
            self.conn.execute("ROLLBACK")
        except Exception:
            pass
        self._close(cancelled=True)

    def _close(self, cancelled: bool = False) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            if cancelled:
                workers.stop_pool(pool)  # (the batches its workers are on are dropped with the run)
            else:
                pool.shutdown(wait=True, cancel_futures=True)
        if self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)
