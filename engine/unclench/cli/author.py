"""Commands for course authors: ``new`` (scaffold), ``schema`` (JSON Schemas) and ``preview``."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from unclench.cli.shared import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, course_dir, course_option
from unclench.errors import report, say
from unclench.text import print_visible

if TYPE_CHECKING:
    import argparse


def add_parsers(commands: Any, only: str | None = None) -> None:
    """Add ``preview``, ``new`` and ``schema`` to the commands (what ``add_subparsers`` returned).

    ``only``, when given, names the one command to add (see :func:`unclench.cli.build_parser`).
    """
    if only in (None, "preview"):
        _add_preview(commands)
    if only in (None, "new"):
        _add_new(commands)
    if only in (None, "schema"):
        _add_schema(commands)


def _add_preview(commands: Any) -> None:
    preview = commands.add_parser(
        "preview",
        help="open a lesson as learners see it, reloaded whenever you save the course's files",
        description="Open the app on LESSON_ID (default: the first lesson) of the course given by --course, "
        "else the course folder you are in (or above; outside any course folder it stops and says so, where "
        "other commands use the bundled course). Every save reloads it at the same step; problems in the "
        "course are shown instead of the lesson until they are fixed. Progress goes to a temporary "
        "folder, deleted afterwards: your own record is never touched.",
    )
    preview.add_argument("lesson_id", nargs="?", metavar="LESSON_ID", help="the lesson to open")
    course_option(preview)


def _add_new(commands: Any) -> None:
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


def _add_schema(commands: Any) -> None:
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of lesson files or course.toml, or write both into a course",
        description="Print the JSON Schema of lesson files (default) or of course.toml. With --write DIR, "
        "write both into DIR's course/ folder (DIR a course folder) or into DIR, where the `#:schema` "
        "lines of `unclench new` point; run it again after upgrading Unclench.",
    )
    schema.add_argument("kind", nargs="?", choices=["lesson", "course"], default="lesson")
    schema.add_argument("--write", type=Path, metavar="DIR", help="write both schemas into DIR (see above)")


def run(args: argparse.Namespace) -> int:
    """Run ``new``, ``preview`` or ``schema``; the exit status."""
    if args.command == "new":
        return _new(args)
    if args.command == "preview":
        return _preview(args.lesson_id, course_dir(args))
    return _schema(args.kind, args.write)


def _schema(kind: Literal["lesson", "course"], write: Path | None) -> int:
    from unclench.schema import packaged_schema_text, write_schemas

    if write is None:
        print_visible(packaged_schema_text(kind), end="")
        return EXIT_OK
    from unclench.folders import COURSE_INDEX, is_course_folder

    folder = write / COURSE_INDEX.parent if is_course_folder(write) else write
    if not folder.is_dir():
        say(f"{write} is not a folder", "pass a course folder (or the folder to write the schemas into)")
        return EXIT_USAGE
    from unclench.files import NotARegularFileError

    try:
        written = write_schemas(folder, within=write)
    except NotARegularFileError as error:
        say(f"{error.message}; nothing was written", error.hint)
        return EXIT_USAGE
    except OSError as error:
        say(f"cannot write the schemas into {folder}: {error.strerror or error}")
        return EXIT_PROBLEMS
    for path in written:
        print_visible(f"wrote {path}")
    return EXIT_OK


def _preview(lesson_id: str | None, course_dir: Path | None) -> int:
    import os
    import tempfile

    from unclench import folders, paths

    try:
        found = folders.discover_course(course_dir, Path.cwd())
    except folders.NotYourCourseError as error:
        report(error)
        return EXIT_PROBLEMS
    root = found.root
    if found.fallback:
        # Unlike check, which says so in its one line of output, the app would hide any note: the author
        # would see the bundled course's lessons where they expected their own.
        say(
            "there is no course to preview here: you are not in a course folder",
            f"run it in your course's folder (or one inside it), or pass --course DIR "
            f"(the bundled course is in {root})",
        )
        return EXIT_USAGE
    if not folders.is_course_folder(root):
        say(f"{root} is not a course folder: {folders.index_absence(root)}", "pass --course DIR")
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
    from unclench.loader import check_course_and_id, did_you_mean

    result = check_course_and_id(root)
    course = result.course
    if course is not None and lesson_id is not None and lesson_id not in course.lessons:
        now = course.renamed_lessons().get(lesson_id)
        if now is not None:
            say(
                f"{root} has no lesson '{lesson_id}': '{lesson_id}' is now '{now}' (an old id in its previous_ids)",
                f"preview it by its id: `unclench preview {now}`",
            )
            return EXIT_USAGE
        known = [lesson.id for lesson in course.ordered_lessons()]  # as the course map lists them
        listed = f"lessons, in course order: {', '.join(known)}"
        close = did_you_mean(lesson_id, known)
        say(f"{root} has no lesson '{lesson_id}'", f"{close} ({listed})" if close else listed)
        return EXIT_USAGE
    from unclench.store import ProgressStore
    from unclench.store.errors import StoreError

    try:
        with ProgressStore.open(scratch) as store:
            from unclench.tui.preview import PreviewApp

            app = PreviewApp(root, result.course, result.problems, store, lesson_id)
            app.run()
    except StoreError as error:
        report(error)
        return EXIT_PROBLEMS
    if app.return_code:  # Textual caught an unexpected error and printed it
        say(
            "the preview stopped because of an unexpected error (shown above); "
            "nothing of a learner's record was touched (a preview keeps its own)"
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from unclench.folders import NotYourCourseError
    from unclench.scaffold import IndexUnreadableError, ScaffoldError, new_course, new_lesson

    try:
        if args.kind == "course":
            written = new_course(args.dir)
            print_visible(f"Created a course in {args.dir}:")
            for path in written:
                print_visible(f"  {path}")
            folder = shlex.quote(str(args.dir))
            print_visible(f"Check it with `unclench check {folder}`, run it with `unclench --course {folder}`.")
            return EXIT_OK
        from unclench.folders import yours_above

        # Like check: the course given, else the course folder you are in (or above) if yours, else here.
        root = course_dir(args) or yours_above(Path.cwd()) or Path.cwd()
        made = new_lesson(root, args.id, args.module)
    except NotYourCourseError as error:
        report(error)
        return EXIT_PROBLEMS
    except IndexUnreadableError as error:
        for problem in error.problems:
            print_visible(problem.format(Path.cwd()), file=sys.stderr)
        report(error)
        return EXIT_PROBLEMS
    except ScaffoldError as error:
        report(error)
        return EXIT_USAGE
    print_visible(f"Wrote {made.path}")
    index = root / "course" / "course.toml"
    if made.registered_in and made.listed_before:
        print_visible(f"'{args.id}' was listed already, in module '{made.registered_in}' of {index}.")
    elif made.registered_in:
        print_visible(f"Listed '{args.id}' in module '{made.registered_in}' of {index}.")
    else:
        print_visible(made.instructions or "")
    return EXIT_OK
