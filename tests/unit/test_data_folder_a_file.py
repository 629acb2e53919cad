"""A data folder that is a file is named as such, with what to do (a security tester read a raw "[Errno 17]")."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench.cli import main


@pytest.mark.parametrize("below", [False, True])
@pytest.mark.parametrize("command", [[], ["import", "RECORD"]])
def test_a_data_folder_that_is_a_file_is_refused_in_words(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    below: bool,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "good"))
    record = tmp_path / "record.json"
    assert main(["export", "--format", "json", "-o", str(record)]) == 0  # a real backup to import
    capsys.readouterr()
    file = tmp_path / "victim"
    file.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(file / "sub" if below else file))
    code = main([part.replace("RECORD", str(record)) for part in command])
    err = capsys.readouterr().err
    assert code != 0
    assert "Errno" not in err and "Traceback" not in err
    assert f"{file} is a file, not a folder" in err, err
    assert file.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("below", [False, True])
def test_the_store_names_the_file_in_the_way_as_the_lock_does(tmp_path: Path, below: bool) -> None:
    from unclench.store import ProgressStore
    from unclench.store.errors import StoreError

    file = tmp_path / "victim"
    file.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        ProgressStore.open(file / "sub" if below else file)
    assert f"{file} is a file, not a folder" in str(raised.value)
    assert file.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("below", [False, True])
@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--json"],
        ["export"],
        ["export", "--format", "json", "-o", "OUT"],
        ["reset", "--yes"],
        ["move-record"],
        ["check", "--against-progress", "COURSE"],
    ],
)
def test_the_record_commands_refuse_it_rather_than_say_nothing_is_saved(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    below: bool,
    command: list[str],
) -> None:
    """They found no database there and said "nothing saved yet", or wrote an empty record, exiting 0."""
    from unclench import folders

    monkeypatch.chdir(tmp_path)
    file = tmp_path / "victim"
    file.write_text("not a folder\n", encoding="utf-8")
    folder = file / "sub" if below else file
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    out_file = tmp_path / "record.json"
    args = [part.replace("OUT", str(out_file)) for part in command]
    args = [part.replace("COURSE", str(folders.bundled_course_root())) for part in args]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 1
    if command[0] != "check":
        assert out == ""
    assert "nothing saved" not in out + err and "Wrote" not in out + err
    assert (
        f"error: the data folder {folder} cannot be used: {file} is a file, not a folder; nothing was read or changed"
    ) in err.splitlines()
    assert "hint: move that file away, or set UNCLENCH_DATA_DIR to a folder of your own" in err
    assert not out_file.exists()
    assert file.read_text(encoding="utf-8") == "not a folder\n"
