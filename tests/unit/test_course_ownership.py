"""A learner's record in a course belongs to that course's folder, not to any folder that claims its id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from unclench import folders
from unclench.cli import main
from unclench.store import ProgressStore

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
