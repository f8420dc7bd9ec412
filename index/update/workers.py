"""What the worker processes do, and their pool: reading and cleaning files, and for bulk
updates analysing and inverting them into runs (see `bulk_writer`).

Workers come from a forkserver, never a plain fork: the caller may be a threaded Textual app,
and forking a threaded process can deadlock. When the pool cannot start (a host process whose
standard streams are not real files, say) or a worker dies, the work is done in-process.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from index.clean import header, outlets
from index.clean.cleaner import FIND_SOURCE, clean
from index.clean.dates import parse_field, to_datetime
from index.clean.templates import GROUP_MARK, Templates, line_hashes
from index.explore.minhash import sketch
from index.update.forkserver import worker_context
from index.ingest import readers
from index.errors import BrokenInstall
from index.models import Skipped
from index.segments.bulk_writer import RunBuilder
from index.segments.search_index import make_schema
from index.store.catalog import ArticleRow, FileRow, pack
from index.text.safety import lf_endings, one_line, terminal_safe


@dataclass(frozen=True)
class Prepared:
    """One article read and cleaned, ready for the catalog and the index."""

    row: ArticleRow
    body: str
    # `templates.line_hashes` of its raw lines, when a first build learns templates from them
    line_hashes: tuple | None = None
    # Not cleaned yet: an article of no source in a first build, cleaned once the templates
    # are learned (see `prepare_first`); its row holds its raw text and no cleaning
    deferred: bool = False


def content_hash(text: str, title: str | None = None) -> str:
    h = hashlib.blake2b(digest_size=16)
    if title:
        h.update(title.encode("utf-8", "surrogatepass") + b"\x00")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# The corpus-level templates every clean of this process uses (set per update run, and in
# each pool worker by its initializer), so a worker needs no state passed per file.
_TEMPLATES: Templates | None = None


def set_templates(templates: Templates | None) -> None:
    global _TEMPLATES
    _TEMPLATES = templates


def _init_worker(templates: Templates | None, indexer_pid: int) -> None:
    """A cleaning worker: take the run's templates, and exit if the indexing process dies.

    Workers are children of the forkserver, not of the indexer, so a SIGKILLed indexer would
    otherwise leave them waiting forever.
    """
    set_templates(templates)
    # A worker builds big, long-lived structures (a run's postings, the stem cache) and frees
    # them batch by batch; with the default thresholds the cyclic collector kept rescanning
    # them, ~15% of a bulk worker's time. Nothing a worker makes needs it promptly.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(indexer_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, daemon=True, name="indexer-watch").start()


def folder_site(rel: str) -> str | None:
    """The outlet of a corpus laid out by site: the first folder on the article's path named
    like a web domain (`reuters.com/2019/story.txt`, `scrapes/www.bbc.co.uk/...`)."""
    for part in rel.split("/")[:-1]:
        if " " not in part and outlets.domain_label(part):
            return outlets.domain_of("//" + part.lower())
    return None


class _Runs:
    """`prepare`'s default templates: the run's own (`set_templates`)."""


RUNS_TEMPLATES = _Runs()


def prepare(raw: readers.RawArticle, found_source: str | None | object = FIND_SOURCE,
            templates: Templates | None | _Runs = RUNS_TEMPLATES) -> Prepared:
    """Clean one raw article into its catalog row and the body text to index.

    `found_source`: the source an earlier cleaning of this very text found (see `clean`).
    `templates`: the outlet templates to clean with (the run's, by default)."""
    return _prepared(raw, *_inputs(raw), found_source, _TEMPLATES if templates is RUNS_TEMPLATES else templates)


def _inputs(raw: readers.RawArticle):
    """(text, in_source, title, source, site, date hint) of a raw article: what `clean` is
    given for it."""
    # Control and escape sequences go at the door: everything downstream (index, catalog,
    # reader, exports) then holds only displayable text.
    text = lf_endings(raw.text)
    safe = terminal_safe(text)
    # A text that only had its line endings changed can be read again from its file (see
    # `readers.reread_text`); one that lost control characters is kept in the catalog.
    in_source = raw.rereadable and safe is text
    text = safe
    title = " ".join(terminal_safe(raw.title).split()) if raw.title else None
    # (without a leading "≈": that mark names the outlet groups the engine finds by itself, and
    # a given source written with it, a record's field or a page's site name, would be taken
    # for one and dropped when the groups are learned again)
    source = " ".join(terminal_safe(raw.source).lstrip("≈ \t").split()) if raw.source else None
    source = source or None
    # A domain (a `source_domain` field, the URL's host, an outlet's folder) is where the
    # article was published: the cleaner names it as the page does, else keeps the domain.
    site = None
    if source and outlets.domain_label(source) and " " not in source:
        site, source = outlets.domain_of("//" + source.lower()), None
    elif not source:
        site = outlets.domain_of(raw.url) or folder_site(raw.rel)
    date_hint = parse_field(raw.date) if raw.date else None
    return text, in_source, title, source, site, date_hint


def _prepared(raw, text, in_source, title, source, site, date_hint, found_source, templates) -> Prepared:
    cleaned = clean(text, title=title or None, source=source or None, date=date_hint, templates=templates, site=site,
                    found_source=found_source)
    if templates and not cleaned.paragraphs:
        # Outlet templates must never swallow a whole article (a corpus of near-identical
        # articles makes every line look like a template): fall back to single-page cleaning.
        cleaned = clean(text, title=title or None, source=source or None, date=date_hint, site=site,
                        found_source=found_source)
    sig, shingles = sketch(cleaned.body)
    row = ArticleRow(
        id=raw.id,
        rel=raw.rel,
        hash=content_hash(raw.text, raw.title),
        title=cleaned.title,
        source=cleaned.source,
        date=cleaned.date,
        url=raw.url,
        labels=cleaned.labels,
        raw="\n".join(cleaned.raw_lines),
        in_source=in_source,
        sketch=sig,
        shingles=shingles,
    )
    return Prepared(row, cleaned.body)


def clean_file(name: str, data: bytes) -> list:
    """The articles of one file's bytes cleaned as a build cleans them, read by the file name's
    suffix (an HTML page, a JSON record, a JSONL file's records, else text) with what the
    file gives (a page's title, site and date, a record's fields), without outlet templates:
    what `corpus-tui clean` prints. Each item is (article id, `CleanedArticle`), or a
    `Skipped` saying why the file or one of its records holds no article."""
    entry = readers.FileEntry(name, name, len(data), 0)
    out: list = []
    for item in readers.parse(entry, data):
        if isinstance(item, Skipped):
            out.append(item)
            continue
        text, _, title, source, site, date_hint = _inputs(item)
        out.append((item.id, clean(text, title=title or None, source=source or None, date=date_hint, site=site)))
    return out


def find_source(text: str, site: str | None) -> str | None:
    """What the cleaner's source search (`header.find_source`) answers for `text` (as `clean`
    splits it into lines) and `site`."""
    return header.source_of([s for t in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if (s := t.strip())],
                            site)


def prepare_first(raw: readers.RawArticle) -> Prepared:
    """`prepare` in a first build that learns outlet templates: an article of no source (the
    source search finds none, and it is a plain-text file, which templates re-clean) is not
    cleaned yet: the templates may put it in an outlet group, and it would be cleaned again.
    Its row holds the raw text, and learning takes its lines' hashes from that
    (`Prepared.deferred`); `Indexer` cleans it once the templates are learned."""
    text, in_source, title, source, site, date_hint = inputs = _inputs(raw)
    found = FIND_SOURCE
    if not source and readers.is_text_file(raw.rel):
        try:
            found = find_source(text, site)
        except BrokenInstall:
            raise
        except Exception:  # the cleaner's own fallback takes it (see `clean`)
            found = FIND_SOURCE
        if found is None:
            row = ArticleRow(id=raw.id, rel=raw.rel, hash=content_hash(raw.text, raw.title), title="", source=None,
                             date=None, url=raw.url, labels="", raw=text, in_source=in_source, sketch=b"")
            return Prepared(row, "", deferred=True)
    return _prepared(raw, *inputs, found, _TEMPLATES)


# Files a bulk worker cleans and inverts into one run: fewer, bigger runs make the merge at
# the commit cheaper (measured in bench/README.md).
BULK_BATCH_FILES = 1000
BULK_MIN_BATCH = 100

# Below this many changed files, starting worker processes costs more than it saves.
POOL_MIN_FILES = 64
# Files a worker takes at a time on an ordinary update.
POOL_CHUNK = 16



def process_file(entry: readers.FileEntry, prev_hash: str | None, defer: bool = False):
    """Read, hash, parse and clean one file: the unit of work a pool worker does.

    Returns (status, file row, prepared articles, skips); status is "skipped" (not readable),
    "same" (content identical to `prev_hash`) or "read". `defer`: clean with `prepare_first`.
    """
    why = readers.too_large(entry)
    data = None if why else readers.read_bytes(entry)
    if isinstance(data, Skipped):
        why = data.reason
    if why:
        return "skipped", None, [], [Skipped(entry.rel, why)]
    fh = readers.file_hash(data)
    row = FileRow(entry.rel, entry.size, entry.mtime_ns, fh)
    if prev_hash == fh:
        return "same", row, [], []
    prepared, skips = [], []
    items = readers.parse(entry, data)
    while True:
        try:
            item = next(items, None)
        except BrokenInstall:
            raise
        except Exception as exc:  # a reader bug must not stop the run: the rest of the file goes
            skips.append(Skipped(entry.rel, f"could not be read ({type(exc).__name__}: {one_line(str(exc), 200)})"))
            break
        if item is None:
            break
        if isinstance(item, Skipped):
            skips.append(item)
            continue
        try:
            prepared.append(prepare_first(item) if defer else prepare(item))
        except BrokenInstall:
            raise
        except Exception as exc:  # a cleaner bug must not stop the run
            skips.append(Skipped(item.id, f"could not be cleaned ({type(exc).__name__}: {exc})"))
    return "read", row, prepared, skips


def process_files(entries, prev_hashes) -> list:
    """process_file over a few files: the unit a pool worker takes on an ordinary update."""
    return [process_file(entry, prev) for entry, prev in zip(entries, prev_hashes)]


def process_all(stale, prev_hashes, cancel: threading.Event, pool=None):
    """process_file over every stale file, in order: on the pool's workers when there is one."""
    chunks = [(stale[i:i + POOL_CHUNK], prev_hashes[i:i + POOL_CHUNK]) for i in range(0, len(stale), POOL_CHUNK)]
    for results in in_batches(process_files, chunks, cancel, pool):
        yield from results


def index_fields(row: ArticleRow, body: str) -> dict:
    """The Whoosh document of one article."""
    doc = {"id": row.id, "title": row.title, "body": body}
    if row.source:
        doc["source"] = row.source
    when = to_datetime(row.date)
    if when is not None:
        doc["date"] = when
    return doc


_SCHEMA = None


@dataclass(frozen=True)
class Held:
    """A batch of a first build with articles not cleaned yet (`Prepared.deferred`): no run
    was made of it; `finish_batch` makes it once they are cleaned."""

    count: int  # its articles, as added


def process_batch(entries, prev_hashes, run_dir: str, hashes: bool = False, defer: bool = False):
    """process_file over a batch, plus the batch's articles inverted into one run.

    The prepared articles come back without their body: the run holds what the index needs,
    and the catalog keeps raw lines and labels, not the body. With `hashes`, each carries
    its `line_hashes` too. With `defer` (a first build that learns templates), the articles
    of no source are not cleaned yet (`prepare_first`); a batch that has some is not
    inverted either (its run would hold them in their place): `Held` instead of its run.
    """
    results = []
    for entry, prev in zip(entries, prev_hashes):
        status, row, prepared, skips = process_file(entry, prev, defer)
        results.append((status, row, prepared, skips))
    if any(prep.deferred for _, _, prepared, _ in results for prep in prepared):
        out = []
        for status, row, prepared, skips in results:
            out.append((status, row, [_sent(prep, hashes, keep_body=False) for prep in prepared], skips))
        return out, Held(sum(len(prepared) for _, _, prepared, _ in out))
    builder = RunBuilder(_schema())
    out = []
    for status, row, prepared, skips in results:
        indexed = []
        for prep in prepared:
            try:
                builder.add(index_fields(prep.row, prep.body))
            except Exception as exc:  # an analysis bug must not stop the build
                skips.append(Skipped(prep.row.id, f"could not be indexed ({type(exc).__name__}: {exc})"))
                continue
            indexed.append(_sent(prep, hashes))
        out.append((status, row, indexed, skips))
    return out, builder.save(Path(run_dir))


def _sent(prep: Prepared, hashes: bool, keep_body: bool = False) -> Prepared:
    """A prepared article as a bulk worker hands it back: its raw text packed (none when its
    file holds it), no body, and its `line_hashes` when asked for."""
    keys = None
    if hashes:
        # (an article of no source also sends its edge lines', which outlet grouping needs;
        # one not cleaned yet has no kept lines)
        unknown = not prep.row.source or prep.row.source.startswith(GROUP_MARK)
        lines = prep.row.raw.split("\n")
        keys = line_hashes(lines, "-" * len(lines) if prep.deferred else prep.row.labels, edges=unknown)
    packed = b"" if prep.row.in_source else pack(prep.row.raw)
    return Prepared(replace(prep.row, raw=packed), prep.body if keep_body else "", keys, prep.deferred)


def finish_batch(jobs: list[tuple], run_dir: str, root: str, follow_links: bool):
    """The run of a `Held` batch, once its deferred articles can be cleaned: each job is
    ("keep", id, title, source, date, labels, rel, blob, file hash) for an article cleaned in
    the first pass (its body is its lines labelled kept), ("clean", id, rel, blob, file hash,
    hash to keep, in_source) for one to clean now, without templates, or ("hole", id) for one
    that is re-cleaned with the templates later (a document left out of the segment, so the
    run holds the batch's articles as the first pass would have).

    The text comes from the blob the catalog keeps, else from the file. Returns the cleaned
    rows (with their kept lines' hashes, `line_hashes`), the ids whose text could not be had
    (their file changed since it was read), those that could not be indexed (id, why), and
    the run.
    """
    builder = RunBuilder(_schema())
    rows, lost, failed = [], [], []
    for job in jobs:
        kind, aid = job[0], job[1]
        if kind == "hole":
            builder.add({"id": aid})
            continue
        if kind == "keep":
            _, aid, title, source, date, labels, rel, blob, fhash = job
        else:
            _, aid, rel, blob, fhash, old_hash, in_source = job
        text = _text_of(rel, blob, fhash, root, follow_links)
        if text is None:
            lost.append(aid)
            builder.add({"id": aid})
            continue
        if kind == "keep":
            body = "\n\n".join(line for line, label in zip(text.split("\n"), labels) if label == "C")
            row = ArticleRow(aid, rel, "", title, source, date, None, labels, None)
        else:
            prep = prepare(readers.RawArticle(aid, rel, text, rereadable=in_source), None, None)
            row, body = replace(prep.row, hash=old_hash or prep.row.hash), prep.body
        try:
            builder.add(index_fields(row, body))
        except Exception as exc:  # an analysis bug must not stop the build: it is left out
            failed.append((aid, f"could not be indexed ({type(exc).__name__}: {exc})"))
            builder.add({"id": aid})
            continue
        if kind == "clean":
            kept = line_hashes(row.raw.split("\n"), row.labels)[1]
            rows.append((replace(row, raw=None), kept))
    return rows, lost, failed, builder.save(Path(run_dir))


def _text_of(rel: str, blob: bytes | None, fhash: str | None, root: str, follow_links: bool) -> str | None:
    """An article's raw text from the catalog's blob, else from its file (`Catalog.text_of`)."""
    from index.store.catalog import unpack

    if blob:
        return unpack(blob)
    if fhash is None:
        return None
    return readers.reread_text(os.path.join(root, rel), fhash, follow_links)


def reclean_batch(jobs: list[tuple[str, str, str, str, bool, object]], run_dir: str, templates: Templates):
    """Re-clean known articles ((id, rel, raw text, hash to keep, in_source, found source: see
    `prepare`)) with new templates."""
    set_templates(templates)
    builder = RunBuilder(_schema())
    rows = []
    for aid, rel, raw, old_hash, in_source, found in jobs:
        prep = prepare(readers.RawArticle(aid, rel, raw, rereadable=in_source), found)
        # same content: keep the hash of the original file text (tags are keyed on it)
        row = replace(prep.row, hash=old_hash or prep.row.hash)
        builder.add(index_fields(row, prep.body))
        rows.append(replace(row, raw=b"" if in_source else pack(row.raw)))
    return rows, builder.save(Path(run_dir))


def _schema():
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = make_schema()
    return _SCHEMA


def worker_count() -> int:
    return min(os.cpu_count() or 1, 4)


def start_pool():
    """A pool of forkserver workers carrying this run's templates, or None when it can't start
    (one core, or a host whose standard streams are not real files, like a Textual app)."""
    workers = worker_count()
    if workers < 2:
        return None
    from concurrent.futures import ProcessPoolExecutor

    try:
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=worker_context(), initializer=_init_worker,
            initargs=(_TEMPLATES, os.getpid()),
        )
        pool.submit(os.getpid).result()  # starts the workers now, so a failure shows here
        return pool
    except (OSError, ValueError, RuntimeError) as exc:
        import logging

        logging.getLogger(__name__).warning("working in one process: worker pool unavailable (%s)", exc)
        return None


