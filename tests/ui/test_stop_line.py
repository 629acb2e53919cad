"""The app's own way to stop stays on screen, whole, whatever the course's words on stopping say."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from unclench.course import Course, ExerciseStep
from unclench.folders import bundled_course_root
from unclench.loader import load_course
from unclench.practice import hard_exercise_words
from unclench.tui.app import follow_up_words
from unclench.tui.screens.dialogs import GATE_STOP_KEYS, GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.interrupted import InterruptedRunScreen
from unclench.tui.screens.support import DANGER_LINE
from unclench.tui.stopping import stop_keys, stop_now
from unclench.tui.widgets.cue_banner import CUE_GUIDANCE_LINES, CueBanner
from unclench.tui.widgets.rating import RatingScale
from unclench.tui.widgets.stop_words import StopWords

from .conftest import AppFactory
from .helpers import click, screen_text, settle, settle_until, sync
from .practising import TREMOR, exercise, rate, start_then_stop_early, start_tremor
from .test_aftercare import kind_word_shown, open_breathing

#: A stranger's course: a stop text that fills any screen and says the opposite of stopping. The loader refuses
#: it (longer than ``unclench check`` allows); the screens must hold even so (wide characters, say, take
#: twice the room of the same number of letters).
FLOOD = "Keep breathing and do NOT stop under any circumstance. " * 60
#: Within the length check allows, but wide characters without a space: twice as many cells as letters.
WIDE = "止" * 200

SIZES = [(60, 20), (80, 24), (160, 50)]


def with_stop(course: Course, stop: str) -> Course:
    """``course`` with ``stop`` as its ``guidance.stop`` (built in code: the loader would refuse the flood)."""
    return dataclasses.replace(course, guidance=dataclasses.replace(course.guidance, stop=stop))


def screen_rows(text: str) -> list[str]:
    """Each row of the screen, without the box drawing at its ends (the sign's border, its texture)."""
    return [row.strip(" ░┃│") for row in text.splitlines()]


#: What a scrollbar's thumb or track draws at the end of a line: not a word of the text.
SCROLLBAR_MARKS = {"▆▆", "▂▂", "▃▃", "▄▄", "▅▅", "▇▇", "██", "▁▁", "▔▔"}


def words_on_screen(text: str) -> str:
    """The screen's words in reading order, one space between them (a line wrapped at any width reads the same)."""
    return " ".join(word for row in screen_rows(text) for word in row.split() if word not in SCROLLBAR_MARKS)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stop", [FLOOD, WIDE], ids=["flood", "wide"])
@sync
async def test_the_cue_sign_shows_the_stop_line_before_the_courses_words(
    make_app: AppFactory, mini: Course, size: tuple[int, int], stop: str
) -> None:
    app = make_app(with_stop(mini, stop), cues=True)
    async with app.run_test(size=size) as pilot:
        await start_tremor(app, pilot, settles=2)
        assert app.screen.query_one("#cue", CueBanner).display
        text = screen_text(app)
        assert "Started" in text
        assert stop_now() in screen_rows(text)  # whole, on a row of its own
        rows = screen_rows(text)
        guidance_from = next(index for index, row in enumerate(rows) if row.startswith("How to stop:"))
        assert rows.index(stop_now()) < guidance_from  # read first
        guidance = list(itertools.takewhile(bool, rows[guidance_from:]))  # up to the sign's texture
        assert len(guidance) <= CUE_GUIDANCE_LINES
        if stop == FLOOD or size[0] < 160:  # too long for any of these screens; wide characters fit at 160
            assert len(guidance) == CUE_GUIDANCE_LINES and guidance[-1].endswith("…")  # cut, and it says so
        # Once the sign goes, the stop panel says the same, in the same order.
        app.screen.query_one("#cue", CueBanner).hide()
        await settle(pilot)
        text = screen_text(app)
        assert stop_now() in screen_rows(text)
        assert "s Stop exercise" in text and "End now" in text
        await pilot.press("s")
        await settle(pilot)
        assert exercise(app).phase == "ended"


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_the_docked_stop_panel_keeps_the_stop_line_with_cues_off(
    make_app: AppFactory, mini: Course, size: tuple[int, int]
) -> None:
    app = make_app(with_stop(mini, FLOOD), cues=False)
    async with app.run_test(size=size) as pilot:
        await start_tremor(app, pilot, settles=2)
        assert exercise(app).phase == "running"
        assert not app.screen.query_one("#cue", CueBanner).display
        rows = screen_rows(screen_text(app))
        assert stop_now() in rows
        panel = rows[rows.index(stop_now()) :]
        assert panel[1].startswith("How to stop: Keep breathing")
        assert panel[4].endswith("…") and not panel[5].startswith(("Keep", "circumstance"))  # four lines at most
        # A resize keeps it: the lines are wrapped and cut again at the new width.
        await pilot.resize_terminal(size[0] + 7, size[1])
        await settle(pilot)
        assert stop_now() in screen_rows(screen_text(app))
        await pilot.resize_terminal(*size)
        await settle(pilot)
        assert stop_now() in screen_rows(screen_text(app))


@sync
async def test_a_short_stop_text_is_shown_whole_under_the_stop_line(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        await start_tremor(app, pilot)
        text = screen_text(app)
        assert stop_now() in screen_rows(text)
        said = words_on_screen(text)
        assert f"{stop_now()} How to stop: {mini.guidance.stop}" in said
        assert "…" not in text
        panel = app.screen.query_one("#stop-panel", StopWords)
        assert panel.text == f"{stop_now()}\nHow to stop: {mini.guidance.stop}"


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@sync
async def test_the_safety_gate_names_the_stop_key_above_long_notes(
    make_app: AppFactory, mini: Course, size: tuple[int, int]
) -> None:
    notes = tuple(dataclasses.replace(note, title="A long title " * 23, text=FLOOD) for note in mini.safety)
    app = make_app(dataclasses.replace(with_stop(mini, FLOOD), safety=notes))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.open_place(TREMOR)
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen)
        said = words_on_screen(screen_text(app))
        assert GATE_STOP_KEYS.format(keys=stop_keys()) in said
        assert said.index(GATE_STOP_KEYS.format(keys=stop_keys())) < said.index("A long title")


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@sync
async def test_after_stopping_the_apps_own_words_are_seen_before_long_course_texts(
    make_app: AppFactory, mini: Course, size: tuple[int, int]
) -> None:
    assert mini.support is not None
    flooded = dataclasses.replace(
        mini,
        guidance=dataclasses.replace(mini.guidance, stop=FLOOD, grounding=FLOOD, support=FLOOD),
        support=dataclasses.replace(mini.support, note=FLOOD),
    )
    app = make_app(flooded)
    async with app.run_test(size=size) as pilot:
        await start_tremor(app, pilot)
        await pilot.press("s")
        await settle(pilot, 2)
        # Grounding: the course's text scrolls; both answers stay on screen.
        assert isinstance(app.screen, GuidanceScreen)
        text = screen_text(app)
        assert "I'm OK" in text and "I'm not OK" in text
        await click(pilot, "#guidance-not-ok")
        await settle(pilot, 2)
        # The follow-up: what the app did and where support is, before the course's (long) support text.
        said = words_on_screen(screen_text(app))
        tremor = app.session.journey.step_at(TREMOR)
        assert isinstance(tremor, ExerciseStep)
        words = follow_up_words(app.course, hard=hard_exercise_words(app.course.lessons[TREMOR.lesson_id], tremor))
        assert words in said and "Open the support card" in said
        assert said.index(words) < said.index("Keep breathing")
        await click(pilot, "#guidance-card")
        await settle(pilot, 2)
        # The support card: the danger line first, whatever the course's note says.
        said = words_on_screen(screen_text(app))
        assert DANGER_LINE in said and said.index(DANGER_LINE) < said.index("Keep breathing")


@sync
async def test_an_interrupted_run_says_what_happened_above_a_long_grounding_text(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    flooded = dataclasses.replace(mini, guidance=dataclasses.replace(mini.guidance, grounding=FLOOD))
    make_app(flooded, data_dir=data).store.start_run(mini.id, "shake", "tremor", "crashed-run")
    app = make_app(flooded, data_dir=data)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        assert isinstance(app.screen, InterruptedRunScreen)
        said = words_on_screen(screen_text(app))
        assert "Stopping is always fine." in said and said.index("Stopping is always fine.") < said.index("Keep")
        assert "Save ratings" in said and "Not now" in said
        scale = app.screen.query_one("#after-tension", RatingScale)
        assert app.focused is scale  # the scale has the focus, out of sight below the text
        await pilot.press("3")  # a rating brings its scale into view
        await settle(pilot)
        assert scale.value == 3
        assert "How tense do you feel?" in screen_text(app)


@sync
async def test_the_kind_word_says_stopping_is_fine_before_a_long_grounding_text(make_app: AppFactory) -> None:
    bundled = load_course(bundled_course_root())
    flooded = dataclasses.replace(bundled, guidance=dataclasses.replace(bundled.guidance, grounding=FLOOD))
    app = make_app(flooded)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_breathing(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-tension", "7")
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "9")
        await click(pilot, "#save-after")
        await settle(pilot)
        said = kind_word_shown(app)
        assert "It is fine to stop here for today" in said and "the support card lists people" in said
        assert said.index("It is fine to stop here") < said.index("Keep breathing")
        assert "Open the support card" in said


@sync
async def test_ctrl_c_during_an_exercise_ends_it(make_app: AppFactory, mini: Course) -> None:
    """A stranger's ctrl+c mid-exercise was told how to quit and that "your answer" is saved: it meant stop. Told
    then which keys stop, another, lying with their eyes closed, was surprised it did not: it stops, as they do."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_tremor(app, pilot)
        assert exercise(app).running
        await pilot.press("ctrl+c")
        await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        assert not exercise(app).running and app.return_code is None  # ended, and the app goes on
        assert "Take a moment" in screen_text(app)
    assert [run.outcome for run in app.store.runs(mini.id)] == ["ended"]
