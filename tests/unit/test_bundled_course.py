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
#: The copy checker sits in the shared folder beside the repository (or beside a worktree's parent).
COPYCHECK = (
    next(
        (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if (p / "tools" / "copycheck.py").exists()),
        REPO.parent / "shared",
    )
    / "tools"
    / "copycheck.py"
)

try:
    from unclench import model
except ImportError:  # the package is not installed: use the source tree
    sys.path.insert(0, str(REPO / "engine"))
    from unclench import model

CONTENT_MODULES = ["stress-in-the-body", "tremor-release", "pain-cycle"]
REQUIRED_SAFETY = ["stop-anytime", "medical-first", "trauma-care", "emotional-release"]
#: The wording the disclaimer and the trauma note share (the stronger of the first edition's two).
TRAUMA_WORDING = "only with a qualified practitioner who can support you, not on your own"
#: What the safety notes before tremor practice must cover, each as words that must appear.
SAFETY_TOPICS = {
    "dizziness or feeling faint": ["dizzy", "faint"],
    "how often to practise at first": ["once a day"],
    "after-effects over the next day or two": ["next day or two"],
    "turning the shaking down": ["knees closer together", "straighten your legs", "roll onto your side"],
    "if it will not stop": ["sit up", "stand up and walk", "get help"],
    "serious mental-health conditions": ["mental-health condition"],
    "medication, alcohol or drugs": ["medication", "alcohol", "drugs"],
    "pregnancy, no lying flat later on": ["pregnan", "lying flat on your back"],
}
#: Words that mark a "how should you hold this claim?" question.
CLAIM_QUESTION = re.compile(r"\b(claims?|hold|weight|facts?|proven|evidence for)\b", re.IGNORECASE)
#: Reading pace (words a minute) and allowances used to check each lesson's minutes.
READING_WPM = 160
PROMPT_MINUTES = 1.5
QUIZ_MINUTES = 0.5
EXERCISE_EXTRA_MINUTES = 1.0  # check-ins before and after, getting settled
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


def test_quiz_answer_positions_are_spread() -> None:
    quizzes = [q for lesson in _lessons().values() for q in _steps(lesson, model.QuizModel)]
    singles = [next(i for i, c in enumerate(q.choices) if c.correct) for q in quizzes if not q.multiple]
    most = max(singles.count(position) for position in set(singles))
    assert most * 2 <= len(singles), f"the correct choice sits in one position in {most} of {len(singles)} quizzes"
    lopsided = [
        q.id
        for q in quizzes
        if q.multiple and [c.correct for c in q.choices] == sorted((c.correct for c in q.choices), reverse=True)
    ]
    multiples = sum(q.multiple for q in quizzes)
    assert len(lopsided) * 2 <= multiples, f"wrong choices come last in {lopsided}"
    # And the checker, which learners' authors see, agrees.
    from unclench.loader import load_course
    from unclench.quiz import answer_position_warnings

    assert answer_position_warnings(load_course(REPO)) == []


def test_the_right_answer_is_not_given_away_by_its_length() -> None:
    giveaways = []
    for lesson in _lessons().values():
        for quiz in _steps(lesson, model.QuizModel):
            if quiz.multiple:
                continue
            right = next(len(c.text) for c in quiz.choices if c.correct)
            longest_wrong = max(len(c.text) for c in quiz.choices if not c.correct)
            if right > 1.2 * longest_wrong:
                giveaways.append(f"{lesson.id}:{quiz.id}")
    assert len(giveaways) <= 3, f"the right answer is much the longest in {giveaways}"


def test_multiple_answer_choices_fit_a_narrow_screen() -> None:
    # A multiple-answer quiz is a selection list, whose lines do not wrap: at 60 columns about 48
    # characters of a choice are shown, and the rest would be cut off.
    for lesson in _lessons().values():
        for quiz in _steps(lesson, model.QuizModel):
            if quiz.multiple:
                for choice in quiz.choices:
                    assert len(choice.text) <= 48, f"{lesson.id}:{quiz.id}: {choice.text!r} is too long"


