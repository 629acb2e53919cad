"""`unclench export` and `unclench import`: lossless JSON, readable Markdown, private files."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unclench.cli import main
from unclench.course import Course
from unclench.export import (
    EXPORT_SCHEMA,
    ExportFormatError,
    parse_document,
    render_json,
    render_markdown,
    visible,
)
from unclench.folders import bundled_course_root
from unclench.loader import load_course
from unclench.localtime import local_date_time
from unclench.store import ProgressStore
from unclench.store.errors import ProgressExistsError
from unclench.store.rows import CourseRecord

DATA = Path(__file__).parent / "data"
COURSE_DIR = DATA / "record_course"
GOLDEN = DATA / "export_golden.md"
COURSE_ID = "record-course"
ENGINE = Path(__file__).resolve().parents[2] / "engine"

HOSTILE = [
    "[bold]not bold[/] [red]x[/red] [/]",
    "emoji 🧘‍♀️🫨 and a flag 🇳🇴",
    "RTL: שלום עולם — مرحبا بالعالم \u202eevil\u202c",
    "control: \x00 \x01 \x07 \x1b[31mred\x1b[0m \x7f \x85 \r\n tab\tend",
    "```\nfenced\n```` and ````` runs\n",
    "# not a heading\n> not a quote\n<script>alert(1)</script>\n\n\n  indented",
    "",
    "x" * 100_000,
]


class Clock:
    """A clock that moves one minute forward at each reading."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.moment += timedelta(minutes=1)
        return self.moment


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(COURSE_DIR)


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    with ProgressStore.open(data_dir, now=Clock()) as opened:
        yield opened


def populate(store: ProgressStore, course: Course) -> None:
    """A learner halfway through: every kind of row, one renamed lesson, some orphans."""
    c = COURSE_ID
    store.acknowledge(c, "disclaimer", "disclaimer", course.disclaimer)
    store.set_position(c, "welcome", "intro")
    store.mark_step_done(c, "welcome", "intro")
    store.save_answer(c, "welcome", "hopes", "What do you hope to get from this course?\nTake your time.\n", "Calm.")
    store.save_answer(c, "welcome", "hopes", "What do you hope to get from this course?\nTake your time.\n", HOSTILE[0])
    store.mark_step_done(c, "welcome", "hopes")
    store.record_quiz_attempt(c, "welcome", "stop-any-time", "May you stop?", [1], ["No"], False)
    store.record_quiz_attempt(c, "welcome", "stop-any-time", "May you stop?", [0], ["Yes"], True)
    store.mark_step_done(c, "welcome", "stop-any-time")
    store.mark_lesson_done(c, "welcome")
    store.set_position(c, "body", "where-tension")
    store.save_answer(c, "body", "where-tension", "Where do you hold tension?", "Jaw ```` and\n\x1b[2J shoulders")
    store.acknowledge(c, "safety", "gentle-tremor", "notes")
    store.start_run(c, "shake", "gentle-tremor", "s1")
    store.record_checkin(c, "shake", "gentle-tremor", "tension", "before", 7, "s1")
    store.record_checkin(c, "shake", "gentle-tremor", "calm", "before", 3, "s1")
    store.record_checkin(c, "shake", "gentle-tremor", "tension", "after", 4, "s1")
    store.record_checkin(c, "shake", "gentle-tremor", "calm", "after", 6, "s1")
    store.end_run("s1", "finished", 120)
    # Stopped early without rating, a start held back by its rating, a run cut short by the app closing.
    store.start_run(c, "shake", "gentle-tremor", "s2")
    store.end_run("s2", "ended", 70)
    store.set_run_follow_up("s2")  # "I'm not OK" after stopping
    store.record_checkin(c, "shake", "gentle-tremor", "tension", "before", 9, "s3")
    store.start_run(c, "shake", "gentle-tremor", "s4")
    store.record_checkin(c, "shake", "gentle-tremor", "tension", "before", 5, "s4")
    store.end_run("s4", "interrupted", 31)
    store.set_position(c, "shake", "after")
    # Saved under the lesson's old id: belongs to "welcome" now.
    store.save_answer(c, "hello", "hopes-old", "An old question", "Old answer")
    # A lesson the course no longer has.
    store.save_answer(c, "gone-lesson", "q", "A question that was removed", "Still mine")
    store.mark_lesson_done(c, "gone-lesson")
    # Another course in the same data folder: never exported with this one.
    store.save_answer("other-course", "x", "y", "Other?", "Other answer")
    store.add_contact(c, "Sam", "+47 555 01 00")
    # A course without screening questions now: the answer is the learner's all the same.
    store.set_screening_answer(c, "old-question", False)


