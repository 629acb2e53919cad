"""The learner's record as a document: complete JSON (lossless) or readable Markdown.

The record is :class:`unclench.store.rows.CourseRecord`: everything the store
holds about one course, with its original timestamps. This module turns it
into text and back; it never imports Textual and never touches the disk.

JSON (``unclench.export/1``)
----------------------------

A lossless copy, written with sorted keys, two-space indentation, UTF-8
(``ensure_ascii=False``; control characters are ``\\uXXXX`` escapes) and a
final newline. There is deliberately no export timestamp: exporting, importing
into an empty data folder and exporting again yields the same bytes. ::

    {
      "schema": "unclench.export/1",
      "course": {"id": str, "title": str},          # title: informative, ignored on import
      "position": {"lesson_id", "step_id", "updated_at"} | null,
      "lesson_positions": [{"lesson_id", "step_id", "updated_at"}],   # by lesson_id
      "lessons_done": [{"lesson_id", "done_at"}],                      # by lesson_id
      "steps_done": [{"lesson_id", "step_id", "done_at"}],             # by lesson_id, step_id
      "journal": [{"lesson_id", "step_id", "question", "answer",
                   "created_at", "updated_at"}],                       # by lesson_id, step_id
      "quiz_attempts": [{"lesson_id", "step_id", "question", "chosen": [int],
                         "chosen_texts": [str], "correct": bool, "at"}],   # oldest first
      "checkins": [{"lesson_id", "step_id", "measure_id", "phase": "before"|"after",
                    "rating": 0-10, "session_id", "at"}],                # oldest first
      "acknowledgements": [{"kind": "disclaimer"|"safety", "subject_id",
                            "text_hash", "at"}],                        # oldest first
      "runs": [{"lesson_id", "step_id", "session_id", "started_at", "ended_at": str|null,
                "seconds": int, "outcome": "running"|"finished"|"ended"|"interrupted",
                "follow_up": bool, "noticed": bool}],                   # oldest first
      "screening": [{"question_id", "answer": bool, "at"}],             # by question_id
      "contacts": [{"name", "reach", "added_at"}]                       # oldest first
    }

``chosen`` numbers the choices from 0 in the order the course file lists them,
not the order the quiz showed them in (it shuffles them): ``chosen_texts`` holds
the chosen choices' texts as they were when answered.

``runs``, ``screening`` and ``contacts`` may be missing in exports written
before they existed; they are read as empty.

Times are UTC, ``YYYY-MM-DDTHH:MM:SSZ``. Ids are stored ids: a lesson renamed
since keeps its old id here. ``question`` is the question as the learner saw
it when answering. Per-user settings are not part of a course's record.

Markdown
--------

For reading, not for importing. Grouped by module and lesson in course order
(progress saved under a lesson's ``previous_ids`` counts as that lesson's),
then "No longer in the course" for lessons the course does not have any more,
then the learner's support contacts (name, how to reach them, when added; oldest
first), their answers to the health (screening) questions (the question as the
course words it now, or its id when the course no longer has it; yes or no; when;
in the course's order; left out when there are none and the course asks none),
then acknowledgements. Each exercise lists every run, oldest first: when,
how long, how it ended (full time, stopped early, interrupted), whether it was
a hard run (``follow_up``: "I'm not OK", or a hard rating after it) and the
ratings; a start held back by its before-rating is listed as not started.
Short texts (titles, quiz choices, support contacts) are written on one line:
runs of white space, newlines included, become one space; what the learner
typed stands in “quotes”. Every text of the course or the record outside a
fence (titles, labels, quoted questions, quiz choices, contacts, stored ids
that are not well formed) is shown as written in a CommonMark or GFM viewer,
never as Markdown or HTML: a backslash stands before each sign that could
start markup where it is (``*``, ``[``, ``<``, ``$`` of ``$x$`` maths, the ``:`` of a
``:warning:`` emoji shortcode, a ``#`` or ``1.`` beginning a line, ...), and before
nothing else, so "Q&A", "e.g." and "Mum: 555" read as written.
Every journal answer is a fenced code block whose fence
is longer than any run of backticks inside it, so the answer shows exactly as
written (``[bold]``, ``*``, ``#``, ``<html>``, emoji and right-to-left text
stay literal) in any Markdown viewer. The one exception: control characters
other than newline and tab are invisible on paper and can drive a terminal,
so they appear as visible symbols (U+2400 control pictures, e.g. ``␛`` for
ESC; ``⟨U+0085⟩`` for C1 controls). The JSON keeps them exactly. An answer the
learner cleared (stored empty or blank) is not an answer: it says "(cleared: empty)"
in words instead of a box. The Markdown
holds no file paths and no export time: the same record gives the same text.
Left out, as bookkeeping rather than anything the learner wrote or answered:
the place saved in each lesson, when each step was done (steps are counted),
when a run ended, whether an interrupted run was mentioned to the learner, and
the fingerprints of acknowledged texts.
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable, Container, Iterable
from dataclasses import field
from datetime import datetime
from typing import Any

from unclench.course import Course, Lesson, Step
from unclench.errors import UnclenchError
from unclench.frozen import mutable_record
from unclench.journey import Journey, LessonState, Progress
from unclench.localtime import local_date_time
from unclench.places import current_lesson, shows_in
from unclench.practice import OUTCOME_WORDS, duration_text, rating_text
from unclench.store.rows import (
    Acknowledgement,
    CheckinRecord,
    CourseRecord,
    JournalEntry,
    LessonDone,
    QuizAttempt,
    RunRecord,
    SavedPosition,
    ScreeningAnswer,
    StepDone,
    SupportContact,
)
from unclench.text import json_text, visible

#: The ``schema`` value of an export document.
EXPORT_SCHEMA = "unclench.export/1"

#: How a Markdown export begins.
_MARKDOWN_OPENING = b"# Your Unclench record:"


def is_export(content: bytes, course_id: str) -> bool:
    """Whether ``content`` is an earlier export of this course (or nothing): safe for ``--force`` to replace."""
    if not content.strip():
        return True
    if content.startswith(_MARKDOWN_OPENING):
        return f"(`{course_id}`)".encode() in content[:4096]  # the "Course: title (`id`)" line
    if not content.lstrip().startswith(b"{"):
        return False
    try:
        document = json.loads(content)
    except ValueError:
        return False
    if not isinstance(document, dict) or not str(document.get("schema", "")).startswith("unclench.export/"):
        return False
    course = document.get("course")
    return isinstance(course, dict) and course.get("id") == course_id


class ExportFormatError(UnclenchError):
    """A document is not a valid Unclench export; the message says what is wrong and where."""


# -- JSON ---------------------------------------------------------------------------------------


def record_document(record: CourseRecord, course_title: str = "") -> dict[str, Any]:
    """The export document of ``record`` as plain JSON data (see the module docstring)."""
    position = record.position
    return {
        "schema": EXPORT_SCHEMA,
        "course": {"id": record.course_id, "title": course_title},
        "position": None
        if position is None
        else {"lesson_id": position.lesson_id, "step_id": position.step_id, "updated_at": position.updated_at},
        "lesson_positions": [
            {"lesson_id": p.lesson_id, "step_id": p.step_id, "updated_at": p.updated_at}
            for p in sorted(record.lesson_positions, key=lambda p: p.lesson_id)
        ],
        "lessons_done": [
            {"lesson_id": d.lesson_id, "done_at": d.done_at}
            for d in sorted(record.lessons_done, key=lambda d: d.lesson_id)
        ],
        "steps_done": [
            {"lesson_id": d.lesson_id, "step_id": d.step_id, "done_at": d.done_at}
            for d in sorted(record.steps_done, key=lambda d: (d.lesson_id, d.step_id))
        ],
        "journal": [
            {
                "lesson_id": j.lesson_id,
                "step_id": j.step_id,
                "question": j.question,
                "answer": j.answer,
                "created_at": j.created_at,
                "updated_at": j.updated_at,
            }
            for j in sorted(record.journal, key=lambda j: (j.lesson_id, j.step_id))
        ],
        "quiz_attempts": [
            {
                "lesson_id": q.lesson_id,
                "step_id": q.step_id,
                "question": q.question,
                "chosen": list(q.chosen),
                "chosen_texts": list(q.chosen_texts),
                "correct": q.correct,
                "at": q.at,
            }
            for q in record.quiz_attempts
        ],
        "checkins": [
            {
                "lesson_id": c.lesson_id,
                "step_id": c.step_id,
                "measure_id": c.measure_id,
                "phase": c.phase,
                "rating": c.rating,
                "session_id": c.session_id,
                "at": c.at,
            }
            for c in record.checkins
        ],
        "acknowledgements": [
            {"kind": a.kind, "subject_id": a.subject_id, "text_hash": a.text_hash, "at": a.at}
            for a in record.acknowledgements
        ],
        "runs": [
            {
                "lesson_id": r.lesson_id,
                "step_id": r.step_id,
                "session_id": r.session_id,
                "started_at": r.started_at,
                "ended_at": r.ended_at,
                "seconds": r.seconds,
                "outcome": r.outcome,
                "follow_up": r.follow_up,
                "noticed": r.noticed,
            }
            for r in record.runs
        ],
        "screening": [
            {"question_id": a.question_id, "answer": a.answer, "at": a.at}
            for a in sorted(record.screening, key=lambda a: a.question_id)
        ],
        "contacts": [{"name": c.name, "reach": c.reach, "added_at": c.added_at} for c in record.contacts],
        # Only when there is damage, so an undamaged record's export is unchanged.
        **({"damaged": list(record.damaged)} if record.damaged else {}),
    }


def render_json(record: CourseRecord, course_title: str = "") -> str:
    """The record as an ``unclench.export/1`` JSON document (stable bytes for the same record)."""
    return json_text(record_document(record, course_title)) + "\n"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ExportFormatError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ExportFormatError(f"{name} is not a valid JSON number")


def _loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def parse_document(text: str, now: datetime | None = None) -> CourseRecord:
    """Read an ``unclench.export/1`` JSON document back into a record.

    Args:
        text: The document.
        now: The time its times are checked against (none may be more than a day after it); default: the clock's.

    Returns:
        The record, exactly as exported.

    Raises:
        ExportFormatError: Not JSON, not an export, or a value is missing, of
            the wrong type or out of range; the message names the place.
    """
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith(_MARKDOWN_OPENING.decode()):
            raise ExportFormatError(
                "this is the Markdown export, which is for reading: import needs the JSON export",
                hint="write one with `unclench export --format json -o FILE`, then import that file",
            ) from None
        raise ExportFormatError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            hint="import reads the file `unclench export --format json -o FILE` writes, unchanged",
        ) from None
    except RecursionError:
        raise ExportFormatError("not valid JSON: nested too deeply") from None
    except ValueError:  # an integer longer than Python reads (int_max_str_digits)
        raise ExportFormatError("not valid JSON: a number has too many digits to read") from None
    if not isinstance(data, dict):
        raise ExportFormatError("not an Unclench export: the document is not a JSON object")
    try:
        _no_surrogates(data)
    except RecursionError:
        raise ExportFormatError("not valid JSON: nested too deeply") from None
    schema = data.get("schema")
    if schema != EXPORT_SCHEMA:
        if isinstance(schema, str) and schema.startswith("unclench.export/"):
            raise ExportFormatError(
                f"written in the format {schema!r}, which this version of Unclench does not read "
                f"(it reads {EXPORT_SCHEMA!r}); upgrade Unclench"
            )
        raise ExportFormatError(f'not an Unclench export: "schema" should be {EXPORT_SCHEMA!r}')
    from pydantic import ValidationError  # only importing needs pydantic: exporting stays quick

    from unclench.export_doc import ExportDoc, import_context

    try:
        doc = ExportDoc.model_validate(data, context=import_context(now))
    except ValidationError as error:
        problems = error.errors(include_url=False)
        lines = [f"{_loc(p['loc'])}: {_problem_text(p)}" for p in problems[:5]]
        if len(problems) > 5:
            lines.append(f"... and {len(problems) - 5} more")
        # One line, the fix in it: the place is the JSON path (section[index].key).
        fix = " (nothing was imported: correct or remove it, then import again)"
        raise ExportFormatError("; ".join(lines) + fix) from None
    _check_unique("lesson_positions", [(p.lesson_id,) for p in doc.lesson_positions])
    _check_unique("lessons_done", [(d.lesson_id,) for d in doc.lessons_done])
    _check_unique("steps_done", [(d.lesson_id, d.step_id) for d in doc.steps_done])
    _check_unique("journal", [(j.lesson_id, j.step_id) for j in doc.journal])
    _check_unique("runs", [(r.session_id,) for r in doc.runs])
    _check_unique("screening", [(a.question_id,) for a in doc.screening])
    course_id = doc.course.id
    pos = doc.position
    return CourseRecord(
        course_id=course_id,
        position=None if pos is None else SavedPosition(pos.lesson_id, pos.step_id, pos.updated_at),
        lesson_positions=tuple(SavedPosition(p.lesson_id, p.step_id, p.updated_at) for p in doc.lesson_positions),
        lessons_done=tuple(LessonDone(d.lesson_id, d.done_at) for d in doc.lessons_done),
        steps_done=tuple(StepDone(d.lesson_id, d.step_id, d.done_at) for d in doc.steps_done),
        journal=tuple(
            JournalEntry(course_id, j.lesson_id, j.step_id, j.question, j.answer, j.created_at, j.updated_at)
            for j in doc.journal
        ),
        quiz_attempts=tuple(
            QuizAttempt(
                course_id, q.lesson_id, q.step_id, q.question, tuple(q.chosen), tuple(q.chosen_texts), q.correct, q.at
            )
            for q in doc.quiz_attempts
        ),
        checkins=tuple(
            CheckinRecord(course_id, c.lesson_id, c.step_id, c.measure_id, c.phase, c.rating, c.session_id, c.at)
            for c in doc.checkins
        ),
        acknowledgements=tuple(
            Acknowledgement(course_id, a.kind, a.subject_id, a.text_hash, a.at) for a in doc.acknowledgements
        ),
        runs=tuple(
            RunRecord(
                course_id,
                r.lesson_id,
                r.step_id,
                r.session_id,
                r.started_at,
                r.ended_at,
                r.seconds,
                r.outcome,
                r.follow_up,
                r.noticed,
            )
            for r in doc.runs
        ),
        screening=tuple(ScreeningAnswer(course_id, a.question_id, a.answer, a.at) for a in doc.screening),
        contacts=tuple(SupportContact(course_id, c.name, c.reach, c.added_at) for c in doc.contacts),
        damaged=tuple(doc.damaged),
    )


def _shown(value: object) -> str:
    """A value as an import error quotes it: ``repr``, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


