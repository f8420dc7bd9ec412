"""The engine stays UI-free: importing any `index` module pulls in neither Textual nor Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import index

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
