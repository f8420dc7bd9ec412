"""Where a corpus keeps its index, catalog and tags.

Default `<corpus>/.corpus-tui/`; `--data-dir` or `CORPUS_TUI_DATA` overrides; a corpus folder
that cannot be written (a bundled or shared corpus) falls back to the user's data directory,
keyed by the corpus path so two corpora never share one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

DATA_DIR_NAME = ".corpus-tui"
ENV_DATA = "CORPUS_TUI_DATA"


def _writable(folder: Path) -> bool:
    probe = folder / f".corpus-tui-probe-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False


def user_data_root() -> Path:
    from platformdirs import user_data_path

    return user_data_path("corpus-tui", appauthor=False)


def resolve_data_dir(corpus_root: Path, explicit: str | os.PathLike[str] | None = None) -> Path:
    """Pick (and create) the data folder for `corpus_root`."""
    if explicit is None:
        explicit = os.environ.get(ENV_DATA) or None
    if explicit is not None:
        folder = Path(explicit).expanduser().resolve()
    else:
        local = corpus_root / DATA_DIR_NAME
        if local.is_dir() and _writable(local):
            return local
        if not local.exists() and _writable(corpus_root):
            folder = local
        else:
            folder = user_dir_for(corpus_root)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def user_dir_for(corpus_root: Path) -> Path:
    """The data folder under the user's data directory, keyed by the corpus path."""
    key = hashlib.sha256(str(corpus_root.resolve()).encode()).hexdigest()[:16]
    return user_data_root() / "corpora" / f"{corpus_root.name or 'root'}-{key}"
