"""``unclench check``: validate course folders or lesson files, for authors, editors and CI."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unclench.cli.shared import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    course_dir,
    course_option,
    is_here,
    plural,
    shown,
    why_chosen,
)
from unclench.errors import report, say
from unclench.text import print_line, print_visible

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Mapping

    from unclench.course import CheckinMeasure, Course, ExerciseStep, Lesson, Step
    from unclench.problems import Problem


def add_parsers(commands: Any, only: str | None = None) -> None:
    """Add ``check`` to the commands (the object ``ArgumentParser.add_subparsers`` returned).

    ``only``, when given, names the one command to add (see :func:`unclench.cli.build_parser`).
    """
    if only not in (None, "check"):
        return
    check = commands.add_parser(
        "check",
        help="validate course folders or lesson files",
        description="Validate course folders or single lesson files. Without a PATH: the course given by "
        "--course, else the course folder you are in (or above), else the bundled course (but nothing, "
        "with a usage error, when a course folder is one or two folders below). "
        "Exit 0 valid, 1 problems, 2 usage error.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="course folders or lesson files")
    course_option(check)
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (default) or json: the problems as one JSON document on stdout, for editors and CI",
    )
    check.add_argument(
        "--against-progress",
        action="store_true",
        help="also list progress saved on this machine that these lessons would orphan (with --format json: "
        "under against_progress in the document)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="validate every file, even of a course unchanged since it last passed",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``check``; the exit status."""
    return check(
        args.paths,
        course_folder=course_dir(args),
        as_json=args.format == "json",
        against_progress=args.against_progress,
        use_cache=not args.no_cache,
    )


