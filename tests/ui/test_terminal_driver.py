"""The terminal driver's parts that keep a gone terminal from hanging the app (see test_terminal_closed)."""

from __future__ import annotations

import errno
import io
import os
import signal
import threading
from pathlib import Path

import pytest
from textual.app import App

from unclench.course import Course
from unclench.tui.terminal_driver import TerminalDriver, TerminalOutput

from .conftest import AppFactory
from .helpers import settle, sync, type_at_once


class GoneTerminal(io.StringIO):
    """A terminal closed after ``good`` writes: every write and flush after those fails as a closed one does."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self.good = good
        self.tries = 0

    def write(self, text: str) -> int:
        self.tries += 1
        if self.tries > self.good:
            raise OSError(errno.EIO, "Input/output error")
        return super().write(text)

    def flush(self) -> None:
        if self.tries >= self.good:
            raise OSError(errno.EIO, "Input/output error")


def test_writes_to_a_gone_terminal_are_dropped_and_told_once() -> None:
    terminal = GoneTerminal(good=2)
    lost: list[bool] = []
    output = TerminalOutput(terminal, lambda: lost.append(True))
    assert output.write("frame 1") == len("frame 1")
    output.write("frame 2")
    assert not lost
    for _ in range(100):  # far more than Textual's writer queue holds: none of it may raise or wait
        assert output.write("a frame nobody sees") == len("a frame nobody sees")
        output.flush()
    assert lost == [True]
    assert output.gone
    assert terminal.getvalue() == "frame 1frame 2"
    assert terminal.tries == 3  # nothing more was even tried


def test_a_failed_flush_is_a_gone_terminal_too() -> None:
    terminal = GoneTerminal(good=1)
    lost: list[bool] = []
    output = TerminalOutput(terminal, lambda: lost.append(True))
    output.write("frame")
    output.flush()
    assert lost == [True]


@sync
async def test_sigcont_without_a_suspend_does_not_start_the_terminal_again() -> None:
    """The SIGCONT that comes with a closed terminal's SIGHUP: Textual started a second writer and reader on it."""
    driver = TerminalDriver(App())
    resumed: list[bool] = []
    driver.resume_application_mode = lambda: resumed.append(True)  # type: ignore[method-assign]
    driver._sigcont_application()
    assert resumed == []
    driver._must_signal_resume = True  # suspended by SIGTSTP (ctrl+z): SIGCONT (fg) resumes it, as in Textual
    driver._sigcont_application()
    assert resumed == [True]


@sync
async def test_the_reading_ends_with_the_input_and_tells_the_app_once() -> None:
    driver = TerminalDriver(App())
    told: list[object] = []

    def send_message(message: object) -> None:
        told.append(message)

    driver.send_message = send_message  # type: ignore[method-assign]
    read_end, write_end = os.pipe()
    os.write(write_end, b"x")
    os.close(write_end)  # the end of the input, as a closed terminal gives
    driver.fileno = read_end
    try:
        reader = threading.Thread(target=driver.run_input_thread)
        reader.start()
        reader.join(timeout=20)  # a hang guard: Textual's read the end again and again, for ever
        assert not reader.is_alive()
    finally:
        driver.exit_event.set()
        os.close(read_end)
    closed = [message for message in told if isinstance(message, TerminalDriver.TerminalClosed)]
    assert len(closed) == 1
    keys = [message for message in told if not isinstance(message, TerminalDriver.TerminalClosed)]
    assert [getattr(key, "character", None) for key in keys] == ["x"]


@sync
@pytest.mark.parametrize("how", ["terminal-gone", "SIGHUP", "SIGTERM"])
async def test_words_typed_straight_after_e_and_just_before_the_stop_are_saved(
    make_app: AppFactory, mini: Course, tmp_path: Path, how: str
) -> None:
    """Keys read just before the terminal closed, typed straight after e: on their way to the editor when it stopped.

    They go up from what had the focus, through the app, to the new editor; the stop waits for them.
    """
    app = make_app(mini, data_dir=tmp_path / "d")
    app.store.set_position(mini.id, "intro", "feel")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        type_at_once(app, "eShoulders up")  # e starts writing (a capital: not a word begun with e); read in one go
        driver = app._driver
        assert driver is not None
        if how == "terminal-gone":
            driver.send_message(TerminalDriver.TerminalClosed())  # as the driver does, behind the keys it read
        else:
            signum = signal.SIGHUP if how == "SIGHUP" else signal.SIGTERM
            os.kill(os.getpid(), signum)  # the app's own handler, as from outside
        await settle(pilot, 3)
    assert not app.is_running
    assert app.return_code == 128 + (signal.SIGTERM if how == "SIGTERM" else signal.SIGHUP)
    entry = app.store.answer(mini.id, "intro", "feel")
    assert entry is not None and entry.answer == "Shoulders up"
