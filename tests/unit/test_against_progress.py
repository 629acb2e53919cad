"""``unclench check --against-progress``: which saved progress an author's edits would orphan."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench.cli import main
from unclench.store import ProgressStore


@pytest.fixture
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "authored"
    assert main(["new", "course", str(folder)]) == 0
    return folder


def _save(course_id: str, lesson_id: str, step_id: str) -> None:
    with ProgressStore.open() as store:
        store.save_answer(course_id, lesson_id, step_id, "A question?", "an answer")


def test_nothing_saved_reports_nothing_orphaned(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(course_dir), "--against-progress"]) == 0
    assert "nothing orphaned" in capsys.readouterr().out


def test_removed_step_and_removed_lesson_are_listed(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _save("authored", "welcome", "reflection")  # still in the lesson: not orphaned
    _save("authored", "welcome", "deleted-step")
    _save("authored", "deleted-lesson", "some-step")
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'deleted-step' (step id gone): 1 journal answer" in out
    assert "lesson 'deleted-lesson', step 'some-step' (lesson id gone): 1 journal answer" in out
    assert "'reflection'" not in out
    assert "stay in the learner's journal" in out
    assert "2 saved items of a learner's work would no longer show in its lesson" in err


def test_an_answer_under_a_step_id_that_is_now_a_quiz_fails_and_says_why(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The learner answered the reflection; then the author swapped the ids of the reflection and the quiz.
    _save("authored", "welcome", "reflection")
    lesson = course_dir / "lessons" / "welcome.toml"
    text = lesson.read_text(encoding="utf-8")
    swapped = text.replace('id = "reflection"', 'id = "swap"')
    swapped = swapped.replace('id = "check-understanding"', 'id = "reflection"')
    lesson.write_text(swapped.replace('id = "swap"', 'id = "check-understanding"'), encoding="utf-8")
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'reflection' (step is now a quiz): 1 journal answer" in out
    assert "nothing orphaned" not in out
    assert (
        "step 'check-understanding' has no saved progress: if it is this step renamed, give the step its old id "
        'back: id = "reflection"'
    ) in out
    assert "and the step that has it now (a quiz) another id" in out
    assert "1 saved item of a learner's work would no longer show in its lesson" in err


def test_a_run_of_a_removed_exercise_fails_even_without_ratings(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An exercise with no check-ins leaves only its runs: they were in no count, and the edit said nothing.
    with ProgressStore.open() as store:
        store.start_run("authored", "welcome", "body-scan", "s1")
        store.end_run("s1", "finished", 300)
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'body-scan' (step id gone): 1 practice run" in out
    assert "1 saved item of a learner's work would no longer show in its lesson" in err


def test_renamed_step_fails_and_says_how_to_keep_its_answers(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stranger's edit: the reflection a learner answered (and stood at) is renamed.
    _save("authored", "welcome", "reflection")
    with ProgressStore.open() as store:
        store.set_position("authored", "welcome", "reflection")
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace('id = "reflection"', 'id = "where-tension"'), encoding="utf-8"
    )
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'reflection' (step id gone): 1 journal answer" in out
    assert (
        "step 'where-tension' has no saved progress: if it is this step renamed, give the step its old id back: "
        f'id = "reflection" in {lesson} (steps have no previous_ids)'
    ) in out
    assert "1 saved item of a learner's work would no longer show in its lesson" in err
    with ProgressStore.open() as store:  # nothing was touched
        assert [entry.step_id for entry in store.record("authored").journal] == ["reflection"]


def test_renamed_lesson_is_told_to_take_previous_ids(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _save("authored", "welcome", "reflection")
    with ProgressStore.open() as store:
        store.mark_lesson_done("authored", "welcome")
    assert main(["new", "lesson", "untouched", "--course", str(course_dir)]) == 0
    untouched = course_dir / "lessons" / "untouched.toml"
    untouched.write_text(untouched.read_text(encoding="utf-8").replace('"reflection"', '"notice"'), encoding="utf-8")
    for path in (course_dir / "lessons" / "welcome.toml", course_dir / "course" / "course.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace('"welcome"', '"scan"'), encoding="utf-8")
    (course_dir / "lessons" / "welcome.toml").rename(course_dir / "lessons" / "scan.toml")
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out = capsys.readouterr().out
    assert "lesson 'welcome' (lesson id gone): 1 lesson completion" in out
    # 'scan' shares the saved step's id; 'untouched' is as new but does not.
    hint = f"lesson 'scan' ({course_dir / 'lessons' / 'scan.toml'}) has no saved progress: if it is this lesson renamed"
    assert f'{hint}, add previous_ids = ["welcome"] to it' in out
    assert out.count("previous_ids") == 1


def test_a_saved_place_alone_is_listed_but_does_not_fail(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open() as store:
        store.set_position("authored", "welcome", "deleted-step")
    capsys.readouterr()
    assert main(["check", str(course_dir), "--against-progress"]) == 0
    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'deleted-step' (step id gone): 1 place to continue" in out
    assert "would no longer show" not in err


def test_renamed_lesson_with_previous_ids_is_not_orphaned(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _save("authored", "old-welcome", "reflection")
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("sources = []", 'sources = []\nprevious_ids = ["old-welcome"]'),
        encoding="utf-8",
    )
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 0
    assert "nothing orphaned" in capsys.readouterr().out


def test_a_step_gone_from_a_renamed_lesson_is_named_under_the_lessons_id_now(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger's lesson renamed with previous_ids, then a step renamed: its answer was listed under the old
    lesson id, which no lesson has any more."""
    _save("authored", "old-welcome", "old-reflection")
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("sources = []", 'sources = []\nprevious_ids = ["old-welcome"]'),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["check", str(course_dir), "--against-progress"]) == 1
    out = capsys.readouterr().out
    assert "lesson 'welcome' (saved as 'old-welcome'), step 'old-reflection' (step id gone): 1 journal answer" in out


