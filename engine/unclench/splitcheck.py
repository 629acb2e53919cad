"""Reading a large course's lesson files in two processes at once, while this one does something else.

With nothing cached, opening a course of 1,000 lessons means parsing 1,000 TOML
files (about half a second of ``tomli`` alone) before the first frame, and the
app then spends a quarter of a second importing Textual. On a machine with two
cores, a forked helper process reads lesson files from the first one on while
this process does its other work (the app imports Textual); this process then
reads from the last file back until the two meet, each taking the next file
only if the other has not (a shared counter each; should both ever take the
same file, it is read twice, and nothing else happens).

The helper hands back the validated data of the files that passed their own
checks, and nothing else: each file's as soon as it has it, through a pipe
(see :func:`_frame`), so that this process, between its own files, builds the
lessons of the helper's while the helper goes on reading; at the end only the
last few are left to build (building every lesson once both had finished was a
tenth of the course's load, on the way to the first frame). The data is taken only
if the helper ended well. :func:`unclench.loader.check_course` reuses that data
exactly as it reuses the course cache's: it reads every other file itself (any
with a problem, any the helper did not get to, every one if the helper failed),
checks every rule across files, and should a problem concern a reused file it
checks the whole course again from its files. So which problems are reported,
where, and whether the course opens are those of a check in one process: the
helper only saves time.

Only where ``os.fork`` exists (not on Windows), on more than one core, and for
at least :data:`MIN_FILES` files to read; otherwise nothing starts and the
caller reads every file itself. The helper writes to no terminal and no file
(its only output is the pipe), and always ends with ``os._exit``; leaving the
``with`` block waits for it, and stops it first when the block is left early
(an error, an interrupt).

Usage::

    with splitcheck.started(root, files) as helper:
        if helper is not None:
            do_something_else()
        reuse = helper.finish() if helper is not None else {}
    result = loader.check_course(root, reuse)
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
import signal
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from unclench.course import Lesson

#: Fewer files than this are read in this process alone: a helper saves nothing on them.
MIN_FILES = 100
#: The shared counters: how many files from the first the helper has taken, and the lowest this process has.
_HELPER_NEXT, _OURS_FROM = 0, 8
_COUNTER = struct.Struct("q")
#: What comes before each file's data in the pipe: the file's index and the data's length in bytes.
_FRAME = struct.Struct("<II")
#: The pipe's size asked for (Linux): the helper need not wait for this process, busy elsewhere, to empty it.
PIPE_BYTES = 1 << 20


class Helper:
    """A forked process reading lesson files from the first on; see the module docstring."""

    def __init__(self, pid: int, pipe: int, shared: mmap.mmap, root: Path, files: list[Path]) -> None:
        self._pid: int | None = pid
        self._pipe: int | None = pipe
        self._shared = shared
        self._root = root
        self._files = files
        self._received = bytearray()
        self._from_helper: dict[int, tuple[dict[str, Any], Lesson]] = {}

    def finish(self) -> dict[Path, tuple[dict[str, Any], Lesson]]:
        """Read files from the last one back until meeting the helper, then take what it read.

        Returns:
            The validated data of every file either process read that passed its own
            checks, with its lesson, by path (the rest are for :func:`unclench.loader.check_course` to read).
        """
        from unclench import loader
        from unclench.course import lesson_from_data

        files = self._files
        passing: dict[Path, tuple[dict[str, Any], Lesson]] = {}
        paths = loader.ResolvedPaths()
        index = len(files) - 1
        while index >= _read(self._shared, _HELPER_NEXT):
            _write(self._shared, _OURS_FROM, index)
            data = loader.passing_lesson(files[index], self._root, paths)
            if data is not None:
                passing[files[index]] = (data, lesson_from_data(data, files[index]))
            index -= 1
            self._take(wait=False)
        self._take(wait=True)
        if self._wait() == 0:  # else the helper's data is left out: those files are read again
            for helper_index, read in self._from_helper.items():
                passing.setdefault(files[helper_index], read)
        return passing

    def _take(self, wait: bool) -> None:
        """Build the lessons of what the helper has sent so far (with ``wait``: until it closes the pipe)."""
        from unclench.course import lesson_from_data

        if self._pipe is None:
            return
        os.set_blocking(self._pipe, wait)
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(self._pipe, PIPE_BYTES):
                self._received += chunk
                if not wait:
                    break
        start = 0
        with memoryview(self._received) as received:
            while len(received) - start >= _FRAME.size:
                index, size = _FRAME.unpack_from(received, start)
                end = start + _FRAME.size + size
                if end > len(received):
                    break
                try:
                    data = marshal.loads(received[start + _FRAME.size : end])
                    self._from_helper[index] = (data, lesson_from_data(data, self._files[index]))
                except (ValueError, EOFError, TypeError, KeyError, IndexError, AttributeError):
                    pass  # not data this process can use: the file is read again
                start = end
        del self._received[:start]

    def _wait(self) -> int:
        """Wait for the helper to end (once); its exit status (-1 when it did not end on its own)."""
        if self._pid is None:
            return -1
        pid, self._pid = self._pid, None
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        """Stop the helper if it is still running, wait for it, and release the pipe and counters."""
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                self._wait()
        if self._pipe is not None:
            pipe, self._pipe = self._pipe, None
            os.close(pipe)
        self._shared.close()


@contextlib.contextmanager
def started(root: Path, files: list[Path]) -> Iterator[Helper | None]:
    """A helper reading ``files`` (lesson files of the course in ``root``), or None when none is worth it.

    Leaving the block waits for the helper (stopping it first, if it is still running).
    """
    helper = _start(root, files)
    try:
        yield helper
    finally:
        if helper is not None:
            helper.close()


def _start(root: Path, files: list[Path]) -> Helper | None:
    if len(files) < MIN_FILES or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    try:
        shared = mmap.mmap(-1, 16)
    except (OSError, ValueError):
        return None
    _write(shared, _HELPER_NEXT, 0)
    _write(shared, _OURS_FROM, len(files))
    try:
        reading, writing = os.pipe()
    except OSError:
        shared.close()
        return None
    with contextlib.suppress(OSError, AttributeError, ImportError):
        import fcntl

        fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, PIPE_BYTES)  # a smaller pipe (the default, 64 KiB) only slows it
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        shared.close()
        return None
    if pid == 0:
        _help(root, files, shared, reading, writing)
    os.close(writing)
    return Helper(pid, reading, shared, root, files)


def _help(root: Path, files: list[Path], shared: mmap.mmap, reading: int, writing: int) -> NoReturn:
    """The helper: read files from the first on while this process has not taken them; send each that passed."""
    status = 1
    try:
        os.close(reading)
        from unclench import loader

        paths = loader.ResolvedPaths()
        os.set_blocking(writing, False)  # the other process may be busy: keep reading, send the rest later
        unsent = bytearray()
        index = 0
        while index < _read(shared, _OURS_FROM):
            _write(shared, _HELPER_NEXT, index + 1)
            data = loader.passing_lesson(files[index], root, paths)
            if data is not None:
                unsent += _frame(index, data)
                with contextlib.suppress(BlockingIOError):
                    del unsent[: os.write(writing, unsent)]
            index += 1
        os.set_blocking(writing, True)
        sending = memoryview(unsent)
        while sending:
            sending = sending[os.write(writing, sending) :]
        status = 0
    except BaseException:  # whatever went wrong, the other process reads those files itself
        pass
    finally:
        os._exit(status)


def _frame(index: int, data: dict[str, Any]) -> bytes:
    """One file's validated data as sent through the pipe: its index and length, then the data.

    :mod:`marshal` (plain dicts, lists, strings and numbers, which is all validated data
    holds) is quicker to write than :mod:`pickle` and as quick to read; between two
    processes of the same Python, its format is the same at both ends.
    """
    payload = marshal.dumps(data)
    return _FRAME.pack(index, len(payload)) + payload


def _read(shared: mmap.mmap, offset: int) -> int:
    value: int = _COUNTER.unpack_from(shared, offset)[0]
    return value


def _write(shared: mmap.mmap, offset: int, value: int) -> None:
    _COUNTER.pack_into(shared, offset, value)