def test_at_most_two_claim_questions() -> None:
    claim_questions = [
        f"{lesson.id}:{q.id}"
        for lesson in _lessons().values()
        for q in _steps(lesson, model.QuizModel)
        if CLAIM_QUESTION.search(q.question)
    ]
    assert len(claim_questions) <= 2, claim_questions


def test_wrong_answer_feedback_does_not_give_the_answer_away() -> None:
    for lesson in _lessons().values():
        for quiz in _steps(lesson, model.QuizModel):
            right = [c.text.lower().strip('"') for c in quiz.choices if c.correct]
            for choice in quiz.choices:
                if choice.correct:
                    continue
                feedback = choice.feedback.lower()
                for answer in right:
                    assert answer not in feedback, (
                        f"{lesson.id}:{quiz.id}: feedback on {choice.text!r} names the answer"
                    )
                assert "the answer is" not in feedback and "the right answer" not in feedback, f"{lesson.id}:{quiz.id}"


def test_every_module_has_a_short_practice_with_checkins() -> None:
    course = _course()
    lessons = _lessons()
    for module in course.modules:
        practices = [
            ex
            for lesson_id in module.lessons
            for ex in _steps(lessons[lesson_id], model.ExerciseModel)
            if not ex.tremor and ex.checkin and ex.minutes <= 5
        ]
        assert practices, f"module {module.id} has no short non-tremor practice with check-ins"
    first = course.modules[0]
    assert any(ex.checkin for lid in first.lessons for ex in _steps(lessons[lid], model.ExerciseModel))


def test_lesson_shapes_vary() -> None:
    shapes = {tuple(step.kind for step in lesson.steps) for lesson in _lessons().values()}
    assert len(shapes) >= 8, "lessons all follow the same few patterns"


def _estimated_minutes(lesson: model.LessonModel) -> float:
    words = 0
    extra = 0.0
    for step in lesson.steps:
        for text in (step.title, getattr(step, "body", ""), getattr(step, "question", ""), getattr(step, "hint", "")):
            words += len(re.findall(r"[A-Za-z0-9'’]+", text))
        if isinstance(step, model.QuizModel):
            words += sum(len(re.findall(r"[A-Za-z0-9'’]+", c.text)) for c in step.choices)
            extra += QUIZ_MINUTES
        elif isinstance(step, model.PromptModel):
            extra += PROMPT_MINUTES
        elif isinstance(step, model.ExerciseModel):
            extra += step.minutes + EXERCISE_EXTRA_MINUTES
    return words / READING_WPM + extra


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_lesson_minutes_match_the_text(lesson_id: str) -> None:
    lesson = _lessons()[lesson_id]
    estimate = _estimated_minutes(lesson)
    assert abs(lesson.minutes - estimate) <= max(1.5, 0.2 * estimate), (
        f"labelled {lesson.minutes}, about {estimate:.1f}"
    )


# --- each lesson -----------------------------------------------------------


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_lesson_shape(lesson_id: str) -> None:
    lesson = _lessons()[lesson_id]
    assert 3 <= lesson.minutes <= 15
    step_ids = [s.id for s in lesson.steps]
    assert len(step_ids) == len(set(step_ids)), "step ids must be unique within a lesson"
    assert all(ID_RE.match(s) for s in step_ids)
    assert any(isinstance(s, model.PromptModel | model.ExerciseModel) for s in lesson.steps), (
        "something to do, not only read"
    )
    assert _steps(lesson, model.PageModel), "a lesson needs at least one page"


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_lesson_sources_exist_and_are_named(lesson_id: str) -> None:
    lesson = _lessons()[lesson_id]
    sources = {s.id: s for s in _course().sources}
    text = _lesson_text(lesson)
    if not lesson.sources:
        assert "not from either of the course's sources" in text, "a lesson with no sources says so"
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


