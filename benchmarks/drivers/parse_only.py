"""The baseline for checking a large course: read and parse its TOML files, nothing else.

Usage: ``python parse_only.py COURSE_DIR [tomli]``. Reads ``course/course.toml`` and
every ``lessons/*.toml`` the way the loader does (bytes, UTF-8, ``loads``), with the
standard library's ``tomllib`` (the issue's baseline) or with ``tomli`` (the loader's parser).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

if __name__ == "__main__":
    root = Path(sys.argv[1])
    parser = importlib.import_module("tomli" if sys.argv[2:] == ["tomli"] else "tomllib")
    files = [root / "course" / "course.toml", *sorted((root / "lessons").glob("*.toml"))]
    tables = [parser.loads(path.read_bytes().decode("utf-8")) for path in files]
    print(f"parsed {len(tables)} files")
