"""A course found in or above the folder you are in opens only when it is yours (like git's safe.directory).

Anyone who can write a folder above yours (``/tmp``, a shared folder, an unpacked archive) could plant a
look-alike course there, with its own helplines on the support card. Naming a course with ``--course``
opens it whoever owns it; one Unclench finds on its own must belong to the person running it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from unclench import cli, folders
from unclench.folders import COURSE_INDEX, NotYourCourseError, discover_course, yours_above

BASE_COURSE = Path(__file__).parent / "data" / "base_course"
NOBODY = 65534
as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or not hasattr(os, "chown"),
    reason="giving a folder to another user needs root",
)


PARTS = {
    "root": ".",
    "course": "course",
    "index": "course/course.toml",
    "lessons": "lessons",
    "lesson": "lessons/welcome.toml",
}


def planted(tmp_path: Path, part: str = "course") -> tuple[Path, Path]:
    """A course in ``tmp_path/up`` whose ``part`` belongs to nobody, and a folder three levels inside it."""
    root = tmp_path / "up"
    shutil.copytree(BASE_COURSE, root)
    inside = root / "a" / "b" / "c"
    inside.mkdir(parents=True)
    os.chown(root / PARTS[part], NOBODY, -1)
    return root.resolve(), inside


@as_root
@pytest.mark.parametrize(
    ("part", "said"),
    [
        ("root", "it belongs"),
        ("course", "its course/ folder belongs"),
        ("index", "its course/course.toml belongs"),
        ("lessons", "its lessons/ folder belongs"),
        ("lesson", "its lessons/welcome.toml belongs"),
    ],
)
def test_a_course_above_with_a_part_of_another_user_is_refused(tmp_path: Path, part: str, said: str) -> None:
    root, inside = planted(tmp_path, part)
    with pytest.raises(NotYourCourseError) as raised:
        discover_course(None, inside)
    assert raised.value.root == root
    assert f"{said} to another user ({folders.owner_name(NOBODY)})" in raised.value.message
    assert "found in a folder above the one you are in" in raised.value.message
    assert f"--course {root}" in raised.value.hint


@as_root
def test_standing_in_another_users_course_is_refused_too(tmp_path: Path) -> None:
    root, _inside = planted(tmp_path, "index")
    with pytest.raises(NotYourCourseError, match="found in the folder you are in"):
        yours_above(root)


@as_root
def test_a_course_given_with_course_opens_whoever_owns_it(tmp_path: Path) -> None:
    root, inside = planted(tmp_path)
    assert discover_course(root, inside).root == root


def test_your_own_course_above_is_found(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    shutil.copytree(BASE_COURSE, root)
    (root / "lessons" / "deep").mkdir()
    assert discover_course(None, root / "lessons" / "deep").root == root.resolve()
    assert folders.foreign_part(root) is None


def test_without_user_ids_nothing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "mine"
    shutil.copytree(BASE_COURSE, root)
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1, raising=False)
    assert folders.foreign_part(root) is not None  # as another user, it is not theirs
    monkeypatch.delattr(os, "geteuid", raising=False)  # Windows has no user ids to compare
    assert folders.foreign_part(root) is None
    assert discover_course(None, root).root == root.resolve()


def test_the_bundled_course_is_always_yours_to_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1, raising=False)
    bundled = folders.bundled_course_root()
    assert yours_above(bundled / COURSE_INDEX.parent) == bundled


@as_root
@pytest.mark.parametrize(
    "args",
    [[], ["check"], ["status"], ["status", "--json"], ["export"], ["preview"], ["new", "lesson", "extra"]],
)
def test_every_command_refuses_it_in_words_and_changes_nothing(
    args: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, inside = planted(tmp_path)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(inside)
    lessons_before = sorted(path.name for path in (root / "lessons").iterdir())
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"error: the course in {root} (found in a folder above the one you are in) is not yours: its course/ "
        f"folder belongs to another user ({folders.owner_name(NOBODY)}), and Unclench does not open another "
        "user's course on its own",
        f"hint: if you trust it, name it yourself: --course {root} (for example `unclench --course {root}`); "
        "otherwise run unclench from a folder outside it",
    ]
    assert sorted(path.name for path in (root / "lessons").iterdir()) == lessons_before
    assert not (tmp_path / "data").exists()  # no record opened, nothing written


@as_root
def test_check_of_it_by_name_still_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, inside = planted(tmp_path)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(inside)
    assert cli.main(["check", "--course", str(root)]) == 0
    assert capsys.readouterr().out.startswith("course OK:")


@as_root
def test_a_lesson_given_to_another_user_with_its_folder_is_refused(tmp_path: Path) -> None:
    """``chown -R 1234 lessons``: the other user can rewrite every lesson."""
    root, inside = planted(tmp_path, "lessons")
    for lesson in (root / "lessons").iterdir():
        os.chown(lesson, NOBODY, -1)
    with pytest.raises(NotYourCourseError, match="its lessons/ folder belongs to another user"):
        discover_course(None, inside)


@as_root
def test_a_lesson_of_another_user_through_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "up"
    shutil.copytree(BASE_COURSE, root)
    inside = root / "lessons"
    theirs = tmp_path / "theirs.toml"
    (root / "lessons" / "welcome.toml").rename(theirs)
    os.chown(theirs, NOBODY, -1)
    (root / "lessons" / "welcome.toml").symlink_to(theirs)
    with pytest.raises(NotYourCourseError, match=r"its lessons/welcome\.toml belongs to another user"):
        discover_course(None, inside)


def writable_by_all(tmp_path: Path, part: str) -> tuple[Path, Path]:
    """A course of the person's in ``tmp_path/up`` whose ``part`` every user may write to."""
    root = tmp_path / "up"
    shutil.copytree(BASE_COURSE, root)
    inside = root / "a" / "b" / "c"
    inside.mkdir(parents=True)
    target = root / PARTS[part]
    target.chmod(0o777 if target.is_dir() else 0o666)
    return root.resolve(), inside


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="no user ids, no modes to compare")
@pytest.mark.parametrize(
    ("part", "said"),
    [
        ("root", "it can be changed"),
        ("course", "its course/ folder can be changed"),
        ("index", "its course/course.toml can be changed"),
        ("lessons", "its lessons/ folder can be changed"),
        ("lesson", "its lessons/welcome.toml can be changed"),
    ],
)
def test_a_course_above_that_every_user_may_change_is_refused(tmp_path: Path, part: str, said: str) -> None:
    root, inside = writable_by_all(tmp_path, part)
    with pytest.raises(NotYourCourseError) as raised:
        discover_course(None, inside)
    assert raised.value.root == root
    assert raised.value.owner is None
    assert raised.value.message == (
        f"the course in {root} (found in a folder above the one you are in) is not yours alone: {said} by every "
        "user of this computer, and Unclench does not open on its own a course others can change"
    )
    assert raised.value.hint == (
        f"if it is yours, let only you change it: `chmod -R o-w {root}`; if you trust it, name it yourself: "
        f"--course {root} (for example `unclench --course {root}`); otherwise run unclench from a folder outside it"
    )
    assert discover_course(root, inside).root == root  # named, it opens
    only_you_may_change(root)
    assert discover_course(None, inside).root == root  # and the hint's fix works