# --- second edition: safety, wording, terms ---------------------------------------------------


def test_safety_notes_cover_every_topic() -> None:
    text = " ".join(n.text for n in _course().safety).lower().replace("**", "").replace("\\\n", " ")
    text = re.sub(r"\s+", " ", text)
    for topic, words in SAFETY_TOPICS.items():
        for word in words:
            assert word in text, f"safety notes miss {topic!r} ({word!r})"


def test_tremor_exercise_shows_every_safety_note() -> None:
    course = _course()
    for lesson in _lessons().values():
        for ex in _steps(lesson, model.ExerciseModel):
            if ex.tremor:
                shown = set(ex.safety) | {n.id for n in course.safety if n.always}
                assert shown == {n.id for n in course.safety}, lesson.id


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\\n", " "))


def test_disclaimer_and_trauma_note_use_the_same_strong_wording() -> None:
    course = _course()
    trauma = next(n for n in course.safety if n.id == "trauma-care")
    assert TRAUMA_WORDING in _flat(course.disclaimer)
    assert TRAUMA_WORDING in _flat(trauma.text)
    assert "before trying" not in _flat(course.disclaimer).split("trauma")[1][:120]


@pytest.mark.parametrize(
    ("lesson_id", "step_id"), [("why-bodies-shake", "growing-up"), ("what-tremors-feel-like", "past-shaking")]
)
def test_prompts_that_may_stir_memories_say_recalling_and_answering_are_optional(lesson_id: str, step_id: str) -> None:
    prompt = next(s for s in _lessons()[lesson_id].steps if s.id == step_id)
    assert isinstance(prompt, model.PromptModel)
    hint = prompt.hint.lower()
    assert "no need to recall specific events" in hint
    assert "skipping is" in hint


@pytest.mark.parametrize(
    ("term", "spelled_out"),
    [
        ("TMS", "tension myositis syndrome"),
        ("HPA", "hypothalamus"),
        ("PTSD", "post-traumatic"),
        ("TRE", "Tension and Trauma Releasing"),
    ],
)
def test_terms_are_spelled_out_at_first_use(term: str, spelled_out: str) -> None:
    course = _course()
    lessons = _lessons()
    for lesson_id in (lid for m in course.modules for lid in m.lessons):
        text = _lesson_text(lessons[lesson_id])
        found = re.search(rf"\b{term}\b", text)
        if found:
            assert spelled_out in text, f"{term} first used in {lesson_id} without {spelled_out!r}"
            return
    pytest.fail(f"{term} is never used")


@pytest.mark.parametrize(
    ("lesson_id", "gone"),
    [
        ("gathering-evidence", "it should have hurt whether he was paying attention"),
        ("talking-back-to-fear", "a lighter touch often works better"),
        ("first-tremor-practice", "this course's own simple"),
        ("not-every-tremor", "**Lactic acid building up**"),
        ("when-feelings-surface", "release years of stored tension"),
        ("talking-back-to-fear", "the pain and tension had gone"),
        ("outcome-independence", "confront symptoms so dramatically"),
    ],
)
def test_first_edition_findings_are_gone(lesson_id: str, gone: str) -> None:
    assert gone not in (LESSONS_DIR / f"{lesson_id}.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lesson_id", "present"),
    [
        ("stress-hormones", "liver"),
        ("stress-hormones", "fast nerve route"),
        ("talking-back-to-fear", "plantar fasciitis"),
        ("movement-and-support", "stop all physical treatments"),
        ("movement-and-support", "your clinician"),
        ("not-every-tremor", "caffeine"),
        ("not-every-tremor", "chest pain"),
        ("first-tremor-practice", "TRE"),
        ("emotions-and-memory", "doubtful"),
        ("the-whole-cycle", "defensive postures"),
    ],
)
def test_second_edition_corrections_are_present(lesson_id: str, present: str) -> None:
    assert present.lower() in (LESSONS_DIR / f"{lesson_id}.toml").read_text(encoding="utf-8").lower()
