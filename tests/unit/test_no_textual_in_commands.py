"""Commands that do not open the course never import Textual, so they start quickly.

Each command runs in a fresh interpreter (``sys.modules`` of the test process
is shared by every test, so it proves nothing); the child reports which
``textual`` modules it ended up with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

_CHILD = """
import contextlib, io, json, sys
from unclench.cli import main

sink = io.StringIO()
with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
    try:
        status = main(sys.argv[1:])
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
textual = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({"status": status, "textual": textual, "output": sink.getvalue()[-1000:]}))
"""

COMMANDS = {
    "check": ["check"],
    "check-lesson": ["check", "{lesson}"],
    "schema": ["schema"],
    "schema-course": ["schema", "course"],
    "status": ["status"],
    "status-json": ["status", "--json"],
    "export": ["export"],
    "export-json": ["export", "--format", "json", "-o", "{tmp}/export.json"],
    "version": ["--version"],
}


def _run(argv: list[str], data_dir: Path) -> dict[str, object]:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_does_not_import_textual(name: str, tmp_path: Path) -> None:
    from unclench.folders import bundled_course_root

    lesson = next((bundled_course_root() / "lessons").glob("*.toml"))
    argv = [arg.format(tmp=tmp_path, lesson=lesson) for arg in COMMANDS[name]]
    result = _run(argv, tmp_path / "data")
    assert result["status"] == 0, result["output"]
    assert result["textual"] == [], f"`unclench {' '.join(argv)}` imported {result['textual']}"


def test_the_probe_sees_textual_when_it_is_imported(tmp_path: Path) -> None:
    """The child's report is not vacuous: importing the TUI package shows up."""
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(tmp_path)}
    code = "import sys, textual.app; print(sorted(m for m in sys.modules if m.startswith('textual')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "'textual.app'" in done.stdout
