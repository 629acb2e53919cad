"""Noticing that a course's files changed, for ``unclench preview``: a cheap look at their sizes and times.

No file is read: a look is one ``stat`` per file of the course (the index and
``lessons/*.toml``), so it can run a few times a second while an author edits.
"""

from __future__ import annotations

import os
from pathlib import Path

from unclench.folders import COURSE_INDEX, lesson_files

#: What the course's files look like: (name, size, modification time in ns, inode) of each.
Look = tuple[tuple[str, int, int, int], ...]


def look(root: Path) -> Look:
    """What the files of the course in ``root`` look like now (missing files are simply not there)."""
    entries = []
    for path in [root / COURSE_INDEX, *lesson_files(root)]:
        try:
            info = os.stat(path)
        except OSError:
            continue
        entries.append((str(path.relative_to(root)), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(entries)
