"""A text editor that Tab passes by: it takes the keys only when the learner means to write."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea

from unclench.text import describe_char, has_right_to_left, is_joiner, without_controls

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets.text_area import EditResult, Location
    from typing_extensions import Self

#: How many of the latest keys the editor remembers having had (enough for any burst still going up).
_KEYS_REMEMBERED = 64


def _again(event: events.Key) -> events.Key:
    """The same key, pressed at the same time, to send once more (an event goes its way only once)."""
    key = events.Key(event.key, event.character)
    key.time = event.time  # a key pressed before a step was shown still does nothing on it
    return key


def _joiner(event: events.Key) -> bool:
    """Whether ``event`` types a joiner (:data:`~unclench.text.JOINERS`): a stranger's typed family emoji lost its
    joiner unsaid."""
    return is_joiner(event.character)


def _escape_then_key(event: events.Key) -> tuple[events.Key, events.Key] | None:
    """Escape and the key, when ``event`` is a printable alt+key (how a terminal sends Escape and a key at once).

    Nothing in Unclench is bound to alt and a letter, and an alt+letter is never text.
    """
    if not event.key.startswith("alt+") or not event.is_printable:
        return None
    escape = events.Key("escape", "\x1b")
    key = events.Key(event.key.removeprefix("alt+"), event.character)
    escape.time = key.time = event.time
    return escape, key


def tell_left_out(widget: Widget, characters: str, *, into: str = "your answer") -> None:
    """Say which control characters typed or pasted were not put ``into`` the answer (or a box), and why."""
    named = ", ".join(describe_char(character) for character in characters[:4])
    more = f" and {len(characters) - 4} more" if len(characters) > 4 else ""
    widget.notify(
        f"Left out: {named}{more}. Invisible control characters can scramble or hide text on the screen, "
        f"so they are not put in {into}. Everything else is in it as you typed it.",
        title=f"Not put in {into}",
        severity="warning",
        timeout=8,
        markup=False,
    )


class DeliberateTextArea(TextArea):
    """A :class:`TextArea` that is not a stop in the Tab order.

    Tab means "move between buttons" everywhere else, so a learner pressing it
    to reach a button must not land in their journal and type into it (a ``q``
    pressed next was saved as an answer). The editor takes the focus only when
    asked: ``focus()`` from code (the ``e`` key, the journal's edit key) or a
    click on it. Once it has the focus it keeps it until it loses it: with
    ``tab_behavior="indent"`` Tab types a tab and shift+Tab does nothing, so
    neither leaves the writing by accident (the letters typed next would be
    keys); Escape goes up to the screen's binding that ends the writing.
    """

    _invited = False

    class HandoverEnded(Message, bubble=False):
        """The keys the editor kept waiting may follow: those before them have been dealt with.

        Every key typed before the editor took the focus has been handed to it, or a key the editor
        does not take (Escape) has had its binding run.
        """

    class KeysHandedOver(Message):
        """Sent up behind keys that went up to the app before keys the editor keeps waiting.

        From the widget that had the focus, behind the keys typed before the editor took it; or
        from the editor, behind a key it does not take (Escape). It goes up the same way as those
        keys, after them; the app (which hands such keys to the focused editor, and runs the
        bindings of the others) then tells the editor with :class:`HandoverEnded`.
        """

        def __init__(self, editor: DeliberateTextArea) -> None:
            super().__init__()
            self.editor = editor
            """The editor that took the focus."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[events.Key] | None = None
        """Keys that came straight here while earlier ones were still being handed on (None: none wait)."""
        self._handed: dict[int, events.Key] = {}
        """Keys handed on by the widget they first reached, by id, until the editor has had them."""
        self._writing_since = float("inf")
        """When the key that started the writing was pressed (the clock of events)."""
        self._had: deque[events.Key] = deque(maxlen=_KEYS_REMEMBERED)
        """The latest keys the editor has had (a key it does not take goes on up from here)."""
        self._left = False
        """Whether the learner has left the writing (:meth:`leave`): keys on their way here are not text."""
        self.writing_begun: Callable[[], None] | None = None
        """Called when the learner starts writing (the editor takes the focus on purpose, not back after a screen)."""
        self._first_key: Callable[[events.Key], bool] | None = None
        """Asked about the first key after the one that started the writing: whether it is the rest of a word."""
        self._word_typed = False
        """Whether the keys typed since the writing started are a word, not text (see :meth:`take_focus_from`)."""

    def allow_focus(self) -> bool:
        """Only when invited (or while it has the focus), so the focus chain skips it."""
        return self._invited or self.has_focus

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focusing from code is deliberate: the editor may take the focus."""
        self._begin()
        return super().focus(scroll_visible)

    def focus_now(self) -> None:
        """Take the focus at once, not after the keys already waiting (as ``focus()`` does).

        A stranger typed "My shoulders" straight after ``e``: the keys queued behind it went
        to the step (``n`` moved on, ``q`` would have quit) instead of into the answer.
        """
        self._begin()
        self.screen.set_focus(self)

    def _begin(self) -> None:
        """The learner starts writing here (unless they are writing already)."""
        self._invited = True
        self._left = False
        self._first_key = None
        self._word_typed = False
        if not self.has_focus and self.writing_begun is not None:
            self.writing_begun()

    def take_focus_from(
        self,
        widget: Widget,
        *,
        since: float | None = None,
        rest_of_word: Callable[[events.Key], bool] | None = None,
    ) -> None:
        """Take the focus from ``widget`` at once; keys typed before that are still typed first.

        Each key goes to the queue of the widget that has the focus when the app reads it, so keys
        typed fast after the key that starts writing wait in ``widget``'s queue, then go up from it.
        The app hands them on (:meth:`hand`) as they reach it; keys that come straight here meanwhile
        wait until :class:`KeysHandedOver`, sent up from ``widget`` behind them, has reached the app,
        so that every key is typed in the order it was pressed.

        Args:
            widget: What had the focus.
            since: When the key that started the writing was pressed (the clock of events); keys
                pressed before it are not the learner's text. None: now.
            rest_of_word: Asked about the first key after that one, before it does anything here: whether
                it is the rest of a word begun with the key that started the writing (``e`` of "exit", see
                :meth:`TypedWords.rest_of_word`). If so it goes nowhere, the writing ends (:meth:`leave`: the
                keys after it go back to the app), and the caller takes the editor away. None: it is text.
        """
        self.focus_now()
        self._first_key = rest_of_word
        self._held = []
        self._writing_since = Message().time if since is None else since
        handed_over = self.KeysHandedOver(self)
        # Textual stops a message at its sender's level; sent as from the app, it goes all the way up to it.
        handed_over.set_sender(self.app)
        widget.post_message(handed_over)

    def leave(self) -> None:
        """The learner has left the writing (Escape): from now on no key on its way here is text.

        Keys pressed in the same burst as Escape were already on their way to the editor (each key
        goes to what has the focus when the app reads it): a stranger's Escape and ``q`` saved
        "knottedq". Such keys go back to the app instead, as if pressed a moment later, so they do
        what they do on the step (the caller moves the focus there). The text typed before
        Escape stays as it is.
        """
        self._left = True
        held, self._held = self._held or [], None
        for event in held:
            self._send_back(event)

    def _send_back(self, event: events.Key) -> None:
        """Give a key that is not text for this editor back to the app, behind the focus change under way."""
        self.app.call_later(self.app.post_message, _again(event))

    def hand(self, event: events.Key) -> None:
        """Type a key that reached another widget before the editor had the focus (see :meth:`take_focus_from`)."""
        key = _again(event)  # pressed when it was: whether it came straight after the e matters (rest_of_word)
        self._handed[id(key)] = key
        self.post_message(key)

    def missed(self, event: events.Key) -> bool:
        """Whether ``event`` is a key typed for the editor that went to what had the focus before it.

        Not one that came through the editor (a key it does not take goes on up from it), nor
        one pressed before the key that started the writing.
        """
        return event.time > self._writing_since and not any(had is event for had in self._had)

    async def _on_key(self, event: events.Key) -> None:
        """Type keys in the order they were pressed, bound keys (Backspace, arrows) included.

        Runs before :class:`TextArea`'s own handler, which types printable keys and Enter.
        """
        self._had.append(event)
        handed = self._handed.pop(id(event), None) is event
        split = _escape_then_key(event)
        if split is not None and not self._left and not handed:
            # Escape and a key pressed in one burst reach the app as one sequence, read as alt+key: a
            # stranger's Escape and q typed "q". They are Escape, then the key, in that order.
            event.stop()
            event.prevent_default()
            if self._held is not None:
                self._held += split
            else:
                self._held = list(split)
                self.post_message(self.HandoverEnded())
        elif self._left and not handed:
            event.stop()
            event.prevent_default()
            self._send_back(event)
        elif self._held is not None and not handed:
            event.stop()
            event.prevent_default()
            self._held.append(event)
        elif self._not_text(event) or await self._run_own_binding(event) or self._stays_writing(event):
            event.stop()
            event.prevent_default()
        elif _joiner(event) and self._types(event):
            event.stop()
            event.prevent_default()
            await self._type(event)
        elif not self._types(event):
            if self.tab_behavior == "indent":
                # TextArea would take Escape to move the focus on: the screen's binding ends the writing.
                event.prevent_default()
            # It goes up to the app, whose binding for it may end the writing (Escape): the keys
            # behind it wait here until it has run (then they are text, or go back: see leave).
            if self._held is None:
                self._held = []
            self.call_next(self._follow_up)

    def _follow_up(self) -> None:
        """Send :class:`KeysHandedOver` up behind the key just gone up (it runs once that key has left)."""
        if self.parent is None:
            return
        handed_over = self.KeysHandedOver(self)
        # Textual stops a message at its sender's level; sent as from the app, it goes all the way up to it.
        handed_over.set_sender(self.app)
        self.parent.post_message(handed_over)

    async def on_deliberate_text_area_handover_ended(self, message: HandoverEnded) -> None:
        """The keys that came straight here while earlier ones were handed on follow them now."""
        held, self._held = self._held or [], None
        for number, event in enumerate(held):
            if self._left or self.screen.focused is not self:  # left (Escape), or the focus moved on (Tab)
                self._send_back(event)
            elif self._not_text(event) or await self._run_own_binding(event) or self._stays_writing(event):
                continue
            elif self._types(event):
                await self._type(event)
            else:  # not the editor's key (Escape, ctrl+n): it goes on as if it had just arrived,
                # and the keys after it wait for it again
                key = _again(event)
                self._handed[id(key)] = key
                # Through the app, as a key from the terminal: posted here, it would come back to the
                # app as new, which sends it here again.
                self.app.post_message(key)
                self._held = held[number + 1 :]
                return

    def on_unmount(self) -> None:
        """Removed (the step changed) with keys still waiting: they go back to the app, never into a gone answer."""
        held, self._held = self._held or [], None
        for event in held:
            self._send_back(event)

    def _not_text(self, event: events.Key) -> bool:
        """Whether ``event``, about to be typed (or to run its binding) here, is part of a word, not text.

        The first key after the one that started the writing is asked about (see :meth:`take_focus_from`):
        the rest of a word goes nowhere, and the writing ends. A key after it that still comes here (it was
        on its way) goes back to the app, to where the focus goes, where the letters of the word go nowhere too.
        """
        if self._word_typed:
            self._send_back(event)
            return True
        check, self._first_key = self._first_key, None
        if check is None or not check(event):
            return False
        self._word_typed = True
        self.leave()
        return True

    def _types(self, event: events.Key) -> bool:
        """Whether ``event`` is typed here (a printable key or a joiner, Enter, Tab when it indents)."""
        if self.read_only:
            return False
        return (
            event.is_printable
            or _joiner(event)
            or event.key == "enter"
            or (event.key == "tab" and self.tab_behavior == "indent")
        )

    async def _type(self, event: events.Key) -> None:
        """Type ``event`` as :class:`TextArea` does; a joiner too, which it leaves out (Python does not print it)."""
        if _joiner(event):
            self._replace_via_keyboard(event.character or "", *self.selection)
        else:
            await TextArea._on_key(self, event)

    def _stays_writing(self, event: events.Key) -> bool:
        """Whether ``event`` is shift+Tab while Tab types a tab: it does nothing, rather than leave the writing."""
        return event.key == "shift+tab" and self.tab_behavior == "indent" and not self.read_only

    async def _run_own_binding(self, event: events.Key) -> bool:
        """Run the editor's own binding for the key now, as the app would once the key had gone up to it.

        Textual types a printable key as soon as the editor has it but runs a bound key (Backspace,
        Delete, arrows) only when the key reaches the app, so letters typed fast after a Backspace were
        in before it ran, and it deleted them instead (a stranger's "abcd", two Backspaces and "XY"
        were saved as "abcd"; Textual issue 6605). Priority bindings ran before the key came here.
        """
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        return False

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        """Type or paste ``insert``, without the control characters in it (the learner is told which).

        Drawn raw, a control character pasted into an answer acts on the terminal (a stranger's U+202E
        scrambled the lines), and an answer holding one can only be shown as symbols, locked. A line
        break pasted as a carriage return is a line break.
        """
        insert = insert.replace("\r\n", "\n").replace("\r", "\n")
        # A skin-tone modifier typed after a hand (a Hangul vowel after a consonant) comes as a key of its own.
        row, column = min(start, end)
        before = self.document.get_line(row)[column - 1 : column] if column else ""
        kept, left_out = without_controls(insert, before=before)
        if left_out and not has_right_to_left(insert) and has_right_to_left(self.text):
            # The bidirectional marks have their use in right-to-left text: kept in an answer that has some.
            kept, left_out = without_controls(insert, right_to_left=True, before=before)
        if left_out:
            tell_left_out(self, left_out)
            if not kept:
                return None
        return super()._replace_via_keyboard(kept, start, end)

    def on_blur(self, event: events.Blur) -> None:
        """Once left, the editor is passed by again until the learner asks for it."""
        self._invited = False

    def on_click(self, event: events.Click) -> None:
        """A click on the editor is a deliberate start."""
        if not self.has_focus:
            self.focus()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The editor's lines; blank once it has been removed.

        Textual forgets a removed widget's component styles, and a ``TextArea`` asked to draw after that
        raised ``KeyError`` from its theme and ended the app (a stranger closed a journal edit and saw it
        crash). Nothing removed is on screen, so blank lines are all it can show.
        """
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)
