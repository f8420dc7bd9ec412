"""The user's settings: one small TOML file, read at start and rewritten when a setting changes.

Where: `$CORPUS_TUI_CONFIG` if set (a file path; the tests point it into a temporary folder),
else `settings.toml` in `$CORPUS_TUI_CONFIG_DIR` (the folder the engine keeps its key in) if
set, else in `platformdirs.user_config_dir("corpus-tui")` (`~/.config/corpus-tui/` on Linux).

What it holds, all optional (a missing file, key or a value of the wrong type means the
default; a file that is not valid TOML is reported once and left untouched):

    theme = "nord"          # the Textual theme chosen in the command palette

To add a setting: give `Settings` a field with its default, read it in `load` (checking its
type), and write it in `_toml_lines`. Values are plain strings, numbers and booleans: the
writer below is deliberately tiny (TOML's basic strings) rather than a dependency.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from platformdirs import user_config_dir

ENV_VAR = "CORPUS_TUI_CONFIG"
ENV_DIR = "CORPUS_TUI_CONFIG_DIR"
FILE_NAME = "settings.toml"


@dataclass(frozen=True)
class Settings:
    theme: str | None = None  # None: Textual's default theme


def settings_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    folder = os.environ.get(ENV_DIR)
    return Path(folder).expanduser() / FILE_NAME if folder else Path(user_config_dir("corpus-tui")) / FILE_NAME


def load(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings in the file (defaults where it says nothing), and a one-line problem to
    show the user if the file could not be read."""
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), f"settings not read from {path}: {exc}"
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) and theme else None), None


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _toml_lines(settings: Settings) -> list[str]:
    return [f"{key} = {_toml_value(value)}" for key, value in asdict(settings).items() if value is not None]


def save(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings (atomically: a new file renamed over the old one); a one-line
    problem if that failed. Keys of the file this version does not know are kept."""
    path = path or settings_path()
    known = set(asdict(settings))
    kept: list[str] = []
    try:
        old = tomllib.loads(path.read_text(encoding="utf-8"))
        kept = [f"{k} = {_toml_value(v)}" for k, v in old.items() if k not in known and isinstance(v, (str, int, float, bool))]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass
    text = "# corpus-tui settings (rewritten by the app when a setting changes)\n" + "\n".join(_toml_lines(settings) + kept) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        return f"settings not saved to {path}: {exc.strerror or exc}"
    return None


def with_theme(settings: Settings, theme: str) -> Settings:
    return replace(settings, theme=theme)