def export(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*args, "--course", str(COURSE_DIR)])
    out, err = capsys.readouterr()
    return code, out, err


# -- JSON ---------------------------------------------------------------------------------------


def test_json_document_shape(store: ProgressStore, course: Course) -> None:
    populate(store, course)
    document = json.loads(render_json(store.record(COURSE_ID), course.title))
    assert document["schema"] == EXPORT_SCHEMA
    assert document["course"] == {"id": COURSE_ID, "title": "Record course"}
    assert sorted(document) == sorted(
        [
            "schema",
            "course",
            "position",
            "lesson_positions",
            "lessons_done",
            "steps_done",
            "journal",
            "quiz_attempts",
            "checkins",
            "acknowledgements",
            "runs",
            "screening",
            "contacts",
        ]
    )
    assert document["position"] == {"lesson_id": "shake", "step_id": "after", "updated_at": "2026-03-01T09:26:00Z"}
    hopes = next(j for j in document["journal"] if j["step_id"] == "hopes")
    assert hopes["answer"] == HOSTILE[0]
    assert hopes["question"] == "What do you hope to get from this course?\nTake your time.\n"
    assert hopes["created_at"] == "2026-03-01T09:04:00Z"
    assert hopes["updated_at"] == "2026-03-01T09:05:00Z"
    assert [q["correct"] for q in document["quiz_attempts"]] == [False, True]
    assert all(j["answer"] != "Other answer" for j in document["journal"])
    assert "exported_at" not in json.dumps(document)


def test_json_round_trip_through_the_commands(
    store: ProgressStore,
    course: Course,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    populate(store, course)
    for index, text in enumerate(HOSTILE):
        store.save_answer(COURSE_ID, "body", f"hostile-{index}", f"Question {index}", text)
    store.close()
    first = tmp_path / "first.json"
    code, _, err = export(["export", "--format", "json", "-o", str(first)], capsys)
    assert code == 0, err
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "elsewhere"))
    code, out, err = export(["import", str(first)], capsys)
    assert code == 0, err
    assert "Imported" in out
    code, second, err = export(["export", "--format", "json"], capsys)
    assert code == 0, err
    assert second.encode("utf-8") == first.read_bytes()
    answers = {j["step_id"]: j["answer"] for j in json.loads(second)["journal"]}
    for index, text in enumerate(HOSTILE):
        assert answers[f"hostile-{index}"] == text


answers = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200)
checkins = st.lists(
    st.tuples(st.sampled_from(["tension", "calm"]), st.sampled_from(["before", "after"]), st.integers(0, 10)),
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(journal=st.lists(answers, max_size=5), ratings=checkins, question=answers)
def test_property_export_import_export_is_identical(
    journal: list[str], ratings: list[tuple[str, str, int]], question: str, course: Course
) -> None:
    with tempfile.TemporaryDirectory() as first_dir, tempfile.TemporaryDirectory() as second_dir:
        with ProgressStore.open(Path(first_dir), now=Clock()) as first:
            for index, text in enumerate(journal):
                first.save_answer(COURSE_ID, "welcome", f"step-{index}", question, text)
            for measure, phase, rating in ratings:
                first.record_checkin(COURSE_ID, "shake", "gentle-tremor", measure, phase, rating, question)
            exported = render_json(first.record(COURSE_ID), course.title)
        record = parse_document(exported)
        with ProgressStore.open(Path(second_dir), now=Clock()) as second:
            second.restore(record)
            again = render_json(second.record(COURSE_ID), course.title)
    assert again == exported
    assert [j["answer"] for j in json.loads(exported)["journal"]] == journal


def test_restore_refuses_a_course_with_progress(store: ProgressStore, course: Course) -> None:
    populate(store, course)
    record = store.record(COURSE_ID)
    with pytest.raises(ProgressExistsError):
        store.restore(record)
    assert store.record(COURSE_ID) == record


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "not a JSON object"),
        ('{"schema": "something/1"}', "not an Unclench export"),
        ('{"schema": "unclench.export/9"}', "unclench.export/9"),
        ('{"schema": "unclench.export/1", "schema": "unclench.export/1"}', "appears twice"),
    ],
)
def test_parse_refuses_malformed_documents(content: str, expected: str) -> None:
    with pytest.raises(ExportFormatError, match=expected):
        parse_document(content)


