"""Run one ``unclench`` command in this process, then report which Textual modules it imported.

Usage: ``python cmd_modules.py OUT.json ARG...`` (the command's arguments).
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

if __name__ == "__main__":
    out, argv = Path(sys.argv[1]), sys.argv[2:]
    from unclench.cli import main

    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        try:
            status = main(argv)
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else 1
    textual = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
    out.write_text(json.dumps({"status": status, "textual_modules": textual, "output": sink.getvalue()[-2000:]}))
