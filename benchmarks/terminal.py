"""Start-up in a real terminal: launch a command in a pseudo-terminal and time it until a text is on screen.

The parent opens a pseudo-terminal (Python's ``pty``/``os.openpty``) of the
given size, starts the command with the terminal as its stdin, stdout and
stderr (``TERM=xterm-256color``), and reads everything the app writes. The
output stream is searched for the expected text with escape sequences (CSI,
OSC and two-byte escapes) removed, so text the app styled or placed with
cursor moves is found as the learner sees it, line by line. The time is from
just before the launch until the read that completed the text; beside it, the
CPU time the app's threads had used by then (Linux: each thread's
``/proc/PID/task/TID/schedstat``), which waiting for a busy machine's cores
does not inflate as it inflates the wall time. Then the
parent sends ctrl+q and waits for the process to exit (killing it after a
timeout), so every run ends as a learner's would.

Usable on its own::

    .venv/bin/python benchmarks/terminal.py "Hello from a bare" -- .venv/bin/python benchmarks/drivers/bare_app.py
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

#: Escape sequences: CSI (``ESC [ ... final``), OSC (``ESC ] ... BEL|ST``), DCS/APC, and two-byte escapes.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P_^][^\x1b]*\x1b\\"
    rb"|\x1b[@-Z\\-_]"
    rb"|\x1b[()][0-9A-Za-z]"
)
CTRL_Q = b"\x11"


@dataclass
class TerminalRun:
    """One run: ms until the text was on screen (None: never), ms until the process had exited, its status."""

    shown_ms: float | None
    exited_ms: float
    status: int | None
    screen_text: str
    cpu_ms: float | None = None
    """CPU time of the app's threads (all of them) when the text was on screen; None: not shown, or unknown here."""


def plain(stream: bytes) -> str:
    """The text in a terminal output stream, escape sequences removed."""
    return _ESCAPES.sub(b"", stream).decode("utf-8", errors="replace")


def cpu_ms(pid: int) -> float | None:
    """CPU time (ms) used so far by every thread of process ``pid`` (Linux ``schedstat``); None when unknown."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    total = 0
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as stat:
                total += int(stat.read().split()[0])  # nanoseconds on a CPU
        except (OSError, ValueError, IndexError):  # a thread that just ended; a kernel without schedstat
            continue
    return total / 1e6 if total else None


def _all_in(texts: Sequence[bytes], screen: bytes) -> bool:
    return all(text in screen for text in texts)


def run_until_shown(
    cmd: Sequence[str],
    expected: str | Sequence[str],
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (100, 30),
    timeout: float = 30.0,
) -> TerminalRun:
    """Run ``cmd`` in a ``size`` (columns, rows) pseudo-terminal until ``expected`` is on screen, then ctrl+q.

    Args:
        cmd: The command.
        expected: Text to wait for (each on one line of the screen), or several texts, all of which must show.
        env: The environment (``TERM`` is set to ``xterm-256color``).
        size: Columns and rows of the terminal.
        timeout: Seconds to wait for the text, and again for the exit.

    Returns:
        The timings; ``shown_ms`` is None when the text never showed.
    """
    columns, rows = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    child_env = dict(os.environ if env is None else env)
    child_env.update(TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows))
    child_env.pop("TEXTUAL", None)
    wanted = [text.encode("utf-8") for text in ([expected] if isinstance(expected, str) else expected)]
    received = bytearray()
    shown: float | None = None
    shown_cpu: float | None = None
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdin=slave, stdout=slave, stderr=slave, env=child_env, start_new_session=True, close_fds=True
    )
    os.close(slave)
    quit_sent = False
    try:
        deadline = start + timeout
        while True:
            now = time.perf_counter()
            if now > deadline:
                if quit_sent or shown is not None:
                    break
                # Never shown: ask it to quit all the same, and give it the same time again.
                os.write(master, CTRL_Q)
                quit_sent = True
                deadline = now + timeout
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal (exited)
                break
            if not chunk:
                break
            received += chunk
            if shown is None and _all_in(wanted, _ESCAPES.sub(b"", bytes(received))):
                shown = time.perf_counter()
                shown_cpu = cpu_ms(proc.pid)
                os.write(master, CTRL_Q)
                quit_sent = True
                deadline = shown + timeout
        try:
            status: int | None = proc.wait(timeout=max(0.1, deadline - time.perf_counter()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            status = proc.wait()
        exited = time.perf_counter()
    finally:
        os.close(master)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return TerminalRun(
        None if shown is None else (shown - start) * 1000,
        (exited - start) * 1000,
        status,
        plain(bytes(received)),
        shown_cpu,
    )


def main(argv: Sequence[str]) -> int:
    """``terminal.py TEXT -- COMMAND...``: print the time until TEXT is on screen."""
    if "--" not in argv or argv.index("--") != 1:
        print(__doc__, file=sys.stderr)
        return 2
    run = run_until_shown(argv[2:], argv[0])
    if run.shown_ms is None:
        print(f"never shown (exit {run.status}); the screen had:\n{run.screen_text[-2000:]}", file=sys.stderr)
        return 1
    cpu = "" if run.cpu_ms is None else f" ({run.cpu_ms:.0f} ms of CPU time by then)"
    print(f"shown after {run.shown_ms:.0f} ms{cpu}; exited after {run.exited_ms:.0f} ms (status {run.status})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