#: The problems :mod:`unclench.export_doc` words itself: said as they are.
_OWN_MESSAGES = {
    "not_a_time",
    "time_out_of_range",
    "choice_twice",
    "texts_unmatched",
    "time_in_future",
    "run_ends_before_start",
    "changed_before_written",
}


def _problem_text(problem: Any) -> str:
    """One problem of an import in plain words (the place is added by the caller)."""
    kind, value, field = problem["type"], problem.get("input"), problem["loc"][-1] if problem["loc"] else ""
    if kind == "string_pattern_mismatch":
        if field == "text_hash":
            return f"not a SHA-256 fingerprint (64 hex digits): {_shown(value)}"
        return f"not a valid id (lower-case letters, digits and dashes): {_shown(value)}"
    if kind == "model_type":  # pydantic's message names the model class, which means nothing to a learner
        return f"should be a JSON object {{...}} (found {_shown(value)})"
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind in {"string_too_long", "too_long"}:
        return f"{problem['msg'][0].lower()}{problem['msg'][1:]}"
    if kind in _OWN_MESSAGES:
        return str(problem["msg"])
    message = str(problem["msg"])
    message = message[0].lower() + message[1:] if message else message
    return f"{message} (found {_shown(value)})"


def _no_surrogates(data: object, loc: tuple[int | str, ...] = ()) -> None:
    """Refuse text that is not valid Unicode (``"\\udc80"`` escapes): it could not be stored or shown."""
    if isinstance(data, str):
        if any("\ud800" <= char <= "\udfff" for char in data):
            raise ExportFormatError(f"{_loc(loc)}: not valid Unicode text (a lone surrogate escape)")
    elif isinstance(data, dict):
        for key, value in data.items():
            _no_surrogates(key, loc)
            _no_surrogates(value, (*loc, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _no_surrogates(item, (*loc, index))


def _check_unique(section: str, keys: list[tuple[str, ...]]) -> None:
    seen: set[tuple[str, ...]] = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise ExportFormatError(f"{section}[{index}]: a second entry for {' / '.join(key)}")
        seen.add(key)


# -- Markdown -----------------------------------------------------------------------------------


#: What can start Markdown wherever it stands in a line: each is written after a backslash. Emphasis (``*``,
#: ``_``), code (a backtick), links and images (``[``, ``]``), HTML and autolinks (``<``, ``>``), strike-through
#: (``~``), escapes (``\\``); ``&`` only where it starts a character reference (``&amp;``, ``&#60;``; "Q&A"
#: stays); the ``:`` of ``https://`` and the ``.`` of ``www.``, which a GFM viewer would make a link of; a
#: run of ``#`` ending the text after a space, which a heading would drop as its closing sequence; every ``$``,
#: which viewers with maths (GitHub, VS Code, Obsidian, Pandoc) read as the start of ``$x$`` or ``$$x$$``; and
#: a ``:`` that starts an emoji shortcode (``:warning:``, ``:+1:``), which they draw as an emoji.
_MARKUP = re.compile(
    r"[\\`*_\[\]<>~$]|&(?=#?[0-9A-Za-z]+;)|:(?=//|[0-9A-Za-z_+-]+:)|(?<=\b[Ww][Ww][Ww])\.|(?<!\S)#(?=#*\Z)"
)
#: What makes Markdown only at the start of a line (a line of a quote, a list item's first words): a heading
#: (``#``), a list item (``-``, ``+``, ``1.``, ``1)``), a setext underline (``---``, ``===``) or thematic
#: break, a table's delimiter row (``|``, ``-``, ``:-``). ``*``, ``_``, ``>``, fences and HTML are escaped
#: wherever they stand (:data:`_MARKUP`).
_BLOCK_START = re.compile(r"[-|]|\+(?=[ \t]|\Z)|#{1,6}(?=[ \t]|\Z)|=+[ \t]*\Z|:(?=-)|[0-9]{1,9}(?=[.)](?:[ \t]|\Z))")


#: A time as :func:`~unclench.localtime.local_date_time` writes it: ``22 Nov 2026, 01:40``.
_SHOWN_TIME = re.compile(r"[0-9]{1,2} [A-Z][a-z]{2} [0-9]{4}, [0-9]{2}:[0-9]{2}")
#: A quick look for the signs :data:`_MARKUP` acts on (one pass in C): most texts (a title, a name) hold none, and
#: that pattern, tried at every character, made the export of a record of years a fifth slower.
_MAY_BE_MARKUP = re.compile(r"[\\`*_\[\]<>~#&$]|://|(?i:www)\.|:[0-9A-Za-z_+-]+:")


def _literal(text: str, *, line_start: bool = False) -> str:
    """``text`` written so that a CommonMark or GFM viewer shows it as written, not as Markdown or HTML.

    The one place course and record text is made safe for the Markdown document (journal answers are
    fenced instead: :func:`_fenced`). Only signs that could start markup where they stand get a backslash,
    so most titles are unchanged and the document stays readable as plain text.

    Args:
        text: Course or record text, through :func:`~unclench.text.visible` already, on one line.
        line_start: Whether the text begins a line of the document (a line of a quote, a list item's
            first words), where ``#``, ``-``, ``1.`` and the like begin blocks. Leading white space is
            dropped there: four spaces would make the line a code block, which shows backslashes.
    """
    if line_start:
        text = text.lstrip(" \t")
    shown = _MARKUP.sub(r"\\\g<0>", text) if _MAY_BE_MARKUP.search(text) else text
    if line_start and not shown.startswith("\\") and (block := _BLOCK_START.match(text)) is not None:
        # A list number keeps its digits: the backslash goes before its "." or ")".
        at = block.end() if text[0].isdigit() else 0
        shown = f"{shown[:at]}\\{shown[at:]}"
    return shown


#: What a well-formed id looks like (:data:`unclench.model.ID_PATTERN`): shown as code. A stored id may be anything.
_CODE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def _code(ident: str, *, line_start: bool = False) -> str:
    """An id as inline code; one that is not well formed (a damaged or edited record) is shown as written instead."""
    return f"`{ident}`" if _CODE_ID.fullmatch(ident) else _inline(ident, line_start=line_start)


def _one_line(text: str) -> str:
    """``text`` on one line: whitespace runs (newlines included) become one space; control characters visible."""
    return " ".join(visible(text).split())


def _inline(text: str, *, line_start: bool = False) -> str:
    """Course or record text fit for one line of Markdown, shown as written (:func:`_literal`)."""
    return _literal(_one_line(text), line_start=line_start)


def _fenced(text: str) -> str:
    """``text`` as a fenced code block that shows it literally."""
    shown = visible(text)
    # Most answers hold no backtick: looking for one is a hundred times quicker than listing the runs.
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0) if "`" in shown else 0
    fence = "`" * max(3, longest + 1)
    body = shown if shown.endswith("\n") or not shown else shown + "\n"
    return f"{fence}text\n{body}{fence}"


def _quoted(text: str) -> str:
    """``text`` (a question) as a block quote, line by line, each shown as written (:func:`_literal`)."""
    lines = visible(text).strip("\n").split("\n")
    return "\n".join(f"> {_literal(line, line_start=True)}".rstrip() for line in lines)


def _when(stamp: str) -> str:
    """A stored time in the learner's local time zone (the document says so at the top)."""
    return _local_when(stamp, time.timezone, time.altzone, time.daylight)


@functools.lru_cache(maxsize=4096)  # the ratings of one run share their time; a record of years has many
def _local_when(stamp: str, *zone: int) -> str:
    """:func:`_when` for one local time zone (``zone`` keys the cache: a changed zone is worked out afresh).

    A time as :func:`local_date_time` writes it holds nothing to escape (the pattern is checked, not assumed);
    anything else (a damaged record's text, shown as stored) is written as any record text is.
    """
    shown = local_date_time(stamp)
    if _SHOWN_TIME.fullmatch(shown):
        return shown
    return _inline(shown, line_start=True)  # a list item begins with it: "- 22 Nov 2026, 01:40: ..."


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@mutable_record
class _LessonRecord:
    """The parts of a record that belong to one lesson (after renames)."""

    journal: list[JournalEntry]
    quizzes: list[QuizAttempt]
    checkins: list[CheckinRecord]
    steps_done: set[str]
    done_at: str | None
    last_step: str | None
    runs: dict[str, RunRecord] = field(default_factory=dict)
    """The practice runs started here, by session id (a rating without one was a start held back)."""

    def is_empty(self) -> bool:
        return not (
            self.journal
            or self.quizzes
            or self.checkins
            or self.runs
            or self.steps_done
            or self.done_at
            or self.last_step
        )


def _group(record: CourseRecord, key: Callable[[str], str]) -> dict[str, _LessonRecord]:
    groups: dict[str, _LessonRecord] = {}
    by_stored_id: dict[str, _LessonRecord] = {}  # a record of years has tens of thousands of rows, few lesson ids

    def group(lesson_id: str) -> _LessonRecord:
        found = by_stored_id.get(lesson_id)
        if found is None:
            found = by_stored_id[lesson_id] = groups.setdefault(
                key(lesson_id), _LessonRecord([], [], [], set(), None, None)
            )
        return found

    for entry in sorted(record.journal, key=lambda j: (j.created_at, j.lesson_id, j.step_id)):
        group(entry.lesson_id).journal.append(entry)
    for attempt in record.quiz_attempts:
        group(attempt.lesson_id).quizzes.append(attempt)
    for checkin in record.checkins:
        group(checkin.lesson_id).checkins.append(checkin)
    for run in record.runs:
        group(run.lesson_id).runs[run.session_id] = run
    for step in record.steps_done:
        group(step.lesson_id).steps_done.add(step.step_id)
    for lesson in sorted(record.lessons_done, key=lambda d: d.done_at):
        found = group(lesson.lesson_id)
        found.done_at = found.done_at or lesson.done_at
    for position in sorted(record.lesson_positions, key=lambda p: p.updated_at):
        group(position.lesson_id).last_step = position.step_id
    return groups


#: Said of a run that led to the follow-up (support offered, practice closed for the rest of that day).
_HARD_RUN = "a hard run (support offered)"
#: Said of a step the record has and the lesson does not.
_GONE = ", no longer in the lesson"
#: Said after the id of a check-in the course no longer has: its ratings are kept, apart from the course's.
GONE_CHECKIN = "no longer in the course"


def _step_heading(step: Step | None, kind: str, step_id: str, gone: str = _GONE) -> str:
    if step is None:
        return f"{kind} ({_code(step_id)}{gone})"
    title = _inline(step.title)
    return f"{kind}: {title}" if title else kind


def _journal_md(entry: JournalEntry, step: Step | None, gone: str = _GONE) -> list[str]:
    when = f"Written {_when(entry.created_at)}"
    if entry.updated_at != entry.created_at:
        when += f", last changed {_when(entry.updated_at)}"
    return [
        f"#### {_step_heading(step, 'Journal', entry.step_id, gone)}",
        "",
        _quoted(entry.question),
        "",
        when + ":",
        "",
        cleared_words(entry.answer) if entry.cleared else _fenced(entry.answer),
        "",
    ]


def cleared_words(answer: str) -> str:
    """A cleared answer in words: an empty box read as an answer with nothing in it (the JSON keeps it exactly).

    The export and the journal screen say it alike.
    """
    return "(cleared: empty)" if not answer else "(cleared: only spaces or blank lines)"


def _quiz_md(attempts: list[QuizAttempt], step: Step | None, gone: str = _GONE) -> list[str]:
    heading = _step_heading(step, "Quiz", attempts[0].step_id, gone)
    lines = [f"#### {heading}", "", _quoted(attempts[-1].question), ""]
    for attempt in attempts:
        chosen = ", ".join(f"“{_inline(t)}”" for t in attempt.chosen_texts) or "(nothing)"
        verdict = "right" if attempt.correct else "not right"
        lines.append(f"- {_when(attempt.at)}: {chosen}, {verdict}")
    return [*lines, ""]


def sessions_of(checkins: Iterable[CheckinRecord]) -> dict[str, list[CheckinRecord]]:
    """Check-ins grouped by the run (session id) they belong to, in the order given."""
    sessions: dict[str, list[CheckinRecord]] = {}
    for checkin in checkins:  # not setdefault: a record of years would make a list for each of its ratings
        ratings = sessions.get(checkin.session_id)
        if ratings is None:
            sessions[checkin.session_id] = [checkin]
        else:
            ratings.append(checkin)
    return sessions


def not_started(session_id: str, ratings: Iterable[CheckinRecord], started: Container[str]) -> bool:
    """Whether these check-ins belong to a start held back: no run began, and only "before" was rated.

    A practice whose before-rating was too high to start (distress at or
    over the alert level) keeps that rating: it is part of the learner's
    record, but it is not a practice run, and is never counted or shown as one.
    """
    return session_id not in started and all(rating.phase == "before" for rating in ratings)


def _practice_md(
    course: Course,
    step: Step | None,
    step_id: str,
    checkins: list[CheckinRecord],
    runs: dict[str, RunRecord],
    gone: str = _GONE,
) -> list[str]:
    """An exercise's runs and ratings, oldest first: one line a run (or a start held back by its rating)."""
    lines = [f"#### {_step_heading(step, 'Exercise', step_id, gone)}", ""]
    sessions = sessions_of(checkins)
    for session_id, run in runs.items():
        if run.step_id == step_id:
            sessions.setdefault(session_id, [])
    labels: dict[str, str] = {}  # a record of years rates the same few measures thousands of times
    # When each run began (a start held back: its first rating), worked out once for the order and the line.
    began: dict[str, str] = {}
    for session_id, ratings in sessions.items():
        started = runs.get(session_id)
        began[session_id] = started.started_at if started is not None else ratings[0].at

    for session_id in sorted(sessions, key=began.__getitem__):  # stable: runs of one second stay in stored order
        ratings = sessions[session_id]
        measures: dict[str, dict[str, int]] = {}
        for rating in ratings:
            phases = measures.get(rating.measure_id)
            if phases is None:
                phases = measures[rating.measure_id] = {}
            phases[rating.phase] = rating.rating
        parts = []
        paired = False
        for measure_id, phases in measures.items():
            label = labels.get(measure_id)
            if label is None:
                measure = course.checkin(measure_id)
                label = labels[measure_id] = (
                    _inline(measure.label) if measure else _code(measure_id) + (f" ({GONE_CHECKIN})" if gone else "")
                )
            if "before" in phases and "after" in phases:
                parts.append(f"{label} {rating_text(phases['before'])} → {rating_text(phases['after'])}")
            else:
                parts.append(" ".join(f"{label} {phase} {rating_text(value)}" for phase, value in phases.items()))
            paired = paired or len(phases) == 2
        this_run = runs.get(session_id)
        practised = ""
        if this_run is not None:
            how = OUTCOME_WORDS.get(this_run.outcome)
            practised = f"practised {duration_text(this_run.seconds)}" + (f", {how}" if how else "")
            if this_run.follow_up:  # "I'm not OK", or a rating after it at the alert level or worse than before
                practised += f", {_HARD_RUN}"
        if not parts:
            lines.append(f"- {_when(began[session_id])}: {practised}; not rated")
            continue
        note = "out of 10, before → after" if paired else "out of 10"
        if not_started(session_id, ratings, runs):
            note = "out of 10; the practice did not start"
        rated = f"{'; '.join(parts)} ({note})"
        lines.append(f"- {_when(began[session_id])}: {f'{practised}. {rated}' if practised else rated}")
    return [*lines, ""]


def _lesson_body(
    course: Course, lesson: Lesson | None, part: _LessonRecord, journey: Journey | None, gone: str = _GONE
) -> list[str]:
    steps = list(lesson.steps) if lesson else []
    by_id = {s.id: s for s in steps}
    order = {s.id: i for i, s in enumerate(steps)}
    lines: list[str] = []
    if lesson is not None and journey is not None:
        counted = journey.lesson_tally(lesson.id)
        state = journey.lesson_state(lesson.id)
        if state is LessonState.DONE:
            when = f" {_when(part.done_at)}" if part.done_at else ""
            lines.append(f"Completed{when}; {counted.done} of {counted.total} steps done.")
        elif state is LessonState.NOT_STARTED:
            lines.append("Not started.")
        else:
            lines.append(f"In progress: {counted.done} of {counted.total} steps done.")
    else:
        lines.append(f"Completed {_when(part.done_at)}." if part.done_at else "Not completed.")
    lines.append("")

    items: list[tuple[tuple[int, str, int], list[str]]] = []

    def step_for(step_id: str, what: str) -> Step | None:
        """The step work saved as ``what`` under ``step_id`` shows in: None when it is gone or now of another
        kind (an answer under a quiz's id), which the journal, ``status`` and ``check`` call orphaned too."""
        step = by_id.get(step_id)
        return step if shows_in(step, what) else None

    def place(step_id: str, kind: int, step: Step | None) -> tuple[int, str, int]:
        return (order[step_id], "", kind) if step is not None else (len(order), step_id, kind)

    for entry in part.journal:
        step = step_for(entry.step_id, "journal")
        items.append((place(entry.step_id, 0, step), _journal_md(entry, step, gone)))
    quiz_steps: dict[str, list[QuizAttempt]] = {}
    for attempt in part.quizzes:
        quiz_steps.setdefault(attempt.step_id, []).append(attempt)
    for step_id, attempts in quiz_steps.items():
        step = step_for(step_id, "quiz_attempt")
        items.append((place(step_id, 1, step), _quiz_md(attempts, step, gone)))
    exercise_steps: dict[str, list[CheckinRecord]] = {run.step_id: [] for run in part.runs.values()}
    for checkin in part.checkins:  # not setdefault: it would make a list for each rating
        ratings = exercise_steps.get(checkin.step_id)
        if ratings is None:
            exercise_steps[checkin.step_id] = [checkin]
        else:
            ratings.append(checkin)
    for step_id, checkins in exercise_steps.items():
        step = step_for(step_id, "checkin")
        items.append((place(step_id, 2, step), _practice_md(course, step, step_id, checkins, part.runs, gone)))
    for _, block in sorted(items, key=lambda item: item[0]):
        lines.extend(block)
    return lines


def render_markdown(record: CourseRecord, course: Course, *, course_problems: int = 0) -> str:
    """The record as a Markdown document for reading (see the module docstring).

    ``course_problems``: how many problems the course folder has. When any, ``course`` stands in with only
    its id and title: the record is written alone, lesson by lesson under their ids, complete all the same.
    """

    @functools.cache  # one lookup per stored lesson id, not per row: a record of years has tens of thousands
    def key(lesson_id: str) -> str:
        lesson = current_lesson(course, lesson_id)
        return lesson.id if lesson else lesson_id

    groups = _group(record, key)
    journey = Journey(course, Progress.from_record(record, course))
    title = _inline(course.title)
    lines = [
        f"# Your Unclench record: {title}",
        "",
        f"Course: {title} ({_code(course.id)})",
        "",
        "This record holds your private journal answers, the people on your support card",
        "and your answers to health questions. Keep it somewhere safe.",
        "Answers are shown exactly as you wrote them, in fenced blocks",
        "(control characters, if any, as visible symbols such as ␛).",
        "Other text is shown as written too: a `\\` before a sign such as `*`, `[` or `<`",
        "keeps a Markdown viewer from reading it as formatting.",
        "Times are in this computer's local time.",
        "",
        *_alone_md(course_problems),
        *_damaged_md(record.damaged),
        "## Where you are",
        "",
        _saved_place_md(record.position) if course_problems else _position_md(record.position, journey),
        "",
    ]
    empty = _LessonRecord([], [], [], set(), None, None)
    for number, module in enumerate(course.modules, start=1):
        lessons = [course.lessons[i] for i in module.lesson_ids if i in course.lessons]
        counted = journey.tally(module.lesson_ids)
        lines += [
            f"## Module {number}: {_inline(module.title)}",
            "",
            f"{counted.done} of {counted.total} lessons done ({counted.percent}%).",
            "",
        ]
        for lesson in lessons:
            lines += [f"### {_inline(lesson.title)}", ""]
            lines += _lesson_body(course, lesson, groups.get(lesson.id, empty), journey)
    gone = sorted(i for i in groups if i not in course.lessons)
    if gone:
        lines += (
            ["## Your record, lesson by lesson", "", "Lessons and steps are named by their ids.", ""]
            if course_problems
            else ["## No longer in the course", "", "Saved under lessons this version of the course does not have.", ""]
        )
        for lesson_id in gone:
            lines += [f"### {_code(lesson_id)}", ""]
            lines += _lesson_body(course, None, groups[lesson_id], None, "" if course_problems else _GONE)
    lines += _contacts_md(record.contacts)
    lines += _screening_md(record.screening, course, alone=bool(course_problems))
    lines += ["## Acknowledgements", ""]
    if record.acknowledgements:
        lines += [f"- {_when(a.at)}: {_ack_md(a, course)}" for a in record.acknowledgements]
    else:
        lines.append("None yet.")
    # One blank line between blocks; a fenced answer is one item, so its own blank lines stay.
    tidy = [line for index, line in enumerate(lines) if line or (index > 0 and lines[index - 1])]
    while tidy and not tidy[-1]:
        tidy.pop()
    return visible("\n".join(tidy) + "\n")  # stored ids and file names too: nothing raw reaches a terminal


def _contacts_md(contacts: Iterable[SupportContact]) -> list[str]:
    """The people the learner added to their support card, oldest first, as they typed them."""
    lines = ["## Your support contacts", ""]
    listed = [
        f"- “{_inline(c.name) or '(blank)'}”: “{_inline(c.reach) or '(blank)'}” (added {_when(c.added_at)})"
        for c in contacts
    ]
    if not listed:
        return [*lines, "None added yet. You can add someone you trust on the support card (f2 in the app).", ""]
    return [*lines, "The people you added to your support card, as you typed them.", "", *listed, ""]


def _screening_md(answers: Iterable[ScreeningAnswer], course: Course, *, alone: bool) -> list[str]:
    """The learner's answers to the health (screening) questions, in the course's order.

    Nothing when there are none and the course asks none (a course without tremor practice, say).
    """
    questions = {question.id: question for question in course.screening}
    order = {question_id: index for index, question_id in enumerate(questions)}
    answered = sorted(answers, key=lambda a: (order.get(a.question_id, len(order)), a.question_id))
    if not answered and not questions:
        return []
    lines = ["## Health questions you answered", ""]
    if not answered:
        return [*lines, "None answered yet: the app asks them before your first run of a practice that needs them.", ""]
    lines += [
        "Asked before your first run of a practice that needs them. "
        "You can review or change your answers in the app (ctrl+k, Screening answers).",
        "",
    ]
    for answer in answered:
        question = questions.get(answer.question_id)
        if question is not None:
            asked = f"“{_inline(question.question)}”"
        else:
            asked = _code(answer.question_id, line_start=True) + ("" if alone else " (no longer in the course)")
        lines.append(f"- {asked} {'**Yes**' if answer.answer else '**No**'} (answered {_when(answer.at)})")
    return [*lines, ""]


def _alone_md(course_problems: int) -> list[str]:
    """Why the record is written alone (nothing when the course loaded)."""
    if not course_problems:
        return []
    problems = "1 problem" if course_problems == 1 else f"{course_problems} problems"
    return [
        f"The course folder had {problems} when this was written (see `unclench check`), so this is your "
        "record alone: every journal answer with its question as you saw it, every quiz answer, check-in and "
        "practice run, your support contacts and your answers to health questions, with lessons, steps and "
        "questions named by their ids.",
        "",
    ]


def _saved_place_md(position: SavedPosition | None) -> str:
    """The saved place by its ids, for a record written alone."""
    if position is None:
        return "Not started yet."
    return (
        f"Last open: lesson {_code(position.lesson_id)}, step {_code(position.step_id)} "
        f"(saved {_when(position.updated_at)})."
    )


def _damaged_md(notes: tuple[str, ...]) -> list[str]:
    """The section saying which stored rows were found damaged (nothing when none were)."""
    if not notes:
        return []
    return [
        "## Damaged entries",
        "",
        f"{'One entry' if len(notes) == 1 else f'{len(notes)} entries'} in your progress file could not be "
        "read as saved: the file was "
        "changed outside Unclench, or damaged. What could be read is shown below; Unclench changed nothing "
        "in the file.",
        "",
        *(f"- {_inline(note, line_start=True)}" for note in notes),
        "",
    ]


def _position_md(position: SavedPosition | None, journey: Journey) -> str:
    """Where "Continue" leads (as on the course map and in ``status``), and when the learner was last there."""
    if position is None:
        return "Not started yet."
    overall = journey.overall()
    done = f"{overall.done} of {overall.total} lessons done ({overall.percent}%)."
    place = journey.continue_place()
    if place is None:
        return done
    lesson = journey.lesson(place.lesson_id)
    where = "its summary" if journey.is_summary(place) else f"step {place.index + 1} of {len(lesson.steps)}"
    return f"{done} Continue at **{_inline(lesson.title)}**, {where} (saved {_when(position.updated_at)})."


def _ack_md(ack: Acknowledgement, course: Course) -> str:
    if ack.kind == "disclaimer":
        return "the course disclaimer"
    note = course.safety_note(ack.subject_id)
    if note is not None:
        return f"safety note “{_inline(note.title)}”"
    # A tremor exercise's notes are acknowledged as ``lesson:step`` (older records: the step id alone).
    lesson_id, _, step_id = ack.subject_id.rpartition(":")
    lessons = [found] if lesson_id and (found := current_lesson(course, lesson_id)) else course.ordered_lessons()
    for lesson in lessons:
        index = lesson.step_index(step_id)
        if index is not None:
            step = lesson.steps[index]
            name = f"“{_inline(step.title)}”" if step.title else "an exercise"
            return f"the safety notes before {name} (lesson “{_inline(lesson.title)}”)"
    return "safety notes for an exercise no longer in the course"


__all__ = [
    "EXPORT_SCHEMA",
    "ExportFormatError",
    "current_lesson",
    "parse_document",
    "record_document",
    "render_json",
    "render_markdown",
    "visible",
]
