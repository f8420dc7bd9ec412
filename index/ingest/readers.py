"""Finding article files in a corpus folder and turning each into raw text plus metadata.

Readers never raise for a bad file: they yield a `Skipped` with the reason, so one broken file
never stops a run. Encoding detection is charset-normalizer's job, HTML extraction trafilatura's.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from index.errors import BrokenInstall
from index.models import Skipped
from index.text.safety import lf_endings

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

# A single article larger than this is not an article; reading it would only eat memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
# A .jsonl may hold a whole corpus, so it gets a larger allowance.
MAX_JSONL_BYTES = 1024 * 1024 * 1024
# Cleaning costs memory per line whatever the line holds, so a small file of millions of short
# lines took gigabytes. No article has this many lines; a file that does is skipped.
MAX_LINES = 50_000

# What a JSON file nested past Python's recursion limit is skipped for (json.loads cannot).
TOO_DEEP = "JSON nested too deeply to read"

# The fields scrapers and news APIs store an article in (news-please, newspaper, trafilatura's
# JSON, NewsAPI, schema.org's names), looked up as written, else in any case ("Title", "BODY").
TEXT_KEYS = ("text", "maintext", "body", "content", "article", "full_text", "article_text", "articlebody", "story")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link", "source_url")
DATE_KEYS = ("date", "date_publish", "published", "publish_date", "pubdate", "date_published", "publishedat",
             "published_at", "datepublished", "pub_date")
SOURCE_KEYS = ("source", "source_domain", "outlet", "publisher", "site_name", "sitename", "hostname")
# What a record of a JSONL file (or of a JSON list) is known by, in this order: its own id,
# else its address. A record with none of them is known by its content.
RECORD_KEYS = ("id", "_id", "uuid", "guid", "article_id", "doc_id") + URL_KEYS
# A record's own id is used as it is when it is this short and plain; longer ones are hashed.
MAX_PLAIN_KEY = 40
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_.:\-]+$")
# `file.jsonl#N`: the record on line N (JSON list: item N), as a person points at one
LINE_REF = re.compile(r"^(.+\.jsonl?)#([0-9]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class FileEntry:
    """A candidate file found by the walk: the cheap facts used to tell whether it changed."""

    rel: str  # path relative to the corpus root, '/'-separated
    path: str
    size: int
    mtime_ns: int
    # read through symbolic links (the walk was asked to follow them); otherwise a file that
    # became a link since the walk is not opened
    follow: bool = False


@dataclass(frozen=True)
class RawArticle:
    """One article as read from disk, before cleaning."""

    id: str
    rel: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | int | float | None = None  # (a number: a Unix timestamp)
    url: str | None = None
    # Its text is its file's bytes plainly decoded (`plain_text`): reading the file again
    # gives it back, so the catalog need not keep a copy
    rereadable: bool = False
    # Where a record of a JSONL file (line) or JSON list (item) is now: 1-based, else None
    line: int | None = None


def is_text_file(rel: str) -> bool:
    """A plain-text article file (.txt, .md): the only kind outlet templates re-clean."""
    return os.path.splitext(rel)[1].lower() in TEXT_SUFFIXES


def safe_rel(rel: str) -> str:
    """A printable version of a path that may hold newlines or undecodable bytes."""
    raw = rel.encode("utf-8", "surrogateescape") if isinstance(rel, str) else rel
    return raw.decode("utf-8", "backslashreplace").replace("\n", "\\n").replace("\r", "\\r")


LINK_NOT_FOLLOWED = "symbolic link, not followed (--follow-links reads links)"


def walk(
    root: Path, skip_dirs: set[Path] | frozenset[Path] = frozenset(), follow_links: bool = False
) -> Iterator[FileEntry | Skipped]:
    """Yield every readable article file below `root`, in a stable (sorted) order.

    Hidden folders and files, the data folder and anything in `skip_dirs` are passed over.
    Symbolic links, to files and to folders alike, are not followed unless `follow_links`
    (as ripgrep and Recoll do: a link can point anywhere, `/etc` included); each one is
    reported as skipped. Followed, a folder reached twice (a loop) is read once.
    """
    skip = {os.path.realpath(p) for p in skip_dirs}
    seen_dirs: set[tuple[int, int]] = set()
    if follow_links:
        try:
            st = os.stat(root)
            seen_dirs.add((st.st_dev, st.st_ino))
        except OSError:
            pass
    # (folder, its '/'-terminated path relative to root): rel paths are built by concatenation,
    # since os.path.relpath per file was most of the cost of a stat-only scan.
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            yield Skipped(safe_rel(prefix.rstrip("/") or "."), f"folder not readable ({exc.strerror or exc})")
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                link = entry.is_symlink()
                if entry.is_dir(follow_symlinks=follow_links):
                    if os.path.realpath(entry.path) in skip:
                        continue
                    if follow_links:
                        st = entry.stat(follow_symlinks=True)
                        if (st.st_dev, st.st_ino) in seen_dirs:
                            continue  # a loop, or a second way into a folder already read
                        seen_dirs.add((st.st_dev, st.st_ino))
                    subdirs.append((entry.path, rel + "/"))
                    continue
                if link and not follow_links:
                    if entry.is_dir(follow_symlinks=True) or _has_suffix(name):
                        yield Skipped(safe_rel(rel), LINK_NOT_FOLLOWED)
                    continue
                if not _has_suffix(name):
                    continue
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                yield Skipped(safe_rel(rel), f"cannot stat ({exc.strerror or exc})")
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            if "\n" in rel or "\r" in rel:
                yield Skipped(safe_rel(rel), "file name contains a line break")
                continue
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                yield Skipped(safe_rel(rel), "file name is not valid UTF-8")
                continue
            yield FileEntry(rel, entry.path, st.st_size, st.st_mtime_ns, follow_links)
        stack.extend(subdirs)  # reversed-sorted entries + stack pop = sorted order


def _has_suffix(name: str) -> bool:
    _stem, dot, ext = name.rpartition(".")  # os.path.splitext, for a name not starting with "."
    return dot != "" and "." + ext.lower() in SUFFIXES


class NotRegularFile(OSError):
    """What was opened is a FIFO, a device, a folder or a socket: reading it could block
    forever or never end."""


class TooLarge(OSError):
    """The file holds more than the reader's limit."""


