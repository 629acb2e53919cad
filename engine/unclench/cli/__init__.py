"""The ``unclench`` command line: parse the arguments, run the command.

One module per family of commands: :mod:`~unclench.cli.run` (no command: open
the course in the app), :mod:`~unclench.cli.check`, :mod:`~unclench.cli.author`
(``new``, ``schema``, ``preview``) and :mod:`~unclench.cli.record` (``status``,
``export``, ``import``, ``reset``); :mod:`~unclench.cli.shared` holds what they
share. Only running the course imports Textual; every other command starts
without it, so they stay quick.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from unclench import __version__
from unclench.cli.shared import EXIT_PROBLEMS
from unclench.errors import say

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMANDS", "build_parser", "main"]

#: Every command, with the module of :mod:`unclench.cli` that defines and runs it, in the order of the help.
COMMANDS = {
    "check": "check",
    "preview": "author",
    "new": "author",
    "schema": "author",
    "status": "record",
    "export": "record",
    "import": "record",
    "reset": "record",
    "move-record": "record",
}


def did_you_mean(message: str) -> str | None:
    """For argparse's "invalid choice" message, a suggestion of the closest choice (if one is close)."""
    import difflib
    import re

    match = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if match is None:
        return None
    choices = [choice.strip().strip("'") for choice in match.group(2).split(",")]
    close = difflib.get_close_matches(match.group(1), choices, n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every command, or for the command ``only`` alone (see :func:`named_command`)."""
    import argparse

    class Parser(argparse.ArgumentParser):
        """Suggests the closest command or choice when one is misspelt."""

        def error(self, message: str) -> NoReturn:
            suggestion = did_you_mean(message)
            super().error(f"{message}\n{suggestion}" if suggestion else message)

    parser = Parser(
        prog="unclench",
        description="A guided self-help course in the terminal. Without a command, opens the course.",
    )
    parser.add_argument("--version", action="version", version=f"unclench {__version__}")
    parser.add_argument(
        "--course",
        type=Path,
        metavar="DIR",
        help="a course folder (default: the course folder you are in or above, if yours, else the bundled course)",
    )

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for module in dict.fromkeys(COMMANDS.values()):
        if only is None or COMMANDS[only] == module:
            importlib.import_module(f"unclench.cli.{module}").add_parsers(commands, only)
    return parser


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, when it can be told without parsing: the first word, after ``--course DIR`` if any.

    Then only that command's parser is built (the parser of a command is all that
    reads the words after it), and only its module imported: every command line
    starts quicker. Anything else (an option before the command, ``-h``, an
    abbreviation, an unknown word) goes to the parser of every command.
    """
    rest = list(argv)
    if rest[:1] == ["--course"] and len(rest) > 2 and not rest[1].startswith("-"):
        rest = rest[2:]
    elif rest[:1] and rest[0].startswith("--course=") and rest[0] != "--course=":
        rest = rest[1:]
    return rest[0] if rest and rest[0] in COMMANDS else None


def _course_only(argv: Sequence[str]) -> tuple[bool, Path | None]:
    """Whether ``argv`` only opens the course (nothing, or ``--course DIR``), and which.

    Then the course starts without building the parser of every command (nor
    importing what they need): start-up to the course map is what a learner
    waits for. Anything else, abbreviations included, goes to the parser.
    """
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--course" and not argv[1].startswith("-"):
        return True, Path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--course=") and argv[0] != "--course=":
        return True, Path(argv[0].removeprefix("--course="))
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Output that cannot be written ends the command as Unix tools do: quietly
    when the reader went away (``| head``), else with one line on stderr
    (a full disk, a closed stdout); exit status 1 either way.
    """
    try:
        code = _main(argv)
        if sys.stdout is not None:
            sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PROBLEMS
    except OSError as error:
        _silence_stdout()
        where = f"{error.filename}: " if error.filename else ""
        closed = error.errno == errno.EBADF and not error.filename
        say("standard output is closed" if closed else f"{where}{error.strerror or error}")
        return EXIT_PROBLEMS


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    import contextlib
    import os

    with contextlib.suppress(OSError, AttributeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _main(argv: Sequence[str] | None) -> int:
    course_only, course_dir = _course_only(sys.argv[1:] if argv is None else argv)
    if course_only:
        from unclench.cli.run import run_tui

        try:
            return run_tui(course_dir)
        except KeyboardInterrupt:
            return 130
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(named_command(words)).parse_args(words)
    try:
        if args.command is None:
            from unclench.cli.run import run_tui

            return run_tui(args.course)
        if args.command == "check":
            from unclench.cli import check

            return check.run(args)
        if args.command in ("new", "preview", "schema"):
            from unclench.cli import author

            return author.run(args)
        from unclench.cli import record

        return record.run(args)
    except KeyboardInterrupt:
        return 130
