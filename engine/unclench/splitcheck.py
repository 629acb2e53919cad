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
checks, and nothing else. :func:`unclench.loader.check_course` reuses that data
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
import mmap
import os
import pickle
import signal
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

#: Fewer files than this are read in this process alone: a helper saves nothing on them.
MIN_FILES = 100
#: The shared counters: how many files from the first the helper has taken, and the lowest this process has.
_HELPER_NEXT, _OURS_FROM = 0, 8
_COUNTER = struct.Struct("q")


class Helper:
    """A forked process reading lesson files from the first on; see the module docstring."""

    def __init__(self, pid: int, pipe: int, shared: mmap.mmap, root: Path, files: list[Path]) -> None:
        self._pid: int | None = pid
        self._pipe: int | None = pipe
        self._shared = shared
        self._root = root
        self._files = files

    def finish(self) -> dict[Path, tuple[dict[str, Any], None]]:
        """Read files from the last one back until meeting the helper, then take what it read.

        Returns:
            The validated data of every file either process read that passed its own
            checks, by path (the rest are for :func:`unclench.loader.check_course` to read).
        """
        from unclench import loader

        files = self._files
        passing: dict[Path, dict[str, Any]] = {}
        paths = loader.ResolvedPaths()
        index = len(files) - 1
        while index >= _read(self._shared, _HELPER_NEXT):
            _write(self._shared, _OURS_FROM, index)
            data = loader.passing_lesson(files[index], self._root, paths)
            if data is not None:
                passing[files[index]] = data
            index -= 1
        for helper_index, data in self._receive():
            passing.setdefault(files[helper_index], data)
        return {path: (data, None) for path, data in passing.items()}

    def _receive(self) -> list[tuple[int, dict[str, Any]]]:
        """What the helper read, once it has ended; nothing unless it ended well."""
        chunks = []
        if self._pipe is not None:
            while chunk := os.read(self._pipe, 1 << 20):
                chunks.append(chunk)
        if self._wait() != 0:
            return []
        try:
            received = pickle.loads(b"".join(chunks))  # from our own child, through our own pipe
        except Exception:
            return []
        return received if isinstance(received, list) else []

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
    """The helper: read files from the first on while this process has not taken them; hand back what passed."""
    status = 1
    try:
        os.close(reading)
        from unclench import loader

        passing: list[tuple[int, dict[str, Any]]] = []
        paths = loader.ResolvedPaths()
        index = 0
        while index < _read(shared, _OURS_FROM):
            _write(shared, _HELPER_NEXT, index + 1)
            data = loader.passing_lesson(files[index], root, paths)
            if data is not None:
                passing.append((index, data))
            index += 1
        payload = memoryview(pickle.dumps(passing, protocol=pickle.HIGHEST_PROTOCOL))
        while payload:
            payload = payload[os.write(writing, payload) :]
        status = 0
    except BaseException:  # whatever went wrong, the other process reads those files itself
        pass
    finally:
        os._exit(status)


def _read(shared: mmap.mmap, offset: int) -> int:
    value: int = _COUNTER.unpack_from(shared, offset)[0]
    return value


def _write(shared: mmap.mmap, offset: int, value: int) -> None:
    _COUNTER.pack_into(shared, offset, value)