def stop_pool(pool, timeout: float = 10.0) -> None:
    """Shut `pool` down without waiting for the batches its workers are on (a cancelled or failed
    run drops them): the workers are stopped, and the pool's manager thread, which sees them go,
    is joined. Left running, that thread races the interpreter's exit, which wakes it through a
    pipe it may be closing at that moment; CPython 3.11 then prints a traceback under the
    command's one-line error. (`timeout` bounds each join: a worker that ignores SIGTERM is left.)"""
    manager = getattr(pool, "_executor_manager_thread", None)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(timeout)
    if manager is not None:
        manager.join(timeout)


def in_batches(fn, batches: list[tuple], cancel: threading.Event, pool=None):
    """fn(*batch) for every batch, in order: on the pool's workers when there is a pool.

    If the pool breaks (a worker killed, by the OOM killer say), the batches not yet done are
    done here instead.
    """
    if pool is None:
        for args in batches:
            yield fn(*args)
        return
    from concurrent.futures import BrokenExecutor

    futures = [pool.submit(fn, *args) for args in batches]
    try:
        for i, future in enumerate(futures):
            try:
                result = future.result()
                futures[i] = None  # (a done future keeps its result: a whole build's rows by the end)
            except BrokenExecutor:
                import logging

                logging.getLogger(__name__).warning("a worker process died; going on in one process")
                for args in batches[i:]:
                    yield fn(*args)
                return
            yield result
    finally:
        for future in futures:
            if future is not None:
                future.cancel()


def batch_size(total: int) -> int:
    """Files per bulk batch: a few batches per worker at least, at most BULK_BATCH_FILES."""
    return max(BULK_MIN_BATCH, min(BULK_BATCH_FILES, total // (4 * worker_count())))


def process_bulk(stale, prev_hashes, cancel: threading.Event, run_dir: Path, pool, hashes: bool = False,
                 defer: bool = False):
    """(entry, result) per stale file, in order, and after each batch's files the batch's Run
    (or `Held`). `hashes`: the prepared articles carry their `line_hashes` (for a first
    build); `defer`: the articles of no source are cleaned later (see `process_batch`)."""
    size = batch_size(len(stale))
    batches = [(stale[i:i + size], prev_hashes[i:i + size], str(run_dir), hashes, defer)
               for i in range(0, len(stale), size)]
    for (entries, *_), (results, run) in zip(batches, in_batches(process_batch, batches, cancel, pool)):
        yield from zip(entries, results)
        yield run
