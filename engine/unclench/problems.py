"""What the loader reports: problems in course files, and why a course cannot be opened.

Kept apart from the loader so that code which only reports these (the command
line) does not import pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a line and column, under a key path."""

    path: Path
    line: int
    col: int
    key: str
    message: str

    def format(self, base: Path | None = None) -> str:
        """``FILE:LINE:COL: key: message``, with FILE relative to ``base`` where possible."""
        shown = display_path(self.path, base)
        key = f" {self.key}:" if self.key else ""
        return f"{shown}:{self.line}:{self.col}:{key} {self.message}"


class NotACourseError(Exception):
    """The folder given is not a course folder (it has no ``course/course.toml``)."""


class CourseLoadError(Exception):
    """A course could not be loaded; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the course")
        self.problems = problems


def display_path(path: Path, base: Path | None) -> str:
    """``path`` relative to ``base`` where it lies inside it, else as given."""
    if base is not None:
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)
