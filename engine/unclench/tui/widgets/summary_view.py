"""The summary shown after a lesson's last step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Static

from unclench.course import ExerciseStep, Lesson, PageStep, PromptStep, QuizStep
from unclench.journey import Journey, LessonSummary, Place
from unclench.records import history_lines, total_text
from unclench.store.errors import StoreError
from unclench.text import visible
from unclench.tui.session import Session
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.step_base import StepView, step_title

#: How many runs of each exercise the summary shows (the latest); the Practice list shows more.
SUMMARY_RUNS = 3


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def left_to_do(journey: Journey, summary: LessonSummary) -> str:
    """The steps of a lesson not complete yet, by kind: ``2 quizzes not answered yet, 1 exercise not done yet``.

    A lesson is complete once its required steps are (see :mod:`unclench.journey`): a complete
    lesson may still have optional steps open, and the lesson's bar of steps is then not full.
    The summary says so in words, so that "complete" never reads as "every step done".
    """
    kinds: dict[str, int] = {}
    for place in summary.incomplete:
        step = journey.step_at(place)
        if isinstance(step, QuizStep):
            tried = bool(journey.progress.quiz_results.get((place.lesson_id, step.id)))
            kind = "quiz tried" if tried else "quiz"
        elif isinstance(step, PromptStep):
            kind = "prompt"
        elif isinstance(step, ExerciseStep):
            kind = "exercise"
        else:
            assert isinstance(step, PageStep)
            kind = "page"
        kinds[kind] = kinds.get(kind, 0) + 1
    words = {
        "page": ("page not read yet", "pages not read yet"),
        "prompt": ("reflection not written yet", "reflections not written yet"),
        "quiz": ("quiz not answered yet", "quizzes not answered yet"),
        "quiz tried": ("quiz not answered correctly yet", "quizzes not answered correctly yet"),
        "exercise": ("exercise not done yet", "exercises not done yet"),
    }
    return ", ".join(_count(kinds[kind], *phrases) for kind, phrases in words.items() if kind in kinds)


@dataclass(frozen=True)
class SummaryText:
    """What a summary shows, read from the journey and the record: every line and button it draws."""

    heading: str
    counts: str
    following: Lesson | None
    """The next lesson (its button), or None after the last."""
    incomplete: tuple[tuple[int, str], ...]
    """Each step not complete yet: its index and its button's label."""
    note: str
    """The line over the steps not complete yet."""
    practice: str
    """The lesson's practice, one run a line (empty: no practice section)."""

    @classmethod
    def read(cls, session: Session, lesson: Lesson) -> SummaryText:
        """The summary of ``lesson`` as the journey and the record have it now."""
        journey = session.journey
        summary = journey.summary(lesson.id)
        heading = "Lesson complete" if summary.done else "Lesson summary"
        lines = []
        if summary.done and summary.incomplete:  # complete, with optional steps open: the bar is not full
            lines.append(f"Optional steps still open: {left_to_do(journey, summary)}.")
        lines.append(f"Steps done: {summary.steps_done} of {summary.steps_total}")
        if summary.prompts:
            lines.append(f"Journal answers written: {summary.answers} of {summary.prompts}")
        if summary.quizzes:
            # No count of first tries: the quizzes are there to help remember, not to grade (a stranger felt graded).
            lines.append(f"Quizzes worked through: {summary.quizzes_correct} of {summary.quizzes}")
        if summary.exercises:
            lines.append(f"Exercises done: {summary.exercises_done} of {summary.exercises}")
        incomplete = []
        for place in summary.incomplete:
            step = journey.step_at(place)
            assert step is not None
            incomplete.append((place.index, f"Step {place.index + 1}: {step_title(step)}"))
        if summary.done:
            note = "Not finished yet (optional, come back any time):"
        else:
            note = "Not finished yet (the pages finish the lesson; the rest is optional):"
        return cls(
            heading=f"{heading}: {lesson.title}",
            counts="\n".join(lines),
            following=journey.next_lesson(lesson.id),
            incomplete=tuple(incomplete),
            note=note,
            practice=_practice_lines(session, lesson),
        )


def _lesson_key(lesson: Lesson | None) -> tuple[str, str] | None:
    """What a next-lesson button shows of ``lesson`` (and where it leads)."""
    return None if lesson is None else (lesson.id, lesson.title)


