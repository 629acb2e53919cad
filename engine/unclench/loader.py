"""Find, parse and validate course folders and lesson files.

Every problem becomes a :class:`Problem` that knows its file, line, column and
key path, so that ``unclench check`` can print ``FILE:LINE:COL: key: message``.
Nothing here raises on bad input: whatever bytes a file holds, the answer is a
list of problems. A valid course becomes a plain :class:`unclench.course.Course`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
import os
import re
import stat
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import tomli

from unclench import course as c
from unclench import folders, validation
from unclench.blankmarkdown import LETTERS
from unclench.folders import (
    COURSE_INDEX,
    LESSONS_DIR,
    MAX_COURSE_FILE_BYTES,
    index_absence,
    index_remedy,
    is_course_folder,
    lesson_files,
)
from unclench.frozen import mutable_record
from unclench.problems import (
    CourseLoadError,
    NotACourseError,
    Problem,
    borrowed_id_problems,
    display_path,
    key_text,
    missing_index_problem,
)
from unclench.references import Reference, may_hold_references
from unclench.text import first_forbidden, first_mismeasured, forbidden_in_text, may_hold_mismeasured, shortened
from unclench.tomlread import parse

if typing.TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ValidationError

    from unclench.tomlpos import KeyPath

#: Lesson and index files larger than this are refused unread.
MAX_FILE_BYTES = MAX_COURSE_FILE_BYTES
STEP_KINDS = ("page", "prompt", "quiz", "exercise")
MAX_TREMOR_MINUTES = c.MAX_TREMOR_MINUTES


@mutable_record
class CheckResult:
    """What checking a course folder or a lesson file found."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    course: c.Course | None = None
    lesson_count: int = 0
    validated: dict[Path, dict[str, Any]] = field(default_factory=dict)
    """For a valid course: every file's validated data, by path (what the course cache keeps)."""
    partial: c.Course | None = None
    """For a course with problems: the index with the lessons that have none of their own (what ``check`` gives
    its warnings about, beside the problems); when the index itself does not load, those lessons alone
    (:func:`unclench.course.lessons_alone`), so that fixing the index brings no second wave of warnings."""

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong."""
        return not self.problems


#: Beyond this many options, only this many are compared: those of about the same length whose first or
#: last letter is the word's. An attacker's course listing 3,000 unknown lessons beside 3,000 others kept
#: `check` busy for 34 s comparing every pair (quadratic in the course's size).
CLOSEST_COMPARES_AT_MOST = 50


@functools.lru_cache(maxsize=8)
def _by_end_letters(options: tuple[str, ...]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``options`` by first letter and by last letter (worked out once per set of options, not per word)."""
    by_first: dict[str, list[str]] = {}
    by_last: dict[str, list[str]] = {}
    for option in options:
        by_first.setdefault(option[:1], []).append(option)
        by_last.setdefault(option[-1:], []).append(option)
    return by_first, by_last


def closest(word: str, options: Iterable[str]) -> str | None:
    """The one of ``options`` that ``word`` is probably a misspelling of, if any."""
    import difflib  # only once there is a problem to explain

    candidates = list(options)
    if len(candidates) > CLOSEST_COMPARES_AT_MOST:
        by_first, by_last = _by_end_letters(tuple(candidates))
        near = dict.fromkeys(  # in course order, once each
            o for o in (*by_first.get(word[:1], ()), *by_last.get(word[-1:], ())) if abs(len(o) - len(word)) <= 2
        )
        candidates = sorted(near, key=lambda o: (abs(len(o) - len(word)), o[:1] != word[:1]))
        candidates = candidates[:CLOSEST_COMPARES_AT_MOST]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


#: Words authors write for a step's kind, and the kind each means (a typo is found by :func:`did_you_mean`).
_KIND_WORDS = {
    "reflection": "prompt",
    "reflect": "prompt",
    "journal": "prompt",
    "writing": "prompt",
    "reading": "page",
    "text": "page",
    "markdown": "page",
    "info": "page",
    "practice": "exercise",
    "practise": "exercise",
    "timer": "exercise",
    "test": "quiz",
    "choice": "quiz",
    "multiple-choice": "quiz",
}


def _kind_meant(tag: str) -> str:
    """``did you mean 'prompt'?`` for a word an author wrote for a step kind (``reflection``), else ``""``."""
    word = tag.strip().lower()
    if word in ("question", "questions"):
        return "did you mean 'prompt' (answered in the learner's own words) or 'quiz' (choices to pick from)?"
    meant = _KIND_WORDS.get(word.rstrip("s")) or _KIND_WORDS.get(word)
    return f"did you mean '{meant}'?" if meant else ""


#: The keys of a step whose value is its words (a title "page" is a title).
_STEP_TEXT_KEYS = frozenset(("id", "title", "body", "question", "text", "label", "explanation"))


def _kind_under_another_key(step: object) -> tuple[str, str] | None:
    """(key, kind) when a step without ``kind`` names a step kind under another key (``type = "page"``)."""
    if not isinstance(step, dict):
        return None
    for key, written in step.items():
        if key in _STEP_TEXT_KEYS:
            continue  # a step's own words, whatever they say
        if isinstance(written, str) and written.strip().lower() in STEP_KINDS:
            return key, written.strip().lower()
    return None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``did you mean 'x'?`` when ``word`` is close to one of ``options``, else ``""``."""
    return you_meant(closest(word, options))


def you_meant(close: str | None) -> str:
    """``did you mean 'x'?`` for ``close``, the option found close to what was written; ``""`` for none."""
    return f"did you mean '{close}'?" if close else ""


class ParsedFile:
    """A TOML file read and parsed, with problems and lazily computed key positions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text: str | None = None
        self.data: dict[str, Any] | None = None
        self.reused = False
        """The data is a lesson's validated data from the course cache: the file was not read."""
        self.problems: list[Problem] = []
        self.misspelled: set[KeyPath] = set()
        """Keys the file means but misspelled (``titel`` -> ``("title",)``): no follow-on problem about them."""
        self._positions: dict[KeyPath, tuple[int, int]] | None = None

    def add(self, key: KeyPath, message: str, suggestion: str = "") -> None:
        """Record a problem at ``key`` (or its nearest enclosing table)."""
        line, col = self.position(key)
        self.problems.append(Problem(self.path, line, col, key_text(key), message, suggestion))

    def add_at(self, line: int, col: int, message: str, key: str = "", suggestion: str = "") -> None:
        """Record a problem at a known line and column."""
        self.problems.append(Problem(self.path, line, col, key, message, suggestion))

    def add_control(self, key: KeyPath, char: str) -> None:
        """Record a control character in the text at ``key``, where it is written where it can be found."""
        line, col = self.char_position(key, char)
        message, fix = forbidden_in_text(char)
        self.problems.append(Problem(self.path, line, col, key_text(key), message, fix))

    def add_references(
        self, key: KeyPath, value: str, found: list[Reference], said: tuple[str, str] | None = None
    ) -> None:
        """Record the first of the references ``found`` in the text ``value`` at ``key``, where it is written.

        ``said``: what is wrong and the fix, when not :func:`forbidden_in_text`'s (a reference in an address).
        """
        first = found[0]
        line, col = self.position(key)
        text = self.text or ""
        offset = sum(len(before) + 1 for before in text.split("\n")[: line - 1]) + col - 1
        for _ in range(value.count(first.written, 0, first.start)):  # the same reference written before it
            offset = text.find(first.written, offset) + len(first.written)
        at = text.find(first.written, offset)
        line, col = _offset_position(text, at) if at >= 0 else (line, col)
        message, fix = said or forbidden_in_text(first.char, written_as=first.written)
        if len(found) > 1:
            message += f" (and {len(found) - 1} more like it in this text)"
        self.problems.append(Problem(self.path, line, col, key_text(key), message, fix))

    def add_in_text(self, key: KeyPath, snippet: str, message: str, suggestion: str) -> None:
        """Record a problem in the text at ``key``, where ``snippet`` is first written after the key (else at it)."""
        line, col = self.position(key)
        text = self.text or ""
        offset = sum(len(before) + 1 for before in text.split("\n")[: line - 1]) + col - 1
        at = text.find(snippet, offset) if snippet.strip() else -1
        if at >= 0:
            line, col = _offset_position(text, at)
        self.problems.append(Problem(self.path, line, col, key_text(key), message, suggestion))

    def char_position(self, key: KeyPath, char: str, nth: int = 0) -> tuple[int, int]:
        """Line and column of ``char`` in the text at ``key``: the first escape writing it, or itself, after the key.

        ``nth``: of the ``nth`` one after the key that writes it (counted from 0), raw or as an escape.
        Where none is found (a string split over lines), the key's position.
        """
        line, col = self.position(key)
        text = self.text or ""
        lines = text.split("\n")
        start = sum(len(before) + 1 for before in lines[: line - 1]) + col - 1
        if nth:
            raws = [match.start() for match in re.finditer(re.escape(char), text[start:])]
            escapes = [
                match.start() - start
                for match in re.compile(_ESCAPE).finditer(text, start)
                if _unescape(match.group()) == char
            ]
            written = sorted(raws + escapes)
            return _offset_position(text, start + written[nth]) if nth < len(written) else (line, col)
        raw = text.find(char, start)
        for escape in re.compile(_ESCAPE).finditer(text, start, raw if raw >= 0 else len(text)):
            if _unescape(escape.group()) == char:
                return _offset_position(text, escape.start())
        return _offset_position(text, raw) if raw >= 0 else (line, col)

    def first_key_position(self) -> tuple[int, int]:
        """Line and column of the file's first key or header: past comments (the ``#:schema`` line) and blanks."""
        for number, line in enumerate((self.text or "").split("\n"), 1):
            stripped = line.lstrip(" \t\ufeff")
            if stripped and not stripped.startswith("#"):
                return number, len(line) - len(stripped) + 1
        return 1, 1

    def position(self, key: KeyPath) -> tuple[int, int]:
        """Line and column of ``key``, or of its nearest enclosing key or table."""
        from unclench.tomlpos import key_positions, nearest_position  # only once there is a problem to place

        if self._positions is None:
            try:
                self._positions = key_positions(self.text or "")
            except RecursionError:
                self._positions = {}
        found, _exact = nearest_position(self._positions, key)
        return found


class ResolvedPaths:
    """Where paths really lead (symbolic links followed), each folder worked out once for a whole check.

    ``Path.resolve`` looks at every part of a path: checking a course of 1,000 lessons
    resolved the course folder and every lesson file's path, about 80 ms of its time.
    A file that is not itself a link lies where its folder really is.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}

    def folder(self, folder: Path) -> Path:
        """``folder.resolve()``, worked out once (raises as it does)."""
        resolved = self._folders.get(folder)
        if resolved is None:
            resolved = self._folders[folder] = folder.resolve()
        return resolved

    def file(self, path: Path) -> Path:
        """``path.resolve()`` (raises as it does), from its folder's when it is not a link itself."""
        try:
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                return self.folder(path.parent) / path.name
        except (OSError, RuntimeError):
            pass  # resolved in full below, which says what is wrong
        return path.resolve()


