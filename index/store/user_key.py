"""This user's secret key: what tells the caches this installation wrote from anyone else's.

The search index and the bulk build's temporary runs hold pickles (Whoosh's table of
contents, stored fields, block headers; the runs' article records), and unpickling runs code.
A data folder can come from anywhere (it lives inside the corpus by default, so a shared
corpus folder or archive carries one), so such a file is read only when it carries a MAC made
with this key, which never leaves the user's config folder. Tags are plain SQLite and need no
key: they are what a shared corpus is meant to carry.

The key is 32 random bytes in `<user config dir>/corpus-tui/secret.key` (mode 0600), created on
first use; `CORPUS_TUI_CONFIG_DIR` names another folder (the tests point it into a temporary
one). When the folder cannot be written the key lives only in this process: the caches it
signs are then trusted by no later run, and are rebuilt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import threading
from pathlib import Path

ENV_CONFIG_DIR = "CORPUS_TUI_CONFIG_DIR"
KEY_NAME = "secret.key"
KEY_BYTES = 32
MAC_BYTES = 32  # HMAC-SHA256

_lock = threading.Lock()
_keys: dict[str, bytes] = {}


def config_dir() -> Path:
    explicit = os.environ.get(ENV_CONFIG_DIR)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_config_path

    return user_config_path("corpus-tui", appauthor=False)


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size != KEY_BYTES:
            return None
        data = os.read(fd, KEY_BYTES + 1)
        return data if len(data) == KEY_BYTES else None
    finally:
        os.close(fd)


def _create_key(path: Path) -> bytes | None:
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{KEY_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            if os.path.lexists(path):
                os.replace(tmp, path)  # a damaged key (wrong size, not a file): nothing it signed holds
            else:
                os.link(tmp, path)  # never replaces a key another process created meanwhile
        except FileExistsError:
            pass
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)
    except OSError:
        return None
    return _read_key(path)


def user_key() -> bytes:
    """This user's key, created the first time (read once per process and folder)."""
    folder = str(config_dir())
    with _lock:
        key = _keys.get(folder)
        if key is None:
            path = Path(folder) / KEY_NAME
            key = _read_key(path) or _create_key(path) or secrets.token_bytes(KEY_BYTES)
            _keys[folder] = key
        return key


def mac(*parts: bytes) -> bytes:
    """The MAC of the concatenated `parts` under this user's key."""
    h = hmac.new(user_key(), digestmod=hashlib.sha256)
    for part in parts:
        h.update(part)
    return h.digest()


def is_signed(tag: bytes, *parts: bytes) -> bool:
    """True when `tag` is the MAC of `parts` under this user's key."""
    return hmac.compare_digest(tag, mac(*parts))
