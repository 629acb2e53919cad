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


# -- one command's parser ----------------------------------------------------------------------

COMMAND_LINES = [
    ["check"],
    ["check", "--no-cache"],
    ["check", "a", "b", "--format", "json", "--against-progress"],
    ["--course", "x", "check"],
    ["--course=x", "status", "--json"],
    ["status", "--course", "y"],
    ["export", "--format", "json", "-o", "out/", "--force"],
    ["import", "-"],
    ["reset", "--lesson", "welcome", "--journal", "-y"],
    ["schema", "course", "--write", "dir"],
    ["new", "lesson", "breathing", "--course", "c", "--module", "m"],
    ["new", "course", "somewhere"],
    ["preview", "welcome", "--course", "c"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES)
def test_one_commands_parser_reads_a_command_line_as_every_commands_parser_does(argv: list[str]) -> None:
    named = cli.named_command(argv)
    assert named is not None
    assert vars(cli.build_parser(named).parse_args(argv)) == vars(cli.build_parser().parse_args(argv))


@pytest.mark.parametrize("command", list(cli.COMMANDS))
def test_one_commands_help_and_errors_are_those_of_every_commands_parser(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in ([command, "-h"], [command, "--no-such-option"], [command, "--format", "jsn"]):
        said = []
        for parser in (cli.build_parser(cli.named_command(argv)), cli.build_parser()):
            with pytest.raises(SystemExit) as stopped:
                parser.parse_args(argv)
            said.append((stopped.value.code, capsys.readouterr()))
        assert said[0] == said[1]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["-h"],
        ["--version"],
        ["--cour", "x", "check"],
        ["--course"],
        ["--course", "-x", "check"],
        ["chek"],
        ["--", "check"],
        ["--course=", "check"],
        ["x", "check"],
    ],
)
def test_anything_but_a_named_command_gets_every_commands_parser(argv: list[str]) -> None:
    assert cli.named_command(argv) is None


def test_a_named_command_imports_only_its_own_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from unclench import cli; cli.build_parser(cli.named_command(['status'])); "
        "print(sorted(m for m in sys.modules if m.startswith('unclench.cli.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['unclench.cli.record', 'unclench.cli.shared']"
