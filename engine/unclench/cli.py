"""The ``unclench`` command line.

Only running the course imports Textual; ``check``, ``status``, ``export``,
``schema`` and the rest start without it, so they stay quick.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from unclench import __version__
from unclench.errors import say
from unclench.text import print_visible

if TYPE_CHECKING:
    import argparse

    from unclench.course import Course
    from unclench.problems import Problem

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _error(message: str) -> None:
    say(message)


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
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
        help="a course folder (default: the course folder you are in or above, else the bundled course)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate course folders or lesson files",
        description="Validate course folders or single lesson files. Without a PATH: the course given by "
        "--course, else the course folder you are in (or above), else the bundled course. "
        "Exit 0 valid, 1 problems, 2 usage error.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="course folders or lesson files")
    _course_option(check)
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (default) or json: the problems as one JSON document on stdout, for editors and CI",
    )
    check.add_argument(
        "--against-progress",
        action="store_true",
        help="also list progress saved on this machine that these lessons would orphan",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="validate every file, even of a course unchanged since it last passed",
    )

    preview = commands.add_parser(
        "preview",
        help="open a lesson as learners see it, reloaded whenever you save the course's files",
        description="Open the app on LESSON_ID (default: the first lesson) of the course given by --course, "
        "else the course folder you are in. Every save reloads it at the same step; problems in the "
        "course are shown instead of the lesson until they are fixed. Progress goes to a temporary "
        "folder, deleted afterwards: your own record is never touched.",
    )
    preview.add_argument("lesson_id", nargs="?", metavar="LESSON_ID", help="the lesson to open")
    _course_option(preview)

    new = commands.add_parser("new", help="scaffold a lesson or a course")
    new_kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    new_lesson = new_kinds.add_parser("lesson", help="write a lesson from a template and list it in the course")
    new_lesson.add_argument("id", help="the new lesson's id, e.g. breathing-basics")
    new_lesson.add_argument(
        "--course",
        type=Path,
        metavar="DIR",
        dest="sub_course",
        help="course folder (default: the course folder you are in)",
    )
    new_lesson.add_argument("--module", metavar="ID", help="the module to list it in (default: the last)")
    new_course = new_kinds.add_parser("course", help="scaffold a course folder with one sample lesson")
    new_course.add_argument("dir", type=Path, metavar="DIR")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of lesson files or course.toml, or write both into a course",
        description="Print the JSON Schema of lesson files (default) or of course.toml. With --write DIR, "
        "write both into DIR's course/ folder (DIR a course folder) or into DIR, where the `#:schema` "
        "lines of `unclench new` point; run it again after upgrading Unclench.",
    )
    schema.add_argument("kind", nargs="?", choices=["lesson", "course"], default="lesson")
    schema.add_argument("--write", type=Path, metavar="DIR", help="write both schemas into DIR (see above)")

    _add_record_commands(commands)
    return parser


def _course_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        type=Path,
        metavar="DIR",
        dest="sub_course",
        help="a course folder (default: the top-level --course, else the course folder you are in or above, "
        "else the bundled course)",
    )


def _add_record_commands(commands: Any) -> None:
    """Add ``status``, ``export``, ``import`` and ``reset`` (run by :mod:`unclench.record_cli`).

    Args:
        commands: The object ``ArgumentParser.add_subparsers`` returned.
    """
    status = commands.add_parser(
        "status",
        help="show progress in a course, without opening it",
        description="Show each module's completion, where you are, your journal and check-in counts, "
        "and where your data lives. Reads only.",
    )
    _course_option(status)
    status.add_argument("--json", action="store_true", help="print the unclench.status/1 JSON document")

    export = commands.add_parser(
        "export",
        help="write your journal, quiz results and check-ins as Markdown or JSON",
        description="Write your whole record in a course: journal answers with their questions, quiz "
        "results, check-ins, acknowledgements and completions. Markdown is for reading; JSON is complete "
        "and can be brought back with `unclench import`. Files are created readable only by you.",
    )
    _course_option(export)
    export.add_argument("--format", choices=["md", "json"], default="md", help="md (default) or json")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of the screen ('-': stdout; 'FOLDER/': unclench-COURSE.md or .json in it)",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it is a regular file")

    imp = commands.add_parser(
        "import",
        help="bring back a JSON export into a data folder with no progress in the course",
        description="Bring back a record written by `unclench export --format json`. The data folder "
        "must have no progress in the course yet (use `unclench reset --journal` first).",
    )
    _course_option(imp)
    imp.add_argument("file", metavar="FILE", help="the JSON export ('-': stdin)")

    reset = commands.add_parser(
        "reset",
        help="forget progress in a course or a lesson (asks first; keeps a backup)",
        description="Forget positions, completions, quiz answers and check-ins in the whole course or "
        "one lesson. Journal answers are kept unless --journal is given. A backup of the database is "
        "written first, in the data folder's backups/ folder.",
    )
    _course_option(reset)
    reset.add_argument("--lesson", metavar="ID", help="only this lesson (default: the whole course)")
    reset.add_argument("--journal", action="store_true", help="also forget journal answers")
    reset.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


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
        _error("standard output is closed" if closed else f"{where}{error.strerror or error}")
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
        try:
            return _run_tui(course_dir)
        except KeyboardInterrupt:
            return 130
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(
                args.paths,
                course_dir=args.sub_course or args.course,
                as_json=args.format == "json",
                against_progress=args.against_progress,
                use_cache=not args.no_cache,
            )
        if args.command == "new":
            return _new(args)
        if args.command == "preview":
            return _preview(args.lesson_id, args.sub_course or args.course)
        if args.command == "schema":
            return _schema(args.kind, args.write)
        if args.command is None:
            return _run_tui(args.course)
        from unclench import record_cli

        return record_cli.run(args)
    except KeyboardInterrupt:
        return 130


def default_course(course: Path | None) -> tuple[Path, str]:
    """The course a command means when given no path: ``--course``, the one you are in, else the bundled one.

    Returns the folder and how it was chosen, in words (see :func:`unclench.folders.discover_course`).
    """
    from unclench import folders

    found = folders.discover_course(course, Path.cwd())
    return found.root, found.why


def _check(
    paths: list[Path],
    *,
    course_dir: Path | None = None,
    as_json: bool = False,
    against_progress: bool = False,
    use_cache: bool = True,
) -> int:
    from unclench import folders

    if as_json and against_progress:
        _error("--against-progress prints a report for people; run it without --format json")
        return EXIT_USAGE
    from unclench.problems import missing_index_problem

    targets = paths
    chosen: str | None = None  # when no path was given: why that course was checked ("": it is right here)
    if not targets:
        discovered = folders.discover_course(course_dir, Path.cwd())
        targets = [discovered.root]
        chosen = (
            ""
            if discovered.why == "the course folder you are in" and _is_here(discovered.root)
            else f" ({discovered.why})"
        )
    problems: list[Problem] = []
    checked: list[tuple[Path, Course | None]] = []  # (target, its course; None for a lesson file)
    for target in targets:
        if not target.exists():
            _error(f"{target}: no such file or folder")
            return EXIT_USAGE
        root = target if target.is_dir() else _course_of_index(target)
        if root is None:
            from unclench.loader import check_lesson_file

            problems += check_lesson_file(target).problems
            checked.append((target, None))
            continue
        if not folders.is_course_folder(root):
            if folders.looks_like_course(root):
                problems.append(missing_index_problem(root))
                checked.append((root, None))
                continue
            above = folders.enclosing_course(root)
            hint = "create one with `unclench new course DIR`"
            if above is not None:
                hint = f"did you mean {'.' if _is_here(above) else _shown(above)} (the course folder it is in)?"
            _error(f"{root} is not a course folder: it has no {folders.COURSE_INDEX}; {hint}")
            return EXIT_USAGE
        found, course = _check_course(root, use_cache=use_cache)
        problems += found
        checked.append((root, course))
    base = Path.cwd()
    if as_json:
        if not problems:  # warnings only of a course without errors, as in the text output
            problems = [
                warning for root, loaded in checked if loaded is not None for warning in _warnings(root, loaded)
            ]
        _print_json(problems, checked, base)
        if any(problem.severity == "error" for problem in problems):
            return EXIT_PROBLEMS
        return EXIT_OK
    for problem in problems:
        print_visible(problem.format(base), file=sys.stderr)
    if problems:
        files = len({p.path for p in problems})
        where = f", in {_shown(targets[0])}{chosen}" if chosen is not None else ""
        print_visible(f"{_count(len(problems), 'problem')} in {_count(files, 'file')}{where}", file=sys.stderr)
        return EXIT_PROBLEMS
    for target, loaded in checked:
        if loaded is not None:
            lessons = _count(len(loaded.lessons), "lesson")
            print_visible(f"course OK: {lessons} ({loaded.title}) in {_shown(target)}{chosen or ''}")
            for warning in _warnings(target, loaded):
                print_visible(warning.format(base), file=sys.stderr)
        else:
            print_visible(f"lesson OK: {target}")
            print_visible(_course_wide_note(target))
    if against_progress:
        return _report_orphans([loaded for _, loaded in checked if loaded is not None])
    return EXIT_OK


def _course_wide_note(lesson: Path) -> str:
    """What checking one lesson file leaves out, and how to check it (printed under "lesson OK")."""
    from unclench.folders import enclosing_course

    course = enclosing_course(lesson.parent)
    how = (
        f"`unclench check {'.' if course and _is_here(course) else _shown(course)}`"
        if course
        else "check its course folder"
    )
    return (
        "  only this file was checked: the course-wide rules (its id listed in course.toml, check-in, "
        f"safety and source ids, previous_ids) were not; to check them, {how}"
    )


def _warnings(root: Path, course: Course) -> list[Problem]:
    """What is allowed but unwise in a valid course; warnings never change the exit status."""
    from unclench.folders import COURSE_INDEX, lesson_files
    from unclench.problems import Problem
    from unclench.quiz import answer_position_warnings
    from unclench.schema import schema_line_warnings

    return [
        Problem(root / COURSE_INDEX, 1, 1, "", warning, severity="warning")
        for warning in answer_position_warnings(course)
    ] + schema_line_warnings([root / COURSE_INDEX, *lesson_files(root)])


def _shown(folder: Path) -> str:
    """A folder as the author knows it: relative to where they are when inside it."""
    from unclench.problems import display_path

    try:
        resolved, here = folder.resolve(), Path.cwd().resolve()
    except (OSError, RuntimeError):
        return str(folder)
    if resolved == here:
        return "this folder"
    return display_path(resolved, here)


def _is_here(folder: Path) -> bool:
    try:
        return folder.resolve() == Path.cwd().resolve()
    except (OSError, RuntimeError):
        return False


def _print_json(problems: list[Problem], checked: list[tuple[Path, Course | None]], base: Path) -> None:
    """``check --format json``: one ``unclench.check/1`` document on stdout."""
    from unclench.text import json_text

    document = {
        "format": "unclench.check/1",
        "ok": not any(problem.severity == "error" for problem in problems),
        "checked": [
            {
                "path": str(target),
                "kind": "lesson" if loaded is None and not target.is_dir() else "course",
                **({"id": loaded.id, "title": loaded.title, "lessons": len(loaded.lessons)} if loaded else {}),
            }
            for target, loaded in checked
        ],
        "problems": [problem.as_json(base) for problem in problems],
    }
    print_visible(json_text(document, sort_keys=False))


def _check_course(root: Path, *, use_cache: bool) -> tuple[list[Problem], Course | None]:
    """Check a course folder; an unchanged course that passed before passes again from the cache.

    The cache (see :mod:`unclench.coursecache`) holds only courses that loaded
    without problems, keyed by every file's size and times and by the engine's
    own files. After an edit, the files that changed are read and validated again
    and every rule across files is checked; unchanged lessons are not re-read.
    """
    if not use_cache:
        from unclench.loader import check_course

        result = check_course(root)
        return result.problems, result.course
    from unclench import coursecache
    from unclench.problems import CourseLoadError

    try:
        return [], coursecache.load_course(root)
    except CourseLoadError as error:
        return error.problems, None


def _course_of_index(path: Path) -> Path | None:
    """The course folder when ``path`` is a course's ``course/course.toml``."""
    from unclench.folders import COURSE_INDEX, is_course_folder

    parents = path.resolve().parents
    if path.name != COURSE_INDEX.name or len(parents) < 2 or not is_course_folder(parents[1]):
        return None
    return parents[1]