def test_a_finished_lessons_summary_is_a_place_not_an_orphan(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open() as store:
        store.set_position("authored", "welcome", "~summary")  # where the player stores a lesson's summary
        store.mark_lesson_done("authored", "welcome")
    capsys.readouterr()
    assert main(["check", str(course_dir), "--against-progress"]) == 0
    assert "nothing orphaned" in capsys.readouterr().out
    assert main(["status", "--course", str(course_dir)]) == 0
    out = capsys.readouterr().out
    assert "no longer" not in out and "reset --lesson" not in out


def _add_exercise(course_dir: Path, checkin: str) -> None:
    lesson = course_dir / "lessons" / "welcome.toml"
    exercise = f'\n[[steps]]\nkind = "exercise"\nid = "settle"\nbody = "Rest."\nminutes = 1\ncheckin = {checkin}\n'
    lesson.write_text(lesson.read_text(encoding="utf-8") + exercise, encoding="utf-8")


def _rate(course_id: str, measure_id: str, *ratings: tuple[str, int]) -> None:
    with ProgressStore.open() as store:
        for number, (phase, rating) in enumerate(ratings):
            store.record_checkin(course_id, "welcome", "settle", measure_id, phase, rating, f"run-{number // 2}")


def test_renamed_checkin_is_listed_with_how_to_keep_its_ratings(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stranger's edit: the check-in 'tension' a learner rated becomes 'body-tension', and 'calm' is added.
    _add_exercise(course_dir, '["tension"]')
    assert main(["check", str(course_dir)]) == 0
    _rate("authored", "tension", ("before", 7), ("after", 4), ("before", 6), ("after", 3))
    index = course_dir / "course" / "course.toml"
    calm = '\n[[checkins]]\nid = "calm"\nlabel = "Calm"\nquestion = "How calm do you feel?"\nworse = "low"\n'
    index.write_text(
        index.read_text(encoding="utf-8").replace('id = "tension"', 'id = "body-tension"') + calm, encoding="utf-8"
    )
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace('["tension"]', '["body-tension", "calm"]'), encoding="utf-8"
    )
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "  check-in 'tension' (check-in id gone): 4 ratings\n" in out
    assert (
        "    check-in 'body-tension' has no saved ratings: if it is this check-in renamed, give it its old id back: "
        f'id = "tension" in {index}, and in the checkin lists of the exercises that ask it '
        "(check-ins have no previous_ids)\n"
    ) in out
    assert "4 ratings would show apart from the check-in they were given for: keep the old ids" in err
    with ProgressStore.open() as store:  # nothing was touched
        assert [rating.measure_id for rating in store.checkins("authored")] == ["tension"] * 4


def test_a_removed_checkin_without_a_likely_new_one_is_still_listed(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_exercise(course_dir, '["tension"]')
    _rate("authored", "tension", ("before", 5))
    _rate("authored", "distress", ("before", 5))  # still a check-in of the course: not listed
    index = course_dir / "course" / "course.toml"
    text = index.read_text(encoding="utf-8").replace('id = "tension"', 'id = "distress"')
    index.write_text(text.replace('label = "Tension"', 'label = "Distress"'), encoding="utf-8")
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('["tension"]', '["distress"]'), encoding="utf-8")
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "  check-in 'tension' (check-in id gone): 1 rating\n" in out
    assert '    if this check-in was renamed, give it its old id back: id = "tension" in ' in out
    assert "'distress' (check-in id gone)" not in out
    assert "1 rating would show apart" in err


def test_renamed_lesson_whose_last_saved_place_is_its_summary_still_gets_the_hint(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stranger's edit: 'welcome' becomes 'hello' in welcome.toml and course.toml, after the learner finished it
    # (their place is the lesson's summary, '~summary', which sorts last and is no id to give back).
    _save("authored", "welcome", "reflection")
    with ProgressStore.open() as store:
        store.mark_lesson_done("authored", "welcome")
        store.set_position("authored", "welcome", "~summary")
    for path in (course_dir / "lessons" / "welcome.toml", course_dir / "course" / "course.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace('"welcome"', '"hello"'), encoding="utf-8")
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out = capsys.readouterr().out
    # The summary's place by its name, not by the engine's own step id ('~summary'), which no author wrote.
    assert "lesson 'welcome', its summary (lesson id gone): 1 place to continue" in out
    assert "~summary" not in out
    hint = f"lesson 'hello' ({course_dir / 'lessons' / 'welcome.toml'}) has no saved progress: if it is this lesson"
    assert f'{hint} renamed, add previous_ids = ["welcome"] to it' in out
    assert out.count("previous_ids") == 1


def test_the_authoring_guides_example_is_what_check_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = (Path(__file__).resolve().parents[2] / "lessons" / "README.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Changing a course learners already use") :]
    example = section[section.index("```text\n") + len("```text\n") : section.index("\n```\n")]
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "course", "my-course"]) == 0
    monkeypatch.chdir(tmp_path / "my-course")
    assert main(["new", "lesson", "body-scan"]) == 0
    _add_exercise(Path(), '["tension"]')
    assert main(["check"]) == 0
    _save("my-course", "welcome", "reflection")
    _save("my-course", "body-scan", "reflection")
    with ProgressStore.open() as store:
        store.mark_lesson_done("my-course", "body-scan")
    _rate("my-course", "tension", ("before", 6), ("after", 3))
    # The three renames the guide names: a lesson, a step, a check-in.
    index, welcome = Path("course/course.toml"), Path("lessons/welcome.toml")
    Path("lessons/body-scan.toml").rename("lessons/scan.toml")
    for path, old, new in [
        (index, '"body-scan"', '"scan"'),
        (Path("lessons/scan.toml"), '"body-scan"', '"scan"'),
        (welcome, 'id = "reflection"', 'id = "where-tension"'),
        (index, 'id = "tension"', 'id = "body-tension"'),
        (welcome, '["tension"]', '["body-tension"]'),
    ]:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    capsys.readouterr()

    assert main(["check", "--against-progress"]) == 1

    assert example in capsys.readouterr().out


