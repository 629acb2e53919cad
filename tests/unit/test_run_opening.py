"""Start-up opens the progress store beside importing the app (issue 18): its refusals are reported as before.

``unclench`` opens the store in a thread while Textual is imported; a store
that cannot be used must still end with a plain message and a non-zero exit
before any screen, the file untouched, and a store that opens must be the
one the app gets.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.cli import run as run_module
from unclench.cli.shared import EXIT_PROBLEMS
from unclench.store import ProgressStore
from unclench.store.opening import DB_FILENAME
from unclench.store.schema import SCHEMA_VERSION


def test_a_newer_database_is_refused_at_start_up_and_left_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path))
    with ProgressStore.open(tmp_path) as store:
        store.save_answer("c", "l", "s", "Q?", "precious")
    db = tmp_path / DB_FILENAME
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    code = main([])

    out, err = capsys.readouterr()
    assert code == EXIT_PROBLEMS
    assert "Traceback" not in out + err
    assert "upgrade unclench" in err.lower()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_the_store_opened_beside_the_import_is_the_one_returned_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path))
    store = run_module._open_store_while_importing_app()
    try:
        assert not store.closed
        assert store.path == tmp_path / DB_FILENAME
        assert "unclench.tui.app" in sys.modules
    finally:
        store.close()


def test_a_failed_import_closes_the_store_it_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path))
    opened: list[ProgressStore] = []
    real_open = ProgressStore.open

    def remember(*args: object, **kwargs: object) -> ProgressStore:
        store = real_open()
        opened.append(store)
        return store

    monkeypatch.setattr(ProgressStore, "open", remember)
    monkeypatch.setitem(sys.modules, "unclench.tui.app", None)  # importing it raises ImportError
    with pytest.raises(ImportError):
        run_module._open_store_while_importing_app()
    assert len(opened) == 1 and opened[0].closed