def check(
    paths: list[Path],
    *,
    course_folder: Path | None = None,
    as_json: bool = False,
    against_progress: bool = False,
    use_cache: bool = True,
) -> int:
    from unclench import folders
    from unclench.problems import missing_index_problem

    targets = paths
    chosen: str | None = None  # when no path was given: why that course was checked ("": it is right here)
    if not targets:
        try:
            discovered = folders.discover_course(course_folder, Path.cwd())
        except folders.NotYourCourseError as error:
            return _refused(EXIT_PROBLEMS, error.message, error.hint, as_json)
        if discovered.fallback:
            below = folders.courses_below(Path.cwd())
            if below:
                return _refused(EXIT_USAGE, *_courses_below_said(below), as_json)
        targets = [discovered.root]
        chosen = _BUNDLED_NOTE if discovered.fallback else why_chosen(discovered)
    problems: list[Problem] = []
    checked: list[tuple[Path, Course | None]] = []  # (target, its course; None for a lesson file)
    warned: dict[Path, list[Problem]] = {}  # each course folder's warnings, given with its problems too
    given: list[Problem] = []  # problems and warnings, each target's in order (its course's file by file)
    for target in targets:
        root = _course_of_index(target)
        if root is None and not target.exists():
            return _refused(EXIT_USAGE, f"{target}: no such file or folder", "", as_json, target)
        if root is None and target.is_dir():
            root = target
        if root is None:
            from unclench.loader import check_lesson_file

            found_alone = check_lesson_file(target).problems
            problems += found_alone
            given += found_alone
            checked.append((target, None))
            continue
        if not folders.is_course_folder(root):
            if folders.looks_like_course(root):
                problems.append(missing_index_problem(root, named=bool(paths)))
                given.append(problems[-1])
                checked.append((root, None))
                continue
            above = folders.enclosing_course(root)
            hint = folders.index_remedy(root)
            if above is not None:
                hint = f"did you mean {'.' if is_here(above) else shown(above)} (the course folder it is in)?"
            elif below := folders.courses_below(root):
                named = _at_most(shlex.quote(str(course)) for course in below)
                what = "a course folder" if len(below) == 1 else "course folders"
                hint = f"did you mean {_either(named)}? ({what} in it)"
            return _refused(
                EXIT_USAGE, f"{root} is not a course folder: {folders.index_absence(root)}", hint, as_json, root
            )
        from unclench.problems import borrowed_id_problems

        found, course, partial = _check_course(root, use_cache=use_cache)
        found = sorted([*found, *borrowed_id_problems(root, course)])
        problems += found
        warned[root] = _warnings(root, course or partial, found)
        given += sorted(set(found).union(warned[root]))  # a warning two rules give is said once
        checked.append((root, course))
    base = Path.cwd()
    warnings = [warning for found in warned.values() for warning in found]
    if as_json:
        errors = any(problem.severity == "error" for problem in problems)
        saved: list[dict[str, Any]] | None = None
        cut_off = False
        if against_progress and not errors:
            from unclench.errors import UnclenchError

            try:
                saved, cut_off = _saved_progress([loaded for _, loaded in checked if loaded is not None])
            except UnclenchError as error:  # the store's, or a record that goes with another folder
                return _refused(EXIT_PROBLEMS, error.message, error.hint, as_json)
        _print_json(given if problems else warnings, checked, base, saved, cut_off=cut_off)
        return EXIT_PROBLEMS if errors or cut_off else EXIT_OK
    if problems:  # every problem and every warning, in one run: file by file, line by line
        _print_capped(given, base)
        files = len({p.path for p in problems})
        where = f", in {shown(targets[0])}{chosen}" if chosen is not None else ""
        also = f", and {plural(len(warnings), 'warning')}" if warnings else ""
        print_line(f"{plural(len(problems), 'problem')} in {plural(files, 'file')}{also}{where}", file=sys.stderr)
        return EXIT_PROBLEMS
    for target, loaded in checked:
        if loaded is not None:
            lessons = plural(len(loaded.lessons), "lesson")
            warnings = warned.get(target, [])
            for warning in warnings:
                print_line(warning.format(base), file=sys.stderr)
            # Counted in the line on stdout too: a log that drops stderr (2>/dev/null) still tells of them.
            with_warnings = f", with {plural(len(warnings), 'warning')} (above)" if warnings else ""
            print_line(f"course OK{with_warnings}: {lessons} ({loaded.title}) in {shown(target)}{chosen or ''}")
            if not against_progress and chosen != _BUNDLED_NOTE:  # the bundled course is not the author's
                _orphans_hint(loaded, target)
        else:
            print_line(f"lesson OK: {target}")
            print_line(_course_wide_note(target))
    if against_progress:
        return _report_orphans([loaded for _, loaded in checked if loaded is not None])
    return EXIT_OK


def _orphans_hint(course: Course, target: Path) -> None:
    """Name ``--against-progress`` under "course OK" when this machine's record holds progress the course no
    longer has a place for (a lesson or step renamed or removed since the learner's work was saved); else nothing."""
    from unclench.cli.record_hints import may_orphan

    if may_orphan(course):
        named = "" if is_here(target) else f" {shlex.quote(shown(target))}"
        print_line(
            "  saved progress on this machine is under lessons, steps or check-ins this course no longer has; "
            f"to see which, and how to keep it: `unclench check{named} --against-progress`"
        )


#: Said after the bundled course's folder when check, given no path, found no course of the person's.
_BUNDLED_NOTE = (
    ": the course that comes with Unclench, NOT one of yours (no course folder here, above or just below); "
    "to check yours, name it: `unclench check DIR`"
)


def _courses_below_said(below: list[Path]) -> tuple[str, str]:
    """Why the bundled course is not checked in place of the course(s) just below the current folder, and the fix."""
    here = Path.cwd()
    named = [shlex.quote(str(course.relative_to(here))) for course in below]
    found = "a course folder" if len(named) == 1 else "course folders"
    return (
        f"you are not in a course folder, but there {'is' if len(named) == 1 else 'are'} {found} below this one: "
        f"{', '.join(_at_most(named))}; nothing was checked",
        f"name the course to check: `unclench check {named[0]}`"
        + (f" (or several: `unclench check {' '.join(named[:2])}`)" if len(named) > 1 else ""),
    )