def test_parse_names_the_bad_field(store: ProgressStore, course: Course) -> None:
    populate(store, course)
    document = json.loads(render_json(store.record(COURSE_ID)))
    document["checkins"][2]["rating"] = 11
    with pytest.raises(ExportFormatError, match=r"checkins\[2\]\.rating"):
        parse_document(json.dumps(document))
    document["checkins"][2]["rating"] = 4
    document["journal"][0]["answer"] = 5
    with pytest.raises(ExportFormatError, match=r"journal\[0\]\.answer"):
        parse_document(json.dumps(document))
    document["journal"][0]["answer"] = "ok"
    document["journal"].append(dict(document["journal"][0]))
    with pytest.raises(ExportFormatError, match="second entry"):
        parse_document(json.dumps(document))


def test_import_refusals(
    store: ProgressStore,
    course: Course,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    populate(store, course)
    store.close()
    good = tmp_path / "good.json"
    assert export(["export", "--format", "json", "-o", str(good)], capsys)[0] == 0

    code, _, err = export(["import", str(good)], capsys)
    assert code == 1
    assert "already has progress" in err and "reset" in err and "Traceback" not in err

    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "unclench.export/1", "course": {"id": "record-course"}}', encoding="utf-8")
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "empty"))
    code, _, err = export(["import", str(bad)], capsys)
    assert code == 1
    assert str(bad) in err and "course.title" in err and "Traceback" not in err

    other = tmp_path / "other.json"
    other.write_text(render_json(CourseRecord("another-course")), encoding="utf-8")
    code, _, err = export(["import", str(other)], capsys)
    assert code == 1
    assert "another-course" in err and "record-course" in err

    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    code, _, err = export(["import", str(binary)], capsys)
    assert code == 1 and "not UTF-8" in err

    code, _, err = export(["import", str(tmp_path / "missing.json")], capsys)
    assert code == 1 and "cannot read" in err
    assert not (tmp_path / "empty").exists()


