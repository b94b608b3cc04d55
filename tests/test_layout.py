"""The package's shape: small modules and classes, and spaCy only where language is read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "detente"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300
# the one subpackage that may import spaCy: everything else reads the database or text only
LANGUAGE = PACKAGE / "coding"


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines: split it by responsibility"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_class_is_long(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            assert lines <= MAX_CLASS_LINES, f"{_name(path)}: class {node.name} has {lines} lines"


def _imported(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if LANGUAGE not in p.parents], ids=_name)
def test_spacy_is_imported_only_by_the_coder(path: Path) -> None:
    # also lazy imports inside functions: ast.walk sees every import statement
    assert "spacy" not in _imported(ast.parse(path.read_text(encoding="utf-8"))), (
        f"{_name(path)} imports spaCy: only detente/coding/ may (reads of the database must not load a model)"
    )


def test_the_coder_is_where_spacy_is_imported() -> None:
    # the check above must be able to fail: the coder does import spaCy
    assert any("spacy" in _imported(ast.parse(p.read_text(encoding="utf-8"))) for p in LANGUAGE.rglob("*.py"))
