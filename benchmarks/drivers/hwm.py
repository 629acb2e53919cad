"""Run a module or script as ``__main__``, then record its exit status and peak RSS.

Usage: ``python hwm.py OUT.json -m MODULE ARG...`` or ``python hwm.py OUT.json SCRIPT ARG...``.
"""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

from _peak import peak_rss_mb

if __name__ == "__main__":
    out = Path(sys.argv[1])
    if sys.argv[2] == "-m":
        target, sys.argv = sys.argv[3], [sys.argv[3], *sys.argv[4:]]
    else:
        target, sys.argv = sys.argv[2], sys.argv[2:]
    status: int = 0
    try:
        if sys.argv[0] == target and target.endswith(".py"):
            runpy.run_path(target, run_name="__main__")
        else:
            runpy.run_module(target, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        out.write_text(json.dumps({"status": status, "peak_rss_mb": peak_rss_mb()}))
    raise SystemExit(status)
