"""The engine's boundaries: importing any `index` module pulls in neither Textual nor Rich, and
the import-linter contracts in pyproject.toml (UI-free engine, the facade as tui's only door,
the stage rooms' layers) hold."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import index

ROOT = Path(index.__file__).resolve().parent.parent
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"

ENGINE_MODULES = sorted(m.name for m in pkgutil.walk_packages(index.__path__, prefix="index."))


def test_engine_modules_do_not_import_ui_libraries():
    code = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(index.__file__).parent.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
    assert len(ENGINE_MODULES) >= 30


def test_engine_imports_cleanly_with_warnings_as_errors():
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import index, whoosh.qparser, whoosh.highlight"],
        capture_output=True, text=True, cwd=Path(index.__file__).parent.parent,
    )
    assert out.returncode == 0, out.stderr


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LINT, "--no-cache"], capture_output=True, text=True, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)


def test_import_contracts_hold():
    out = lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 kept, 0 broken" in out.stdout


def test_import_contracts_catch_each_kind_of_break(tmp_path):
    # A copy of the code with one break of each contract: all three must be reported.
    for name in ("index", "tui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    def add(rel: str, line: str) -> None:
        path = tmp_path / rel
        path.write_text(path.read_text() + "\n" + line + "\n")
    add("tui/hit_list.py", "from index.models import Hit as _Hit")  # past the facade
    add("index/text/words.py", "import rich")  # the engine reaching for the UI
    add("index/segments/codec.py", "from index.search import ranking")  # a room importing upwards
    out = lint_imports(tmp_path)
    assert out.returncode == 1
    assert "0 kept, 3 broken" in out.stdout, out.stdout
    assert "tui.hit_list -> index.models" in out.stdout
    assert "index.segments.codec -> index.search.ranking" in out.stdout


def test_the_readme_layout_names_every_room_and_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):readme.index("\n## ", readme.index("## Layout") + 1)]
    rooms = sorted(p.name for p in (ROOT / "index").iterdir() if (p / "__init__.py").exists())
    modules = sorted({p.name for folder in ("index", "tui") for p in (ROOT / folder).rglob("*.py")
                      if p.name != "__init__.py"} | {"app.tcss"})
    assert [room for room in rooms if f"`index/{room}/`" not in layout] == []
    assert [name for name in modules if f"`{name}`" not in layout and f"/{name}`" not in layout] == []