def _refused(code: int, message: str, hint: str, as_json: bool, where: Path | None = None) -> int:
    """Say why nothing (more) was checked; with ``as_json``, as a JSON document on stdout too, its one problem at
    ``where`` (else the current folder). Returns ``code``."""
    from unclench.problems import Problem

    say(message, hint)
    if as_json:
        base = Path.cwd()
        _print_json([Problem(where if where is not None else base, 1, 1, "", message, hint)], [], base)
    return code


def _at_most(names: Iterable[str], shown_names: int = 8) -> list[str]:
    """The first ``shown_names`` names, then how many more there are."""
    listed = list(names)
    if len(listed) <= shown_names:
        return listed
    return [*listed[:shown_names], f"{len(listed) - shown_names} more"]


def _record_folder_warnings(root: Path, course: Course) -> list[Problem]:
    """A warning when this machine's record in the course's id was made with another folder."""
    from unclench.cli.record_hints import other_folder_of
    from unclench.errors import UnclenchError
    from unclench.folders import COURSE_INDEX
    from unclench.problems import Problem, course_id_position

    try:
        other = other_folder_of(course)
    except UnclenchError:
        return []  # the record cannot be read just now: `status` says why
    if other is None:
        return []
    return [
        Problem(
            root / COURSE_INDEX,
            *course_id_position(root),
            "id",
            f"the record on this machine in the course '{course.id}' was made with the course in "
            f"{other.remembered_shown}; opening this folder asks the learner whether to use it here, and "
            "`status` and `export` refuse",
            "if this is that course moved or copied, `unclench move-record` makes the record go with it; "
            "if it is another course, give it its own id",
            severity="warning",
        )
    ]


def _earlier_id_warnings(root: Path, course: Course) -> list[Problem]:
    """A warning when this machine's record made with the course's folder is under another course id."""
    from unclench.cli.record_hints import other_ids_of_folder
    from unclench.errors import UnclenchError
    from unclench.folders import COURSE_INDEX
    from unclench.problems import Problem, course_id_position

    try:
        earlier = other_ids_of_folder(course)
    except UnclenchError:
        return []  # the record cannot be read just now: `status` says why
    return [
        Problem(
            root / COURSE_INDEX,
            *course_id_position(root),
            "id",
            f"the record on this machine made with this course folder is under the course id '{old}', not "
            f"'{course.id}': {_NOT_SHOWN}",
            f"if you changed the id, change it back: id = \"{old}\" (a course's id is what its learners' records "
            "are kept under, and a course has no previous_ids); if this folder now holds another course, this "
            "warning is about a record of the one before it",
            severity="warning",
        )
        for old in earlier
    ]


#: What becomes of a record made with a course's folder under an id the course no longer has.
_NOT_SHOWN = (
    "the app, `status` and `export` will not show it (the learner starts again, and is asked to accept the "
    "disclaimer again)"
)


# A file can hold thousands of the same mistake; past this many a file's first ones are what helps.
SHOWN_PER_FILE = 100


def _print_capped(given: list[Problem], base: Path) -> None:
    """Problems and warnings on stderr, at most ``SHOWN_PER_FILE`` a file, each file's count of the rest after it."""
    from itertools import groupby

    from unclench.problems import display_path

    for path, found in groupby(given, key=lambda problem: problem.path):  # given is file by file
        count = 0
        for count, problem in enumerate(found, start=1):
            if count <= SHOWN_PER_FILE:
                print_line(problem.format(base), file=sys.stderr)
        if count > SHOWN_PER_FILE:
            rest = count - SHOWN_PER_FILE
            what = "problem or warning" if rest == 1 else "problems and warnings"
            print_line(
                f"{display_path(path, base)}: {rest:,} more {what} not shown; fix those above and check again "
                "(`unclench check --format json` lists every one)",
                file=sys.stderr,
            )