def _report_orphans(courses: list[Course]) -> int:
    """Print the saved progress on this machine that each course's lessons no longer have."""
    from unclench.record_cli import saved_record
    from unclench.status import orphaned
    from unclench.store.errors import StoreError

    for course in courses:
        try:
            orphans = orphaned(saved_record(course), course)
        except StoreError as error:
            _error(str(error))
            return EXIT_PROBLEMS
        if not orphans:
            print_visible(f"saved progress for '{course.id}' on this machine: nothing orphaned")
            continue
        print_visible(f"saved progress for '{course.id}' on this machine that these lessons no longer have:")
        for orphan in orphans:
            where = f"lesson '{orphan['lesson_id']}'"
            if orphan["step_id"]:
                where += f", step '{orphan['step_id']}'"
            gone = "step removed" if orphan["lesson_in_course"] else "lesson removed"
            print_visible(f"  {where} ({gone}): {orphan['count']} x {orphan['what'].replace('_', ' ')}")
        print_visible(
            "Journal answers are never deleted: they stay in `unclench export` under 'No longer in the course'."
        )
    return EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _schema(kind: Literal["lesson", "course"], write: Path | None) -> int:
    from unclench.schema import packaged_schema_text, write_schemas

    if write is None:
        print_visible(packaged_schema_text(kind), end="")
        return EXIT_OK
    from unclench.folders import COURSE_INDEX, is_course_folder

    folder = write / COURSE_INDEX.parent if is_course_folder(write) else write
    if not folder.is_dir():
        _error(f"{write} is not a folder; pass a course folder (or the folder to write the schemas into)")
        return EXIT_USAGE
    try:
        written = write_schemas(folder)
    except OSError as error:
        _error(f"cannot write the schemas into {folder}: {error.strerror or error}")
        return EXIT_PROBLEMS
    for path in written:
        print_visible(f"wrote {path}")
    return EXIT_OK