def read_toml(
    path: Path, root: Path | None = None, kind: validation.Kind | None = None, paths: ResolvedPaths | None = None
) -> ParsedFile:
    """Read and parse ``path`` (a file of ``kind``); every failure becomes a problem, never an exception.

    ``paths`` keeps resolved folders for the files of one check (see :class:`ResolvedPaths`).
    """
    parsed = ParsedFile(path)
    paths = paths if paths is not None else ResolvedPaths()
    try:
        target = paths.file(path)
    except RuntimeError:  # Python before 3.13 says so for a loop of symbolic links
        parsed.add_at(
            1, 1, "is a symbolic link in a loop (it never reaches a file)", suggestion="remove it or link to a file"
        )
        return parsed
    except OSError as error:
        parsed.add_at(1, 1, f"cannot be read: {error.strerror or error}")
        return parsed
    if root is not None and not _is_inside(target, root, paths):
        parsed.add_at(
            1,
            1,
            f"links to {target}, outside the course folder",
            suggestion="copy the file into the course folder instead of linking to it",
        )
        return parsed
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            parsed.add_at(1, 1, "not a regular file (a folder, device or pipe); lesson files must be plain files")
            return parsed
        size = info.st_size
        if size > MAX_FILE_BYTES:
            parsed.add_at(
                1,
                1,
                f"file is {size:,} bytes; course files may be at most {MAX_FILE_BYTES:,} bytes "
                f"({MAX_FILE_BYTES // 1_048_576} MB): split it into several lessons",
            )
            return parsed
        raw = path.read_bytes()
    except OSError as error:
        if path.is_symlink() and not path.exists():  # "No such file or directory" left the author guessing
            parsed.add_at(
                1,
                1,
                f"is a symbolic link to {os.readlink(path)}, which does not exist",
                suggestion="remove the link, or put back the file it names",
            )
        else:
            parsed.add_at(1, 1, f"cannot be read: {error.strerror or error}")
        return parsed
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        parsed.add_at(
            1,
            1,
            "this file is saved as UTF-16 text; course files are UTF-8",
            suggestion="save it as UTF-8 (in your editor's encoding menu, or 'Save As' with UTF-8)",
        )
        return parsed
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        # Columns count characters, as everywhere else; the bytes before the bad one are valid UTF-8.
        before = raw[raw.rfind(b"\n", 0, error.start) + 1 : error.start]
        col = len((before if line > 1 else before.removeprefix(b"\xef\xbb\xbf")).decode("utf-8")) + 1
        parsed.add_at(line, col, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
        return parsed
    text = text.removeprefix("\ufeff")
    parsed.text = text
    try:
        parsed.data = parse(text)
    except tomli.TOMLDecodeError as error:
        from unclench.tomlerrors import explain  # only once there is an error to explain

        why = explain(text, error, (lambda key: expected_type(kind, key)) if kind else None)
        parsed.add_at(why.line, why.col, f"TOML syntax error: {why.message}", key_text(why.key), why.suggestion)
    except ValueError as error:  # e.g. an integer longer than Python's int_max_str_digits
        found = re.search(r"[0-9][0-9_]{4000,}", text)
        if found:
            line, col = _offset_position(text, found.start())
            parsed.add_at(line, col, "this number has too many digits to read")
        else:
            parsed.add_at(1, 1, f"TOML cannot be read: {error}")
    except RecursionError:
        line, col = _offset_position(text, _deep_nesting(text))
        parsed.add_at(
            line,
            col,
            "TOML nested too deeply to read (arrays or tables inside each other hundreds of levels deep)",
            suggestion="a course file needs only a few levels: look for a run of [ or { or a very long dotted key",
        )
    return parsed


#: How many arrays and inline tables inside one another :func:`_deep_nesting` calls too deep (a course needs 3).
_TOO_DEEP = 100
# The patterns below are compiled on first use (``re`` keeps them): they find where a file too deep is nested, and
# place a warning at an escape, neither of which most checks need.
#: A string or a comment, whose brackets are text: skipped whole (a string left open runs to its line's end,
#: a multi-line one to the file's).
_NOT_BRACKETS = (
    r""""{3}(?:[^\\]|\\.)*?(?:"{3}|\Z)"""  # a multi-line basic string
    r"""|'{3}[\s\S]*?(?:'{3}|\Z)"""  # a multi-line literal string
    r"""|"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|#.*"""  # a one-line string, a comment
)
_BRACKET_OR_TEXT = r"""[\[\]{}"'#]"""


def _deep_nesting(text: str) -> int:
    """Where the run of ``[`` or ``{`` that nests ``text`` too deeply starts (0 when none does: a long dotted key)."""
    depth, run_start, pos = 0, 0, 0
    bracket_or_text, not_brackets = re.compile(_BRACKET_OR_TEXT), re.compile(_NOT_BRACKETS)
    while (found := bracket_or_text.search(text, pos)) is not None:
        char, pos = found.group(), found.start()
        if char in "\"'#":
            pos = not_brackets.match(text, pos).end()  # type: ignore[union-attr]  # it always matches
            continue
        if char in "[{":
            if depth == 0 or text[pos - 1] not in "[{ \t\n,":
                run_start = pos  # a new run of openers (blanks and commas between them still count as one)
            depth += 1
            if depth > _TOO_DEEP:
                return run_start
        else:
            depth = max(depth - 1, 0)
        pos += 1
    return 0


#: An escape in a TOML basic string (an escaped backslash is matched whole, so it is skipped).
_ESCAPE = r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[^uUx])"
_SHORT_ESCAPES = {"b": "\b", "f": "\f", "r": "\r", "e": "\x1b", "t": "\t", "n": "\n"}


def _unescape(escape: str) -> str:
    """The character a TOML escape (``\\u001b``, ``\\e``...) writes; ``""`` for any other."""
    if escape[1] in "uUx":
        code = int(escape[2:], 16)
        return chr(code) if code <= 0x10FFFF else ""
    return _SHORT_ESCAPES.get(escape[1], "")


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _is_inside(target: Path, root: Path, paths: ResolvedPaths) -> bool:
    """Whether ``target`` (a resolved path) is inside the folder ``root``, wherever its links lead."""
    try:
        target.relative_to(paths.folder(root))
    except (ValueError, OSError, RuntimeError):
        return False
    return True


# -- schema errors -------------------------------------------------------------

_TYPE_NAMES = {
    str: "a string",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    list: "an array",
    dict: "a table",
    datetime: "a date-time",
    date: "a date",
    time: "a time",
}
#: pydantic's number bounds, worded as the checker words things: (words, the bound's ``ctx`` key).
_BOUNDS = {
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
}
_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "an array",
    "model_type": "a table",
    "dict_type": "a table",
    "model_attributes_type": "a table",
}


def expected_type(kind: validation.Kind, path: KeyPath) -> str | None:
    """What the value at ``path`` in a file of ``kind`` must be, in words; None when unknown or ambiguous.

    "boolean", "whole number", "number", "string" or "array": the models say, whichever
    step kind the key belongs to (``minutes`` of an exercise is a number, of a lesson a whole number).
    """
    candidates: list[type[BaseModel]] = [validation.model_for(kind)]
    annotations: list[object] = []
    for part in path:
        if isinstance(part, int):
            continue
        annotations = [m.model_fields[part].annotation for m in candidates if part in m.model_fields]
        candidates = [model for annotation in annotations for model in _models_in(annotation)]
    words = {_annotation_words(annotation) for annotation in annotations}
    return words.pop() if len(words) == 1 else None


def _annotation_words(annotation: object) -> str | None:
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is list:
        return "array"
    if args and origin is not typing.Literal and len(args) == 1 and origin is not None:
        return _annotation_words(args[0])
    simple = {bool: "boolean", int: "whole number", float: "number", str: "string"}
    return simple.get(annotation) if isinstance(annotation, type) else None


def _type_name(value: object) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


def _models_in(annotation: object) -> list[type[BaseModel]]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def _model_at(root: type[BaseModel], data: object, path: KeyPath) -> type[BaseModel] | None:
    """The model class that validates the table at ``path`` in ``data``."""
    candidates: list[type[BaseModel]] = [root]
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            continue
        model = _pick(candidates, node)
        if model is None or part not in model.model_fields:
            return None
        candidates = _models_in(model.model_fields[part].annotation)
        node = node.get(part) if isinstance(node, dict) else None
    return _pick(candidates, node)


def _pick(candidates: list[type[BaseModel]], node: object) -> type[BaseModel] | None:
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    kind = node.get("kind") if isinstance(node, dict) else None
    for model in candidates:
        kind_field = model.model_fields.get("kind")
        if kind_field is not None and kind in typing.get_args(kind_field.annotation):
            return model
    return None


def _clean_loc(loc: tuple[int | str, ...]) -> KeyPath:
    """Drop pydantic's discriminator tags (``steps.2.quiz.choices`` -> ``steps.2.choices``)."""
    out: list[str | int] = []
    for index, part in enumerate(loc):
        if part in STEP_KINDS and index > 0 and isinstance(loc[index - 1], int):
            continue
        out.append(part)
    return tuple(out)


def _schema_problems(parsed: ParsedFile, model: type[BaseModel], error: ValidationError) -> None:
    details = [(_clean_loc(tuple(detail["loc"])), detail) for detail in error.errors(include_url=False)]
    # First the unknown keys: one that is a misspelling of a key the table needs
    # explains the "missing key" error for that key, which is then not reported.
    step_keys = _step_keys(model)
    missing = {loc for loc, detail in details if detail["type"] == "missing"}
    text_meant: dict[KeyPath, str] = {}  # `body` written for a prompt's `question`, and the like
    for loc, detail in details:
        if detail["type"] == "extra_forbidden":
            where = _model_at(model, parsed.data, loc[:-1])
            meant = closest(str(loc[-1]), where.model_fields) if where else None
            if meant is None and (text_key := _text_key_meant(model, parsed.data, loc, missing)) is not None:
                meant = text_meant[loc] = text_key
            if meant is not None:
                parsed.misspelled.add((*loc[:-1], meant))
            if len(loc) == 1 and loc[0] in step_keys:
                # `[[choices]]` meant `[[steps.choices]]`: the step missing them is told once, at this header,
                # and the step above that has some is not told what the moved ones would have given it.
                parsed.misspelled.update(other for other in missing if other[-1] == loc[0])
                parsed.misspelled.update(_steps_above(parsed, loc))
            if (owner := _enclosing_owner(parsed, model, loc)) is not None:
                # `builds_on = [...]` below the last [[steps.choices]]: the lesson is not told it lacks builds_on.
                parsed.misspelled.add((*owner, loc[-1]))
            if _stray_step_tables(model, loc, detail.get("input")):
                # `[[step.choices]]` meant `[[steps.choices]]`: the step above, whose choices they are, is not
                # told it has none (or too few), and the header is told once.
                parsed.misspelled.update(_step_above(parsed, loc))
    nested_lists: set[KeyPath] = set()  # lists of ids holding a list: told once each, at its first
    for loc, detail in details:
        kind = detail["type"]
        if kind == "missing" and loc in parsed.misspelled:
            continue
        if kind == "string_type" and isinstance(detail.get("input"), list) and loc and isinstance(loc[-1], int):
            if loc[:-1] not in nested_lists:
                nested_lists.add(loc[:-1])
                parsed.add(
                    loc,
                    "expected a string, found an array: a list inside the list",
                    f"write one list of ids: {_key_name(loc)} = [{_flat_items(_value_at(parsed.data, loc[:-1]))}]",
                )
            continue
        if kind == "string_type" and loc[:1] == ("sources",) and len(loc) == 2 and "steps" in model.model_fields:
            tables = _value_at(parsed.data, loc[:1])
            if isinstance(value := detail.get("input"), dict) and isinstance(tables, list):
                if loc[1] == min(i for i, item in enumerate(tables) if isinstance(item, dict)):  # told once
                    parsed.add(loc, *_declared_in_course("sources", [t for t in tables if isinstance(t, dict)]))
                continue
        if kind == "extra_forbidden" and _stranded_by_misspelled_header(parsed, model, loc):
            continue
        if kind in _BOUNDS and _tremor_too_long(parsed.data, loc):
            continue  # the tremor rule says so, with the stricter limit: one mistake, one report
        value = detail.get("input")
        if kind == "string_pattern_mismatch" and isinstance(value, str) and (bad := first_forbidden(value)):
            parsed.add_control(loc, bad[1])
            continue
        if loc in text_meant:
            parsed.add(loc, *_text_key_message(parsed.data, loc, text_meant[loc]))
            continue
        message, suggestion = _schema_message(parsed, model, loc, detail)
        if kind == "union_tag_invalid":
            loc += ("kind",)
        if kind == "missing" and len(loc) == 1:
            # At the file's first key, not at 1:1: that is often a comment (the #:schema line).
            parsed.add_at(*parsed.first_key_position(), message, key_text(loc), suggestion)
            continue
        parsed.add(loc, message, suggestion)


def _text_key_message(data: object, loc: KeyPath, meant: str) -> tuple[str, str]:
    """An unknown text key written for the one the table lacks: what it is, and how to write it."""
    holder = _value_at(data, loc[:-1])
    kind = holder.get("kind") if isinstance(holder, dict) else None
    whose = f"a {kind}'s" if isinstance(kind, str) and kind in STEP_KINDS else "its"
    return (
        f"unknown key '{shortened(str(loc[-1]))}': {whose} text goes in {meant}",
        f'write {meant} = "..." in place of {shortened(str(loc[-1]))} = "..."',
    )


def _steps_above(parsed: ParsedFile, loc: KeyPath) -> list[KeyPath]:
    """The ``loc[0]`` of the step above the top-level ``[[loc[0]]]`` header at ``loc`` (``[[choices]]``)."""
    steps = parsed.data.get("steps") if isinstance(parsed.data, dict) else None
    if not isinstance(steps, list) or not steps:
        return []
    line, _ = parsed.position(loc)
    above = [index for index in range(len(steps)) if parsed.position(("steps", index))[0] < line]
    return [("steps", above[-1], loc[0])] if above else []


def _course_only_key(name: str | int) -> str | None:
    """``name`` when it is a key of course.toml that a lesson file does not have (``guidance``, ``modules``)."""
    lesson, course = validation.model_for("lesson"), validation.model_for("course")
    return name if isinstance(name, str) and name in course.model_fields and name not in lesson.model_fields else None


