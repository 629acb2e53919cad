"""The journal: every answer the learner wrote, searchable, and editable in place."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from unclench.export import cleared_words
from unclench.journey import Place
from unclench.records import (
    JournalItem,
    JournalLesson,
    JournalSection,
    answer_when,
    folded,
    journal_count,
    journal_sections,
    text_matches,
)
from unclench.store.errors import StoreError
from unclench.text import excerpt, visible
from unclench.tui.screens.course_map import map_letters
from unclench.tui.screens.record import RecordScreen
from unclench.tui.session import Session
from unclench.tui.typed_words import WORD_AFTER_E, TypedWords, say_when_typed, typed_as_a_word
from unclench.tui.widgets.autosave import KEPT_NOT_CLEARED, AutosaveEditor, notify_not_saved
from unclench.tui.widgets.footer import KeyFooter
from unclench.tui.widgets.step_base import step_title

if TYPE_CHECKING:
    from textual.timer import Timer

    from unclench.store.rows import JournalEntry
    from unclench.tui.app import UnclenchApp

#: How many characters of an answer the journal's list shows (laying out megabytes of text froze it).
JOURNAL_SHOWN_CHARS = 10_000

#: How many answers the journal mounts at a time.
PAGE = 12

_MOVE_BETWEEN_ANSWERS = "Move between answers"
_FIRST_OR_LAST = "To the first or last answer shown"
_A_PAGE = "Move a page of answers up or down"
#: The keys that move the selection between answers.
_SELECTING = frozenset({"up", "down", "home", "end", "pageup", "pagedown"})

#: The ids of the boxes where ``/`` is typed, not the search key: the answer's editor and the search field.
_TEXT_BOXES = frozenset({"journal-editor", "journal-search"})

#: Said when letters typed in the journal went nowhere (words typed as if searching, say).
TYPED_NOT_EDITING = "Nothing was typed into your answers: press e on its own to edit the one selected, or / to search."

#: Said when "o" is pressed at an answer whose question is no longer in the course: there is no step to open.
QUESTION_GONE = "This answer's question is no longer in the course, so there is no lesson step to open."

#: Said when the "o" that would open an answer's lesson came with other keys straight after it (typed in a word).
NOT_OPENED = "The lesson was not opened: keys came straight after o. To open the answer's lesson, press o on its own."

#: Shown when the learner has not written any answer yet.
EMPTY_TEXT = "Nothing here yet: your answers to reflective questions will appear here."


def _answer_key(entry: JournalEntry) -> tuple[str, str]:
    """Which prompt an answer is to: its lesson and step."""
    return (entry.lesson_id, entry.step_id)


class _Placed:
    """An answer with the section and lesson it is listed under, and its text folded for searching."""

    __slots__ = ("_folded", "item", "lesson", "section")

    def __init__(self, section: JournalSection, lesson: JournalLesson, item: JournalItem) -> None:
        self.section = section
        self.lesson = lesson
        self.item = item
        self._folded: tuple[str, str] | None = None

    def matches(self, needle: str) -> bool:
        """Whether the answer or its question contains ``needle`` (already folded: see :func:`folded_query`)."""
        if self._folded is None:
            self._folded = (folded(self.item.entry.answer), folded(self.item.entry.question))
        return not needle or needle in self._folded[0] or needle in self._folded[1]

    def edited(self, view: JournalEntryView) -> None:
        """Take the answer as the editor left it (for the search and for mounting it again)."""
        entry = replace(self.item.entry, answer=view.text, updated_at=view.updated_at)
        self.item = replace(self.item, entry=entry)
        self.forget_folded()

    def forget_folded(self) -> None:
        """The answer changed: fold it again at the next search."""
        self._folded = None


def folded_query(query: str) -> str:
    """The search text as :func:`unclench.records.text_matches` compares it (outer spaces off, then folded)."""
    return folded(query.strip())


def _y_in(widget: Widget, container: Widget) -> int:
    """How far down ``container``'s scrolled content ``widget`` starts (it may be off screen)."""
    y = 0
    node: Widget | None = widget
    while node is not None and node is not container:
        y += node.virtual_region_with_margin.y
        parent = node.parent
        node = parent if isinstance(parent, Widget) else None
    return y