def _course_wide_note(lesson: Path) -> str:
    """What checking one lesson file leaves out, and how to check it (printed under "lesson OK")."""
    from unclench.folders import enclosing_course

    course = enclosing_course(lesson.parent)
    how = (
        f"`unclench check {'.' if course and is_here(course) else shlex.quote(shown(course))}`"
        if course
        else "check its course folder"
    )
    return (
        "  only this file was checked: the course-wide rules (its id listed in course.toml, check-in, "
        f"safety and source ids, previous_ids) and the warnings were not; to check them, {how}"
    )


def _warnings(root: Path, course: Course | None, told: list[Problem]) -> list[Problem]:
    """What is allowed but unwise in a course; warnings never change the exit status.

    ``course``: as far as it loads (its index and the lessons without problems of their own) when it has
    problems, ``told``; when its index does not load, those lessons alone (:func:`unclench.course.lessons_alone`:
    no id, no folder, so nothing of the index is looked at); None when not even they could be made.
    """
    from unclench.drawnwider import drawn_wider_warnings
    from unclench.folders import COURSE_INDEX, lesson_files
    from unclench.invisibles import invisible_warnings
    from unclench.markdownwarnings import markdown_warnings
    from unclench.placeholders import placeholder_warnings
    from unclench.quiz import answer_position_warnings
    from unclench.safetywords import safety_word_warnings
    from unclench.schema import schema_line_warnings

    try:
        files = [root / COURSE_INDEX, *lesson_files(root)]
    except OSError:  # the problems say why
        files = [root / COURSE_INDEX]
    # A file with a problem is not read again: it may not read at all (a pipe named like a lesson would hang).
    with_errors = {problem.path for problem in told if problem.severity == "error"}
    files = [path for path in files if path not in with_errors]
    found = (
        schema_line_warnings(files)
        + invisible_warnings(files)
        + drawn_wider_warnings(files)
        + unread_file_warnings(root, told)
    )
    if course is not None:
        found += (
            answer_position_warnings(course)
            + placeholder_warnings(course)
            + safety_word_warnings(course)
            + markdown_warnings(course)
            + _record_folder_warnings(root, course)
            + _earlier_id_warnings(root, course)
            + _limits_warnings(course, _capped_timer)
            + _limits_warnings(course, _unreachable_week)
        )
        if not with_errors:  # a lesson left out for its problems may name what looks unused
            found += _unused_warnings(course)
    return found


def unread_file_warnings(root: Path, told: Iterable[Problem] = ()) -> list[Problem]:
    """A warning at every ``.toml`` file of the course that is not read (one a problem in ``told`` names is not)."""
    from unclench.folders import COURSE_INDEX, LESSONS_DIR, unread_toml_files
    from unclench.problems import Problem

    named = " ".join(problem.text() for problem in told)
    found = []
    for path in unread_toml_files(root):
        if path.as_posix() in named:
            continue  # a module lists its id: told there, with the same fix
        if path.parts[0] == COURSE_INDEX.parts[0]:
            said = f"this file is not read: in {COURSE_INDEX.parent.as_posix()}/ only {COURSE_INDEX.name} is"
            fix = (
                f"if it is a lesson, move it to {LESSONS_DIR}/ (and list its id in a module); if it belongs to the "
                f"index, move what it holds into {COURSE_INDEX.as_posix()}; else delete it"
            )
        elif path.parent == Path(LESSONS_DIR):
            said = "this file is not read: lesson files are read only when their name ends in .toml, in lower case"
            fix = f"rename it to {path.stem}.toml"
        else:
            said = f"this file is not read: lessons are read only from {LESSONS_DIR}/ itself, not from folders in it"
            fix = f"move it to {LESSONS_DIR}/{path.name} (and list its id in a module), or delete it"
        found.append(Problem(root / path, 1, 1, "", said, fix, "warning"))
    return found


def _limits_warnings(course: Course, warn: Callable[[ExerciseStep], tuple[str, str, str] | None]) -> list[Problem]:
    """A warning at each exercise's key where ``warn`` finds its ``[steps.limits]`` at odds (key, message, fix)."""
    from unclench.course import ExerciseStep
    from unclench.problems import warning_at

    found: list[Problem] = []
    for lesson in course.lessons.values():
        for number, step in enumerate(lesson.steps):
            if not isinstance(step, ExerciseStep) or step.limits is None or lesson.path is None:
                continue
            said = warn(step)
            if said is None:
                continue
            found.append(warning_at(lesson.path, ("steps", number, *said[0].split(".")), said[1], said[2]))
    return found


