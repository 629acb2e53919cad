"""``unclench preview``: edit a file and see the change; break it and see the problem; fix it and see the lesson."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from unclench import loader
from unclench.journey import Place
from unclench.store import ProgressStore
from unclench.tui.preview import PreviewApp
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.problems import ProblemsScreen

from .conftest import FIXTURES, FakeClock
from .helpers import screen_text, settle, sync


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


def preview(root: Path, store: ProgressStore, lesson_id: str | None = None) -> PreviewApp:
    result = loader.check_course_and_id(root)  # as `unclench preview` starts it
    return PreviewApp(root, result.course, result.problems, store, lesson_id, clock=FakeClock(), cursor_blink=False)


async def reloaded(pilot: Pilot[Any], app: PreviewApp, count: int) -> None:
    """Wait (a bounded number of polls) until the preview has reloaded ``count`` times."""
    for _ in range(200):
        if app.reloads >= count:
            break
        await pilot.pause(0.05)
    assert app.reloads == count, "the preview did not notice the save"
    await settle(pilot, 3)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@sync
async def test_edit_break_fix(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    intro = root / "lessons" / "intro.toml"
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "intro")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 3)
            # The lesson at once: no disclaimer in a preview (its store is a throw-away one).
            assert isinstance(app.screen, PlayerScreen)
            assert "first page of the mini course" in screen_text(app)

            # Edit: the change shows, on the same step.
            edit(intro, "This is the **first** page", "This is the **edited** page")
            await reloaded(pilot, app, 1)
            assert isinstance(app.screen, PlayerScreen)
            assert "edited page of the mini course" in screen_text(app)

            # Move on to the second step, then break the file: the problem is shown instead.
            await pilot.press("n")
            await settle(pilot, 3)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place.index == 1
            edit(intro, 'question = "Where do you hold tension?"', 'question = "Where do you hold tension?')
            await reloaded(pilot, app, 2)
            assert isinstance(app.screen, ProblemsScreen)
            shown = screen_text(app)
            assert "This course has 1 problem" in shown
            assert "lessons/intro.toml:21:12: steps[1].question: TOML syntax error: this string" in shown

            # Fix it: back to the lesson, at the step the author was on, with the fix in it.
            edit(intro, 'question = "Where do you hold tension?', 'question = "Where do you carry tension?"')
            await reloaded(pilot, app, 3)
            assert isinstance(app.screen, PlayerScreen)
            assert app.screen.place.index == 1
            assert "Where do you carry tension?" in screen_text(app)


@sync
async def test_help_in_the_preview_lists_the_preview_keys_too(tmp_path: Path) -> None:
    """The learner's help leaves the preview's own keys out (they do nothing there); the preview's has them."""
    from unclench.tui.screens.help import HelpScreen

    root = course_copy(tmp_path)
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "intro")
        async with app.run_test(size=(100, 50)) as pilot:
            await settle(pilot, 3)
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            cells = [str(cell.render()) for cell in app.screen.query("#help-keys Static")]
            assert any("Quit the preview" in cell for cell in cells)


@sync
async def test_a_course_broken_from_the_start_recovers(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    second = root / "lessons" / "second.toml"
    edit(second, 'title = "', 'titel = "')
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "second")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 3)
            assert isinstance(app.screen, ProblemsScreen)
            assert "unknown key 'titel'; did you mean 'title'?" in screen_text(app)
            footer = screen_text(app).splitlines()[-1]
            assert footer.count("Quit") == 1, footer  # an author read "q Quit" and "^q Quit" side by side
            edit(second, 'titel = "', 'title = "')
            await reloaded(pilot, app, 1)
            assert isinstance(app.screen, PlayerScreen)
            assert app.screen.place.lesson_id == "second"


@sync
async def test_problem_text_reaches_the_screen_literally(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    # Markup look-alikes and an escape character in a key name: shown as text, never interpreted.
    edit(root / "lessons" / "intro.toml", 'summary = "', '"[bold]x\\u001b[31m" = 1\nsummary = "')
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store)
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot, 3)
            assert isinstance(app.screen, ProblemsScreen)
            shown = screen_text(app)
            assert "[bold]x␛[31m" in shown  # unclench.text.visible: the one way control characters are shown
            assert "\x1b" not in shown


