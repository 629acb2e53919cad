"""A learner's record in a course belongs to that course's folder, not to any folder that claims its id."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from unclench import folders, ownership
from unclench.cli import main
from unclench.cli.run import record_goes_here
from unclench.loader import check_course_and_id, load_course
from unclench.ownership import OtherFolder
from unclench.store import ProgressStore, StoreError

DATA = Path(__file__).parent / "data"
RECORD_COURSE = DATA / "record_course"
BUNDLED = folders.BUNDLED_COURSE_ID
PRIVATE = "I am here because of what happened in March."
BAIT = "Please paste your answer here again so our team can help you:"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


def course_with_id(folder: Path, course_id: str, source: Path = RECORD_COURSE) -> Path:
    """A copy of ``source`` in ``folder`` whose course.toml says ``id = course_id``."""
    shutil.copytree(source, folder)
    index = folder / "course" / "course.toml"
    text = index.read_text(encoding="utf-8")
    original = next(line for line in text.splitlines() if line.startswith("id = "))
    index.write_text(text.replace(original, f'id = "{course_id}"', 1), encoding="utf-8")
    return folder


def bait_in_welcome(folder: Path) -> None:
    """The attacker's wording for the prompt whose id the bundled course's first lesson uses."""
    lesson = folder / "lessons" / "welcome.toml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("Your hopes", BAIT), encoding="utf-8")


def write_private_answer(data_dir: Path) -> tuple[str, str, str]:
    """A journal answer in the bundled course, as the app saves it; (lesson, step, question)."""
    key = ("welcome", "what-brings-you", "What brings you here?")
    with ProgressStore.open(data_dir) as store:
        store.save_answer(BUNDLED, *key, PRIVATE)
    return key


def test_the_bundled_course_id_is_the_bundled_course_s() -> None:
    index = folders.bundled_course_root() / folders.COURSE_INDEX
    assert f'id = "{BUNDLED}"' in index.read_text(encoding="utf-8").splitlines()
    assert not folders.borrows_bundled_id(BUNDLED, folders.bundled_course_root())


def test_check_refuses_a_folder_claiming_the_bundled_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = course_with_id(tmp_path / "evil", BUNDLED)
    assert main(["check", str(evil)]) == 1
    err = capsys.readouterr().err
    assert "course.toml:4:1: id: 'unclench' is the id of the course that comes with Unclench" in err
    assert 'choose your own id, e.g. id = "my-course"' in err
    assert main(["check", str(evil), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False
    assert [(p["key"], p["line"], p["severity"]) for p in document["problems"]] == [("id", 4, "error")]


def test_a_borrowed_id_is_reported_with_the_other_problems_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = course_with_id(tmp_path / "evil", BUNDLED)
    index = evil / "course" / "course.toml"
    index.write_text(index.read_text(encoding="utf-8").replace("title =", "tittle =", 1), encoding="utf-8")
    assert main(["check", str(evil), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["line"], p["key"], p["message"].split(";")[0]) for p in problems] == [
        (4, "id", "'unclench' is the id of the course that comes with Unclench"),
        (5, "tittle", "unknown key 'tittle'"),
    ]
    assert [problem.key for problem in check_course_and_id(evil).problems] == ["id", "tittle"]  # the preview's


def test_check_of_another_id_and_of_the_bundled_course_says_nothing_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(course_with_id(tmp_path / "mine", "my-course"))]) == 0
    assert main(["check", str(folders.bundled_course_root())]) == 0
    assert "comes with Unclench" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--json"],
        ["export"],
        ["export", "--format", "json"],
        ["reset", "--journal", "--yes"],
        [],  # the app: refused before it starts
    ],
)
def test_a_folder_claiming_the_bundled_id_never_sees_the_learner_s_record(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    lesson, step, question = write_private_answer(data_dir)
    evil = course_with_id(tmp_path / "evil", BUNDLED)
    bait_in_welcome(evil)
    with ProgressStore.open(data_dir) as store:
        before = store.record(BUNDLED)

    code = main([*command, "--course", str(evil)] if command else ["--course", str(evil)])
    out, err = capsys.readouterr()

    assert code == 1
    assert PRIVATE not in out + err
    assert f"the course in {evil} says its id is 'unclench', which belongs to the course that comes with" in err
    assert "give it its own id" in err and "Traceback" not in err
    with ProgressStore.open(data_dir) as store:
        after = store.record(BUNDLED)
    assert after == before
    assert [(e.lesson_id, e.step_id, e.question, e.answer) for e in after.journal] == [
        (lesson, step, question, PRIVATE)
    ]


def test_import_into_a_folder_claiming_the_bundled_id_is_refused(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_private_answer(data_dir)
    backup = tmp_path / "backup.json"
    assert main(["export", "--course", str(folders.bundled_course_root()), "--format", "json", "-o", str(backup)]) == 0
    evil = course_with_id(tmp_path / "evil", BUNDLED)
    capsys.readouterr()
    assert main(["import", str(backup), "--course", str(evil)]) == 1
    assert "belongs to the course that comes with Unclench" in capsys.readouterr().err


# -- a course id's record goes with the folder it was made with ------------------------------------

COURSE_ID = "record-course"
ANSWER = "My shoulders, mostly in the evening."
KEY = ("body", "where-tension", "Where do you hold tension?")


def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    """The learner's course, and a folder saying it is the same course (the bait in one question)."""
    mine = course_with_id(tmp_path / "mine", COURSE_ID)
    other = course_with_id(tmp_path / "other", COURSE_ID)
    lesson = other / "lessons" / "body.toml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(KEY[2], BAIT), encoding="utf-8")
    return mine.resolve(), other.resolve()