#: The keys that hold a step's or a choice's main text: one written in place of another (a prompt's text as
#: ``body``, not ``question``) is one mistake, told once, not also as the key the table lacks.
_TEXT_KEYS = ("body", "question", "text")


def _text_key_meant(model: type[BaseModel], data: object, loc: KeyPath, missing: set[KeyPath]) -> str | None:
    """The text key the table at ``loc[:-1]`` lacks and the unknown text key at ``loc`` was written for."""
    if not loc or loc[-1] not in _TEXT_KEYS:
        return None
    where = _model_at(model, data, loc[:-1])
    if where is None:
        return None
    meant = [key for key in _TEXT_KEYS if key in where.model_fields and (*loc[:-1], key) in missing]
    return meant[0] if len(meant) == 1 else None


def _stray_step_tables(model: type[BaseModel], loc: KeyPath, value: object) -> list[str]:
    """The headers meant by a top-level table named like ``steps`` that holds a step's tables.

    ``[[step.choices]]`` makes a table ``step`` holding ``choices``: it meant ``[[steps.choices]]``, the
    choices of the step above (``[step.limits]``: ``[steps.limits]``). None such: ``[]``.
    """
    if len(loc) != 1 or not isinstance(value, dict) or not value or "steps" not in model.model_fields:
        return []
    step_keys = _step_keys(model)
    if str(loc[0]) in model.model_fields or closest(str(loc[0]), model.model_fields) != "steps":
        return []
    if not all(key in step_keys and isinstance(table, (dict, list)) for key, table in value.items()):
        return []
    return [f"[[steps.{key}]]" if isinstance(table, list) else f"[steps.{key}]" for key, table in value.items()]


def _step_above(parsed: ParsedFile, loc: KeyPath) -> list[KeyPath]:
    """The keys of the step above the stray header at ``loc`` that its tables were meant for."""
    steps = parsed.data.get("steps") if isinstance(parsed.data, dict) else None
    stray = parsed.data.get(str(loc[0])) if isinstance(parsed.data, dict) else None
    if not isinstance(steps, list) or not steps or not isinstance(stray, dict):
        return []
    line, _ = parsed.position(loc)
    above = [index for index in range(len(steps)) if parsed.position(("steps", index))[0] < line]
    return [("steps", above[-1], key) for key in stray] if above else []


def _tremor_too_long(data: object, loc: KeyPath) -> bool:
    """Whether ``loc`` is the minutes of a tremor exercise beyond its own limit (see :func:`_lesson_rules`)."""
    if len(loc) != 3 or loc[0] != "steps" or loc[2] != "minutes" or not isinstance(loc[1], int):
        return False
    steps = data.get("steps") if isinstance(data, dict) else None
    step = steps[loc[1]] if isinstance(steps, list) and 0 <= loc[1] < len(steps) else None
    minutes = step.get("minutes") if isinstance(step, dict) else None
    return (
        isinstance(step, dict)
        and step.get("kind") == "exercise"
        and step.get("tremor") is True
        and isinstance(minutes, (int, float))
        and minutes > MAX_TREMOR_MINUTES
    )


def _step_keys(model: type[BaseModel]) -> set[str]:
    """The keys a step of a lesson may have (none for the course index)."""
    steps = model.model_fields.get("steps")
    return {name for step in _models_in(steps.annotation) for name in step.model_fields} if steps else set()


def _stranded_by_misspelled_header(parsed: ParsedFile, model: type[BaseModel], loc: KeyPath) -> bool:
    """Whether ``loc`` is a key that landed in the wrong table because a header above was misspelled.

    After ``[[step]]`` (meant ``[[steps]]``), its ``[[steps.choices]]`` attach to the
    step before: the misspelling is reported, the stranded key is not.
    """
    if len(loc) < 3 or not isinstance(loc[-2], int) or loc[:-2] not in parsed.misspelled:
        return False
    holder = _model_at(model, parsed.data, loc[:-3]) if len(loc) > 3 else model
    field_info = holder.model_fields.get(str(loc[-3])) if holder else None
    siblings = _models_in(field_info.annotation) if field_info else []
    return any(loc[-1] in sibling.model_fields for sibling in siblings)


