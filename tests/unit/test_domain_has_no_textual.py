"""The domain modules never import Textual; neither do `check` and `schema`.

Each check runs in a fresh interpreter, because the test process itself may
have imported Textual for the UI tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Every module of the package outside ``unclench.tui`` (``__main__`` runs the app when imported).
DOMAIN_MODULES = sorted(
    f"unclench.{path.stem}"
    for path in (Path(__file__).resolve().parents[2] / "engine" / "unclench").glob("*.py")
    if path.stem not in {"__init__", "__main__"}
)

NO_TEXTUAL = "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), sorted(sys.modules)"


def _python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=False, cwd=tmp_path
    )


def test_domain_modules_do_not_import_textual(tmp_path: Path) -> None:
    imports = "; ".join(f"import {name}" for name in DOMAIN_MODULES)
    done = _python(f"import sys; {imports}; {NO_TEXTUAL}", tmp_path)
    assert done.returncode == 0, done.stderr


def test_check_and_schema_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from unclench.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    main(['check'])\n"
        "    main(['schema'])\n"
        "    main(['schema', 'course'])\n"
        f"{NO_TEXTUAL}\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr


def test_the_tui_does_import_textual(tmp_path: Path) -> None:
    """A control: the check above would notice Textual if it were imported."""
    done = _python(f"import sys; import unclench.tui.app; {NO_TEXTUAL}", tmp_path)
    assert done.returncode != 0
