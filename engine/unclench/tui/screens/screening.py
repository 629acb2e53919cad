"""Screening questions: asked before a first run, reviewable and changeable at any time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, RadioSet, Static

from unclench.course import ScreeningQuestion
from unclench.store.errors import StoreError
from unclench.tui.screens.modal import UnclenchModal
from unclench.tui.session import Session
from unclench.tui.widgets.answer_set import AnswerSet
from unclench.tui.widgets.marked_radio_button import MarkedRadioButton

#: What each kind of yes means, in plain words shown under the question.
YES_MEANS = {
    "advice": "A yes means: read the advice first.",
    "professional": "A yes means: talk to a doctor or another professional before this practice.",
    "not-alone": "A yes means: not on your own; only with a qualified practitioner.",
}


class ScreeningScreen(UnclenchModal[bool]):
    """Yes/no questions with what a yes means; the answers are stored privately (and exported).

    Dismisses with True when answers were saved, False when left ("Not now").

    Args:
        session: The learner's session.
        questions: The questions to ask (an exercise's, or all of the course's to review).
        require_all: Saving needs every question answered (before a first run).
    """

    DEFAULT_CSS = """
    ScreeningScreen #screening-body {
        height: 1fr;
    }
    ScreeningScreen .screening-question {
        margin-top: 1;
    }
    ScreeningScreen .screening-answer {
        layout: horizontal;
        height: auto;
        width: auto;
    }
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

    def compose(self) -> ComposeResult:
        """An introduction, each question with Yes/No, and the buttons."""
        with Vertical(classes="dialog", id="screening"):
            yield Static("A few questions first", classes="dialog-title")
            with VerticalScroll(id="screening-body"):
                yield Static(
                    "Please answer honestly: these questions help keep this practice safe for you. Your answers "
                    "stay on this computer (and in your exports), and you can change them at any time from the "
                    "command palette (ctrl+k, Screening answers).",
                    classes="hint",
                )
                for question in self.questions:
                    yield Static(Content.styled(question.question, "bold"), classes="screening-question")
                    yield Static(
                        Content.assemble(YES_MEANS[question.yes_means], " ", (f"(From {question.source}.)", "dim")),
                        classes="hint",
                    )
                    answer = self.answers.get(question.id)
                    with AnswerSet(id=f"screen-{question.id}", classes="screening-answer"):
                        yield MarkedRadioButton("Yes", value=answer is True, name="yes")
                        yield MarkedRadioButton("No", value=answer is False, name="no")
            with Horizontal(classes="buttons"):
                yield Button("Save my answers", id="screening-save", variant="primary", compact=True)
                yield Button("Not now", id="screening-leave", compact=True)

    def on_mount(self) -> None:
        """Start on the first question."""
        sets = self.query(RadioSet)
        if sets:
            sets.first().focus()

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
            self.dismiss(False)

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
        self.dismiss(True)

    def action_leave(self) -> None:
        """Leave without saving."""
        self.dismiss(False)