def _schema_message(
    parsed: ParsedFile, model: type[BaseModel], loc: KeyPath, detail: Mapping[str, Any]
) -> tuple[str, str]:
    """One pydantic error in the checker's words: the message and how to fix it."""
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "extra_forbidden":
        where = _model_at(model, parsed.data, loc[:-1])
        allowed = sorted(where.model_fields) if where else []
        if len(loc) == 1 and loc[0] in _DECLARED_IN_COURSE and _is_tables(value) and "steps" in model.model_fields:
            return _declared_in_course(str(loc[0]), value)
        if len(loc) == 1 and loc[0] in _step_keys(model) and loc[0] not in allowed:
            name = str(loc[0])
            header = f"[[steps.{name}]]" if isinstance(value, list) else f"[steps.{name}]"
            written = f"[[{name}]]" if isinstance(value, list) else f"[{name}]" if isinstance(value, dict) else name
            return (
                f"unknown key '{name}' at the top of the lesson: it belongs to a step",
                f"write {header} instead of {written}, under the [[steps]] it belongs to",
            )
        if len(loc) == 1 and "steps" in model.model_fields and (course_key := _course_only_key(loc[0])):
            written = (
                f"[[{course_key}]]"
                if isinstance(value, list)
                else f"[{course_key}]"
                if isinstance(value, dict)
                else course_key
            )
            return (
                f"unknown key '{course_key}' in a lesson file: {written} belongs to the course",
                f"move it to {COURSE_INDEX.as_posix()}",
            )
        if meant := _stray_step_tables(model, loc, value):
            written = ", ".join(header.replace("[steps.", f"[{loc[0]}.") for header in meant)
            return (
                f"{written} belongs to no step: the lesson has no table '{loc[0]}'",
                f"write {', '.join(meant)} (steps, with an s) to add to the step above",
            )
        if (owner := _enclosing_owner(parsed, model, loc)) is not None:
            return _belongs_above(parsed, model, loc, owner)
        if (owner := _enclosing_owner(parsed, model, loc, already_set=True)) is not None:
            return _set_above(parsed, model, loc, owner)
        hint = did_you_mean(str(loc[-1]), allowed)
        if not hint and allowed:
            hint = f"allowed here: {', '.join(allowed)}"
        return f"unknown key '{shortened(str(loc[-1]))}'", hint
    if kind == "missing":
        return f"missing required key '{loc[-1]}'", _missing_fix(model, parsed.data, loc)
    if kind == "union_tag_invalid" or (kind == "literal_error" and loc and loc[-1] == "kind"):
        tag = value.get("kind") if isinstance(value, dict) else value
        kinds = ", ".join(STEP_KINDS)
        close = _kind_meant(str(tag)) or did_you_mean(str(tag), STEP_KINDS)
        hint = f"{close} (one of: {kinds})" if close else f"use one of: {kinds}"
        return f"unknown step kind {tag!r}", hint
    if kind == "literal_error":
        # `worse`, `yes_means`: a word from a fixed few, in quotes.
        options = [str(option) for option in typing.get_args(_field_annotation(model, parsed.data, loc))]
        expected = ctx.get("expected", "")
        if isinstance(value, list) and len(value) == 1 and value[0] in options:
            return f"must be one of {expected} (found an array)", f'write it without brackets: {loc[-1]} = "{value[0]}"'
        if not isinstance(value, str):
            return (
                f"must be one of {expected} (found {value!r})",
                f'write one of them in quotes: {loc[-1]} = "{options[0] if options else "..."}"',
            )
        same = [option for option in options if option.lower() == value.lower()]
        hint = f"did you mean '{same[0]}'?" if same else did_you_mean(value.lower(), options)
        return f"must be one of {expected} (found {value!r})", hint or f"write one of {expected}"
    if kind == "union_tag_not_found":
        named = _kind_under_another_key(value)
        if named is not None:
            key, tag = named
            return "missing required key 'kind'", f'the kind goes under the key kind: write kind = "{tag}", not {key}'
        return "missing required key 'kind'", f"add kind = one of: {', '.join(STEP_KINDS)}"
    if kind == "int_type" and isinstance(value, float):
        whole = max(1, round(value)) if value == value and abs(value) != float("inf") else 1
        return f"must be a whole number (found {value!r})", f"write a whole number, e.g. {whole}"
    if kind in _EXPECTED:
        if kind == "list_type" and _models_in(_field_annotation(model, parsed.data, loc)):
            # A list of tables (steps, choices): `steps = ["x"]` would be just as wrong.
            name = _key_name(loc)
            return (
                f"expected {_EXPECTED[kind]} of tables, found {_type_name(value)}",
                f"write each one as a [[{_table_header(loc)}]] header with its keys on the lines under it",
            )
        return f"expected {_EXPECTED[kind]}, found {_type_name(value)}", _type_fix(kind, loc, value)
    if kind == "string_pattern_mismatch":
        from unclench.model import (  # pydantic is loaded
            DATE_PATTERN,
            ID_PATTERN,
            ONE_LINE_PATTERNS,
            OPTIONAL_ONE_LINE_PATTERN,
            OPTIONAL_TEXT_PATTERN,
        )

        if ctx.get("pattern") == DATE_PATTERN:
            return f"{value!r} is not a date written YYYY-MM-DD", 'write it like "2026-11-29"'

        if ctx.get("pattern") == ID_PATTERN and loc[:1] == ("previous_ids",):
            # Not "e.g. 'my-hands'": that may be the lesson's own id, refused here next (an author did as told).
            return (
                f"{value!r} is not a valid id, so no lesson ever had it and no progress is saved under it",
                "remove it (an old id goes here exactly as it was: lower-case letters, digits and dashes)",
            )
        if ctx.get("pattern") == ID_PATTERN:
            example = folders.id_like(value, "stop-a-tremor") if isinstance(value, str) else "stop-a-tremor"
            return (
                f"{value!r} is not a valid id",
                f"use lower-case letters, digits and dashes, starting with a letter or digit (e.g. '{example}')",
            )
        several_lines = ONE_LINE_PATTERNS.get(ctx.get("pattern", ""))
        if several_lines is not None and isinstance(value, str) and re.fullmatch(several_lines, value):
            if value.endswith("\n") and "\n" not in value[:-1].rstrip("\r"):
                return _ending_line_break(parsed, loc)
            return _line_break_message(model, parsed.data, loc)
        optional = ctx.get("pattern") in (OPTIONAL_TEXT_PATTERN, OPTIONAL_ONE_LINE_PATTERN)
        return "must not be blank (it holds only spaces, line breaks or invisible characters)", (
            "write the text, or remove the key (it is optional)" if optional else "write the text"
        )
    if kind == "too_short" and isinstance(value, list):
        least = ctx.get("min_length", 1)
        return f"needs at least {least} {'entry' if least == 1 else 'entries'} (found {len(value)})", _TOO_FEW_FIX.get(
            _key_name(loc), ""
        )
    if kind == "string_too_short":
        return "must not be empty", "write the text"
    if kind == "string_too_long":
        most = ctx.get("max_length")
        found = f"is too long: at most {most} characters (found {len(str(value))})"
        if loc == ("guidance", "stop"):
            return found, (
                "say in a sentence or two how to come out of the exercise: it is read at a glance, eyes "
                "half-closed, beside the stop keys; put anything longer in the exercise's body or a [[safety]] note"
            )
        return found, f"shorten it to {most} characters or fewer"
    if kind in _BOUNDS and isinstance(value, float) and math.isnan(value):  # TOML's nan: "at most 60 (found nan)"
        return "must be a number, not nan ('not a number')", _range_fix(model, parsed.data, loc)
    if kind in _BOUNDS:
        words, ctx_key = _BOUNDS[kind]
        bound = ctx.get(ctx_key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # "at most 60", not "60.0", for a float field
        return f"must be {words} {bound} (found {value!r})", _range_fix(model, parsed.data, loc)
    return str(detail["msg"]), ""


#: The course's tables a step names by id: what one is, and the key of the step that lists them.
_DECLARED_IN_COURSE = {
    "safety": ("safety notes", "a step names the ones it shows", "the exercise that shows it"),
    "screening": ("screening questions", "a step names the ones it asks", "the exercise that asks it"),
    "sources": ("sources", "a lesson names the ones it draws on", "the lesson, above its first [[steps]]"),
}


def _is_tables(value: object) -> bool:
    """Whether ``value`` is a table or an array of tables (what ``[name]`` or ``[[name]]`` makes)."""
    return isinstance(value, dict) or (
        isinstance(value, list) and bool(value) and all(isinstance(i, dict) for i in value)
    )


def _declared_in_course(name: str, value: object) -> tuple[str, str]:
    """A ``[[safety]]`` or ``[[screening]]`` table in a lesson: they are declared in the course, named by steps."""
    what, named, where = _DECLARED_IN_COURSE[name]
    tables = value if isinstance(value, list) else [value]
    ids = [table_id for table in tables if (table_id := _id(table)) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", table_id)]
    listed = ", ".join(f'"{table_id}"' for table_id in ids) or '"..."'
    header = f"[[{name}]]" if isinstance(value, list) else f"[{name}]"
    return (
        f"{header} in a lesson file: {what} are declared in {COURSE_INDEX.as_posix()}, and {named} by id",
        f"move {'this table' if len(tables) == 1 else 'these tables'} to {COURSE_INDEX.as_posix()} (as [[{name}]]), "
        f"and list {'its id' if len(tables) == 1 else 'their ids'} in {where}: {name} = [{listed}]",
    )


#: How to fill a list that needs at least one entry, by its key.
_TOO_FEW_FIX = {
    "lessons": 'list the ids of its lessons, e.g. lessons = ["welcome"], or remove this [[modules]] table',
    "modules": 'add a [[modules]] table with its id, title and lessons = ["..."]',
    "steps": "add a [[steps]] table with its kind, id and text",
}


#: What a one-line text is, by its key, for "holds a line break: a title is shown on one line".
_ONE_LINE_WHAT = {
    "title": "a title",
    "summary": "a summary",
    "author": "an author",
    "label": "a check-in's label",
    "question": "this question",
    "low": "what 0 means",
    "high": "what 10 means",
    "source": "a source",
    "name": "a service's name",
    "reach": "how to reach a service",
    "region": "a region",
    "directory": "the directory",
    "text": "a choice",
    "builds_on_reason": "the reason",
}
#: Where the longer text a one-line text may not hold goes, by the table it is in and its key ("" for any key).
_LONGER_TEXT_IN = {
    ("LessonModel", ""): "a page's body",
    ("PageModel", ""): "the body",
    ("PromptModel", ""): "the question",
    ("QuizModel", ""): "the question",
    ("ExerciseModel", ""): "the body",
    ("ChoiceModel", ""): "its feedback",
    ("SafetyNoteModel", ""): "the note's text",
    ("ScreeningModel", "question"): "its advice",
    ("CourseModel", "title"): "the course's summary",
    ("SourceModel", ""): "its description",
}


def _ending_line_break(parsed: ParsedFile, loc: KeyPath) -> tuple[str, str]:
    """A one-line text whose only line break is at its end: mostly a triple-quoted string closed a line below."""
    line, _ = parsed.position(loc)
    written = (parsed.text or "").split("\n")[line - 1] if parsed.text else ""
    quotes = next((quotes for quotes in ('"""', "'''") if quotes in written), None)
    if quotes is None:
        return "ends with a line break", "remove the line break at its end"
    return (
        f"ends with a line break: its closing {quotes} is on the line below the text",
        f"put the closing {quotes} right after the text, on the same line (or write it in plain quotes: "
        f'{_key_name(loc)} = "...")',
    )


def _line_break_message(model: type[BaseModel], data: object, loc: KeyPath) -> tuple[str, str]:
    """The problem of a line break in a text shown on one line (a title, a label, a choice), and its fix."""
    key = str(loc[-1]) if loc else ""
    holder = _model_at(model, data, loc[:-1])
    name = holder.__name__ if holder is not None else ""
    place = _LONGER_TEXT_IN.get((name, key)) or _LONGER_TEXT_IN.get((name, ""))
    return (
        f"holds a line break: {_ONE_LINE_WHAT.get(key, 'this text')} is shown on one line",
        "write it on one line" + (f"; put longer text in {place}" if place else ""),
    )


def _enclosing_owner(
    parsed: ParsedFile, model: type[BaseModel], loc: KeyPath, *, already_set: bool = False
) -> KeyPath | None:
    """The table around the one at ``loc[:-1]`` whose key ``loc[-1]`` is, and that does not have it yet (with
    ``already_set``: that has it already).

    A key written below a ``[[steps.choices]]`` header belongs to that choice: ``builds_on = [...]``
    appended at the end of a lesson lands there, though it is the lesson's. None when no enclosing
    table (the file's top, a step) takes the key.
    """
    name = loc[-1] if loc else None
    if not isinstance(name, str) or len(loc) < 3:
        return None
    for end in range(len(loc) - 2, -1, -1):
        owner = loc[:end]
        table = _value_at(parsed.data, owner)
        if not isinstance(table, dict):
            continue  # the list of an array of tables (`choices`), not a table
        where = _model_at(model, parsed.data, owner)
        if where is not None and name in where.model_fields and (name in table) == already_set:
            return owner
    return None


#: Whose keys lie below a header, by the header's last name: "keys below [[steps.choices]] belong to that choice".
_TABLE_NOUNS = {
    "steps": "that step",
    "choices": "that choice",
    "limits": "the step's limits",
    "sources": "that source",
    "safety": "that safety note",
    "checkins": "that check-in",
    "screening": "that screening question",
    "modules": "that module",
    "entries": "that entry",
}


def _belongs_above(parsed: ParsedFile, model: type[BaseModel], loc: KeyPath, owner: KeyPath) -> tuple[str, str]:
    """The message and fix for the key at ``loc``, written below a header, that belongs to the table ``owner``."""
    name = str(loc[-1])
    here = _table_header(loc[:-1])
    header = f"[[{here}]]" if isinstance(loc[-2], int) else f"[{here}]"
    if not owner:
        whose = "a lesson key" if "steps" in model.model_fields else "a course key"
    elif owner[:1] == ("steps",) and len(owner) == 2:
        whose = "a step key"
    else:
        whose = f"a key of [{_table_header(owner)}]"
    noun = _TABLE_NOUNS.get(_key_name(loc[:-1]), "that table")
    first = _first_header(parsed, owner)
    if first is None:
        above = f"above {header}"
    elif first[0].startswith("[["):
        above = f"above {'its' if owner else 'the'} first {first[0]} (line {first[1]})"
    else:
        above = f"above {first[0]} (line {first[1]})"
    into = "" if not owner else " into the step" if whose == "a step key" else f" into [{_table_header(owner)}]"
    return f"'{name}' is {whose}, but keys below a {header} header belong to {noun}", f"move it up{into}, {above}"


def _set_above(parsed: ParsedFile, model: type[BaseModel], loc: KeyPath, owner: KeyPath) -> tuple[str, str]:
    """The message and fix for the key at ``loc``, written below a header, that the table ``owner`` has already."""
    message, _ = _belongs_above(parsed, model, loc, owner)
    line, _ = parsed.position((*owner, loc[-1]))
    whose, below = message.split(", but ", 1)
    return (
        f"{whose}, already set on line {line}; {below}",
        f"remove it (or, if it holds what you mean, move it up in place of the one on line {line})",
    )


def _first_header(parsed: ParsedFile, owner: KeyPath) -> tuple[str, int] | None:
    """The first header of a table inside the table ``owner``, as written, and its line (None when none is seen)."""
    table = _value_at(parsed.data, owner)
    lines = (parsed.text or "").split("\n")
    found: list[tuple[int, str]] = []
    for key, value in table.items() if isinstance(table, dict) else ():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            line, _ = parsed.position((*owner, key, 0))
        elif isinstance(value, dict):
            line, _ = parsed.position((*owner, key))
        else:
            continue
        written = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        header = re.match(r"\[\[?[^\]\n]*\]\]?", written)
        if header is not None and len(header.group()) <= 60:
            found.append((line, header.group()))
    if not found:
        return None
    line, written = min(found)
    return written, line


def _missing_fix(model: type[BaseModel], data: object, loc: KeyPath) -> str:
    """How to add the required key at ``loc``: an example of a value of its type."""
    name = _key_name(loc)
    annotation = _field_annotation(model, data, loc)
    tables = _models_in(annotation)
    if tables and typing.get_origin(annotation) is list:
        under = ".".join(str(part) for part in loc if isinstance(part, str))
        return f"add a [[{under}]] table (see lessons/README.md for its keys)"
    if tables:
        return f"add a [{name}] table"
    where = _model_at(model, data, loc[:-1])
    field_info = where.model_fields.get(name) if where else None
    metadata = field_info.metadata if field_info else []
    least = next((item.ge for item in metadata if getattr(item, "ge", None) is not None), None)
    most = next((item.le for item in metadata if getattr(item, "le", None) is not None), None)
    whole = 5 if least is None or most is None or least <= 5 <= most else least  # format_version = 1
    examples = {
        "whole number": f"{name} = {whole}",
        "number": f"{name} = 3",
        "boolean": f"{name} = true",
        "string": f'{name} = "..."',
        "array": f'{name} = ["..."]',
    }
    example = examples.get(_annotation_words(annotation) or "", f"{name} = ...")
    return f"add it, e.g. {example}"


def _key_name(loc: KeyPath) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "key"


def _table_header(loc: KeyPath) -> str:
    """The header of an array of tables at ``loc``: ``steps``, ``steps.choices`` (list indexes left out)."""
    return ".".join(part for part in loc if isinstance(part, str))


def _type_fix(kind: str, loc: KeyPath, value: object) -> str:
    """How to write a value of the type ``kind`` (a pydantic error type) asks for."""
    name = _key_name(loc)
    shown = value if isinstance(value, str) and len(value) <= 40 and value.isprintable() else None
    if kind == "int_type":
        if shown is not None and re.fullmatch(r"\s*[0-9]+\s*", shown):  # not isdigit(): "²" is a digit, no number
            return f"write the number without quotes: {name} = {int(shown.strip())}"
        return f"write a whole number, without quotes, e.g. {name} = 5"
    if kind == "float_type":
        if shown is not None and re.fullmatch(r"\s*[0-9]+(\.[0-9]+)?\s*", shown):
            return f"write the number without quotes: {name} = {shown.strip()}"
        return f"write a number, without quotes, e.g. {name} = 3 or {name} = 0.5"
    if kind == "bool_type":
        return f"write {name} = true or {name} = false (no quotes)"
    if kind == "string_type":
        return f'put the text in quotes: {name} = "..."'
    if kind == "list_type":
        return f"write a list in square brackets: {name} = [{_list_items(value)}]"
    return f"write {name} as a table: a [{name}] header with key = value lines under it"


def _list_items(value: object) -> str:
    """The items a string written in place of a list means, quoted: ``"a, b"`` and ``"a b"`` mean two ids.

    Split at commas, or at spaces when there are none and every word could be an id (the lists of a course
    file are lists of ids). ``"..."`` when the string cannot be shown back as it is.
    """
    text = value if isinstance(value, str) else ""
    if "," in text:
        words = [word.strip() for word in text.split(",") if word.strip()]
    else:
        words = text.split() if all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", word) for word in text.split()) else [text]
    shown = ", ".join(f'"{word}"' for word in words)
    writable = all(word.isprintable() and '"' not in word and "\\" not in word for word in words)
    return shown if words and writable and len(shown) <= 200 else '"..."'


def _value_at(data: object, path: KeyPath) -> object:
    """The value at ``path`` in ``data`` (None when there is none)."""
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def _flat_items(value: object) -> str:
    """The strings of a list and of the lists in it, in order and quoted: ``[["a"], "b"]`` -> ``"a", "b"``.

    ``"..."`` when anything else is in it, or a string cannot be shown back as it is.
    """
    items: list[str] = []
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(reversed(item))
        elif isinstance(item, str) and item.isprintable() and '"' not in item and "\\" not in item:
            items.append(item)
        else:
            return '"..."'
    shown = ", ".join(f'"{item}"' for item in items)
    return shown if items and len(shown) <= 200 else '"..."'


def _field_annotation(model: type[BaseModel], data: object, loc: KeyPath) -> object:
    """The annotation of the field at ``loc`` (None when it cannot be told)."""
    where = _model_at(model, data, loc[:-1]) if loc and isinstance(loc[-1], str) else None
    field_info = where.model_fields.get(str(loc[-1])) if where else None
    return field_info.annotation if field_info else None


#: Keys that set how long an exercise's timer runs, in minutes (fractions allowed).
_TIMER_MINUTES = ("minutes", "minutes_per_run")


def _range_fix(model: type[BaseModel], data: object, loc: KeyPath) -> str:
    """``write a whole number from 1 to 120``: both ends of the field's range, from the model."""
    where = _model_at(model, data, loc[:-1]) if loc and isinstance(loc[-1], str) else None
    field_info = where.model_fields.get(str(loc[-1])) if where else None
    if field_info is None:
        return ""
    ends: dict[str, object] = {}
    for item in field_info.metadata:
        for attr in ("gt", "ge", "lt", "le"):
            if getattr(item, attr, None) is not None:
                ends[attr] = getattr(item, attr)
    words = "a whole number" if _annotation_words(field_info.annotation) == "whole number" else "a number"
    if "ge" in ends and "le" in ends and words == "a number" and _key_name(loc) in _TIMER_MINUTES:
        # An exercise's timer: a fraction of a minute is easier to write knowing what it is in seconds.
        least = ends["ge"]
        seconds = f" ({round(least * 60)} seconds)" if isinstance(least, (int, float)) and 0 < least < 1 else ""
        return f"write a number from {least}{seconds} to {ends['le']}; 0.5 is 30 seconds"
    if "ge" in ends and "le" in ends:
        return f"write {words} from {ends['ge']} to {ends['le']}"
    if "gt" in ends and "le" in ends:
        return f"write {words} more than {ends['gt']} and at most {ends['le']}, e.g. {_key_name(loc)} = 3"
    return ""


#: What an empty file of each kind needs, and where to start from.
_EMPTY_FILE: dict[validation.Kind, tuple[str, str]] = {
    "course": (
        "the course index needs format_version, id, title, disclaimer and at least one [[modules]]",
        "`unclench new course DIR` writes an example to copy from",
    ),
    "lesson": (
        "a lesson needs id, title, minutes and at least one [[steps]]",
        "`unclench new lesson ID --course DIR` writes one to start from",
    ),
}


def _empty_lesson_fix(path: Path, blank: bool) -> str:
    """How to start an empty lesson file: ``new lesson`` writes one in place of a blank file (comments are kept)."""
    if not blank:
        return "write them under your comments; `unclench new lesson ID --course DIR` writes an example in a new file"
    if folders.well_formed_id(path.stem):
        return f"`unclench new lesson {path.stem} --course DIR` writes one in its place"
    return "delete it, then `unclench new lesson ID --course DIR` writes one to start from"


def _validate(parsed: ParsedFile, kind: validation.Kind) -> dict[str, Any] | None:
    """The file's data, validated and with defaults filled in; None (and problems added) when invalid."""
    if parsed.data is None:
        return None
    if not parsed.data:  # blank, or only comments: one problem, not one a required key
        what, how = _EMPTY_FILE[kind]
        blank = not (parsed.text or "").strip()
        if kind == "lesson":
            how = _empty_lesson_fix(parsed.path, blank)
        said = "this file is empty" if blank else "this file holds only comments"
        parsed.add_at(1, 1, f"{said}: {what}", suggestion=how)
        return None
    data = validation.accepted(kind, parsed.data)
    if data is not None:
        return data
    if kind == "lesson" and (index_keys := _course_index_keys(parsed.data)):
        # course.toml copied into lessons/: one problem, not one for each of its keys, nor "not listed".
        where = parsed.position((index_keys[0],))
        parsed.add_at(
            *where,
            f"this looks like a course index (it has {_and(index_keys)}); it belongs in {COURSE_INDEX.as_posix()}",
            suggestion=f"if it is the course's index, move it to {COURSE_INDEX.as_posix()} (a course has one); "
            "else delete this file (`unclench new lesson ID` writes a lesson to start from)",
        )
        parsed.data = None  # read as a file that could not be read: no rule across files looks at it
        return None
    model = validation.model_for(kind)  # the models word what is wrong
    from pydantic_core import ValidationError  # loaded with the models

    try:
        return model.model_validate(parsed.data).model_dump()
    except ValidationError as error:
        _schema_problems(parsed, model, error)
    except RecursionError:
        parsed.add_at(1, 1, "nested too deeply to validate")
    return None


def _course_index_keys(data: dict[str, Any]) -> list[str]:
    """The course index's keys in a lesson file that has no steps and two or more of them (else ``[]``)."""
    if "steps" in data:
        return []
    lesson, course = validation.model_for("lesson"), validation.model_for("course")
    tables = {"sources"} if _is_tables(data.get("sources", "")) else set()  # [[sources]]: the course's
    found = [key for key in data if key in course.model_fields and (key not in lesson.model_fields or key in tables)]
    return found if len(found) >= 2 else []


def _and(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# -- rules ---------------------------------------------------------------------------
# Rules read the raw parsed data, defensively, so that a schema error in one
# place never hides a broken rule elsewhere: every problem is reported in one run.


def _tables(data: object, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The tables in the array ``data[key]``, with their indexes."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _strings(data: object, key: str) -> list[tuple[int, str]]:
    """The strings in the array ``data[key]``, with their indexes."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, str)]


def _id(table: object) -> str | None:
    value = table.get("id") if isinstance(table, dict) else None
    return value if isinstance(value, str) else None


def _duplicate_ids(parsed: ParsedFile, key: str, what: str) -> None:
    seen: dict[str, int] = {}
    uses: dict[str, int] = {}
    for index, table in _tables(parsed.data, key):
        item_id = _id(table)
        if item_id is None:
            continue
        uses[item_id] = uses.get(item_id, 0) + 1
        if item_id in seen:
            first, _ = parsed.position((key, seen[item_id], "id"))
            used = "used twice" if uses[item_id] == 2 else f"used {uses[item_id]:,} times so far"
            parsed.add(
                (key, index, "id"),
                f"{what} id '{item_id}' is {used} (first on line {first}); ids must be unique",
                "give one of them another id (keep the one already published: learners' progress is saved under it)"
                if key == "steps"
                else "rename one of them",
            )
        seen.setdefault(item_id, index)


def _references_rules(parsed: ParsedFile) -> None:
    """A reference Markdown decodes into a character a text may not hold is refused as the character is."""
    if parsed.text is None or not may_hold_references(parsed.text):
        return
    from unclench.references import address_problem, forbidden_in_addresses, forbidden_references
    from unclench.tomlpos import strings_in

    for key, value in strings_in(parsed.data):
        found = forbidden_references(value)
        if found:
            parsed.add_references(key, value, found)
        told = {reference.start for reference in found}  # an autolink's address is its text, told above
        in_addresses = [reference for reference in forbidden_in_addresses(value) if reference.start not in told]
        if in_addresses:
            parsed.add_references(key, value, in_addresses, address_problem(in_addresses[0]))


def _mismeasured_rules(parsed: ParsedFile) -> None:
    """A character the app would measure narrower than the terminal draws it (:data:`unclench.text.MISMEASURED`):
    refused where it is written, as a control character is. One a text, where the schema has none to tell."""
    if parsed.text is None or not may_hold_mismeasured(parsed.text):
        return
    from unclench.tomlpos import strings_in

    told = {problem.key for problem in parsed.problems}
    for key, value in strings_in(parsed.data):
        found = first_mismeasured(value)
        if found is None or key_text(key) in told:
            continue
        index, char = found
        line, col = parsed.char_position(key, char, value.count(char, 0, index))
        message, fix = forbidden_in_text(char)
        parsed.add_at(line, col, message, key_text(key), fix)


def _markdown_cost_rules(parsed: ParsedFile, texts: Iterable[tuple[KeyPath, object]]) -> None:
    """A text drawn as Markdown (``texts``, where they are) that would take the app long to draw (too many
    blocks, a wide table, a long code line). The other texts are shown as written: no Markdown there to draw."""
    from unclench.markdowncost import markdown_costs

    for key, value in texts:
        if isinstance(value, str):
            for cost in markdown_costs(value):
                parsed.add_in_text(key, cost.snippet, cost.message, cost.suggestion)


def _drawn_blank_rules(parsed: ParsedFile, texts: Iterable[tuple[KeyPath, object]]) -> None:
    """A text a learner must read that Markdown draws as nothing (a link with no words, a link definition...).

    ``texts`` are the texts a learner reads as Markdown, where they are; one that starts with a letter surely draws
    it, and is passed over (most of them: a course of 1,000 lessons has 4,000 bodies).
    """
    from unclench.blankmarkdown import blank_problem, drawn_as_nothing, shows_something

    for key, value in texts:
        # A text blank as written is the schema's to report.
        if not isinstance(value, str) or value[:1] in LETTERS:
            continue
        if (held := drawn_as_nothing(value)) is not None and shows_something(value):
            parsed.add(key, *blank_problem(held))


def _lesson_texts(data: object) -> Iterator[tuple[KeyPath, object]]:
    """A lesson's texts drawn as Markdown, where they are: steps' bodies (a page's, an exercise's). Questions,
    hints and feedback are shown as written, never drawn as Markdown: ``[](x)`` there shows as typed."""
    steps = data.get("steps") if isinstance(data, dict) else None
    for si, step in enumerate(steps if isinstance(steps, list) else ()):
        value = step.get("body") if isinstance(step, dict) else None
        if isinstance(value, str):
            yield ("steps", si, "body"), value


def _course_texts(data: object) -> Iterator[tuple[KeyPath, object]]:
    """The course index's texts to read, where they are: the disclaimer, safety notes, screening advice, guidance."""
    data = data if isinstance(data, dict) else {}
    yield ("disclaimer",), data.get("disclaimer")
    yield from ((("safety", i, "text"), note.get("text")) for i, note in _tables(data, "safety"))
    yield from ((("screening", i, "advice"), question.get("advice")) for i, question in _tables(data, "screening"))
    for table, name in (("guidance", "grounding"), ("guidance", "support")):  # the support card's note is plain
        yield (table, name), _value_at(data, (table, name))


def _imitated_box_rules(parsed: ParsedFile) -> None:
    """The texts a learner acknowledges (the disclaimer, safety notes and their titles) may not imitate its box."""
    from unclench.imitation import IMITATED_BOX, imitated_box

    data = parsed.data if isinstance(parsed.data, dict) else {}
    texts: list[tuple[KeyPath, object]] = [(("disclaimer",), data.get("disclaimer"))]
    for i, note in _tables(data, "safety"):
        texts += [(("safety", i, "title"), note.get("title")), (("safety", i, "text"), note.get("text"))]
    message, fix = IMITATED_BOX
    for key, value in texts:
        # A title is shown as written; the others are drawn as Markdown, looked at as drawn (``&#9745;``, ``\[x\]``,
        # a Cyrillic letter in the label's words).
        found = imitated_box(value, markdown=key[-1] != "title") if isinstance(value, str) else None
        if found is None or not isinstance(value, str):
            continue
        at = value.find(found)
        shown = " ".join(found.split())  # over two lines, as one
        if at < 0:  # written otherwise: told at the text
            parsed.add(key, message.format(found=f"{shown!r} as it is drawn"), fix)
            continue
        line, col = parsed.char_position(key, found[0], value.count(found[0], 0, at))
        parsed.add_at(line, col, message.format(found=repr(shown)), key_text(key), fix)


def _lesson_rules(parsed: ParsedFile) -> None:
    _duplicate_ids(parsed, "steps", "step")
    _mismeasured_rules(parsed)
    _references_rules(parsed)
    bodies = list(_lesson_texts(parsed.data))
    _markdown_cost_rules(parsed, bodies)
    _drawn_blank_rules(parsed, bodies)
    _previous_ids_rules(parsed)
    _builds_on_rules(parsed)
    _listed_once(parsed, ("sources",))
    for index, step in _tables(parsed.data, "steps"):
        where = ("steps", index)
        if step.get("kind") == "exercise":
            for listed in ("safety", "checkin", "screening"):
                _listed_once(parsed, (*where, listed))
        if step.get("kind") == "quiz":
            _quiz_rules(parsed, where, step)
        if step.get("kind") == "exercise" and step.get("tremor") is True and step.get("grounding") is True:
            parsed.add(
                (*where, "grounding"),
                "a tremor exercise is not a grounding exercise: its high ratings before must hold it back",
                "remove grounding = true (or tremor = true, if this exercise is not tremor work)",
            )
        if step.get("kind") == "exercise" and step.get("tremor") is True:
            if not step.get("safety") and (*where, "safety") not in parsed.misspelled:
                parsed.add(
                    (*where, "tremor"),
                    "a tremor exercise needs safety notes",
                    "add safety = [...] with ids from course.toml [[safety]]",
                )
            if step.get("limits") is None and (*where, "limits") not in parsed.misspelled:
                parsed.add(
                    (*where, "tremor"),
                    "a tremor exercise needs dose limits",
                    "add [steps.limits] with minutes_per_run, hours_between and runs_per_week",
                )
            minutes = step.get("minutes")
            if isinstance(minutes, (int, float)) and minutes > MAX_TREMOR_MINUTES:
                parsed.add(
                    (*where, "minutes"),
                    f"a tremor exercise lasts at most {MAX_TREMOR_MINUTES} minutes",
                    "keep first sessions short",
                )


def _listed_once(parsed: ParsedFile, key: KeyPath, skip: str | None = None) -> None:
    """No id twice in the list at ``key`` (``skip``: an id another rule tells of, not counted here).

    A safety note or a check-in listed twice would be shown or asked twice; the app cannot hold two
    of the same on one screen (a stranger's repeated check-in id stopped it with an error).
    """
    listed = _value_at(parsed.data, key)
    if not isinstance(listed, list) or len(listed) < 2:
        return  # most lists: nothing to repeat
    seen: dict[str, int] = {}
    for i, ref in enumerate(listed):
        if not isinstance(ref, str) or ref == skip:
            continue
        if ref in seen:
            first, _ = parsed.position((*key, seen[ref]))
            parsed.add((*key, i), f"'{ref}' is listed twice (first on line {first})", "remove one of them")
        seen.setdefault(ref, i)


def _previous_ids_rules(parsed: ParsedFile) -> None:
    """A lesson's old ids: not its own id, none twice (progress saved under each goes to this lesson)."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    own = _id(data)
    for i, old in _strings(data, "previous_ids"):
        if old == own:
            parsed.add(
                ("previous_ids", i),
                f"'{old}' is this lesson's own id, not an old one",
                f"remove '{old}' from previous_ids (progress saved under the lesson's id is its own already)",
            )
    _listed_once(parsed, ("previous_ids",), skip=own)


def _builds_on_rules(parsed: ParsedFile) -> None:
    """A lesson's own recommended order: not itself, no entry twice, no reason without lessons."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    own = _id(data)
    for i, ref in _strings(data, "builds_on"):
        if ref == own:
            parsed.add(("builds_on", i), "a lesson cannot build on itself", f"remove '{ref}' from builds_on")
    _listed_once(parsed, ("builds_on",), skip=own)
    reason = data.get("builds_on_reason")
    if (
        isinstance(reason, str)
        and reason.strip()
        and not data.get("builds_on")
        and ("builds_on",) not in parsed.misspelled
    ):
        parsed.add(
            ("builds_on_reason",),
            "builds_on_reason is given, but builds_on lists no lessons",
            'add builds_on = ["lesson-id", ...] or remove the reason',
        )


def _quiz_rules(parsed: ParsedFile, where: KeyPath, step: dict[str, Any]) -> None:
    if (*where, "choices") in parsed.misspelled:
        return  # [[steps.choice]]: the misspelling is the mistake, not the choices it hides
    choices = _tables(step, "choices")
    correct = sum(choice.get("correct") is True for _, choice in choices)
    if isinstance(step.get("choices"), list) and len(step["choices"]) < c.MIN_QUIZ_CHOICES:
        parsed.add((*where, "choices"), "a quiz needs at least two choices", "add another [[steps.choices]]")
    _same_choices(parsed, where, choices)
    if choices and correct == 0 and not _correct_meant(parsed, where, choices):
        parsed.add((*where, "choices"), "no choice is marked correct = true", "mark at least one")
    elif correct > 1 and not _multiple_meant(parsed, where, step):
        # Named, so the author need not count headers to find them (an author stranger could not tell which).
        named = ", ".join(_choice_named(number, choice) for number, choice in choices if choice.get("correct") is True)
        parsed.add(
            (*where, "choices"),
            f"{correct} choices are correct but the quiz is single-answer: {named}",
            "set multiple = true or mark only one correct",
        )


def _correct_meant(parsed: ParsedFile, where: KeyPath, choices: list[tuple[int, dict[str, Any]]]) -> bool:
    """Whether a choice's `correct` is misspelled (say `corect = true`) or not written true or false
    (`correct = "yes"`): that is reported as such, and is all that is wrong."""
    return any(
        (*where, "choices", i, "correct") in parsed.misspelled or not isinstance(choice.get("correct", False), bool)
        for i, choice in choices
    )


def _multiple_meant(parsed: ParsedFile, where: KeyPath, step: dict[str, Any]) -> bool:
    """Whether the quiz is, or is meant to be, multiple-answer (`multiple` written otherwise, or misspelled)."""
    multiple_key = step.get("multiple", False)
    return multiple_key is True or not isinstance(multiple_key, bool) or (*where, "multiple") in parsed.misspelled


def _choice_named(number: int, choice: dict[str, Any]) -> str:
    """A quiz's choice as an author finds it: its number (from 1) and the start of its text."""
    text = choice.get("text")
    if not isinstance(text, str):
        return f"choice {number + 1}"
    words = " ".join(text.split())
    return f"choice {number + 1} ({(words[:30] + '…' if len(words) > 30 else words)!r})"


def _same_choices(parsed: ParsedFile, where: KeyPath, choices: list[tuple[int, dict[str, Any]]]) -> None:
    """No two choices of a quiz read the same (spaces, case and a closing mark aside): a stranger's quiz offered
    "Yes" and "Yes", one right and one wrong, and learners could not tell which they picked."""
    seen: dict[str, tuple[int, str]] = {}
    for i, choice in choices:
        text = choice.get("text")
        if not isinstance(text, str) or not text.strip():
            continue  # a blank text is the schema's to report
        same = " ".join(text.split()).rstrip(".!?;:…").casefold()
        if same in seen:
            first, first_text = seen[same]
            # Named as the key path names them (choices[0] is the first), each by its own words.
            parsed.add(
                (*where, "choices", i, "text"),
                f"this choice ('{shortened(text.strip())}') reads the same as choices[{first}] "
                f"('{shortened(first_text.strip())}'): learners cannot tell them apart",
                "give each choice its own words, or remove one of them",
            )
        seen.setdefault(same, (i, text))


def _course_rules(parsed: ParsedFile) -> None:
    named = {
        "sources": "source",
        "safety": "safety note",
        "checkins": "check-in",
        "screening": "screening question",
        "modules": "module",
    }
    for key, what in named.items():
        _duplicate_ids(parsed, key, what)
    _mismeasured_rules(parsed)
    _references_rules(parsed)
    texts = list(_course_texts(parsed.data))
    _markdown_cost_rules(parsed, texts)
    _drawn_blank_rules(parsed, texts)
    _imitated_box_rules(parsed)
    listed: dict[str, KeyPath] = {}
    for mi, module in _tables(parsed.data, "modules"):
        for li, lesson_id in _strings(module, "lessons"):
            if lesson_id in listed:
                first, _ = parsed.position(listed[lesson_id])
                parsed.add(
                    ("modules", mi, "lessons", li),
                    f"lesson '{lesson_id}' is listed twice (first on line {first})",
                    "remove one of them",
                )
            listed.setdefault(lesson_id, ("modules", mi, "lessons", li))
    _support_rules(parsed)


#: Said of a support text that speaks for the app: the card shows a course's entries as listed by its author.
SPEAKS_FOR_THE_APP = (
    "the support card names Unclench here ({found!r}): a learner could take this course's entry for one the app "
    "vouches for",
    "name the service and who runs it; Unclench runs no helpline and lists none for other courses",
)


def _support_rules(parsed: ParsedFile) -> None:
    """A support entry's ``checked`` is a real day, not one to come: learners trust a number by it. Nor does the
    card name Unclench: a tester's course listed an "Official Unclench crisis line" at unclench.org."""
    import datetime
    import re

    from unclench.imitation import speaks_for_the_app

    found = parsed.data.get("support") if parsed.data else None
    support: dict[str, Any] = found if isinstance(found, dict) else {}
    for ei, entry in _tables(support, "entries"):
        checked = entry.get("checked")
        if not isinstance(checked, str) or not re.fullmatch(c.DATE_PATTERN, checked):
            continue  # the schema says what is wrong with its shape
        where = ("support", "entries", ei, "checked")
        try:
            day = datetime.date.fromisoformat(checked)
        except ValueError:
            parsed.add(where, f"{checked!r} is not a real date", "write the day this entry was last checked")
            continue
        if day > datetime.date.today():
            parsed.add(
                where, f"{checked} is still to come", "write the day this entry was last checked (today or earlier)"
            )
    guidance = parsed.data.get("guidance") if parsed.data else None
    texts: list[tuple[KeyPath, object, bool]] = [
        (("support", "note"), support.get("note"), False),
        (("support", "directory"), support.get("directory"), False),
    ]
    if isinstance(guidance, dict):  # said with the card after a hard practice, drawn as Markdown
        texts.append((("guidance", "support"), guidance.get("support"), True))
    for ei, entry in _tables(support, "entries"):
        for name in ("name", "reach", "region", "source"):
            texts.append((("support", "entries", ei, name), entry.get(name), False))
    for where_said, value, markdown in texts:
        speaks = speaks_for_the_app(value, markdown=markdown) if isinstance(value, str) else None
        if speaks is not None:
            message, fix = SPEAKS_FOR_THE_APP
            parsed.add_in_text(where_said, speaks, message.format(found=speaks), fix)


def _course_version_ok(parsed: ParsedFile) -> bool:
    version = parsed.data.get("format_version") if parsed.data else None
    if isinstance(version, int) and not isinstance(version, bool) and version > c.FORMAT_VERSION:
        parsed.add(
            ("format_version",),
            f"this course uses format_version {version}, but this Unclench reads up to {c.FORMAT_VERSION}",
            "upgrade Unclench (pip install --upgrade unclench) to open it",
        )
        return False
    return True


# -- whole courses --------------------------------------------------------------------


def check_course(root: Path, reuse: Mapping[Path, tuple[dict[str, Any], c.Lesson | None]] | None = None) -> CheckResult:
    """Check a whole course folder: every file, and every rule across files.

    Args:
        root: The course folder.
        reuse: Validated data of lesson files unchanged since the course last
            passed (see :mod:`unclench.coursecache`), or just read by a helper
            process (:mod:`unclench.splitcheck`), with the lesson built from
            it (None: not built yet), by path: these files are neither read nor validated
            again, only checked against the others.
            Should a problem concern one of them, the whole course is checked
            again from its files, so that every problem has its exact place.

    Raises:
        NotACourseError: ``root`` has no ``course/course.toml``.
    """
    if not is_course_folder(root):
        remedy = index_remedy(root)
        raise NotACourseError(f"{root} is not a course folder: {index_absence(root)}. {remedy[0].upper()}{remedy[1:]}.")
    result = CheckResult()
    paths = ResolvedPaths()
    index = read_toml(root / COURSE_INDEX, root, "course", paths)
    result.files.append(index.path)
    course_data: dict[str, Any] | None = None
    version_ok = index.data is not None and _course_version_ok(index)
    if version_ok:
        course_data = _validate(index, "course")
        _course_rules(index)

    try:
        files = lesson_files(root)
    except OSError as error:
        index.add_at(
            1,
            1,
            f"the folder {root / LESSONS_DIR} cannot be read ({error.strerror or error})",
            suggestion="make it readable (for example: chmod u+rx on it)",
        )
        files = []
    if len(files) > folders.MAX_LESSON_FILES:
        index.add_at(
            1,
            1,
            f"{root / LESSONS_DIR} holds more than {folders.MAX_LESSON_FILES} lesson files; "
            "a course may have at most that many",
        )
        files = files[: folders.MAX_LESSON_FILES]
    by_id: dict[str, ParsedFile] = {}
    # Every file claiming an id, in reading order: more than one is a problem in each.
    claims: dict[str, list[ParsedFile]] = {}
    # Ids of lesson files that could not be read (their own problems say why): a module
    # listing one of them is not told that no lesson has that id.
    unreadable: set[str] = set()
    valid_lessons: dict[str, dict[str, Any]] = {}
    built: dict[str, c.Lesson] = {}  # lessons of reused files, by id
    parsed_lessons: list[ParsedFile] = []
    for path in files:
        reused = reuse.get(path) if reuse else None
        if reused is not None:
            parsed = ParsedFile(path)
            parsed.data, parsed.reused = reused[0], True
            lesson: dict[str, Any] | None = reused[0]
        else:
            parsed, lesson = _read_lesson(path, root, paths)
        parsed_lessons.append(parsed)
        result.files.append(path)
        lesson_id = _id(parsed.data)
        if lesson is None:
            unreadable.update({_claimed_id(parsed), path.stem})
        if lesson_id is None:
            continue
        claims.setdefault(lesson_id, []).append(parsed)
        if lesson_id in by_id:
            # The first file read keeps the id for the cross-file rules; this one is skipped.
            continue
        by_id[lesson_id] = parsed
        if lesson is not None:
            valid_lessons[lesson_id] = lesson
            if reused is not None and reused[1] is not None:
                built[lesson_id] = reused[1]
    for lesson_id, claimants in claims.items():
        if len(claimants) > 1:
            _duplicate_lesson_id(lesson_id, claimants, root)
            for parsed in claimants:
                _forget_building_on_own_id(parsed)

    no_lessons = not files  # said once, not as "no lesson has id" for each listed
    if no_lessons:
        where = ("modules", 0, "lessons") if _tables(index.data, "modules") else ()
        folder = root / LESSONS_DIR
        put_lessons = "put each lesson in it as a .toml file (`unclench new lesson ID` writes one)"
        if not folder.exists():
            said = f"the folder {folder}/ is missing, so no lesson can be found"
            fix = f"create it and {put_lessons}"
            meant = folders.misnamed_lessons_folder(root)
            if meant is not None:
                fix = f"did you mean to rename {meant.as_posix()}/ to {LESSONS_DIR}/?"
                if meant.name.casefold() == LESSONS_DIR:
                    fix += " (names are case-sensitive)"
        elif not folder.is_dir():
            said = f"{folder} is not a folder, so no lesson can be found"
            fix = f"lessons are read from the folder {LESSONS_DIR}/: move {folder} aside and make that folder"
        else:
            said = f"the folder {folder}/ holds no lesson files (*.toml)"
            fix = put_lessons
            misnamed = folders.unread_toml_files(root)
            if misnamed:
                there = ", ".join(path.as_posix() for path in misnamed[:3]) + (", ..." if len(misnamed) > 3 else "")
                fix = f"{there} {'is' if len(misnamed) == 1 else 'are'} there but not read: {_unread_fix(misnamed[0])}"
        index.add(where, said, fix)
    if version_ok and index.data:  # an empty index is one problem: its lessons' references are not more
        by_name = {parsed.path.stem: parsed for parsed in parsed_lessons}
        _cross_file_rules(index, by_id, unreadable | _listed(index) if no_lessons else unreadable, by_name)

    if any(parsed.reused and parsed.problems for parsed in parsed_lessons):
        return check_course(root)  # a reused file has no text to place the problem in
    for parsed in [index, *parsed_lessons]:
        result.problems += parsed.problems
    result.problems.sort()
    if result.problems:
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):  # only for warnings
            clean = {lesson_id: data for lesson_id, data in valid_lessons.items() if not by_id[lesson_id].problems}
            lessons = {
                lesson_id: built.get(lesson_id) or c.lesson_from_data(data, by_id[lesson_id].path)
                for lesson_id, data in clean.items()
            }
            if course_data is not None:
                result.partial = dataclasses.replace(c.course_from_data(course_data), lessons=lessons, root=root)
            else:  # the index does not load: its lessons that do still get their warnings, with its problems
                result.partial = c.lessons_alone(lessons)
    if course_data is not None and not result.problems:
        plain = c.course_from_data(course_data)
        lessons = {
            lesson_id: built.get(lesson_id) or c.lesson_from_data(data, by_id[lesson_id].path)
            for lesson_id, data in valid_lessons.items()
        }
        result.course = dataclasses.replace(plain, lessons=lessons, root=root)
        result.lesson_count = len(lessons)
        result.validated = {index.path: course_data}
        result.validated.update((by_id[lesson_id].path, data) for lesson_id, data in valid_lessons.items())
    return result


def _read_lesson(path: Path, root: Path, paths: ResolvedPaths) -> tuple[ParsedFile, dict[str, Any] | None]:
    """A lesson file read, validated and checked against its own rules: what every check does to each file."""
    parsed = read_toml(path, root, "lesson", paths)
    lesson = _validate(parsed, "lesson")
    _lesson_rules(parsed)
    return parsed, lesson


def passing_lesson(path: Path, root: Path, paths: ResolvedPaths) -> dict[str, Any] | None:
    """The validated data of the lesson file ``path`` of the course in ``root``, if it passes its own checks.

    None when it has any problem of its own (:func:`check_course` then reads it again, to report them).
    The rules across files are not checked: that is :func:`check_course`'s, given this data to reuse.
    """
    parsed, lesson = _read_lesson(path, root, paths)
    return lesson if not parsed.problems else None


def _duplicate_lesson_id(lesson_id: str, claimants: list[ParsedFile], root: Path) -> None:
    """Report a lesson id used by several files in each of them, naming the others (and a copy as a copy)."""
    for parsed in claimants:
        others = [other for other in claimants if other is not parsed]
        named = ", ".join(display_path(other.path, root) for other in others)
        original = next((other for other in others if _looks_like_copy(parsed.path.name, other.path.name)), None)
        if original is not None:
            how = f"this file looks like a copy of {original.path.name}: delete it, or rename it and give it its own id"
        elif copy := next((other for other in others if _looks_like_copy(other.path.name, parsed.path.name)), None):
            how = f"{copy.path.name} looks like a copy of this file: delete the copy, or give it its own id"
        else:
            how = "give each lesson its own id (progress is saved under it), or delete the file you do not need"
        parsed.add(("id",), f"lesson id '{lesson_id}' is also used by {named}", how)


def _forget_building_on_own_id(parsed: ParsedFile) -> None:
    """Drop "a lesson cannot build on itself" from a file whose id clashes with another's.

    Such a lesson was most often given, by mistake, the id of a lesson it builds on: the clash
    is the one mistake, said as such; once it is fixed, a real self-reference is reported again.
    """
    own = _id(parsed.data)
    own_refs = {key_text(("builds_on", i)) for i, ref in _strings(parsed.data, "builds_on") if ref == own}
    parsed.problems = [problem for problem in parsed.problems if problem.key not in own_refs]


#: What a file manager or a person adds to a file's name making a copy: ``name copy``, ``name copy 2``,
#: ``name (1)``, ``name-copy``, ``name_copy2``, ``Copy of name``, ``name.orig``, ``name-old``.
_COPY_MARKS = r"(?i)^(?:copy of )?(?P<name>.+?)(?:[ ._-]*(?:copy|kopie|orig|old|backup)[ ._-]*\d*|\s*\(\d+\))?$"


def _looks_like_copy(name: str, original: str) -> bool:
    """Whether the file ``name`` looks like a copy of the file ``original`` (both ``*.toml``)."""
    stem, first = name.removesuffix(".toml"), original.removesuffix(".toml")
    found = re.match(_COPY_MARKS, stem)  # compiled only when files claim the same id
    return stem != first and found is not None and found.group("name") == first


def _with_where(close: str, where: str) -> str:
    """A did-you-mean, with where things are looked for in brackets; or just where, when nothing is close."""
    return f"{close} ({where})" if close else where


def _claimed_id(parsed: ParsedFile) -> str:
    """The id a lesson file that could not be read seems to have: its ``id = "..."`` line, else its name."""
    found = re.search(r"""^[ \t]*id[ \t]*=[ \t]*["']([^"'\n]*)["']""", parsed.text or "", re.MULTILINE)
    return found.group(1) if found else parsed.path.stem


def _listed(index: ParsedFile) -> set[str]:
    """Every lesson id the index's modules list."""
    return {lesson_id for _, module in _tables(index.data, "modules") for _, lesson_id in _strings(module, "lessons")}


def _cross_file_rules(
    index: ParsedFile, lessons: Mapping[str, ParsedFile], unreadable: set[str], by_name: Mapping[str, ParsedFile]
) -> None:
    """The rules across files; ``by_name`` has every lesson file read, by its name without ``.toml``."""
    listed: set[str] = set()
    modules = _tables(index.data, "modules")
    # When a module's lessons cannot be read (misspelled, wrong type), every lesson would
    # look unlisted: the module's own problem is the one to report.
    lists_readable = bool(modules) and all(isinstance(module.get("lessons"), list) for _, module in modules)
    meant: set[str] = set()  # lessons a misspelled id in a module means: told there, not "not listed" too
    rename = _renamed_pair(index, lessons, unreadable, by_name) if lists_readable else None
    looks_renamed: dict[str, str] = {}  # listed ids no lesson has, to the id of the lesson that seems to be it
    for mi, module in modules:
        for li, lesson_id in _strings(module, "lessons"):
            listed.add(lesson_id)
            if lesson_id not in lessons and lesson_id not in unreadable:
                renamed_file = by_name.get(lesson_id)
                new_id = _id(renamed_file.data) if renamed_file is not None else None
                if renamed_file is not None and new_id is not None:
                    meant.add(new_id)  # that lesson is not also "not listed": this is the one mistake
                    looks_renamed[lesson_id] = new_id
                    index.add(
                        ("modules", mi, "lessons", li),
                        *_renamed_lesson(lesson_id, renamed_file, by_name, _listed(index)),
                    )
                    continue
                if rename is not None and rename[0] == lesson_id:
                    meant.add(rename[1])  # one mistake: told here, not "not listed" at the lesson too
                    looks_renamed[lesson_id] = rename[1]
                    index.add(("modules", mi, "lessons", li), *_renamed_message(lesson_id, lessons[rename[1]]))
                    continue
                nearest = closest(lesson_id, lessons) or ""
                close = you_meant(nearest)
                if folders.misnamed_lesson(index.path.parents[1], lesson_id) is not None:
                    close = ""  # its file is there, misnamed (`welcome2.TOML`): not "did you mean 'welcome'?"
                else:
                    meant.add(nearest)
                if close and not folders.well_formed_id(nearest):
                    # Not "did you mean 'My Hands'?": listed so, it is refused as no id (an author did as told).
                    index.add(
                        ("modules", mi, "lessons", li),
                        f"no lesson has id '{lesson_id}'",
                        _ill_formed_nearest(lesson_id, nearest, lessons[nearest]),
                    )
                    continue
                index.add(
                    ("modules", mi, "lessons", li),
                    f"no lesson has id '{lesson_id}'",
                    _with_where(close, f"lessons are read from {LESSONS_DIR}/*.toml")
                    if close
                    else _put_back(index.path.parents[1], lesson_id),
                )
    known = {
        key: [item_id for _, table in _tables(index.data, key) if (item_id := _id(table))]
        for key in ("safety", "checkins", "sources", "screening")
    }
    _builds_on_circles(lessons)
    renamed = {old: other for other, file in lessons.items() for _, old in _strings(file.data, "previous_ids")}
    # Every lesson claiming each old id, in reading order: progress saved under it can go to one lesson only.
    claims: dict[str, list[str]] = {}
    for other, file in lessons.items():
        for _, old in _strings(file.data, "previous_ids"):
            if other not in claims.setdefault(old, []):
                claims[old].append(other)
    told_elsewhere = unreadable | _misnamed(index, listed - lessons.keys())  # what builds_on need not tell again
    for lesson_id, parsed in lessons.items():
        # A lesson whose id is itself wrong (say `Welcome`) is told so; "not listed" would only repeat it.
        id_ok = not any(problem.key == "id" for problem in parsed.problems)
        if lesson_id not in listed and lists_readable and id_ok and lesson_id not in meant:
            parsed.add(
                ("id",),
                f"lesson '{lesson_id}' is not listed in {COURSE_INDEX}",
                "add it to a module's lessons (or delete the file)",
            )
        for i, old in _strings(parsed.data, "previous_ids"):
            if old in lessons and old != lesson_id:  # its own id is the lesson's own problem
                # The other lesson is the newer one: it took an id this lesson had. Removing the old id here
                # would hand it the learners' progress saved under that id, which belongs to this lesson.
                # Or a slip here: then removing it is the fix, and another id there would move that lesson's
                # progress onto this one. The check cannot tell which; the fix names the common case first.
                other_file = f"{LESSONS_DIR}/{lessons[old].path.name}"
                parsed.add(
                    ("previous_ids", i),
                    f"'{old}' is the id of another current lesson ({other_file}): progress saved under it can "
                    "belong to one of them only",
                    f"if that lesson has always had id '{old}', remove '{old}' from previous_ids here (kept, its "
                    f"learners' progress would show on this lesson); only if this lesson had id '{old}' before "
                    f"that one took it, give the lesson in {other_file} another id",
                )
        _previous_id_claims(parsed, lesson_id, lessons, claims)
        _builds_on_references(parsed, lesson_id, lessons, renamed, told_elsewhere, looks_renamed)
        # A misspelled table in the index (`[[safty]]`) is reported there, not at every reference.
        if ("sources",) not in index.misspelled:
            _references(parsed, ("sources",), known["sources"], "[[sources]] entry")
        for si, step in _tables(parsed.data, "steps"):
            if step.get("kind") == "exercise":
                if ("safety",) not in index.misspelled:
                    _references(parsed, ("steps", si, "safety"), known["safety"], "[[safety]] note")
                if ("checkins",) not in index.misspelled:
                    _references(parsed, ("steps", si, "checkin"), known["checkins"], "[[checkins]] measure")
                if ("screening",) not in index.misspelled:
                    _references(parsed, ("steps", si, "screening"), known["screening"], "[[screening]] question")


def _previous_id_claims(
    parsed: ParsedFile, lesson_id: str, lessons: Mapping[str, ParsedFile], claims: Mapping[str, list[str]]
) -> None:
    """An old id this lesson claims that another lesson claims too, reported here naming the others."""
    told: set[str] = set()
    for i, old in _strings(parsed.data, "previous_ids"):
        others = [other for other in claims.get(old, ()) if other != lesson_id]
        if not others or old in told or old in lessons:
            continue  # the same old id twice here, or a current lesson's id, is told as such
        told.add(old)
        named = ", ".join(f"'{other}' ({LESSONS_DIR}/{lessons[other].path.name})" for other in others)
        parsed.add(
            ("previous_ids", i),
            f"old id '{old}' is also claimed by lesson {named}: progress saved under it can go to one lesson only",
            f"keep '{old}' only in the lesson that continues the old one, and remove it from the others",
        )


def _ill_formed_nearest(listed_id: str, nearest: str, lesson: ParsedFile) -> str:
    """How to fix a listed id no lesson has, when the lesson most like it has an id that is not valid."""
    file = f"{LESSONS_DIR}/{lesson.path.name}"
    if folders.id_like(nearest, "") == listed_id:
        return f"the lesson in {file} has id '{nearest}', which is not a valid id: write id = \"{listed_id}\" there"
    return f"the lesson in {file} has id '{nearest}', which is not a valid id: give it a valid one there, and list that"


def _put_back(root: Path, lesson_id: str) -> str:
    """How to fix a module's lesson id that no lesson file has: its file, put back or named as it should be."""
    wanted = f"{LESSONS_DIR}/{lesson_id}.toml"
    found = folders.misnamed_lesson(root, lesson_id)
    if found is None:
        return f"remove it from this list, or write a lesson with this id ({wanted})"
    there = found.as_posix()
    if found.parent == Path(LESSONS_DIR):
        how = f"rename it to {lesson_id}.toml (lesson files are read only when their name ends in .toml, in lower case)"
    else:
        how = f"move it to {wanted} (only files right in {LESSONS_DIR}/ are read, not in folders inside it)"
    return f"{there} is there but is not read as a lesson: {how}; or remove '{lesson_id}' from this list"


def _renamed_pair(
    index: ParsedFile, lessons: Mapping[str, ParsedFile], unreadable: set[str], by_name: Mapping[str, ParsedFile]
) -> tuple[str, str] | None:
    """(listed id, lesson id) when exactly one id a module lists has no lesson and exactly one lesson is in no
    module: most likely one lesson renamed (its id, and perhaps its file). None otherwise, or when the two are
    as alike as a typo (``welcom``: "did you mean 'welcome'?" says it) or the listed id's file is there, misnamed.
    """
    listed = _listed(index)
    missing = [
        lesson_id
        for lesson_id in listed
        if lesson_id not in lessons and lesson_id not in unreadable and lesson_id not in by_name
    ]
    unlisted = [
        lesson_id
        for lesson_id, parsed in lessons.items()
        if lesson_id not in listed and not any(problem.key == "id" for problem in parsed.problems)
    ]
    if len(missing) != 1 or len(unlisted) != 1:
        return None
    import difflib  # only once there is a pair to compare

    old, new = missing[0], unlisted[0]
    if difflib.SequenceMatcher(None, old, new).ratio() >= 0.85:
        return None
    if folders.misnamed_lesson(index.path.parents[1], old) is not None:
        return None
    return old, new


def _renamed_message(old: str, renamed: ParsedFile) -> tuple[str, str]:
    """The problem (message, fix) of a listed id no lesson has, when the one lesson in no module is probably it."""
    new = _id(renamed.data)
    file = f"{LESSONS_DIR}/{renamed.path.name}"
    fix = f"list '{new}' here in place of '{old}'"
    if old not in (previous for _, previous in _strings(renamed.data, "previous_ids")):
        # Only for the same lesson: on a new one, the old id would show the old lesson's progress as its own.
        fix = (
            f"if '{new}' is '{old}' renamed, {fix}, and add previous_ids = [\"{old}\"] to {file}, so learners keep "
            f"the progress saved under the old id; if it is a new lesson, list it in a module and remove '{old}' "
            "here, without previous_ids"
        )
    return (
        f"no lesson has id '{old}', and lesson '{new}' ({file}) is in no module: probably the same lesson, renamed",
        fix,
    )


def _utf16_without_bom(raw: bytes) -> bool:
    """Whether ``raw`` reads as UTF-16 saved without a byte order mark: a NUL byte beside nearly every Latin letter,
    all on the same side (an author saw "NUL not allowed in a comment" for one, "not a key = value" for the other).
    """
    sample = raw[:512]
    pairs = len(sample) // 2
    if pairs < 2 or b"\x00" not in sample:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= pairs * 0.6 and min(even, odd) == 0


def _unread_fix(path: Path) -> str:
    """How to make the unread lesson file ``path`` (relative to the course folder) read, in words."""
    if path.parent == Path(LESSONS_DIR):
        return f"rename it to {path.stem}.toml (only names ending in .toml, in lower case, are read)"
    return f"move it to {LESSONS_DIR}/{path.stem}.toml (only files right in {LESSONS_DIR}/ are read)"


def _renamed_lesson(
    listed_id: str, renamed_file: ParsedFile, by_name: Mapping[str, ParsedFile], listed: set[str]
) -> tuple[str, str]:
    """The problem (message, fix) of a listed id whose file, named after it, now says another id."""
    new_id = _id(renamed_file.data)
    file = f"{LESSONS_DIR}/{renamed_file.path.name}"
    message = f"no lesson has id '{listed_id}' ({file} now has id '{new_id}')"
    give_back = f'give it back id = "{listed_id}" in {file}'
    if any(other is not renamed_file and _id(other.data) == new_id for other in by_name.values()):
        return message, f"{give_back}, or an id of its own"  # the clash itself is reported at both files
    if new_id in listed:
        return message, give_back
    keep = ""
    if listed_id not in (old for _, old in _strings(renamed_file.data, "previous_ids")):
        keep = f' (and add previous_ids = ["{listed_id}"] to it, so learners keep their progress)'
    return message, f"if you renamed it, list '{new_id}' here instead{keep}; else {give_back}"


def _misnamed(index: ParsedFile, listed_ids: set[str]) -> set[str]:
    """Of the lesson ids a module lists but no file has, those whose file is there, misnamed (told at the module)."""
    root = index.path.parents[1]
    return {lesson_id for lesson_id in listed_ids if folders.misnamed_lesson(root, lesson_id) is not None}


def _builds_on_references(
    parsed: ParsedFile,
    lesson_id: str,
    lessons: Mapping[str, ParsedFile],
    renamed: Mapping[str, str],
    told_elsewhere: set[str],
    looks_renamed: Mapping[str, str] | None = None,
) -> None:
    """Every lesson a lesson builds on exists (an old id is named, from ``renamed``, with the lesson having it now).

    One in ``told_elsewhere`` is told at its own place: its file does not read, or is misnamed (``welcome.tml``).
    ``looks_renamed``: the id of the lesson that seems to be a listed id no lesson has, renamed, by that id.
    """
    for i, ref in _strings(parsed.data, "builds_on"):
        if ref in lessons or ref == lesson_id or ref in told_elsewhere:
            continue
        if ref in renamed:
            parsed.add(("builds_on", i), f"'{ref}' is an old id of lesson '{renamed[ref]}'", f"write '{renamed[ref]}'")
        elif looks_renamed and ref in looks_renamed:  # the lesson renamed, told at its module too
            parsed.add(
                ("builds_on", i),
                f"no lesson has id '{ref}': lesson '{looks_renamed[ref]}' is probably it, renamed",
                f"write '{looks_renamed[ref]}'",
            )
        else:
            others = [other for other in lessons if other != lesson_id]
            fix = did_you_mean(ref, lessons) or (
                f"builds_on names other lessons by their id: {_some(others)}" if others else "remove it"
            )
            parsed.add(("builds_on", i), f"no lesson has id '{ref}'", fix)


def _builds_on_circles(lessons: Mapping[str, ParsedFile]) -> None:
    """Report every builds_on entry that leads back to its own lesson: the recommended order has no start."""
    edges = {
        lesson_id: [(i, ref) for i, ref in _strings(parsed.data, "builds_on") if ref in lessons and ref != lesson_id]
        for lesson_id, parsed in lessons.items()
    }

    def way_back(start: str, goal: str) -> list[str] | None:
        """The shortest chain of builds_on from ``start`` to ``goal``, if there is one."""
        came_from: dict[str, str | None] = {start: None}
        queue = [start]
        for here in queue:
            if here == goal:
                chain = [here]
                while (before := came_from[chain[-1]]) is not None:
                    chain.append(before)
                return chain[::-1]
            for _, nxt in edges.get(here, []):
                if nxt not in came_from:
                    came_from[nxt] = here
                    queue.append(nxt)
        return None

    # Only an entry between lessons that lead to each other can close a circle: looking for a way back
    # from every entry went through all the lessons before it (87 ms on a chain of 1,000 lessons).
    group = _mutual_groups({lesson_id: [ref for _, ref in out] for lesson_id, out in edges.items()})
    for lesson_id, parsed in lessons.items():
        for i, ref in edges[lesson_id]:
            if group[ref] != group[lesson_id]:
                continue
            chain = way_back(ref, lesson_id)
            if chain is not None:
                circle = " → ".join([lesson_id, *chain])
                parsed.add(
                    ("builds_on", i),
                    f"the recommended order goes in a circle: {circle}",
                    "remove one of the builds_on entries in the circle",
                )


def _mutual_groups(edges: Mapping[str, list[str]]) -> dict[str, int]:
    """A number for each lesson, the same for exactly the lessons that lead to one another (strongly connected).

    ``edges`` gives, for every lesson, the lessons it leads to (all of them keys of ``edges``).
    Kosaraju's two passes, without recursion: a course's order may be a chain thousands long.
    """
    finished: list[str] = []
    seen: set[str] = set()
    for start in edges:
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(edges[start]))]
        while stack:
            node, ahead = stack[-1]
            for nxt in ahead:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, iter(edges[nxt])))
                    break
            else:
                stack.pop()
                finished.append(node)
    leads_here: dict[str, list[str]] = {node: [] for node in edges}
    for node, refs in edges.items():
        for nxt in refs:
            leads_here[nxt].append(node)
    group: dict[str, int] = {}
    for number, start in enumerate(reversed(finished)):
        if start in group:
            continue
        group[start] = number
        todo = [start]
        while todo:
            for before in leads_here[todo.pop()]:
                if before not in group:
                    group[before] = number
                    todo.append(before)
    return group