def _preview(lesson_id: str | None, course_dir: Path | None) -> int:
    import os
    import tempfile

    from unclench import folders, paths

    root, _why = default_course(course_dir)
    if not folders.is_course_folder(root):
        _error(f"{root} is not a course folder: it has no {folders.COURSE_INDEX}. Pass --course DIR.")
        return EXIT_USAGE
    before = os.environ.get(paths.DATA_DIR_ENV)
    with tempfile.TemporaryDirectory(prefix="unclench-preview-") as scratch:
        # Everything the preview writes (progress, caches) goes to the scratch folder.
        os.environ[paths.DATA_DIR_ENV] = scratch
        try:
            return _run_preview(root, lesson_id, Path(scratch))
        finally:
            if before is None:
                os.environ.pop(paths.DATA_DIR_ENV, None)
            else:
                os.environ[paths.DATA_DIR_ENV] = before


def _run_preview(root: Path, lesson_id: str | None, scratch: Path) -> int:
    from unclench.loader import check_course, did_you_mean

    result = check_course(root)
    if result.course is not None and lesson_id is not None and lesson_id not in result.course.lessons:
        known = list(result.course.lessons)
        hint = did_you_mean(lesson_id, known) or f"lessons: {', '.join(known)}"
        _error(f"{root} has no lesson '{lesson_id}'; {hint}")
        return EXIT_USAGE
    from unclench.store import ProgressStore
    from unclench.store.errors import StoreError

    try:
        with ProgressStore.open(scratch) as store:
            from unclench.tui.preview import PreviewApp

            PreviewApp(root, result.course, result.problems, store, lesson_id).run()
    except StoreError as error:
        _error(str(error))
        return EXIT_PROBLEMS
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from unclench.scaffold import ScaffoldError, new_course, new_lesson

    try:
        if args.kind == "course":
            written = new_course(args.dir)
            print_visible(f"Created a course in {args.dir}:")
            for path in written:
                print_visible(f"  {path}")
            print_visible(f"Check it with `unclench check {args.dir}`, run it with `unclench --course {args.dir}`.")
            return EXIT_OK
        from unclench.folders import enclosing_course

        # Like check: the course given, else the course folder you are in (or above), else here.
        root = args.sub_course or args.course or enclosing_course(Path.cwd()) or Path.cwd()
        made = new_lesson(root, args.id, args.module)
    except ScaffoldError as error:
        _error(str(error))
        return EXIT_USAGE
    print_visible(f"Wrote {made.path}")
    if made.registered_in:
        print_visible(f"Listed '{args.id}' in module '{made.registered_in}' of {root / 'course' / 'course.toml'}.")
    else:
        print_visible(made.instructions or "")
    return EXIT_OK


