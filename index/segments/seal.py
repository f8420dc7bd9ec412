"""The index folder's seal: a signed list of the files Whoosh reads, checked before it reads any.

Whoosh unpickles its table of contents (`_articles_N.toc`: the schema and the segment list)
the moment an index is opened, and pickles are inside every segment too (the compound file's
directory, stored fields, block headers). Unpickling a crafted file runs its code, and the
index folder may have come with a shared corpus. So after every commit the index writes
`corpus-tui.seal` beside the files: the newest TOC's name and, for it and every segment file,
its size and SHA-256, all under an HMAC with this user's key (`index.store.user_key`). Before
Whoosh opens the index, `check` verifies the seal, that the newest TOC is the sealed one and
that every sealed file is as sealed; anything else is an index this installation did not
write, or a damaged one, and is treated as absent (rebuilt from the corpus).

Hashing a large index on every open would cost a noticeable fraction of a second, so each
entry also records the file's inode, ctime, mtime and size when it was sealed: a file that
still shows them was not written since (ctime cannot be set by a program, nor carried by an
archive or a copy) and is not read again. A file that does not, a copied or restored folder
say, is hashed; if it matches, the seal is rewritten with its new identity.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from index.store.user_key import MAC_BYTES, is_signed, mac

SEAL_NAME = "corpus-tui.seal"
SEAL_VERSION = 1
# A seal lists a handful of files per segment: anything much bigger is not one.
MAX_SEAL_BYTES = 4 << 20
# While another process commits, its new TOC exists a moment before its seal: a newest TOC
# this recent that is not the sealed one is waited for, up to SETTLE_S, before it counts as foreign.
RECENT_S = 60.0
SETTLE_S = 3.0


@dataclass(frozen=True)
class Verdict:
    """What `check` found: `trusted`, `absent` (no index at all), or why neither."""

    trusted: bool = False
    absent: bool = False
    reason: str = ""
    # the seal is this installation's but behind the folder: another process may be committing
    settling: bool = False


TRUSTED = Verdict(trusted=True)
ABSENT = Verdict(absent=True)


def _patterns(indexname: str):
    # Whoosh's own patterns (`whoosh.index.TOC._pattern`, `_segment_pattern`)
    return re.compile(rf"^_{indexname}_([0-9]+)\.toc$"), re.compile(rf"^({indexname}_[0-9a-z]+)[.][A-Za-z0-9_.]+$")


def _listing(folder: Path, indexname: str) -> tuple[str | None, list[str]]:
    """The newest TOC's name (None: no index) and every TOC and segment file's name."""
    toc_re, seg_re = _patterns(indexname)
    newest, gen, names = None, -1, []
    for name in os.listdir(folder):
        m = toc_re.match(name)
        if m:
            names.append(name)
            if int(m.group(1)) > gen:
                newest, gen = name, int(m.group(1))
        elif seg_re.match(name):
            names.append(name)
    return newest, names


def _identity(st: os.stat_result) -> list[int]:
    return [st.st_ino, st.st_ctime_ns, st.st_mtime_ns, st.st_size]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb", buffering=0) as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _read_seal(folder: Path) -> tuple[dict | None, str]:
    """The seal's signed payload, or None and why it is not to be trusted."""
    path = folder / SEAL_NAME
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None, "it carries no seal of this installation"
    except OSError as exc:
        return None, f"its seal cannot be read ({exc.strerror or exc})"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_SEAL_BYTES:
            return None, "its seal is not a seal"
        data = b""
        while len(data) <= MAX_SEAL_BYTES and (chunk := os.read(fd, 1 << 16)):
            data += chunk
    finally:
        os.close(fd)
    tag, payload = data[:MAC_BYTES], data[MAC_BYTES:]
    if len(tag) < MAC_BYTES or not is_signed(tag, payload):
        return None, "it was not written by this installation (its seal does not match this user's key)"
    try:
        seal = json.loads(payload)
        if seal.get("version") != SEAL_VERSION or not isinstance(seal.get("files"), dict):
            return None, "its seal is of another version"
    except (ValueError, AttributeError, RecursionError):
        return None, "its seal is not a seal"
    return seal, ""


def _write(folder: Path, seal: dict) -> None:
    payload = json.dumps(seal, sort_keys=True, separators=(",", ":")).encode()
    tmp = folder / f".{SEAL_NAME}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(mac(payload) + payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, folder / SEAL_NAME)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_seal(folder: Path, indexname: str) -> None:
    """Seal the index as it is now (after a commit of this process): files whose identity the
    current seal vouches for keep their hash, new ones are hashed."""
    old, _ = _read_seal(folder)
    known = old["files"] if old else {}
    newest, names = _listing(folder, indexname)
    files = {}
    for name in names:
        st = os.lstat(folder / name)
        if not stat.S_ISREG(st.st_mode):
            continue
        entry = known.get(name)
        ident = _identity(st)
        if entry is not None and entry[0] == ident:
            files[name] = entry
        else:
            files[name] = [ident, _sha256(folder / name)]
    _write(folder, {"version": SEAL_VERSION, "toc": newest, "files": files})


def _verify(folder: Path, indexname: str) -> Verdict:
    try:
        newest, _names = _listing(folder, indexname)
    except NotADirectoryError:
        return Verdict(reason="it is not a folder")
    except FileNotFoundError:
        return ABSENT
    except OSError as exc:
        return Verdict(reason=f"it cannot be read ({exc.strerror or exc})")
    if newest is None:
        return ABSENT
    seal, why = _read_seal(folder)
    if seal is None:
        return Verdict(reason=why)
    files = seal["files"]
    if seal.get("toc") != newest or newest not in files:
        return Verdict(reason=f"its newest table of contents ({newest}) is not the one this installation sealed", settling=True)
    stale = {}
    for name, entry in files.items():
        path = folder / name
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return Verdict(reason=f"{name} is missing", settling=True)
        except OSError as exc:
            return Verdict(reason=f"{name} cannot be read ({exc.strerror or exc})")
        try:
            ident, digest = entry
            if not stat.S_ISREG(st.st_mode):
                return Verdict(reason=f"{name} is not a file")
            if ident == _identity(st):
                continue
            if ident[3] != st.st_size:
                return Verdict(reason=f"{name} has the wrong size (truncated or overwritten)")
            if _sha256(path) != digest:
                return Verdict(reason=f"{name} was changed since it was written")
        except (TypeError, ValueError, IndexError):
            return Verdict(reason="its seal is not a seal")
        except OSError as exc:
            return Verdict(reason=f"{name} cannot be read ({exc.strerror or exc})")
        stale[name] = [_identity(st), digest]
    if stale:
        # a copied or restored folder: the same files under new identities; remember them
        try:
            _write(folder, {**seal, "files": {**files, **stale}})
        except OSError:
            pass
    return TRUSTED


def _recent_toc(folder: Path, indexname: str) -> bool:
    try:
        newest, _ = _listing(folder, indexname)
        return newest is not None and time.time() - os.stat(folder / newest).st_mtime < RECENT_S
    except OSError:
        return False


def check(folder: Path, indexname: str, settle: float = SETTLE_S) -> Verdict:
    """May Whoosh open the index in `folder`? (See the module's docstring.)

    When the seal is this installation's but behind a TOC written in the last minute, the
    check is retried for up to `settle` seconds: another process's commit seals its TOC a
    moment after writing it, and removes the files it replaced a moment before that.
    """
    deadline = time.monotonic() + settle
    while True:
        verdict = _verify(folder, indexname)
        if not verdict.settling or time.monotonic() >= deadline or not _recent_toc(folder, indexname):
            return verdict
        time.sleep(0.1)