#: How to declare each kind of entry a lesson names by id, by the words :func:`_references` is given for it.
_DECLARE = {
    "[[sources]] entry": "[[sources]] with id, title and author",
    "[[safety]] note": "[[safety]] with id, title and text",
    "[[checkins]] measure": "[[checkins]] with id, label and question",
    "[[screening]] question": "[[screening]] with id, question, yes_means, advice and source",
}


def _references(parsed: ParsedFile, key: KeyPath, known: list[str], what: str) -> None:
    """Report every id in the array at ``key`` that names nothing in ``known``."""
    for i, ref in _strings(_value_at(parsed.data, key[:-1]), str(key[-1])):
        if ref not in known:
            fix = did_you_mean(ref, known)
            if not fix:
                declare = f'declare it in {COURSE_INDEX.as_posix()}: {_DECLARE[what]} (id = "{ref}")'
                table = what.split()[0]
                ids = f"only {table} id is" if len(known) == 1 else f"{table} ids are"
                fix = f"the course's {ids} {_some(known)}; or {declare}" if known else declare
            parsed.add((*key, i), f"no {what} has id '{ref}'", fix)


def _some(ids: Iterable[str], most: int = 8) -> str:
    """``'a', 'b' and 'c'``; past ``most``, the first ones and how many more."""
    listed = [f"'{item}'" for item in ids]
    if len(listed) > most:
        return f"{', '.join(listed[:most])} and {len(listed) - most} more"
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"


