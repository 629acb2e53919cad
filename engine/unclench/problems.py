"""What the loader reports: problems in course files, and why a course cannot be opened.

Kept apart from the loader so that code which only reports these (the command
line) does not import pydantic.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from unclench.errors import UnclenchError
from unclench.frozen import frozen_record
from unclench.text import capped_line, one_line, shortened

if TYPE_CHECKING:
    from unclench.course import Course
    from unclench.tomlpos import KeyPath

Severity = Literal["error", "warning"]


@frozen_record(order=True)
class Problem:
    """One thing wrong in one file, at a line and column, under a key path, and how to fix it."""

    path: Path
    line: int
    col: int
    key: str
    message: str
    suggestion: str = ""
    """How to fix it, when the message alone does not say (e.g. "did you mean 'summary'?")."""
    severity: Severity = "error"

    def text(self) -> str:
        """The message and the suggestion, as one sentence for people."""
        return f"{self.message}; {self.suggestion}" if self.suggestion else self.message

    def format(self, base: Path | None = None) -> str:
        """``FILE:LINE:COL: key: message; suggestion``, with FILE relative to ``base`` where possible."""
        shown = display_path(self.path, base)
        key = f" {self.key}:" if self.key else ""
        warning = " warning:" if self.severity == "warning" else ""
        # A problem is one line, and never a flood of what a hostile file holds (see :func:`capped_line`).
        return one_line(capped_line(f"{shown}:{self.line}:{self.col}:{warning}{key} {self.text()}"))

    def as_json(self, base: Path | None = None) -> dict[str, Any]:
        """The problem as a JSON object, for editors and CI (``unclench check --format json``)."""
        return {
            "file": display_path(self.path, base),
            "line": self.line,
            "column": self.col,
            "key": capped_line(self.key),
            "severity": self.severity,
            "message": capped_line(self.message),
            "suggestion": capped_line(self.suggestion),
        }


def missing_index_problem(root: Path, *, named: bool = False) -> Problem:
    """The problem of a folder that looks like a course (lessons/ or course/ with .toml files) but has no index
    (``named``: the author named the folder, so passing ``--course`` for another is no advice)."""
    from unclench.folders import COURSE_INDEX, index_absence, misnamed_index

    why = index_absence(root)
    if why != f"it has no {COURSE_INDEX}":  # something is there, but not a file to read
        return Problem(
            root / COURSE_INDEX,
            1,
            1,
            "",
            why.removeprefix(f"its {COURSE_INDEX} "),
            "replace it with the course's index, a plain .toml file",
        )
    meant = misnamed_index(root)
    return Problem(
        root / COURSE_INDEX,
        1,
        1,
        "",
        "missing: this folder looks like a course (it has course/ or lessons/ with .toml files) "
        "but has no course/course.toml, the course's index",
        _index_fix(meant, COURSE_INDEX)
        if meant is not None
        else "create it (`unclench new course OTHER-FOLDER` writes an example to copy from)"
        + ("" if named else ", or pass --course DIR"),
    )


def _index_fix(meant: Path, index: Path) -> str:
    """``did you mean course/Course.toml? ...``: how to make a misnamed or misplaced index the index."""
    folder = meant.parent.as_posix()
    if meant.name == index.name and folder == ".":
        how = f"move it into {index.parent.as_posix()}/"
    elif meant.name == index.name:
        how = f"rename the folder {folder}/ to {index.parent.as_posix()}/"
    else:
        how = f"rename it to {index.as_posix()}"
    if meant.as_posix().casefold() == index.as_posix().casefold():
        how += " (names are case-sensitive)"
    return f"did you mean {meant.as_posix()}? {how[0].upper()}{how[1:]}"


class NotACourseError(UnclenchError):
    """The folder given is not a course folder (it has no ``course/course.toml``)."""


class CourseLoadError(UnclenchError):
    """A course could not be loaded; ``problems`` says why."""

    def __init__(self, problems: list[Problem], partial: Course | None = None) -> None:
        super().__init__(f"{len(problems)} problem(s) in the course")
        self.problems = problems
        self.partial = partial
        """The course as far as it loads (its index and the lessons without problems), for ``check``'s warnings."""


def borrowed_id_problems(root: Path, course: Course | None) -> list[Problem]:
    """The error of a course that uses the bundled course's id: it would share the learner's record in it.

    Here, not in the loader: ``check`` adds it to a course that passed from the cache, without the loader.
    For a course that did not load (``course`` None), the id is read from its course.toml as far as it can be,
    so that this error comes in the same run as the others, not only once they are fixed.
    """
    from unclench.folders import BUNDLED_COURSE_ID, COURSE_INDEX, borrows_bundled_id, index_says

    course_id = course.id if course is not None else index_says(root)[0]
    if course_id is None or not borrows_bundled_id(course_id, root):
        return []
    return [
        Problem(
            root / COURSE_INDEX,
            *course_id_position(root),
            "id",
            f"'{BUNDLED_COURSE_ID}' is the id of the course that comes with Unclench; a learner's record is "
            "kept by course id, so this course would show and change their record in that course (Unclench will "
            "not open it)",
            'choose your own id, e.g. id = "my-course"',
        )
    ]


def course_id_position(root: Path) -> tuple[int, int]:
    """Where the course folder ``root``'s course.toml says the course's id (its first line when that cannot be told)."""
    from unclench.folders import COURSE_INDEX
    from unclench.tomlpos import key_positions

    try:
        return key_positions((root / COURSE_INDEX).read_text(encoding="utf-8")).get(("id",), (1, 1))
    except (OSError, UnicodeError, ValueError, RecursionError):
        return 1, 1


def warning_at(path: Path, key: KeyPath, message: str, fix: str) -> Problem:
    """A warning at ``key`` of the file ``path``, placed where the file writes it (its first line when that cannot
    be told). The file is read for its positions only now: most checks find nothing to place."""
    from unclench.tomlpos import key_positions, nearest_position

    try:
        (line, col), _exact = nearest_position(key_positions(path.read_text(encoding="utf-8")), key)
    except (OSError, UnicodeError, ValueError, RecursionError):
        line, col = 1, 1
    return Problem(path, line, col, key_text(key), message, fix, "warning")


def display_path(path: Path, base: Path | None) -> str:
    """``path`` relative to ``base`` where it lies inside it, else as given."""
    if base is not None:
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


def key_text(path: KeyPath) -> str:
    """A key path as an author reads it: ``steps[2].choices[0].text``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else repr(part)
            shown = shortened(shown)
            out += f".{shown}" if out else shown
    return out