def test_a_changed_course_id_is_named_with_the_record_under_the_old_one(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The learner's record was made with this folder under the id 'authored'; then the author changed the id.
    from unclench import ownership

    _save("authored", "welcome", "reflection")
    with ProgressStore.open() as store:
        ownership.claim(store, "authored", course_dir)
    index = course_dir / "course" / "course.toml"
    index.write_text(
        index.read_text(encoding="utf-8").replace('id = "authored"', 'id = "calm-nights"'), encoding="utf-8"
    )
    capsys.readouterr()

    assert main(["check", str(course_dir)]) == 0
    err = capsys.readouterr().err
    assert "warning: id: the record on this machine made with this course folder is under the course id " in err
    assert "'authored', not 'calm-nights'" in err
    assert 'change it back: id = "authored"' in err

    assert main(["check", str(course_dir), "--against-progress"]) == 1
    out, err = capsys.readouterr()
    assert "saved progress for 'authored' on this machine was made with this course folder" in out
    assert 'change it back: id = "authored"' in out
    assert "1 record made with this course folder under another course id would no longer show" in err


def test_a_record_of_another_folder_under_another_id_is_not_named(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _save("elsewhere", "welcome", "reflection")
    with ProgressStore.open() as store:
        ownership_folder = tmp_path / "other"
        ownership_folder.mkdir()
        store.set_course_folder("elsewhere", ownership_folder.resolve())
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 0
    out, err = capsys.readouterr()
    assert "'elsewhere'" not in out + err


def test_as_json_the_orphans_are_listed_and_fail_as_in_the_report(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    _save("authored", "welcome", "deleted-step")
    capsys.readouterr()
    assert main(["check", str(course_dir), "--against-progress", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    document = json.loads(out)
    assert document["ok"] is False  # as the exit status says: a learner's answer would no longer show
    assert all(problem["severity"] == "warning" for problem in document["problems"])  # the course itself is valid
    [saved] = document["against_progress"]
    assert saved["course_id"] == "authored"
    assert [(o["lesson_id"], o["step_id"], o["what"], o["count"]) for o in saved["orphaned"]] == [
        ("welcome", "deleted-step", "journal", 1)
    ]
    assert main(["check", str(course_dir), "--format", "json"]) == 0
    assert "against_progress" not in json.loads(capsys.readouterr().out)
