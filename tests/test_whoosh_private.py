"""Every private Whoosh name the engine relies on (index/segments/whoosh_private.py) exists in
the installed Whoosh: an upgrade that renames one fails here, not in the middle of a build."""

from __future__ import annotations

import ast
import inspect
import re
import types
from pathlib import Path

from index.segments import whoosh_private
from index.segments.whoosh_private import PRIVATE_MEMBERS

ROOT = Path(__file__).resolve().parent.parent


def defines(owner, name: str) -> bool:
    """`owner` (a module or class) has `name` as an attribute, or one of its classes' code
    assigns it to instances (`self.name = ...`)."""
    if isinstance(owner, types.ModuleType):
        return hasattr(owner, name)
    if any(name in vars(cls) for cls in owner.__mro__):
        return True
    assign = re.compile(rf"\bself\.{re.escape(name)}\s*(=|,[^=]*=)")
    return any(assign.search(inspect.getsource(cls)) for cls in owner.__mro__ if cls is not object)


def test_every_private_whoosh_name_exists():
    missing = [f"{getattr(owner, '__name__', owner)}.{name}"
               for owner, names in PRIVATE_MEMBERS.items() for name in names if not defines(owner, name)]
    assert missing == []
    assert sum(len(names) for names in PRIVATE_MEMBERS.values()) >= 40


def test_the_names_it_cites_are_its_own():
    for names in PRIVATE_MEMBERS.values():
        for why in names.values():
            if re.fullmatch(r"[A-Za-z_]+", why):
                assert hasattr(whoosh_private, why), why


NAMEDTUPLE_API = {"_replace", "_make", "_asdict", "_fields"}


def private_reaches(path: Path) -> list[str]:
    """Where a module reads another object's private attribute (`x._name`, x not self, cls,
    super() or `other` of the same class) or imports a private name from another module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            if node.attr in NAMEDTUPLE_API or (isinstance(owner, ast.Name) and owner.id in ("self", "cls", "other")):
                continue
            if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
                continue
            if isinstance(owner, ast.Name) and owner.id == "os" and node.attr == "_exit":
                continue
            found.append(f"{path.name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            found += [f"{path.name}:{node.lineno}: import {a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_reaches_into_private_names_but_the_one_that_names_them():
    offenders = [hit for path in sorted((ROOT / "index").rglob("*.py")) if path.name != "whoosh_private.py"
                 for hit in private_reaches(path)]
    assert offenders == []
    assert private_reaches(ROOT / "index" / "segments" / "whoosh_private.py")  # (the check sees them)
