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
import time
from collections.abc import Callable
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


#: A temporary file of a cache write (see :func:`unclench.files.private_replacement`): ``.NAME.json.XXXXXXXX.tmp``.
_TEMPORARY = re.compile(r"\.[A-Za-z0-9_-]+\.json\.[A-Za-z0-9_]+\.tmp")
#: How old (seconds since its last change) a temporary file must be to be left over: a write takes seconds at
#: most, so an older one was interrupted (the app killed, the machine stopped), not being written by a run now.
LEFT_OVER_SECONDS = 30 * 60


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
    return _remove_in(
        current.parent,
        lambda folder, entry: (
            entry.name != current.name
            and entry.name.startswith(prefix)
            and entry.name.endswith(current.suffix)
            and _cached_root(folder, entry.name) == root
        ),
    )


def prune(folder: Path, now: float | None = None) -> int:
    """Remove what is left over in the cache folder ``folder``: interrupted writes, and caches of folders gone.

    * A temporary file of a cache write (``.course-*.json.*.tmp``) that has not
      changed for :data:`LEFT_OVER_SECONDS`: its write was interrupted, and the
      file would stay, as large as the course, for good. A younger one may be
      being written by another run right now, and is left alone.
    * A course's cache file (``course-*.json``, ours as :func:`remove_stale` tells)
      whose course folder no longer exists (moved, renamed, deleted). A folder that
      cannot be looked at (no permission) is not known to be gone: its cache stays.
      A course on a drive that is not mounted now counts as gone: its next start
      reads it whole and caches it again, as after any change.

    Only regular files owned by this user, directly in ``folder`` (never a link,
    never followed, nothing below), are removed; a folder that is a link is not
    looked into. The learner's data is never in the cache folder.

    Args:
        folder: The cache folder (:func:`cache_folder`).
        now: The time to measure ages from (default: now).

    Returns:
        How many files were removed.
    """
    oldest = (time.time() if now is None else now) - LEFT_OVER_SECONDS

    def left_over(folder_fd: int, entry: os.DirEntry[str]) -> bool:
        if _TEMPORARY.fullmatch(entry.name):
            info = entry.stat(follow_symlinks=False)
            return info.st_uid == os.getuid() and info.st_mtime < oldest
        if entry.name.startswith("course-") and entry.name.endswith(".json"):
            root = _cached_root(folder_fd, entry.name)
            return root is not None and _gone(root)
        return False

    return _remove_in(folder, left_over)


def _gone(root: str) -> bool:
    """Whether the absolute path ``root`` is known not to exist (not merely unreadable)."""
    if not os.path.isabs(root):
        return False
    try:
        os.lstat(root)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _remove_in(path: Path, doomed: Callable[[int, os.DirEntry[str]], bool]) -> int:
    """Remove the regular files directly in the folder ``path`` that ``doomed`` picks; how many went.

    The folder is opened once, refusing a link, and every file is named relative to it: nothing
    outside it is ever looked at or removed. A file another run removes meanwhile is no error.
    """
    removed = 0
    try:
        folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return 0
    try:
        with os.scandir(folder) as entries:
            names = []
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and doomed(folder, entry):
                        names.append(entry.name)
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=folder)  # unlink never follows a link
                removed += 1
    finally:
        os.close(folder)
    return removed


def _cached_root(folder: int, name: str) -> str | None:
    """The folder whose cache the file ``name`` in ``folder`` is, or None when it is not a cache file of ours."""
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return None
        head = _HEAD.match(os.read(fd, _HEAD_BYTES))
    finally:
        os.close(fd)
    if head is None:
        return None
    try:
        root = json.loads(head.group(1))
    except ValueError:
        return None
    return root if isinstance(root, str) else None
