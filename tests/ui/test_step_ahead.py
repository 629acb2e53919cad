"""The next step's view, built ahead while the learner reads, is the view a step change would have made.

The lesson player builds the next step's view (a reflection, a quiz, a page it cannot show in place)
hidden, in the time a learner reads, so that moving on only shows it. These tests hold it to what a
new view would be: the record as it is when the step is shown (anything that changed it since, here
or in another window, throws the view away), nothing written, started or typed while it waits, and
nothing carried from one step into another (a walk of the bundled course, answering quizzes and
writing reflections, with and without building ahead, draws the same screens and leaves the same record).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from unclench.course import Course
from unclench.folders import bundled_course_root
from unclench.journey import Place
from unclench.loader import load_course
from unclench.practice import Closed
from unclench.store import ProgressStore
from unclench.store.opening import DB_FILENAME
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.session import Session
from unclench.tui.typed_words import WORD_AFTER_E
from unclench.tui.widgets.exercise_view import ExerciseView
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.prompt_view import PromptView
from unclench.tui.widgets.quiz_view import QuizView
from unclench.tui.widgets.rating import RatingScale
from unclench.tui.widgets.step_base import StepView
from unclench.tui.widgets.summary_view import SummaryView

from .conftest import FIXED_NOW, AppFactory
from .helpers import settle, settle_until, sync, type_at_once

#: The lesson "welcome": pages 1 to 4, then the reflection (index 4), two quizzes, a page.
PAGE_BEFORE_PROMPT = Place("welcome", 3)
PROMPT = Place("welcome", 4)


@pytest.fixture(scope="module")
def bundled() -> Course:
    return load_course(bundled_course_root())


def record_dump(data_dir: Path) -> str:
    """The whole record, row for row (read through a connection of its own)."""
    with contextlib.closing(sqlite3.connect(data_dir / DB_FILENAME)) as database:
        return "\n".join(database.iterdump())


def player(app: UnclenchApp) -> PlayerScreen:
    screen = app.screen
    assert isinstance(screen, PlayerScreen)
    return screen


def answer_shown(view: StepView | None) -> str:
    """The answer a reflection's view holds (its editor's text; nothing when the box is empty)."""
    assert isinstance(view, PromptView)
    box = view.autosave
    return box.editor.text if box.query("DeliberateTextArea") else ""


async def ahead_of_prompt(pilot: Pilot[Any]) -> PromptView:
    """Open the page before the reflection and wait for the reflection's view to be built ahead."""
    app = pilot.app
    assert isinstance(app, UnclenchApp)
    await settle(pilot)
    await app.open_place(PAGE_BEFORE_PROMPT, asked=True)
    await settle_until(pilot, lambda: isinstance(player(app).built_ahead, PromptView))
    ahead = player(app).built_ahead
    assert isinstance(ahead, PromptView) and ahead.is_mounted and not ahead.display
    return ahead


def other_window(data_dir: Path) -> ProgressStore:
    """Another connection to the learner's record (another Unclench window, or a command in another terminal)."""
    return ProgressStore.open(data_dir, now=lambda: FIXED_NOW + timedelta(minutes=5))


def edit_in_journal(app: UnclenchApp, course: Course, data_dir: Path) -> str | None:
    step = course.lessons[PROMPT.lesson_id].steps[PROMPT.index]
    app.session.learner.save_answer(PROMPT.lesson_id, step.id, "question", "edited in the journal")
    return "edited in the journal"


def edit_in_another_window(app: UnclenchApp, course: Course, data_dir: Path) -> str | None:
    step = course.lessons[PROMPT.lesson_id].steps[PROMPT.index]
    with other_window(data_dir) as store:
        store.save_answer(course.id, PROMPT.lesson_id, step.id, "question", "written in another window")
    return "written in another window"


def import_a_record(app: UnclenchApp, course: Course, data_dir: Path) -> str | None:
    step = course.lessons[PROMPT.lesson_id].steps[PROMPT.index]
    with other_window(data_dir.parent / "exported") as exported:
        exported.save_answer(course.id, PROMPT.lesson_id, step.id, "question", "imported")
        record = exported.record(course.id)
    with other_window(data_dir) as store:
        store.import_record(record)
    return "imported"


def reset_the_lesson(app: UnclenchApp, course: Course, data_dir: Path) -> str | None:
    with other_window(data_dir) as store:
        store.reset(course.id, PROMPT.lesson_id, journal=True)
    return ""


def move_elsewhere(app: UnclenchApp, course: Course, data_dir: Path) -> str | None:
    with other_window(data_dir) as store:
        store.set_position(course.id, "settling-breath", course.lessons["settling-breath"].steps[0].id)
    return None


