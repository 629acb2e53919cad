"""Commands over the learner's record: status, export, import, reset.

None of them imports Textual. Each takes its own ``--course DIR`` (default:
the top-level ``--course``, else the course folder you are in, else the bundled
course: :func:`unclench.folders.discover_course`, as every command). Exit status: 0 done,
1 failed (nothing or nothing more was changed), 2 usage error. Problems are
explained on stderr, never as a traceback.

``status`` and ``export`` only read: when nothing was ever saved they do not
even create the database.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from unclench import paths
from unclench.course import Course
from unclench.errors import UnclenchError, report, say
from unclench.instance import CourseLock
from unclench.store import DB_FILENAME, ProgressStore
from unclench.store.errors import ProgressExistsError
from unclench.store.rows import CourseRecord
from unclench.text import json_text, print_visible, standard_output

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

#: The word ``reset`` asks the learner to type.
CONFIRM_WORD = "reset"


class _Failed(UnclenchError):
    """Stop a command: print ``message`` and exit with ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def _error(message: str) -> None:
    say(message)


def _info(message: str) -> None:
    print_visible(message, file=sys.stderr)


def _plural(number: int, noun: str, nouns: str | None = None) -> str:
    return f"{number} {noun if number == 1 else (nouns or noun + 's')}"


def run(args: argparse.Namespace) -> int:
    """Run a record command.

    Args:
        args: The parsed command line.

    Returns:
        The exit status.
    """
    handlers = {"status": _status, "export": _export, "import": _import, "reset": _reset}
    handler = handlers.get(args.command)
    if handler is None:
        _error(f"unknown command {args.command}")
        return EXIT_USAGE
    try:
        return handler(args)
    except _Failed as failed:
        report(failed)
        return failed.code
    except UnclenchError as error:  # the store's, the lock's: in the same words as every command
        report(error)
        return EXIT_FAILED
    except BrokenPipeError:
        raise  # the reader went away: the command line stops quietly
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        return EXIT_FAILED


# -- shared -------------------------------------------------------------------------------------


def _course(args: argparse.Namespace) -> Course:
    from unclench import coursecache, folders

    found = folders.discover_course(getattr(args, "sub_course", None) or getattr(args, "course", None), Path.cwd())
    root = found.root
    from unclench.problems import CourseLoadError, NotACourseError, missing_index_problem

    if found.index_missing:
        print_visible(missing_index_problem(root).format(Path.cwd()), file=sys.stderr)
        raise _Failed(f"{root} is not a course yet; fix it (see `unclench check`), or pass --course DIR")

    try:
        return coursecache.load_course(root)
    except NotACourseError as error:
        raise _Failed(str(error), EXIT_USAGE) from None
    except CourseLoadError as error:
        for problem in error.problems:
            print_visible(problem.format(Path.cwd()), file=sys.stderr)
        raise _Failed(
            f"the course in {root} has {_plural(len(error.problems), 'problem')}; "
            "fix them (see `unclench check`), then try again"
        ) from None


@dataclass(frozen=True)
class _Where:
    folder: Path
    database: Path


def _where() -> _Where:
    folder = paths.data_dir()
    return _Where(folder, folder / DB_FILENAME)


def _open_store(where: _Where) -> ProgressStore:
    store = ProgressStore.open(where.folder)
    if store.notice:
        _info(store.notice)
    return store


def saved_record(course: Course) -> CourseRecord:
    """The course's record in this user's data folder (nothing is created)."""
    return _read_record(course, _where())


def _read_record(course: Course, where: _Where) -> CourseRecord:
    """The course's record; empty (and nothing created) when no database exists yet."""
    if not where.database.exists():
        return CourseRecord(course.id)
    with _open_store(where) as store:
        return store.record(course.id)


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
    from unclench.status import build_status, render_status

    course = _course(args)
    where = _where()
    status = build_status(_read_record(course, where), course, where.folder, where.database)
    if args.json:
        _write_stdout(json_text(status) + "\n")
    else:
        _write_stdout(render_status(status))
    return EXIT_OK


# -- export -------------------------------------------------------------------------------------


class NotARegularFileError(OSError):
    """An export target that is not a regular file (a link, a folder, a pipe, a device)."""


