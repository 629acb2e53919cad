"""Author commands never write through a symbolic link in a course folder, and say so clearly.

A course folder may come from anyone (an archive, a shared repository). A link
in it could lead anywhere: `check` reads nothing outside the course, and the
commands that write (`new lesson`, `new course`, `schema --write`) refuse a
link where they would write, or in a folder on the way, before writing anything.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from unclench import cli
from unclench.files import NotARegularFileError, write_text_below
from unclench.instance import CourseLock, LockFileError, lock_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def course(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "new", "course", "c")
    assert (code, err) == (0, "")
    return Path("c")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder``: a file's bytes, a link's target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[key] = path.read_bytes()
        elif path.is_dir():
            found[key] = "folder"
        else:
            found[key] = "other"
    return found


def assert_refused(code: int, out: str, err: str, path: str, *, link: bool = True) -> None:
    assert code != 0
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith(f"error: {path} ")
    if link:
        assert "is a symbolic link" in err
    assert "nothing was written" in err
    assert "\nhint: " in err


# -- schema --write ----------------------------------------------------------------------


def test_schema_write_refuses_a_schema_file_that_is_a_link(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = outside / "target.json"
    target.write_text("mine\n", encoding="utf-8")
    schema = course / "course" / "lesson.schema.json"
    schema.unlink()
    (course / "course" / "course.schema.json").unlink()
    schema.symlink_to(target)
    before = snapshot(course)
    assert_refused(*run(capsys, "schema", "--write", str(course)), str(schema))
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert snapshot(course) == before  # not even the other schema


def test_schema_write_refuses_a_course_folder_that_is_a_link(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "course").rename(outside / "course")
    (course / "course").symlink_to(outside / "course")
    before = snapshot(outside)
    assert_refused(*run(capsys, "schema", "--write", str(course)), str(course / "course"))
    assert snapshot(outside) == before


def test_schema_write_replaces_real_files_in_place_keeping_their_mode(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = course / "course" / "lesson.schema.json"
    schema.write_text("old\n", encoding="utf-8")
    schema.chmod(0o640)
    code, out, err = run(capsys, "schema", "--write", str(course))
    assert (code, err) == (0, "")
    assert f"wrote {schema}" in out
    assert schema.read_text(encoding="utf-8").startswith("{")
    assert stat.S_IMODE(schema.stat().st_mode) == 0o640
    assert not [p for p in (course / "course").iterdir() if p.name.endswith(".tmp")]


def test_schema_write_into_a_plain_folder_refuses_a_link_there(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "course.schema.json").symlink_to(outside / "made.json")  # dangling: would be created
    assert_refused(*run(capsys, "schema", "--write", str(folder)), str(folder / "course.schema.json"))
    assert list(outside.iterdir()) == []
    assert [p.name for p in folder.iterdir()] == ["course.schema.json"]


# -- new lesson ----------------------------------------------------------------------------


def test_new_lesson_refuses_a_dangling_link_at_the_lesson_file(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = course / "lessons" / "evil.toml"
    lesson.symlink_to(outside / "created.toml")
    before = snapshot(course)
    assert_refused(*run(capsys, "new", "lesson", "evil", "--course", str(course)), str(lesson))
    assert list(outside.iterdir()) == []
    assert snapshot(course) == before  # the index does not list it either


def test_new_lesson_refuses_an_index_that_is_a_link(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = course / "course" / "course.toml"
    theirs = outside / "course.toml"
    index.rename(theirs)
    index.symlink_to(theirs.resolve())
    before, before_outside = snapshot(course), snapshot(outside)
    assert_refused(*run(capsys, "new", "lesson", "evil", "--course", str(course)), str(index))
    assert snapshot(outside) == before_outside
    assert snapshot(course) == before  # no lesson file was written either


def test_new_lesson_refuses_a_lessons_folder_that_is_a_link(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "lessons").rename(outside / "lessons")
    (course / "lessons").symlink_to((outside / "lessons").resolve())
    before, before_outside = snapshot(course), snapshot(outside)
    assert_refused(*run(capsys, "new", "lesson", "evil", "--course", str(course)), str(course / "lessons"))
    assert (snapshot(course), snapshot(outside)) == (before, before_outside)


def test_new_lesson_refuses_a_schema_that_is_a_link_before_writing_the_lesson(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = course / "course" / "course.schema.json"
    schema.unlink()
    schema.symlink_to(outside / "made.json")
    before = snapshot(course)
    assert_refused(*run(capsys, "new", "lesson", "fine", "--course", str(course)), str(schema))
    assert snapshot(course) == before
    assert list(outside.iterdir()) == []


def test_new_lesson_still_writes_with_the_usual_permissions(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mask = os.umask(0o022)
    try:
        code, out, err = run(capsys, "new", "lesson", "fine", "--course", str(course))
    finally:
        os.umask(mask)
    assert (code, err) == (0, "")
    lesson = course / "lessons" / "fine.toml"
    assert out.startswith(f"Wrote {lesson}\n")
    assert stat.S_IMODE(lesson.stat().st_mode) == 0o644
    assert '"fine"' in (course / "course" / "course.toml").read_text(encoding="utf-8")


# -- new course ----------------------------------------------------------------------------


@pytest.mark.parametrize("linked", ["course", "lessons", "lessons/welcome.toml", "course/course.toml"])
def test_new_course_refuses_links_in_an_existing_folder(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, linked: str
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("fresh")
    (folder / "course").mkdir(parents=True)
    (folder / "lessons").mkdir()
    link = folder / linked
    if link.exists():
        link.rmdir()
    (outside / "made").mkdir()
    link.symlink_to(outside / "made" if "." not in linked else outside / "made.toml")
    before = snapshot(folder)
    assert_refused(*run(capsys, "new", "course", str(folder)), str(link))
    assert snapshot(folder) == before
    assert snapshot(outside) == {"made": "folder"}


# -- the shared writer ---------------------------------------------------------------------


def test_write_text_below_never_replaces_a_new_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """With new=True an existing file stays; a replacement is whole, with no temporary file left."""
    root = tmp_path / "root"
    (root / "course").mkdir(parents=True)
    target = root / "course" / "x.json"
    write_text_below(root, target, "one")
    with pytest.raises(FileExistsError):
        write_text_below(root, target, "two", new=True)
    assert target.read_text(encoding="utf-8") == "one"
    write_text_below(root, target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    assert sorted(p.name for p in (root / "course").iterdir()) == ["x.json"]


def test_write_text_below_refuses_a_fifo(tmp_path: Path) -> None:
    target = tmp_path / "pipe.toml"
    os.mkfifo(target)
    with pytest.raises(NotARegularFileError, match="not a regular file"):
        write_text_below(tmp_path, target, "x")
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


# -- the index, the lock: words that say what is wrong ----------------------------------------


def test_a_named_pipe_for_the_index_is_not_called_missing(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = course / "course" / "course.toml"
    index.unlink()
    os.mkfifo(index)
    code, out, err = run(capsys, "check", str(course))
    assert code != 0
    assert "missing" not in out + err
    assert "is a named pipe, not a regular file" in out + err
    assert "Traceback" not in err
    code, out, err = run(capsys, "new", "lesson", "fine", "--course", str(course))
    assert code != 0
    assert "is a named pipe, not a regular file" in err
    assert not (course / "lessons" / "fine.toml").exists()


def test_a_lock_file_that_is_a_link_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lock = lock_path(data, "some-course")
    lock.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(LockFileError) as caught, CourseLock(data, "some-course"):
        pass
    assert str(lock) in caught.value.message
    assert "symbolic link" in caught.value.message
    assert "remove the link" in caught.value.hint
    assert not (tmp_path / "elsewhere").exists()


def test_a_command_reports_a_linked_lock_file_without_errno(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from unclench.folders import bundled_course_root
    from unclench.loader import load_course

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    course_id = load_course(bundled_course_root()).id
    lock_path(data, course_id).symlink_to(tmp_path / "elsewhere")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    code, _out, err = run(capsys, "reset", "--journal")
    assert code != 0
    assert "Errno" not in err
    assert err.startswith("error: the lock file ")
    assert "\nhint: remove the link" in err
    assert not (tmp_path / "elsewhere").exists()


def test_a_cache_is_never_written_through_a_link_in_the_data_folder(tmp_path: Path) -> None:
    from unclench.cachefiles import CACHE_DIR, write_cache_file

    data = tmp_path / "data"
    data.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data / CACHE_DIR).symlink_to(elsewhere)
    with pytest.raises(NotARegularFileError, match="symbolic link"):
        write_cache_file(data / CACHE_DIR / "course.json", {"a": 1})
    assert list(elsewhere.iterdir()) == []
    (data / CACHE_DIR).unlink()
    write_cache_file(data / CACHE_DIR / "course.json", {"a": 1})
    assert (data / CACHE_DIR / "course.json").read_text(encoding="utf-8") == '{"a":1}'
    assert stat.S_IMODE((data / CACHE_DIR / "course.json").stat().st_mode) == 0o600


def test_a_read_only_index_is_left_alone_and_the_author_told_what_to_add(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    index = course / "course" / "course.toml"
    before = index.read_bytes()
    index.chmod(0o444)
    if os.geteuid() == 0:  # root may write any file: answer as the system would for anyone else
        real_access = os.access

        def access(path: object, mode: int, **options: object) -> bool:
            if Path(str(path)) == index and mode == os.W_OK:
                return False
            return real_access(path, mode, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
    code, out, err = run(capsys, "new", "lesson", "fine", "--course", str(course))
    assert (code, err) == (0, "")
    assert f"{index} was not changed" in out
    assert 'Add "fine" to the lessons = [...] list' in out
    assert index.read_bytes() == before
    assert stat.S_IMODE(index.stat().st_mode) == 0o444
