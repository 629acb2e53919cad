"""The baseline for checking a large course: read and parse its TOML files with tomllib, nothing else.

Usage: ``python parse_only.py COURSE_DIR``. Reads ``course/course.toml`` and
every ``lessons/*.toml`` the way the loader does (bytes, UTF-8, ``tomllib.loads``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import tomllib

if __name__ == "__main__":
    root = Path(sys.argv[1])
    files = [root / "course" / "course.toml", *sorted((root / "lessons").glob("*.toml"))]
    tables = [tomllib.loads(path.read_bytes().decode("utf-8")) for path in files]
    print(f"parsed {len(tables)} files")