class JournalEntryView(Vertical, can_focus=True):
    """One answer: the step and when it was last changed, the question as it was asked, and the answer.

    ``e`` (or a double click) opens the answer in an editor that autosaves, in place;
    Escape closes the editor again (the journal screen binds it).

    Args:
        session: The learner's session.
        item: The answer.
    """

    HELP_PLACE = "journal"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not Enter: pressed by habit it opened the editor, and the keys after it went into the answer.
        Binding("e", "edit", "Edit", id="journal_edit", tooltip="Edit the answer (it saves as you type)"),
        Binding("down", "app.focus_next", "Next answer", id="journal_down", show=False, tooltip=_MOVE_BETWEEN_ANSWERS),
        Binding(
            "up", "app.focus_previous", "Previous answer", id="journal_up", show=False, tooltip=_MOVE_BETWEEN_ANSWERS
        ),
        # The selection moves with the view: End once scrolled the list and left the first answer selected, and
        # ``e`` then edited that answer, off screen.
        Binding("home", "to_answer(0)", "First answer", id="journal_first", show=False, tooltip=_FIRST_OR_LAST),
        Binding("end", "to_answer(-1)", "Last answer", id="journal_last", show=False, tooltip=_FIRST_OR_LAST),
        Binding("pageup", "page(-1)", "Page up", id="journal_page_up", show=False, tooltip=_A_PAGE),
        Binding("pagedown", "page(1)", "Page down", id="journal_page_down", show=False, tooltip=_A_PAGE),
        Binding(
            "o",
            "open_lesson",
            "Lesson",
            id="journal_open_lesson",
            tooltip="Open the answer's lesson at its question (escape comes back here)",
        ),
    ]

    class EditRequested(Message):
        """The learner asked to edit this answer."""

        def __init__(self, view: JournalEntryView) -> None:
            super().__init__()
            self.view = view
            """The answer to edit."""

    def __init__(self, session: Session, item: JournalItem, placed: _Placed | None = None) -> None:
        super().__init__(classes="journal-entry")
        self.session = session
        self.item = item
        self._placed = placed
        self.text = item.entry.answer
        """The answer as last saved."""
        self.updated_at = item.entry.updated_at
        """When the answer was last changed."""
        self.autosave: AutosaveEditor | None = None
        """The editor, while the answer is being edited."""
        self._edit_key_at: float | None = None
        """When the ``e`` that asked for the editor was pressed (keys before it are not text for it)."""
        self._keys_for_editor: list[events.Key] | None = None
        """Keys that arrived between ``e`` and the editor taking the focus (None when no edit is on its way)."""

    @property
    def editing(self) -> bool:
        """Whether the answer is open in the editor."""
        return self.autosave is not None

    def compose(self) -> ComposeResult:
        """The heading, the question and the answer."""
        yield Static(self._heading(), classes="journal-when")
        yield Static(Content(visible(self.item.entry.question)), classes="journal-question")
        yield self._answer_static()

    def _answer_static(self) -> Static:
        """The answer as the list shows it: a very long one is cut (the editor, ``e``, holds all of it)."""
        return Static(self._answer_content(), classes="journal-answer")

    def _answer_content(self) -> Content:
        if not self.text.strip():  # cleared: kept in the record as it is, and said to be cleared
            return Content.styled(cleared_words(self.text), "dim italic")
        shown, more = excerpt(self.text, JOURNAL_SHOWN_CHARS)
        content = Content(visible(shown))
        if more:
            note = f"\n… {more:,} more characters: press e to open the whole answer."
            content = Content.assemble(content, (note, "dim italic"))
        return content

    def _heading(self) -> Content:
        step = self.item.step
        when = answer_when(self.item.entry.created_at, self.updated_at)
        if step is None:
            return Content.styled(when, "dim")
        return Content.assemble((step_title(step), "bold"), (f" · {when}", "dim"))

    def matches(self, query: str) -> bool:
        """Whether the answer (as on screen) or its question contains ``query``, ignoring case."""
        answer = self.autosave.text if self.autosave is not None else self.text
        return text_matches(query, answer, self.item.entry.question)

    def _answers_shown(self) -> list[JournalEntryView]:
        return list(self.screen.query(JournalEntryView))

    def action_to_answer(self, index: int) -> None:
        """Select the first (0) or last (-1) answer shown, bringing it on screen."""
        answers = self._answers_shown()
        if answers:
            self._select(answers[index])

    def action_page(self, direction: int) -> None:
        """Select the answer about a page below (1) or above (-1) this one, bringing it on screen."""
        answers = self._answers_shown()
        listing = self.screen.query_one("#journal-list")
        page = max(1, listing.scrollable_content_region.height - 2)
        here = _y_in(self, listing)
        if direction > 0:
            target = next((a for a in answers if _y_in(a, listing) >= here + page), answers[-1])
        else:
            target = next((a for a in reversed(answers) if _y_in(a, listing) <= here - page), answers[0])
        self._select(target)

    def _select(self, answer: JournalEntryView) -> None:
        """Select ``answer`` at once (``focus()`` would wait for the keys queued behind this one)."""
        self.screen.set_focus(answer)

    def action_edit(self) -> None:
        """Ask the journal to open this answer for editing."""
        self.post_message(self.EditRequested(self))

    def action_open_lesson(self) -> None:
        """Ask the journal to open this answer's lesson at its question (the footer's "Lesson"; ``o`` is below)."""
        screen = self.screen
        if isinstance(screen, JournalScreen):
            screen.open_lesson_of(self)

    async def on_key(self, event: events.Key) -> None:
        """Keys typed straight after ``e`` are text in the answer, as at a lesson's reflection.

        The editor is made and mounted after ``e`` is handled, so keys typed fast after it arrive
        here first; without this, "/" opened the search and letters ran the journal's keys. From
        ``e`` until the editor has the focus every key waits here; then they are handed to the
        editor, and keys still on their way go up to the app, which hands them on in order.
        """
        selected = self.screen.focused
        if isinstance(self.screen, JournalScreen):
            self.screen.key_arrived(event)  # an "o" typed in a word ("ok") opens no lesson
        if self._keys_for_editor is not None:
            event.stop()
            event.prevent_default()
            self._keys_for_editor.append(event)
        elif isinstance(selected, JournalEntryView) and selected is not self:
            # Typed in the same burst as a key that selected another answer (End, then e): it is for that one.
            event.stop()
            event.prevent_default()
            key = events.Key(event.key, event.character)
            key.time = event.time
            selected.post_message(key)
        elif event.key in _SELECTING and not self.editing and await self._select_now(event.key):
            event.stop()
            event.prevent_default()
        elif not self.editing and isinstance(self.screen, JournalScreen) and self.screen.words_typed(event):
            # Words typed as if searching ("the pain"): their "e" never opens the answer, nor "q" quits.
            event.stop()
            event.prevent_default()
        elif event.key == "o" and not self.editing and isinstance(self.screen, JournalScreen):
            # Here, not by the binding: the keys typed after it have come here before a binding would run.
            event.stop()
            event.prevent_default()
            self.screen.open_lesson_of(self, event.time)
        elif event.key == "e" and not self.editing:
            event.stop()
            event.prevent_default()
            self._keys_for_editor = []
            self._edit_key_at = event.time
            self.action_edit()

    async def _select_now(self, key: str) -> bool:
        """Run this answer's binding for a key that moves the selection now, not once the key has gone up to the app.

        An ``e`` typed in the same burst (End, then e) is already waiting here behind it: it must find the
        selection moved (and then goes to the answer selected), not edit this answer.
        """
        for binding in self._bindings.key_to_bindings.get(key, ()):
            if await self.app.run_action(binding.action, self):
                return True
        return False

    def on_click(self, event: events.Click) -> None:
        """A click focuses the answer; a double click edits it."""
        if event.chain >= 2 and not self.editing:
            self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Edit" and "Lesson" only show while the answer is not being edited."""
        if action in ("edit", "open_lesson"):
            return not self.editing
        return True

    async def begin_edit(self) -> None:
        """Replace the answer with an editor holding it, and focus it."""
        if self.autosave is not None:
            return
        entry = self.item.entry
        learner = self.session.learner
        # From the answer as stored now, never as this list last showed it: the learner may have changed it in
        # the lesson since (a stranger's lesson edit was saved over by a journal edit begun from the old text).
        try:
            stored = learner.answer(entry.lesson_id, entry.step_id)
        except StoreError as error:
            self.edit_refused()
            self.notify(
                f"{visible(error.message)} The answer was not opened for editing, so nothing in it changed.",
                title="Could not read your answer",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        if stored is not None and stored.answer != self.text:
            self.show_stored(stored.answer, stored.updated_at)

        def save(text: str) -> None:
            learner.save_answer(entry.lesson_id, entry.step_id, entry.question, text)

        self.autosave = AutosaveEditor(
            self.text,
            save,
            read=lambda: learner.answer(entry.lesson_id, entry.step_id),
            put_back=lambda before: learner.put_back_answer(entry.lesson_id, entry.step_id, before),
            stored=self._stored,
            hint="Your answer saves as you type. Tab types a tab; Escape when you are done.",
            cursor_blink=self.session.cursor_blink,
            editor_id="journal-editor",
            classes="journal-editor",
        )
        await self.query_one(".journal-answer").remove()
        await self.mount(self.autosave)
        since, self._edit_key_at = self._edit_key_at, None
        rest_of_word = self._rest_of_word if since is not None else None
        self.autosave.focus_end(keys_from=self, since=since, rest_of_word=rest_of_word)
        waiting, self._keys_for_editor = self._keys_for_editor or [], None
        for key in waiting:
            self.autosave.editor.hand(key)
        self.add_class("-editing")
        self.screen.refresh_bindings()
        # Once laid out, bring the whole editor (and its hint) on screen: never type blind.
        self.call_after_refresh(self.scroll_visible, animate=False)

    def _rest_of_word(self, event: events.Key) -> bool:
        """Whether ``event``, the first key after the ``e`` that opened the editor, is the rest of a word.

        Then the editor closes again with the answer as it was (nothing is written): see
        :meth:`JournalScreen.rest_of_word`.
        """
        screen = self.screen
        if not isinstance(screen, JournalScreen):
            return False
        if not screen.rest_of_word(event, self.text):
            if screen.e_begins_answer and self.autosave is not None:
                self.autosave.editor.insert("e")
            return False
        self.call_later(screen.action_done_editing)
        return True

    def edit_refused(self) -> None:
        """The edit asked for cannot start (another answer could not be saved): keys typed after ``e`` are dropped.

        They were meant as text for this answer; run as keys of the journal they could do anything.
        """
        self._keys_for_editor = None
        self._edit_key_at = None

    def _counted_again(self) -> None:
        """The answer may be cleared now, or written again: the journal's count says so."""
        screen = self.screen
        if isinstance(screen, JournalScreen):
            screen.update_count()

    def show_stored(self, text: str, updated_at: str) -> None:
        """Show ``text``, the answer as it is stored now (changed elsewhere since this list was made)."""
        self.text, self.updated_at = text, updated_at
        if self._placed is not None:
            self._placed.edited(self)
        self._counted_again()
        self.query_one(".journal-when", Static).update(self._heading())
        if not self.editing:
            self.query_one(".journal-answer", Static).update(self._answer_content())

    def _stored(self, text: str) -> None:
        """Keep what was saved, and show when it changed."""
        self.text = text
        try:
            entry = self.session.learner.answer(self.item.entry.lesson_id, self.item.entry.step_id)
        except StoreError:
            entry = None
        if entry is not None:
            self.updated_at = entry.updated_at
        self.query_one(".journal-when", Static).update(self._heading())

    async def end_edit(self) -> StoreError | None:
        """Save the editor's text and show the answer again.

        Returns:
            The error when the text could not be saved; the editor then stays open.
        """
        autosave = self.autosave
        if autosave is None:
            return None
        error = autosave.flush()
        if error is not None:
            return error
        if autosave.clear_held:  # left emptied, unasked (another answer opened): kept, and said
            self.notify(KEPT_NOT_CLEARED, markup=False)
        self.autosave = None
        if self._placed is not None:
            self._placed.edited(self)
        self._counted_again()
        await autosave.remove()
        await self.mount(self._answer_static())
        self.remove_class("-editing")
        self.focus()
        self.screen.refresh_bindings()
        return None

    def flush(self) -> StoreError | None:
        """Save the editor's text now, if it is open and holds unsaved text."""
        return self.autosave.flush() if self.autosave is not None else None


class JournalScreen(RecordScreen):
    """Every journal answer, by module and lesson in course order, with a search field.

    Answers whose lesson or prompt was removed from the course are listed last,
    under "No longer in the course". All learner text is shown literally.

    A record of years holds thousands of answers: the screen mounts the first
    :data:`PAGE` answers that match the search, and a "Show more" button at the
    end mounts the next ones. The search looks through every answer (in
    memory, not on screen), so each keystroke costs one page of widgets,
    whatever the size of the journal.

    Args:
        session: The learner's session.
    """

    DEFAULT_CSS = """
    JournalScreen #journal-head {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
    }
    JournalScreen #journal-search {
        margin-top: 1;
        background: $boost;
    }
    JournalScreen #journal-count {
        color: $text-muted;
    }
    JournalScreen #journal-list {
        height: 1fr;
        padding: 0 1;
    }
    JournalScreen #journal-empty, JournalScreen #journal-no-match {
        color: $text-muted;
    }
    JournalScreen #journal-error {
        margin-top: 1;
    }
    JournalScreen .journal-section, JournalScreen .journal-lesson {
        height: auto;
    }
    JournalScreen .journal-module {
        text-style: bold;
        background: $boost;
        padding: 0 1;
    }
    JournalScreen .journal-lesson-title {
        text-style: bold;
        color: $accent;
        padding: 0 1;
    }
    JournalScreen JournalEntryView {
        height: auto;
        border-left: blank;
        padding: 0 1 0 2;
        margin-bottom: 1;
    }
    /* The bar shows which answer is selected without colour (NO_COLOR) too. */
    JournalScreen JournalEntryView:focus, JournalScreen JournalEntryView.-editing {
        background: $primary 20%;
        border-left: outer $accent;
    }
    JournalScreen .journal-question {
        text-style: italic;
        color: $text-muted;
    }
    JournalScreen .journal-editor #journal-editor {
        height: auto;
        min-height: 5;
        max-height: 12;
    }
    """

    HELP_PLACE = "journal"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done_editing", "Done", id="journal_done", tooltip="In the editor: done editing"),
        # A stranger pressed Escape to clear a search and left the journal: it clears first.
        Binding("escape", "clear_search", "Clear search", id="journal_clear", tooltip="In the search: clear it"),
        Binding("escape", "back", "Back", id="journal_back", tooltip="Back to where you were"),
        Binding("slash", "search", "Search", id="journal_search", tooltip="Search your answers and questions"),
        Binding(
            "down",
            "to_answers",
            "To the answers",
            id="journal_to_answers",
            show=False,
            tooltip="In the search: to the answers",
        ),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.load_error: str | None = None
        try:
            entries = session.learner.answers()
        except StoreError as error:
            entries = []
            self.load_error = visible(error.explained)
        self._revision = session.revision()
        """The record's revision when the answers were read (see :meth:`on_screen_resume`)."""
        self._list(entries)
        self._query = ""
        self._typed_words = TypedWords()
        """Letters typed at the answers (not in the editor, nor the search): words typed in a burst are not keys."""
        self._opening: Timer | None = None
        """The lesson an "o" asked for, opening a moment later unless another key came (:meth:`open_lesson_of`)."""
        self._last_key_at = 0.0
        """When the last key was pressed at an answer."""

    def _list(self, entries: list[JournalEntry]) -> None:
        """Group ``entries`` by module and lesson, all of them matching (before a search) and none mounted."""
        self.sections = journal_sections(self.session.course, entries)
        self._all: list[_Placed] = [
            _Placed(section, lesson, item)
            for section in self.sections
            for lesson in section.lessons
            for item in lesson.items
        ]
        self._matching: list[_Placed] = self._all
        self._mounted = 0

    @property
    def entries(self) -> list[JournalEntryView]:
        """Every answer on the screen."""
        return list(self.query(JournalEntryView))

    @property
    def editing(self) -> JournalEntryView | None:
        """The answer being edited, if any."""
        return next((view for view in self.entries if view.editing), None)

    def compose(self) -> ComposeResult:
        """The title, the search field and the answers (or a friendly note when there are none)."""
        total = len(self._all)
        with Vertical(id="journal-head"):
            yield Static("Your journal", classes="screen-title")
            if total:
                yield Input(placeholder="Search your answers and questions", id="journal-search", compact=True)
                yield Static(self._count_text(total, total), id="journal-count")
        with VerticalScroll(id="journal-list", can_focus=False):
            if self.load_error is not None:
                yield Static(
                    Content.assemble(("Your journal could not be read: ", "bold $error"), self.load_error),
                    id="journal-error",
                )
            elif not total:
                yield Static(EMPTY_TEXT, id="journal-empty", markup=False)
            yield from self._page()
            yield Static("No answers match your search.", id="journal-no-match", markup=False)
            yield Button("", id="journal-more", compact=True)
        yield KeyFooter()

    def _page(self) -> list[Widget]:
        """The module and lesson groups holding the next :data:`PAGE` matching answers.

        A page that goes on where the last one stopped repeats the module and
        lesson titles, so that every group on screen says what it is.
        """
        batch = self._matching[self._mounted : self._mounted + PAGE]
        self._mounted += len(batch)
        sections: list[tuple[JournalSection, list[tuple[JournalLesson, list[_Placed]]]]] = []
        for placed in batch:
            if not sections or sections[-1][0] is not placed.section:
                sections.append((placed.section, []))
            lessons = sections[-1][1]
            if not lessons or lessons[-1][0] is not placed.lesson:
                lessons.append((placed.lesson, []))
            lessons[-1][1].append(placed)
        return [
            Vertical(
                Static(Content(visible(section.title)), classes="journal-module"),
                *(
                    Vertical(
                        Static(Content(visible(lesson.title)), classes="journal-lesson-title"),
                        *(JournalEntryView(self.session, placed.item, placed) for placed in items),
                        classes="journal-lesson",
                    )
                    for lesson, items in lessons
                ),
                classes="journal-section",
            )
            for section, lessons in sections
        ]

    def _count_text(self, shown: int, total: int) -> str:
        cleared = sum(1 for placed in self._all if placed.item.entry.cleared)
        return journal_count(shown, total, cleared)

    def update_count(self) -> None:
        """Say again how many answers there are and how many show (one was cleared or written again, say)."""
        counter = self.query("#journal-count")
        if counter:
            counter.first(Static).update(self._count_text(len(self._matching), len(self._all)))

    def on_mount(self) -> None:
        """Start on the first answer."""
        self.query_one("#journal-no-match").display = False
        self._update_more()
        entries = self.entries
        if entries:
            entries[0].focus()

    async def on_screen_resume(self) -> None:
        """Back from a lesson (or any screen over this one): the answers as they are stored now.

        A stranger went from here to a lesson, added to an answer there, came back, and saw (and
        then edited) the old text. An edit always starts from the stored answer (:meth:`JournalEntryView.begin_edit`);
        this keeps what the list shows true as well. Nothing is read when the record has not changed.
        """
        if self.editing is not None:
            return  # what changed is this editor's own saves
        revision = self.session.revision()
        if revision is not None and revision == self._revision:
            return
        try:
            entries = self.session.learner.answers()
        except StoreError:
            return  # the list as it was: an edit still starts from the answer as stored
        self._revision = revision
        stored = {_answer_key(entry): entry for entry in entries}
        if stored.keys() != {_answer_key(placed.item.entry) for placed in self._all}:
            await self._list_again(entries)
            return
        shown = {_answer_key(view.item.entry): view for view in self.entries}
        for placed in self._all:
            entry = stored[_answer_key(placed.item.entry)]
            if entry.answer == placed.item.entry.answer:
                continue
            view = shown.get(_answer_key(entry))
            if view is not None:
                view.show_stored(entry.answer, entry.updated_at)
            else:  # on a page not shown yet: mounted from the stored answer when it is
                placed.item = replace(placed.item, entry=entry)
                placed.forget_folded()
        self.update_count()

    async def _list_again(self, entries: list[JournalEntry]) -> None:
        """List ``entries`` anew (answers were added): the same search, on the first answer."""
        self._list(entries)
        await self.recompose()
        self.on_mount()
        if self._query:
            await self.apply_search(self._query)
            self.query_one("#journal-search", Input).value = self._query

    def _update_more(self) -> None:
        more = self.query_one("#journal-more", Button)
        left = len(self._matching) - self._mounted
        more.display = left > 0
        more.label = f"Show more ({left} more)"

    async def show_more(self) -> None:
        """Mount the next page of matching answers and focus the first of them."""
        before = self._mounted
        groups = self._page()
        if not groups:
            return
        listing = self.query_one("#journal-list")
        await listing.mount_all(groups, before="#journal-no-match")
        self._update_more()
        new = self.entries[before:]
        if new:
            new[0].focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """The "Show more" button."""
        if event.button.id == "journal-more":
            event.stop()
            await self.show_more()

    def words_typed(self, event: events.Key) -> bool:
        """Whether ``event``, typed at an answer not being edited, goes nowhere: a letter of words typed in a burst.

        A stranger typed "the pain" here, meaning to search: the "e" of "the" opened their oldest answer and
        " pain" was saved in it. In the journal, as at a reflection's box (:class:`TypedWords`), an ``e`` straight
        after other letters is part of words, not the key that starts writing; the learner is told how to write
        and how to search. ``/`` always searches.
        """
        if event.key == "slash":
            return False
        if event.key == "o" and self._typed_words.ended(event):
            return False  # on its own, a moment after a word: it opens the lesson unless a key follows it straight
        if self._typed_words.swallows(event):
            return True
        if event.key == "e":
            self._typed_words.writing_started(event)  # the letters before it went nowhere, and are forgotten
            # What was said about keys typed here before ("typed as a word, not into your answer") is untrue now.
            cast("UnclenchApp", self.app).clear_state_notices()
            return False
        if event.is_printable and event.key not in self.active_bindings:
            self._typed_words.went_nowhere(event, map_letters())
            cast("UnclenchApp", self.app).state_notice(TYPED_NOT_EDITING, severity="information", timeout=8)
            return True
        return False

    @property
    def e_begins_answer(self) -> bool:
        """Whether the key :meth:`rest_of_word` was last asked about goes on a word begun with the ``e`` that opened an
        empty answer (:attr:`TypedWords.e_begins_answer`)."""
        return self._typed_words.e_begins_answer

    def rest_of_word(self, event: events.Key, answer: str) -> bool:
        """Whether ``event``, the first key after the ``e`` that opened ``answer``, is the rest of a word, not writing.

        A stranger typed "evening" here as if to search: the "e" opened the answer selected and "vening" was saved
        in it. As at a reflection (:meth:`TypedWords.rest_of_word`), the rest of such a word goes nowhere (the caller
        closes the editor) and the learner is told, once the word is typed.
        """
        if not self._typed_words.rest_of_word(event, answer):
            return False
        app = cast("UnclenchApp", self.app)

        def say(word: str) -> None:
            app.clear_state_notices()  # a slow typist's word said again, whole: one notice
            app.state_notice(typed_as_a_word(word), severity="information", timeout=8)

        say_when_typed(self, self._typed_words, say)
        return True

    # -- the lesson of an answer -------------------------------------------------------

    def open_lesson_of(self, view: JournalEntryView, o_at: float | None = None) -> None:
        """Open ``view``'s lesson at its question, in the lesson player (Escape comes back here).

        As the palette's "Lesson: …" opens a lesson (:meth:`UnclenchApp.open_place`), and nothing else: the
        player saves where it shows (a lesson not done yet becomes the learner's place, as however it is
        opened), and nothing is marked done. It opens a moment after the ``o``: a key straight after it
        ("ok", "on" typed as if to search) makes the ``o`` a letter of words, and nothing opens (the ``n`` of
        "on" would have moved the lesson on a step, and marked it done).

        Args:
            view: The answer.
            o_at: When the ``o`` was pressed (None: the footer's "Lesson" was clicked, after the last key).
        """
        self._cancel_opening()
        item = view.item
        index = item.lesson.step_index(item.step.id) if item.lesson is not None and item.step is not None else None
        if item.lesson is None or index is None:
            cast("UnclenchApp", self.app).state_notice(QUESTION_GONE, severity="information", timeout=8)
            return
        place = Place(item.lesson.id, index)
        asked_at = self._last_key_at if o_at is None else o_at
        self._opening = self.set_timer(WORD_AFTER_E, partial(self._open_lesson_now, place, asked_at))

    def key_arrived(self, event: events.Key) -> None:
        """Note a key that came at an answer: an ``o`` opens a lesson only if no key came after it."""
        self._last_key_at = max(self._last_key_at, event.time)

    def _cancel_opening(self) -> None:
        """Forget a lesson waiting to open."""
        opening, self._opening = self._opening, None
        if opening is not None:
            opening.stop()

    async def _open_lesson_now(self, place: Place, o_at: float) -> None:
        """Open ``place`` if the ``o`` (pressed at ``o_at``) came alone and the journal is still what shows."""
        self._opening = None
        if self.app.screen is not self or self.editing is not None:
            return
        if self._last_key_at > o_at:  # typed with other keys: a letter of words
            cast("UnclenchApp", self.app).state_notice(NOT_OPENED, severity="information", timeout=8)
            return
        await cast("UnclenchApp", self.app).open_place(place)

    def on_screen_suspend(self) -> None:
        """Covered (help, the palette): a lesson waiting to open does not open over what covers it."""
        self._cancel_opening()

    # -- search ----------------------------------------------------------------------

    async def on_input_changed(self, event: Input.Changed) -> None:
        """Show only the answers that match the search (Escape clears it while it holds text)."""
        event.stop()
        self.refresh_bindings()
        await self.apply_search(event.value)

    async def apply_search(self, query: str) -> None:
        """Show the answers whose text or question contains ``query`` (ignoring case).

        An answer open in the editor is saved and closed first (it is not
        lost: when it cannot be saved, the editor stays and nothing is filtered).
        """
        editing = self.editing
        if editing is not None and not await self._end_edit(editing):
            return
        self._query = query
        needle = folded_query(query)
        self._matching = [placed for placed in self._all if placed.matches(needle)]
        listing = self.query_one("#journal-list")
        await listing.remove_children(".journal-section")
        self._mounted = 0
        groups = self._page()
        if groups:
            await listing.mount_all(groups, before="#journal-no-match")
        self.query_one("#journal-no-match").display = bool(self._all) and not self._matching
        self.update_count()
        self._update_more()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search field moves to the first answer shown."""
        event.stop()
        self.action_to_answers()

    def action_to_answers(self) -> None:
        """From the search field to the first answer shown (Enter or Down)."""
        first = next((view for view in self.entries if view.display), None)
        if first is not None:
            first.focus()

    def action_clear_search(self) -> None:
        """Empty the search field: every answer shows again."""
        self.query_one("#journal-search", Input).value = ""

    @property
    def _in_search(self) -> Input | None:
        """The search field, while it has the focus."""
        focused = self.focused
        return focused if isinstance(focused, Input) and focused.id == "journal-search" else None

    def action_search(self) -> None:
        """Put the cursor in the search field."""
        search = self.query("#journal-search")
        if search:
            search.first().focus()

    # -- editing ----------------------------------------------------------------------

    async def on_journal_entry_view_edit_requested(self, message: JournalEntryView.EditRequested) -> None:
        """Open an answer for editing (closing another one first)."""
        message.stop()
        current = self.editing
        if current is message.view:
            return
        if current is not None and not await self._end_edit(current):
            message.view.edit_refused()
            return
        await message.view.begin_edit()

    async def _end_edit(self, view: JournalEntryView) -> bool:
        error = await view.end_edit()
        if error is not None:
            notify_not_saved(self, error)
            return False
        return True

    async def action_done_editing(self) -> None:
        """Close the editor, saving first (emptied over an answer that had text: asked first)."""
        view = self.editing
        if view is not None and not (view.autosave is not None and view.autosave.ask_to_clear()):
            await self._end_edit(view)

    def on_autosave_editor_clear_asked(self, message: AutosaveEditor.ClearAsked) -> None:
        """Done editing with the box emptied over an answer: keep it unless the learner chooses to clear it."""
        message.stop()
        from unclench.tui.screens.dialogs import ask_before_clearing

        ask_before_clearing(self.app, message.editor, then=lambda: self.call_later(self.action_done_editing))

    async def leave(self) -> bool:
        """Close the editor (saving first); False when the answer could not be saved."""
        view = self.editing
        return view is None or await self._end_edit(view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape means "Done" while an answer is being edited, else "Back"; search needs answers."""
        if action == "search":  # in the editor or the search, / is a character: it types a slash
            focused = self.focused
            return bool(self.sections) and (focused is None or focused.id not in _TEXT_BOXES)
        if action == "done_editing":
            return self.editing is not None
        if action == "clear_search":
            search = self._in_search
            return search is not None and bool(search.value)
        if action == "to_answers":
            return self._in_search is not None
        if action == "back":
            return self.editing is None
        return True

    def flush(self) -> StoreError | None:
        """Save the answer being edited, if any (before quitting)."""
        view = self.editing
        return view.flush() if view is not None else None
