"""A quiz step: choose, check, read the feedback, try again."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Static

from unclench.course import Lesson, QuizStep
from unclench.journey import Place, restorable_choices
from unclench.quiz import display_order, feedback_for
from unclench.store.errors import StoreError
from unclench.tui.session import Session
from unclench.tui.widgets.choice_list import ChoiceList
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.step_base import StepView, step_title

if TYPE_CHECKING:
    from unclench.tui.app import UnclenchApp

#: Said once when a number key is pressed on a quiz already answered right (it only picks then).
ANSWERED_RIGHT = (
    "You answered this one right, so the number keys leave your answer as it is. "
    "To try another choice, use ↑/↓, then Enter twice."
)
#: Said at the first Enter on another choice once the quiz was answered right: the next Enter checks it.
CHECK_ANOTHER = (
    "You answered this one right. To check this other choice as a new try, press Enter again "
    "(your right answer stays in your record)."
)
#: Said under the feedback when the answer checked is checked again (Enter by habit): not a new attempt.
CHECKED_ALREADY = "You have checked this answer already."
#: In place of the feedback while the choice picked is not the one last checked.
NOT_CHECKED_YET = "Not checked yet: press Enter (or Check answer) to check what you picked."
#: Said when the answer is checked with nothing chosen, for this many seconds.
CHOOSE_FIRST = "Choose an answer first."
CHOOSE_FIRST_SECONDS = 5.0
#: What the hint under a question says, whether or not the question itself says so already.
CHOOSE_ALL = "Choose all that apply."


def answer_hint(step: QuizStep) -> str:
    """How to answer with the keys (without repeating "Choose all that apply." when the question says it)."""
    if not step.multiple:
        return "Press a choice's number, or ↑/↓ then Enter, to answer."
    keys = "A number or Space ticks a choice; Enter checks."
    if CHOOSE_ALL.lower().rstrip(".") in step.question.lower():
        return keys
    return f"{CHOOSE_ALL} {keys}"


class QuizView(StepView, can_focus=False):
    """Shows a quiz: the choices, a "Check answer" button and feedback for each choice.

    The choices are a :class:`~unclench.tui.widgets.choice_list.ChoiceList`:
    one key answers (a number, or Enter on the highlighted choice; with
    several answers a number or Space ticks and Enter checks). The choices
    appear in the quiz's stable display order (:func:`unclench.quiz.display_order`); everything recorded uses the
    authored indexes. Every check of a new answer is recorded as an attempt
    (checking the same answer again is not one); the last attempt
    is shown again when the learner comes back to the step. A choice picked
    but not checked yet is remembered by its text and picked again on resume.
    """

    BUILT_AHEAD: ClassVar[bool] = True
    """It shows the quiz and the learner's attempts and pick for it (read as it is made)."""

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(session, lesson, place)
        step = session.journey.step_at(place)
        assert isinstance(step, QuizStep)
        self.step = step
        self.order = display_order(session.course.id, lesson.id, step)
        """The authored indexes of the choices, in the order shown."""
        self.attempts = 0
        """How many times the learner checked an answer here."""
        self.wrong_tries = 0
        """How many of those answers were wrong: the second one explains the right answer too."""
        self._last: frozenset[int] = frozenset()
        self._told_checked = False
        self._told_answered = False
        self._another_asked_at: float | None = None
        """When :data:`CHECK_ANOTHER` was said (None: not since the last check)."""
        try:
            attempts = session.learner.quiz_attempts(lesson.id, step.id)
        except StoreError:
            attempts = []
        self.attempts = len(attempts)
        self.wrong_tries = sum(not attempt.correct for attempt in attempts)
        if attempts:
            self._last = restorable_choices(step, attempts[-1].chosen, attempts[-1].chosen_texts)
        try:
            unchecked = session.learner.quiz_choice(lesson.id, step.id)
        except StoreError:
            unchecked = ()
        self._unchecked = frozenset(i for i, choice in enumerate(step.choices) if choice.text in unchecked)
        """A choice picked but not checked before the learner left (by authored index)."""
        self._picked = self._unchecked or self._last
        """What the choices show picked, as last seen (a change is remembered)."""

    def compose(self) -> ComposeResult:
        """The question, the choices, the button and the feedback area."""
        step = self.step
        yield self.heading(step_title(step))
        yield Static(step.question, classes="question", markup=False)
        yield Static(answer_hint(step), classes="hint", markup=False)
        yield ChoiceList(
            [step.choices[i].text for i in self.order],
            multiple=step.multiple,
            chosen=[position for position, i in enumerate(self.order) if i in self._picked],
            id="choices",
        )
        with Horizontal(classes="buttons"):
            yield MarkedButton("Check answer", id="check", variant="primary")
        yield Vertical(id="feedback")

    def on_mount(self) -> None:
        """Show the feedback of the last attempt, if any (unless another choice was picked since)."""
        if self._last and self._picked == self._last:
            self._show_feedback(self._last, restored=True)
        self._lock_numbers_once_right()

    def _lock_numbers_once_right(self) -> None:
        """Once answered right, a number key (pressed by habit) leaves the answer as it is."""
        self.query_one("#choices", ChoiceList).numbers_pick = not (self._last and self.step.is_correct(self._last))

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        """Remember a choice picked (or choices ticked) but not checked; the feedback is only ever the picked one's.

        A stranger picked another choice after "That's right": the verdict stayed under a choice it
        was not about. Feedback shows while the checked answer is the one picked.
        """
        event.stop()
        self._remember_pick()
        if not self._last:
            return
        if self._picked == self._last:
            self._show_feedback(self._last, restored=True)
        else:
            feedback = self.query_one("#feedback", Vertical)
            feedback.remove_children()
            feedback.mount(Static(NOT_CHECKED_YET, classes="choice-feedback", markup=False))

    def _remember_pick(self) -> None:
        picked = self.chosen()
        if picked == self._picked:
            return
        self._picked = picked
        texts = [self.step.choices[i].text for i in sorted(picked)] if picked != self._last else []
        self.session.write(
            self,
            lambda: self.session.learner.save_quiz_choice(self.lesson.id, self.step.id, texts),
            "your choice",
        )

    def focus_target(self) -> Widget:
        """Start on the choices."""
        return self.query_one("#choices")

    def chosen(self) -> frozenset[int]:
        """The authored indexes of the choices the learner has chosen now."""
        return frozenset(self.order[position] for position in self.query_one("#choices", ChoiceList).chosen)

    def on_choice_list_submitted(self, event: ChoiceList.Submitted) -> None:
        """A number key or Enter on the choices: check the answer.

        Once the quiz is answered right, a number key does nothing: a stranger's stray ``2`` after
        "That's right" recorded a wrong attempt, and then, picking only, it replaced the verdict
        with "Not checked yet". The arrows and Enter (or the button) still check another choice.
        """
        event.stop()
        answered_right = bool(self._last) and self.step.is_correct(self._last)
        if event.by_number and answered_right:
            if not self._told_answered:
                self._told_answered = True
                self._say(ANSWERED_RIGHT)
            return
        if answered_right and self.chosen() and self.chosen() != self._last and not self._another_asked():
            return
        self.check_answer()

    def _another_asked(self) -> bool:
        """Whether Enter on another choice, once the quiz was answered right, was meant: pressed again once
        :data:`CHECK_ANOTHER` has been on screen a moment. A stranger pressed Down to scroll to the explanation,
        then Enter, and their right answer became "✗ Not quite"."""
        from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS

        now = self.session.clock()
        if self._another_asked_at is not None and now - self._another_asked_at >= WARNING_READ_SECONDS:
            self._another_asked_at = None
            return True
        if self._another_asked_at is None:
            self._another_asked_at = now
            self._say(CHECK_ANOTHER)
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Check the answer."""
        if event.button.id == "check":
            event.stop()
            self.check_answer()

    def _say(self, notice: str, *, timeout: float | None = None) -> None:
        """A notice about this quiz: it goes when the learner leaves the step (the app's state notices)."""
        cast("UnclenchApp", self.app).state_notice(notice, severity="information", timeout=timeout)

    def check_answer(self) -> None:
        """Record the chosen answer as an attempt and show right/wrong with feedback."""
        chosen = self.chosen()
        if not chosen:
            # Said once while on screen (repeated Enter stacked them), and gone with the step (a stranger read it
            # over the next quiz).
            self._say(CHOOSE_FIRST, timeout=CHOOSE_FIRST_SECONDS)
            return
        cast("UnclenchApp", self.app).clear_state_notices()  # "Choose an answer first" covered the feedback
        if chosen == self._last:  # Enter pressed again by habit: the same answer is not a new attempt
            if not self._told_checked:  # said once: a notice per Enter piled up over the feedback
                self._told_checked = True
                # Under the feedback, not as a notice: a stranger's covered "The right answer, explained:".
                said = Static(CHECKED_ALREADY, classes="choice-feedback", markup=False)
                self.query_one("#feedback", Vertical).mount(said)
                self.call_after_refresh(said.scroll_visible, animate=False)
            return
        self._told_checked = False
        correct = self.step.is_correct(chosen)
        order = sorted(chosen)
        self.attempts += 1
        self.wrong_tries += not correct
        self.session.write(
            self,
            lambda: self.session.learner.record_quiz_attempt(
                self.lesson.id,
                self.step.id,
                self.step.question,
                order,
                [self.step.choices[i].text for i in order],
                correct,
            ),
            "your quiz answer",
        )
        self._last = self._picked = chosen
        self.session.write(
            self,
            lambda: self.session.learner.save_quiz_choice(self.lesson.id, self.step.id, []),
            "your choice",
        )
        self._show_feedback(chosen)
        self._lock_numbers_once_right()
        if correct:
            self.post_message(self.Completed(self.place))

    def _show_feedback(self, chosen: frozenset[int], *, restored: bool = False) -> None:
        feedback = self.query_one("#feedback", Vertical)
        feedback.remove_children()
        shown = feedback_for(self.step, chosen, self.wrong_tries, self.order)
        if shown.correct:
            verdict = Content.styled("✓ That's right.", "bold $success")
        elif shown.revealed:
            # After a second wrong try the answer is explained: "check again" alone would contradict it.
            verdict = Content.styled("✗ Not quite. The answer is explained below.", "bold $warning")
        else:
            verdict = Content.styled("✗ Not quite. Change your answer and check again.", "bold $warning")
        if restored:
            verdict = Content.assemble(("Your last answer: ", "dim"), verdict)
        widgets = [Static(verdict, classes="verdict")]
        for index in shown.explained:
            choice = self.step.choices[index]
            mark = "✓" if choice.correct else "✗"
            widgets.append(
                Static(
                    Content.assemble((f"{mark} {choice.text}: ", "bold"), choice.feedback.strip()),
                    classes="choice-feedback",
                )
            )
        if shown.not_yet_chosen and not shown.revealed:
            count = shown.not_yet_chosen
            more = "One right answer is" if count == 1 else f"{count} right answers are"
            widgets.append(Static(f"{more} not ticked yet.", classes="choice-feedback", markup=False))
        if shown.revealed:
            heading = "The right answer, explained:" if len(shown.revealed) == 1 else "The right answers, explained:"
            widgets.append(Static(Content.styled(heading, "bold"), classes="choice-feedback"))
        for index in shown.revealed:
            choice = self.step.choices[index]
            widgets.append(
                Static(
                    Content.assemble((f"✓ {choice.text}: ", "bold"), choice.feedback.strip()),
                    classes="choice-feedback",
                )
            )
        feedback.mount_all(widgets)
        self.set_class(shown.correct, "-correct")
        if not restored:
            self.call_after_refresh(self.scroll_end, animate=False)
