"""A bracketed paste holding ESC arrives whole and in order; keys typed outside a paste are read as Textual reads them.

A stranger's paste of text with a colour sequence came out reordered: Textual's parser sent what followed
the ESC as key presses at once, and the text before it only at the paste's end. These tests feed the
driver's parser (and the driver itself, through a pipe) the bytes a terminal sends.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

import pytest
import textual._parser
from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.message import Message

from unclench.tui.paste_parser import PasteParser
from unclench.tui.terminal_driver import TerminalDriver

from .helpers import sync

START, END = "\x1b[200~", "\x1b[201~"


def parsed(parser: XTermParser, reads: Iterable[str], *, then_end: bool = True) -> list[str]:
    """What ``parser`` makes of the ``reads`` (one after the other), each event written as one comparable string."""
    messages: list[Message] = []
    for read in reads:
        messages.extend(parser.feed(read))
    if then_end:
        messages.extend(parser.feed(""))
    return [described(message) for message in messages]


def described(message: Message) -> str:
    if isinstance(message, events.Paste):
        return f"paste {message.text!r}"
    if isinstance(message, events.Key):
        return f"key {message.key} {message.character!r}"
    if isinstance(message, events.MouseEvent):
        return f"{type(message).__name__} {message.x},{message.y} button {message.button}"
    return type(message).__name__


def in_two_reads(data: str) -> Iterable[list[str]]:
    """``data`` cut into two reads at every place (a paste longer than one read, or sent in pieces)."""
    for cut in range(1, len(data)):
        yield [data[:cut], data[cut:]]


COLOURED = "before \x1b[31mred\x1b[0m after"


def test_a_paste_with_a_colour_sequence_is_one_paste_in_order_between_the_keys_around_it() -> None:
    data = f"ab{START}{COLOURED}{END}c"
    expected = ["key a 'a'", "key b 'b'", f"paste {COLOURED!r}", "key c 'c'"]
    assert parsed(PasteParser(), [data]) == expected
    for reads in in_two_reads(data):
        assert parsed(PasteParser(), reads) == expected, reads


@pytest.mark.parametrize(
    "pasted",
    [
        "tail\x1b",  # ESC last: Textual pressed Escape (which stops the writing), before the paste
        "\x1b",
        "x\x1b\ty\x1b\rz",  # Tab and Enter after an ESC were keys
        "x\x1bq",  # alt+q, had it been read slowly
        "\x1b]52;c;SGFja2Vk\x07 osc",
        "\x1b\x1b[A\x1b[<0;3;4M mouse-like",
        "\x1b[200~ a start marker inside",
        "\x1b[20 almost the end\x1b[201",
        "x" * 40 + "\x1b[" + "1;" * 20 + "y",  # longer than Textual's longest escape sequence
        "nul\x00 and ünïcödé 🙂",
    ],
)
def test_every_character_of_a_paste_holding_esc_is_in_the_paste_in_order(pasted: str) -> None:
    expected = [f"paste {pasted.replace(chr(0), '')!r}", "key z 'z'"]  # NUL: Textual leaves it out of every paste
    data = f"{START}{pasted}{END}z"
    assert parsed(PasteParser(), [data]) == expected
    for reads in in_two_reads(data):
        assert parsed(PasteParser(), reads) == expected, reads


def test_textual_alone_reorders_the_paste() -> None:
    """Why the parser is there: Textual's own sends the text after the ESC first, as keys (Escape as "^")."""
    events_ = parsed(XTermParser(), [f"{START}ab\x1bcd{END}"])
    assert events_ == ["key circumflex_accent '^'", "key c 'c'", "key d 'd'", "paste 'ab'"]


def test_pastes_one_after_another_and_a_paste_over_many_reads() -> None:
    data = f"{START}one\x1b[1m{END}{START}{END}k{START}two\x1b{END}"
    # An empty paste is an empty Paste, as in Textual.
    assert parsed(PasteParser(), [data]) == ["paste 'one\\x1b[1m'", "paste ''", "key k 'k'", "paste 'two\\x1b'"]
    assert parsed(PasteParser(), list(data)) == parsed(PasteParser(), [data])  # a character a read


