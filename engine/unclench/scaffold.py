"""``unclench new``: lesson and course templates that pass ``unclench check`` as written."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from unclench.errors import UnclenchError
from unclench.files import NotARegularFileError, refuse_links, write_text_below
from unclench.folders import COURSE_INDEX, LESSONS_DIR, id_like, index_absence, is_course_folder, lesson_files
from unclench.frozen import frozen_record
from unclench.model import ID_PATTERN
from unclench.placeholders import PLACEHOLDERS
from unclench.schema import schema_paths, write_schemas
from unclench.tomlpos import key_positions
from unclench.tomlread import parse

if TYPE_CHECKING:
    from unclench.problems import Problem

LESSON_TEMPLATE = '''#:schema ../course/lesson.schema.json
# A lesson. `unclench check` validates it; course/lesson.schema.json describes every field.
id = "{id}"
title = "{title}"
summary = "{lesson_summary}"
minutes = 5
sources = []

[[steps]]
kind = "page"
id = "introduction"
title = "{title}"
body = """
{lesson_body}
"""

[[steps]]
kind = "prompt"
id = "reflection"
question = "What do you notice in your body right now?"
hint = "There is no right answer. A few words are enough."

[[steps]]
kind = "quiz"
id = "check-understanding"
question = "Is it fine to stop a lesson at any moment?"
{choices}
# A guided practice is a step with kind = "exercise" (see lesson.schema.json).
# While it runs, the app's stop keys are on screen; a tremor exercise (tremor =
# true) also shows the course's [guidance] stop text under them: set it in
# course/course.toml when your exercises need their own words for stopping.
'''

COURSE_TEMPLATE = '''#:schema course.schema.json
# The course index: its modules, in order, and the lesson ids of each.
format_version = 1
id = "{id}"
title = "{title}"
summary = "{course_summary}"
disclaimer = """
This course is for general education and self-reflection. It is not medical or
psychological advice. If you have a health condition, pain that is not
explained, or a history of trauma, talk to a qualified, licensed professional
before you practise. Stop whenever something does not feel right.
"""

[[safety]]
id = "stop-anytime"
title = "You can stop at any moment"
always = true
text = """
You can stop whenever you want. Press the stop key and the exercise ends at
once; then rest in whatever way feels comfortable.
"""

# Optional: the words on screen while a tremor exercise runs (stop), when one is ended
# early (grounding) and after a hard one (support). Unclench has calm, general
# defaults; write your own when your exercises need them (for example, how to
# come out of a position). Remove the # signs to use them.
# [guidance]
# stop = "{guidance_stop}"
# grounding = "{guidance_grounding}"
# support = "{guidance_support}"

[[checkins]]
id = "tension"
label = "Tension"
question = "How tense does your body feel right now?"
worse = "high"

[[modules]]
id = "getting-started"
title = "Getting started"
lessons = ["welcome"]
'''


class ScaffoldError(UnclenchError):
    """A scaffold could not be written: the message says why, the hint what to do."""


class IndexUnreadableError(ScaffoldError):
    """The course index cannot be read (a TOML syntax error, not UTF-8, ...): ``problems`` say where and why."""

    def __init__(self, message: str, hint: str, problems: list[Problem]) -> None:
        super().__init__(message, hint)
        self.problems = problems


@frozen_record
class NewLesson:
    """What ``new lesson`` did: the file written and whether the index was updated."""

    path: Path
    registered_in: str | None
    instructions: str | None
    listed_before: bool = False
    """The index listed the lesson already (it was left as it was)."""


#: The sample quiz's right choice, then its wrong ones, as ``[[steps.choices]]`` tables.
_RIGHT_CHOICE = """
[[steps.choices]]
text = "Yes"
correct = true
feedback = "Your progress is saved, and you can come back whenever you like."
"""
_WRONG_CHOICES = (
    """
[[steps.choices]]
text = "No"
feedback = "It is always fine to stop; everything you did is saved for next time."
""",
    """