def _capped_timer(step: ExerciseStep) -> tuple[str, str, str] | None:
    """An exercise's ``minutes`` beyond its ``[steps.limits] minutes_per_run``: the timer stops there."""
    assert step.limits is not None
    most = step.limits.minutes_per_run
    if step.minutes <= most:
        return None
    return (
        "minutes",
        f"the timer is set to {_minutes(step.minutes)}, but [steps.limits] minutes_per_run lets a run last "
        f"{_minutes(most)} at most: the exercise runs {_minutes(most)}",
        f"write minutes = {most:g} or less, or raise minutes_per_run to {step.minutes:g}",
    )


def _unused_warnings(course: Course) -> list[Problem]:
    """A warning at every safety note (not ``always``), screening question and check-in no exercise names.

    Not in a course with no exercise yet (a new one: what it declares is for the exercises to come). Sources are
    not looked at: help lists every one of them, named by a lesson or not.
    """
    from unclench.course import ExerciseStep
    from unclench.folders import COURSE_INDEX
    from unclench.problems import Problem, key_text

    if course.root is None:
        return []
    exercises = [step for lesson in course.lessons.values() for step in lesson.steps if isinstance(step, ExerciseStep)]
    if not exercises:
        return []
    named_safety = {name for step in exercises for name in step.safety_ids}
    named_screening = {name for step in exercises for name in step.screening_ids}
    named_checkins = {name for step in exercises for name in step.checkin_ids}
    unused: list[tuple[tuple[str, int, str], str, str]] = []  # (key, what is wrong, how to fix)
    for number, note in enumerate(course.safety):
        if not note.always and note.id not in named_safety:
            unused.append(
                (
                    ("safety", number, "id"),
                    f"no exercise names the safety note '{note.id}', and it is not always = true: learners never "
                    "see it",
                    f'name it in the safety list of the exercises it is for (safety = ["{note.id}"]), or write '
                    "always = true to show it before every exercise, or remove it",
                )
            )
    for number, question in enumerate(course.screening):
        if question.id not in named_screening:
            unused.append(
                (
                    ("screening", number, "id"),
                    f"no exercise names the screening question '{question.id}': it is asked only when a learner "
                    "reviews their screening answers, and its answer holds no exercise back",
                    f'name it in the screening list of the exercises it is for (screening = ["{question.id}"]), or '
                    "remove it",
                )
            )
    for number, measure in enumerate(course.checkins):
        if measure.id not in named_checkins:
            unused.append(
                (
                    ("checkins", number, "id"),
                    f"no exercise names the check-in '{measure.id}': learners are never asked it",
                    f'name it in the checkin list of the exercises that ask it (checkin = ["{measure.id}"]), or '
                    "remove it",
                )
            )
    if not unused:
        return []
    from unclench.tomlpos import key_positions, nearest_position  # only to place a warning: rarely needed

    index = course.root / COURSE_INDEX
    try:
        positions = key_positions(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError, RecursionError):
        positions = {}
    found = []
    for key, message, fix in unused:
        line, col = nearest_position(positions, key)[0] if positions else (1, 1)
        found.append(Problem(index, line, col, key_text(key), message, fix, "warning"))
    return found


def _unreachable_week(step: ExerciseStep) -> tuple[str, str, str] | None:
    """A ``runs_per_week`` more than ``hours_between`` lets fit in seven days: it never holds."""
    import math

    assert step.limits is not None
    hours, runs = step.limits.hours_between, step.limits.runs_per_week
    if hours <= 0:
        return None
    most = math.ceil(round(_WEEK_HOURS / hours, 9))  # runs started hours apart in any seven days
    if runs <= most:
        return None
    # Rounded down: hours_between must stay below the exact figure for one more run to fit.
    fewer = f"{math.floor(_WEEK_HOURS / (runs - 1) * 1000) / 1000:g}"
    return (
        "limits.runs_per_week",
        f"with hours_between = {hours:g}, at most {plural(most, 'run')} can start in any seven days, so "
        f"runs_per_week = {runs} never holds a learner back",
        f"write runs_per_week = {most} (or less), or lower hours_between to {fewer} or less to allow "
        f"{runs} runs a week",
    )


