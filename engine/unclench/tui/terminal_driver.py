"""Textual's Linux and macOS driver, which ends the app when its terminal goes away instead of hanging it.

A closed terminal window, a dropped SSH connection or a killed tmux server
leaves the app with a terminal that is gone: writing to it fails (EIO), and
reading from it finds its end (EOF) or fails too. Textual 8's driver does not
survive that: its writer thread dies at the first failed write, after which
the app's next frames fill the writer's queue and the app waits on it for
ever, holding the course lock; its input thread reads the end of the input
over and over; and the SIGCONT the kernel sends with SIGHUP to a session
leader starts a second writer and input thread though the app was never
suspended. A stranger found their course locked until they used ``kill -9``.

:class:`TerminalDriver` is that driver with those three things changed: a
failed write is dropped (there is nobody to show it to), the end of the input
stops the reading, and SIGCONT resumes the app only after a suspend. The first
sign of a gone terminal posts :class:`TerminalDriver.TerminalClosed` to the
app, which saves what was typed and exits, as on SIGHUP.
"""

from __future__ import annotations

import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from textual._parser import ParseError
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from unclench.tui.paste_parser import PasteParser

if TYPE_CHECKING:
    from textual.app import App

#: Bytes read from the terminal at a time (as Textual reads them).
READ_SIZE = 4096


class TerminalOutput:
    """The terminal's output as Textual's writer thread writes to it: once the terminal is gone, writes are dropped.

    Textual's writer thread ends at the first write that raises, and nothing
    then empties its queue: the app's next writes wait for room for ever.
    Here a write or flush that fails tells ``lost`` once, and every write from
    then on is dropped at once.

    Args:
        file: The terminal (Textual writes to standard error).
        lost: Called (in the writer thread) the first time the terminal cannot be written to.
    """

    def __init__(self, file: IO[str], lost: Callable[[], None]) -> None:
        self._file = file
        self._lost = lost
        self.gone = False
        """Whether the terminal could not be written to: nothing more is written."""

    def write(self, text: str) -> int:
        """Write ``text`` (dropped once the terminal is gone)."""
        if not self.gone:
            try:
                self._file.write(text)
            except (OSError, ValueError):
                self._lose()
        return len(text)

    def flush(self) -> None:
        """Flush what was written (nothing once the terminal is gone)."""
        if not self.gone:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._lose()

    def fileno(self) -> int:
        """The terminal's file descriptor."""
        return self._file.fileno()

    def _lose(self) -> None:
        self.gone = True
        self._lost()


class TerminalDriver(LinuxDriver):
    """Textual's Linux and macOS driver, that tells the app when its terminal is gone (see the module)."""

    class TerminalClosed(Message):
        """The terminal is gone (its output failed, or its input ended): nobody can see or type in the app."""

    def __init__(
        self, app: App[Any], *, debug: bool = False, mouse: bool = True, size: tuple[int, int] | None = None
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._closed_told = threading.Event()
        if self._file is not None:  # Textual's writer thread writes to this instead of standard error itself
            self._file = TerminalOutput(self._file, self._terminal_closed)  # type: ignore[assignment]

    def _terminal_closed(self) -> None:
        """Tell the app, once, that the terminal is gone (from any thread)."""
        if not self._closed_told.is_set():
            self._closed_told.set()
            self.send_message(self.TerminalClosed())

    def _sigcont_application(self, *args: object) -> None:
        """SIGCONT resumes the app only after a suspend (SIGTSTP), not when it comes with a SIGHUP.

        The kernel sends SIGCONT with the SIGHUP of a closed terminal to its session
        leader (the app, when a terminal window or tmux pane runs it directly): Textual
        resumed the app then too, starting a second writer and input thread on a terminal
        that was gone, and the app then waited for ever on the first writer's queue.
        """
        if self._must_signal_resume:
            super()._sigcont_application(*args)

    def run_input_thread(self) -> None:
        """Read keys until the app stops reading, or until the terminal's input ends or fails.

        Textual's own loop, except at the end of the input (EOF, or EIO from a terminal
        that was closed): Textual's read the end again every time round, for ever; here
        the app is told the terminal is gone, and the reading stops. Bytes that are not
        UTF-8 (a paste from a Latin-1 terminal: ``caf\\xe9``) are U+FFFD: Textual's strict
        decoding ended the app with a traceback. And its parser is :class:`PasteParser`,
        which keeps a paste holding ESC whole and in order.
        """
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = PasteParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        try:
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    try:
                        data = os.read(self.fileno, READ_SIZE)
                    except OSError:
                        data = b""
                    if not data:
                        self._terminal_closed()
                        return
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def terminal_driver(default: type[Driver]) -> type[Driver]:
    """:class:`TerminalDriver` where Textual would use its Linux and macOS driver; else Textual's choice."""
    return TerminalDriver if default is LinuxDriver else default
