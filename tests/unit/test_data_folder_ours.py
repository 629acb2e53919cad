"""The data folder is ours alone (issue 11 item 4).

A data folder or database not owned by the learner, group- or world-writable
database files, and a database or side file that is a symbolic link are
refused with a message saying what to do; nothing outside the data folder is
ever written or chmod-ed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.folders import bundled_course_root
from unclench.store import DB_FILENAME, ProgressStore
from unclench.store.errors import StoreError

COURSE = bundled_course_root()
OTHER_UID = 54321
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="making a file of another user needs root")


def _made(data: Path) -> Path:
    with ProgressStore.open(data) as store:
        store.save_answer("c", "l", "s", "Q", "private words")
    return data / DB_FILENAME


def test_a_database_that_is_a_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    real = _made(elsewhere)
    os.chmod(real, 0o644)
    before = real.read_bytes()
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / DB_FILENAME).symlink_to(real)
    with pytest.raises(StoreError, match="symbolic link"):
        ProgressStore.open(data)
    assert real.read_bytes() == before
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o644  # never chmod-ed through the link


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_side_file_that_is_a_symlink_is_refused_and_its_target_not_chmodded(tmp_path: Path, suffix: str) -> None:
    data = tmp_path / "data"
    database = _made(data)
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours to change", encoding="utf-8")
    os.chmod(outside, 0o644)
    side = database.with_name(database.name + suffix)
    if os.path.lexists(side):
        side.unlink()
    side.symlink_to(outside)
    with pytest.raises(StoreError, match="symbolic link"):
        ProgressStore.open(data)
    assert stat.S_IMODE(os.stat(outside).st_mode) == 0o644
    assert outside.read_text(encoding="utf-8") == "not yours to change"


def test_a_group_writable_database_is_refused_with_what_to_do(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = _made(data)
    os.chmod(database, 0o666)
    with pytest.raises(StoreError, match="other users") as refused:
        ProgressStore.open(data)
    assert "chmod 600" in refused.value.hint  # what to do, on its own line


def test_a_group_readable_database_of_ours_is_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = _made(data)
    os.chmod(database, 0o644)
    with ProgressStore.open(data):
        pass
    assert stat.S_IMODE(os.stat(database).st_mode) == 0o600


@needs_root
def test_a_database_of_another_user_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = _made(data)
    os.chown(database, OTHER_UID, OTHER_UID)
    with pytest.raises(StoreError, match="belongs to another user"):
        ProgressStore.open(data)


@needs_root
def test_a_data_folder_of_another_user_is_refused_and_left_alone(tmp_path: Path) -> None:
    data = tmp_path / "shared"
    data.mkdir()
    os.chmod(data, 0o777)
    os.chown(data, OTHER_UID, OTHER_UID)
    with pytest.raises(StoreError, match="belongs to another user") as refused:
        ProgressStore.open(data)
    assert "UNCLENCH_DATA_DIR" in refused.value.hint
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o777
    assert list(data.iterdir()) == []


def test_commands_refuse_a_linked_database_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = _made(tmp_path / "elsewhere")
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / DB_FILENAME).symlink_to(real)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    capsys.readouterr()
    for command in (["status"], ["export"], ["--course", str(COURSE)]):
        args = command if command[0] == "--course" else [*command, "--course", str(COURSE)]
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "symbolic link" in err and "Traceback" not in err


def test_a_linked_backups_folder_is_refused_before_reset_changes_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tomli

    course_id = tomli.loads((COURSE / "course" / "course.toml").read_text(encoding="utf-8"))["id"]
    data = tmp_path / "data"
    with ProgressStore.open(data) as store:
        store.mark_lesson_done(course_id, "welcome")
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    (data / "backups").symlink_to(outside, target_is_directory=True)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    assert main(["reset", "--yes", "--course", str(COURSE)]) == 1
    assert "not a plain folder" in capsys.readouterr().err
    assert stat.S_IMODE(os.stat(outside).st_mode) == 0o755 and list(outside.iterdir()) == []
    with ProgressStore.open(data) as store:
        assert store.completed_lessons(course_id) == {"welcome"}