def _refuse_unless_regular(path: Path, info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise NotARegularFileError(
            f"{path} is a symbolic link; export writes only regular files. "
            "Give the path of a file (not a link), or remove the link"
        )
    if stat.S_ISDIR(info.st_mode):
        raise NotARegularFileError(f"{path} is a folder; give a file name (or end the path with / to write inside)")
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFileError(
            f"{path} is a pipe, device or socket; export writes only regular files. Give the path of a file"
        )


def write_private_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to a new regular file readable only by its owner (0600, whatever the umask).

    Args:
        path: The file.
        data: Its content.
        force: Replace ``path`` if it is a regular file (atomically: a temporary
            file beside it, synced, then renamed over it); otherwise refuse.

    Raises:
        NotARegularFileError: ``path`` is a link, a folder, a pipe, a device or a socket
            (never replaced, even with ``force``).
        FileExistsError: ``path`` exists and ``force`` is False.
        OSError: The file could not be written; nothing is left half-written.
    """
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        _refuse_unless_regular(path, info)
        if not force:
            raise FileExistsError(17, "exists", str(path))
        import tempfile  # only when writing: reading stays quick

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def export_target(output: str, default_name: str) -> Path:
    """The file ``export -o OUTPUT`` writes.

    A path ending in ``/`` names a folder: it must exist, and the file is
    ``default_name`` inside it. A path naming an existing folder (not a link)
    means the same. Anything else is the file itself.

    Raises:
        _Failed: ``output`` ends in ``/`` but is not an existing folder.
    """
    if output.endswith(("/", os.sep)):
        folder = Path(output)
        if not folder.is_dir():
            raise _Failed(f"there is no folder {output}; create it first, or give a file name")
        return folder / default_name
    path = Path(output)
    if path.is_dir() and not path.is_symlink():
        return path / default_name
    return path


def _export(args: argparse.Namespace) -> int:
    from unclench.export import render_json, render_markdown

    course = _course(args)
    record = _read_record(course, _where())
    text = render_json(record, course.title) if args.format == "json" else render_markdown(record, course)
    if args.output is None or args.output == "-":
        _write_stdout(text)
        return EXIT_OK
    target = export_target(args.output, f"unclench-{course.id}.{args.format}")
    try:
        write_private_file(target, text.encode("utf-8"), force=args.force)
    except NotARegularFileError as error:
        raise _Failed(str(error)) from None
    except FileExistsError:
        raise _Failed(f"{target} already exists; pass --force to replace it, or choose another file") from None
    except OSError as error:
        raise _Failed(f"could not write {target}: {error.strerror or error}") from None
    _info(
        f"Wrote your record in '{course.title}' to {target} (readable only by you): "
        f"{_plural(len(record.journal), 'journal answer')}, {_plural(len(record.quiz_attempts), 'quiz answer')}, "
        f"{_plural(len(record.checkins), 'check-in rating')}. It holds private text: keep it somewhere safe."
    )
    return EXIT_OK


# -- import -------------------------------------------------------------------------------------


def _import(args: argparse.Namespace) -> int:
    from unclench.export import ExportFormatError, parse_document

    course = _course(args)
    name = "stdin" if args.file == "-" else args.file
    try:
        raw = _read_bounded(sys.stdin.buffer.fileno(), name) if args.file == "-" else _read_import_file(Path(name))
    except OSError as error:
        raise _Failed(f"cannot read {name}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Failed(f"{name}: not UTF-8 text (byte {error.start}); is it an Unclench JSON export?") from None
    try:
        record = parse_document(text)
    except ExportFormatError as error:
        raise _Failed(f"{name}: {error}") from None
    if record.course_id != course.id:
        raise _Failed(
            f"{name} holds a record of the course '{record.course_id}', but the selected course is "
            f"'{course.id}' ({course.title}). Pass --course with the folder of '{record.course_id}'."
        )
    where = _where()
    # Not while the course is open in the app: its saves would mix with the imported record.
    with CourseLock(where.folder, course.id), _open_store(where) as store:
        try:
            store.restore(record)
        except ProgressExistsError:
            raise _Failed(
                f"the data folder {where.folder} already has progress in '{course.id}', so nothing was "
                "imported (an import never merges or overwrites). To replace it, run "
                f"`unclench reset{_course_flag(args)} --journal` first (it keeps a backup), then import again."
            ) from None
    print_visible(
        f"Imported {name} into {where.database}: {_plural(len(record.lessons_done), 'lesson')} done, "
        f"{_plural(len(record.journal), 'journal answer')}, {_plural(len(record.quiz_attempts), 'quiz answer')}, "
        f"{_plural(len(record.checkins), 'check-in rating')}."
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
            raise _Failed(f"{path} is {kind}, not a file; import reads a JSON file written by `unclench export`")
        if info.st_size > MAX_IMPORT_BYTES:
            raise _Failed(_too_big(str(path)))
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
            raise _Failed(_too_big(name))


def _too_big(name: str) -> str:
    return (
        f"{name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, more than any Unclench export; "
        "nothing was imported (is it the right file?)"
    )


def _course_flag(args: argparse.Namespace) -> str:
    root = getattr(args, "sub_course", None) or getattr(args, "course", None)
    return f" --course {root}" if root else ""


# -- reset --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResetPlan:
    """What ``reset`` would forget."""

    lesson_ids: tuple[str, ...]
    """The stored lesson ids to forget; empty for the whole course."""
    lessons_done: int
    steps_done: int
    quiz_attempts: int
    checkins: int
    journal: int
    positions: int

    def forgets_anything(self, journal: bool) -> bool:
        """Whether resetting would delete any row."""
        counts = (self.lessons_done, self.steps_done, self.quiz_attempts, self.checkins, self.positions)
        return any(counts) or (journal and self.journal > 0)

    def describe(self, journal: bool) -> list[str]:
        """The lines telling the learner what will be lost and what is kept."""
        lines = [
            f"  {_plural(self.lessons_done, 'completed lesson')}",
            f"  {_plural(self.steps_done, 'completed step')}",
            f"  {_plural(self.quiz_attempts, 'quiz answer')}",
            f"  {_plural(self.checkins, 'check-in rating')}",
            f"  {_plural(self.positions, 'saved place', 'saved places')} to continue from",
        ]
        if journal:
            lines.append(f"  {_plural(self.journal, 'journal answer')} (your written reflections)")
        return lines


def plan_reset(record: CourseRecord, lesson_ids: set[str] | None) -> ResetPlan:
    """Count what resetting ``lesson_ids`` (None: the whole course) would forget."""

    def mine(lesson_id: str) -> bool:
        return lesson_ids is None or lesson_id in lesson_ids

    position = record.position
    return ResetPlan(
        lesson_ids=tuple(sorted(lesson_ids or ())),
        lessons_done=sum(1 for d in record.lessons_done if mine(d.lesson_id)),
        steps_done=sum(1 for d in record.steps_done if mine(d.lesson_id)),
        quiz_attempts=sum(1 for q in record.quiz_attempts if mine(q.lesson_id)),
        checkins=sum(1 for c in record.checkins if mine(c.lesson_id)),
        journal=sum(1 for j in record.journal if mine(j.lesson_id)),
        positions=sum(1 for p in record.lesson_positions if mine(p.lesson_id))
        + (1 if position is not None and mine(position.lesson_id) else 0),
    )


def backup_path(data_dir: Path, now: datetime | None = None) -> Path:
    """A new file name in ``<data_dir>/backups`` (created 0700): ``progress-YYYYmmdd-HHMMSS.sqlite3``."""
    folder = data_dir / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise _Failed(
            f"{folder} is not a plain folder (a link?), so no backup was written and nothing was reset; "
            "move it out of the data folder and try again"
        )
    os.chmod(folder, 0o700)
    stamp = f"{(now or datetime.now(timezone.utc)):%Y%m%d-%H%M%S}"
    candidate = folder / f"progress-{stamp}.sqlite3"
    counter = 1
    while os.path.lexists(candidate):
        counter += 1
        candidate = folder / f"progress-{stamp}-{counter}.sqlite3"
    return candidate


def _confirm(summary: list[str], assume_yes: bool) -> None:
    for line in summary:
        _info(line)
    if assume_yes:
        return
    if not sys.stdin.isatty():
        raise _Failed(
            "not resetting: there is no terminal to ask for confirmation; pass --yes to reset anyway", EXIT_USAGE
        )
    print_visible(f"Type '{CONFIRM_WORD}' to continue (anything else cancels): ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    if answer.strip() != CONFIRM_WORD:
        raise _Failed("cancelled; nothing was changed")


def _reset(args: argparse.Namespace) -> int:
    course = _course(args)
    where = _where()
    # Not while the course is open in the app: it would go on saving into what is reset.
    with CourseLock(where.folder, course.id, create_folder=False):
        return _reset_course(args, course, where)


def _reset_course(args: argparse.Namespace, course: Course, where: _Where) -> int:
    record = _read_record(course, where)
    lesson_ids: set[str] | None = None
    scope = f"the course '{course.title}'"
    if args.lesson is not None:
        from unclench.export import current_lesson

        stored = {
            *(d.lesson_id for d in record.lessons_done),
            *(d.lesson_id for d in record.steps_done),
            *(p.lesson_id for p in record.lesson_positions),
            *(j.lesson_id for j in record.journal),
            *(q.lesson_id for q in record.quiz_attempts),
            *(c.lesson_id for c in record.checkins),
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
            raise _Failed(f"the course '{course.id}' has no lesson '{args.lesson}'{hint}", EXIT_USAGE)
    plan = plan_reset(record, lesson_ids)
    if not plan.forgets_anything(args.journal):
        kept = (
            f" Only journal answers are saved ({plan.journal}); add --journal to forget them too."
            if plan.journal and not args.journal
            else ""
        )
        print_visible(f"Nothing to reset in {scope}: no progress is saved in {where.folder}.{kept}")
        return EXIT_OK
    summary = [f"This forgets, in {scope}:", *plan.describe(args.journal)]
    if not args.journal:
        summary.append(f"Your journal answers are kept ({plan.journal}); add --journal to forget them too.")
    summary.append("A backup of the whole progress database is written first.")
    _confirm(summary, args.yes)
    with _open_store(where) as store:
        backup = store.backup(backup_path(where.folder))
        print_visible(f"Backup of your progress before the reset: {backup}")
        if lesson_ids is None:
            store.reset(course.id, None, journal=args.journal)
        else:
            store.reset_lessons(course.id, lesson_ids, journal=args.journal)
    print_visible(f"Reset {scope}." + ("" if args.journal else " Journal answers were kept."))
    return EXIT_OK
