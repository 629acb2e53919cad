"""The course map's list of modules and lessons: where the highlight starts, keys, mouse, updates."""

from __future__ import annotations

import pytest
from textual import events

from unclench.course import Course
from unclench.folders import bundled_course_root
from unclench.journey import Place
from unclench.loader import load_course
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.continue_button import ContinueButton
from unclench.tui.widgets.lesson_list import BAR_WIDTH, LessonList, bar_parts

from .conftest import AppFactory
from .helpers import screen_text, settle, sync


def lesson_list(app: object) -> LessonList:
    from textual.app import App

    assert isinstance(app, App)
    return app.screen.query_one(LessonList)


@sync
async def test_the_map_is_a_few_widgets_and_starts_at_the_lesson_to_continue(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    for step in ("hello", "feel", "check", "bye"):
        app.store.mark_step_done(mini.id, "intro", step)
    app.store.mark_lesson_done(mini.id, "intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CourseMapScreen)
        assert len(list(screen.query("*"))) < 20  # whatever the number of lessons
        assert isinstance(app.focused, ContinueButton)
        assert lesson_list(app).highlighted_lesson == "second"  # the lesson "Start" leads to
        text = screen_text(app)
        assert "● Introduction  done" in text and "○ Second lesson  not started" in text
        assert "Basics" in text and "100%  1/2" not in text and "1/2" in text
        # down goes into the list at that lesson; up from the first lesson goes back to Continue.
        await pilot.press("down")
        assert app.focused is lesson_list(app) and lesson_list(app).highlighted_lesson == "second"
        await pilot.press("up", "up")
        assert isinstance(app.focused, ContinueButton) and lesson_list(app).highlighted_lesson == "intro"
        # up from Continue goes into the list a lesson up (a stranger's Up did nothing, and Enter then
        # opened the lesson Continue leads to); at the first lesson, into the list at it.
        await pilot.press("up")
        assert app.focused is lesson_list(app) and lesson_list(app).highlighted_lesson == "intro"
        await pilot.press("down", "up", "up")
        assert isinstance(app.focused, ContinueButton)
        await pilot.press("up")
        assert app.focused is lesson_list(app) and lesson_list(app).highlighted_lesson == "intro"
        # down skips module headings and stops at the last lesson.
        await pilot.press("down", "down", "down", "down", "down")
        assert lesson_list(app).highlighted_lesson == "shake"


@sync
async def test_keys_typed_ahead_are_not_lost(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ContinueButton)
        for _ in range(3):  # as a terminal delivers keys pressed quickly: all at once
            app.post_message(events.Key("down", None))
        await settle(pilot)
        assert lesson_list(app).highlighted_lesson == "shake"
        app.post_message(events.Key("enter", None))
        await settle(pilot)
        player = app.player()
        assert player is not None and player.place.lesson_id == "shake"


@sync
async def test_a_click_opens_a_lesson_and_the_map_shows_progress_on_return(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Click where the learner sees the lesson's title.
        row = next(y for y, line in enumerate(screen_text(app).splitlines()) if "Second lesson  not started" in line)
        await pilot.click(offset=(6, row))
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.place == Place("second", 0)
        await pilot.press("n")  # the page is done
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        text = screen_text(app)
        assert "● Second lesson  done" in text  # its page read; the quiz is optional
        assert "Continue: Second lesson · Step 2 of 2" in text
        assert lesson_list(app).highlighted_lesson == "second"
        # c continues at the exact step.
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("second", 1)


@sync
async def test_the_footer_keys_can_be_clicked(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer_text = screen_text(app).splitlines()[-1]
        assert "c Continue" in footer_text and "p Practice" in footer_text
        await pilot.click("KeyFooter", offset=(footer_text.index("j Journal"), 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "JournalScreen"


@sync
async def test_a_narrow_map_wraps_under_the_text_and_keeps_the_essential_keys(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(36, 20)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        details = next(i for i, line in enumerate(lines) if "5 min · Sources: An Article;" in line)
        assert lines[details + 1].startswith("    Forum Thread")  # under the text, not under the mark
        assert "Basics" in lines[details - 2] and "0/2" in lines[details - 2]
        assert lines[-1].split() == ["q", "Quit", "?", "Help", "f2", "Support"]  # no room for the palette's hint
        assert "Start: Introduction · Step 1" in screen_text(app)


def about_text(app: object) -> str:
    from textual.app import App
    from textual.widgets import Static

    assert isinstance(app, App)
    about = app.screen.query_one("#map-about", Static)
    return str(about.render()) if about.display else ""


@sync
async def test_the_map_says_what_the_highlighted_lesson_is_about(make_app: AppFactory, mini: Course) -> None:
    """The author's one-sentence summary is for the map: the highlighted lesson's is shown under the list."""
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert lesson_list(app).highlighted_lesson == "intro"
        assert about_text(app) == "Where it all starts."
        await pilot.press("down", "down")  # into the list, then to the next lesson
        await settle(pilot)
        assert lesson_list(app).highlighted_lesson == "second"
        assert about_text(app) == "A multiple-choice quiz."
        assert "A multiple-choice quiz." in screen_text(app)
        await pilot.press("end")
        await settle(pilot)
        assert about_text(app) == "A first tremor practice."


@sync
async def test_a_lesson_without_a_summary_shows_no_empty_box(make_app: AppFactory, mini: Course) -> None:
    import dataclasses

    lessons = {key: dataclasses.replace(lesson, summary="") for key, lesson in mini.lessons.items()}
    app = make_app(dataclasses.replace(mini, lessons=lessons))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert about_text(app) == ""


@sync
async def test_a_summary_that_looks_like_markup_shows_literally(make_app: AppFactory, markup_course: Course) -> None:
    app = make_app(markup_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        list_ = lesson_list(app)
        lesson_ids = [lid for lid, lesson in markup_course.lessons.items() if lesson.summary == "[red]Summary[/]"]
        list_.highlighted = list_.get_option_index(f"lesson-{lesson_ids[0]}")
        await settle(pilot)
        assert about_text(app) == "[red]Summary[/]"


@sync
async def test_home_and_end_work_from_the_continue_button(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Home on arriving at the map (focus on Continue): nothing happened, Down then opened
    another lesson than the first."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ContinueButton)
        await pilot.press("end")
        await settle(pilot)
        assert app.focused is lesson_list(app) and lesson_list(app).highlighted_lesson == "shake"
        app.screen.set_focus(app.screen.query_one(ContinueButton))
        await pilot.press("home")
        await settle(pilot)
        assert app.focused is lesson_list(app) and lesson_list(app).highlighted_lesson == "intro"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place.lesson_id == "intro"


@sync
async def test_page_down_and_up_work_from_the_continue_button(make_app: AppFactory) -> None:
    """A stranger pressed PageDown on arriving at the map (focus on Continue) and nothing moved."""
    bundled = load_course(bundled_course_root())
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ContinueButton)
        first = lesson_list(app).highlighted_lesson
        await pilot.press("pagedown")
        await settle(pilot)
        paged = lesson_list(app).highlighted_lesson
        assert app.focused is lesson_list(app) and paged is not None and paged != first
        order = [lesson.id for lesson in bundled.ordered_lessons()]
        assert first is not None and order.index(paged) > order.index(first) + 1  # a page, not one lesson
        app.screen.set_focus(app.screen.query_one(ContinueButton))
        await pilot.press("pageup")
        await settle(pilot)
        assert app.focused is lesson_list(app) and lesson_list(app).highlighted_lesson == first


@sync
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (160, 50)])
async def test_home_shows_the_first_modules_heading_and_up_shows_each_modules(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    """Home on the map scrolled the first module's heading ("Welcome") off the top: the list scrolled to the
    first lesson only. A module's first lesson comes on screen with its heading, going down or up."""
    bundled = load_course(bundled_course_root())
    app = make_app(bundled)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        listing = lesson_list(app)
        assert listing.highlighted_lesson == bundled.ordered_lessons()[0].id
        assert listing.scroll_offset.y == 0
        assert bundled.modules[0].title in screen_text(app)
        second = bundled.modules[1]
        await pilot.press("end")
        await settle(pilot)
        while listing.highlighted_lesson != second.lesson_ids[0]:
            await pilot.press("up")
        await settle(pilot)
        assert second.title in screen_text(app)


@sync
async def test_one_solid_marker_shows_where_enter_acts(make_app: AppFactory, mini: Course) -> None:
    """A stranger saw ``▶ Continue`` and ``▶ Shake it out`` at once, moved Up, pressed Enter, and Continue opened."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ContinueButton)
        text = screen_text(app)
        assert text.count("▶") == 1 and "▶ Start: Introduction" in text
        assert "▷" in text  # the lesson to continue, highlighted but not where Enter acts
        await pilot.press("down")
        await settle(pilot)
        text = screen_text(app)
        assert app.focused is lesson_list(app) and text.count("▶") == 1 and "▷" not in text


@sync
async def test_the_bars_show_done_and_not_done_in_different_shapes_without_colour(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under NO_COLOR (or on a monochrome terminal) colour cannot tell done from not done: the shape does."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(mini)
    app.store.mark_lesson_done(mini.id, "intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if not isinstance(app.screen, CourseMapScreen):
            await pilot.press("escape")
            await settle(pilot)
        shown = screen_text(app)
        assert "Overall   ━━━━━╾──────────  33%  1 of 3 lessons" in shown  # a third: five cells and a half
        assert "━━━━━━━━────────  50%  1/2" in shown
        assert "────────────────   0%  0/1" in shown
    assert bar_parts(1.0) == [("━" * BAR_WIDTH, "$success")]
    assert [text for text, _ in bar_parts(0.25, 8)] == ["━━", "──────"]


@sync
async def test_a_lesson_begun_before_a_reset_is_continued_not_started(make_app: AppFactory, mini: Course) -> None:
    """After a reset that kept the journal, the map said "Start: …" above that very lesson marked "in progress"."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")  # kept; no place
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Continue: Introduction · Step" in text and "Start:" not in text
        assert "in progress" in text


@sync
async def test_up_then_enter_from_continue_opens_the_lesson_above_not_the_one_continue_leads_to(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger pressed Up, meaning the lesson above the highlighted one, then Enter: Up did nothing on the
    Continue button, Enter opened the lesson Continue leads to, and it was "in progress" from then on."""
    app = make_app(mini)
    for step in ("hello", "feel", "check", "bye"):
        app.store.mark_step_done(mini.id, "intro", step)
    app.store.mark_lesson_done(mini.id, "intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ContinueButton) and lesson_list(app).highlighted_lesson == "second"
        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place.lesson_id == "intro"
    assert "second" not in app.store.lesson_positions(mini.id)