#: What a terminal sends for keys, the mouse and its replies: all read outside a paste.
TYPED = [
    "hello q n p j",
    "\x1b[A\x1b[B\x1b[C\x1b[D",  # arrows
    "\x1b[1;5A\x1b[1;2B",  # ctrl+up, shift+down
    "\x1bOP\x1b[15~\x1b[24~",  # f1, f5, f12
    "\x1b[H\x1b[F\x1b[5~\x1b[6~\x1b[Z",  # home, end, page up and down, shift+tab
    "\x1bx\x1b\x1bb",  # alt+x as Textual reads it when sent at once, Escape then alt+b
    "\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;3;3M\x1b[<35;7;2M",  # mouse down, up, wheel, move
    "\x1b[I\x1b[O",  # the terminal's focus in and out
    "\x1b[12;40R",  # a cursor position report
    "\x1b[97;5u\x1b[27u",  # kitty keyboard: ctrl+a, Escape
    "\r\t\x7f\x03",  # Enter, Tab, Backspace, ctrl+c
    "\x1b[200",  # the start of a start marker that never comes
    "\x1b[2",
]


@pytest.mark.parametrize("typed", TYPED)
def test_keys_mouse_and_replies_outside_a_paste_are_read_as_textual_reads_them(typed: str) -> None:
    assert parsed(PasteParser(), [typed]) == parsed(XTermParser(), [typed])
    for reads in in_two_reads(typed):
        assert parsed(PasteParser(), reads) == parsed(XTermParser(), reads), reads


def test_keys_around_a_paste_are_read_as_textual_reads_them() -> None:
    data = f"\x1b[A{START}plain text{END}\x1b[<0;1;1M{START}more{END}\x1b[B"
    assert parsed(PasteParser(), [data]) == parsed(XTermParser(), [data])
    assert "paste 'plain text'" in parsed(PasteParser(), [data])


def test_escape_pressed_alone_is_escape_when_nothing_follows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser waits a moment after ESC for more of a sequence; on the driver's tick it is Escape."""
    now = [1000.0]
    monkeypatch.setattr(textual._parser, "get_time", lambda: now[0])
    for parser in (PasteParser(), XTermParser()):
        assert list(parser.feed("\x1b")) == []
        now[0] += 1
        assert [described(message) for message in parser.tick()] == ["key escape '\\x1b'"]


@sync
async def test_the_driver_reads_a_paste_holding_esc_as_one_paste_in_order() -> None:
    """The bytes a terminal sends, through the driver's own input loop."""
    driver = TerminalDriver(App())
    told: list[Message] = []
    driver.send_message = told.append  # type: ignore[method-assign,assignment]
    read_end, write_end = os.pipe()
    os.write(write_end, f"x{START}{COLOURED} ünï\x1b{END}y".encode())
    os.close(write_end)
    driver.fileno = read_end
    try:
        reader = threading.Thread(target=driver.run_input_thread)
        reader.start()
        reader.join(timeout=20)
        assert not reader.is_alive()
    finally:
        driver.exit_event.set()
        os.close(read_end)
    read = [described(message) for message in told if not isinstance(message, TerminalDriver.TerminalClosed)]
    assert read == ["key x 'x'", f"paste {COLOURED + ' ünï' + chr(27)!r}", "key y 'y'"]


@sync
async def test_bytes_that_are_not_utf8_are_replacement_characters_and_the_reading_goes_on() -> None:
    """A paste from a Latin-1 terminal ("caf\\xe9"): Textual's strict decoding ended the app with a traceback."""
    driver = TerminalDriver(App())
    told: list[Message] = []
    driver.send_message = told.append  # type: ignore[method-assign,assignment]
    read_end, write_end = os.pipe()
    os.write(write_end, b"\xff" + START.encode() + b"caf\xe9 \xc3" + END.encode() + "é".encode())
    os.close(write_end)
    driver.fileno = read_end
    try:
        reader = threading.Thread(target=driver.run_input_thread)
        reader.start()
        reader.join(timeout=20)
        assert not reader.is_alive()
    finally:
        driver.exit_event.set()
        os.close(read_end)
    read = [described(message) for message in told if not isinstance(message, TerminalDriver.TerminalClosed)]
    assert read == ["key replacement_character '\ufffd'", "paste 'caf\ufffd \ufffd'", "key é 'é'"]
    assert len([message for message in told if isinstance(message, TerminalDriver.TerminalClosed)]) == 1
