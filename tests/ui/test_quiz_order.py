"""Quiz choices in the real app: shuffled, the same order after a restart, no answer given away."""

from __future__ import annotations

from pathlib import Path

from unclench.course import Course, QuizStep
from unclench.journey import Place
from unclench.loader import load_course
from unclench.quiz import display_order
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.choice_list import ChoiceList
from unclench.tui.widgets.quiz_view import QuizView

from .conftest import AppFactory
from .helpers import screen_text, settle, sync

COURSE = """\
format_version = 1
id = "order"
title = "Order"
disclaimer = "Not advice. Stop whenever you like."

[[modules]]
id = "all"
title = "All"
lessons = ["only"]
"""

LESSON = """\
id = "only"
title = "Only"
minutes = 5

[[steps]]
kind = "quiz"
id = "{step_id}"
question = "Which is the calm reply?"

[[steps.choices]]
text = "It eased when I was busy"
correct = true
feedback = "RIGHT-EXPLAINED: short, kind and based on evidence."

[[steps.choices]]
text = "I must read every website"
feedback = "WRONG-A: searching tends to feed the worry."

[[steps.choices]]
text = "I am useless"
feedback = "WRONG-B: harsh words add stress."

[[steps.choices]]
text = "Bend anyway"
feedback = "WRONG-C: forcing gives the symptom attention."
"""


def _course(root: Path) -> Course:
    """A one-quiz course whose shown order puts the right answer somewhere other than first."""
    (root / "course").mkdir(parents=True)
    (root / "lessons").mkdir()
    (root / "course" / "course.toml").write_text(COURSE, encoding="utf-8")
    for n in range(50):
        (root / "lessons" / "only.toml").write_text(LESSON.format(step_id=f"reply-{n}"), encoding="utf-8")
        course = load_course(root)
        step = course.lessons["only"].steps[0]
        assert isinstance(step, QuizStep)
        if display_order(course.id, "only", step)[0] != 0:
            return course
    raise AssertionError("no step id gave a shuffled order")


def _labels(app: UnclenchApp) -> list[str]:
    return app.screen.query_one("#choices", ChoiceList).texts


@sync
async def test_shuffled_order_is_stable_across_a_restart(make_app: AppFactory, tmp_path: Path) -> None:
    course = _course(tmp_path / "course")
    step = course.lessons["only"].steps[0]
    assert isinstance(step, QuizStep)
    expected = [step.choices[i].text for i in display_order(course.id, "only", step)]
    assert expected[0] != step.choices[0].text
    data = tmp_path / "data"

    app = make_app(course, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("only", 0))
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and isinstance(app.screen.view, QuizView)
        assert _labels(app) == expected
        # The first choice shown is wrong: its feedback, not the right answer's.
        await pilot.press("down", "enter")  # down highlights the first choice; Enter picks and checks it
        await settle(pilot)
        text = screen_text(app)
        assert "Not quite" in text
        assert "RIGHT-EXPLAINED" not in text
        first_wrong = next(f for f in ("WRONG-A", "WRONG-B", "WRONG-C") if f in text)
        attempts = app.store.quiz_attempts(course.id, "only", step.id)
        # The record keeps the authored index and text of what was chosen, whatever the order shown.
        shown_first = display_order(course.id, "only", step)[0]
        assert list(attempts[-1].chosen) == [shown_first]
        assert list(attempts[-1].chosen_texts) == [step.choices[shown_first].text]
        await pilot.press("q")
        await settle(pilot)

    again = make_app(course, data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await again.open_place(Place("only", 0))
        await settle(pilot)
        assert _labels(again) == expected, "the same order after a restart"
        text = screen_text(again)
        assert first_wrong in text and "RIGHT-EXPLAINED" not in text
        # A second wrong try: now the right answer is explained too.
        assert isinstance(again.screen, PlayerScreen)
        view = again.screen.view
        assert isinstance(view, QuizView)
        wrong = next(p for p in range(1, len(view.order)) if not view.step.choices[view.order[p]].correct)
        await pilot.press(str(wrong + 1))  # a number key picks and checks
        await settle(pilot)
        text = screen_text(again)
        assert "Not quite" in text and "RIGHT-EXPLAINED" in text
        # Once the answer is explained, the verdict no longer tells the learner to try again blind.
        assert "check again" not in text and "explained below" in text


@sync
async def test_a_long_choice_is_shown_in_full_on_a_narrow_screen(make_app: AppFactory, tmp_path: Path) -> None:
    course = _course(tmp_path / "course")
    lesson = tmp_path / "course" / "lessons" / "only.toml"
    long_choice = "Bend anyway, slowly and carefully, a little further each day until the whole movement comes back END"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Bend anyway", long_choice), encoding="utf-8")
    course = load_course(tmp_path / "course")
    app = make_app(course, data_dir=tmp_path / "data")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await app.open_place(Place("only", 0))
        await settle(pilot)
        # The words as read, line by line, without the frame drawn around the choices.
        text = " ".join(screen_text(app).translate(str.maketrans("", "", "▊▎")).split())
        assert "comes back END" in text, "the end of a long choice is on screen, not cut off"
        assert "…" not in text


@sync
async def test_the_verdict_is_brought_into_view_on_a_short_screen(make_app: AppFactory) -> None:
    """At 60x20 a long multiple-answer quiz's feedback landed below the fold: Check seemed to do nothing."""
    from unclench.folders import bundled_course_root

    course = load_course(bundled_course_root())
    lesson = course.lessons["first-tremor-practice"]
    index = next(i for i, step in enumerate(lesson.steps) if getattr(step, "multiple", False))
    app = make_app(course)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await app.open_place(Place("first-tremor-practice", index), asked=True)  # not about the order
        await settle(pilot)
        await pilot.press("1", "enter")  # tick the first choice shown, then check
        await settle(pilot)
        text = screen_text(app)
        assert "That's right" in text or "Not quite" in text
