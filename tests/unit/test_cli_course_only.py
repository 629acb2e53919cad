"""Opening the course skips building the parser of every command, and means what the parser would."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli
from unclench.cli.shared import EXIT_USAGE


@pytest.mark.parametrize(
    "argv",
    [[], ["--course", "some/dir"], ["--course=some/dir"], ["--course", ""], ["--course", "dir with spaces"]],
)
def test_course_only_agrees_with_the_parser(argv: list[str]) -> None:
    course_only, course_dir = cli._course_only(argv)
    args = cli.build_parser().parse_args(argv)
    assert course_only
    assert args.command is None
    assert course_dir == args.course


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["status", "--course", "x"],
        ["--course", "x", "status"],
        ["--cour", "x"],  # an abbreviation: the parser decides
        ["--course"],
        ["--course="],
        ["--course", "-x"],
        ["--version"],
        ["-h"],
    ],
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert cli._course_only(argv) == (False, None)


def test_a_folder_without_a_course_is_a_usage_error(tmp_path: Path) -> None:
    assert cli.main(["--course", str(tmp_path)]) == EXIT_USAGE
    assert cli.main([f"--course={tmp_path}"]) == EXIT_USAGE
