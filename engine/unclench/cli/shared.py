"""What every command shares: exit codes, how a failure is said, and the course the arguments mean.

Every command takes ``--course DIR`` (default: the top-level ``--course``, else
the course folder you are in when it is yours, else the bundled course:
:func:`unclench.folders.discover_course`). Exit status: 0 done, 1 problems or
failed (nothing or nothing more was changed), 2 usage error. Problems are
explained on stderr, never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from unclench.errors import UnclenchError
from unclench.frozen import frozen_record
from unclench.text import print_line

if TYPE_CHECKING:
    import argparse

    from unclench.course import Course
    from unclench.folders import Discovered
    from unclench.problems import CourseLoadError

EXIT_OK = 0
#: Problems found (``check``), or the command failed: nothing (more) was changed.
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class Failed(UnclenchError):
    """Stop a command: print ``message`` (and ``hint``) and exit with ``code``."""

    def __init__(self, message: str, code: int = EXIT_PROBLEMS, hint: str = "") -> None:
        super().__init__(message, hint)
        self.code = code


@frozen_record
class RecordPlace:
    """Where this user's record is: the data folder, and the database in it."""

    folder: Path
    database: Path


def record_place() -> RecordPlace:
    """Where this user's record is (nothing is created)."""
    from unclench import paths

    folder = paths.data_dir()
    return RecordPlace(folder, folder / paths.DB_FILENAME)


def info(message: str) -> None:
    """Print a note for the person on stderr, keeping stdout for what the command produces."""
    print_line(message, file=sys.stderr)


def plural(number: int, noun: str, nouns: str | None = None) -> str:
    """``1 lesson``, ``2 lessons``, ``3,899 problems`` (``nouns`` when the plural is not ``noun + 's'``)."""
    return f"{number:,} {noun if number == 1 else (nouns or noun + 's')}"


def course_dir(args: argparse.Namespace) -> Path | None:
    """The course folder the arguments name: the command's own ``--course``, else the top-level one."""
    return getattr(args, "sub_course", None) or getattr(args, "course", None)


def why_chosen(found: Discovered) -> str:
    """Why a command works on the course ``found``, as a note after its folder: " (the bundled course; ...)".

    Empty for the course folder the person is standing in: that needs no explaining.
    """
    if found.why == "the course folder you are in" and is_here(found.root):
        return ""
    return f" ({found.why})"


def find_course(course: Path | None, otherwise: str) -> Discovered:
    """The course folder the arguments mean (and how it was chosen), refusing one whose ``course.toml`` is missing.

    Args:
        course: The folder given with ``--course``, if any.
        otherwise: What else the person can do, ending the refusal's message.

    Raises:
        Failed: The folder is not a course yet (its problem is printed first); the course folder you are in
            belongs to another user.
    """
    from unclench import folders
    from unclench.problems import missing_index_problem

    try:
        found = folders.discover_course(course, Path.cwd())
    except folders.NotYourCourseError as error:
        raise Failed(error.message, hint=error.hint) from None
    if found.index_missing:
        print_line(missing_index_problem(found.root).format(Path.cwd()), file=sys.stderr)
        raise Failed(f"{found.root} is not a course yet", hint=f"fix it (see `unclench check`), {otherwise}")
    return found


def course_problems(root: Path, error: CourseLoadError, then: str = "") -> Failed:
    """Print the problems of a course that did not load; the failure to raise (``then``: what next)."""
    for problem in error.problems:
        print_line(problem.format(Path.cwd()), file=sys.stderr)
    return Failed(
        f"the course in {root} has {plural(len(error.problems), 'problem')}",
        hint=f"fix {'it' if len(error.problems) == 1 else 'them'} (see `unclench check`){then}",
    )


def load_course_at(root: Path) -> Course:
    """The course in ``root`` (from the cache when unchanged), not yet checked for a borrowed id.

    Raises:
        Failed: It is not a course.
        CourseLoadError: It has problems (each command decides what that means for it).
    """
    from unclench import coursecache
    from unclench.problems import NotACourseError

    try:
        return coursecache.load_course(root)
    except NotACourseError as error:
        raise Failed(error.message, EXIT_USAGE, error.hint) from None


def course_from_args(args: argparse.Namespace) -> Course:
    """The course a record command works on, loaded (from the cache when unchanged).

    Raises:
        Failed: It is not a course, or has problems (printed).
    """
    from unclench.problems import CourseLoadError

    root = find_course(course_dir(args), "or pass --course DIR").root
    try:
        course = load_course_at(root)
    except CourseLoadError as error:
        raise course_problems(root, error, ", then try again") from None
    refuse_borrowed_id(course, root)
    return course


def refuse_borrowed_id(course: Course, root: Path) -> None:
    """Refuse a course folder that claims the bundled course's id: the learner's record in it is not its to show.

    Raises:
        Failed: ``course`` uses the bundled course's id but is not the bundled course.
    """
    from unclench.folders import BUNDLED_COURSE_ID, COURSE_INDEX, borrows_bundled_id

    if borrows_bundled_id(course.id, root):
        raise Failed(
            f"the course in {root} says its id is '{BUNDLED_COURSE_ID}', which belongs to the course that comes "
            "with Unclench, so it was not opened: your record in that course stays with that course",
            hint=f"if you wrote this course, give it its own id in {root / COURSE_INDEX} (for example "
            'id = "my-course"), then run `unclench check`',
        )


def shown(folder: Path) -> str:
    """A folder as the author knows it: relative to where they are when inside it."""
    from unclench.problems import display_path

    try:
        resolved, here = folder.resolve(), Path.cwd().resolve()
    except (OSError, RuntimeError):
        return str(folder)
    if resolved == here:
        return "this folder"
    return display_path(resolved, here)


def is_here(folder: Path) -> bool:
    """Whether ``folder`` is the current folder."""
    try:
        return folder.resolve() == Path.cwd().resolve()
    except (OSError, RuntimeError):
        return False


def course_option(parser: argparse.ArgumentParser) -> None:
    """Give a command its own ``--course DIR`` (read back with :func:`course_dir`)."""
    parser.add_argument(
        "--course",
        type=Path,
        metavar="DIR",
        dest="sub_course",
        help="a course folder (default: the top-level --course, else the course folder you are in or above, "
        "if yours, else the bundled course)",
    )
