"""Commands over the learner's record: status, export, import, reset.

None of them imports Textual. ``status`` and ``export`` only read: when nothing
was ever saved they do not even create the database. Exit codes, messages and
the course from the arguments are :mod:`unclench.cli.shared`'s.
"""

from __future__ import annotations

import errno
import gc
import os
import shlex
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unclench.cli.shared import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Failed,
    RecordPlace,
    course_dir,
    course_from_args,
    course_option,
    info,
    plural,
    record_place,
    why_chosen,
)
from unclench.errors import UnclenchError, report, say
from unclench.frozen import frozen_record
from unclench.text import json_text, print_line, standard_output

# What the commands themselves use is imported when one runs: building the parser
# of every command (as each command line does) stays quick.
if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from unclench.course import Course
    from unclench.store import ProgressStore
    from unclench.store.rows import CourseRecord

#: The word ``reset`` asks the learner to type.
CONFIRM_WORD = "reset"


def add_parsers(commands: Any, only: str | None = None) -> None:
    """Add ``status``, ``export``, ``import`` and ``reset`` to the commands.

    Args:
        commands: The object ``ArgumentParser.add_subparsers`` returned.
        only: The one command to add, if given (see :func:`unclench.cli.build_parser`).
    """
    adders = {
        "status": _add_status,
        "export": _add_export,
        "import": _add_import,
        "reset": _add_reset,
        "move-record": _add_move_record,
    }
    for name, add in adders.items():
        if only in (None, name):
            add(commands)


def _add_status(commands: Any) -> None:
    status = commands.add_parser(
        "status",
        help="show progress in a course, without opening it",
        description="Show each module's completion, where you are, your journal and check-in counts, "
        "and where your data lives. Reads only.",
    )
    course_option(status)
    status.add_argument("--json", action="store_true", help="print the unclench.status/1 JSON document")


