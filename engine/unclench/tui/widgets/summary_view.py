"""The summary shown after a lesson's last step."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Static

from unclench.course import ExerciseStep, PageStep, PromptStep, QuizStep
from unclench.journey import Journey, LessonSummary, Place
from unclench.records import history_lines, total_text
from unclench.store.errors import StoreError
from unclench.text import visible
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


class SummaryView(StepView):
    """What the learner did in the lesson, the way on (near the top, so it is on screen at 60x20), and what is left."""

    def compose(self) -> ComposeResult:
        """Counts, unfinished steps and the buttons to go on."""
        journey = self.session.journey
        summary = journey.summary(self.lesson.id)
        heading = "Lesson complete" if summary.done else "Lesson summary"
        yield self.heading(f"{heading}: {self.lesson.title}")
        lines = []
        if summary.done and summary.incomplete:  # complete, with optional steps open: the bar is not full
            lines.append(f"Optional steps still open: {left_to_do(journey, summary)}.")
        lines.append(f"Steps done: {summary.steps_done} of {summary.steps_total}")
        if summary.prompts:
            lines.append(f"Journal answers written: {summary.answers} of {summary.prompts}")
        if summary.quizzes:
            lines.append(
                f"Quizzes answered correctly: {summary.quizzes_correct} of {summary.quizzes} "
                f"({summary.quizzes_first_try} at the first try)"
            )
        if summary.exercises:
            lines.append(f"Exercises done: {summary.exercises_done} of {summary.exercises}")
        yield Static("\n".join(lines), classes="summary-counts", markup=False)
        following = journey.next_lesson(self.lesson.id)
        with Horizontal(classes="buttons way-on"):
            if following is not None:
                yield MarkedButton(Content(f"Next lesson: {following.title} →"), id="next-lesson", variant="primary")
            yield MarkedButton("Course map", id="to-map")
        if summary.incomplete:
            with Vertical(id="incomplete"):
                if summary.done:
                    note = "Not finished yet (optional, come back any time):"
                else:
                    note = "Not finished yet (the pages finish the lesson; the rest is optional):"
                yield Static(note, classes="hint")
                for place in summary.incomplete:
                    step = journey.step_at(place)
                    assert step is not None
                    yield MarkedButton(
                        Content(f"Step {place.index + 1}: {step_title(step)}"),
                        id=f"goto-{place.index}",
                        classes="goto",
                    )
        yield from self._practice()

    def _practice(self) -> ComposeResult:
        """Each exercise of the lesson practised: how often, and the latest runs with before → after."""
        exercises = [step for step in self.lesson.steps if isinstance(step, ExerciseStep)]
        if not exercises:
            return
        try:
            history = self.session.learner.practice_history(self.lesson)
        except StoreError:
            return  # the counts above still stand; the Practice list says what could not be read
        course = self.session.course
        lines = []
        for step in exercises:
            entries = tuple(history.get((self.lesson.id, step.id), ()))
            if not entries:
                continue
            measures = [(m.id, m.label) for m in (course.checkin(i) for i in step.checkin_ids) if m is not None]
            lines.append(f"{step_title(step)}: {total_text(entries)}")
            lines.extend(f"  {line}" for line in history_lines(entries, measures, SUMMARY_RUNS))
        if lines:
            with Vertical(id="summary-practice"):
                yield Static("Your practice", classes="section-title")
                yield Static(Content(visible("\n".join(lines))), id="summary-practice-runs")
                yield Static(
                    "Every run, and practice on its own: the Practice list (p on the course map).", classes="hint"
                )

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