[[steps.choices]]
text = "Only at the end of a step"
feedback = "You can stop anywhere, even in the middle of a step; everything you did is saved."
""",
)


def lesson_text(lesson_id: str, title: str, right_at: int = 0) -> str:
    """A new lesson file's text, the sample quiz's right choice at position ``right_at`` (0, 1 or 2).

    Each new lesson of a course has it at the next position, so that a course of new lessons does not have it
    in the same place in most quizzes (``check`` warns at that: learners could answer by position).
    """
    choices = list(_WRONG_CHOICES)
    choices.insert(right_at % (len(choices) + 1), _RIGHT_CHOICE)
    return LESSON_TEMPLATE.format(id=lesson_id, title=title, choices="".join(choices), **PLACEHOLDERS)


def _title_from_id(lesson_id: str) -> str:
    return lesson_id.replace("-", " ").capitalize()


def _check_id(value: str, what: str) -> None:
    if not re.fullmatch(ID_PATTERN, value) or len(value) > 64:
        raise ScaffoldError(
            f"'{value}' is not a valid {what} id",
            f"use lower-case letters, digits and dashes (e.g. '{id_like(value, 'breathing-basics')}')",
        )


def new_lesson(course_root: Path, lesson_id: str, module_id: str | None = None) -> NewLesson:
    """Write ``lessons/ID.toml`` from the template and list it in the course index.

    The id is appended to ``module_id``'s lessons (default: the last module).
    When the index cannot be edited safely, it is left alone and
    ``instructions`` says exactly what to add. Nothing is written when a file
    it would write (or a folder on the way) is a symbolic link.
    """
    _check_id(lesson_id, "lesson")
    if not is_course_folder(course_root):
        raise ScaffoldError(
            f"{course_root} is not a course folder: {index_absence(course_root)}",
            "pass --course DIR or create one with `unclench new course DIR`",
        )
    path = course_root / LESSONS_DIR / f"{lesson_id}.toml"
    index = course_root / COURSE_INDEX
    _refuse_links(course_root, [path, index, *schema_paths(index.parent)])  # before reading the index
    blank = _is_blank_file(path)  # started and left empty: replaced, as check's advice for it says
    if path.exists() and not blank:
        raise ScaffoldError(f"{path} already exists", "choose another id or edit that file")
    _refuse_taken_id(course_root, lesson_id)
    _refuse_unreadable_index(course_root, lesson_id)
    if module_id is not None:
        _check_module(index, module_id)
    try:
        right_at = len(lesson_files(course_root))
    except OSError:
        right_at = 0
    text = lesson_text(lesson_id, _title_from_id(lesson_id), right_at)
    try:
        write_text_below(course_root, path, text, new=not blank or not _is_blank_file(path))
        _write_schemas(course_root)
    except NotARegularFileError as error:  # a link made meanwhile
        raise ScaffoldError(error.message, error.hint) from None
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists", "choose another id or edit that file") from None
    except OSError as error:
        raise ScaffoldError(f"cannot write {path}: {error.strerror or error}") from None
    registered, instructions, listed_before = _register(course_root, lesson_id, module_id)
    return NewLesson(path, registered, instructions, listed_before)


def _is_blank_file(path: Path) -> bool:
    """Whether ``path`` is a regular file holding nothing but white space (nothing in it is lost by replacing it)."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > _BLANK_AT_MOST:
            return False
        return not path.read_bytes().decode("utf-8").removeprefix("\ufeff").strip()
    except (OSError, UnicodeDecodeError):
        return False


#: The most bytes a file read as blank may have (white space left by an editor, never a lesson).
_BLANK_AT_MOST = 4096


def _refuse_links(root: Path, targets: list[Path]) -> None:
    """Refuse, before anything is written, when one of ``targets`` would be written through a link."""
    try:
        for target in targets:
            refuse_links(root, target)
    except NotARegularFileError as error:
        raise ScaffoldError(f"{error.message}; nothing was written", error.hint) from None


