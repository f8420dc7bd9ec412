"""Opening an article's URL (or its file) with the system's opener, where there is one.

The opener runs detached, its output discarded, so a browser's chatter never reaches the
terminal the app is drawing on. Only http(s) URLs are handed on: a scraped `url` field is
untrusted, and a `file:` or custom scheme could start anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SAFE_SCHEMES = ("http://", "https://")


def system_opener() -> list[str] | None:
    """The command that opens a URL or file here, or None when the system has none."""
    if sys.platform == "darwin":
        return ["open"] if shutil.which("open") else None
    if sys.platform.startswith("win"):
        return []  # os.startfile
    for name in ("xdg-open", "gio", "wslview"):
        found = shutil.which(name)
        if found:
            return [found, "open"] if name == "gio" else [found]
    return None


# Files a browser would open as a page, running the scripts a scraped page holds, with the
# local files' privileges: never opened, only named.
SCRIPTED_FILES = (".html", ".htm", ".xhtml", ".svg")


def target_for(url: str | None, path: Path) -> str | None:
    """What `o` opens: the article's web address when it has a safe one, else its file (None:
    an HTML file, which is not opened)."""
    if url and url.strip().lower().startswith(SAFE_SCHEMES) and not any(c in url for c in "\n\r\x00"):
        return url.strip()
    if path.suffix.lower() in SCRIPTED_FILES:
        return None
    return str(path)


def open_external(target: str) -> str | None:
    """Start the system opener on `target`; None on success, else a one-line reason."""
    command = system_opener()
    if command is None:
        return f"no program to open it with here (xdg-open, gio or open); it is {target}"
    try:
        if command == []:
            os.startfile(target)  # type: ignore[attr-defined]  # Windows only
        else:
            subprocess.Popen(
                [*command, target], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True,
            )
    except OSError as exc:
        return f"could not open {target}: {exc.strerror or exc}"
    return None
