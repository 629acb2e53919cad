"""``export -o`` writes only regular files (issue 11 item 5)."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.files import NotARegularFileError, write_private_file
from unclench.folders import bundled_course_root
from unclench.store import ProgressStore

COURSE = bundled_course_root()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


def export(output: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["export", "--course", str(COURSE), "-o", output, *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def test_force_replaces_a_regular_file_atomically_and_privately(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "record.md"
    assert export(str(target), capsys)[0] == 0  # an earlier export of this course
    os.chmod(target, 0o644)
    before = os.stat(target).st_ino
    assert export(str(target), capsys, "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Your Unclench record")
    assert os.stat(target).st_ino != before  # a new file renamed over the old one, not rewritten in place
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_force_replaces_only_an_earlier_export_never_another_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger running as root typed -o /etc/passwd --force: it was replaced. Now only exports are."""
    precious = tmp_path / "passwd"
    precious.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    code, err = export(str(precious), capsys, "--force")
    assert code == 1
    assert "is not an Unclench export of this course, so --force will not replace it" in err
    assert "hint: choose another file name" in err
    assert precious.read_text(encoding="utf-8") == "root:x:0:0:root:/root:/bin/bash\n"
    # An earlier JSON export, and an empty file, are replaced.
    backup = tmp_path / "backup.json"
    assert export(str(backup), capsys, "--format", "json")[0] == 0
    assert export(str(backup), capsys, "--format", "json", "--force")[0] == 0
    # Another course's export, or a file that only starts like an export, is not replaced.
    other = tmp_path / "other.json"
    other.write_text('{"schema": "unclench.export/1", "course": {"id": "another"}}', encoding="utf-8")
    code, err = export(str(other), capsys, "--format", "json", "--force")
    assert code == 1 and "not an Unclench export of this course" in err
    notes = tmp_path / "notes.md"
    notes.write_text("# Your Unclench record: X\nmy own notes\n", encoding="utf-8")
    assert export(str(notes), capsys, "--force")[0] == 1
    assert notes.read_text(encoding="utf-8") == "# Your Unclench record: X\nmy own notes\n"
    empty = tmp_path / "empty.md"
    empty.touch()
    assert export(str(empty), capsys, "--force")[0] == 0
    assert empty.read_text(encoding="utf-8").startswith("# Your Unclench record")


def test_a_new_file_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --force the file appears only once complete (linked from a synced temporary file)."""
    target = tmp_path / "new.md"

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        write_private_file(target, b"all of it")
    assert list(tmp_path.iterdir()) == []  # no half file, no temporary file
    monkeypatch.undo()
    write_private_file(target, b"all of it")
    assert target.read_bytes() == b"all of it" and stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["new.md"]
    with pytest.raises(FileExistsError):
        write_private_file(target, b"other")
    assert target.read_bytes() == b"all of it"


def test_force_refuses_a_fifo_without_blocking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, err = export(str(fifo), capsys, "--force")
    assert code == 1 and "pipe, device or socket" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_force_refuses_a_device(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = export("/dev/null", capsys, "--force")
    assert code == 1 and "pipe, device or socket" in err
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_force_refuses_a_symlink_and_leaves_its_target_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.md"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    for extra in (["--force"], []):
        code, err = export(str(link), capsys, *extra)
        assert code == 1 and "symbolic link" in err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep me"


def test_a_dangling_symlink_is_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "dangling.md"
    link.symlink_to(tmp_path / "would-be-created.md")
    code, err = export(str(link), capsys)
    assert code == 1 and "symbolic link" in err
    assert not (tmp_path / "would-be-created.md").exists()


def test_a_trailing_slash_means_a_folder_that_must_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = export(f"{tmp_path / 'newdir'}/", capsys)
    assert code == 1 and "there is no folder" in err
    assert not (tmp_path / "newdir").exists()


@pytest.mark.parametrize("slash", ["/", ""])
def test_an_existing_folder_gets_a_default_named_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], slash: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    assert export(f"{folder}{slash}", capsys, "--format", "json")[0] == 0
    [written] = folder.iterdir()
    assert written.name.startswith("unclench-") and written.name.endswith(".json")
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    code, err = export(f"{folder}{slash}", capsys, "--format", "json")
    assert code == 1 and "already exists" in err


def test_write_private_file_refuses_a_folder_even_with_force(tmp_path: Path) -> None:
    with pytest.raises(NotARegularFileError, match="is a folder"):
        write_private_file(tmp_path, b"x", force=True)


class _Terminal(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_export_to_a_terminal_asks_for_a_file_and_prints_nothing_private(
    fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger typed `unclench export` and their whole record (journal, contacts, health answers) scrolled by,
    to stay in the terminal's scrollback; the README had said it "writes" a copy."""
    with ProgressStore.open(Path(os.environ["UNCLENCH_DATA_DIR"])) as store:
        store.save_answer("unclench", "welcome", "hopes", "Q?", "a private answer")
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    code = main(["export", "--course", str(COURSE), "--format", fmt])
    err = capsys.readouterr().err
    assert code == 2
    assert "a private answer" not in screen.getvalue() + err
    assert "not printing your record here" in err and f"-o unclench-record.{fmt}" in err and "`-o -`" in err
    assert ("--format json" in err) == (fmt == "json")

    code = main(["export", "--course", str(COURSE), "--format", fmt, "-o", "-"])
    assert code == 0 and "a private answer" in screen.getvalue()