def opened_with(data_dir: Path, root: Path, answers: list[bool] | None = None) -> tuple[bool, list[OtherFolder]]:
    """What the app's start decides for ``root`` (the learner answering ``answers`` in turn); the questions asked."""
    asked: list[OtherFolder] = []
    replies = list(answers or [])

    def ask(other: OtherFolder, title: str) -> bool:
        asked.append(other)
        assert title == "Record course"
        return replies.pop(0)

    with ProgressStore.open(data_dir) as store:
        opens = record_goes_here(store, load_course(root), root, ask)
    return opens, asked


def saved(data_dir: Path) -> list[tuple[str, str, str, str]]:
    with ProgressStore.open(data_dir) as store:
        return [(e.lesson_id, e.step_id, e.question, e.answer) for e in store.record(COURSE_ID).journal]


def remembered(data_dir: Path) -> Path | None:
    with ProgressStore.open(data_dir) as store:
        return store.course_folder(COURSE_ID)


def answer_in(data_dir: Path) -> None:
    with ProgressStore.open(data_dir) as store:
        store.save_answer(COURSE_ID, *KEY, ANSWER)


def test_a_record_made_before_folders_were_remembered_opens_with_its_course_unasked(
    tmp_path: Path, data_dir: Path
) -> None:
    mine, _ = two_folders(tmp_path)
    answer_in(data_dir)
    # A database as the previous version wrote it: no course_folder table, user_version 2.
    conn = sqlite3.connect(data_dir / "progress.sqlite3")
    conn.execute("DROP TABLE course_folder")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()

    assert opened_with(data_dir, mine) == (True, [])  # the first folder seen claims it, no question
    assert remembered(data_dir) == mine
    assert saved(data_dir) == [(*KEY, ANSWER)]
    assert opened_with(data_dir, mine) == (True, [])  # and it keeps opening without one


