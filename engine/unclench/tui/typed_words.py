"""Letters typed where writing has not started: a burst of them is words, never keys (one rule for every answer)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual import events

#: Seconds without a key after which letters typed where writing has not started count as keys again.
TYPING_PAUSE = 1.5


class TypedWords:
    """Tells words typed where writing has not started from a key pressed on its own, such as ``e``.

    A stranger typed "my neck" at a reflection's box: the "e" of "neck" started writing and "ck" was
    saved. Another typed "the pain" in the journal, meaning to search: the "e" of "the" opened their
    oldest answer and " pain" was saved in it. So after a letter that does nothing where it is typed,
    the letters straight after it (``e`` too) go nowhere until the typing pauses for
    :data:`TYPING_PAUSE`, unless that letter was one of the habit letters (the course map's keys,
    "c", "j", pressed alone by habit): the ``e`` after one of those still starts writing.
    """

    def __init__(self) -> None:
        self._words = False
        """Whether the letters typed in the current burst are words (not a habit key alone)."""
        self._until = 0.0
        """Until when (a key's ``time``) letters are taken as words, not as keys."""
        self._letters: list[str] = []
        """The letters typed in the current burst (they went nowhere)."""

    def swallows(self, event: events.Key) -> bool:
        """Whether ``event`` is part of words being typed: it must go nowhere (the caller stops it)."""
        if event.is_printable and self._words and event.time < self._until:
            self._until = event.time + TYPING_PAUSE
            self._letters.append(event.character or "")
            return True
        return False

    def letters_before(self, event: events.Key) -> str:
        """The letters typed straight before ``event`` (a key that starts writing), which went nowhere; then none."""
        letters = "".join(self._letters) if event.time < self._until else ""
        self._letters.clear()
        return letters

    def went_nowhere(self, event: events.Key, habit_letters: Collection[str]) -> None:
        """Note a printable key that did nothing where it was typed (the letters straight after it may be words)."""
        typing_on = event.time < self._until
        if not typing_on:
            self._letters.clear()
        self._letters.append(event.character or "")
        self._words = typing_on or event.key not in habit_letters
        self._until = event.time + TYPING_PAUSE
