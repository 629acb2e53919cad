"""Content changed under saved progress: the app starts, keeps every answer, resumes sensibly.

Each test saves progress with the real app on a copy of the mini course, edits
the course the way an author would, and starts a new app on the same data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.course import Course
from unclench.journey import Place
from unclench.loader import load_course
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.typed_words import TYPED_ON_WITHIN

from .conftest import FIXTURES, AppFactory
from .helpers import screen_text, settle, sync

ANSWER = "my jaw [bold]and[/] shoulders"


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


async def _answer_and_quit(make_app: AppFactory, course: Course, data: Path) -> None:
    """Read intro's first page, type an answer, answer the quiz wrongly, quit there."""
    app = make_app(course, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.pause(TYPED_ON_WITHIN)  # a look at the reflection: an e typed on after n goes nowhere
        await pilot.press("e", *ANSWER)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("space")  # the first choice
        await pilot.press("tab", "enter")  # check it
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)


async def _reopen(make_app: AppFactory, course_dir: Path, data: Path) -> tuple[Course, str, Place | None]:
    """Start a new app on the edited course: what it shows, and where the player is."""
    course = load_course(course_dir)
    app = make_app(course, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot, 2)
        place = app.screen.place if isinstance(app.screen, PlayerScreen) else None
        return course, screen_text(app), place


def _export_json(
    course_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    capsys.readouterr()
    assert main(["export", "--course", str(course_dir), "--format", "json"]) == 0
    return capsys.readouterr().out


@sync
async def test_removed_step_resumes_nearby_and_keeps_the_answer(
    make_app: AppFactory,
    course_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    await _answer_and_quit(make_app, load_course(course_dir), data)
    # The author deletes the quiz the learner was on.
    lesson = course_dir / "lessons" / "intro.toml"
    text = lesson.read_text(encoding="utf-8")
    start = text.index('[[steps]]\nkind = "quiz"')
    end = text.index('[[steps]]\nkind = "page"\nid = "bye"')
    lesson.write_text(text[:start] + text[end:], encoding="utf-8")

    course, _shown, place = await _reopen(make_app, course_dir, data)

    assert place is not None and place.lesson_id == "intro"
    # The first step not yet done: the page after the removed quiz.
    assert course.lessons["intro"].steps[place.index].id == "bye"
    assert ANSWER in _export_json(course_dir, data, monkeypatch, capsys).replace("\\", "")
    assert main(["status", "--course", str(course_dir)]) == 0
    assert "check" in capsys.readouterr().out  # the orphaned quiz attempt is reported


@sync
async def test_reordered_steps_resume_on_the_same_step(make_app: AppFactory, course_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    await _answer_and_quit(make_app, load_course(course_dir), data)
    # The author moves the quiz first: progress follows the step id, not its position.
    lesson = course_dir / "lessons" / "intro.toml"
    text = lesson.read_text(encoding="utf-8")
    quiz_start = text.index('[[steps]]\nkind = "quiz"')
    quiz_end = text.index('[[steps]]\nkind = "page"\nid = "bye"')
    first_step = text.index("[[steps]]")
    quiz = text[quiz_start:quiz_end]
    lesson.write_text(text[:first_step] + quiz + text[first_step:quiz_start] + text[quiz_end:], encoding="utf-8")

    course, shown, place = await _reopen(make_app, course_dir, data)

    assert place == Place("intro", 0)
    assert course.lessons["intro"].steps[0].id == "check"
    assert "When may you stop?" in shown
    assert "Step 1 of 4" in shown


@sync
async def test_removed_lesson_starts_the_app_and_keeps_the_answer(
    make_app: AppFactory,
    course_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    await _answer_and_quit(make_app, load_course(course_dir), data)
    (course_dir / "lessons" / "intro.toml").unlink()
    _edit(course_dir / "course" / "course.toml", 'lessons = ["intro", "second"]', 'lessons = ["second"]')

    _course, _shown, place = await _reopen(make_app, course_dir, data)

    assert place is not None and place.lesson_id == "second"
    exported = _export_json(course_dir, data, monkeypatch, capsys)
    assert ANSWER in exported.replace("\\", "")
    assert main(["status", "--course", str(course_dir), "--json"]) == 0
    assert '"lesson_id": "intro"' in capsys.readouterr().out


@sync
async def test_renamed_lesson_keeps_its_place_through_previous_ids(
    make_app: AppFactory, course_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    await _answer_and_quit(make_app, load_course(course_dir), data)
    lesson = course_dir / "lessons" / "intro.toml"
    _edit(lesson, 'id = "intro"', 'id = "introduction"\nprevious_ids = ["intro"]')
    lesson.rename(lesson.with_name("introduction.toml"))
    _edit(course_dir / "course" / "course.toml", '"intro", "second"', '"introduction", "second"')

    course, shown, place = await _reopen(make_app, course_dir, data)

    assert place == Place("introduction", 2)
    assert "When may you stop?" in shown
    assert course.lessons["introduction"].steps[2].id == "check"


@sync
async def test_changed_quiz_choices_do_not_break_the_last_attempt(
    make_app: AppFactory, course_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    await _answer_and_quit(make_app, load_course(course_dir), data)
    # The saved attempt chose choice 0, which the author has now rewritten and made the
    # correct one: the stored indexes no longer mean what they meant.
    lesson = course_dir / "lessons" / "intro.toml"
    _edit(lesson, 'text = "Only at the end"\nfeedback', 'text = "Whenever you like"\ncorrect = true\nfeedback')
    _edit(lesson, 'text = "At any moment"\ncorrect = true', 'text = "Never"')

    _course, shown, place = await _reopen(make_app, course_dir, data)

    assert place == Place("intro", 2)
    assert "When may you stop?" in shown
    # The old attempt is not passed off as an answer to the new choices.
    assert "Not quite" not in shown and "That's right" not in shown


@sync
async def test_quiz_with_fewer_choices_than_a_saved_attempt(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app(mini, data_dir=data)
    # An attempt saved when the quiz had more choices than it has now.
    app.store.record_quiz_attempt(mini.id, "intro", "check", "When may you stop?", [5], ["Gone choice"], False)
    app.store.set_position(mini.id, "intro", "check")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.place == Place("intro", 2)
        assert "When may you stop?" in screen_text(app)
