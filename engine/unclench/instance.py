"""One learner session per course and data folder at a time.

Two terminals running the same course on the same data folder would each
autosave the whole text of an answer, and the later save would silently
replace the earlier one. So the first instance holds an advisory lock, and a
second one is refused before it reads or writes anything. The operating
system releases the lock when the process ends, however it ends, so a
crashed session never leaves a stale lock behind.

The lock file holds the process id of its holder, written once the lock is
taken: a refused start names that process, so that a learner whose window
is gone but whose Unclench still runs (a stranger was shut out of their
course that way) can end it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from unclench.errors import UnclenchError

LOCK_SUFFIX = ".lock"


class CourseInUseError(UnclenchError):
    """The course is already open in another Unclench on this data folder."""


class LockFileError(UnclenchError):
    """The lock file cannot be used (a symbolic link, a folder, no permission): nothing was opened."""


def lock_path(data_dir: Path, course_id: str) -> Path:
    """The lock file of ``course_id`` in ``data_dir``."""
    return data_dir / f"open-{course_id}{LOCK_SUFFIX}"


class CourseLock:
    """An exclusive, non-blocking lock on one course in one data folder.

    Use as a context manager; :class:`CourseInUseError` when another process
    holds it.
    """

    def __init__(self, data_dir: Path, course_id: str, *, create_folder: bool = True) -> None:
        self.path = lock_path(data_dir, course_id)
        self.create_folder = create_folder
        """When false and the data folder does not exist, nothing can be open: no lock is taken."""
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`CourseInUseError` at once.

        Raises:
            CourseInUseError: Another process holds it.
            LockFileError: The lock file cannot be opened (never through a link).
        """
        if not self.create_folder and not self.path.parent.is_dir():
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:  # the data folder (or a folder above it) is a file, or may not be made
            from unclench.paths import file_in_the_way

            folder = self.path.parent
            file = file_in_the_way(folder)
            why = f"{file} is a file, not a folder" if file is not None else str(error.strerror or error)
            raise LockFileError(
                f"the data folder {folder} cannot be used: {why}; nothing was opened",
                "set UNCLENCH_DATA_DIR to a folder of your own (or unset it to use your user data folder)",
            ) from None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as error:
            raise _unusable(self.path, error) from None
        try:
            _lock(fd)
        except OSError:
            holder = _holder(fd)
            os.close(fd)
            raise _in_use(self.path, holder) from None
        self._fd = fd
        with contextlib.suppress(OSError, AttributeError):  # the id only helps a refused start name the holder
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        """Let go of the lock (the file stays, emptied of the holder's id)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> CourseLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


#: The most digits a process id written in a lock file may have (the file is the learner's; anything else is no id).
_PID_DIGITS = 10


def _holder(fd: int) -> int | None:
    """The id of the running process that wrote the lock file ``fd`` (its holder), if it can be known."""
    if sys.platform == "win32":  # pragma: no cover - there os.kill ends a process; the lock hides the id anyway
        return None
    try:
        text = os.pread(fd, _PID_DIGITS + 2, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text.isdigit() or len(text) > _PID_DIGITS:
        return None
    pid = int(text)
    try:
        os.kill(pid, 0)  # asks whether it runs; sends nothing
    except PermissionError:
        return pid  # it runs, as another user
    except (OSError, OverflowError, ValueError):
        return None
    return pid


#: The first thing said when the course is open elsewhere: plain words for a learner, the details after it.
IN_USE = "Unclench is already open in another window or terminal: use that one, or close it first"


def _in_use(path: Path, holder: int | None) -> CourseInUseError:
    """The course is open in another process (``holder``, when known): say so plainly, then the details.

    A stranger's learner read "process 12170 ... kill 12170" first: the process and how to end it are only
    for a window that is stuck or gone, so they come last.
    """
    why = "(two open at once could overwrite each other's journal answers)"
    just_closed = "if you have just closed it, wait a few seconds: it saves what you typed and ends by itself."
    if holder is None:
        return CourseInUseError(
            f"{IN_USE} {why}",
            f"{just_closed} If no Unclench window is open, an Unclench left running without one holds the "
            f"course: end that process, then start again (its lock file: {path})",
        )
    return CourseInUseError(
        f"{IN_USE} {why}",
        f"{just_closed} If that window is stuck, or none is open, the Unclench holding the course is process "
        f"{holder} (its lock file: {path}): end it with `kill {holder}` (it saves what was typed first), "
        "then start again",
    )


def _unusable(path: Path, error: OSError) -> LockFileError:
    """Why the lock file at ``path`` could not be opened, and what to do."""
    if os.path.islink(path):
        return LockFileError(
            f"the lock file {path} is a symbolic link; Unclench never follows a link in its data folder, "
            "so nothing was opened",
            "remove the link, then try again (the lock file holds nothing; Unclench makes a new one)",
        )
    if os.path.isdir(path):
        return LockFileError(f"the lock file {path} is a folder, so nothing was opened", "move that folder away")
    return LockFileError(
        f"cannot open the lock file {path}: {error.strerror or error}; nothing was opened",
        "check that the data folder is yours and that you may write in it",
    )


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
