"""A digest of everything the cleaner outputs, to check that a speed change changed nothing.

    python bench/clean_outputs.py DIR... --digest          # clean every page, print hashes
    python bench/clean_outputs.py --build DIR [--pool]     # build DIR's index, hash catalog + index

Cleaning (`--digest`): every `*.raw.txt` of a folder that has some (a cleanbench `data/`),
else every `.txt` under it (a `generate_corpus.py` corpus), cleaned with the default cleaner
(the line model), with the rules alone, and with outlet templates learned over the folder
(`Templates.learn`, every page of no known source, so the grouping is exercised too); the
hash covers title, source, date, paragraphs and labels of each, and the line model's feature
matrix (`page_features`) with and without the templates. Run it at the commit before a
change and after it: the lines must match.

Building (`--build`): a build from scratch of DIR into a temporary data folder (in this one
process unless `--pool`), then a hash of every catalog table row for row in rowid order (the
`cleaner` fingerprint left out: it is a hash of the cleaner's code) and of the index: each
document's stored fields in document order, and every field's terms with their postings
(document numbers and weights) in order.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.clean.cleaner import RULES, clean, page_features  # noqa: E402
from index.clean.templates import Templates  # noqa: E402


def pages_of(folder: Path) -> list[tuple[str, str]]:
    files = sorted(folder.glob("*.raw.txt"))
    if not files:
        files = sorted(p for p in folder.rglob("*.txt")
                       if not any(part.startswith(".") for part in p.relative_to(folder).parts)
                       and not p.name.endswith((".gold.txt", ".labels.txt")))
    return [(str(p.relative_to(folder)), p.read_text(encoding="utf-8", errors="replace")) for p in files]


def _feed(h, *parts) -> None:
    for part in parts:
        if isinstance(part, bytes):
            h.update(len(part).to_bytes(8, "little") + part)
        else:
            data = repr(part).encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "little") + data)


def _cleaned(h, c) -> None:
    _feed(h, c.title, c.source, c.date, c.paragraphs, c.labels)


def digest(folders: list[Path]) -> int:
    total = hashlib.sha256()
    for folder in folders:
        pages = pages_of(folder)
        parts = {name: hashlib.sha256() for name in ("model", "rules", "templates", "features", "features+t")}
        started = time.process_time()
        templates = Templates.learn((None, raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")) for _, raw in pages)
        for name, raw in pages:
            _feed(parts["model"], name)
            _cleaned(parts["model"], clean(raw))
            _cleaned(parts["rules"], clean(raw, line_model=RULES))
            _cleaned(parts["templates"], clean(raw, templates=templates))
            for key, t in (("features", None), ("features+t", templates)):
                x, rows, title = page_features(raw, t)
                _feed(parts[key], x.shape, x.tobytes(), rows, title)
        cpu = time.process_time() - started
        line = "  ".join(f"{k} {v.hexdigest()[:12]}" for k, v in parts.items())
        print(f"{folder}: {len(pages)} pages, {templates!r}, {cpu:.1f} s CPU\n  {line}")
        for v in parts.values():
            total.update(v.digest())
    print(f"digest {total.hexdigest()}")
    return 0


def build_digest(folder: Path, pool: bool) -> int:
    from index import Corpus
    from index.update import workers

    if not pool:
        workers.start_pool = lambda: None
    with tempfile.TemporaryDirectory() as data_dir:
        corpus = Corpus(str(folder), data_dir)
        started = time.process_time()
        report = corpus.update(rebuild=True)
        cpu = time.process_time() - started
        parts = {}
        conn = corpus.catalog._conn()
        for table in ("files", "articles", "skipped", "sketches", "copies", "meta"):
            h = hashlib.sha256()
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                if table == "meta" and row[0] == "cleaner":
                    continue
                _feed(h, *row)
            parts[table] = h
        h = hashlib.sha256()
        t = hashlib.sha256()
        with corpus.index.open().searcher() as s:
            r = s.reader()
            for docnum, fields in r.iter_docs():
                _feed(h, docnum, sorted(fields.items()))
            for field in sorted(r.indexed_field_names()):
                for term in r.lexicon(field):
                    m = r.postings(field, term)
                    _feed(t, field, term, list(m.all_ids()))
                    m = r.postings(field, term)
                    weights = []
                    while m.is_active():
                        weights.append(m.weight())
                        m.next()
                    _feed(t, weights)
            segments = [seg.doc_count_all() for seg in corpus.index.open()._segments()]
        parts["stored"], parts["terms"] = h, t
        corpus.close()
    print(f"build of {folder}: {cpu:.1f} s CPU, {report.summary()}; segments {segments}")
    print("  " + "  ".join(f"{k} {v.hexdigest()[:12]}" for k, v in parts.items()))
    total = hashlib.sha256()
    for v in parts.values():
        total.update(v.digest())
    print(f"build digest {total.hexdigest()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", type=Path, nargs="*")
    ap.add_argument("--digest", action="store_true", help="clean every page of the folders and hash the outputs")
    ap.add_argument("--build", type=Path, help="build this corpus from scratch and hash the catalog and the index")
    ap.add_argument("--pool", action="store_true", help="with --build: with the worker pool (default: one process)")
    a = ap.parse_args(argv)
    if a.build:
        return build_digest(a.build, a.pool)
    if not a.folders:
        ap.error("give folders to clean, or --build DIR")
    return digest(a.folders)


if __name__ == "__main__":
    sys.exit(main())
