"""One error base: every error Unclench reports to a person has a message and a hint, reported one way."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import sqlite3
from pathlib import Path

import pytest

import unclench
from unclench.cli import main
from unclench.errors import UnclenchError, report
from unclench.store import DB_FILENAME
from unclench.store.errors import StoreError, StoreWriteError
from unclench.store.schema import APPLICATION_ID, SCHEMA_VERSION


def engine_errors() -> list[type[BaseException]]:
    """Every exception class defined in the engine outside the TUI (whose errors are the engine's)."""
    found = []
    for info in pkgutil.walk_packages(unclench.__path__, "unclench."):
        if info.name == "unclench.__main__" or info.name.split(".")[:2] == ["unclench", "tui"]:
            continue
        module = importlib.import_module(info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_engine_error_has_the_one_base() -> None:
    errors = engine_errors()
    assert len(errors) >= 10
    strays = [f"{e.__module__}.{e.__qualname__}" for e in errors if not issubclass(e, UnclenchError)]
    # Internal signals, turned into a reported error where they are caught: never shown as they are.
    assert sorted(strays) == [
        "unclench.files.NotARegularFileError",
        "unclench.store.glance.CannotTell",  # its caller opens the store instead
        "unclench.store.opening._Unreadable",
    ]


def test_message_hint_and_report() -> None:
    error = UnclenchError("the course is already open in another Unclench", "close the other one first")
    assert str(error) == error.message == "the course is already open in another Unclench"
    assert error.explained == "the course is already open in another Unclench\nclose the other one first"
    out = io.StringIO()
    report(error, out)
    assert out.getvalue() == "error: the course is already open in another Unclench\nhint: close the other one first\n"
    out = io.StringIO()
    report(StoreWriteError("Could not save: the disk is full."), out)
    assert out.getvalue() == "error: Could not save: the disk is full.\n"
    assert isinstance(StoreWriteError("x"), StoreError)


def test_a_command_reports_a_store_error_in_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record written by a newer Unclench: the store refuses it, and status says so as every command does."""
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / DB_FILENAME)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    course = Path(__file__).parent / "data" / "record_course"
    code = main(["status", "--course", str(course)])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("error: ") and "newer" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["reset", "--lesson", "welcom", "-y"], "error: the course 'unclench' has no lesson", "hint: did you mean"),
        (["import", "{tmp}/not-utf8.json"], "error: {tmp}/not-utf8.json: not UTF-8 text", "hint: is it an Unclench"),
    ],
)
def test_every_command_says_what_went_wrong_then_what_to_do(
    args: list[str],
    message: str,
    hint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One format everywhere: ``error: MESSAGE`` on one line, ``hint: HINT`` on the next."""
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "not-utf8.json").write_bytes(b"\xff\xfe{")
    assert main([arg.format(tmp=tmp_path) for arg in args]) != 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-2].startswith(message.format(tmp=tmp_path)), lines
    assert lines[-1].startswith(hint), lines
