"""Writing a private file atomically: the one way Unclench replaces a file it writes.

A temporary file beside the target (created 0600, whatever the umask) is
written, synced, then renamed over the target, and the folder is synced: a
reader (or a crash) sees the old file or the new one, never half of one, and
nobody else can read it. The export, the caches and the store's backup all
write this way. Files in a course folder (``unclench new``, ``schema --write``)
are written the same way by :func:`write_text_below`, never through a link.
Domain code: imports nothing of ours.
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
    """A target that is not a regular file (a link, a folder, a pipe, a device): never replaced.

    Attributes:
        message: What is wrong, naming the file (also ``str(error)``).
        hint: How to fix it, when the message does not say; may be empty.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


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
def private_replacement(path: Path, *, replace: bool = True, mode: int = 0o600) -> Iterator[Path]:
    """A temporary private file beside ``path`` that becomes it when the block ends without an error.

    ``mode``: the new file's permission bits (private by default; a course file
    keeps the usual ones, see :func:`write_text_below`).

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
            os.fchmod(fd, mode)
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


# -- files in a course folder: never written through a symbolic link -----------------------


def refuse_links(root: Path, target: Path) -> None:
    """Refuse to write ``target``, a file below the folder ``root``, through a link or over a non-file.

    Every folder between ``root`` and ``target`` that exists must be a real
    folder (not a symbolic link), and ``target``, if it exists, a regular file
    (not a link, however harmless it looks: a course's links could lead anywhere,
    and reading one is fine, writing through one is not). ``root`` itself is
    the folder a person named, link or not.

    Raises:
        NotARegularFileError: Something on the way is a link or not what it should be.
    """
    here = root
    parts = target.relative_to(root).parts
    for index, part in enumerate(parts):
        here = here / part
        is_file = index == len(parts) - 1
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            return  # nothing further exists: it is created below, never through a link
        if stat.S_ISLNK(info.st_mode):
            raise NotARegularFileError(
                f"{here} is a symbolic link; Unclench never writes through a link in a course folder",
                f"replace the link with a real {'file' if is_file else 'folder'} (or remove it), then run the "
                "command again",
            )
        if is_file and not stat.S_ISREG(info.st_mode):
            raise NotARegularFileError(
                f"{here} is not a regular file (a folder, pipe, device or socket)",
                "move it out of the way, then run the command again",
            )
        if not is_file and not stat.S_ISDIR(info.st_mode):
            raise NotARegularFileError(f"{here} is not a folder", "move it out of the way, then run the command again")


def _usual_mode() -> int:
    """The permission bits of a new ordinary file: 0666 less the umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_text_below(root: Path, target: Path, text: str, *, new: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``target``, a file below the folder ``root``: the one way a course file is written.

    Nothing is written through a symbolic link (:func:`refuse_links`); folders
    missing on the way are created. The file is put in place whole (as
    :func:`private_replacement` does): a replaced regular file keeps its
    permission bits, a new one gets the usual ones.

    Args:
        root: The course folder (or the folder a person named).
        target: The file, below ``root``.
        text: Its content.
        new: Refuse a file that exists; the new one is linked into place, so nothing
            that appears meanwhile (a file or a link) is ever replaced.

    Raises:
        NotARegularFileError: A link or a non-file on the way; nothing was written.
        FileExistsError: ``new`` and ``target`` exists.
        PermissionError: ``target`` is read-only (it is left so).
        OSError: The file could not be written; ``target`` is as it was.
    """
    refuse_links(root, target)
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and new:
        raise FileExistsError(17, "exists", str(target))
    if info is not None and not os.access(target, os.W_OK):
        # Renaming over it would succeed anyway; a file its author made read-only stays as it is.
        raise PermissionError(13, os.strerror(13), str(target))
    if info is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        refuse_links(root, target)  # a folder on the way could have become a link meanwhile
    mode = _usual_mode() if info is None else stat.S_IMODE(info.st_mode)
    with private_replacement(target, replace=info is not None, mode=mode) as temp:
        temp.write_bytes(text.encode("utf-8"))