def reload_the_course(app: UnclenchApp, course: Course, data_dir: Path) -> str | None:
    app.session.learner.change_course(load_course(bundled_course_root()))  # as watch and preview do
    return None


@sync
@pytest.mark.parametrize(
    "change",
    [
        edit_in_journal,
        edit_in_another_window,
        import_a_record,
        reset_the_lesson,
        move_elsewhere,
        reload_the_course,
    ],
)
async def test_a_view_built_before_a_change_is_thrown_away(
    make_app: AppFactory,
    bundled: Course,
    tmp_path: Path,
    change: Callable[[UnclenchApp, Course, Path], str | None],
) -> None:
    """Anything that changed the record or the course after the next step was built ahead: a new view shows it.

    The reflection built ahead holds the answer as it was ("before"); the journal, another
    window, an import or a reset changes it, or the position or the course changes; the key
    pressed at once shows a new view, with the answer as it is now.
    """
    data_dir = tmp_path / "data"
    step = bundled.lessons[PROMPT.lesson_id].steps[PROMPT.index]
    app = make_app(bundled, data_dir=data_dir)
    app.session.learner.save_answer(PROMPT.lesson_id, step.id, "question", "before")
    async with app.run_test(size=(80, 24)) as pilot:
        ahead = await ahead_of_prompt(pilot)
        assert answer_shown(ahead) == "before"
        now = change(app, bundled, data_dir)
        await pilot.press("ctrl+n")
        await settle(pilot)
        shown = player(app).view
        assert shown is not ahead
        assert isinstance(shown, PromptView) and shown.place == PROMPT
        if now is not None:
            assert answer_shown(shown) == now