def check_course_and_id(root: Path) -> CheckResult:
    """Every error ``unclench check`` reports in the course folder ``root``: :func:`check_course`'s, and a borrowed id.

    What the preview shows instead of the lesson. (``check`` itself loads through the course cache, then adds
    :func:`unclench.problems.borrowed_id_problems`.) A folder with no ``course/course.toml`` (it was moved, or
    an editor saves it by writing a new file and renaming it over the old) has that problem, not an exception.
    """
    try:
        result = check_course(root)
    except NotACourseError:
        return CheckResult(problems=[missing_index_problem(root)])
    if borrowed := borrowed_id_problems(root, result.course):
        result.problems, result.course = sorted([*result.problems, *borrowed]), None
    return result


def check_lesson_file(path: Path) -> CheckResult:
    """Check one lesson file alone: its shape and its own rules (course-wide rules skipped)."""
    parsed = read_toml(path, kind="lesson")
    lesson = _validate(parsed, "lesson")
    _lesson_rules(parsed)
    return CheckResult(problems=sorted(parsed.problems), files=[path], lesson_count=1 if lesson else 0)


def load_course(root: Path) -> c.Course:
    """Load a valid course folder.

    Raises:
        NotACourseError: ``root`` is not a course folder.
        CourseLoadError: the course has problems; they are attached.
    """
    result = check_course(root)
    if result.course is None:
        raise CourseLoadError(result.problems)
    return result.course
