"""Screening questions: asked before a first run, reviewable and changeable at any time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, RadioSet, Static

from unclench.course import ScreeningQuestion
from unclench.store.errors import StoreError
from unclench.tui.screens.modal import UnclenchModal
from unclench.tui.session import Session
from unclench.tui.widgets.answer_set import AnswerSet
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.marked_radio_button import MarkedRadioButton

#: What each kind of yes means, in plain words shown under the question.
#: Said when the learner leaves with answers picked but not saved.
KEPT_NOT_SAVED = "They stay filled in for next time, until you close Unclench."
#: Said above answers picked earlier in this session and left with "Not now".
KEPT_EARLIER = "Some answers below are the ones you picked earlier: they are not saved yet."

#: How to answer, under the questions: a stranger pressed Enter, which picks nothing here, and was not told why.
HOW_TO_PICK = "← → Yes or No · Space picks · Tab next question"

YES_MEANS = {
    "advice": "A yes means: read the advice first.",
    "professional": "A yes means: talk to a doctor or another professional before this practice.",
    "not-alone": "A yes means: not on your own; only with a qualified practitioner.",
}


class ScreeningScreen(UnclenchModal[bool]):
    """Yes/no questions with what a yes means; the answers are stored privately (and exported).

    Dismisses with True when answers were saved, False when left ("Not now"). Answers
    picked and then left are never stored; they are kept in the session (and the
    learner told so), to be filled in again the next time the questions open.

    Args:
        session: The learner's session.
        questions: The questions to ask (an exercise's, or all of the course's to review).
        require_all: Saving needs every question answered (before a first run).
    """

    DEFAULT_CSS = """
    ScreeningScreen #screening-body {
        height: 1fr;
    }
    ScreeningScreen .screening-item {
        height: auto;
        margin-top: 1;
    }
    ScreeningScreen .screening-answer {
        layout: horizontal;
        height: auto;
        width: auto;
    }
    """

    AUTO_FOCUS = ""
    """:meth:`on_mount` focuses the first answer, leaving the scrolling to :meth:`_show_question_of`.

    Textual's auto focus scrolled the first answer to the middle of the screen as the screen was
    composed: at 60x20 a stranger met the questions scrolled past the first question and its introduction.
    """
    HELP_PLACE = "screening questions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Not now", id="screening_leave", tooltip="Leave without saving the answers"),
    ]

    def __init__(self, session: Session, questions: Sequence[ScreeningQuestion], *, require_all: bool) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.questions = tuple(questions)
        self.require_all = require_all
        try:
            stored = session.learner.screening_answers()
        except StoreError:
            stored = []
        self.answers = {a.question_id: a.answer for a in stored}
        """The stored answers, by question id."""
        self.earlier = {
            question.id: session.unsaved_screening[question.id]
            for question in self.questions
            if question.id in session.unsaved_screening
            and session.unsaved_screening[question.id] is not self.answers.get(question.id)
        }
        """Answers picked earlier in this session and left unsaved, shown again (not stored)."""

    def compose(self) -> ComposeResult:
        """An introduction, each question with Yes/No, and the buttons."""
        with Vertical(classes="dialog", id="screening"):
            # Opened to review (the palette), not before a first run: it says so.
            yield Static(
                "A few questions first" if self.require_all else "Your screening answers", classes="dialog-title"
            )
            # Not in the Tab order itself: Tab goes through the answers (each brings its question
            # into view), then the buttons, and round again.
            with VerticalScroll(id="screening-body", can_focus=False):
                # The introduction short, and what is said of every question (their one source, where the answers
                # are kept) under them: at 60x20 a stranger met the questions scrolled past the first one, its
                # introduction and source taking the screen above it.
                yield Static(
                    "Please answer honestly: these questions help keep this practice safe for you. "
                    "Your answers stay on this computer.",
                    id="screening-intro",
                    classes="hint",
                )
                if self.earlier:
                    yield Static(Content.styled(KEPT_EARLIER, "bold"), id="screening-earlier", classes="notice")
                # One source for every question is named once: a stranger read the same long source
                # six times, once under each question.
                sources = {question.source for question in self.questions}
                shared = sources.pop() if len(sources) == 1 else None
                for question in self.questions:
                    with Vertical(classes="screening-item"):
                        yield Static(Content.styled(question.question, "bold"), classes="screening-question")
                        source = "" if shared is not None else f" (From {question.source}.)"
                        yield Static(Content.assemble(YES_MEANS[question.yes_means], (source, "dim")), classes="hint")
                        answer = self.earlier.get(question.id, self.answers.get(question.id))
                        with AnswerSet(id=f"screen-{question.id}", classes="screening-answer"):
                            yield MarkedRadioButton("Yes", value=answer is True, name="yes")
                            yield MarkedRadioButton("No", value=answer is False, name="no")
                with Vertical(classes="screening-item"):
                    if shared is not None:
                        yield Static(Content(f"The questions follow {shared}."), id="screening-source", classes="hint")
                    yield Static(
                        "Your answers are in your backup too (unclench export --format json), and you can change "
                        "them at any time from the command palette (ctrl+k, Screening answers).",
                        classes="hint",
                    )
            # Under the questions, always on screen: Enter picks nothing here (a habit Enter once answered Yes).
            yield Static(HOW_TO_PICK, id="screening-keys", classes="hint")
            with Horizontal(classes="buttons"):
                yield MarkedButton("Save my answers", id="screening-save", variant="primary")
                yield MarkedButton("Not now", id="screening-leave")

    def on_mount(self) -> None:
        """Start on the first question."""
        sets = self.query(RadioSet)
        if sets:
            sets.first().focus(scroll_visible=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """An answer has the focus: show its question above it too (the first also shows the introduction)."""
        if not isinstance(event.widget, AnswerSet):
            return
        self.call_after_refresh(self._show_question_of, event.widget)

    def _show_question_of(self, answers: AnswerSet) -> None:
        """Bring ``answers`` into view with as much of their question above them as fits.

        The answers themselves always: on a small screen a long question and source pushed them below the
        fold, and Tab gave the focus to answers nobody could see.
        """
        body = self.query_one("#screening-body", VerticalScroll)
        question = answers.parent
        assert isinstance(question, Widget)
        if body.can_view_entire(question) and (answers is not self.query(AnswerSet).first() or not body.scroll_y):
            # In view already: nothing moves. A click on an answer gives its set the focus; scrolling then moved
            # another answer under the mouse before the button came up, and the click picked nothing.
            return
        if answers is self.query(AnswerSet).first():
            body.scroll_home(animate=False, immediate=True)
        else:
            body.scroll_to_widget(question, animate=False, top=True, immediate=True)
        body.scroll_to_widget(answers, animate=False, immediate=True)

    def picked(self) -> dict[str, bool]:
        """The answers picked on screen, by question id."""
        out = {}
        for question in self.questions:
            pressed = self.query_one(f"#screen-{question.id}", RadioSet).pressed_button
            if pressed is not None:
                out[question.id] = pressed.name == "yes"
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or leave."""
        event.stop()
        if event.button.id == "screening-save":
            self.save()
        elif event.button.id == "screening-leave":
            self.action_leave()

    def save(self) -> None:
        """Store the answers that changed (every question needs one before a first run)."""
        picked = self.picked()
        if self.require_all and len(picked) < len(self.questions):
            self.notify("Please answer every question, yes or no.", markup=False)
            return
        learner = self.session.learner
        for question_id, answer in picked.items():
            if self.answers.get(question_id) is answer:
                continue
            if not self.session.write(
                self,
                lambda q=question_id, a=answer: learner.set_screening_answer(q, a),  # type: ignore[misc]
                "your answers",
            ):
                return
        for question_id in picked:
            self.session.unsaved_screening.pop(question_id, None)
        self.dismiss(True)

    def action_leave(self) -> None:
        """Leave without saving; answers picked are kept for next time in this session, and the learner told."""
        unsaved = self.session.unsaved_screening
        for question in self.questions:
            unsaved.pop(question.id, None)
        changed = {q: a for q, a in self.picked().items() if self.answers.get(q) is not a}
        unsaved.update(changed)
        if changed:
            self.notify(KEPT_NOT_SAVED, title="Your answers are not saved", markup=False)
        self.dismiss(False)
