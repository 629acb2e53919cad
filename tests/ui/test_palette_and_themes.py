"""The command palette finds lessons and exercises by name; the learner's theme is remembered."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.pilot import Pilot

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.practice import PracticeScreen
from unclench.tui.themes import HIGH_CONTRAST, THEME_SETTING

from .conftest import AppFactory
from .helpers import screen_text, settle, sync
from .practising import TREMOR, pass_gate


def _command_titles(app: Any) -> list[str]:
    """The titles of the palette's commands on the screen shown."""
    return [command.title for command in app.get_system_commands(app.screen)]


@sync
async def test_the_palette_lists_the_course_and_only_useful_textual_commands(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Continue", "Course map", "Journal", "Help", "Theme", "Quit"):
            assert wanted in titles
        for unwanted in ("Keys", "Maximize", "Minimize", "Screenshot"):
            assert unwanted not in titles
        assert "Lesson: Shaking practice" in titles
        # A stranger chose an exercise not met yet, and was told it could not be practised yet: only met ones.
        assert not any(title.startswith("Exercise: ") for title in titles)


@sync
async def test_the_palette_offers_the_exercises_met(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.set_position(mini.id, "shake", "tremor")  # the tremor exercise met in its lesson, not the next one
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert [title for title in titles if title.startswith("Exercise: ")] == ["Exercise: Gentle tremor"]


@sync
async def test_typing_a_lesson_name_in_the_palette_opens_it(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        await pilot.press(*"second")
        await settle(pilot, 3)
        assert "Lesson: Second lesson" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, 3)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.place.lesson_id == "second"


async def choose_in_palette(pilot: Pilot[Any], typed: str, title: str) -> None:
    """Open the command palette, type ``typed`` and press Enter on the command ``title`` (the first result)."""
    await pilot.press("ctrl+k")
    await settle(pilot)
    await pilot.press(*typed)
    await settle(pilot, 3)
    results = pilot.app.screen.query_one(CommandList)
    assert str(results.get_option_at_index(0).prompt).startswith(title)
    await pilot.press("enter")
    await settle(pilot, 3)


@sync
async def test_an_exercise_from_the_palette_is_practised_on_its_own_and_keeps_the_place(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger practised an exercise from the palette: the place moved to it (the Practice list keeps it)."""
    app = make_app(mini)
    app.store.set_position(mini.id, "shake", "tremor")  # met in its lesson
    app.store.set_position(mini.id, "intro", "hello")  # then back to the first lesson
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("intro", 0)  # where they were
        position = app.store.position(mini.id)
        positions = app.store.lesson_positions(mini.id)
        await choose_in_palette(pilot, "gentle tremor", "Exercise: Gentle tremor")
        assert isinstance(app.screen, SafetyGateScreen)  # the same gate as in the lesson
        await pass_gate(app, pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.practice and player.place == TREMOR
        assert "Practice on its own" in screen_text(app)
        await pilot.press("escape")  # back to the Practice list, as from a practice chosen there
        await settle(pilot, 2)
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("escape")
        await settle(pilot, 2)
        assert isinstance(app.screen, CourseMapScreen)
        assert app.store.position(mini.id) == position
        assert app.store.lesson_positions(mini.id) == positions
        assert "Continue: Introduction · Step 1 of" in screen_text(app)


@sync
async def test_a_practice_on_its_own_offers_no_step_commands(make_app: AppFactory, mini: Course) -> None:
    """The palette's "Next step" took a practice on its own on to the next exercise, one not met yet."""
    app = make_app(mini)
    app.store.set_position(mini.id, "shake", "breathe")  # past the tremor exercise: met
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen)
        titles = _command_titles(app)
        assert "Next step" in titles and "Previous step" in titles  # in the lesson, as n and p
        position = app.store.position(mini.id)
        await pilot.press("escape")
        await settle(pilot)
        await choose_in_palette(pilot, "gentle tremor", "Exercise: Gentle tremor")
        await pass_gate(app, pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.practice
        titles = _command_titles(app)
        assert "Next step" not in titles and "Previous step" not in titles
        await app.action_next_step()
        await app.action_previous_step()
        await settle(pilot)
        assert app.screen is player and player.place == TREMOR
        assert app.store.position(mini.id) == position


@sync
async def test_the_course_map_from_a_practice_and_the_practice_list(make_app: AppFactory, mini: Course) -> None:
    """From the Practice list, the palette's "Course map" did nothing; from a practice it led only to the list."""
    app = make_app(mini)
    app.store.set_position(mini.id, "shake", "breathe")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await choose_in_palette(pilot, "gentle tremor", "Exercise: Gentle tremor")
        await pass_gate(app, pilot)
        await choose_in_palette(pilot, "course map", "Course map")
        assert [type(screen) for screen in app.screen_stack] == [CourseMapScreen]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        await choose_in_palette(pilot, "course map", "Course map")
        assert [type(screen) for screen in app.screen_stack] == [CourseMapScreen]


@sync
async def test_the_theme_is_remembered_for_the_learner(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "learner"
    app = make_app(mini, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert HIGH_CONTRAST.name in app.available_themes
        app.theme = HIGH_CONTRAST.name
        await settle(pilot)
        assert app.store.setting(THEME_SETTING) == HIGH_CONTRAST.name
        await pilot.press("q")
    again = make_app(mini, data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST.name


@sync
async def test_an_unknown_saved_theme_is_ignored(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.set_setting(THEME_SETTING, "no-such-theme")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await app.open_place(Place("intro", 0))
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)


@sync
async def test_the_highlighted_command_shows_without_colour(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under NO_COLOR a stranger saw no highlighted command in the palette: it is drawn reversed and bold."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        commands = app.screen.query_one(CommandList)
        assert commands.highlighted is not None
        highlighted = commands.get_component_rich_style("option-list--option-highlighted")
        assert highlighted.bold and highlighted.bgcolor is not None
        around = sum(commands.background_colors[1].rgb)
        # Far from the list's own background, so that it shows in greys alone (it was two close greys).
        assert abs(sum(highlighted.bgcolor.get_truecolor()) - around) > 300


@sync
async def test_the_palette_results_do_not_wrap_around(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Down once too often past the last of four results: it went to the first, opened wrongly."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        await pilot.press(*"lesson")
        await pilot.pause(0.5)
        await settle(pilot, 3)
        results = app.screen.query_one(CommandList)
        count = results.option_count
        assert count >= 3
        await pilot.press(*["down"] * count)  # one more than it takes to reach the last
        await settle(pilot)
        assert results.highlighted == count - 1  # stays on the last
        chosen = str(results.get_option_at_index(count - 1).prompt)
        await pilot.press(*["up"] * count)
        await settle(pilot)
        assert results.highlighted == 0  # and on the first
        await pilot.press(*["down"] * count, "enter")
        await settle(pilot, 3)
        assert isinstance(app.screen, PlayerScreen)
        assert mini.lessons[app.screen.place.lesson_id].title in chosen


def with_markup_titles(course: Course) -> Course:
    """``course`` with the lesson ``shake`` titled with a lone closing tag, its first exercise with a click action."""
    shake = course.lessons["shake"]
    steps = list(shake.steps)
    steps[1] = dataclasses.replace(steps[1], title="Sh[/]ake [@click=app.quit()]now[/] \\[b]")
    lessons = dict(course.lessons)
    lessons["shake"] = dataclasses.replace(shake, title="Wel[/]come [b]bold[/b] [", steps=tuple(steps))
    return dataclasses.replace(course, lessons=lessons)


@sync
async def test_the_palette_shows_lesson_and_exercise_titles_as_written(make_app: AppFactory, mini: Course) -> None:
    """An attacker's lesson titled "Wel[/]come" crashed the palette; "Wel[b]co[/b]me" was drawn bold."""
    app = make_app(with_markup_titles(mini))
    app.store.set_position(mini.id, "shake", "tremor")  # the exercise met: the palette offers it
    position = app.store.position(mini.id)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot, 3)
        assert app.is_running
        await pilot.press(*"welcome")  # searched: the matched letters highlighted in the literal title
        await settle(pilot, 3)
        shown = screen_text(app)
        assert "Lesson: Wel[/]come [b]bold[/b] [" in shown
        for _ in "welcome":
            await pilot.press("backspace")
        await pilot.press(*"shake now")
        await settle(pilot, 3)
        shown = screen_text(app)
        assert "Exercise: Sh[/]ake [@click=app.quit()]now[/] \\[b]" in shown
        assert "from the lesson Wel[/]come [b]bold[/b] [" in shown  # its help text, as written too
        await pilot.press("enter")  # practised on its own: its safety gate first; no markup action runs
        await settle(pilot, 3)
        assert app.is_running and isinstance(app.screen, SafetyGateScreen)
        assert app.store.position(mini.id) == position  # the place kept