#: The hours of the seven days ``runs_per_week`` counts in.
_WEEK_HOURS = 7 * 24


def _minutes(count: float) -> str:
    """``5 minutes``, ``1 minute``, ``0.5 minutes``."""
    return f"{count:g} minute" + ("" if count == 1 else "s")


def _print_json(
    problems: list[Problem],
    checked: list[tuple[Path, Course | None]],
    base: Path,
    saved: list[dict[str, Any]] | None = None,
    *,
    cut_off: bool = False,
) -> None:
    """``check --format json``: one ``unclench.check/1`` document on stdout (``saved``: its ``against_progress``).

    ``ok`` is what the exit status says: no error, and (``cut_off``) no learner's saved work the course has lost.

    The folders checked and the problems' files are given alike: relative to ``base`` when inside it, else as given.
    """
    from unclench.problems import display_path
    from unclench.text import json_text

    document = {
        "format": "unclench.check/1",
        "ok": not cut_off and not any(problem.severity == "error" for problem in problems),
        "checked": [
            {
                "path": display_path(target, base),
                "kind": "lesson" if loaded is None and not target.is_dir() else "course",
                **({"id": loaded.id, "title": loaded.title, "lessons": len(loaded.lessons)} if loaded else {}),
            }
            for target, loaded in checked
        ],
        "problems": [problem.as_json(base) for problem in problems],
        **({"against_progress": saved} if saved is not None else {}),
    }
    print_visible(json_text(document, sort_keys=False))


def _saved_progress(courses: list[Course]) -> tuple[list[dict[str, Any]], bool]:
    """``check --against-progress --format json``: for each course, the saved progress on this machine it no
    longer has a place for (as ``status --json`` gives it), and whether some of it is a learner's work that would
    no longer show (exit 1, as the report for people).

    Raises:
        UnclenchError: The store cannot be read, or the record goes with another folder.
    """
    from unclench.cli.record import saved_record
    from unclench.cli.record_hints import other_ids_of_folder
    from unclench.status import PLACES, gone_checkins, orphaned

    found: list[dict[str, Any]] = []
    cut_off = False
    for course in courses:
        record = saved_record(course)
        orphans = orphaned(record, course)
        gone = gone_checkins(record, course)
        earlier = other_ids_of_folder(course)
        cut_off = cut_off or bool(gone or earlier) or any(orphan["what"] not in PLACES for orphan in orphans)
        found.append(
            {
                "course_id": course.id,
                "orphaned": orphans,
                "checkins_gone": [{"checkin_id": measure, "ratings": count} for measure, count in gone],
                "earlier_course_ids": earlier,
            }
        )
    return found, cut_off


def _check_course(root: Path, *, use_cache: bool) -> tuple[list[Problem], Course | None, Course | None]:
    """Check a course folder: its problems, the course (None with problems) and, with problems, the course as far
    as it loads (for the warnings). An unchanged course that passed before passes again from the cache.

    The cache (see :mod:`unclench.coursecache`) holds only courses that loaded
    without problems, keyed by every file's size and times and by the engine's
    own files. After an edit, the files that changed are read and validated again
    and every rule across files is checked; unchanged lessons are not re-read.
    """
    if not use_cache:
        from unclench.loader import check_course

        result = check_course(root)
        return result.problems, result.course, result.partial
    from unclench import coursecache
    from unclench.problems import CourseLoadError

    try:
        return [], coursecache.load_course(root), None
    except CourseLoadError as error:
        return error.problems, None, error.partial