def _add_export(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write your journal, quiz results and check-ins as Markdown or JSON",
        description="Write your whole record in a course: journal answers with their questions, quiz "
        "results, check-ins, acknowledgements and completions. Markdown is for reading; JSON is complete "
        "and can be brought back with `unclench import`. Files are created readable only by you.",
    )
    course_option(export)
    export.add_argument("--format", choices=["md", "json"], default="md", help="md (default) or json")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE ('-': stdout, which a terminal needs asked for; 'FOLDER/': unclench-COURSE.md or "
        ".json in it)",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it is a regular file")


def _add_import(commands: Any) -> None:
    imp = commands.add_parser(
        "import",
        help="bring back a JSON export into a data folder with no progress in the course",
        description="Bring back a record written by `unclench export --format json`. The data folder "
        "must have no progress in the course yet (use `unclench reset --journal` first).",
    )
    course_option(imp)
    imp.add_argument("file", metavar="FILE", help="the JSON export ('-': stdin)")


def _add_reset(commands: Any) -> None:
    reset = commands.add_parser(
        "reset",
        help="forget progress in a course or a lesson (asks first; keeps a backup)",
        description="Forget positions, completions, quiz answers, check-ins and practice runs in the whole "
        "course or one lesson. Journal answers are kept unless --journal is given. A practice run that was "
        "hard for you today is kept, so practice stays closed until tomorrow. A backup of the database is "
        "written first, in the data folder's backups/ folder.",
    )
    course_option(reset)
    reset.add_argument("--lesson", metavar="ID", help="only this lesson (default: the whole course)")
    reset.add_argument("--journal", action="store_true", help="also forget journal answers")
    reset.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


def _add_move_record(commands: Any) -> None:
    move = commands.add_parser(
        "move-record",
        help="use your record in a course with this course folder (after the course moved or was copied)",
        description="Your record in a course goes with the folder it was made with; another folder with the "
        "same course id is refused (or asked about in the app). When that folder is your course moved, "
        "copied or updated, this makes your record go with it from now on. Nothing in the record changes.",
    )
    course_option(move)


def run(args: argparse.Namespace) -> int:
    """Run a record command.

    Args:
        args: The parsed command line.

    Returns:
        The exit status.
    """
    handlers = {
        "status": _status,
        "export": _export,
        "import": _import,
        "reset": _reset,
        "move-record": _move_record,
    }
    handler = handlers.get(args.command)
    if handler is None:
        say(f"unknown command {args.command}")
        return EXIT_USAGE
    # A record command reads the whole record into objects that live until it ends (a record of years:
    # hundreds of thousands) and makes few cycles: collecting them over and over took a tenth of an export.
    collecting = gc.isenabled()
    gc.disable()
    try:
        refuse_file_in_the_way(record_place())
        return handler(args)
    except Failed as failed:
        report(failed)
        return failed.code
    except UnclenchError as error:  # the store's, the lock's: in the same words as every command
        report(error)
        return EXIT_PROBLEMS
    except BrokenPipeError:
        raise  # the reader went away: the command line stops quietly
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        say(f"{where}{error.strerror or error}")
        return EXIT_PROBLEMS
    finally:
        if collecting:
            gc.enable()


def refuse_file_in_the_way(where: RecordPlace) -> None:
    """Refuse a data folder that is a file, or is below one, as the app and the store do.

    Without it, finding no database there read as "nothing saved yet": ``status`` said so and ``export``
    wrote an empty record, while the app refused to open.

    Raises:
        Failed: The data folder, or a folder above it, is a file.
    """
    from unclench import paths

    file = paths.file_in_the_way(where.folder)
    if file is not None:
        raise Failed(
            f"the data folder {where.folder} cannot be used: {file} is a file, not a folder; nothing was read or "
            "changed",
            hint="move that file away, or set UNCLENCH_DATA_DIR to a folder of your own (or unset it to use your "
            "user data folder)",
        )


@frozen_record
class _RecordCourse:
    """The course whose record a reading command shows: loaded, or stood in for when its folder has problems."""

    course: Course
    problems: int = 0
    """How many problems the course has; when any, ``course`` has only its id and title: the record is read alone."""


def _course_for_reading(args: argparse.Namespace) -> _RecordCourse:
    """The course ``status`` and ``export`` read the record of: a learner can always read their own record.

    A course that does not load (its problems are printed) is stood in for by the id its course.toml
    gives, else the one course whose record goes with the folder (:mod:`unclench.ownership`).

    Raises:
        Failed: Not a course folder; a folder borrowing the bundled course's id; which course it is
            cannot be told.
    """
    from unclench.cli.shared import find_course, load_course_at, refuse_borrowed_id
    from unclench.problems import CourseLoadError

    root = find_course(course_dir(args), "or pass --course DIR").root
    try:
        course = load_course_at(root)
    except CourseLoadError as error:
        for problem in error.problems:
            print_line(problem.format(Path.cwd()), file=sys.stderr)
        return _RecordCourse(_stand_in(root, len(error.problems)), len(error.problems))
    refuse_borrowed_id(course, root)
    return _RecordCourse(course)


def _stand_in(root: Path, problems: int) -> Course:
    """The course in ``root``, which has problems, as far as reading its record needs: its id and title."""
    from unclench import folders, ownership
    from unclench.cli.shared import refuse_borrowed_id
    from unclench.course import Course, Guidance

    course_id, title = folders.index_says(root)
    where = record_place()
    if course_id is None and where.database.exists():
        with open_store(where) as store:
            course_id = ownership.course_of_folder(store, root)
    if course_id is None:
        raise Failed(
            f"the course in {root} has {plural(problems, 'problem')}, and Unclench cannot read from its "
            f"{folders.COURSE_INDEX} which course it is, so it cannot tell which of your records is this course's; "
            "nothing was read or changed",
            hint=f"fix the problems above (`unclench check` lists them) and try again; your records are safe in "
            f"{where.folder}",
        )
    course = Course(
        id=course_id,
        title=title or course_id,
        summary="",
        format_version=1,
        disclaimer="",
        sources=(),
        safety=(),
        checkins=(),
        guidance=Guidance("", "", ""),
        modules=(),
        root=root,
    )
    refuse_borrowed_id(course, root)
    return course


def _read_alone_warning(course: Course, problems: int, what: str, *, titles: bool = True) -> None:
    """Say, after the command's output, that it was made from the record alone, and why."""
    root = course.root if course.root is not None else Path(".")
    ids = ", with lesson and step ids in place of their titles" if titles else ""
    info(
        f"warning: the course in {root} has {plural(problems, 'problem')} (above), so {what} was made from your "
        f"record alone{ids}. Nothing was changed; fix the course (see `unclench check`) to see your record in it "
        "again."
    )


def open_store(where: RecordPlace) -> ProgressStore:
    from unclench.store import ProgressStore

    store = ProgressStore.open(where.folder)
    if store.notice:
        info(store.notice)
    return store


def saved_record(course: Course) -> CourseRecord:
    """The course's record in this user's data folder (nothing is created)."""
    return _read_record(course, record_place())


def _read_record(course: Course, where: RecordPlace) -> CourseRecord:
    """The course's record; empty (and nothing created) when no database exists yet."""
    from unclench.store.rows import CourseRecord

    refuse_file_in_the_way(where)
    if not where.database.exists():
        return CourseRecord(course.id)
    with open_store(where) as store:
        refuse_other_folder(store, course)
        return store.record(course.id)


def refuse_other_folder(store: ProgressStore, course: Course) -> None:
    """Refuse a course folder whose id's record goes with another folder (see :mod:`unclench.ownership`).

    Raises:
        RecordElsewhereError: It does; nothing was read.
    """
    from unclench import ownership

    if course.root is None:
        return
    other = ownership.other_folder(store, course.id, course.root)
    if other is not None:
        raise ownership.RecordElsewhereError(other)


def _write_stdout(text: str) -> None:
    """Write ``text`` (already fit to print) to stdout as UTF-8.

    Raises:
        BrokenPipeError: The reader went away (e.g. ``| head``): the command line stops quietly.
        OSError: Stdout is closed or cannot be written (a full disk).
    """
    stdout = standard_output()
    data = text.encode("utf-8")
    buffer = getattr(stdout, "buffer", None)
    try:
        if buffer is not None:
            stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            stdout.write(text)
            stdout.flush()
    except OSError as error:
        if error.errno == errno.EBADF:
            raise OSError(errno.EBADF, "standard output is closed") from None
        raise


# -- status -------------------------------------------------------------------------------------


def _status(args: argparse.Namespace) -> int:
    from unclench.folders import discover_course
    from unclench.status import build_status, render_status

    reading = _course_for_reading(args)
    course = reading.course
    where = record_place()
    status = build_status(
        _read_record(course, where), course, where.folder, where.database, course_problems=reading.problems
    )
    if args.json:
        _write_stdout(json_text(status) + "\n")
    else:
        # Said as `check` says it: a learner outside any course folder is shown the bundled course's, and why.
        _write_stdout(render_status(status, why_chosen(discover_course(course_dir(args), Path.cwd()))))
    if reading.problems:
        _read_alone_warning(course, reading.problems, "this status")
    return EXIT_OK


# -- export -------------------------------------------------------------------------------------


def export_target(output: str, default_name: str) -> Path:
    """The file ``export -o OUTPUT`` writes.

    A path ending in ``/`` names a folder: it must exist, and the file is
    ``default_name`` inside it. A path naming an existing folder (not a link)
    means the same. Anything else is the file itself.

    Raises:
        Failed: ``output`` ends in ``/`` but is not an existing folder.
    """
    if output.endswith(("/", os.sep)):
        folder = Path(output)
        if not folder.is_dir():
            raise Failed(f"there is no folder {output}", hint="create it first, or give a file name")
        return folder / default_name
    path = Path(output)
    if path.is_dir() and not path.is_symlink():
        return path / default_name
    return path


def _refuse_to_replace_other_files(target: Path, course_id: str) -> None:
    """``--force`` replaces an earlier export of this course, never another file a mistyped name happens to hit."""
    from unclench.export import is_export
    from unclench.files import NOFOLLOW

    try:
        with open(target, "rb", opener=lambda path, flags: os.open(path, flags | NOFOLLOW | os.O_NONBLOCK)) as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return  # write_private_file refuses it with the right words
            content = file.read(MAX_IMPORT_BYTES + 1)
    except OSError:
        return  # missing (nothing to replace) or unreadable: write_private_file says what is wrong
    if len(content) > MAX_IMPORT_BYTES or not is_export(content, course_id):
        raise Failed(
            f"{target} is not an Unclench export of this course, so --force will not replace it",
            hint="choose another file name, or move that file away yourself first",
        )


def _export(args: argparse.Namespace) -> int:
    from unclench.export import render_json, render_markdown
    from unclench.files import NotARegularFileError, write_private_file

    reading = _course_for_reading(args)
    course = reading.course
    if args.output is None and _is_terminal(standard_output()):
        # The whole record, journal and health answers included, would stay in the terminal's scrollback.
        raise Failed(
            "not printing your record here: it holds everything you wrote, and a terminal keeps it in its scrollback",
            EXIT_USAGE,
            f"write it to a file readable only by you: `unclench export{_course_flag(args)}"
            f"{' --format json' if args.format == 'json' else ''} -o unclench-record.{args.format}`; "
            "or add `-o -` to print it here anyway",
        )
    record = _read_record(course, record_place())
    if args.format == "json":
        text = render_json(record, course.title)
    else:
        text = render_markdown(record, course, course_problems=reading.problems)
    if reading.problems:
        complete = (
            "every journal answer with its question as you saw it, every quiz answer, check-in and practice run, "
            "your support contacts and health answers"
        )
        what = f"this export (it is complete: {complete})"
    if args.output is None or args.output == "-":
        _write_stdout(text)
        if reading.problems:
            _read_alone_warning(course, reading.problems, what, titles=args.format == "md")
        return EXIT_OK
    target = export_target(args.output, f"unclench-{course.id}.{args.format}")
    if args.force:
        _refuse_to_replace_other_files(target, course.id)
    try:
        write_private_file(target, text.encode("utf-8"), force=args.force)
    except NotARegularFileError as error:
        raise Failed(str(error)) from None
    except FileExistsError:
        raise Failed(f"{target} already exists", hint="pass --force to replace it, or choose another file") from None
    except OSError as error:
        raise Failed(f"could not write {target}: {error.strerror or error}") from None
    info(
        f"Wrote your record in '{course.title}' to {target} (readable only by you): "
        f"{journal_count(record)}, {plural(len(record.quiz_attempts), 'quiz answer')}, "
        f"{plural(len(record.checkins), 'check-in rating')}. It holds private text: keep it somewhere safe."
    )
    if reading.problems:
        _read_alone_warning(course, reading.problems, what, titles=args.format == "md")
    return EXIT_OK


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        return False


def journal_count(record: CourseRecord) -> str:
    """``3 journal answers``, then ``(and 1 cleared)`` when the learner cleared some (they are not answers)."""
    from unclench.status import answers_and_cleared

    return answers_and_cleared(plural(record.journal_answers, "journal answer"), record.journal_cleared)


# -- import -------------------------------------------------------------------------------------


def _undecodable(raw: bytes, error: UnicodeDecodeError) -> str:
    """``the byte 0xe9 at offset 223: line 5, column 12``: where a file stops being UTF-8.

    The offset counts bytes from 0, as a hex viewer does; it read as the byte's value when said alone ("byte 223").
    Line and column count from 1, the column in characters (the bytes before it on its line are valid UTF-8).
    """
    read = bytes(error.object)  # without the byte order mark utf-8-sig leaves out
    offset = len(raw) - len(read) + error.start
    line = read.count(b"\n", 0, error.start) + 1
    column = len(read[read.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8")) + 1
    return f"the byte 0x{read[error.start]:02x} at offset {offset}: line {line}, column {column}"


def _import(args: argparse.Namespace) -> int:
    from unclench.export import ExportFormatError, parse_document
    from unclench.instance import CourseLock
    from unclench.store.errors import ProgressExistsError

    course = course_from_args(args)
    name = "stdin" if args.file == "-" else args.file
    try:
        raw = _read_bounded(sys.stdin.buffer.fileno(), name) if args.file == "-" else _read_import_file(Path(name))
    except OSError as error:
        raise Failed(f"cannot read {name}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Failed(
            f"{name}: not UTF-8 text ({_undecodable(raw, error)})", hint="is it an Unclench JSON export?"
        ) from None
    try:
        record = parse_document(text)
    except ExportFormatError as error:
        raise Failed(f"{name}: {error.message}", hint=error.hint) from None
    if record.course_id != course.id:
        raise Failed(
            f"{name} holds a record of the course '{record.course_id}', but the selected course is "
            f"'{course.id}' ({course.title})",
            hint=f"pass --course with the folder of '{record.course_id}'",
        )
    from dataclasses import replace

    from unclench.journey import marked_by_the_course

    attempts, remarked = marked_by_the_course(course, record.quiz_attempts)
    if remarked:
        record = replace(record, quiz_attempts=tuple(attempts))
    where = record_place()
    # Not while the course is open in the app: its saves would mix with the imported record.
    with CourseLock(where.folder, course.id), open_store(where) as store:
        refuse_other_folder(store, course)
        runs_here = len(store.record(course.id).runs)
        try:
            store.restore(record)
        except ProgressExistsError:
            raise Failed(
                f"the data folder {where.folder} already has progress in '{course.id}', so nothing was "
                "imported (an import never merges or overwrites)",
                hint=f"to replace it, run `unclench reset{_course_flag(args)} --journal` first (it keeps a backup), "
                "then import again",
            ) from None
        if course.root is not None:
            from unclench import ownership

            ownership.claim(store, course.id, course.root)
    print_line(
        f"Imported {name} into {where.database}: {plural(len(record.lessons_done), 'lesson')} done, "
        f"{journal_count(record)}, {plural(len(record.quiz_attempts), 'quiz answer')}, "
        f"{plural(len(record.checkins), 'check-in rating')}."
    )
    if remarked:
        them = "it" if remarked == 1 else "them"
        print_line(
            f"{plural(remarked, 'quiz answer')} marked right or wrong as the course marks {them}, as the app shows "
            f"{them}: the file said otherwise."
        )
    if runs_here:
        was = "was" if runs_here == 1 else "were"
        print_line(
            f"{plural(runs_here, 'practice run')} {was} already here (a reset keeps a run that was hard for you "
            "today): kept, and not added twice."
        )
    from unclench.store.unconfirmed import UnconfirmedSafety

    unconfirmed = UnconfirmedSafety.of(record)  # what the store marked: anyone can write such a file
    if unconfirmed:
        whose = "its" if unconfirmed.disclaimer else "the file's"
        given = [
            *(["the file's reading of the disclaimer"] if unconfirmed.disclaimer else []),
            *(
                [f"{whose} {plural(len(unconfirmed.screening), 'answer')} to the health questions"]
                if unconfirmed.screening
                else []
            ),
        ]
        again = [
            *(["shows the disclaimer"] if unconfirmed.disclaimer else []),
            *(["asks those questions"] if unconfirmed.screening else []),
        ]
        print_line(
            f"Counted only once you give them here: {' and '.join(given)} (the app {' and '.join(again)} again)."
        )
    return EXIT_OK


#: The largest file ``import`` reads: a record of years of daily writing is a few megabytes.
MAX_IMPORT_BYTES = 64 * 1024 * 1024


def _read_import_file(path: Path) -> bytes:
    """The bytes of a file to import: a regular file only, at most :data:`MAX_IMPORT_BYTES`.

    Opened without blocking (a FIFO is refused at once, not waited on) and
    checked on the open file itself, so what is read is what was checked.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
            raise Failed(f"{path} is {kind}, not a file; import reads a JSON file written by `unclench export`")
        if info.st_size > MAX_IMPORT_BYTES:
            raise Failed(_too_big(str(path)))
        return _read_bounded(fd, str(path))
    finally:
        os.close(fd)


def _read_bounded(fd: int, name: str) -> bytes:
    """Read ``fd`` to its end, refusing more than :data:`MAX_IMPORT_BYTES`."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, MAX_IMPORT_BYTES + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_IMPORT_BYTES:
            raise Failed(_too_big(name))


def _too_big(name: str) -> str:
    return (
        f"{name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, more than any Unclench export; "
        "nothing was imported (is it the right file?)"
    )


def _course_flag(args: argparse.Namespace) -> str:
    root = course_dir(args)
    return f" --course {shlex.quote(str(root))}" if root else ""


# -- move-record --------------------------------------------------------------------------------


def _move_record(args: argparse.Namespace) -> int:
    from unclench import ownership
    from unclench.folders import is_bundled_course
    from unclench.instance import CourseLock

    course = course_from_args(args)
    where = record_place()
    if course.root is None or not where.database.exists():
        print_line(f"No record is saved in {where.folder} yet, so there is nothing to move.")
        return EXIT_OK
    here = ownership.folder_key(course.root)
    # Not while the course is open in the app, from either folder.
    with CourseLock(where.folder, course.id, create_folder=False), open_store(where) as store:
        other = ownership.other_folder(store, course.id, course.root)
        if other is None:
            already = store.course_folder(course.id) == here or is_bundled_course(course.root)
            ownership.claim(store, course.id, course.root)
            print_line(
                f"Your record in '{course.title}' already goes with {here}; nothing to move."
                if already
                else f"Your record in '{course.title}' goes with {here} from now on."
            )
            return EXIT_OK
        record = store.record(course.id)
        ownership.claim(store, course.id, course.root)
    print_line(
        f"Your record in '{course.title}' ({journal_count(record)}, "
        f"{plural(len(record.lessons_done), 'lesson')} done) now goes with {here}; it went with "
        f"{other.remembered_shown}. Nothing in it was changed. Should that folder be opened again, "
        "you will be asked first."
    )
    return EXIT_OK


# -- reset --------------------------------------------------------------------------------------


@frozen_record
class ResetPlan:
    """What ``reset`` would forget."""

    lesson_ids: tuple[str, ...]
    """The stored lesson ids to forget; empty for the whole course."""
    lessons_done: int
    steps_done: int
    quiz_attempts: int
    checkins: int
    journal: int
    """Journal answers (cleared ones are not answers: see :attr:`JournalEntry.cleared`)."""
    positions: int
    journal_cleared: int = 0
    """Journal answers the learner cleared (rows forgotten with the answers)."""
    runs: int = 0
    """Practice runs to forget (not counting :attr:`runs_kept`)."""
    runs_kept: tuple[str, ...] = ()
    """The session ids of today's runs that were hard: kept, so practice stays closed until tomorrow."""

    def forgets_anything(self, journal: bool) -> bool:
        """Whether resetting would delete any row."""
        counts = (self.lessons_done, self.steps_done, self.quiz_attempts, self.checkins, self.positions, self.runs)
        return any(counts) or (journal and self.journal + self.journal_cleared > 0)

    def describe(self, journal: bool) -> list[str]:
        """The lines telling the learner what will be lost and what is kept."""
        lines = [
            f"  {plural(self.lessons_done, 'completed lesson')}",
            f"  {plural(self.steps_done, 'completed step')}",
            f"  {plural(self.quiz_attempts, 'quiz answer')}",
            f"  {plural(self.checkins, 'check-in rating')}",
            f"  {plural(self.runs, 'practice run')} (your practice history)",
            f"  {plural(self.positions, 'saved place', 'saved places')} to continue from",
        ]
        if journal:
            lines.append(f"  {plural(self.journal, 'journal answer')} (your written reflections){self.cleared_too}")
        return lines

    @property
    def cleared_too(self) -> str:
        """``, and 1 cleared`` when the learner cleared some journal answers, else nothing."""
        return f", and {self.journal_cleared} cleared" if self.journal_cleared else ""


def plan_reset(record: CourseRecord, lesson_ids: set[str] | None) -> ResetPlan:
    """Count what resetting ``lesson_ids`` (None: the whole course) would forget."""

    def mine(lesson_id: str) -> bool:
        return lesson_ids is None or lesson_id in lesson_ids

    from datetime import datetime, timezone

    from unclench.practice import closing_today

    hard_today = closing_today([r for r in record.runs if mine(r.lesson_id)], datetime.now(timezone.utc))
    kept = {run.session_id for run in hard_today}

    position = record.position
    return ResetPlan(
        lesson_ids=tuple(sorted(lesson_ids or ())),
        lessons_done=sum(1 for d in record.lessons_done if mine(d.lesson_id)),
        steps_done=sum(1 for d in record.steps_done if mine(d.lesson_id)),
        quiz_attempts=sum(1 for q in record.quiz_attempts if mine(q.lesson_id)),
        checkins=sum(1 for c in record.checkins if mine(c.lesson_id)),
        journal=sum(1 for j in record.journal if mine(j.lesson_id) and not j.cleared),
        journal_cleared=sum(1 for j in record.journal if mine(j.lesson_id) and j.cleared),
        positions=sum(1 for p in record.lesson_positions if mine(p.lesson_id))
        + (1 if position is not None and mine(position.lesson_id) else 0),
        runs=sum(1 for r in record.runs if mine(r.lesson_id) and r.session_id not in kept),
        runs_kept=tuple(sorted(kept)),
    )


def _kept_by_reset(record: CourseRecord) -> str:
    """What a reset never forgets, with how much of it the learner has: a stranger asked what stays."""
    kept = ["what you acknowledged (the disclaimer, safety notes)"]
    if record.screening:
        kept.append(f"your {plural(len(record.screening), 'answer')} to the health questions (change them in the app)")
    if record.contacts:
        kept.append(
            f"the {plural(len(record.contacts), 'contact')} on your support card (remove them there: f2 in the app)"
        )
    return ", ".join([*kept, "and your settings"])


def backup_path(data_dir: Path, now: datetime | None = None) -> Path:
    """A new file name in ``<data_dir>/backups`` (created 0700): ``progress-YYYYmmdd-HHMMSS.sqlite3``."""
    folder = data_dir / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise Failed(
            f"{folder} is not a plain folder (a link?), so no backup was written and nothing was reset",
            hint="move it out of the data folder and try again",
        )
    os.chmod(folder, 0o700)
    from datetime import datetime, timezone

    stamp = f"{(now or datetime.now(timezone.utc)):%Y%m%d-%H%M%S}"
    candidate = folder / f"progress-{stamp}.sqlite3"
    counter = 1
    while os.path.lexists(candidate):
        counter += 1
        candidate = folder / f"progress-{stamp}-{counter}.sqlite3"
    return candidate


def _confirm(summary: list[str], assume_yes: bool) -> None:
    for line in summary:
        info(line)
    if assume_yes:
        return
    if not sys.stdin.isatty():
        raise Failed(
            "not resetting: there is no terminal to ask for confirmation", EXIT_USAGE, "pass --yes to reset anyway"
        )
    print_line(f"Type '{CONFIRM_WORD}' to continue (anything else cancels): ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    if answer.strip() != CONFIRM_WORD:
        raise Failed("cancelled; nothing was changed")


def _reset(args: argparse.Namespace) -> int:
    from unclench.instance import CourseLock

    course = course_from_args(args)
    where = record_place()
    # Not while the course is open in the app: it would go on saving into what is reset.
    with CourseLock(where.folder, course.id, create_folder=False):
        return _reset_course(args, course, where)


def _reset_course(args: argparse.Namespace, course: Course, where: RecordPlace) -> int:
    record = _read_record(course, where)
    lesson_ids: set[str] | None = None
    scope = f"the course '{course.title}'"
    if args.lesson is not None:
        from unclench.places import current_lesson

        stored = {
            *(d.lesson_id for d in record.lessons_done),
            *(d.lesson_id for d in record.steps_done),
            *(p.lesson_id for p in record.lesson_positions),
            *(j.lesson_id for j in record.journal),
            *(q.lesson_id for q in record.quiz_attempts),
            *(c.lesson_id for c in record.checkins),
            *(r.lesson_id for r in record.runs),
            *((record.position.lesson_id,) if record.position else ()),
        }
        lesson = current_lesson(course, args.lesson)
        if lesson is not None and args.lesson == lesson.id:
            lesson_ids = {lesson.id, *(i for i in stored if (found := current_lesson(course, i)) and found is lesson)}
            scope = f"the lesson '{lesson.title}' ({lesson.id})"
        elif args.lesson in stored:
            lesson_ids = {args.lesson}
            scope = f"the lesson '{args.lesson}'" + (
                f" (saved under an old id of '{lesson.id}')" if lesson else " (no longer in the course)"
            )
        else:
            from unclench.loader import did_you_mean

            hint = did_you_mean(args.lesson, sorted({*course.lessons, *stored}))
            raise Failed(f"the course '{course.id}' has no lesson '{args.lesson}'", EXIT_USAGE, hint)
    plan = plan_reset(record, lesson_ids)
    if not plan.forgets_anything(args.journal):
        kept = (
            f" Only journal answers are saved ({plan.journal}{plan.cleared_too}); add --journal to forget them too."
            if (plan.journal or plan.journal_cleared) and not args.journal
            else ""
        )
        print_line(f"Nothing to reset in {scope}: no progress is saved in {where.folder}.{kept}")
        return EXIT_OK
    summary = [f"This forgets, in {scope}:", *plan.describe(args.journal)]
    if not args.journal:
        summary.append(
            f"Your journal answers are kept ({plan.journal}{plan.cleared_too}); add --journal to forget them too."
        )
    if plan.runs_kept:
        summary.append(
            f"Kept: {plural(len(plan.runs_kept), 'practice run')} that was hard for you today, so tremor practice "
            "stays closed until tomorrow, as it said."
        )
    summary.append(f"Kept: {_kept_by_reset(record)}.")
    summary.append("A backup of the whole progress database is written first.")
    _confirm(summary, args.yes)
    with open_store(where) as store:
        backup = store.backup(backup_path(where.folder))
        print_line(
            f"Backup of your progress before the reset: {backup} (it holds everything the reset forgets; "
            "delete it to erase that for good)"
        )
        if lesson_ids is None:
            store.reset(course.id, None, journal=args.journal, keep_runs=plan.runs_kept)
        else:
            store.reset_lessons(course.id, lesson_ids, journal=args.journal, keep_runs=plan.runs_kept)
    print_line(f"Reset {scope}." + ("" if args.journal else " Journal answers were kept."))
    return EXIT_OK
