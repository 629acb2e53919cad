"""Where caches live in the data folder, and writing one cache file: shared by the course and validator caches.

A cache file is written as every private file is (:func:`unclench.files.replace_private_file`).

Kept apart from :mod:`unclench.coursecache` so that :mod:`unclench.validation` can
write its cache without importing the course cache (which imports the loader,
which imports validation).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from unclench.files import refuse_links, replace_private_file

#: The folder inside the data folder that holds the cache files.
CACHE_DIR = "cache"


def cache_folder(data_dir: Path | None = None) -> Path:
    """The folder of cache files in ``data_dir`` (default: :func:`unclench.paths.data_dir`)."""
    from unclench import paths  # here: a command that needs no data folder does not look for it

    return (data_dir if data_dir is not None else paths.data_dir()) / CACHE_DIR


def write_cache_file(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON to ``path`` in :func:`cache_folder`, atomically and privately (0600).

    Does nothing when the data folder does not exist: it is never created for a cache.

    Raises:
        NotARegularFileError: The cache folder or file is a symbolic link (or not a folder, not a file).
        OSError: the file could not be written.
    """
    folder = path.parent
    if not folder.parent.is_dir():
        return  # never create the data folder just for a cache
    refuse_links(folder.parent, path)  # a cache is never written through a link in the data folder
    folder.mkdir(mode=0o700, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    replace_private_file(path, text.encode("utf-8"))


#: How a cache file of ours starts: its format, then the folder it caches (as every format so far wrote it).
_HEAD = re.compile(rb'\{"format":\d+,"root":("(?:[^"\\]|\\.)*")')
#: How much of a cache file is read to see whose it is: the path of a folder is at most 4,096 bytes, escaped.
_HEAD_BYTES = 32_768


def remove_stale(current: Path, root: str) -> int:
    """Remove the other cache files of the folder ``root`` beside ``current``, the one just written for it.

    A course's cache file is named after its folder, and the naming changed once
    (a SHA-256 of the path, then a CRC-32): the file under the old name was left
    behind, the size of the course, for good. A stale file is one of ours only:
    a regular file (never a link, which is not followed), owned by this user, named
    like ``current`` (``course-*.json``), whose content starts as our cache files
    do and names ``root``. Anything else in the folder is left alone, and so is a
    file that another run removes or replaces meanwhile.

    Returns:
        How many files were removed.
    """
    prefix = current.name.split("-", 1)[0] + "-"
    removed = 0
    try:
        folder = os.open(current.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return 0
    try:
        with os.scandir(folder) as entries:
            names = [
                entry.name
                for entry in entries
                if entry.name != current.name
                and entry.name.startswith(prefix)
                and entry.name.endswith(current.suffix)
                and entry.is_file(follow_symlinks=False)
            ]
        for name in names:
            with contextlib.suppress(OSError):
                if _caches(folder, name, root):
                    os.unlink(name, dir_fd=folder)  # unlink never follows a link
                    removed += 1
    finally:
        os.close(folder)
    return removed


def _caches(folder: int, name: str, root: str) -> bool:
    """Whether the file ``name`` in ``folder`` is a cache file of ours for the folder ``root``."""
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return False
        head = _HEAD.match(os.read(fd, _HEAD_BYTES))
    finally:
        os.close(fd)
    if head is None:
        return False
    try:
        return bool(json.loads(head.group(1)) == root)
    except ValueError:
        return False