def _lesson_ids_in_use(course_root: Path) -> list[tuple[Path, str, list[str]]]:
    """Every lesson file that can be read, with its id and its old ids (``previous_ids``).

    A file that cannot be parsed is passed over: ``check`` says what is wrong with it.
    """
    found: list[tuple[Path, str, list[str]]] = []
    try:
        files = lesson_files(course_root)
    except OSError:
        return found
    for file in files:
        try:
            data = parse(file.read_text(encoding="utf-8").removeprefix("\ufeff"))
        except (OSError, ValueError, RecursionError):
            continue
        own = data.get("id")
        old = data.get("previous_ids")
        old_ids = [item for item in old if isinstance(item, str)] if isinstance(old, list) else []
        found.append((file, own if isinstance(own, str) else "", old_ids))
    return found


def _refuse_taken_id(course_root: Path, lesson_id: str) -> None:
    """Refuse an id another lesson file already has, as its id or as an old id.

    The file name alone says nothing of ids: a lesson renamed inside its file, or an old id kept in
    ``previous_ids`` so that learners keep their progress, would be taken over, and the course broken.
    """
    in_use = _lesson_ids_in_use(course_root)
    taken = {own for _, own, _ in in_use} | {old for _, _, olds in in_use for old in olds}
    stem = lesson_id[:60].rstrip("-")  # room for the number within the 64 characters of an id
    free = next((f"{stem}-{n}" for n in range(2, 1000) if f"{stem}-{n}" not in taken), f"{stem}-new")
    choose = f"choose another id (e.g. '{free}'); nothing was written"
    for file, own, olds in in_use:
        if own == lesson_id:
            raise ScaffoldError(f"'{lesson_id}' is already the id of the lesson in {file}", choose)
        if lesson_id in olds:
            raise ScaffoldError(
                f"'{lesson_id}' is an old id of lesson '{own}' (in previous_ids of {file}): "
                "learners' progress saved under it goes to that lesson",
                choose,
            )


def _refuse_unreadable_index(course_root: Path, lesson_id: str) -> None:
    """Refuse, before writing the lesson, when the course index cannot be read.

    The lesson would be written but not listed, and the author told only what to add by hand: writing
    nothing keeps the command whole, so that running it again once the index is fixed does both.
    """
    from unclench.loader import read_toml

    index = read_toml(course_root / COURSE_INDEX, course_root, "course")
    if index.data is None:
        raise IndexUnreadableError(
            f"{index.path} cannot be read, so '{lesson_id}' was neither written nor listed",
            "fix it, then run this command again",
            index.problems,
        )


def _check_module(index: Path, module_id: str) -> None:
    """Refuse a ``--module`` that the course index (when it can be read) does not have."""
    try:
        modules = parse(index.read_text(encoding="utf-8")).get("modules")
    except (OSError, ValueError, RecursionError):
        return
    ids = [str(mod.get("id")) for mod in modules if isinstance(mod, dict)] if isinstance(modules, list) else []
    if module_id not in ids:
        known = ", ".join(ids) or "none"
        raise ScaffoldError(f"{index} has no module '{module_id}' (modules: {known})", "pass one of them to --module")


