"""The bundled course opens in the app: map, every lesson's first step, and its tremor gate."""

from __future__ import annotations

import pytest

from unclench.course import Course, ExerciseStep
from unclench.folders import bundled_course_root
from unclench.journey import Place
from unclench.loader import load_course
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.recommended_order import RecommendedOrderScreen
from unclench.tui.widgets.lesson_list import LessonList

from .conftest import AppFactory
from .helpers import click, screen_text, settle, sync


@pytest.fixture(scope="module")
def bundled() -> Course:
    return load_course(bundled_course_root())


@sync
async def test_bundled_course_runs(make_app: AppFactory, bundled: Course) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        assert bundled.title in screen_text(app)
        # up/down move between lessons even where the long list scrolls.
        lessons = bundled.ordered_lessons()
        await pilot.press(*["down"] * 12, "up")
        assert isinstance(app.focused, LessonList) and app.focused.highlighted_lesson == lessons[10].id
        # The first step of every lesson, the first step of each kind, and a summary render.
        places = [Place(lesson.id, 0) for lesson in bundled.ordered_lessons()]
        kinds: dict[str, Place] = {}
        for lesson in bundled.ordered_lessons():
            for index, step in enumerate(lesson.steps):
                kinds.setdefault(step.kind, Place(lesson.id, index))
                if isinstance(step, ExerciseStep) and step.tremor:
                    kinds.setdefault("tremor", Place(lesson.id, index))
        places += list(kinds.values())
        places.append(Place(places[0].lesson_id, len(bundled.lessons[places[0].lesson_id].steps)))
        asked: list[str] = []
        for place in places:
            await app.open_place(place)
            await settle(pilot)
            if isinstance(app.screen, RecommendedOrderScreen):
                # The tremor practice builds on the safety lessons, not done yet: continue anyway, deliberately.
                assert bundled.lessons[place.lesson_id].builds_on
                asked.append(place.lesson_id)
                await click(pilot, "#order-anyway")
                await settle(pilot, 2)
            player = app.player()
            assert player is not None and player.place == place
            shown = player.session.journey.step_at(place)
            if isinstance(shown, ExerciseStep) and shown.tremor:
                assert isinstance(app.screen, SafetyGateScreen)
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, PlayerScreen)
            assert player.session.journey.step_label(place) in screen_text(app)
        assert set(kinds) >= {"page", "prompt", "quiz", "exercise"}
        assert asked == ["first-tremor-practice"]  # asked once: continuing anyway is remembered
