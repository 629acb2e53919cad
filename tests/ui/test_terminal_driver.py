"""The terminal driver's parts that keep a gone terminal from hanging the app (see test_terminal_closed)."""

from __future__ import annotations

import errno
import io
import os
import threading

from textual.app import App

from unclench.tui.terminal_driver import TerminalDriver, TerminalOutput

from .helpers import sync


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
