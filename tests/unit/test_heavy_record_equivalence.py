"""Issue 18's faster ways of reading and writing a record of years give exactly what the plain ways gave.

Each test runs the plain way (kept here as the reference: what the code did
before it was made faster) and the fast way on the same seeded record, and
compares: same bytes for exports, same figures for trends, the same answers
in the journal. Nothing here is timed: speed is measured in ``benchmarks/``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import astuple
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unclench import export, localtime
from unclench.course import CheckinMeasure, Course, ExerciseStep
from unclench.export import render_json, render_markdown
from unclench.loader import load_course
from unclench.places import current_lesson
from unclench.records import CheckinRun, checkin_runs, rated_measures, runs_of
from unclench.store import ProgressStore
from unclench.store.rows import CourseRecord, JournalEntry, from_rows
from unclench.text import json_text

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import heavy_record  # noqa: E402
from gen_course import generate  # noqa: E402

#: Answers as learners write them, and as a hostile import may hold them.
ODD_ANSWERS = [
    "emoji 🧘‍♀️🫨, accents: café, naïve; CJK 緊張",
    "control: \x00 \x07 \x1b[31mred\x1b[0m DEL\x7f C1\x85\x9b bidi \u202eevil\u202c \u2066iso\u2069",
    "```\nfenced\n```` and ````` runs\n",
    "tension " * 500,
    "  \n\t",  # blank: left out of the journal
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Course, ProgressStore]]:
    """A generated course with a seeded record of years, plus odd answers, renamed and removed lessons."""
    root = tmp_path_factory.mktemp("heavy")
    course_dir = generate(root / "course", 12)
    heavy_record.seed(root / "data", course_dir, answers=400, checkins=1_500)
    course = load_course(course_dir)
    store = ProgressStore.open(root / "data")
    lessons = course.ordered_lessons()
    prompt = next(step for step in lessons[1].steps if step.kind == "prompt")
    exercise = next(
        (lesson, step)
        for lesson in lessons
        for step in lesson.steps
        if isinstance(step, ExerciseStep) and step.checkin_ids
    )
    for number, text in enumerate(ODD_ANSWERS):
        store.save_answer(course.id, f"gone-{number}", f"step-{number}", "Odd question \x1b]0;x\x07?", text)
    store.save_answer(course.id, lessons[1].id, prompt.id, prompt.question, ODD_ANSWERS[0])
    lesson, step = exercise
    # One run rates a measure twice (the later counts), another rates only after, a third an unknown measure.
    for measure, phase, value, run in [
        (step.checkin_ids[0], "before", 2, "twice"),
        (step.checkin_ids[0], "before", 9, "twice"),
        (step.checkin_ids[0], "after", 1, "twice"),
        (step.checkin_ids[0], "after", 4, "after-only"),
        ("retired-measure", "before", 5, "unknown"),
        ("retired-measure", "after", 3, "unknown"),
    ]:
        store.record_checkin(course.id, lesson.id, step.id, measure, phase, value, run)
    store.record_checkin(course.id, "gone-lesson", "gone-step", step.checkin_ids[0], "before", 6, "gone")
    for run, outcome in [("twice", "ended"), ("after-only", "finished"), ("unrated", "interrupted")]:
        store.start_run(course.id, lesson.id, step.id, run)
        store.end_run(run, outcome, 42)
    yield course, store
    store.close()


# -- the plain ways (before issue 18) ------------------------------------------------------------------


def plain_json_text(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    # Escaped: DEL, C1, the bidirectional marks and controls, the separators, the tags, surrogates.
    hidden = r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f\ud800-\udfff]"
    return re.sub(
        hidden, lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000 else _surrogates(m.group()), text
    )


def _surrogates(char: str) -> str:
    """``char`` (beyond the BMP) as JSON escapes it: a surrogate pair."""
    high, low = divmod(ord(char) - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def plain_local_time(stamp: str, tz: object) -> datetime | None:
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    try:
        return moment.astimezone(tz)  # type: ignore[arg-type]
    except (OverflowError, ValueError, OSError):
        return moment


def plain_group(record: CourseRecord, key: Callable[[str], str]) -> dict[str, export._LessonRecord]:
    groups: dict[str, export._LessonRecord] = {}

    def group(lesson_id: str) -> export._LessonRecord:
        return groups.setdefault(key(lesson_id), export._LessonRecord([], [], [], set(), None, None))

    for entry in sorted(record.journal, key=lambda j: (j.created_at, j.lesson_id, j.step_id)):
        group(entry.lesson_id).journal.append(entry)
    for attempt in record.quiz_attempts:
        group(attempt.lesson_id).quizzes.append(attempt)
    for checkin in record.checkins:
        group(checkin.lesson_id).checkins.append(checkin)
    for run in record.runs:
        group(run.lesson_id).runs[run.session_id] = run
    for step in record.steps_done:
        group(step.lesson_id).steps_done.add(step.step_id)
    for lesson in sorted(record.lessons_done, key=lambda d: d.done_at):
        found = group(lesson.lesson_id)
        found.done_at = found.done_at or lesson.done_at
    for position in sorted(record.lesson_positions, key=lambda p: p.updated_at):
        group(position.lesson_id).last_step = position.step_id
    return groups


class MappingProxyDict(dict[str, int]):
    """A dict subclass: written by ``json.dumps`` itself."""


# -- export ------------------------------------------------------------------------------------------


def test_json_export_is_byte_identical(seeded: tuple[Course, ProgressStore]) -> None:
    course, store = seeded
    record = store.record(course.id)
    assert render_json(record, course.title) == plain_json_text(export.record_document(record, course.title)) + "\n"


def test_markdown_export_is_byte_identical(
    seeded: tuple[Course, ProgressStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    course, store = seeded
    record = store.record(course.id)
    fast = render_markdown(record, course)
    export._local_when.cache_clear()
    monkeypatch.setattr(export, "_group", plain_group)
    monkeypatch.setattr(localtime, "_local_time", plain_local_time)
    assert fast == render_markdown(record, course)
    assert "café" in fast and "␛" in fast  # the odd answers are in it, controls shown as symbols


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
@example("\u2028 \u2029 \u200e \u061c \U000e0041 \u202e \x85")  # escaped since check refused hidden text
def test_json_text_matches_json_dumps(data: object) -> None:
    assert json_text(data) == plain_json_text(data)


def test_json_text_leaves_other_data_to_json_dumps() -> None:
    odd = {"float": 1.5, "nan": float("nan"), "nested": [{"b": 2.0, "a": None}], "subclass": MappingProxyDict(a=1)}
    assert json_text(odd) == plain_json_text(odd)
    assert json_text({3: "int keys", 1: [True]}) == plain_json_text({3: "int keys", 1: [True]})
    assert json_text({"b": [], "a": {}}, sort_keys=False) == '{\n  "b": [],\n  "a": {}\n}'
    with pytest.raises(TypeError):
        json_text({"set": {1, 2}})


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
            lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        ),
        st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}T[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,3}Z?\Z"),
        st.text(max_size=22),
    )
)
def test_stored_times_read_as_strptime_reads_them(stamp: str) -> None:
    for tz in (None, timezone.utc):
        assert localtime._local_time(stamp, tz) == plain_local_time(stamp, tz)


def test_renamed_lessons_group_as_before(seeded: tuple[Course, ProgressStore]) -> None:
    course, store = seeded
    record = store.record(course.id)

    def key(lesson_id: str) -> str:
        lesson = current_lesson(course, lesson_id)
        return lesson.id if lesson else lesson_id

    assert export._group(record, key) == plain_group(record, key)


# -- trends ------------------------------------------------------------------------------------------


def plain_series(runs: list[CheckinRun], measure_id: str, phase: str) -> list[int]:
    """The ratings of one measure in one phase, run by run, oldest first (what the charts showed)."""
    return [ratings[measure_id] for run in runs if measure_id in (ratings := getattr(run, phase))]


def plain_measures(course: Course, runs: list[CheckinRun]) -> list[tuple[str, CheckinMeasure | None]]:
    """The measures rated in ``runs`` (what the charts and the table's columns were)."""
    return rated_measures(course, {measure_id for run in runs for measure_id in (*run.before, *run.after)})


def test_every_run_read_newest_first_is_the_runs_grouped_in_python(seeded: tuple[Course, ProgressStore]) -> None:
    course, store = seeded
    plain = checkin_runs(course, store.checkins(course.id))
    newest = store.newest_rated_runs(course.id, 10**6)
    assert newest.complete
    fast = runs_of(course, newest.runs)
    assert fast == plain
    assert len(fast) > 300
    twice = next(run for run in fast if run.session_id == "twice")
    assert twice.step is not None
    assert twice.before == {twice.step.checkin_ids[0]: 9}  # the later of two ratings counts


@pytest.mark.parametrize("runs", [1, 20, 150])
def test_the_newest_runs_are_the_last_runs_of_the_record(seeded: tuple[Course, ProgressStore], runs: int) -> None:
    """What the trends screen lists: the latest runs, as the whole record has them."""
    course, store = seeded
    plain = checkin_runs(course, store.checkins(course.id))
    newest = store.newest_rated_runs(course.id, runs)
    assert not newest.complete
    fast = runs_of(course, newest.runs)
    assert fast == plain[-runs:]


@pytest.mark.parametrize("runs_each", [1, 48, 10**6])
def test_each_measures_latest_ratings_are_the_last_of_its_series(
    seeded: tuple[Course, ProgressStore], runs_each: int
) -> None:
    """What the charts show, for every measure rated, as far back as each was rated (a retired one too)."""
    course, store = seeded
    plain = checkin_runs(course, store.checkins(course.id))
    latest = store.latest_ratings(course.id, runs_each)
    assert rated_measures(course, (measure_id for measure_id, _ in latest)) == plain_measures(course, plain)
    assert ("retired-measure", "after") in latest
    for measure_id, _ in plain_measures(course, plain):
        for phase in ("before", "after"):
            assert latest.get((measure_id, phase), []) == plain_series(plain, measure_id, phase)[-runs_each:]


def test_a_run_rated_before_older_runs_and_after_the_newest_is_read_whole(tmp_path: Path) -> None:
    """A backup imported in the middle of a run adds its later ratings after other runs: the run is read whole."""
    with ProgressStore.open(tmp_path / "data") as store:
        store.record_checkin("c", "l", "s", "tension", "before", 7, "split")
        for number in range(5):
            store.record_checkin("c", "other", "s", "tension", "before", 5, f"run-{number}")
            store.record_checkin("c", "other", "s", "tension", "after", 4, f"run-{number}")
        store.record_checkin("c", "l", "s", "tension", "after", 2, "split")
        newest = store.newest_rated_runs("c", 1)
        assert not newest.complete
        assert [(run.session_id, run.before, run.after) for run in newest.runs] == [
            ("split", {"tension": 7}, {"tension": 2})
        ]


def test_many_runs_are_read_in_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More runs than one query looks for: the same runs, and their outcomes, as read at once."""
    course = load_course(generate(tmp_path / "course", 3))
    with ProgressStore.open(tmp_path / "data") as store:
        for number in range(7):
            session = f"run-{number}"
            store.record_checkin(course.id, f"l{number % 3}", "s", "tension", "before", number, session)
            store.start_run(course.id, f"l{number % 3}", "s", session)
            store.end_run(session, "finished", number)
        store.record_checkin(course.id, "l0", "s", "tension", "after", 3, "run-0")  # run-0 goes on after the rest
        whole = store.newest_rated_runs(course.id, 5)
        sessions = {run.session_id for run in whole.runs}
        by_session = store.runs(course.id, session_ids=sessions)
        monkeypatch.setattr(ProgressStore, "RUNS_A_QUERY", 2)
        assert store.newest_rated_runs(course.id, 5) == whole
        assert whole.runs[0].session_id == "run-0" and whole.runs[0].after == {"tension": 3}
        assert store.runs(course.id, session_ids=sessions) == by_session
        assert by_session == [run for run in store.runs(course.id) if run.session_id in sessions]


def test_no_check_ins_no_runs(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "data") as store:
        newest = store.newest_rated_runs("any", 20)
        assert newest.runs == [] and newest.complete
        assert store.latest_ratings("any", 48) == {}


# -- reading rows ------------------------------------------------------------------------------------


def test_rows_made_at_once_equal_rows_made_by_their_constructor(seeded: tuple[Course, ProgressStore]) -> None:
    course, store = seeded
    record = store.record(course.id)
    for rows in (record.journal, record.checkins, record.acknowledgements, record.steps_done, record.lessons_done):
        assert rows
        plain = [type(row)(*astuple(row)) for row in rows]
        made = from_rows(type(rows[0]), [astuple(row) for row in rows])
        assert made == plain
        assert [hash(row) for row in made] == [hash(row) for row in plain]
        assert all(type(row) is type(rows[0]) for row in made)
    with pytest.raises(ValueError):
        from_rows(JournalEntry, [("too", "short")])