def _run_tui(course_dir: Path | None) -> int:
    import gc

    # Start-up makes mostly objects that live as long as the app (modules, the course):
    # collecting them over and over only delays the first frame. They are frozen out of
    # the collector's way just before the app runs; collection is back on from then.
    gc.disable()
    try:
        return _open_course(course_dir)
    finally:
        gc.enable()


def _open_course(course_dir: Path | None) -> int:
    import gc

    from unclench import coursecache, folders
    from unclench.problems import CourseLoadError, NotACourseError
    from unclench.store import ProgressStore
    from unclench.store.errors import StoreError

    found = folders.discover_course(course_dir, Path.cwd())
    root = found.root
    if found.index_missing:
        from unclench.problems import missing_index_problem

        print_visible(missing_index_problem(root).format(Path.cwd()), file=sys.stderr)
        _error(f"{root} is not a course yet; fix it (see `unclench check`), or run unclench from another folder")
        return EXIT_PROBLEMS
    try:
        # An unchanged course comes from the cache, without parsing; a changed one is
        # cached on the way out, so that writing it does not delay the first frame.
        course, remember_course = coursecache.open_course(root)
    except NotACourseError as error:
        _error(str(error))
        return EXIT_USAGE
    except CourseLoadError as error:
        for problem in error.problems:
            print_visible(problem.format(Path.cwd()), file=sys.stderr)
        _error(f"the course in {root} has {_count(len(error.problems), 'problem')}; fix them (see `unclench check`)")
        return EXIT_PROBLEMS
    from unclench import paths
    from unclench.instance import CourseInUseError, CourseLock

    try:
        # The lock first: a second window is refused before it opens the database.
        with CourseLock(paths.data_dir(), course.id), ProgressStore.open() as store:
            from unclench.tui.app import SIGNAL_EXIT_BASE, UnclenchApp

            app = UnclenchApp(course, store)
            gc.freeze()
            gc.enable()
            app.run()
        if (app.return_code or 0) >= SIGNAL_EXIT_BASE:
            return app.return_code or 0  # stopped by SIGTERM or SIGHUP: text saved, terminal restored
        if app.return_code:  # Textual caught an unexpected error and printed it
            _error(
                "Unclench stopped because of an unexpected error (shown above). Your progress and journal "
                f"are safe in {store.path}; what was saved before the error is still there."
            )
            return EXIT_PROBLEMS
        remember_course()
    except (CourseInUseError, StoreError, OSError) as error:
        _error(str(error))
        return EXIT_PROBLEMS
    return EXIT_OK