def _practice_lines(session: Session, lesson: Lesson) -> str:
    """Each exercise of the lesson practised: how often, and the latest runs with before → after."""
    exercises = [step for step in lesson.steps if isinstance(step, ExerciseStep)]
    if not exercises:
        return ""
    try:
        history = session.learner.practice_history(lesson)
    except StoreError:
        return ""  # the counts still stand; the Practice list says what could not be read
    course = session.course
    lines = []
    for step in exercises:
        entries = tuple(history.get((lesson.id, step.id), ()))
        if not entries:
            continue
        measures = [(m.id, m.label) for m in (course.checkin(i) for i in step.checkin_ids) if m is not None]
        lines.append(f"{step_title(step)}: {total_text(entries)}")
        lines.extend(f"  {line}" for line in history_lines(entries, measures, SUMMARY_RUNS))
    return "\n".join(lines)


class SummaryView(StepView):
    """What the learner did in the lesson, the way on (near the top, so it is on screen at 60x20), and what is left.

    Built ahead while the lesson's last step is on screen (:attr:`StepView.BUILT_AHEAD`): the press
    that shows it changes its counts (the last step done, the lesson complete), so it fills them in
    as it is shown (:meth:`arrive`), and hides the buttons of steps complete by then.
    """

    BUILT_AHEAD: ClassVar[bool] = True

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(session, lesson, place)
        self._text = SummaryText.read(session, lesson)
        """What the view shows now."""

    def compose(self) -> ComposeResult:
        """Counts, unfinished steps and the buttons to go on."""
        text = self._text
        yield self.heading(text.heading)
        yield Static(text.counts, classes="summary-counts", markup=False)
        with Horizontal(classes="buttons way-on"):
            if text.following is not None:
                yield MarkedButton(
                    Content(f"Next lesson: {text.following.title} →"), id="next-lesson", variant="primary"
                )
            yield MarkedButton("Course map", id="to-map")
        if text.incomplete:
            with Vertical(id="incomplete"):
                yield Static(text.note, classes="hint", id="incomplete-note")
                for index, label in text.incomplete:
                    yield MarkedButton(Content(label), id=f"goto-{index}", classes="goto")
        if text.practice:
            with Vertical(id="summary-practice"):
                yield Static("Your practice", classes="section-title")
                yield Static(Content(visible(text.practice)), id="summary-practice-runs")
                yield Static(
                    "Every run, and practice on its own: the Practice list (p on the course map).", classes="hint"
                )

    def arrive(self) -> bool:
        """Fill in the summary as it is now (the press that shows it made the last step done, say).

        The counts, the heading and the practice are text; a step complete since is hidden (a new view has
        no button for it). A step not complete that has no button here, another next lesson, or practice
        where there was none (or none where there was) needs other widgets: False, and a new view shows it.
        """
        now = SummaryText.read(self.session, self.lesson)
        built = self._text
        built_indexes = {index for index, _ in built.incomplete}
        if (
            _lesson_key(now.following) != _lesson_key(built.following)
            or not {index for index, _ in now.incomplete} <= built_indexes
            or bool(now.practice) != bool(built.practice)
        ):
            return False
        self.query_one(".step-title", Static).update(now.heading)
        self.query_one(".summary-counts", Static).update(now.counts)
        if built.incomplete:
            open_indexes = {index for index, _ in now.incomplete}
            self.query_one("#incomplete").display = bool(now.incomplete)
            self.query_one("#incomplete-note", Static).update(now.note)
            for index in built_indexes:
                self.query_one(f"#goto-{index}").display = index in open_indexes
        if now.practice:
            self.query_one("#summary-practice-runs", Static).update(Content(visible(now.practice)))
        self._text = replace(now, incomplete=built.incomplete)  # the buttons built (hidden or not)
        return True

    def focus_target(self) -> Widget:
        """Start on the way on."""
        buttons = self.query("#next-lesson")
        return buttons.first() if buttons else self.query_one("#to-map")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Go to an unfinished step, the next lesson or the course map."""
        event.stop()
        button_id = event.button.id or ""
        if button_id == "next-lesson":
            self.post_message(self.GoTo(self.session.journey.start_of_next(self.lesson.id)))
        elif button_id == "to-map":
            self.post_message(self.GoTo(None))
        elif button_id.startswith("goto-"):
            self.post_message(self.GoTo(Place(self.lesson.id, int(button_id.removeprefix("goto-")))))