def _course_of_index(path: Path) -> Path | None:
    """The course folder when ``path`` is a course's ``course/course.toml``, named so (a symbolic link there is
    the course's index, wherever it leads: checking it says where, as checking the folder does)."""
    from unclench.folders import COURSE_INDEX, is_course_folder, looks_like_course

    if path.name != COURSE_INDEX.name:
        return None
    # As written, not resolved: with course/ a link to a folder elsewhere, the course is still the one named.
    folder = path.absolute().parent
    root = folder.parent
    if folder.name != COURSE_INDEX.parent.name or not (is_course_folder(root) or looks_like_course(root)):
        return None
    return root


def _report_orphans(courses: list[Course]) -> int:
    """Print the saved progress on this machine that each course no longer has a place for, and how to keep it.

    Exit 1 when some of it is the learner's work (an answer, a quiz tried, a step or lesson done) that would no
    longer show in its lesson, or ratings that would show apart from their check-in; a saved place alone only
    moves Continue to the nearest unfinished step.
    """
    from unclench.cli.record import saved_record
    from unclench.cli.record_hints import other_ids_of_folder
    from unclench.errors import UnclenchError
    from unclench.journey import SUMMARY_STEP_ID
    from unclench.places import STEP_KIND_WORDS, current_lesson
    from unclench.status import PLACES, could_be_id, gone_checkins, likely_renames, orphaned, saved_items

    cut_off = 0  # items of work that would no longer show in their lesson
    split = 0  # ratings that would show apart from their check-in
    lost_ids = 0  # records made with a course's folder under an id it no longer has
    for course in courses:
        try:
            record = saved_record(course)
            orphans = orphaned(record, course)
            gone = gone_checkins(record, course)
        except UnclenchError as error:  # the store's, or a record that goes with another folder
            report(error)
            return EXIT_PROBLEMS
        try:
            earlier = other_ids_of_folder(course)
        except UnclenchError as error:
            report(error)
            return EXIT_PROBLEMS
        for old in earlier:
            print_line(
                f"saved progress for '{old}' on this machine was made with this course folder, which now says its id "
                f"is '{course.id}': {_NOT_SHOWN}"
            )
            print_line(
                f'    if you changed the course\'s id, change it back: id = "{old}" (courses have no previous_ids)'
            )
            lost_ids += 1
        if not orphans and not gone:
            print_line(f"saved progress for '{course.id}' on this machine: nothing orphaned")
            continue
        renames = likely_renames(record, course)
        print_line(f"saved progress for '{course.id}' on this machine that this course no longer has:")
        for number, orphan in enumerate(orphans):
            lesson_id, step_id = orphan["lesson_id"], orphan["step_id"]
            # A lesson renamed with previous_ids is named as it is now, with the id the progress is saved under.
            now = current_lesson(course, lesson_id) if orphan["lesson_in_course"] else None
            lesson = (
                f"lesson '{lesson_id}'"
                if now is None or now.id == lesson_id
                else f"lesson '{now.id}' (saved as '{lesson_id}')"
            )
            if step_id == SUMMARY_STEP_ID:
                where = f"{lesson}, its summary"
            else:
                where = lesson + (f", step '{step_id}'" if step_id else "")
            kind_now: str | None = orphan["step_kind_now"]
            if not orphan["lesson_in_course"]:
                gone_what = "lesson id gone"
            elif kind_now is not None:
                gone_what = f"step is now {STEP_KIND_WORDS.get(kind_now, kind_now)}"
            else:
                gone_what = "step id gone"
            print_line(f"  {where} ({gone_what}): {saved_items(orphan['what'], orphan['count'])}")
            if orphan["what"] not in PLACES:
                cut_off += orphan["count"]
            following: dict[str, Any] = orphans[number + 1] if number + 1 < len(orphans) else {}
            if not could_be_id(lesson_id):
                continue  # saved under no id a course may hold (a damaged record): no id to give back
            if orphan["lesson_in_course"]:
                last_of_step = (following.get("lesson_id"), following.get("step_id")) != (lesson_id, step_id)
                if last_of_step and step_id and could_be_id(step_id):
                    print_line(_step_rename_hint(course, lesson_id, step_id, renames.steps, kind_now))
            elif following.get("lesson_id") != lesson_id:
                # Said after the lesson's last line, whatever that line's step (a summary's place is '~summary').
                print_line(_lesson_rename_hint(lesson_id, renames.lessons))
        for measure_id, count in gone:
            print_line(f"  check-in '{measure_id}' (check-in id gone): {plural(count, 'rating')}")
            split += count
            if could_be_id(measure_id):
                print_line(_checkin_rename_hint(course, measure_id, renames.checkins))
        if orphans:
            print_line(
                "Nothing is deleted: answers whose step or lesson is gone (or whose step is now of another kind) "
                "stay in the learner's journal and in `unclench export`, under 'No longer in the course'."
            )
        if gone:
            print_line(
                "Nothing is deleted: ratings of a check-in that is gone stay in the record; Trends and "
                "`unclench export` show them under their old id, apart from the course's check-ins."
            )
    if cut_off or split or lost_ids:
        harms = []
        if lost_ids:
            harms.append(
                f"{plural(lost_ids, 'record')} made with this course folder under another course id would no longer "
                "show"
            )
        if cut_off:
            harms.append(f"{plural(cut_off, 'saved item')} of a learner's work would no longer show in its lesson")
        if split:
            harms.append(f"{plural(split, 'rating')} would show apart from the check-in they were given for")
        print_line(
            f"{'; '.join(harms)}: keep the old ids as shown above (what you removed on purpose stays in "
            "the journal, Trends and the export)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _step_rename_hint(
    course: Course,
    lesson_id: str,
    step_id: str,
    renamed: Mapping[tuple[str, str], tuple[Step, ...]],
    kind_now: str | None = None,
) -> str:
    """How to keep progress saved under a step id the lesson no longer has (or has for a step of ``kind_now``)."""
    from unclench.places import STEP_KIND_WORDS, current_lesson

    lesson = current_lesson(course, lesson_id)
    where = f" in {shown(lesson.path)}" if lesson is not None and lesson.path else ""
    keep = f'give the step its old id back: id = "{step_id}"{where} (steps have no previous_ids)'
    if kind_now is not None:
        keep += f", and the step that has it now ({STEP_KIND_WORDS.get(kind_now, kind_now)}) another id"
    new = renamed.get((lesson_id, step_id), ())
    if not new:
        return f"    if this step was renamed, {keep}"
    names = _either(f"'{step.id}'" for step in new)
    return f"    step {names} has no saved progress: if it is this step renamed, {keep}"


