"""The recommended order in the journey: when entering a lesson is early, what it waits for, where 'Go there' leads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from unclench.course import Course
from unclench.journey import Journey, Place, Progress, order_setting

FIXTURE = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def course() -> Course:
    from unclench.loader import load_course

    return load_course(FIXTURE)


def with_order(course: Course, **builds_on: tuple[str, ...]) -> Course:
    lessons = {
        lesson_id: replace(lesson, builds_on=builds_on.get(lesson_id, ()), builds_on_reason="Because.")
        for lesson_id, lesson in course.lessons.items()
    }
    return replace(course, lessons=lessons)


def test_entering_early_names_what_is_not_done_in_course_order(course: Course) -> None:
    c = with_order(course, shake=("second", "intro"))
    order = Journey(c).recommended_order(Place("shake", 1))
    assert order is not None
    assert [lesson.id for lesson in order.waiting] == ["intro", "second"]
    assert order.reason == "Because." and order.lesson.id == "shake"
    assert order.go_to == Place("intro", 0)
    # A done lesson is not named; "Go there" leads to the one left, where the learner was in it.
    progress = Progress(completed_lessons=frozenset({"intro"}), lesson_positions={"second": "many"})
    order = Journey(c, progress).recommended_order(Place("shake", 0), Place("second", 2))
    assert order is not None and [lesson.id for lesson in order.waiting] == ["second"]
    assert order.go_to == Place("second", 1)


def test_moves_inside_a_lesson_and_met_orders_ask_nothing(course: Course) -> None:
    c = with_order(course, shake=("intro",))
    assert Journey(c).recommended_order(Place("shake", 2), Place("shake", 1)) is None
    assert Journey(c).recommended_order(Place("second", 0)) is None  # builds on nothing
    done = Journey(c, Progress(completed_lessons=frozenset({"intro"})))
    assert done.recommended_order(Place("shake", 0)) is None
    assert done.waiting_for("shake") == ()


def test_go_there_follows_the_order_down_to_a_lesson_that_asks_nothing(course: Course) -> None:
    c = with_order(course, shake=("second",), second=("intro",))
    order = Journey(c).recommended_order(Place("shake", 0))
    assert order is not None
    assert [lesson.id for lesson in order.waiting] == ["second"]  # what shake itself builds on
    assert order.go_to == Place("intro", 0)  # second would ask about intro: go straight there
    assert Journey(c).recommended_order(order.go_to) is None


def test_a_circle_built_in_code_does_not_loop(course: Course) -> None:
    c = with_order(course, shake=("second",), second=("shake",), intro=("intro",))
    order = Journey(c).recommended_order(Place("shake", 0))
    assert order is not None and order.go_to == Place("second", 0)
    assert Journey(c).waiting_for("intro") == ()  # building on itself means nothing


def test_continuing_anyway_covers_the_lessons_it_was_chosen_for(course: Course) -> None:
    order = Journey(with_order(course, shake=("second", "intro"))).recommended_order(Place("shake", 0))
    assert order is not None
    assert order.text == "intro second"
    assert order.continued("intro second") and order.continued("intro second third")
    assert not order.continued(None) and not order.continued("intro")
    assert order_setting("mini", "shake") == "order-continued/mini/shake"