def read_regular(path: str | os.PathLike[str], limit: int, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Opened without blocking (a FIFO put in a file's place would block `open` forever) and
    without following a final symbolic link unless `follow`; what was opened is checked to be
    a regular file, and never more than `limit` bytes are read, whatever the file claims.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file")
        if st.st_size > limit:
            raise TooLarge(errno.EFBIG, f"too large ({st.st_size / 1e6:.0f} MB; limit {limit / 1e6:.0f} MB)")
        # One read of the size fstat gave (a read of `limit` would allocate that much for
        # every small file), then more only if the file grew.
        parts = [os.read(fd, st.st_size + 1)]
        total = len(parts[0])
        while parts[-1] and total <= limit:
            parts.append(os.read(fd, min(1 << 20, limit + 1 - total)))
            total += len(parts[-1])
        if total > limit:
            raise TooLarge(errno.EFBIG, f"grew past the limit of {limit / 1e6:.0f} MB while read")
        return parts[0] if len(parts) <= 2 and not parts[-1] else b"".join(parts)
    finally:
        os.close(fd)


def file_hash(data: bytes) -> str:
    """What the catalog knows a file's content by: a changed hash means a changed file."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def plain_text(data: bytes) -> str | None:
    """The text of bytes that are plainly UTF-8 (or UTF-16 with a BOM); None otherwise.

    This is the cheap, certain part of decoding: the catalog need keep no copy of a text file
    this decodes, since reading it again gives the same text (see `catalog`).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    nuls = data.count(b"\x00")
    if nuls * 10 < len(data):  # a few stray NULs in text; many mean UTF-16 without BOM, or binary
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return text.replace("\x00", "") if nuls else text
    return None


def reread_text(path: str | os.PathLike[str], expected_hash: str, follow: bool = False) -> str | None:
    """A plain-text article's raw text, read again from its file (the catalog keeps none).

    None when the file is gone, unreadable, or no longer the content that was indexed: its
    text is then not the one the stored labels describe.
    """
    try:
        data = read_regular(path, MAX_FILE_BYTES, follow)
    except OSError:
        return None
    if file_hash(data) != expected_hash:
        return None
    # (plain_text, unless the file was re-encoded to the very same text since it was indexed)
    text = decode_bytes(data)
    # Only a text that `terminal_safe` leaves alone is left in its file (see
    # `workers.prepare`), and the hash says this is that text: no control-character scan
    # needed (it was half the time of reading back 50 snippets' articles).
    return None if text is None else lf_endings(text)


def decode_bytes(data: bytes) -> str | None:
    """Decode bytes of unknown encoding to str, or None when they are not text.

    UTF-8 (with or without BOM) is tried first, since it is by far the most common and cheap to
    check; everything else goes to charset-normalizer.
    """
    text = plain_text(data)
    return text if text is not None else _guessed_text(data)


def _guessed_text(data: bytes) -> str | None:
    """The text of bytes that are not plain UTF-8, in the encoding charset-normalizer finds."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 512 * 1024] if len(data) > 512 * 1024 else data).best()
    if best is None or best.encoding is None:
        return None
    try:
        text = data.decode(best.encoding, errors="replace")
    except (LookupError, UnicodeDecodeError):
        return None
    if text.count("\x00") > len(text) // 100 or text.count("\ufffd") > len(text) // 20:
        return None
    return text.replace("\x00", "")


def _first(obj: dict, keys: tuple[str, ...], folded: dict | None = None) -> str | None:
    """The first of `keys` the record fills with text (a dict's "name" or "title" for one
    holding an object: {"source": {"name": "Reuters"}}); else the first it fills under the key
    in another case ("Title", "publishedAt"): `folded`, the record's other keys lowercased
    (`_folded`), made here when not given."""
    found = _first_as_written(obj, keys)
    if found is None:
        folded = _folded(obj) if folded is None else folded
        if folded:
            found = _first_as_written(folded, keys)
    return found


def _folded(obj: dict) -> dict:
    """The record's keys that are not lower case, lowercased, with their values."""
    return {k.lower(): v for k, v in obj.items() if isinstance(k, str) and k.lower() != k}


def _first_as_written(obj: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict):  # e.g. {"source": {"name": "Reuters"}}
            name = value.get("name") or value.get("title")
            if isinstance(name, str) and name.strip():
                return name.strip()
    return None


def _timestamp(obj: dict, folded: dict) -> int | float | None:
    """A date field holding a number: a Unix timestamp (seconds or milliseconds), which the
    cleaning reads as a date (`dates.parse_field`)."""
    for key in DATE_KEYS:
        value = obj.get(key, folded.get(key))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    return None


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def record_key(obj: dict) -> str | None:
    """What a record is known by inside its file: `id:VALUE` for its own short plain id, else
    `key:HASH` of its id or address (`RECORD_KEYS`, in order); None when it has none."""
    for key in RECORD_KEYS:
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            continue
        text = str(value).strip()
        if not text:
            continue
        if key in URL_KEYS:
            return "url:" + _short_hash(normal_url(text))
        if len(text) <= MAX_PLAIN_KEY and _PLAIN_KEY.match(text):
            return "id:" + text
        return "id:" + _short_hash(text)
    return None


def normal_url(url: str) -> str:
    """An address as it identifies a page: no scheme, `www.`, fragment, trailing slash or case
    in the host, so the http and https copies of a re-scrape are one page."""
    url = url.strip()
    url = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url).split("#", 1)[0]
    host, slash, path = url.partition("/")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return (host + slash + path).rstrip("/")


def content_key(art: RawArticle) -> str:
    """A record without a key of its own is known by its title and text."""
    return "text:" + _short_hash((art.title or "") + "\x00" + art.text)


def _from_json_object(obj: object, art_id: str, rel: str) -> RawArticle | str:
    """A RawArticle from one decoded JSON object, or the reason it is not one."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    folded = _folded(obj)  # (once for every field looked up)
    text = _first(obj, TEXT_KEYS, folded)
    if text is not None and _is_markup(text):
        # (a scraper that stored the article's HTML under "content" or "body": its text, as an
        # HTML file's; a text that only mentions a tag or two stays as it is)
        markup, why = html_for_extraction(text)
        if why is not None:
            return why
        text = html_to_text(markup) or text
    if text is None:
        html = obj.get("html") or obj.get("raw_html")
        if isinstance(html, str) and html.strip():
            markup, why = html_for_extraction(html)
            if why is not None:
                return why
            text = html_to_text(markup)
    if not text:
        return "no article text (expected one of: " + ", ".join(TEXT_KEYS) + ")"
    date = _first(obj, DATE_KEYS, folded) or _timestamp(obj, folded)
    if (why := too_many_lines(text)) is not None:
        return why
    return RawArticle(
        id=art_id,
        rel=rel,
        text=text,
        title=_first(obj, TITLE_KEYS, folded),
        source=_first(obj, SOURCE_KEYS, folded),
        date=date,
        url=_first(obj, URL_KEYS, folded)
    )


# Block-level HTML tags: a text field holding several is the page's markup, not its text.
_BLOCK_TAG_RE = re.compile(r"<(?:p|div|br|h[1-6]|li|ul|ol|table|tr|td|article|section|blockquote|figure)\b[^>]*>",
                           re.IGNORECASE)
MARKUP_MIN_TAGS = 5


def _is_markup(text: str) -> bool:
    """Is `text` HTML rather than text: it opens with a block tag, or holds several of them?"""
    if text.lstrip()[:1] == "<" and _BLOCK_TAG_RE.match(text.lstrip()):
        return True
    return len(_BLOCK_TAG_RE.findall(text, 0, 200_000)) >= MARKUP_MIN_TAGS


def _trafilatura():
    """trafilatura, or BrokenInstall: without it (or lxml's HTML cleaner, which it imports and
    an old pip may leave out) no HTML file can be read, which is no fault of the file."""
    try:
        import trafilatura
    except ImportError as exc:
        raise BrokenInstall.missing("HTML files cannot be read", exc) from exc
    return trafilatura


def html_to_text(html: str) -> str | None:
    """The main text of an HTML page, one paragraph a line; None when there is none."""
    trafilatura = _trafilatura()

    try:
        return trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    except Exception:  # trafilatura/lxml raise a zoo of errors on broken markup
        return None


def _html_meta(html: str) -> tuple[str | None, str | None, str | None, str | None]:
    trafilatura = _trafilatura()

    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:
        return None, None, None, None
    if meta is None:
        return None, None, None, None
    return meta.title, meta.sitename, meta.date, meta.url


def too_large(entry: FileEntry) -> str | None:
    """Why a file is not worth reading at all, judged from its size alone."""
    suffix = os.path.splitext(entry.rel)[1].lower()
    limit = MAX_JSONL_BYTES if suffix == ".jsonl" else MAX_FILE_BYTES
    if entry.size == 0:
        return "empty file"
    if entry.size > limit:
        return f"too large ({entry.size / 1e6:.0f} MB; limit {limit / 1e6:.0f} MB)"
    return None


def read_user_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """A file the user named (to clean, a tag backup): CorpusError, one line, when it is not a
    regular file (a FIFO would block, /dev/zero never end), is too large, or cannot be read."""
    from index.errors import CorpusError

    try:
        return read_regular(path, limit)
    except NotRegularFile:
        raise CorpusError(f"cannot read {safe_rel(os.fspath(path))}: not a regular file") from None
    except TooLarge as exc:
        raise CorpusError(f"cannot read {safe_rel(os.fspath(path))}: {exc.strerror}") from None
    except OSError as exc:
        raise CorpusError(f"cannot read {safe_rel(os.fspath(path))}: {exc.strerror or exc}") from None


# The elements that start a line of an HTML page's text. A page with more of them than an
# article has lines is not an article, and extracting its text first took trafilatura tens of
# seconds and gigabytes (5 MB of short paragraphs: 16 s, 560 MB) only to skip the result.
_HTML_LINE_STARTS = re.compile(r"<(?:p|br|li|h[1-6]|tr)[\s/>]", re.IGNORECASE)


def too_many_html_lines(html: str) -> str | None:
    """Why an HTML page is not worth extracting (more line-starting elements than an article
    has lines), or None; cheap: one scan of the markup."""
    if len(html) < MAX_LINES * 3:  # (no room for that many elements)
        return None
    n = sum(1 for _ in _HTML_LINE_STARTS.finditer(html))
    return f"too many paragraphs ({n:,} in the HTML; limit {MAX_LINES:,}): not an article" if n > MAX_LINES else None


# Inline formatting elements: they carry no structure an extractor needs. trafilatura's time
# grows with the square of their number inside one block (100,000 spans: 18 s; 700,000, 13 MB:
# over 5 minutes and 1.4 GB), so a page with more than FORMATTING_UNWRAPPED of them is read
# without them (their text stays). A page with more than MAX_ELEMENTS elements after that is
# not an article.
_FORMATTING = re.compile(
    r"</?(?:span|font|b|i|u|s|em|strong|small|big|sup|sub|mark|abbr|cite|code|time|strike|ins|del|q|var|kbd|tt|wbr)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
FORMATTING_UNWRAPPED = 20_000
_ELEMENT = re.compile(r"<[A-Za-z]")
MAX_ELEMENTS = 100_000


def html_for_extraction(html: str) -> tuple[str, str | None]:
    """(the markup to extract an article's text from, None), or ("", why) there is none worth
    extracting: too many line-starting elements (`too_many_html_lines`), or too many elements
    at all once inline formatting is unwrapped (see `_FORMATTING`). Cheap: a few scans."""
    if (why := too_many_html_lines(html)) is not None:
        return "", why
    if len(html) < FORMATTING_UNWRAPPED * 6:  # (no room for that many elements)
        return html, None
    if sum(1 for _ in _FORMATTING.finditer(html)) > FORMATTING_UNWRAPPED:
        html = _FORMATTING.sub("", html)
    n = sum(1 for _ in _ELEMENT.finditer(html))
    if n > MAX_ELEMENTS:
        return "", f"too much markup ({n:,} HTML elements; limit {MAX_ELEMENTS:,}): not an article"
    return html, None


def too_many_lines(text: str) -> str | None:
    """Why a text is not cleaned (too many lines to be an article), or None."""
    n = max(text.count("\n"), text.count("\r"))  # (a file may end its lines with CR only)
    if n < MAX_LINES:
        return None
    n += not text.endswith("\n")
    return f"too many lines ({n:,}; limit {MAX_LINES:,}): not an article" if n > MAX_LINES else None


def read_bytes(entry: FileEntry) -> bytes | Skipped:
    suffix = os.path.splitext(entry.rel)[1].lower()
    limit = MAX_JSONL_BYTES if suffix == ".jsonl" else MAX_FILE_BYTES
    try:
        return read_regular(entry.path, limit, entry.follow)
    except NotRegularFile:
        return Skipped(entry.rel, "not a regular file (a FIFO, device or socket took its place)")
    except TooLarge as exc:
        return Skipped(entry.rel, exc.strerror)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not entry.follow:
            return Skipped(entry.rel, LINK_NOT_FOLLOWED)
        return Skipped(entry.rel, f"unreadable ({exc.strerror or exc})")


def parse(entry: FileEntry, data: bytes) -> Iterator[RawArticle | Skipped]:
    """Turn one file's bytes into articles: one (several for a .jsonl), or Skipped with the reason."""
    suffix = os.path.splitext(entry.rel)[1].lower()
    if not data:
        yield Skipped(entry.rel, "empty file")
        return
    if suffix == ".jsonl":
        yield from _parse_jsonl(entry, data)
        return
    plain = plain_text(data)
    text = plain if plain is not None else _guessed_text(data)
    if text is None:
        yield Skipped(entry.rel, "binary or undecodable content")
        return
    if not text.strip():
        yield Skipped(entry.rel, "no text (only whitespace)")
        return
    if suffix in TEXT_SUFFIXES:
        if (why := too_many_lines(text)) is not None:
            yield Skipped(entry.rel, why)
            return
        yield RawArticle(entry.rel, entry.rel, text, rereadable=plain is not None)
    elif suffix in HTML_SUFFIXES:
        markup, why = html_for_extraction(text)
        if why is not None:
            yield Skipped(entry.rel, why)
            return
        body = html_to_text(markup)
        if not body:
            yield Skipped(entry.rel, "no article text found in the HTML")
            return
        if (why := too_many_lines(body)) is not None:
            yield Skipped(entry.rel, why)
            return
        title, site, date, url = _html_meta(markup)
        yield RawArticle(entry.rel, entry.rel, body, title, site, date, url)
    else:  # .json
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Skipped(entry.rel, f"malformed JSON (line {exc.lineno}: {exc.msg})")
            return
        except RecursionError:
            yield Skipped(entry.rel, TOO_DEEP)
            return
        if isinstance(obj, list):  # a list of articles: its items are records, as in a JSONL
            yield from _keyed(entry.rel, enumerate(obj, start=1))
            return
        art = _from_json_object(obj, entry.rel, entry.rel)
        yield art if isinstance(art, RawArticle) else Skipped(entry.rel, art)


def _keyed(rel: str, records) -> Iterator[RawArticle | Skipped]:
    """The articles of (position, decoded record or Skipped) pairs, each with its id in the file:
    `rel#KEY` (see `record_key`, else `content_key`), so a record keeps its id, and its tags,
    when records are inserted, removed or reordered. A key seen twice in one file falls back to
    the content; the same content twice gets `~2`, `~3` in file order."""
    used: set[str] = set()
    for position, obj in records:
        if isinstance(obj, Skipped):
            yield obj
            continue
        art = _from_json_object(obj, f"{rel}#{position}", rel)
        if not isinstance(art, RawArticle):
            yield Skipped(f"{rel}#{position}", art)
            continue
        key = record_key(obj)
        if key is None or key in used:
            # (with the title as the record writes it under its lower-case key, as ids were made
            # before titles were also read from "Title": a record keeps its id, and its tags)
            key = content_key(replace(art, title=_first_as_written(obj, TITLE_KEYS)))
        if key in used:
            n = 2
            while f"{key}~{n}" in used:
                n += 1
            key = f"{key}~{n}"
        used.add(key)
        yield replace(art, id=f"{rel}#{key}", line=position)


def _parse_jsonl(entry: FileEntry, data: bytes) -> Iterator[RawArticle | Skipped]:
    yield from _keyed(entry.rel, _jsonl_records(entry.rel, data))


def _jsonl_records(rel: str, data: bytes):
    """(line number, decoded object or Skipped) for each non-blank line of a JSONL file."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for lineno, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        where = f"{rel}#{lineno}"
        if len(line) > MAX_FILE_BYTES:
            yield lineno, Skipped(where, "line too large")
            continue
        text = decode_bytes(line)
        if text is None:
            yield lineno, Skipped(where, "binary or undecodable line")
            continue
        try:
            yield lineno, json.loads(text)
        except json.JSONDecodeError as exc:
            yield lineno, Skipped(where, f"malformed JSON ({exc.msg})")
        except RecursionError:
            yield lineno, Skipped(where, TOO_DEEP)
