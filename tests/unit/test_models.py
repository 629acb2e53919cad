"""The authoring models and the plain course objects the rest of the engine sees."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import tomli
from pydantic import ValidationError

from unclench import course as c
from unclench import model as m
from unclench import validation

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


def load(path: Path) -> dict[str, Any]:
    return tomli.loads(path.read_text(encoding="utf-8"))


def lesson_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "a-lesson",
        "title": "A lesson",
        "minutes": 5,
        "steps": [{"kind": "page", "id": "p", "body": "Text."}],
    }
    data.update(changes)
    return data


def error_types(error: ValidationError) -> set[tuple[tuple[int | str, ...], str]]:
    return {(tuple(e["loc"]), e["type"]) for e in error.errors()}


# -- conversion -----------------------------------------------------------------------


def to_course(data: dict[str, Any]) -> c.Course:
    validated = validation.accepted("course", data)
    assert validated is not None
    return c.course_from_data(validated)


def to_lesson(data: dict[str, Any], path: Path | None = None) -> c.Lesson:
    validated = validation.accepted("lesson", data)
    assert validated is not None
    return c.lesson_from_data(validated, path)


def test_course_from_data_converts_everything() -> None:
    course = to_course(load(BASE_COURSE / "course" / "course.toml"))
    assert isinstance(course, c.Course)
    assert (course.id, course.title, course.format_version) == ("base-course", "Base course", 1)
    assert course.disclaimer.startswith("This course is for general education.")
    assert course.sources == (
        c.Source("neurogenic-tremors", "Neurogenic Tremors", "a massage therapist", ""),
        c.Source("tms-forum", "A TMS forum thread", "forum members", ""),
    )
    assert course.safety[0] == c.SafetyNote(
        "stop-anytime", "You can stop at any moment", "Straighten your legs, roll onto your side, or sit up.", True
    )
    assert course.safety[1].always is False
    assert course.checkins == (
        c.CheckinMeasure("tension", "Tension", "How tense does your body feel?", "not at all", "extremely", "high", 9),
        c.CheckinMeasure("calm", "Calm", "How calm do you feel?", "not at all", "extremely", "low", 1),
    )
    assert course.guidance == c.Guidance(m.DEFAULT_STOP, m.DEFAULT_GROUNDING, m.DEFAULT_SUPPORT)
    assert course.modules == (
        c.Module("basics", "Basics", "", ("welcome", "body-basics")),
        c.Module("practice", "Practice", "", ("first-practice",)),
    )
    assert course.lessons == {}
    assert course.root is None


def test_lesson_from_data_converts_every_step_kind(tmp_path: Path) -> None:
    data = lesson_data(
        sources=["tms-forum"],
        previous_ids=["old-id"],
        steps=[
            {"kind": "page", "id": "p", "title": "Page", "body": "Body."},
            {"kind": "prompt", "id": "q", "question": "Why?", "hint": "Think."},
            {
                "kind": "quiz",
                "id": "z",
                "question": "Which?",
                "multiple": True,
                "choices": [
                    {"text": "A", "correct": True, "feedback": "Yes."},
                    {"text": "B", "feedback": "No."},
                ],
            },
            {
                "kind": "exercise",
                "id": "e",
                "body": "Shake.",
                "minutes": 0.5,
                "tremor": True,
                "safety": ["stop-anytime"],
                "checkin": ["tension"],
            },
        ],
    )
    path = tmp_path / "a-lesson.toml"
    lesson = to_lesson(data, path)
    assert isinstance(lesson, c.Lesson)
    assert (lesson.id, lesson.title, lesson.summary, lesson.minutes) == ("a-lesson", "A lesson", "", 5)
    assert lesson.source_ids == ("tms-forum",)
    assert lesson.previous_ids == ("old-id",)
    assert lesson.path == path
    page, prompt, quiz, exercise = lesson.steps
    assert page == c.PageStep("p", "Page", "Body.")
    assert prompt == c.PromptStep("q", "", "Why?", "Think.")
    assert quiz == c.QuizStep("z", "", "Which?", True, (c.Choice("A", True, "Yes."), c.Choice("B", False, "No.")))
    assert exercise == c.ExerciseStep("e", "", "Shake.", 0.5, True, ("stop-anytime",), ("tension",))
    assert [step.kind for step in lesson.steps] == ["page", "prompt", "quiz", "exercise"]
    assert lesson.step_index("z") == 2
    assert lesson.step_index("nope") is None


def _by_constructor(value: Any) -> Any:
    """``value`` made again through the constructors of its dataclasses (and of those in its fields)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value)(**{f.name: _by_constructor(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, tuple):
        return tuple(_by_constructor(item) for item in value)
    return value


def test_lessons_from_data_are_what_their_constructors_make() -> None:
    """lesson_from_data fills each object's fields at once: the very objects the constructors would make."""
    from unclench import folders, loader

    lessons = list(loader.load_course(folders.bundled_course_root()).lessons.values())
    kinds = {step.kind for lesson in lessons for step in lesson.steps}
    assert kinds == {"page", "prompt", "quiz", "exercise"}
    for lesson in lessons:
        again = _by_constructor(lesson)
        assert again == lesson and hash(again) == hash(lesson) and repr(again) == repr(lesson)
        for made, constructed in zip(lesson.steps, again.steps, strict=True):
            assert vars(made) == vars(constructed)
        assert vars(lesson).keys() == vars(again).keys()


def test_lesson_from_data_without_path() -> None:
    assert to_lesson(lesson_data()).path is None


# -- defaults -------------------------------------------------------------------------


def test_defaults() -> None:
    lesson = m.LessonModel.model_validate(lesson_data())
    assert (lesson.summary, lesson.sources, lesson.previous_ids) == ("", [], [])
    exercise = m.ExerciseModel.model_validate({"kind": "exercise", "id": "e", "body": "B.", "minutes": 3})
    assert (exercise.title, exercise.tremor, exercise.safety, exercise.checkin) == ("", False, [], [])
    assert exercise.minutes == 3
    quiz = m.QuizModel.model_validate(
        {"kind": "quiz", "id": "q", "question": "Q?", "choices": [{"text": "A", "feedback": "F."}]}
    )
    assert quiz.multiple is False
    assert quiz.choices[0].correct is False
    checkin = m.CheckinModel.model_validate({"id": "x", "label": "X", "question": "How?"})
    assert (checkin.low, checkin.high, checkin.worse, checkin.alert_at) == ("not at all", "extremely", "high", None)
    note = m.SafetyNoteModel.model_validate({"id": "n", "title": "T", "text": "Text."})
    assert note.always is False
    guidance = m.GuidanceModel.model_validate({"stop": "Stop like this."})
    assert (guidance.stop, guidance.grounding, guidance.support) == (
        "Stop like this.",
        m.DEFAULT_GROUNDING,
        m.DEFAULT_SUPPORT,
    )


def test_safety_defaults_are_careful() -> None:
    assert "stop key" in m.DEFAULT_STOP and "any moment" in m.DEFAULT_STOP
    # For any course: no posture is assumed (a course of lying-down exercises says how in [guidance]).
    for words in ("legs", "roll onto", "sit up", "lying", "seat"):
        assert words not in m.DEFAULT_STOP + m.DEFAULT_GROUNDING + m.DEFAULT_SUPPORT
    assert "professional" in m.DEFAULT_SUPPORT
    assert "emergency" in m.DEFAULT_SUPPORT


# -- strictness -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "loc", "kind"),
    [
        ({"minutes": "5"}, ("minutes",), "int_type"),
        ({"minutes": 5.0}, ("minutes",), "int_type"),
        ({"minutes": True}, ("minutes",), "int_type"),
        ({"minutes": 0}, ("minutes",), "greater_than_equal"),
        ({"minutes": 121}, ("minutes",), "less_than_equal"),
        ({"title": 3}, ("title",), "string_type"),
        ({"title": ""}, ("title",), "string_too_short"),
        ({"id": "Upper"}, ("id",), "string_pattern_mismatch"),
        ({"id": "-dash"}, ("id",), "string_pattern_mismatch"),
        ({"id": "a" * 65}, ("id",), "string_too_long"),
        ({"sources": "tms-forum"}, ("sources",), "list_type"),
        ({"steps": []}, ("steps",), "too_short"),
        ({"colour": "blue"}, ("colour",), "extra_forbidden"),
    ],
)
def test_lesson_strictness(changes: dict[str, Any], loc: tuple[str, ...], kind: str) -> None:
    with pytest.raises(ValidationError) as raised:
        m.LessonModel.model_validate(lesson_data(**changes))
    assert (loc, kind) in error_types(raised.value)


@pytest.mark.parametrize(
    ("step", "loc", "kind"),
    [
        (
            {"kind": "exercise", "id": "e", "body": "B", "minutes": "3"},
            ("steps", 0, "exercise", "minutes"),
            "float_type",
        ),
        (
            {"kind": "exercise", "id": "e", "body": "B", "minutes": 0},
            ("steps", 0, "exercise", "minutes"),
            "greater_than_equal",
        ),
        (
            {"kind": "exercise", "id": "e", "body": "B", "minutes": 5e-324},
            ("steps", 0, "exercise", "minutes"),
            "greater_than_equal",
        ),
        (
            {"kind": "exercise", "id": "e", "body": "B", "minutes": 3, "tremor": "yes"},
            ("steps", 0, "exercise", "tremor"),
            "bool_type",
        ),
        ({"kind": "page", "id": "p", "body": "B", "hint": "x"}, ("steps", 0, "page", "hint"), "extra_forbidden"),
        ({"kind": "video", "id": "v"}, ("steps", 0), "union_tag_invalid"),
        ({"id": "v"}, ("steps", 0), "union_tag_not_found"),
    ],
)
def test_step_strictness(step: dict[str, Any], loc: tuple[int | str, ...], kind: str) -> None:
    with pytest.raises(ValidationError) as raised:
        m.LessonModel.model_validate(lesson_data(steps=[step]))
    assert (loc, kind) in error_types(raised.value)


def test_exercise_minutes_accepts_whole_numbers() -> None:
    step = m.ExerciseModel.model_validate({"kind": "exercise", "id": "e", "body": "B", "minutes": 3})
    assert step.minutes == 3


def test_course_strictness() -> None:
    data = load(BASE_COURSE / "course" / "course.toml")
    with pytest.raises(ValidationError) as raised:
        m.CourseModel.model_validate({**data, "format_version": "1", "modules": []})
    assert error_types(raised.value) == {(("format_version",), "int_type"), (("modules",), "too_short")}
    bad_checkin = {"id": "x", "label": "X", "question": "Q?", "worse": "middle", "alert_at": 11}
    with pytest.raises(ValidationError) as raised:
        m.CourseModel.model_validate({**data, "checkins": [bad_checkin]})
    assert error_types(raised.value) == {
        (("checkins", 0, "worse"), "literal_error"),
        (("checkins", 0, "alert_at"), "less_than_equal"),
    }


def test_models_are_frozen() -> None:
    lesson = m.LessonModel.model_validate(lesson_data())
    with pytest.raises(ValidationError):
        lesson.title = "Changed"


# -- plain objects --------------------------------------------------------------------


def quiz(*correct: bool, multiple: bool = False) -> c.QuizStep:
    choices = tuple(c.Choice(f"choice {i}", ok, "Because.") for i, ok in enumerate(correct))
    return c.QuizStep("q", "", "Which?", multiple, choices)


def test_quiz_is_correct() -> None:
    single = quiz(False, True, False)
    assert single.is_correct(frozenset({1}))
    assert not single.is_correct(frozenset({0}))
    assert not single.is_correct(frozenset())
    assert not single.is_correct(frozenset({0, 1}))
    several = quiz(True, False, True, multiple=True)
    assert several.is_correct(frozenset({0, 2}))
    assert not several.is_correct(frozenset({0}))
    assert not several.is_correct(frozenset({0, 1, 2}))
    assert not several.is_correct(frozenset({7}))


def measure(worse: str, alert_at: int | None) -> c.CheckinMeasure:
    return c.CheckinMeasure("m", "M", "How?", "low", "high", worse, alert_at)  # type: ignore[arg-type]


def test_checkin_is_alarming() -> None:
    high = measure("high", 8)
    assert [r for r in range(11) if high.is_alarming(r)] == [8, 9, 10]
    low = measure("low", 2)
    assert [r for r in range(11) if low.is_alarming(r)] == [0, 1, 2]
    assert not any(measure("high", None).is_alarming(r) for r in range(11))
    assert not any(measure("low", None).is_alarming(r) for r in range(11))
    assert [r for r in range(11) if measure("high", 0).is_alarming(r)] == list(range(11))


def make_course(safety: tuple[c.SafetyNote, ...], lessons: dict[str, c.Lesson] | None = None) -> c.Course:
    return c.Course(
        id="x",
        title="X",
        summary="",
        format_version=1,
        disclaimer="Not advice.",
        sources=(c.Source("src", "Src", "someone", ""),),
        safety=safety,
        checkins=(measure("high", 9),),
        guidance=c.Guidance("stop", "ground", "support"),
        modules=(c.Module("mod", "Mod", "", ("b", "a", "missing")),),
        lessons=lessons or {},
    )


def exercise(*safety_ids: str) -> c.ExerciseStep:
    return c.ExerciseStep("e", "", "Body.", 5, True, safety_ids, ())


def note(note_id: str, always: bool = False) -> c.SafetyNote:
    return c.SafetyNote(note_id, note_id.title(), f"About {note_id}.", always)


def test_safety_notes_for_own_first_then_always_without_duplicates() -> None:
    course = make_course((note("always-a", True), note("own-1"), note("always-b", True), note("own-2")))
    ids = [n.id for n in course.safety_notes_for(exercise("own-2", "always-b", "own-1"))]
    assert ids == ["own-2", "always-b", "own-1", "always-a"]
    assert [n.id for n in course.safety_notes_for(exercise())] == ["always-a", "always-b"]
    assert [n.id for n in course.safety_notes_for(exercise("unknown", "own-1"))] == ["own-1", "always-a", "always-b"]


def test_safety_notes_for_without_always_notes() -> None:
    course = make_course((note("own-1"), note("own-2")))
    assert [n.id for n in course.safety_notes_for(exercise("own-1"))] == ["own-1"]
    assert course.safety_notes_for(exercise()) == []


def lesson(lesson_id: str, *previous: str) -> c.Lesson:
    return c.Lesson(lesson_id, lesson_id.upper(), "", 5, (), previous, (c.PageStep("p", "", "Body."),))


def test_renamed_lessons() -> None:
    course = make_course((), {"a": lesson("a", "old-a", "older-a"), "b": lesson("b")})
    assert course.renamed_lessons() == {"old-a": "a", "older-a": "a"}
    assert make_course(()).renamed_lessons() == {}


def test_course_lookups() -> None:
    course = make_course((note("n"),), {"a": lesson("a"), "b": lesson("b")})
    assert [x.id for x in course.ordered_lessons()] == ["b", "a"]  # module order, unknown ids skipped
    assert course.module_of("a") is course.modules[0]
    assert course.module_of("zzz") is None
    assert course.safety_note("n") == note("n")
    assert course.safety_note("zzz") is None
    assert course.checkin("m") is course.checkins[0]
    assert course.checkin("zzz") is None
    assert course.source("src") is course.sources[0]
    assert course.source("zzz") is None


def test_exercise_seconds() -> None:
    assert c.ExerciseStep("e", "", "B", 0.5, False, (), ()).seconds == 30
    assert c.ExerciseStep("e", "", "B", 5, False, (), ()).seconds == 300
    assert c.ExerciseStep("e", "", "B", 0.001, False, (), ()).seconds == 1
