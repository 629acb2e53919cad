"""Writing a private file atomically: the one way Unclench replaces a file it writes.

A temporary file beside the target (created 0600, whatever the umask) is
written, synced, then renamed over the target, and the folder is synced: a
reader (or a crash) sees the old file or the new one, never half of one, and
nobody else can read it. The export, the caches and the store's backup all
write this way. Domain code: imports nothing of ours.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

#: Open flag that refuses a symbolic link (0 where the system has none).
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotARegularFileError(OSError):
    """A target that is not a regular file (a link, a folder, a pipe, a device): never replaced."""


def fsync_dir(directory: Path) -> None:
    """Make a rename or a file creation in ``directory`` durable (best effort)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def private_replacement(path: Path, *, replace: bool = True) -> Iterator[Path]:
    """A temporary private file beside ``path`` that becomes it when the block ends without an error.

    The block writes the temporary file (by name: SQLite's backup writes it
    itself); it is then synced, renamed over ``path`` (or, with ``replace``
    False, linked to ``path``, which fails if it exists) and the folder synced.
    On an error it is removed and ``path`` is left as it was.

    Raises:
        FileExistsError: ``replace`` is False and ``path`` exists.
        OSError: The file could not be created, synced or put in place.
    """
    import tempfile  # only when writing: reading stays quick

    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        yield Path(temp)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)
            with contextlib.suppress(OSError):
                os.unlink(temp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def replace_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and privately (see :func:`private_replacement`).

    Raises:
        OSError: The file could not be written; ``path`` is as it was.
    """
    with private_replacement(path) as temp:
        temp.write_bytes(data)


def _refuse_unless_regular(path: Path, info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise NotARegularFileError(
            f"{path} is a symbolic link; export writes only regular files. "
            "Give the path of a file (not a link), or remove the link"
        )
    if stat.S_ISDIR(info.st_mode):
        raise NotARegularFileError(f"{path} is a folder; give a file name (or end the path with / to write inside)")
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFileError(
            f"{path} is a pipe, device or socket; export writes only regular files. Give the path of a file"
        )


def write_private_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to a new regular file readable only by its owner (0600, whatever the umask).

    Args:
        path: The file.
        data: Its content.
        force: Replace ``path`` if it is a regular file (atomically: :func:`replace_private_file`);
            otherwise refuse.

    Raises:
        NotARegularFileError: ``path`` is a link, a folder, a pipe, a device or a socket
            (never replaced, even with ``force``).
        FileExistsError: ``path`` exists and ``force`` is False.
        OSError: The file could not be written; nothing is left half-written.
    """
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        _refuse_unless_regular(path, info)
        if not force:
            raise FileExistsError(17, "exists", str(path))
        replace_private_file(path, data)
        return
    # A new file appears whole or not at all, and never replaces one made meanwhile.
    with private_replacement(path, replace=False) as temp:
        temp.write_bytes(data)