def test_import_after_reset_keeps_acknowledgements_once(
    store: ProgressStore, course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(store, course)
    store.close()
    saved = tmp_path / "saved.json"
    assert export(["export", "--format", "json", "-o", str(saved)], capsys)[0] == 0
    assert export(["reset", "--journal", "--yes"], capsys)[0] == 0
    code, _, err = export(["import", str(saved)], capsys)
    assert code == 0, err
    code, again, _ = export(["export", "--format", "json"], capsys)
    assert again.encode("utf-8") == saved.read_bytes()


# -- files --------------------------------------------------------------------------------------


def test_export_file_is_private_and_never_overwritten(
    store: ProgressStore, course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(store, course)
    target = tmp_path / "record.md"
    old = os.umask(0o022)
    try:
        code, out, err = export(["export", "-o", str(target)], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    assert out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == render_markdown(store.record(COURSE_ID), course)

    target.write_text("keep me", encoding="utf-8")
    code, _, err = export(["export", "-o", str(target)], capsys)
    assert code == 1
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"

    code, _, err = export(["export", "-o", str(target), "--force"], capsys)
    assert code == 1 and "is not an Unclench export" in err  # --force replaces earlier exports only
    assert target.read_text(encoding="utf-8") == "keep me"

    target.write_text(render_markdown(store.record(COURSE_ID), course), encoding="utf-8")
    target.chmod(0o644)
    old = os.umask(0o022)
    try:
        code, _, err = export(["export", "--format", "json", "-o", str(target), "--force"], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == EXPORT_SCHEMA
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_dash_is_stdout_and_nothing_saved_creates_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = export(["export", "-o", "-"], capsys)
    assert code == 0
    assert out.startswith("# Your Unclench record: Record course\n")
    assert "Not started yet." in out
    code, out, _ = export(["export", "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["journal"] == []
    assert not data_dir.exists()


def test_export_into_a_missing_folder_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = export(["export", "-o", str(tmp_path / "no" / "such" / "file.md")], capsys)
    assert code == 1
    assert "could not write" in err and "Traceback" not in err


def test_not_a_course_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", "--course", str(tmp_path)])
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


# -- Markdown -----------------------------------------------------------------------------------


@pytest.fixture
def local_time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A local time zone two hours ahead of UTC (no daylight saving), the same on every machine."""
    monkeypatch.setenv("TZ", "UTC-02:00")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_markdown_matches_the_golden_file(store: ProgressStore, course: Course, local_time_zone: None) -> None:
    populate(store, course)
    text = render_markdown(store.record(COURSE_ID), course)
    if os.environ.get("UNCLENCH_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_markdown_keeps_answers_exact_in_long_enough_fences(store: ProgressStore, course: Course) -> None:
    for index, text in enumerate(HOSTILE):
        store.save_answer(COURSE_ID, "body", f"h{index}", "Q", text)
    text = render_markdown(store.record(COURSE_ID), course)
    for answer in HOSTILE:
        shown = visible(answer)
        assert shown in text
    assert "\x1b" not in text and "\x00" not in text
    assert "␛[31mred␛[0m" in text
    assert "⟨U+0085⟩" in text
    # The fence around the answer with a 5-backtick run is 6 backticks long.
    assert "``````text\n```\nfenced\n```` and ````` runs\n``````" in text
    assert "[bold]not bold[/]" in text


def test_markdown_groups_renamed_and_removed_lessons(store: ProgressStore, course: Course) -> None:
    populate(store, course)
    text = render_markdown(store.record(COURSE_ID), course)
    welcome = text.index("### Welcome")
    body = text.index("### The body keeps score")
    assert welcome < text.index("Old answer") < body
    gone = text.index("## No longer in the course")
    assert gone < text.index("### `gone-lesson`") < text.index("Still mine")
    assert "Other answer" not in text


def test_markdown_marks_work_under_a_step_id_now_of_another_kind_as_no_longer_in_the_lesson(
    store: ProgressStore, course: Course
) -> None:
    # An author reused ids: the answer was written for a reflection 'stop-any-time', which is now a quiz. The
    # export titled it "Journal: <the quiz's title>", as if the quiz had asked it; journal, status and check
    # call it orphaned.
    store.save_answer(COURSE_ID, "welcome", "stop-any-time", "How do you feel?", "Written for a reflection")
    store.record_quiz_attempt(COURSE_ID, "welcome", "hopes", "Pick one", [0], ["Yes"], True)
    store.record_checkin(COURSE_ID, "welcome", "intro", "tension", "before", 4, "s1")
    text = render_markdown(store.record(COURSE_ID), course)
    assert "#### Journal (`stop-any-time`, no longer in the lesson)" in text
    assert "#### Quiz (`hopes`, no longer in the lesson)" in text
    assert "#### Exercise (`intro`, no longer in the lesson)" in text
    assert text.index("Written for a reflection") > text.index("#### Journal (`stop-any-time`")


def test_markdown_says_a_rating_under_a_gone_check_in_is_no_longer_in_the_course(
    store: ProgressStore, course: Course
) -> None:
    # A check-in renamed by the author: a stranger's export said "`tension` 3 → 2", an id with no word of why.
    store.record_checkin(COURSE_ID, "shake", "gentle-tremor", "body-tension", "before", 3, "s1")
    store.record_checkin(COURSE_ID, "shake", "gentle-tremor", "body-tension", "after", 2, "s1")
    store.record_checkin(COURSE_ID, "shake", "gentle-tremor", "tension", "before", 5, "s1")
    text = render_markdown(store.record(COURSE_ID), course)
    assert "`body-tension` (no longer in the course) 3 → 2" in text
    assert "Tension before 5" in text and "`tension`" not in text


def test_markdown_shows_local_times_and_titles_not_ids(
    store: ProgressStore, course: Course, local_time_zone: None
) -> None:
    populate(store, course)
    store.acknowledge(COURSE_ID, "safety", "shake:gentle-tremor", "notes")  # as the app stores it now
    text = render_markdown(store.record(COURSE_ID), course)
    assert "UTC" not in text and not re.search(r"\d{4}-\d{2}-\d{2}T", text)
    assert "Times are in this computer's local time." in text
    record = store.record(COURSE_ID)
    first = record.journal[0]
    assert local_date_time(first.created_at) in text
    for ack in record.acknowledgements:
        if ack.kind == "safety":
            assert f"`{ack.subject_id}`" not in text and ack.subject_id not in text


HOSTILE_CONTACTS = [
    ("[b]x[/b]", "[red]555 0100[/red]"),
    ("\x1b[31mred", "call \x1b]0;title\x07 me"),
    ("Mum\nDad", "line one\n# not a heading"),
    ("a `b` ``` c", "> not a quote"),
    (" ", "*not emphasis*"),
]


def test_markdown_lists_support_contacts_literally_and_safely(
    store: ProgressStore, course: Course, local_time_zone: None
) -> None:
    for name, reach in HOSTILE_CONTACTS:
        store.add_contact(COURSE_ID, name, reach)
    store.add_contact("other-course", "Not this course's", "000")
    record = store.record(COURSE_ID)
    text = render_markdown(record, course)
    section = text[text.index("## Your support contacts") : text.index("## Acknowledgements")]
    assert "The people you added to your support card, as you typed them." in section
    listed = [line for line in section.splitlines() if line.startswith("- ")]
    assert listed == [
        # Signs a Markdown viewer would read as formatting stand after a backslash: shown, not applied.
        f"- “\\[b\\]x\\[/b\\]”: “\\[red\\]555 0100\\[/red\\]” (added {local_date_time(record.contacts[0].added_at)})",
        f"- “␛\\[31mred”: “call ␛\\]0;title␇ me” (added {local_date_time(record.contacts[1].added_at)})",
        f"- “Mum Dad”: “line one # not a heading” (added {local_date_time(record.contacts[2].added_at)})",
        f"- “a \\`b\\` \\`\\`\\` c”: “\\> not a quote” (added {local_date_time(record.contacts[3].added_at)})",
        f"- “(blank)”: “\\*not emphasis\\*” (added {local_date_time(record.contacts[4].added_at)})",
    ]
    assert "\x1b" not in text and "\x07" not in text
    assert "Not this course's" not in text


def test_markdown_lists_health_answers_with_their_questions_in_course_order(
    store: ProgressStore, local_time_zone: None
) -> None:
    bundled = load_course(bundled_course_root())
    store.set_screening_answer(bundled.id, "heart", True)
    store.set_screening_answer(bundled.id, "pregnancy", False)
    store.set_screening_answer(bundled.id, "a-removed-question", True)
    record = store.record(bundled.id)
    at = {answer.question_id: local_date_time(answer.at) for answer in record.screening}
    text = render_markdown(record, bundled)
    section = text[text.index("## Health questions you answered") : text.index("## Acknowledgements")]
    assert "You can review or change your answers in the app (ctrl+k, Screening answers)." in section
    listed = [line for line in section.splitlines() if line.startswith("- ")]
    assert listed == [
        f"- “Are you pregnant?” **No** (answered {at['pregnancy']})",
        "- “Do you have a heart condition, or has a doctor told you to limit physical activity?” "
        f"**Yes** (answered {at['heart']})",
        f"- `a-removed-question` (no longer in the course) **Yes** (answered {at['a-removed-question']})",
    ]
    assert text.index("## Your support contacts") < text.index("## Health questions you answered")


def test_markdown_of_an_empty_record_says_so_calmly(course: Course) -> None:
    text = render_markdown(CourseRecord(COURSE_ID), course)
    assert "## Your support contacts\n\nNone added yet. You can add someone you trust on the support card" in text
    assert "## Acknowledgements\n\nNone yet.\n" in text
    assert "Health questions" not in text  # this course asks none
    bundled = load_course(bundled_course_root())
    text = render_markdown(CourseRecord(bundled.id), bundled)
    assert "## Health questions you answered\n\nNone answered yet: the app asks them before your first run" in text


def test_markdown_says_which_runs_were_hard(store: ProgressStore, course: Course) -> None:
    """ "I'm not OK" after stopping, or a hard rating after a run, is part of the record (the JSON's ``follow_up``)."""
    store.start_run(COURSE_ID, "shake", "gentle-tremor", "hard")
    store.end_run("hard", "ended", 65)
    store.set_run_follow_up("hard")
    store.start_run(COURSE_ID, "shake", "gentle-tremor", "fine")
    store.end_run("fine", "finished", 120)
    text = render_markdown(store.record(COURSE_ID), course)
    assert ": practised 1 min 5 s, stopped early, a hard run (support offered); not rated" in text
    assert ": practised 2 min, full time; not rated" in text


# -- no Textual ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "export"])
def test_record_commands_do_not_import_textual(command: str, data_dir: Path) -> None:
    code = (
        "import sys\n"
        "from unclench.cli import main\n"
        f"main([{command!r}])\n"
        f"main([{command!r}, '--course', {str(COURSE_DIR)!r}])\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual imported'\n"
    )
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(data_dir), "PYTHONPATH": str(ENGINE)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_importing_the_markdown_export_says_it_is_for_reading_and_names_the_json_one(
    store: ProgressStore,
    course: Course,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A stranger imported their Markdown export: "not valid JSON: Expecting value (line 1, column 1)"."""
    populate(store, course)
    store.close()
    readable = tmp_path / "unclench-record-course.md"
    assert export(["export", "--format", "md", "-o", str(readable)], capsys)[0] == 0
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "empty"))
    code, _, err = export(["import", str(readable)], capsys)
    assert code == 1 and "Traceback" not in err
    assert str(readable) in err and "Markdown export" in err and "for reading" in err
    assert "unclench export --format json" in err  # how to write the one that imports
    assert "Expecting value" not in err
    assert not (tmp_path / "empty").exists()  # nothing written
