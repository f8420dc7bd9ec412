"""The `corpus-tui` command: a thin click layer over `index.Corpus`.

The engine raises `CorpusError`s with one-line messages; here they become an error line on
stderr and a non-zero exit. With no command, the Textual app opens.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from index import (
    MAX_FILE_BYTES,
    EXPORT_FORMATS,
    PERIODS,
    SORTS,
    Corpus,
    CorpusError,
    QueryError,
    csv_cell,
    decode_bytes,
    export_articles,
    export_tags,
    import_tags,
    one_line,
    Skipped,
    read_user_file,
    start_worker_server,
    storage_problem,
    terminal_json,
    terminal_safe,
    too_many_lines,
    user_data_dir_for,
)

from . import __version__

ENV_CORPUS = "CORPUS_TUI_CORPUS"
ENV_FOLLOW = "CORPUS_TUI_FOLLOW_LINKS"


def bundled_corpus() -> Path:
    """The sample corpus shipped with the package (the repository's `corpus/` folder)."""
    here = Path(__file__).resolve().parent.parent / "corpus"
    if here.is_dir():
        return here
    from importlib.resources import files

    return Path(str(files("corpus_tui_sample")))


def default_corpus() -> Path:
    local = Path("corpus")
    if local.is_dir():
        return local
    return bundled_corpus()


class UserError(click.ClickException):
    """A one-line error for the user (click prints 'Error: …' and exits 1)."""


def fail(message: str, code: int = 1):
    exc = UserError(terminal_safe(message))
    exc.exit_code = code
    raise exc


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


class Context:
    """What the group passes to its commands: which corpus, and the engine once opened."""

    def __init__(self, corpus_dir: str | None, data_dir: str | None, follow_links: bool = False):
        self.corpus_dir = corpus_dir
        self.data_dir = data_dir
        self.follow_links = follow_links
        self._corpus: Corpus | None = None

    @property
    def corpus_path(self) -> Path:
        chosen = self.corpus_dir or os.environ.get(ENV_CORPUS)
        return Path(chosen) if chosen else default_corpus()

    def open(self) -> Corpus:
        if self._corpus is None:
            data_dir = self.data_dir
            path = self.corpus_path
            if data_dir is None and not os.environ.get("CORPUS_TUI_DATA") and "site-packages" in path.resolve().parts:
                # The sample installed with the package: keep its index out of site-packages.
                data_dir = user_data_dir_for(path)
            try:
                self._corpus = Corpus(path, data_dir, follow_links=self.follow_links)
            except CorpusError as exc:
                fail(str(exc))
            except (sqlite3.DatabaseError, OSError) as exc:  # a full disk, say
                where = data_dir or os.environ.get("CORPUS_TUI_DATA") or "of " + str(path)
                fail(storage_problem(where, exc))
            for note in self._corpus.repairs:
                console(stderr=True).print(one_line(note), markup=False)
        return self._corpus

    def ready(self, quiet: bool = False) -> Corpus:
        """The corpus with an index, built first if there is none.

        An existing index is used as it is, without walking the folder (that walk is what made
        a search on a large corpus slow to start); `corpus-tui index` brings it up to date,
        and the app checks for changes in the background.
        """
        corpus = self.open()
        if corpus.needs_build():
            run_update(corpus, rebuild=False, quiet=quiet, announce=True)
        return corpus


STAGES = {
    "scan": "Scanning",
    "read": "Reading + cleaning",
    "templates": "Learning outlet templates",
    "index": "Indexing",
    "commit": "Writing index",
    "copies": "Grouping copies",
    "export": "Exporting",
    "done": "Done",
}


@contextmanager
def progress_bar(enabled: bool = True):
    """A Rich progress bar on stderr (only on a terminal); yields a `Progress` callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err = console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not (enabled and err.is_terminal),
        transient=True,
    ) as bar:
        task = bar.add_task("Starting", total=None)

        def on_progress(p) -> None:
            bar.update(task, description=STAGES.get(p.stage, p.stage), completed=p.done, total=p.total)

        yield on_progress


def run_update(corpus: Corpus, rebuild: bool, quiet: bool, announce: bool = False):
    """Update the index with a progress bar on stderr, then print the summary line."""
    with progress_bar(not quiet) as on_progress:
        try:
            report = corpus.update(
                rebuild=rebuild, progress=on_progress, wait=30.0 if announce else 0.0
            )
        except CorpusError as exc:
            fail(str(exc))
    if quiet and report.rebuilt_because:
        # said even when quiet: the user should know why a command took a rebuild's time
        console(stderr=True).print(
            f"the old index was not used ({one_line(report.rebuilt_because)}); rebuilt it", markup=False
        )
    if not quiet:
        err = console(stderr=True)
        err.print(("index updated: " if announce else "") + terminal_safe(report.summary()), markup=False)
        for skip in report.skipped:
            err.print(f"  skipped {one_line(skip.path)}: {one_line(skip.reason)}", markup=False)
    return report


def _stdout_closed() -> None:
    """The reader of our output went away (`corpus-tui export … | head`): a normal end.

    Like ripgrep (and unlike git, which dies of SIGPIPE, status 141) we stop quietly with
    status 0. What is still buffered is dropped: stdout goes to /dev/null so the flush at
    exit does not fail a second time.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # (no real file descriptor: an in-process runner)
        pass


class CorpusGroup(click.Group):
    """The command group: a closed output pipe ends any command quietly (see `_stdout_closed`);
    an SQLite or OS error from the data folder that a command did not expect (a damaged file,
    a full disk) becomes one line naming the file or folder and the cause, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _stdout_closed()
            ctx.exit(0)
        except (sqlite3.DatabaseError, OSError) as exc:
            obj = ctx.obj
            corpus = getattr(obj, "_corpus", None)
            if corpus is None:
                fail(f"cannot open the corpus: {exc}")
            fail(corpus.storage_problem(exc))


@click.group(cls=CorpusGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", "corpus_dir", metavar="DIR", help=f"Corpus folder (default: ./corpus if present, else the bundled sample; env {ENV_CORPUS}).")
@click.option("--data-dir", metavar="DIR", envvar="CORPUS_TUI_DATA", help="Where the index and tags live (default: DIR/.corpus-tui; env CORPUS_TUI_DATA).")
@click.option("--follow-links", is_flag=True, envvar=ENV_FOLLOW, help=f"Read symbolic links to files and folders (default: skip them; env {ENV_FOLLOW}=1).")
@click.version_option(__version__, prog_name="corpus-tui")
@click.pass_context
def main(ctx: click.Context, corpus_dir: str | None, data_dir: str | None, follow_links: bool) -> None:
    """Read a scraped news corpus closely: clean, index, search, read and tag it.

    With no command, opens the interactive app on the corpus.
    """
    ctx.obj = Context(corpus_dir, data_dir, follow_links)
    if ctx.invoked_subcommand is None:
        ctx.invoke(app_command)


@main.command("app")
@click.option("--query", "-q", default="", help="Start with this query.")
@click.pass_obj
def app_command(obj: Context, query: str = "") -> None:
    """Open the interactive app (the default command)."""
    corpus = obj.open()
    try:
        from .app import CorpusApp
    except ImportError as exc:  # pragma: no cover - broken install
        fail(f"the app cannot start: {exc}")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail("the app needs a terminal; in scripts use the commands (corpus-tui --help)")
    start_worker_server()
    CorpusApp(corpus, initial_query=query).run()


@main.command("index")
@click.option("--rebuild", is_flag=True, help="Rebuild from scratch (tags, notes and the rest of your data are kept).")
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: what the update did.")
@click.pass_obj
def index_command(obj: Context, rebuild: bool, quiet: bool, as_json: bool) -> None:
    """Bring the index up to date: add new files, re-index changed ones, drop deleted ones."""
    report = run_update(obj.open(), rebuild=rebuild, quiet=quiet or as_json)
    if as_json:
        emit({
            "added": report.added, "updated": report.updated, "removed": report.removed,
            "unchanged": report.unchanged, "renamed": report.renamed, "rebuilt": report.rebuilt,
            "recleaned": report.recleaned, "elapsed_s": round(report.elapsed_s, 3),
            "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        })


def emit(payload: dict) -> None:
    """Print one JSON object (what every command's --json prints), terminal-safe."""
    click.echo(terminal_json(payload))


def _hit_json(hit, collapse: bool = False) -> dict:
    out = {
        "id": hit.id,
        "title": hit.title,
        "source": hit.source,
        "date": hit.date,
        "score": None if hit.score is None else round(hit.score, 4),
        "tags": list(hit.tags),
        "read": hit.read,
        "note": hit.noted,
        "snippet": hit.snippet.text,
    }
    if collapse:
        out.update(group=hit.group, copies=hit.copies, copy_ids=list(hit.copy_ids), copy_sources=list(hit.copy_sources))
        if hit.unfolded or hit.copy_of is not None:
            out.update(unfolded=hit.unfolded, copy_of=hit.copy_of)
    return out


def copies_label(hit) -> str:
    """'+12 copies · AP, Reuters, …' for a collapsed row (empty when it stands alone)."""
    if not hit.copies:
        return ""
    names = [one_line(s, 30) for s in hit.copy_sources[:3]]
    more = ", …" if len(hit.copy_sources) > 3 else ""
    label = f"+{hit.copies} cop{'ies' if hit.copies != 1 else 'y'}"
    return label + (f" · {', '.join(names)}{more}" if names else "")


@main.command("search")
@click.argument("query", nargs=-1)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(0, 100_000), help="How many hits to show.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True, help="Rank by relevance, or list by date (undated articles last).")
@click.option("--collapse", is_flag=True, help="One row per group of near-copies (each hit gains group and copies).")
@click.option("--expand", "expand", metavar="GROUP", multiple=True,
              help="With --collapse: list this group's copies under its row (copy_of names the row; repeatable).")
@click.option("--like", "like", metavar="ID", help="Articles like this one (its key words as a query, printed so you can edit it).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: query, total, hits.")
@click.pass_obj
def search_command(obj: Context, query: tuple[str, ...], limit: int, sort: str, collapse: bool, expand: tuple[str, ...],
                   like: str | None, as_json: bool) -> None:
    """Search with the Whoosh query language.

    \b
    Examples:  baghdadi   "islamic state"   kill*   baghdadi~   title:tumor
               source:sputnik   date:[2019 to 2020]   baghdadi AND tag:followup   NOT tag:read
               note:ask   has:note   is:unread   @NAME (a saved search)
               '*' --sort newest   (every article, newest first)
    """
    text = " ".join(query)
    if like and text:
        fail("give a query or --like ID, not both")
    if not like and not text.strip():
        fail("give a query (or --like ID); '*' lists every article")
    if expand and not collapse:
        fail("--expand unfolds a group of --collapse: give both")
    corpus = obj.ready(quiet=as_json)
    try:
        if like:
            text = corpus.more_like(like)
        saved = corpus.saved_name(text)
        if saved:
            corpus.open_saved(saved)  # what it finds now is no longer new
        result = corpus.search(text, limit=limit, sort=sort, collapse=collapse, expand=expand)
        suggestion = corpus.suggest(text) if result.total == 0 else None
    except QueryError as exc:
        fail(f"bad query: {exc}", code=2)
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        payload = {"query": text, "sort": sort, "total": result.total, "undated_not_shown": result.undated_hidden}
        if collapse:
            payload["rows"] = result.rows
        payload["hits"] = [_hit_json(h, collapse) for h in result.hits]
        payload["did_you_mean"] = suggestion.query if suggestion else None
        emit(payload)
        return
    from rich.text import Text

    out = console()
    stories = f" ({result.rows} once near-copies are folded)" if collapse and result.rows is not None else ""
    undated = f", {result.undated_hidden} undated not shown" if result.undated_hidden else ""
    out.print(Text(f"{result.total} hit{'s' if result.total != 1 else ''}{stories} for {one_line(text)!r} ({result.elapsed_ms:.0f} ms{undated})", style="bold"))
    if suggestion:
        out.print(Text(f"did you mean: {one_line(suggestion.query)}  ({suggestion.total} hit{'s' if suggestion.total != 1 else ''})", style="yellow"))
    for hit in result.hits:
        line = Text()
        line.append("   ↳ " if hit.copy_of is not None else f"{hit.rank:>3}. ", style="green" if hit.copy_of else "dim")
        line.append(one_line(hit.title, 100), style="bold")
        meta = " · ".join(one_line(x) for x in (hit.source, hit.date) if x)
        if meta:
            line.append(f"  {meta}", style="cyan")
        if hit.tags:
            line.append("  " + " ".join("#" + one_line(t) for t in hit.tags), style="magenta")
        if hit.score is not None:
            line.append(f"  [{hit.score:.2f}]", style="dim")
        if hit.copies:
            line.append(f"  {copies_label(hit)}", style="green")
        out.print(line)
        out.print(Text(f"     {one_line(hit.id)}", style="dim"))
        snip = Text("     " + terminal_safe(hit.snippet.text))
        for span in hit.snippet.spans:
            snip.stylize("bold yellow", span.start + 5, span.end + 5)
        out.print(snip)


@main.command("show")
@click.argument("article_id")
@click.option("--raw", is_flag=True, help="The original text, boilerplate included.")
@click.option("--json", "as_json", is_flag=True, help="Print the article as a JSON object.")
@click.pass_obj
def show_command(obj: Context, article_id: str, raw: bool, as_json: bool) -> None:
    """Print one article (cleaned; --raw for the original text)."""
    corpus = obj.ready(quiet=True)
    try:
        art = corpus.article(article_id)
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        removed = [line for line, label in zip(art.raw_lines, art.labels) if label == "B"]
        click.echo(terminal_json({
            "id": art.id, "path": art.path, "title": art.title, "source": art.source, "date": art.date,
            "url": art.url, "tags": list(art.tags), "note": art.note, "read": art.read, "text": art.text,
            **({"raw": "\n".join(art.raw_lines), "removed": removed} if raw else {}),
        }))
        return
    text = "\n".join(art.raw_lines) + "\n" if raw else art.text
    click.echo(terminal_safe(text), nl=False)


@main.command("clean")
@click.argument("file", default="-")
@click.option("--json", "as_json", is_flag=True,
              help='Print one JSON object: {"title", "source", "date", "paragraphs", "removed"}.')
def clean_command(file: str, as_json: bool) -> None:
    """Print the cleaned article of one raw file (- for stdin): title, blank line, paragraphs.

    An HTML page, a JSON record or a JSONL file (told by the file's name) is read as the
    index reads it, with the title, site and date it gives; each article of a JSONL file is
    printed under a line naming it (one JSON object a line with --json). Standard input is
    read as text."""
    if file != "-" and os.path.splitext(file)[1].lower() in (".html", ".htm", ".json", ".jsonl"):
        _clean_structured(file, as_json, None)
        return
    if file == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            fail(f"standard input holds more than {MAX_FILE_BYTES // 2**20} MB: not an article")
        if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
            _clean_structured("-.html", as_json, data)  # a page piped in: read as an HTML file is
            return
    else:
        try:
            data = read_user_file(file)
        except CorpusError as exc:
            fail(str(exc))
    text = decode_bytes(data) if data else ""
    if text is None:
        fail("not a text file (binary or undecodable content)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if (why := too_many_lines(text)) is not None:
        fail(why)
    try:
        from index import clean_article  # the cleaner loads only for this command

        cleaned = clean_article(text)
    except CorpusError as exc:  # a broken install (no stopword lists)
        fail(str(exc))
    if as_json:
        click.echo(terminal_json(_cleaned_json(cleaned)))
        return
    sys.stdout.write(terminal_safe(cleaned.text))


def _cleaned_json(cleaned) -> dict:
    removed = [line for line, label in zip(cleaned.raw_lines, cleaned.labels) if label == "B"]
    return {"title": cleaned.title or None, "source": cleaned.source, "date": cleaned.date,
            "paragraphs": list(cleaned.paragraphs), "removed": removed}


def _clean_structured(file: str, as_json: bool, data: bytes | None) -> None:
    """`clean` of an HTML page, a JSON or a JSONL file (`data`: its bytes, else read here): its
    articles as the index reads them."""
    try:
        if data is None:
            data = read_user_file(file)
        from index import clean_file  # the cleaner loads only for this command

        items = clean_file(os.path.basename(file), data)
    except CorpusError as exc:
        fail(str(exc))
    articles = [item for item in items if not isinstance(item, Skipped)]
    skipped = [item for item in items if isinstance(item, Skipped)]
    if not articles:
        fail(f"no article in {file}: {skipped[0].reason}" if skipped else f"no article in {file}")
    for item in skipped:
        click.echo(f"skipped {one_line(item.path, 200)}: {one_line(item.reason, 300)}", err=True)
    several = len(articles) > 1
    for n, (article_id, cleaned) in enumerate(articles):
        if as_json:
            fields = {"id": article_id, **_cleaned_json(cleaned)} if several else _cleaned_json(cleaned)
            click.echo(terminal_json(fields))
            continue
        if several:
            click.echo(("\n" if n else "") + f"== {terminal_safe(one_line(article_id, 300))} ==")
        sys.stdout.write(terminal_safe(cleaned.text))


def _split_tag_args(args: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    ids, add, remove = [], [], []
    for arg in args:
        if arg.startswith("+") and len(arg) > 1:
            add.append(arg[1:])
        elif arg.startswith("-") and len(arg) > 1 and not Path(arg).exists():
            remove.append(arg[1:])
        elif arg in ("+", "-"):
            fail(f"empty tag name in {arg!r}")
        else:
            ids.append(arg)
    return ids, add, remove


@main.command("tag", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, required=True)
@click.option("--query", "-q", "query", help="Tag every article this query matches.")
@click.option("--copies", "with_copies", is_flag=True, help="Also tag every near-copy of the articles tagged.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: what was added and removed.")
@click.pass_obj
def tag_command(obj: Context, args: tuple[str, ...], query: str | None, with_copies: bool, as_json: bool) -> None:
    """Add (+TAG) and remove (-TAG) tags: `tag ID... +TAG -TAG` or `tag --query Q +TAG`."""
    ids, add, remove = _split_tag_args(args)
    if not add and not remove:
        fail("say which tags to change: +TAG to add, -TAG to remove")
    if query and ids:
        fail("give article ids or --query, not both")
    if not query and not ids:
        fail("give article ids, or --query Q to tag every match")
    corpus = obj.ready(quiet=True)
    try:
        if query:
            change = corpus.tag_query(query, add, remove, with_copies=with_copies)
        else:
            change = corpus.tag(corpus.with_copies(ids) if with_copies else ids, add, remove)
    except QueryError as exc:
        fail(f"bad query: {exc}", code=2)
    except CorpusError as exc:
        fail(str(exc))
    n = change.articles
    if as_json:
        emit({
            "articles": n,
            "added": [{"id": a, "tag": t} for a, t in change.added],
            "removed": [{"id": a, "tag": t} for a, t in change.removed],
        })
        return
    what = []
    if change.added:
        what.append(f"{len(change.added)} tag{'s' if len(change.added) != 1 else ''} added")
    if change.removed:
        what.append(f"{len(change.removed)} removed")
    click.echo(f"{n} article{'s' if n != 1 else ''} changed" + (f" ({', '.join(what)})" if what else ""))


@main.command("tags")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: {tag: count}; with --export or --import, what was written or merged.")
@click.option("--export", "export_to", metavar="FILE", help="Back up every tag, note, read mark, past query and saved search to FILE (JSON; see README).")
@click.option("--import", "import_from", metavar="FILE", help="Merge a backup FILE (never removes anything).")
@click.option("--force", is_flag=True, help="With --export: overwrite FILE.")
@click.pass_obj
def tags_command(obj: Context, as_json: bool, export_to: str | None, import_from: str | None, force: bool) -> None:
    """List every tag with the number of articles carrying it; back tags up or restore them."""
    if export_to and import_from:
        fail("use --export or --import, not both")
    if export_to and Path(export_to).exists() and not force:
        fail(f"{export_to} exists; use --force to overwrite it")
    # A backup needs only the tags: it works whatever state the index and catalog are in.
    corpus = obj.open() if export_to else obj.ready(quiet=True)
    if export_to and corpus.is_own_file(export_to):
        fail(f"{export_to} is the data folder's own file: write the backup elsewhere")
    try:
        if export_to:
            b = export_tags(corpus, export_to)
            if as_json:
                emit({"exported": str(export_to), **dataclasses.asdict(b)})
                return
            click.echo(f"saved {b.tags} tag{'s' if b.tags != 1 else ''} to {export_to}")
            return
        if import_from:
            r = import_tags(corpus, import_from)
            if as_json:
                emit({"imported": str(import_from), **dataclasses.asdict(r)})
                return
            click.echo(
                f"imported: {r.by_id} matched by id, {r.by_hash} by content, {r.waiting} kept for articles "
                f"not in this corpus, {r.already} already present, {r.invalid} invalid entries skipped; "
                f"{r.notes} notes, {r.read} read marks, {r.history} past queries, {r.saved} saved searches"
            )
            return
    except OSError as exc:
        fail(f"cannot write {export_to}: {exc.strerror or exc}")
    except CorpusError as exc:
        fail(str(exc))
    counts = corpus.tag_counts()
    waiting = corpus.waiting_tags()
    if as_json:
        click.echo(terminal_json({c.name: c.count for c in counts}))
        return
    if not counts and not waiting:
        click.echo("no tags yet (add some with: corpus-tui tag ID +TAG)")
        return
    by_tag: dict[str, list] = {}
    for w in waiting:
        by_tag.setdefault(w.name, []).append(w)
    width = max(len(name) for name in [c.name for c in counts] + list(by_tag))
    for c in counts:
        click.echo(f"{terminal_safe(c.name):<{width}}  {c.count}")
    if by_tag:
        n = len({w.article_id for w in waiting})
        if counts:
            click.echo()
        click.echo(
            f"waiting for {n} article{'s' if n != 1 else ''} not in the corpus now"
            " (they come back with it, or with a re-scraped copy):"
        )
        for name, items in by_tag.items():
            click.echo(f"{terminal_safe(name):<{width}}  {len(items)}")
            for w in items:
                what = "  ".join(one_line(x, 80) for x in (w.title and f'"{w.title}"', w.url) if x)
                click.echo(f"{'':<{width}}    {one_line(w.article_id)}" + (f"  {what}" if what else ""))


@main.command("export")
@click.option("--query", "-q", "query", help="Only articles matching this query.")
@click.option("--tag", "tag", help="Only articles with this tag.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="csv, jsonl or md (whole articles, readable).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True, help="The order of the hit list: relevance (id order without a query), newest or oldest.")
@click.option("--digest", is_flag=True, help="With --format md: the first two paragraphs of each article, not the whole text.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Output file (default: stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--json", "as_json", is_flag=True, help="With -o: print one JSON object (count, path, format).")
@click.pass_obj
def export_command(obj: Context, query: str | None, tag: str | None, fmt: str, sort: str, digest: bool,
                   output: str | None, force: bool, as_json: bool) -> None:
    """Export articles (id, title, source, date, url, tags, note, text) as CSV, JSONL or Markdown."""
    if as_json and not output:
        fail("--json describes the file written: give -o FILE (without -o the export itself is printed)")
    if output and Path(output).exists() and not force:
        fail(f"{output} exists; use --force to overwrite it")
    corpus = obj.ready(quiet=True)
    if output and corpus.is_own_file(output):
        fail(f"{output} is the data folder's own file: write the export elsewhere")
    # An export reads every article's text, and the catalog keeps no copy of a plain text
    # file's: one edited since the last update would stop it half-way. Update first.
    if corpus.needs_update():
        run_update(corpus, rebuild=False, quiet=as_json, announce=True)
    try:
        with progress_bar(enabled=output is not None and not as_json) as on_progress:
            n = export_articles(corpus, fmt, output, query=query, tag=tag, sort=sort, digest=digest, progress=on_progress)
    except QueryError as exc:
        fail(f"bad query: {exc}", code=2)
    except CorpusError as exc:
        fail(str(exc))
    except BrokenPipeError:
        raise  # (the reader of stdout went away: see CorpusGroup)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    if as_json:
        emit({"exported": n, "path": output, "format": fmt, "sort": sort, "query": query, "tag": tag})
    elif output:
        click.echo(f"exported {n} article{'s' if n != 1 else ''} to {output}", err=True)


@main.command("dupes")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: id, group, copies.")
@click.pass_obj
def dupes_command(obj: Context, article_id: str, as_json: bool) -> None:
    """List an article's near-copies (syndicated, re-scraped or lightly edited) with their similarity."""
    corpus = obj.ready(quiet=True)
    try:
        found = corpus.copies(article_id)
    except CorpusError as exc:
        fail(str(exc))
    group = corpus.group_of([article_id]).get(article_id)
    if as_json:
        click.echo(terminal_json({"id": article_id, "group": group, "copies": [
            {"id": c.id, "title": c.title, "source": c.source, "date": c.date,
             "similarity": round(c.similarity, 3), "overlap": round(c.overlap, 3)} for c in found]}))
        return
    if not found:
        click.echo(f"no near-copies of {terminal_safe(article_id)}")
        return
    from rich.text import Text

    out = console()
    out.print(Text(f"{len(found)} cop{'ies' if len(found) != 1 else 'y'} of {one_line(article_id)}", style="bold"))
    for c in found:
        line = Text(f"  {c.similarity:4.0%} similar, {c.overlap:4.0%} shared  ", style="dim")
        line.append(one_line(c.title, 80), style="bold")
        meta = " · ".join(one_line(x) for x in (c.source, c.date) if x)
        if meta:
            line.append(f"  {meta}", style="cyan")
        out.print(line)
        out.print(Text(f"      {one_line(c.id)}", style="dim"))


def _facet_list(items) -> list[dict]:
    return [{"value": f.value, "count": f.count} for f in items]


@main.command("facets")
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: query, total, source, year, month, tag, undated.")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 100_000), help="Values shown per facet (the JSON has all).")
@click.pass_obj
def facets_command(obj: Context, query: tuple[str, ...], as_json: bool, limit: int) -> None:
    """Count a query's matches by outlet, year, month and tag (over every match)."""
    text = " ".join(query)
    corpus = obj.ready(quiet=as_json)
    try:
        f = corpus.facets(text)
    except QueryError as exc:
        fail(f"bad query: {exc}", code=2)
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        click.echo(terminal_json({"query": text, "total": f.total, "source": _facet_list(f.source), "year": _facet_list(f.year),
                                  "month": _facet_list(f.month), "tag": _facet_list(f.tag), "undated": f.undated}))
        return
    click.echo(f"{f.total} hit{'s' if f.total != 1 else ''} for {one_line(text)!r}")
    for name, items in (("outlet", f.source), ("year", f.year), ("month", f.month), ("tag", f.tag)):
        if not items:
            continue
        click.echo(f"\n{name}:")
        width = max(len(one_line(i.value, 40)) for i in items[:limit])
        for i in items[:limit]:
            click.echo(f"  {one_line(i.value, 40):<{width}}  {i.count}")
        if len(items) > limit:
            click.echo(f"  … {len(items) - limit} more")
    if f.undated:
        click.echo(f"\nundated: {f.undated}")


def _bar_rows(buckets, width: int = 40) -> list[str]:
    top = max((b.count for b in buckets), default=0) or 1
    return [f"{b.start}  {'█' * max(1 if b.count else 0, round(b.count / top * width)):<{width}}  {b.count}" for b in buckets]


@main.command("timeline")
@click.argument("query", nargs=-1, required=True)
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="Bucket size.")
@click.option("--sources", type=click.IntRange(0, 100), default=0, help="Also a series for each of this many top outlets.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: query, by, buckets, undated.")
@click.pass_obj
def timeline_command(obj: Context, query: tuple[str, ...], by: str, sources: int, as_json: bool) -> None:
    """Count a query's matches per month (or week, year), from the first match to the last."""
    text = " ".join(query)
    corpus = obj.ready(quiet=as_json)
    try:
        t = corpus.timeline(text, by, sources=sources)
    except QueryError as exc:
        fail(f"bad query: {exc}", code=2)
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        payload = {"query": text, "by": by, "buckets": [{"start": b.start, "count": b.count} for b in t.buckets], "undated": t.undated}
        if sources:
            payload["sources"] = [{"source": name, "buckets": [{"start": b.start, "count": b.count} for b in bs]} for name, bs in t.series]
        click.echo(terminal_json(payload))
        return
    total = sum(b.count for b in t.buckets)
    click.echo(f"{total} dated hit{'s' if total != 1 else ''} for {one_line(text)!r} by {by}" + (f" ({t.undated} undated)" if t.undated else ""))
    peaks = {b.start for b in t.peaks()}
    for b, row in zip(t.buckets, _bar_rows(t.buckets)):
        click.echo(row + ("  ← peak" if b.start in peaks else ""))
    for name, bs in t.series:
        click.echo(f"\n{terminal_safe(one_line(name))}:")
        for row in _bar_rows(bs):
            click.echo(row)


@main.command("kwic")
@click.argument("query", nargs=-1, required=True)
@click.option("--width", "-w", default=40, show_default=True, type=click.IntRange(5, 500), help="Characters of context each side.")
@click.option("--limit", "-n", default=None, type=click.IntRange(1, None), help="At most this many occurrences (default: all).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line: id, position, left, hit, right.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header: id, position, left, hit, right.")
@click.pass_obj
def kwic_command(obj: Context, query: tuple[str, ...], width: int, limit: int | None, as_json: bool, as_csv: bool) -> None:
    """Keyword in context: every occurrence of the query's hits, one per line, the hit aligned."""
    if as_json and as_csv:
        fail("use --json or --csv, not both")
    text = " ".join(query)
    corpus = obj.ready(quiet=as_json or as_csv)
    writer = None
    if as_csv:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "position", "left", "hit", "right"])
    shown = 0
    try:
        for occ in corpus.concordance(text, width=width, limit=limit):
            shown += 1
            if as_json:
                click.echo(terminal_json({"id": occ.id, "position": occ.position, "left": occ.left, "hit": occ.hit, "right": occ.right}))
            elif writer is not None:
                cells = (terminal_safe(occ.id), terminal_safe(occ.left), terminal_safe(occ.hit), terminal_safe(occ.right))
                writer.writerow([csv_cell(cells[0]), occ.position, *map(csv_cell, cells[1:])])
            else:
                click.echo(f"{terminal_safe(occ.left):>{width}} {terminal_safe(occ.hit)} {terminal_safe(occ.right):<{width}}  {terminal_safe(one_line(occ.id))}")
    except QueryError as exc:
        fail(f"bad query: {exc}", code=2)
    except CorpusError as exc:
        fail(str(exc))
    except BrokenPipeError:  # `| head`: the reader has seen enough
        sys.stderr.close()
        return
    if not shown and not (as_json or as_csv):
        # (a query of no words, "*" or "tag:x", finds articles but no occurrence to show)
        click.echo(f"no occurrences of {one_line(text)!r}: its hits hold none of its words", err=True)


# -- notes, read marks, history, saved searches ------------------------------------------------


def _note_json(note, title: str | None = None) -> dict:
    return {"id": note.id, "title": title if title is not None else note.title, "text": note.text, "updated_at": note.updated_at}


@main.command("note")
@click.argument("article_id")
@click.argument("text", required=False)
@click.option("--show", is_flag=True, help="Print the article's note.")
@click.option("--delete", is_flag=True, help="Remove the article's note.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: the note as it now is.")
@click.pass_obj
def note_command(obj: Context, article_id: str, text: str | None, show: bool, delete: bool, as_json: bool) -> None:
    """Write an article's note (TEXT, or - to read it from stdin), show it or remove it.

    \b
    Examples:  note ID "ask the ministry"   note ID --show   note ID --delete
               notes (every note)   search note:ministry   search has:note
    """
    if sum(map(bool, (text is not None, show, delete))) != 1:
        fail("give the note's TEXT, or --show, or --delete")
    if text == "-":
        text = sys.stdin.read()
    corpus = obj.ready(quiet=True)
    try:
        if show:
            current = corpus.note(article_id)
            if not current:
                corpus.require([article_id])  # an unknown id is an error, not "no note"
        else:
            written = corpus.set_note(article_id, "" if delete else text)
            current = written.text if written else ""
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        emit({"id": article_id, "note": current})
    elif show:
        if current:
            click.echo(terminal_safe(current))
        else:
            click.echo("no note on this article", err=True)
    else:
        click.echo("note saved" if current else "note removed", err=True)


@main.command("notes")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: {\"notes\": [...]}.")
@click.pass_obj
def notes_command(obj: Context, as_json: bool) -> None:
    """List every note, the most recently written first."""
    corpus = obj.ready(quiet=True)
    notes = corpus.notes()
    if as_json:
        emit({"notes": [_note_json(n) for n in notes]})
        return
    if not notes:
        click.echo("no notes yet (add one with: corpus-tui note ID \"text\")")
        return
    from rich.text import Text

    out = console()
    for n in notes:
        heading = n.title or ("(no title)" if n.in_corpus else "(article not in the corpus)")
        out.print(Text(one_line(heading, 100), style="bold"))
        out.print(Text(f"  {one_line(n.id)}", style="dim"))
        for line in n.text.split("\n"):
            out.print(Text("  " + one_line(line)))


@main.command("read")
@click.argument("ids", nargs=-1, required=True)
@click.option("--unread", is_flag=True, help="Mark them unread again.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: how many changed.")
@click.pass_obj
def read_command(obj: Context, ids: tuple[str, ...], unread: bool, as_json: bool) -> None:
    """Mark articles read (as opening them in the app does), or --unread; see is:read / is:unread."""
    corpus = obj.ready(quiet=True)
    try:
        n = corpus.mark_read(ids, read=not unread)
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        emit({"changed": n, "read": not unread})
    else:
        click.echo(f"{n} article{'s' if n != 1 else ''} marked {'unread' if unread else 'read'}")


@main.command("history")
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: {\"history\": [...]}.")
@click.pass_obj
def history_command(obj: Context, limit: int, as_json: bool) -> None:
    """The queries run in the app, most recent first (what Up/Down walk in the query box)."""
    past = obj.open().history(limit)
    if as_json:
        emit({"history": past})
        return
    for q in past:
        click.echo(terminal_safe(one_line(q)))


def _saved_json(s) -> dict:
    return {"name": s.name, "query": s.query, "count": s.count, "new": s.new, "opened_at": s.opened_at, "error": s.error}


@main.group("saved", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Without a command: as `saved list --json`.")
@click.pass_context
def saved_group(ctx: click.Context, as_json: bool) -> None:
    """Saved searches: `saved add NAME QUERY`, `saved list`, `saved rm NAME`; run one with `search @NAME`."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(saved_list, as_json=as_json)


@saved_group.command("add")
@click.argument("name")
@click.argument("query", nargs=-1, required=True)
@click.option("--replace", is_flag=True, help="Replace a saved search of that name.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: the saved search.")
@click.pass_obj
def saved_add(obj: Context, name: str, query: tuple[str, ...], replace: bool, as_json: bool) -> None:
    """Save QUERY under NAME (what it finds now counts as seen)."""
    corpus = obj.ready(quiet=True)
    try:
        found = corpus.save_search(name, " ".join(query), replace=replace)
    except QueryError as exc:
        fail(f"bad query: {exc}", code=2)
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        emit(_saved_json(found))
    else:
        click.echo(f"saved @{found.name}: {terminal_safe(one_line(found.query))} ({found.count} hit{'s' if found.count != 1 else ''})")


@saved_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: {\"saved\": [{name, query, count, new}, ...]}.")
@click.pass_obj
def saved_list(obj: Context, as_json: bool = False) -> None:
    """Each saved search with its live count and how many hits are new since it was last run."""
    corpus = obj.ready(quiet=True)
    found = corpus.saved_searches()
    if as_json:
        emit({"saved": [_saved_json(s) for s in found]})
        return
    if not found:
        click.echo("no saved searches yet (add one with: corpus-tui saved add NAME QUERY)")
        return
    width = max(len(s.name) for s in found) + 1
    for s in found:
        status = f"error: {s.error}" if s.error else f"{s.count} hits" + (f", {s.new} new" if s.new else "")
        click.echo(f"@{terminal_safe(s.name):<{width}} {status:<18}  {terminal_safe(one_line(s.query))}")


@saved_group.command("rm")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def saved_rm(obj: Context, name: str, as_json: bool) -> None:
    """Remove a saved search."""
    corpus = obj.open()
    try:
        corpus.remove_saved(name)
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        emit({"removed": name.lstrip("@").lower()})
    else:
        click.echo(f"removed @{terminal_safe(name.lstrip('@').lower())}")


if __name__ == "__main__":  # pragma: no cover
    main()