@sync
async def test_the_preview_store_is_its_own(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    scratch = tmp_path / "scratch"
    with ProgressStore.open(scratch) as store:
        app = preview(root, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 3)
            await pilot.press("n")
            await settle(pilot, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "scratch"]


@sync
async def test_the_step_is_found_by_id_when_steps_move(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    intro = root / "lessons" / "intro.toml"
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "intro")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 3)
            await pilot.press("n")
            await settle(pilot, 3)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place.index == 1  # the prompt 'feel'
            # A new page before it: the author stays on 'feel', now the third step.
            edit(
                intro,
                '[[steps]]\nkind = "prompt"',
                '[[steps]]\nkind = "page"\nid = "new"\nbody = "New."\n\n[[steps]]\nkind = "prompt"',
            )
            await reloaded(pilot, app, 1)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place.index == 2
            assert "Where do you hold tension?" in screen_text(app)


@sync
async def test_a_renamed_lesson_keeps_its_place_and_progress(tmp_path: Path) -> None:
    """Renaming a lesson with previous_ids in the preview carries its progress over, as the app's start does."""
    root = course_copy(tmp_path)
    intro = root / "lessons" / "intro.toml"
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "intro")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 3)
            await pilot.press("n")
            await settle(pilot, 3)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place.index == 1
            course_index = root / "course" / "course.toml"
            edit(course_index, 'lessons = ["intro", "second"]', 'lessons = ["welcome", "second"]')
            edit(intro, 'id = "intro"', 'id = "welcome"\nprevious_ids = ["intro"]')
            for _ in range(200):  # one reload, or two when the poll fell between the two saves
                if isinstance(app.screen, PlayerScreen) and app.screen.place.lesson_id == "welcome":
                    break
                await pilot.pause(0.05)
            await settle(pilot, 3)
            assert isinstance(app.screen, PlayerScreen)
            assert (app.screen.place.lesson_id, app.screen.place.index) == ("welcome", 1)
            assert "Where do you hold tension?" in screen_text(app)
        position = store.position(app.course.id)
        assert position is not None and position.lesson_id == "welcome"


@sync
async def test_a_lesson_whose_id_changes_without_previous_ids_stays_on_screen(tmp_path: Path) -> None:
    """A stranger author changed the id of the lesson they previewed (and its entry in course.toml), with no
    previous_ids: the preview jumped to the course's first lesson. It stays on the lesson of the same file."""
    root = course_copy(tmp_path)
    second = root / "lessons" / "second.toml"
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "second")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 3)
            await pilot.press("n")
            await settle(pilot, 3)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("second", 1)
            edit(root / "course" / "course.toml", 'lessons = ["intro", "second"]', 'lessons = ["intro", "next-one"]')
            edit(second, 'id = "second"', 'id = "next-one"')
            for _ in range(200):  # one reload, or two when the poll fell between the two saves
                if isinstance(app.screen, PlayerScreen) and app.screen.place.lesson_id == "next-one":
                    break
                await pilot.pause(0.05)
            await settle(pilot, 3)
            assert isinstance(app.screen, PlayerScreen)
            assert app.screen.place == Place("next-one", 1)


@sync
async def test_a_borrowed_course_id_is_shown_as_check_shows_it(tmp_path: Path) -> None:
    # `check` refuses the bundled course's id; the preview showed the lesson all the same.
    root = course_copy(tmp_path)
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "intro")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, 3)
            assert isinstance(app.screen, PlayerScreen)
            edit(root / "course" / "course.toml", 'id = "mini"', 'id = "unclench"')
            await reloaded(pilot, app, 1)
            assert isinstance(app.screen, ProblemsScreen)
            shown = " ".join(screen_text(app).split())
            assert "'unclench' is the id of the course that comes with Unclench" in shown


