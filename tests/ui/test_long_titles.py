"""A long title never pushes the stop line, the timer or the buttons off the screen (a stranger's findings).

A lesson title of sixty line breaks grew the lesson's header during a tremor
exercise until the timer, Pause and End now, the stop line and the course's words
on stopping were all off the screen; a course title of line breaks hid the whole
disclaimer screen. ``unclench check`` now refuses a line break in a title, and holds
every title to 300 characters; the screens hold whatever a title is (a course built
in code, or one the format allowed before): a title in a fixed place takes at most
two lines, cut with "…".
"""

from __future__ import annotations

import dataclasses

import pytest

from unclench.course import Course
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.disclaimer import DisclaimerScreen
from unclench.tui.stopping import stop_now
from unclench.tui.widgets.exercise_view import ExerciseView

from .conftest import AppFactory
from .helpers import screen_text, settle, sync
from .practising import exercise, start_tremor
from .test_stop_line import screen_rows

#: The longest title check allows, one line of 300 characters.
LONG = ("A very long lesson title that goes on " * 8)[:299] + "Z"
#: The stranger's title: "L", sixty line breaks, "X" (check refuses it now; the app holds even so).
BROKEN = "L" + "\n" * 60 + "X"
TITLES = {"long": LONG, "line-breaks": BROKEN, "both": (LONG + "\n") * 4}


def with_titles(course: Course, title: str) -> Course:
    """``course`` with ``title`` as its own title and every lesson's (built in code: the loader would refuse some)."""
    lessons = {key: dataclasses.replace(lesson, title=title) for key, lesson in course.lessons.items()}
    return dataclasses.replace(course, title=title, lessons=lessons)


def on_screen(app: object, widget_id: str) -> bool:
    from textual.app import App

    assert isinstance(app, App)
    widget = app.screen.query_one(f"#{widget_id}")
    region = widget.region
    return widget.display and region.height > 0 and app.screen.region.contains_region(region)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@pytest.mark.parametrize("title", list(TITLES.values()), ids=list(TITLES))
@sync
async def test_a_long_lesson_title_keeps_the_stop_line_timer_and_buttons_on_screen(
    make_app: AppFactory, mini: Course, size: tuple[int, int], title: str
) -> None:
    app = make_app(with_titles(mini, title))
    async with app.run_test(size=size) as pilot:
        await start_tremor(app, pilot, settles=2)
        view = exercise(app)
        assert isinstance(view, ExerciseView) and view.phase == "running"
        rows = screen_rows(screen_text(app))
        assert stop_now() in rows  # whole, on a row of its own
        assert any(row.startswith("How to stop:") for row in rows)
        for widget_id in ("stop-panel", "clock", "pause", "end", "lesson-title"):
            assert on_screen(app, widget_id), widget_id
        header = app.screen.query_one("#lesson-title")
        assert header.region.height <= 2
        assert rows[0].startswith(title[:8].replace("\n", " ").strip())  # the title starts the header
        assert ("…" in rows[0] + rows[1]) == (len(title) > 100)  # a long one is cut, and says so
        await pilot.press("s")
        await settle(pilot)
        assert exercise(app).phase == "ended"


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@pytest.mark.parametrize("title", list(TITLES.values()), ids=list(TITLES))
@sync
async def test_a_long_course_title_leaves_the_disclaimer_and_its_buttons_on_screen(
    make_app: AppFactory, mini: Course, size: tuple[int, int], title: str
) -> None:
    app = make_app(with_titles(mini, title), acknowledged=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, DisclaimerScreen)
        for widget_id in ("disclaimer-text", "disclaimer-confirm", "disclaimer-continue", "disclaimer-quit"):
            assert on_screen(app, widget_id), widget_id
        text = screen_text(app)
        assert "Please read this first" in text
        assert text.count("Welcome to") == 1
        assert ("…" in text) == (len(title) > 100) and ("Welcome to L X" in text) == (title == BROKEN)


@pytest.mark.parametrize("title", list(TITLES.values()), ids=list(TITLES))
@sync
async def test_a_module_title_with_line_breaks_adds_no_row_to_the_map(
    make_app: AppFactory, mini: Course, title: str
) -> None:
    modules = tuple(dataclasses.replace(module, title=f"Mod{title}  1/1 lessons  100%") for module in mini.modules)
    app = make_app(dataclasses.replace(mini, modules=modules))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        rows = screen_rows(screen_text(app))
        assert not any(row.startswith(("X", "1/1 lessons")) for row in rows)
        assert sum("100%" in row for row in rows) == 0 or all(row.startswith("Mod") for row in rows if "100%" in row)


@pytest.mark.parametrize("title", list(TITLES.values()), ids=list(TITLES))
@sync
async def test_long_titles_leave_the_course_map_room_for_its_lessons(
    make_app: AppFactory, mini: Course, title: str
) -> None:
    app = make_app(with_titles(mini, title))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        assert app.screen.query_one("#map-title").region.height <= 2
        assert app.screen.query_one("#continue").region.height <= 2
        assert app.screen.query_one("#map-list").region.height >= 8
        text = screen_text(app)
        assert "Overall" in text and ("Start: L X · Step 1 of 4" in text) == (title == BROKEN)
