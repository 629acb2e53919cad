"""Textual's parser of the terminal's input, that keeps a bracketed paste whole and in order.

A terminal sends a paste between ``ESC [ 200 ~`` and ``ESC [ 201 ~``. Textual's
parser (``textual._xterm_parser``, 7.4 to 8.2) keeps the characters of a paste
for one :class:`~textual.events.Paste`, except after an ESC inside it: it then
reads an escape sequence, finds none it knows, and sends what it read as key
presses, at once, while the text before the ESC waits for the paste's end. A
stranger's paste of ``before ESC[31m red ESC[0m after`` came out as
``^[31mred^[0m afterbefore``; a paste ending in ESC pressed Escape (which stops
the writing), and its tabs and line breaks after an ESC were Tab and Enter.

:class:`PasteParser` hides each ESC of a paste from Textual's parser (as a
character no terminal can send, see :data:`HIDDEN_ESC`) and puts it back in the
paste it makes: the whole paste is one ``Paste``, in order, and what it is put
into leaves the ESC out and says so, as it does every control character (see
:meth:`unclench.tui.widgets.deliberate_text_area.DeliberateTextArea._replace_via_keyboard`).
Outside a paste every character reaches Textual's parser as it comes: keys,
Escape, mouse and the terminal's replies are read exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

ESC = "\x1b"
#: What an ESC inside a paste is while Textual's parser reads it: a lone surrogate, which no text decoded from
#: UTF-8 holds (the driver decodes a byte that is not UTF-8 as U+FFFD), so that nothing else becomes an ESC again.
HIDDEN_ESC = "\udc1b"


def _held_back(text: str) -> int:
    """How many characters at the end of ``text`` (inside a paste) may be the start of the paste's end marker."""
    for length in range(min(len(text), len(BRACKETED_PASTE_END) - 1), 0, -1):
        if BRACKETED_PASTE_END.startswith(text[-length:]):
            return length
    return 0


class PasteParser(XTermParser):
    """Textual's parser, that reads a bracketed paste holding ESC as one paste, in order (see the module)."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasting = False
        self._held = ""
        """Characters of a paste not given to Textual's parser yet: they may begin the paste's end marker."""
        self._recent = ""
        """The last characters outside a paste: the start of a start marker the next read may complete."""

    def feed(self, data: str) -> Iterable[Message]:
        """Parse ``data`` (the end of the input when empty), each ESC inside a paste hidden until the paste ends."""
        if not data:
            held, self._held = self._held.replace(ESC, HIDDEN_ESC), ""
            return self._restored([*(super().feed(held) if held else ()), *super().feed("")])
        given = self._hide_escapes(data)
        if not given:  # all of it held back: the parser must not take an empty feed for the end of the input
            return ()
        return self._restored(super().feed(given))

    def tick(self) -> Iterable[Message]:
        """Events of a timed out escape sequence (Escape pressed alone, outside a paste)."""
        return self._restored(super().tick())

    def _hide_escapes(self, data: str) -> str:
        """``data``, each ESC inside a paste hidden; a paste's last characters held back if they may begin its end."""
        text, self._held = self._held + data, ""
        given: list[str] = []
        position = 0
        while position < len(text):
            if self._pasting:
                end = text.find(BRACKETED_PASTE_END, position)
                if end == -1:
                    held = _held_back(text)
                    self._held = text[len(text) - held :]
                    given.append(text[position : len(text) - held].replace(ESC, HIDDEN_ESC))
                    break
                given.append(text[position:end].replace(ESC, HIDDEN_ESC))
                given.append(BRACKETED_PASTE_END)
                position = end + len(BRACKETED_PASTE_END)
                self._pasting = False
                self._recent = ""
            else:
                # A start marker may have begun in the previous read: search from the characters kept of it.
                seen = self._recent + text[position:]
                start = seen.find(BRACKETED_PASTE_START)
                if start == -1:
                    given.append(text[position:])
                    self._recent = seen[-(len(BRACKETED_PASTE_START) - 1) :]
                    break
                paste_starts = position + start + len(BRACKETED_PASTE_START) - len(self._recent)
                given.append(text[position:paste_starts])
                position = paste_starts
                self._pasting = True
                self._recent = ""
        return "".join(given)

    @staticmethod
    def _restored(messages: Iterable[Message]) -> Iterator[Message]:
        """``messages``, each paste with its ESCs back (Textual's parser ends a paste with a :class:`events.Paste`)."""
        for message in messages:
            if isinstance(message, events.Paste) and HIDDEN_ESC in message.text:
                yield events.Paste(message.text.replace(HIDDEN_ESC, ESC))
            else:
                yield message