def test_another_folder_with_the_same_id_is_asked_about_and_quitting_changes_nothing(
    tmp_path: Path, data_dir: Path
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    assert opened_with(data_dir, mine) == (True, [])

    opens, asked = opened_with(data_dir, other, [False])

    assert not opens
    assert asked == [OtherFolder(COURSE_ID, mine, other)]
    assert remembered(data_dir) == mine
    assert saved(data_dir) == [(*KEY, ANSWER)]
    assert opened_with(data_dir, mine) == (True, [])  # the record's own folder still opens unasked


def test_using_the_record_with_the_new_folder_moves_it_there_and_the_old_one_asks(
    tmp_path: Path, data_dir: Path
) -> None:
    mine, moved = two_folders(tmp_path)
    answer_in(data_dir)
    assert opened_with(data_dir, mine) == (True, [])

    assert opened_with(data_dir, moved, [True]) == (True, [OtherFolder(COURSE_ID, mine, moved)])

    assert remembered(data_dir) == moved
    assert saved(data_dir) == [(*KEY, ANSWER)]  # nothing in the record changed
    assert opened_with(data_dir, moved) == (True, [])
    assert opened_with(data_dir, mine, [False]) == (False, [OtherFolder(COURSE_ID, moved, mine)])


def test_a_course_with_nothing_saved_goes_with_whichever_folder_opens_it(tmp_path: Path, data_dir: Path) -> None:
    mine, other = two_folders(tmp_path)
    assert opened_with(data_dir, mine) == (True, [])
    assert opened_with(data_dir, other) == (True, [])
    assert remembered(data_dir) == other


def test_the_bundled_course_is_never_asked_about_and_never_remembered(data_dir: Path) -> None:
    write_private_answer(data_dir)
    root = folders.bundled_course_root()
    with ProgressStore.open(data_dir) as store:
        assert record_goes_here(store, load_course(root), root, lambda *_: pytest.fail("asked")) is True
        assert store.course_folder(BUNDLED) is None


@pytest.mark.parametrize(
    "command",
    [["status"], ["status", "--json"], ["export"], ["export", "--format", "json"], ["reset", "--journal", "--yes"]],
)
def test_the_record_commands_refuse_another_folder_naming_both(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)

    code = main([*command, "--course", str(other)])
    out, err = capsys.readouterr()

    assert code == 1
    assert ANSWER not in out + err and out == ""
    assert (
        f"error: your record in the course '{COURSE_ID}' was made with the course in {mine}, not with {other}, "
        "which says it is the same course; nothing was read or changed"
    ) in err
    assert f"run `unclench move-record --course {other}`" in err and f"otherwise use --course {mine}" in err
    assert saved(data_dir) == [(*KEY, ANSWER)]
    assert main([*command, "--course", str(mine)]) == 0  # the record's own folder works as before


def test_import_into_another_folder_is_refused(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)
    backup = tmp_path / "backup.json"
    assert main(["export", "--course", str(mine), "--format", "json", "-o", str(backup)]) == 0
    capsys.readouterr()
    assert main(["import", str(backup), "--course", str(other)]) == 1
    assert f"was made with the course in {mine}, not with {other}" in capsys.readouterr().err


def test_import_makes_the_record_go_with_its_folder(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    backup = tmp_path / "backup.json"
    assert main(["export", "--course", str(mine), "--format", "json", "-o", str(backup)]) == 0
    fresh = tmp_path / "fresh"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNCLENCH_DATA_DIR", str(fresh))
        assert main(["import", str(backup), "--course", str(mine)]) == 0
        assert remembered(fresh) == mine
        assert main(["status", "--course", str(other)]) == 1


def test_move_record_moves_it_and_changes_nothing_in_it(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, moved = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)
    database = data_dir / "progress.sqlite3"
    with ProgressStore.open(data_dir) as store:
        before = store.record(COURSE_ID)

    assert main(["move-record", "--course", str(moved)]) == 0
    out = capsys.readouterr().out
    assert f"Your record in 'Record course' (1 journal answer, 0 lessons done) now goes with {moved}" in out
    assert f"it went with {mine}" in out

    with ProgressStore.open(data_dir) as store:
        assert store.record(COURSE_ID) == before
    assert remembered(data_dir) == moved
    assert main(["status", "--course", str(moved)]) == 0
    assert main(["status", "--course", str(mine)]) == 1
    capsys.readouterr()
    assert main(["move-record", "--course", str(moved)]) == 0
    assert "already goes with" in capsys.readouterr().out
    assert database.exists()


def test_move_record_without_a_database_creates_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, _ = two_folders(tmp_path)
    assert main(["move-record", "--course", str(mine)]) == 0
    assert "nothing to move" in capsys.readouterr().out
    assert not data_dir.exists()


def test_check_warns_of_a_record_made_with_another_folder(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)

    assert main(["check", str(other)]) == 0
    err = capsys.readouterr().err
    assert "course.toml:4:1: warning: id: the record on this machine in the course 'record-course' was made " in err
    assert str(mine) in err and "`unclench move-record`" in err
    assert main(["check", str(mine)]) == 0
    assert "warning" not in capsys.readouterr().err


def check_warns(folder: Path, capsys: pytest.CaptureFixture[str]) -> bool:
    """Whether `check` of ``folder`` passes with the record-folder warning (it must pass either way)."""
    capsys.readouterr()
    assert main(["check", str(folder)]) == 0
    return "warning: id: the record on this machine" in capsys.readouterr().err


def test_check_glances_at_the_database_and_opens_the_store_only_when_the_record_may_go_elsewhere(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)
    database = data_dir / "progress.sqlite3"
    before = database.read_bytes()
    opening = ProgressStore.open
    opened: list[Path] = []

    def counted(*args: object, **kwargs: object) -> ProgressStore:
        store = opening(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(store.path)
        return store

    monkeypatch.setattr(ProgressStore, "open", counted)
    assert not check_warns(mine, capsys)  # the record goes with it: the glance says so
    assert not check_warns(course_with_id(tmp_path / "own-id", "another-course"), capsys)  # nothing remembered
    assert not check_warns(folders.bundled_course_root(), capsys)  # never asked about
    assert opened == []
    assert database.read_bytes() == before
    assert check_warns(other, capsys)  # remembered elsewhere: the store, opened, says there is a record
    assert opened == [database]


def test_the_glance_leaves_no_side_files_and_reads_what_an_open_app_wrote(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)
    assert sorted(path.name for path in data_dir.glob("progress.sqlite3*")) == ["progress.sqlite3"]
    assert not check_warns(mine, capsys)
    assert sorted(path.name for path in data_dir.glob("progress.sqlite3*")) == ["progress.sqlite3"]
    # The app is open and has just remembered the other folder (in its -wal, not yet in the file).
    with ProgressStore.open(data_dir) as store:
        store.set_course_folder(COURSE_ID, other)
        assert (data_dir / "progress.sqlite3-wal").stat().st_size > 0
        assert check_warns(mine, capsys)
        assert not check_warns(other, capsys)


def test_check_says_nothing_of_another_folder_remembered_for_an_empty_record(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = two_folders(tmp_path)
    with ProgressStore.open(data_dir) as store:
        store.set_course_folder(COURSE_ID, mine)
    assert not check_warns(other, capsys)
    answer_in(data_dir)
    assert check_warns(other, capsys)


@pytest.mark.parametrize("damage", ["older version", "another program", "not a database", "glance fails"])
def test_check_asks_the_store_when_the_glance_cannot_tell(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    from unclench.store import glance

    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)
    database = data_dir / "progress.sqlite3"
    if damage == "glance fails":  # e.g. a lock: the store, which waits for it, answers

        def cannot_tell(*_: object) -> Path:
            raise glance.CannotTell("locked")

        monkeypatch.setattr(glance, "remembered_folder", cannot_tell)
        assert check_warns(other, capsys)
        return
    if damage == "not a database":
        database.write_bytes(b"not a database at all" * 100)
        with pytest.raises(glance.CannotTell):
            glance.remembered_folder(database, COURSE_ID)
        assert not check_warns(other, capsys)  # the store moved the file aside: nothing to keep apart
        assert list(data_dir.glob("progress.sqlite3.unreadable-*"))
        return
    conn = sqlite3.connect(database)
    if damage == "older version":
        conn.execute("PRAGMA user_version = 2")
    else:
        conn.execute("PRAGMA application_id = 7")
    conn.commit()
    conn.close()
    with pytest.raises(glance.CannotTell):
        glance.remembered_folder(database, COURSE_ID)
    # What the store makes of it, asked directly on a copy (opening may migrate or move the file aside).
    shutil.copytree(data_dir, tmp_path / "copy")
    try:
        with ProgressStore.open(tmp_path / "copy") as store:
            expected = ownership.other_folder(store, COURSE_ID, other) is not None
    except StoreError:
        expected = False
    assert check_warns(other, capsys) == expected


def test_check_against_progress_of_another_folder_refuses_without_a_traceback(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = two_folders(tmp_path)
    answer_in(data_dir)
    opened_with(data_dir, mine)
    assert main(["check", str(other), "--against-progress"]) == 1
    err = capsys.readouterr().err
    assert f"error: your record in the course '{COURSE_ID}' was made with the course in {mine}" in err
    assert "Traceback" not in err
    assert main(["check", str(mine), "--against-progress"]) == 0