def _lesson_rename_hint(lesson_id: str, renamed: Mapping[str, tuple[Lesson, ...]]) -> str:
    """How to keep progress saved under a lesson id the course no longer has."""
    add = f'add previous_ids = ["{lesson_id}"] to it'
    new = renamed.get(lesson_id, ())
    if not new:
        return f"    if this lesson was renamed, {add} (its old id)"
    names = _either(f"'{lesson.id}'" + (f" ({shown(lesson.path)})" if lesson.path else "") for lesson in new)
    return f"    lesson {names} has no saved progress: if it is this lesson renamed, {add}"


def _checkin_rename_hint(course: Course, measure_id: str, renamed: Mapping[str, CheckinMeasure]) -> str:
    """How to keep ratings saved under a check-in id the course no longer has."""
    from unclench.folders import COURSE_INDEX

    where = f" in {shown(course.root / COURSE_INDEX)}" if course.root is not None else ""
    keep = (
        f'give it its old id back: id = "{measure_id}"{where}, and in the checkin lists of the exercises '
        "that ask it (check-ins have no previous_ids)"
    )
    new = renamed.get(measure_id)
    if new is None:
        return f"    if this check-in was renamed, {keep}"
    return f"    check-in '{new.id}' has no saved ratings: if it is this check-in renamed, {keep}"


def _either(names: Iterable[str]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``."""
    listed = list(names)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"