@sync
async def test_going_back_throws_the_view_built_ahead_away(make_app: AppFactory, bundled: Course) -> None:
    """Back from the page before the reflection: the page before is shown, and the reflection built ahead goes."""
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        ahead = await ahead_of_prompt(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        shown = player(app).view
        assert player(app).place == Place(PAGE_BEFORE_PROMPT.lesson_id, PAGE_BEFORE_PROMPT.index - 1)
        assert shown is not ahead and not isinstance(shown, PromptView)
        assert ahead.parent is None
        assert player(app).built_ahead is None  # the next step from here is a page, shown in place


@sync
async def test_a_view_built_ahead_is_shown_when_nothing_changed_and_built_again_after_a_change(
    make_app: AppFactory, bundled: Course, tmp_path: Path
) -> None:
    """The view built ahead is the one shown when nothing changed; after a change it is built again, as it is now."""
    data_dir = tmp_path / "data"
    step = bundled.lessons[PROMPT.lesson_id].steps[PROMPT.index]
    app = make_app(bundled, data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await ahead_of_prompt(pilot)
        assert answer_shown(first) == ""
        app.session.learner.save_answer(PROMPT.lesson_id, step.id, "question", "written since")
        assert len(answers_in(data_dir)) == 1  # (what the test below counts does count answers)
        await settle_until(pilot, lambda: player(app).built_ahead not in (None, first))
        again = player(app).built_ahead
        assert isinstance(again, PromptView) and answer_shown(again) == "written since"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert player(app).view is again
        assert first.parent is None  # the stale one was removed


#: Keys a learner presses by habit on a page that stay on it, and letters typed at it.
HABIT_KEYS = ["down", "up", "pagedown", "pageup", "home", "end", "enter", "space", "tab", "j", "c", "t", "h", "i", "e"]


def answers_in(data_dir: Path) -> list[str]:
    return re.findall(r'INSERT INTO "journal" .*', record_dump(data_dir))


@sync
async def test_a_view_built_ahead_takes_no_key_and_writes_nothing(
    make_app: AppFactory, bundled: Course, tmp_path: Path
) -> None:
    """Habit keys and typing on the page before a reflection built ahead: the record stays byte for byte.

    The hidden reflection never gets a key: its box stays empty and unsaved while it waits,
    when n shows it (the letters typed earlier are not in it), back (p) and on again, and
    when q quits: no answer is ever saved.
    """
    data_dir = tmp_path / "data"
    app = make_app(bundled, data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        ahead = await ahead_of_prompt(pilot)
        before = record_dump(data_dir)
        for key in [*HABIT_KEYS, "shift+tab", *HABIT_KEYS, "a", "x", "y"]:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == PAGE_BEFORE_PROMPT, key
            assert player(app).built_ahead is ahead and not ahead.display, key
            assert answer_shown(ahead) == "" and not ahead.autosave.unsaved, key
            assert app.focused is None or ahead not in app.focused.ancestors_with_self, key
            assert record_dump(data_dir) == before, key
        await pilot.press("n")  # moves on (the position, the page done): the reflection built ahead, empty
        await settle(pilot)
        assert player(app).view is ahead and player(app).place == PROMPT
        assert answer_shown(ahead) == "" and not ahead.autosave.unsaved
        assert answers_in(data_dir) == []
        for key in ["p", "left", "right", "n", "q"]:
            await pilot.press(key)
            await settle(pilot)
        assert answers_in(data_dir) == []
    assert answer_shown(ahead) == ""


def ahead_is_fresh(app: UnclenchApp) -> bool:
    """Whether the next step's view built ahead would be shown (built at the record's revision now)."""
    screen = app.screen
    built = screen._ahead if isinstance(screen, PlayerScreen) else None
    return built is not None and built.revision == app.session.revision() and built.view.is_mounted


def drawn(pilot: Pilot[Any]) -> str:
    """The whole screen as Textual draws it (the SVG, without its hash-based class names)."""
    return re.sub(r"terminal-\d+", "terminal", pilot.app.export_screenshot())


#: Typed into reflections on the way: markup, shown and stored literally.
WRITTEN = "mine [b]not bold[/b] [red]plain"


async def walk(
    make_app: AppFactory, course: Course, data_dir: Path, size: tuple[int, int], presses: int, *, ahead: bool
) -> list[tuple[str, str, str]]:
    """Walk forward ``presses`` steps from the start answering as a learner might, back, and forward again.

    Quizzes: the first choice on the way out (checked by number, with several answers then Enter),
    the second on the way back. Reflections get :data:`WRITTEN` on the way out. Each step is read
    to its end (End) before moving on. After every step change: the place, the screen and the focus;
    at the end, the record. With ``ahead``, the walk waits after an answer (as a learner reads the
    feedback) until the next step's view is built again.
    """
    app = make_app(course, data_dir=data_dir)
    app.animation_level = "none"
    seen: list[tuple[str, str, str]] = []

    def note(what: str) -> None:
        screen = app.screen
        place = screen.place if isinstance(screen, PlayerScreen) else type(screen).__name__
        focused = app.focused
        focus = "nothing" if focused is None else f"{type(focused).__name__}#{focused.id}"
        seen.append((f"{place} {what}", drawn(pilot), focus))

    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.open_place(Place("welcome", 0), asked=True)
        await settle(pilot, 2)
        for leg, key, count in (("out", "ctrl+n", presses), ("back", "ctrl+p", presses // 2), ("again", "ctrl+n", 4)):
            for _ in range(count):
                screen = app.screen
                if not isinstance(screen, PlayerScreen):  # a safety gate or the recommended order: "Not now"
                    note("covered")
                    await pilot.press("escape")
                    await settle(pilot)
                    continue
                view = screen.view
                if isinstance(view, QuizView) and leg != "again":
                    for pressed in ["1" if leg == "out" else "2"] + (["enter"] if view.step.multiple else []):
                        await pilot.press(pressed)
                        await settle(pilot, 2)
                    note("answered")
                elif isinstance(view, PromptView) and leg == "out" and not view.writing:
                    await pilot.press("e")
                    await settle(pilot)
                    await pilot.pause(WORD_AFTER_E)
                    type_at_once(app, WRITTEN)
                    await settle(pilot, 2)
                if ahead:
                    await settle_until(pilot, lambda: ahead_is_fresh(app), tries=100)
                await pilot.press("end")
                await settle(pilot)
                await pilot.press(key)
                await settle(pilot, 2)
                note(leg)
    app.store.close()
    seen.append(("the record", record_dump(data_dir), ""))
    return seen


@sync
@pytest.mark.parametrize(("size", "presses"), [((80, 24), 24), ((60, 20), 14)], ids=["80x24", "60x20"])
async def test_steps_shown_from_views_built_ahead_look_exactly_as_new_views(
    make_app: AppFactory,
    bundled: Course,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    presses: int,
) -> None:
    """The same walk with and without building ahead: every screen, the focus and the record are the same.

    So no written word, quiz pick, feedback, scroll position or rating of one step shows in another.
    """
    first = tmp_path / "first"
    make_app(bundled, data_dir=first).store.close()
    for copy in ("ahead", "new"):
        shutil.copytree(first, tmp_path / copy)
    claimed: list[str] = []
    original = PlayerScreen._claim_ahead

    def noted(self: PlayerScreen, place: Place, revision: Any) -> StepView | None:
        view = original(self, place, revision)
        if view is not None:
            claimed.append(type(view).__name__)
        return view

    monkeypatch.setattr(PlayerScreen, "_claim_ahead", noted)
    arrived: list[str] = []
    kinds: tuple[type[StepView], ...] = (SummaryView, ExerciseView)
    for kind in kinds:  # views that fill in at the press what it changed (or the clock)

        def arrive(self: StepView, __original: Callable[[StepView], bool] = kind.arrive) -> bool:
            shown = __original(self)
            arrived.append(f"{type(self).__name__} {shown}")
            return shown

        monkeypatch.setattr(kind, "arrive", arrive)
    ahead = await walk(make_app, bundled, tmp_path / "ahead", size, presses, ahead=True)
    assert {"PromptView", "QuizView", "SummaryView", "ExerciseView"} <= set(claimed), claimed
    assert {"SummaryView True", "ExerciseView True"} <= set(arrived), arrived
    monkeypatch.setattr(PlayerScreen, "_build_ahead", lambda self: None)
    new = await walk(make_app, bundled, tmp_path / "new", size, presses, ahead=False)
    assert len(ahead) == len(new)
    for (place, screen, focus), (new_place, new_screen, new_focus) in zip(ahead, new, strict=True):
        assert (place, focus) == (new_place, new_focus)
        assert screen == new_screen, place
    assert WRITTEN in ahead[-1][1]


@sync
async def test_the_view_ahead_is_not_built_again_while_the_learner_writes(
    make_app: AppFactory, bundled: Course
) -> None:
    """Each autosave moves the record's revision; building the next view again in a typing pause took the
    frame of the next key (the typing benchmark's p99). Once writing stops, it is built again and shown."""
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(PROMPT, asked=True)
        await settle_until(pilot, lambda: isinstance(player(app).built_ahead, QuizView))
        before = player(app).built_ahead
        await pilot.press("e")
        await pilot.pause(WORD_AFTER_E)
        await pilot.press(*"my jaw")
        await pilot.pause(2.0)  # an autosave, then several looks at the revision
        await settle(pilot)
        step = bundled.lessons[PROMPT.lesson_id].steps[PROMPT.index]
        saved = app.store.answer(bundled.id, PROMPT.lesson_id, step.id)
        assert saved is not None and saved.answer == "my jaw"
        assert player(app).built_ahead is before  # kept (stale, never shown) while writing
        await pilot.press("escape")
        await settle_until(pilot, lambda: player(app).built_ahead not in (None, before))
        again = player(app).built_ahead
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert player(app).view is again


#: The mini course's page before its tremor exercise (index 1), and its lesson "intro": page, prompt, quiz, page.
BEFORE_TREMOR = Place("shake", 0)
INTRO_LAST_PAGE = Place("intro", 3)

#: Keys a learner presses by habit, and the keys an exercise answers to (ratings, start, pause, stop).
EXERCISE_KEYS = ["1", "0", "5", "plus", "minus", "s", "space", "enter", *HABIT_KEYS]


def rows(data_dir: Path, table: str) -> list[str]:
    return [line for line in record_dump(data_dir).splitlines() if line.startswith(f'INSERT INTO "{table}"')]


async def ahead_at(pilot: Pilot[Any], place: Place, kind: type[StepView]) -> StepView:
    """Open ``place`` and wait until the next step's view (a ``kind``) is built ahead."""
    app = pilot.app
    assert isinstance(app, UnclenchApp)
    await settle(pilot)
    await app.open_place(place, asked=True)
    await settle_until(pilot, lambda: isinstance(player(app).built_ahead, kind))
    ahead = player(app).built_ahead
    assert isinstance(ahead, kind) and ahead.is_mounted and not ahead.display
    return ahead


@sync
async def test_an_exercise_built_ahead_starts_nothing_and_writes_nothing(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    """The tremor exercise built ahead, hidden: ratings, start, stop and habit keys on the page before reach nothing.

    No run, rating or setting is written and no timer runs while it waits; ``n`` shows it with its
    safety gate over it, as a new view would be; "Not now" leaves it ready, with nothing rated or run.
    """
    data_dir = tmp_path / "data"
    app = make_app(mini, data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        ahead = await ahead_at(pilot, BEFORE_TREMOR, ExerciseView)
        assert isinstance(ahead, ExerciseView)
        before = record_dump(data_dir)
        for key in EXERCISE_KEYS:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == BEFORE_TREMOR, key
            assert player(app).built_ahead is ahead and not ahead.display, key
            assert ahead.phase == "ready" and ahead._ticker is None and not ahead.running, key
            assert all(scale.value is None for scale in ahead.query(RatingScale)), key
            assert app.focused is None or ahead not in app.focused.ancestors_with_self, key
            assert record_dump(data_dir) == before, key
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen)  # the gate, every time, over the view built ahead
        await pilot.press("escape")
        await settle(pilot)
        assert player(app).view is ahead and player(app).place == Place("shake", 1)
        assert ahead.phase == "ready" and ahead._ticker is None
        assert all(scale.value is None for scale in ahead.query(RatingScale))
        assert rows(data_dir, "exercise_run") == rows(data_dir, "checkin") == []
        assert rows(data_dir, "setting") == [line for line in before.splitlines() if '"setting"' in line]


@sync
async def test_an_exercise_built_ahead_reads_again_whether_it_is_closed_when_shown(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a practice is closed for now moves with the clock, not the record: read again as it is shown.

    Built ahead while it rested (closed, no gate), shown after the rest ended: it opens with its
    gate and a Start button, as a new view would, not "closed" from when it was built.
    """
    resting = [True]
    original = Session.practice_block

    def practice_block(self: Session, lesson_id: str, step: Any) -> Closed | None:
        if resting[0]:
            return Closed(label="Resting", reason="Resting between runs.")
        return original(self, lesson_id, step)

    monkeypatch.setattr(Session, "practice_block", practice_block)
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        ahead = await ahead_at(pilot, BEFORE_TREMOR, ExerciseView)
        assert isinstance(ahead, ExerciseView) and ahead.closed is not None
        resting[0] = False
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen)
        shown = app.player()
        assert shown is not None and shown.view is ahead and ahead.closed is None
        await pilot.press("escape")
        await settle(pilot)
        assert str(ahead.query_one("#start", MarkedButton).label) == "Read the safety notes to start"


@sync
@pytest.mark.parametrize("completes", [False, True], ids=["still-open", "completes-the-lesson"])
async def test_a_summary_built_ahead_shows_what_the_press_that_shows_it_did(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch, completes: bool
) -> None:
    """The summary built on the last page counts that page as done once the press shows it, as a new summary does.

    Built ahead, it lists the last page as not read yet; the press reads it, and the summary
    shown says so: the same screen, cell for cell, as a new summary of the same record. With
    the first page read before, that press completes the lesson: the heading, the note and the
    line on optional steps change with it.
    """
    app = make_app(mini)
    if completes:
        app.store.mark_step_done(mini.id, "intro", mini.lessons["intro"].steps[0].id)
    async with app.run_test(size=(80, 24)) as pilot:
        ahead = await ahead_at(pilot, INTRO_LAST_PAGE, SummaryView)
        assert ahead.query_one(f"#goto-{INTRO_LAST_PAGE.index}").display
        assert "Lesson summary" in str(ahead.query_one(".step-title", Static).render())
        await pilot.press("end", "n")
        await settle(pilot)
        assert player(app).view is ahead
        heading = str(ahead.query_one(".step-title", Static).render())
        assert heading.startswith("Lesson complete" if completes else "Lesson summary"), heading
        assert not ahead.query_one(f"#goto-{INTRO_LAST_PAGE.index}").display
        from_ahead = drawn(pilot), type(app.focused).__name__, app.focused and app.focused.id
        monkeypatch.setattr(PlayerScreen, "_build_ahead", lambda self: None)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        new = player(app).view
        assert isinstance(new, SummaryView) and new is not ahead
        assert not new.query(f"#goto-{INTRO_LAST_PAGE.index}")
        assert (drawn(pilot), type(app.focused).__name__, app.focused and app.focused.id) == from_ahead


@sync
async def test_a_summary_that_cannot_show_the_record_is_built_again(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary built ahead that would need other widgets (a step undone since: a button) says so; a new one shows."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("intro", 4), asked=True)  # the summary, every step but the last open
        await settle(pilot)
        for index in range(4):
            app.session.learner.mark_step_done("intro", mini.lessons["intro"].steps[index].id)
        app.session.refresh(["intro"])
        complete = SummaryView(app.session, mini.lessons["intro"], Place("intro", 4))
        await player(app)._holder.mount(complete)
        assert not complete.query("#incomplete")
        app.store.reset(mini.id, "intro", journal=False)
        app.session.refresh(["intro"])
        assert complete.arrive() is False  # no button for the steps open again

        ahead = await ahead_at(pilot, INTRO_LAST_PAGE, SummaryView)
        monkeypatch.setattr(SummaryView, "arrive", lambda self: False)
        await pilot.press("n")
        await settle(pilot)
        shown = player(app).view
        assert isinstance(shown, SummaryView) and shown is not ahead and shown.display
        assert ahead.parent is None  # thrown away
