"""The bundled course (course/course.toml and lessons/*.toml) is complete and well formed.

These tests read the files with plain tomllib and the authoring models, so they
check the content itself, independently of the loader and the TUI.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import TypeVar

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[2]
COURSE_TOML = REPO / "course" / "course.toml"
LESSONS_DIR = REPO / "lessons"
COPYCHECK = REPO.parent / "shared" / "tools" / "copycheck.py"

try:
    from unclench import model
except ImportError:  # the package is not installed: use the source tree
    sys.path.insert(0, str(REPO / "engine"))
    from unclench import model

CONTENT_MODULES = ["stress-in-the-body", "tremor-release", "pain-cycle"]
REQUIRED_SAFETY = ["stop-anytime", "medical-first", "trauma-care", "emotional-release"]
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
BARE_VERDICTS = {"correct", "wrong", "incorrect", "right", "yes", "no", "correct!", "wrong!"}


def _load(path: Path) -> dict[str, object]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _course() -> model.CourseModel:
    return model.CourseModel.model_validate(_load(COURSE_TOML))


def _lesson_files() -> list[Path]:
    return sorted(LESSONS_DIR.glob("*.toml"))


def _lessons() -> dict[str, model.LessonModel]:
    return {p.stem: model.LessonModel.model_validate(_load(p)) for p in _lesson_files()}


def _steps(lesson: model.LessonModel, kind: type[T]) -> list[T]:
    return [s for s in lesson.steps if isinstance(s, kind)]


def _lesson_text(lesson: model.LessonModel) -> str:
    parts = [lesson.title, lesson.summary]
    for step in lesson.steps:
        parts += [step.title, getattr(step, "body", ""), getattr(step, "question", "")]
    return "\n".join(parts)


LESSON_IDS = [p.stem for p in _lesson_files()]


# --- the course index ------------------------------------------------------


def test_course_validates_and_has_expected_identity() -> None:
    course = _course()
    assert course.format_version == 1
    assert course.id == "unclench"
    assert course.title == "Unclench"
    assert course.summary.strip()
    disclaimer = course.disclaimer.lower()
    assert "not medical" in disclaimer
    assert "professional" in disclaimer
    assert "stop" in disclaimer


def test_course_files_start_with_schema_comment() -> None:
    first = COURSE_TOML.read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ../engine/unclench/schemas/course.schema.json"
    for path in _lesson_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "#:schema ../engine/unclench/schemas/lesson.schema.json", path.name


def test_modules_in_order() -> None:
    course = _course()
    assert [m.id for m in course.modules] == ["welcome", *CONTENT_MODULES]


def test_sources_are_the_two_documents() -> None:
    course = _course()
    by_id = {s.id: s for s in course.sources}
    assert set(by_id) == {"neurogenic-tremors", "tms-tightness"}
    assert by_id["neurogenic-tremors"].title == "Neurogenic Tremors"
    assert by_id["tms-tightness"].title == "How does TMS cause tightness?"
    for source in course.sources:
        assert source.author.strip()
        assert source.description.strip()


def test_required_safety_notes_exist() -> None:
    course = _course()
    notes = {n.id: n for n in course.safety}
    for note_id in REQUIRED_SAFETY:
        assert note_id in notes, note_id
        assert notes[note_id].text.strip()
    assert notes["stop-anytime"].always is True
    stop_text = notes["stop-anytime"].text.lower()
    for way_out in ("straighten", "side", "sit up"):
        assert way_out in stop_text


def test_checkins() -> None:
    course = _course()
    measures = {m.id: m for m in course.checkins}
    assert measures["tension"].worse == "high"
    assert measures["calm"].worse == "low"
    assert measures["distress"].worse == "high"
    assert measures["distress"].alert_at == 7


# --- cross-references ------------------------------------------------------


def test_every_listed_lesson_exists_and_every_file_is_listed() -> None:
    course = _course()
    listed = [lesson_id for m in course.modules for lesson_id in m.lessons]
    assert len(listed) == len(set(listed)), "a lesson is listed twice"
    assert set(listed) == set(LESSON_IDS)


def test_lesson_ids_match_file_names_and_are_unique() -> None:
    lessons = _lessons()
    ids = [lesson.id for lesson in lessons.values()]
    assert len(ids) == len(set(ids))
    for stem, lesson in lessons.items():
        assert lesson.id == stem
        assert ID_RE.match(lesson.id)


def test_content_modules_hold_enough_lessons() -> None:
    course = _course()
    content = [lid for m in course.modules if m.id in CONTENT_MODULES for lid in m.lessons]
    assert len(content) >= 13
    for module in course.modules:
        if module.id in CONTENT_MODULES:
            assert len(module.lessons) >= 4, module.id


def test_quiz_total_and_multiple_answer_quizzes() -> None:
    quizzes = [q for lesson in _lessons().values() for q in _steps(lesson, model.QuizModel)]
    assert len(quizzes) >= 30
    assert sum(q.multiple for q in quizzes) >= 3


# --- each lesson -----------------------------------------------------------


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_lesson_shape(lesson_id: str) -> None:
    lesson = _lessons()[lesson_id]
    assert 5 <= lesson.minutes <= 15
    step_ids = [s.id for s in lesson.steps]
    assert len(step_ids) == len(set(step_ids)), "step ids must be unique within a lesson"
    assert all(ID_RE.match(s) for s in step_ids)
    assert len(_steps(lesson, model.PromptModel)) >= 1
    assert len(_steps(lesson, model.QuizModel)) >= 2
    assert _steps(lesson, model.PageModel), "a lesson needs at least one page"


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_lesson_sources_exist_and_are_named(lesson_id: str) -> None:
    lesson = _lessons()[lesson_id]
    sources = {s.id: s for s in _course().sources}
    assert lesson.sources, "every lesson names the sources it draws on"
    text = _lesson_text(lesson)
    for source_id in lesson.sources:
        assert source_id in sources, source_id
        assert sources[source_id].title in text, f"the lesson should name {sources[source_id].title!r}"


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_quizzes_teach(lesson_id: str) -> None:
    lesson = _lessons()[lesson_id]
    for quiz in _steps(lesson, model.QuizModel):
        assert len(quiz.choices) >= 2, quiz.id
        correct = sum(c.correct for c in quiz.choices)
        if quiz.multiple:
            assert correct >= 1, quiz.id
        else:
            assert correct == 1, f"{quiz.id}: a single-answer quiz has exactly one correct choice"
        for choice in quiz.choices:
            feedback = choice.feedback.strip()
            assert len(feedback) >= 25, f"{quiz.id}: feedback should explain why"
            assert feedback.lower().rstrip(".!") not in BARE_VERDICTS, quiz.id


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_exercise_references_exist(lesson_id: str) -> None:
    course = _course()
    safety = {n.id for n in course.safety}
    checkins = {m.id for m in course.checkins}
    for exercise in _steps(_lessons()[lesson_id], model.ExerciseModel):
        assert set(exercise.safety) <= safety, exercise.id
        assert set(exercise.checkin) <= checkins, exercise.id
        if exercise.tremor:
            assert exercise.safety, "a tremor exercise needs safety notes"


# --- the tremor exercise ---------------------------------------------------


def test_tremor_exercise() -> None:
    course = _course()
    tremor_module = next(m for m in course.modules if m.id == "tremor-release")
    lessons = _lessons()
    exercises = [
        ex for lesson_id in tremor_module.lessons for ex in _steps(lessons[lesson_id], model.ExerciseModel) if ex.tremor
    ]
    assert exercises, "the tremor module has a tremor exercise"
    for ex in exercises:
        assert ex.tremor is True
        assert 0 < ex.minutes <= 15
        assert {"stop-anytime", "medical-first", "trauma-care", "emotional-release"} <= set(ex.safety)
        assert {"tension", "calm", "distress"} <= set(ex.checkin)
        body = ex.body.lower()
        assert "straighten" in body and "side" in body, "the exercise says how to stop"


# --- own words -------------------------------------------------------------


def test_copycheck_finds_no_copied_passages() -> None:
    if not COPYCHECK.exists():
        pytest.skip(f"{COPYCHECK} not found")
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), "lessons", "course"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