def _register(course_root: Path, lesson_id: str, module_id: str | None) -> tuple[str | None, str | None, bool]:
    """Add ``lesson_id`` to a module's lessons: (the module, or None and what to do by hand, and whether it was
    listed already)."""
    index = course_root / COURSE_INDEX
    try:
        text = index.read_text(encoding="utf-8")
        data = parse(text)
        modules = data.get("modules")
        if not isinstance(modules, list) or not modules or not all(isinstance(mod, dict) for mod in modules):
            raise ValueError("no [[modules]]")
        ids = [mod.get("id") for mod in modules]
        listed_in = next(
            (mod.get("id") for mod in modules if isinstance(mod.get("lessons"), list) and lesson_id in mod["lessons"]),
            None,
        )
        if listed_in is not None:  # listed before its file was written: not listed again (twice is an error)
            return str(listed_in), None, True
        target = len(modules) - 1 if module_id is None else ids.index(module_id)
        lessons = modules[target].get("lessons")
        if not isinstance(lessons, list) or not lessons:
            raise ValueError("module has no lessons array")
        positions = key_positions(text)
        line, col = positions[("modules", target, "lessons", len(lessons) - 1)]
        lines = text.split("\n")
        last = lines[line - 1]
        start = col - 1
        quote = last[start]
        end = last.index(quote, start + 1) + 1
        rest = last[end:]
        if positions[("modules", target, "lessons")][0] == line:  # lessons = ["a", "b"]: on the same line
            lines[line - 1] = f'{last[:end]}, "{lesson_id}"{rest}'
        else:  # one id a line (or a few): the new one on a line of its own, as indented as the last
            indent = last[: len(last) - len(last.lstrip(" \t"))]
            comma = rest.lstrip(" \t").startswith(",")
            if "]" in rest.split("#", 1)[0]:  # `"b"]`: the list closes on the last id's line
                lines[line - 1] = f'{last[:end]},\n{indent}"{lesson_id}"{rest}'
            elif comma:
                lines.insert(line, f'{indent}"{lesson_id}",')
            else:
                lines[line - 1] = f"{last[:end]},{rest}"
                lines.insert(line, f'{indent}"{lesson_id}"')
        new_text = "\n".join(lines)
        if parse(new_text)["modules"][target]["lessons"] != [*lessons, lesson_id]:
            raise ValueError("edit did not produce the expected list")
    except (OSError, ValueError, KeyError, IndexError, RecursionError):
        where = f"module '{module_id}'" if module_id else "a module"
        return None, f'Add "{lesson_id}" to the lessons = [...] list of {where} in {index}.', False
    try:
        write_text_below(course_root, index, new_text)
    except OSError as error:  # a link made meanwhile, or the folder read-only: say what to add
        reason = error.message if isinstance(error, NotARegularFileError) else error.strerror or str(error)
        return None, f'{index} was not changed ({reason}). Add "{lesson_id}" to the lessons = [...] list there.', False
    return str(ids[target]), None, False


def new_course(folder: Path) -> list[Path]:
    """Scaffold a complete course folder with one sample lesson; returns the files written.

    Nothing is written when a file it would write (or a folder on the way) is a symbolic link.
    """
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} exists and is not a folder")
    index = folder / COURSE_INDEX
    lesson = folder / LESSONS_DIR / "welcome.toml"
    _refuse_links(folder, [index, lesson, *schema_paths(index.parent)])
    if index.exists():
        raise ScaffoldError(f"{folder} already holds a course ({COURSE_INDEX} exists)")
    if lesson.exists():
        # Checked before anything is written: a tester's folder of lessons without an index got the index, then
        # "cannot create the course: exists", the course half made.
        raise ScaffoldError(
            f"{folder} already has {lesson.relative_to(folder).as_posix()}; nothing was written",
            f"to give these lessons an index, create a course in an empty folder and copy its {COURSE_INDEX} here",
        )
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-") or "my-course"
    written: list[Path] = []
    try:
        write_text_below(
            folder, index, COURSE_TEMPLATE.format(id=slug[:64], title=_title_from_id(slug), **PLACEHOLDERS), new=True
        )
        written.append(index)
        write_text_below(folder, lesson, lesson_text("welcome", "Welcome"), new=True)
        written.append(lesson)
        schemas = _write_schemas(folder)
    except (NotARegularFileError, OSError) as error:  # a link or a file made meanwhile, a full disk
        for path in written:  # all or nothing: a half-made course would be told as made
            path.unlink(missing_ok=True)
        if isinstance(error, NotARegularFileError):
            raise ScaffoldError(error.message, error.hint) from None
        raise ScaffoldError(f"cannot create the course in {folder}: {error.strerror or error}") from None
    return [index, lesson, *schemas]


def _write_schemas(course_root: Path) -> list[Path]:
    """Put the JSON Schemas beside the index, where the templates' ``#:schema`` lines point."""
    return write_schemas(course_root / COURSE_INDEX.parent, within=course_root)
