"""Cleaning: boilerplate out; title, outlet, date and body kept."""

from __future__ import annotations

from functools import cache
from hashlib import blake2b
from pathlib import Path


@cache
def cleaner_fingerprint() -> str:
    """Which cleaner this is: a hash of this package's code, its model's weights and the word
    splitting it reads lines with (`index/text/words.py`).

    The catalog records it; an index cleaned by another cleaner (the user upgraded) is built
    again, so a better cleaner reaches the articles already indexed, not only new ones. Tags
    stay: they are kept with what their articles are."""
    digest = blake2b(digest_size=8)
    folder = Path(__file__).parent
    try:
        for path in sorted(folder.glob("*.py")) + sorted(folder.glob("*.json")) + [folder.parent / "text" / "words.py"]:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    except OSError:  # (an installation whose files cannot be read: no reason to rebuild)
        return "unknown"
    return digest.hexdigest()
