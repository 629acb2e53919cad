"""The layering in ARCHITECTURE.md, checked statically: import-linter's contracts in pyproject.toml.

The run-time checks (test_domain_has_no_textual, test_no_textual_in_commands) see what a
command really imports; these see every import written down, lazy ones included.
"""

from __future__ import annotations

import ast
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomli

import unclench

REPO = Path(__file__).resolve().parents[2]
CONFIG = tomli.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
#: Modules that are not the domain: the commands and ``python -m``.
NOT_DOMAIN = {"unclench.__main__", "unclench.cli"}


def contract(contract_id: str) -> dict[str, list[str]]:
    return next(c for c in CONFIG["contracts"] if c["id"] == contract_id)


def test_the_import_contracts_are_kept() -> None:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if tool is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    done = subprocess.run([tool, "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_module_outside_the_tui_and_the_commands_is_in_the_domain_contract() -> None:
    """A new module is placed in a layer on purpose; otherwise no contract would look at it."""
    modules = {info.name for info in pkgutil.iter_modules(unclench.__path__, "unclench.")}  # imports none of them
    assert modules - NOT_DOMAIN - {"unclench.tui"} == set(contract("domain")["source_modules"])


def test_the_store_is_part_of_the_domain() -> None:
    assert set(contract("store")["source_modules"]) <= set(contract("domain")["source_modules"])


def test_the_record_rows_and_errors_load_without_the_database() -> None:
    """Code that only reads the record's data (the journey, status, the TUI's widgets) never loads sqlite3."""
    probe = (
        "import sys, unclench.store.rows, unclench.store.errors, unclench.store; "
        "assert 'sqlite3' not in sys.modules, 'sqlite3 loaded'; "
        "from unclench.store import ProgressStore; assert 'sqlite3' in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _runtime_imports(tree: ast.Module) -> list[str]:
    """The modules a file imports when it runs (not under ``if TYPE_CHECKING:``)."""
    skipped = {
        id(node)
        for top in ast.walk(tree)
        if isinstance(top, ast.If) and "TYPE_CHECKING" in ast.unparse(top.test)
        for node in ast.walk(top)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_the_tui_reads_and_writes_the_record_only_through_the_learner() -> None:
    """Screens and widgets import the record's data and errors, never the store; none reaches for ``.store``.

    (The import-linter contract "application" checks the store's modules; this also checks the
    package's door, ``from unclench.store import ProgressStore``, and reaching past the session.)
    """
    tui = REPO / "engine" / "unclench" / "tui"
    allowed = ("unclench.store.rows", "unclench.store.errors")
    for path in sorted(tui.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stores = [m for m in _runtime_imports(tree) if m == "unclench.store" or m.startswith("unclench.store.")]
        assert all(m.startswith(allowed) for m in stores), (path, stores)
        if path.parent.name in ("screens", "widgets"):
            reaching = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "store"]
            assert not reaching, f"{path}: .store on lines {reaching}; use session.learner"
