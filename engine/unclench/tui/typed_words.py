"""Letters typed where writing has not started: a burst of them is words, never keys (one rule for every answer)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import partial
from typing import TYPE_CHECKING

from unclench.text import excerpt, visible

if TYPE_CHECKING:
    from textual import events
    from textual.widget import Widget

#: Seconds without a key after which letters typed where writing has not started count as keys again.
TYPING_PAUSE = 1.5

#: Seconds after the ``e`` that opened a saved answer within which a letter is the rest of a word begun with that
#: ``e`` ("exit", "evening", typed by habit or as if to search), not writing. Someone who means to write sees the
#: editor open, then starts to type: a reaction to something seen takes a quarter of a second at the very fastest,
#: before the finger has moved, while the letters of a word typed on the run follow each other within about
#: 0.05 to 0.25 seconds. A first edit after a look at the box comes later than this, and writes as always.
WORD_AFTER_E = 0.3

#: As :data:`WORD_AFTER_E`, for a letter that would join the last word of the answer (it ends in neither a space nor a
#: line break): a stranger who types slowly, a letter every 0.4 seconds, typed "exit" at an answer ending "para ✨",
#: and "para ✨xit" was saved; another, a letter every 0.7 seconds, got "✨xit" past the half second this was then.
#: Someone who means to add to an answer starts with a space or a new line; a letter glued to its last word before
#: the typing pauses (:data:`TYPING_PAUSE`, the pause that ends a burst of words everywhere here) is the rest of the
#: word that ``e`` began. Mending the last word ("shoulder" to "shoulders") after a look of that long still writes.
GLUED_AFTER_E = TYPING_PAUSE

#: The longest part of such a word a notice quotes (the rest is "…").
_WORD_QUOTED = 40


def _in_a_word(event: events.Key) -> bool:
    """Whether ``event`` types a character that goes on a word: a letter or a digit, a hyphen or an apostrophe."""
    character = event.character or ""
    return event.is_printable and len(character) == 1 and (character.isalnum() or character in "-'’")


def typed_as_a_word(word: str) -> str:
    """The notice for ``word``, begun with ``e`` and typed in one burst at a saved answer: it is not in the answer.

    The word is the learner's input: the caller shows this text as it is (no markup).
    """
    shown, more = excerpt(visible(word), _WORD_QUOTED)
    quoted = shown + ("…" if more else "")
    kind = "words" if " " in word.strip() else "a word"
    return (
        f"“{quoted}” was typed as {kind}, not into your answer. To change your answer, press e on its own, then type."
    )


class TypedWords:
    """Tells words typed where writing has not started from a key pressed on its own, such as ``e``.

    A stranger typed "my neck" at a reflection's box: the "e" of "neck" started writing and "ck" was
    saved. Another typed "the pain" in the journal, meaning to search: the "e" of "the" opened their
    oldest answer and " pain" was saved in it. So after a letter that does nothing where it is typed,
    the letters straight after it (``e`` too) go nowhere until the typing pauses for
    :data:`TYPING_PAUSE`, unless that letter was one of the habit letters (the course map's keys,
    "c", "j", pressed alone by habit): the ``e`` after one of those still starts writing.

    A word that *begins* with ``e`` is told apart once the editor has opened (:meth:`rest_of_word`).
    """

    def __init__(self) -> None:
        self._words = False
        """Whether the letters typed in the current burst are words (not a habit key alone)."""
        self._until = 0.0
        """Until when (a key's ``time``) letters are taken as words, not as keys."""
        self._last = 0.0
        """When the latest letter of the current burst was typed (a key's ``time``)."""
        self._letters: list[str] = []
        """The letters typed in the current burst (they went nowhere)."""
        self._e_at: float | None = None
        """When the ``e`` that started writing was pressed, until the first key after it is known."""
        self._e_kept = False

    def swallows(self, event: events.Key) -> bool:
        """Whether ``event`` is part of words being typed: it must go nowhere (the caller stops it)."""
        if event.is_printable and self._words and event.time < self._until:
            self._typed(event)
            return True
        return False

    def _typed(self, event: events.Key) -> None:
        """``event`` goes on the current burst: the burst lasts until the typing pauses."""
        self._letters.append(event.character or "")
        self._last = event.time
        self._until = event.time + TYPING_PAUSE

    def ended(self, event: events.Key) -> bool:
        """Whether ``event`` comes after the words being typed have ended (or when none are): then they are forgotten.

        A key pressed on its own a moment after a word (:data:`WORD_AFTER_E`, the pause that ends a word everywhere
        here) is a key again, where its own rule says so: the journal's ``o`` opens the lesson only when no key comes
        straight after it either. A stranger typed "ok" in the journal, was told to press o on its own, and did: a
        second later, still within :data:`TYPING_PAUSE`, and nothing opened.
        """
        if self._words and event.time < self._until and event.time - self._last < WORD_AFTER_E:
            return False
        self._words = False
        self._letters.clear()
        return True

    def writing_started(self, event: events.Key) -> str:
        """``event``, an ``e``, starts writing: the letters typed straight before it, which went nowhere (then none).

        The first key after it may be the rest of a word begun with it (:meth:`rest_of_word`).
        """
        letters = "".join(self._letters) if event.time < self._until else ""
        self._letters.clear()
        self._e_at = event.time
        return letters

    def rest_of_word(self, event: events.Key, answer: str) -> bool:
        """Whether ``event``, the first key the editor had after the ``e`` that opened it on ``answer``, is not writing.

        A stranger typed "exit" at a reflection they had answered (a shell habit), and "evening" in the journal
        (a search without ``/``): the "e" opened the editor, as it should, and "xit" was saved in the answer within
        a second ("Stayed with itxit"). So a letter (or a digit, a hyphen, an apostrophe) typed within
        :data:`WORD_AFTER_E` of that ``e`` (:data:`GLUED_AFTER_E` where it would join the answer's last word, which
        ends in neither a space nor a line break: a slow typist's "exit") is the rest of a word: it goes nowhere
        (the caller stops it and ends the writing, with nothing written), and so do the letters straight after it,
        until the typing pauses for :data:`TYPING_PAUSE` (:meth:`swallows`). :attr:`word` is then what was typed.

        Only where there is an answer: typing into an empty box, nothing can be lost, and what is typed fast
        straight after ``e`` is kept, as it always was (the letters that vanished there were a bug a stranger had
        found). There a word begun with that ``e`` is kept whole, ``e`` first (:attr:`e_begins_answer`): a stranger
        typed "evening walks help" at an empty reflection and "vening walks help" was saved. A capital straight
        after the ``e`` begins the answer itself ("eMy shoulders": the ``e`` only opened the box).

        Any other key straight after ``e`` is writing, as always: a space or a full stop does not go on a word (the
        ``e`` was pressed on its own: "e and my jaw" adds " and my jaw"), an arrow or Backspace only moves or deletes
        in the editor, and an Enter pressed by habit is an Enter at the end, which is never saved (see
        :class:`unclench.tui.widgets.autosave.AutosaveEditor`).
        """
        e_at, self._e_at = self._e_at, None
        self._e_kept = False
        if e_at is None or not _in_a_word(event):
            return False
        glued = bool(answer) and not answer[-1].isspace()
        if event.time - e_at >= (GLUED_AFTER_E if glued else WORD_AFTER_E):
            return False
        if not answer.strip():
            self._e_kept = not (event.character or "").isupper()
            return False
        self._words = True
        self._letters = ["e"]
        self._typed(event)
        return True

    @property
    def e_begins_answer(self) -> bool:
        """Whether the key :meth:`rest_of_word` was last asked about goes on a word begun with the ``e`` that opened an
        empty box: the caller types that ``e`` first."""
        return self._e_kept

    @property
    def word(self) -> str:
        """What was typed in the current burst, which went nowhere (after :meth:`rest_of_word`: the word, e first)."""
        return "".join(self._letters)

    def went_nowhere(self, event: events.Key, habit_letters: Collection[str]) -> None:
        """Note a printable key that did nothing where it was typed (the letters straight after it may be words)."""
        typing_on = event.time < self._until
        if not typing_on:
            self._letters.clear()
        self._typed(event)
        self._words = typing_on or event.key not in habit_letters


#: Seconds a word begun with ``e`` must stop growing before the notice names it.
WORD_SAID_AFTER = 0.5


def say_when_typed(
    widget: Widget, typed: TypedWords, say: Callable[[str], None], seen: str = "", said: str = "", quiet: int = 0
) -> None:
    """Call ``say`` with the word found by :meth:`TypedWords.rest_of_word` once it is typed (nothing added to it).

    Said once the word stops growing for :data:`WORD_SAID_AFTER`, and said again, whole, if a slow typist's next
    letter still comes (its letters go nowhere until the typing pauses for :data:`TYPING_PAUSE`): ``say`` replaces
    what it said before. ``widget`` keeps the timer.
    """
    word = typed.word or seen  # the letters are forgotten once writing starts: the word as last seen
    if word != seen:  # still growing
        widget.set_timer(WORD_SAID_AFTER, partial(say_when_typed, widget, typed, say, word, said))
        return
    if word and word != said:
        say(word)
        said = word
    quiet += 1
    if quiet * WORD_SAID_AFTER < TYPING_PAUSE:  # a slow typist's next letter may still come
        widget.set_timer(WORD_SAID_AFTER, partial(say_when_typed, widget, typed, say, word, said, quiet))


#: Seconds from one key to the next within which a key after a letter that turned the step is typed on, not pressed
#: at the new step: letters of words typed on the run follow each other within 0.05 to 0.35 seconds (a stranger's
#: slow typing); a key pressed at what the new step shows comes after it is read, half a second at the very least.
TYPED_ON_WITHIN = 0.6

#: The keys that turn a lesson's steps and are also letters: pressed again on their own, they turn on.
_TURNING_LETTERS = frozenset(("n", "p"))


def typed_on_after_a_move(typed: str, moved_by: str) -> str:
    """The notice for ``typed``, the rest of what was being typed when ``moved_by`` turned the step."""
    shown, more = excerpt(visible(typed), _WORD_QUOTED)
    return (
        f"“{shown}{'…' if more else ''}” was typed just after {moved_by} turned the step, so it went nowhere: "
        "nothing here was answered or changed."
    )


class TypingOnAfterAMove:
    """The keys typed on after a letter turned the lesson's step: the rest of the words, never keys on the new step.

    A stranger typed "no 3" at a reflection before pressing e: the "n" turned to a quiz, and the "3", a third of a
    second later, answered it (wrong, its explanation given away). After a step turned by ``n`` or ``p``, a printable
    key within :data:`TYPED_ON_WITHIN` of the key before it is the rest of what was being typed and goes nowhere,
    until the typing pauses. ``n`` or ``p`` again before anything else is typed still turns (n, n, n pages on).
    """

    def __init__(self) -> None:
        self._moved_by: str | None = None
        """The letter that turned the step, while keys after it may still be typing on."""
        self._last = 0.0
        """When the latest key of the burst was pressed (a key's ``time``)."""
        self._typed: list[str] = []

    def moved(self, event: events.Key) -> None:
        """``event`` turned the step: keys typed on straight after it go nowhere."""
        self._moved_by = event.key if event.is_printable else None
        self._last = event.time
        self._typed = []

    def swallows(self, event: events.Key) -> bool:
        """Whether ``event`` is typed on after the move (it then goes nowhere: the caller stops it)."""
        if self._moved_by is None:
            return False
        if not event.is_printable or event.time - self._last > TYPED_ON_WITHIN:
            self._moved_by = None
            return False
        if event.key in _TURNING_LETTERS and not self._typed:
            return False  # turning on: the binding turns again, and calls moved()
        self._typed.append(event.character or "")
        self._last = event.time
        return True

    @property
    def notice(self) -> str:
        """What to tell the learner about the keys swallowed so far."""
        return typed_on_after_a_move("".join(self._typed), self._moved_by or "")
