"""The shape of a course folder: where the index and the lessons are, and which files count.

Kept apart from the loader so that code which only needs to find files (the
course cache, the command line) does not import pydantic.
"""

from __future__ import annotations

from pathlib import Path

COURSE_INDEX = Path("course") / "course.toml"
LESSONS_DIR = "lessons"
#: A course folder with more lesson files than this is refused.
MAX_LESSON_FILES = 10_000


def is_course_folder(path: Path) -> bool:
    """Whether ``path`` is a folder holding ``course/course.toml``.

    A folder that cannot be looked into counts as one: reading it then says why it cannot be read.
    """
    try:
        return (path / COURSE_INDEX).is_file()
    except PermissionError:
        return True
    except (OSError, RuntimeError):
        return False


def enclosing_course(start: Path) -> Path | None:
    """The course folder ``start`` is in: ``start`` itself or the nearest folder above it that is one."""
    try:
        here = start.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (here, *here.parents):
        try:
            if is_course_folder(folder):
                return folder
        except OSError:
            return None
    return None


def lesson_files(root: Path) -> list[Path]:
    """The lesson files of a course folder, sorted by name (at most one more than the limit).

    Every ``lessons/*.toml`` whose name does not start with a dot; the loader
    reports the ones that are not regular files.

    Raises:
        OSError: The lessons folder cannot be read.
    """
    folder = root / LESSONS_DIR
    if not folder.is_dir():
        return []
    files: list[Path] = []
    for entry in folder.iterdir():
        if entry.suffix == ".toml" and not entry.name.startswith("."):
            files.append(entry)
            if len(files) > MAX_LESSON_FILES:
                break
    return sorted(files)


def bundled_course_root() -> Path:
    """The folder of the course that ships with Unclench.

    In a wheel it is packaged as ``unclench/_bundled``; in a source checkout
    it is the repository itself.
    """
    packaged = Path(__file__).resolve().parent / "_bundled"
    if is_course_folder(packaged):
        return packaged
    return Path(__file__).resolve().parents[2]