@sync
async def test_an_index_gone_for_a_moment_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    # Moving course.toml away while the preview ran stopped the app (WorkerFailed): editors that save by
    # renaming a new file over the old leave such a moment.
    root = course_copy(tmp_path)
    index = root / "course" / "course.toml"
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "intro")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, 3)
            index.rename(tmp_path / "course.toml")
            await reloaded(pilot, app, 1)
            assert isinstance(app.screen, ProblemsScreen)
            assert "has no course/course.toml" in " ".join(screen_text(app).split())
            (tmp_path / "course.toml").rename(index)
            await reloaded(pilot, app, 2)
            assert isinstance(app.screen, PlayerScreen)
            assert app.screen.place.lesson_id == "intro"


@sync
async def test_a_safety_gate_answered_is_not_asked_again_by_a_reload_unless_its_notes_change(tmp_path: Path) -> None:
    """Every save reopened the tremor exercise's safety gate over the author's step. Answered once in this
    preview (passed or closed), it stays answered through reloads until its notes change; the author's record
    is never touched (the preview's store is its own)."""
    from unclench.tui.screens.dialogs import SafetyGateScreen

    from .practising import exercise, pass_gate

    root = course_copy(tmp_path)
    shake = root / "lessons" / "shake.toml"
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "shake")
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot, 3)
            await pilot.press("n")
            await settle(pilot, 3)
            await pass_gate(app, pilot)
            assert exercise(app).clearance is not None

            edit(shake, "notice any shaking", "notice any gentle shaking")
            await reloaded(pilot, app, 1)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("shake", 1)
            assert "notice any gentle shaking" in screen_text(app)
            # The gate passed still lets the exercise start, as before the save.
            assert exercise(app).clearance is not None
            assert str(app.screen.query_one("#start").label) == "Start"  # type: ignore[attr-defined]

            # Other notes: the gate is asked again. Closed this time, it stays closed through a save.
            edit(root / "course" / "course.toml", "See a doctor first", "Ask a doctor first")
            await reloaded(pilot, app, 2)
            assert isinstance(app.screen, SafetyGateScreen)
            assert "Ask a doctor first" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot, 2)
            edit(shake, "notice any gentle shaking", "notice the shaking")
            await reloaded(pilot, app, 3)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("shake", 1)
            assert exercise(app).clearance is None  # closed, not passed: Start opens the gate
            assert "Read the safety notes to start" in screen_text(app)

            # Left and come back to, the exercise asks as it always does.
            await pilot.press("p")
            await settle(pilot, 2)
            await pilot.press("n")
            await settle(pilot, 3)
            assert isinstance(app.screen, SafetyGateScreen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "scratch"]


@sync
async def test_the_before_this_lesson_box_answered_is_not_asked_again_by_a_reload_unless_it_changes(
    tmp_path: Path,
) -> None:
    from unclench.tui.screens.recommended_order import RecommendedOrderScreen

    root = course_copy(tmp_path)
    shake = root / "lessons" / "shake.toml"
    edit(shake, "minutes = 4\n", 'minutes = 4\nbuilds_on = ["second"]\n')
    with ProgressStore.open(tmp_path / "scratch") as store:
        app = preview(root, store, "shake")
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot, 3)
            assert isinstance(app.screen, RecommendedOrderScreen)
            # Saved while the box is open, unanswered: it is there again over the lesson reloaded.
            edit(shake, "Find a quiet place", "Find a quiet, warm place")
            await reloaded(pilot, app, 1)
            assert isinstance(app.screen, RecommendedOrderScreen)
            await pilot.press("escape")  # not now: the author stays on the lesson
            await settle(pilot, 2)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("shake", 0)

            edit(shake, "Find a quiet, warm place", "Find a quiet place")
            await reloaded(pilot, app, 2)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("shake", 0)
            assert "Find a quiet place" in screen_text(app)

            # What the box says changed (a reason now): it is asked again, saying it.
            edit(shake, "minutes = 4\n", 'minutes = 4\nbuilds_on_reason = "The quiz comes first."\n')
            await reloaded(pilot, app, 3)
            assert isinstance(app.screen, RecommendedOrderScreen)
            assert "The quiz comes first." in screen_text(app)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "scratch"]
