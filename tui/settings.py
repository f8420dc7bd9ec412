"""The app's settings: one TOML file in the user's config directory, every key optional.

    # ~/.config/corpus-tui/settings.toml (platformdirs' user config dir; CORPUS_TUI_SETTINGS
    # names another file)
    theme = "textual-light"        # any Textual theme name
    default_sort = "newest"        # relevance | newest | oldest
    snippet_width = 160            # characters of context in a hit's snippet (40-400)
    mark_read_on_open = true       # opening an article marks it read

    [keys]                         # binding id = key(s), as Textual's keymap takes them
    "review.note" = "ctrl+n"
    "review.triage" = "f2"

A bad file or a bad value never stops the app: each problem becomes one message naming the
line (TOML's own line number, or the key's line), and the default is used for that setting.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

ENV_SETTINGS = "CORPUS_TUI_SETTINGS"
SORTS = ("relevance", "newest", "oldest")
SNIPPET_RANGE = (40, 400)
_KEY = re.compile(r"^[\w+\-]+(,[\w+\-]+)*$")


@dataclass(frozen=True)
class Settings:
    theme: str | None = None
    default_sort: str = "relevance"
    snippet_width: int = 160
    mark_read_on_open: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # the line of each [keys] entry
    problems: tuple[str, ...] = ()  # one line each, naming the file's line
    path: Path | None = None


def settings_path() -> Path:
    chosen = os.environ.get(ENV_SETTINGS)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("corpus-tui") / "settings.toml"


def _line_of(text: str, key: str) -> int | None:
    """The line a key is set on (for messages); None when it cannot be found."""
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=', re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def load_settings(path: Path | None = None, themes: set[str] | None = None) -> Settings:
    """Read the settings file (a missing file is the defaults, quietly)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8-sig")  # (an editor's byte order mark is no TOML)
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(path=path, problems=(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc}); using the defaults",))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(path=path, problems=(f"{path}: {exc}; using the defaults",))
    problems: list[str] = []
    out = Settings(path=path)

    def bad(key: str, why: str) -> None:
        line = _line_of(text, key)
        where = f"{path}, line {line}" if line else str(path)
        problems.append(f"{where}: {key} {why}; using the default")

    for key, value in data.items():
        if key == "theme":
            if not isinstance(value, str) or (themes is not None and value not in themes):
                bad(key, f"must be one of the themes ({', '.join(sorted(themes or ()))})" if themes else "must be a theme name")
            else:
                out = replace(out, theme=value)
        elif key == "default_sort":
            if value not in SORTS:
                bad(key, f"must be one of {', '.join(SORTS)}")
            else:
                out = replace(out, default_sort=value)
        elif key == "snippet_width":
            lo, hi = SNIPPET_RANGE
            if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
                bad(key, f"must be a whole number from {lo} to {hi}")
            else:
                out = replace(out, snippet_width=value)
        elif key == "mark_read_on_open":
            if not isinstance(value, bool):
                bad(key, "must be true or false")
            else:
                out = replace(out, mark_read_on_open=value)
        elif key == "keys":
            if not isinstance(value, dict):
                bad(key, 'must be a table: [keys] then "binding.id" = "key"')
                continue
            keymap, lines = {}, {}
            for binding_id, keys in value.items():
                if not isinstance(keys, str) or not _KEY.match(keys.replace(" ", "")):
                    bad(binding_id, 'must be key names such as "ctrl+n" or "f2,n"')
                else:
                    keymap[binding_id] = keys.replace(" ", "")
                    line = _line_of(text, binding_id)
                    if line:
                        lines[binding_id] = line
            out = replace(out, keymap=keymap, key_lines=lines)
        else:
            bad(key, "is not a setting (theme, default_sort, snippet_width, mark_read_on_open, [keys])")
    return replace(out, problems=tuple(problems))


def unknown_binding_ids(settings: Settings, known: set[str]) -> list[str]:
    """Keymap entries naming no binding of the app: said (with their line), not silently ignored."""
    return [
        f"{settings.path}" + (f", line {settings.key_lines[bid]}" if bid in settings.key_lines else "")
        + f": [keys] {bid!r} is not a binding id (see the help screen, ?); ignored"
        for bid in settings.keymap if bid not in known
    ]


_THEME_LINE = re.compile(r'^\s*"?theme"?\s*=.*$', re.M)


def save_theme(theme: str, path: Path | None = None) -> str | None:
    """Keep the theme chosen in the app: its `theme = ...` line is rewritten (or added at the
    top, before any table), the rest of the file left as the user wrote it; written to a new
    file renamed over the old one. Returns a one-line problem, or None."""
    import json

    path = path or settings_path()
    line = f"theme = {json.dumps(theme, ensure_ascii=False)}"  # a JSON string is a TOML basic string
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path}: theme not saved ({getattr(exc, 'strerror', None) or exc})"
    if _THEME_LINE.search(text.split("\n[", 1)[0]):
        head, sep, tail = text.partition("\n[")
        text = _THEME_LINE.sub(lambda m: line, head, count=1) + sep + tail
    else:
        text = line + "\n" + text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        return f"{path}: theme not saved ({exc.strerror or exc})"
    return None