def only_you_may_change(root: Path) -> None:
    """What ``chmod -R o-w root`` does."""
    for path in (root, *root.rglob("*")):
        path.chmod(path.stat().st_mode & ~0o002)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="no user ids, no modes to compare")
def test_a_folder_others_may_only_write_as_a_group_or_may_read_is_yours(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    shutil.copytree(BASE_COURSE, root)
    for path in (root, *root.rglob("*")):
        path.chmod(0o775 if path.is_dir() else 0o664)  # umask 002, a group of one's own
    assert folders.foreign_part(root) is None
    (root / "lessons" / "notes.txt").write_text("ideas", encoding="utf-8")
    (root / "lessons" / "notes.txt").chmod(0o666)  # not read
    (root / "course" / "course.schema.json").write_text("{}", encoding="utf-8")
    (root / "course" / "course.schema.json").chmod(0o666)  # not read either
    assert folders.foreign_part(root) is None


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="no user ids, no modes to compare")
def test_the_app_and_the_commands_refuse_a_course_every_user_may_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _root, inside = writable_by_all(tmp_path, "lessons")
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(inside)
    for args in ([], ["status"], ["export"], ["check"]):
        assert cli.main(args) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert "is not yours alone: its lessons/ folder can be changed by every user" in err
    assert not (tmp_path / "data").exists()
