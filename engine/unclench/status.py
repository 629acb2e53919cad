"""``unclench status``: where the learner is in a course, computed from the record.

Read-only: progress saved under a lesson's ``previous_ids`` counts as that
lesson's in memory, and nothing is written. Never imports Textual.

The ``--json`` document (``unclench.status/1``) has this shape; fields are
only ever added, never renamed or removed, within ``/1``::

    {
      "schema": "unclench.status/1",
      "course": {"id": str, "title": str, "root": str | null},   # root: the course folder
      "data": {
        "folder": str,            # the data folder (UNCLENCH_DATA_DIR or the platform's)
        "database": str,          # the progress database inside it
        "exists": bool            # false: nothing saved yet (status does not create it)
      },
      "position": null | {        # where "Continue" leads (as on the course map); null when not started
        "lesson_id": str,         # the lesson's current id
        "lesson_title": str,
        "module_id": str | null,
        "step_id": str,           # "~summary" for a lesson's summary
        "step_number": int | null,   # 1-based; null for a lesson's summary
        "steps_total": int
      },
      "modules": [                # in course order
        {"id": str, "title": str, "lessons_done": int, "lessons_total": int,
         "fraction": float,       # lessons_done / lessons_total, 0..1, 4 decimals; 0.0 when empty
         "percent": int}          # the same as a whole percentage, rounded half up
      ],
      "overall": {"lessons_done": int, "lessons_total": int, "fraction": float, "percent": int},
      "journal_entries": int,     # journal answers saved in this course (orphaned ones included;
                                  # cleared ones, stored empty or blank, are not answers)
      "journal_cleared": int,     # journal answers the learner cleared (kept in the record as stored)
      "quiz_attempts": int,       # every answer given to a quiz, retries included
      "quiz_questions": int,      # the quiz questions those answers were given to (each counted once)
      "checkins": int,            # 0-10 ratings given before/after exercises
      "checkin_sessions": int,    # exercise runs those ratings belong to (and starts held back)
      "checkin_not_started": int, # of those, starts held back (only a before-rating: too high to start)
      "practice": [               # each exercise practised, in course order (none: [])
        {"lesson_id": str, "step_id": str, "title": str,
         "runs": int,             # runs started (however they ended)
         "seconds": int,          # seconds practised in all (pauses not counted)
         "seconds_damaged": int,  # runs whose stored time cannot be one (changed outside Unclench): not counted
         "stopped_early": int,    # runs stopped before the time was up (or the app closed)
         "app_closed": int,       # of those, runs cut short by the app closing (quit, or a crash)
         "hard": int,             # hard runs ("I'm not OK", or a hard rating after): support was offered
         "latest": {"started_at": str,            # UTC, 2026-11-21T23:40:05Z
                    "seconds": int | null,        # null: saved before runs were recorded
                    "outcome": str | null,        # finished, ended, interrupted, running
                    "hard": bool,                 # it was a hard run
                    "before": {measure_id: int}, "after": {measure_id: int}}}
      ],
      "orphaned": [               # saved progress the course no longer has a place for: its lesson or
                                  # step is gone, or the step is now of a kind that does not show it
        {"lesson_id": str,        # the id it is saved under (what `reset --lesson` takes)
         "step_id": str | null,   # null for a lesson's completion
         "what": "position" | "lesson_position" | "lesson_done" | "step_done"
                 | "journal" | "quiz_attempt" | "checkin" | "run",
         "count": int,            # rows of that kind
         "lesson_in_course": bool,   # true: the lesson is there, the step is gone or now of another kind
         "step_kind_now": str | null}  # that other kind ("page", "prompt", "quiz", "exercise"), e.g. an
                                       # answer saved under a step id that is now a quiz; null otherwise
      ],                          # sorted by lesson_id, step_id, what
      "damaged": [str]            # a note on each stored row that could not be read as saved (none: [])
    }

Counts cover the whole course, orphaned rows included; ``lessons_done``
counts only lessons the course has. Lesson states, percentages and the
continue point come from :class:`unclench.journey.Journey`, as on the course
map: a lesson is done when its required steps are (optional ones never hold
it open), and a lesson's summary (``~summary``) is a place, never an orphan.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from unclench.course import CheckinMeasure, Course, ExerciseStep, Lesson, Step
from unclench.export import not_started, sessions_of
from unclench.frozen import frozen_record
from unclench.journey import Journey, Progress, Tally
from unclench.localtime import local_date_time
from unclench.places import STEP_KIND_WORDS, WORK_STEP_KINDS, Orphan, current_lesson, orphan_of
from unclench.practice import OUTCOME_WORDS, duration_text, total_seconds
from unclench.records import HARD_RUN, damaged_times, practice_history
from unclench.store.rows import CourseRecord
from unclench.text import one_line, visible

#: The ``schema`` value of ``unclench status --json``.
STATUS_SCHEMA = "unclench.status/1"


def _figures(tally: Tally) -> dict[str, Any]:
    return {
        "lessons_done": tally.done,
        "lessons_total": tally.total,
        "fraction": round(tally.fraction, 4),
        "percent": tally.percent,
    }


#: What of an orphan is only a place the learner stood at (Continue finds the nearest step): no work of theirs.
PLACES = frozenset({"position", "lesson_position"})


def _saved(record: CourseRecord) -> list[tuple[str, str | None, str]]:
    """Every saved row's ``(lesson_id, step_id, what)``, ``what`` as in ``orphaned`` (see the module docstring)."""
    rows: list[tuple[str, str | None, str]] = []
    if record.position is not None:
        rows.append((record.position.lesson_id, record.position.step_id, "position"))
    rows += [(position.lesson_id, position.step_id, "lesson_position") for position in record.lesson_positions]
    rows += [(lesson_done.lesson_id, None, "lesson_done") for lesson_done in record.lessons_done]
    rows += [(step.lesson_id, step.step_id, "step_done") for step in record.steps_done]
    rows += [(entry.lesson_id, entry.step_id, "journal") for entry in record.journal]
    rows += [(attempt.lesson_id, attempt.step_id, "quiz_attempt") for attempt in record.quiz_attempts]
    rows += [(checkin.lesson_id, checkin.step_id, "checkin") for checkin in record.checkins]
    rows += [(run.lesson_id, run.step_id, "run") for run in record.runs]
    return rows


def orphaned(record: CourseRecord, course: Course) -> list[dict[str, Any]]:
    """Saved progress the course no longer has a place for (:func:`unclench.places.orphan_of`; see the module
    docstring): its lesson or step is gone, or the step is now of another kind (an answer under a quiz)."""
    counts: Counter[tuple[str, str | None, str, Orphan]] = Counter()
    for lesson_id, step_id, what in _saved(record):
        orphan = orphan_of(course, lesson_id, step_id, what)
        if orphan is not None:
            counts[(lesson_id, step_id, what, orphan)] += 1
    return [
        {
            "lesson_id": lesson_id,
            "step_id": step_id,
            "what": what,
            "count": count,
            "lesson_in_course": orphan.lesson_in_course,
            "step_kind_now": orphan.step_kind_now,
        }
        for (lesson_id, step_id, what, orphan), count in sorted(
            counts.items(), key=lambda item: (item[0][0], item[0][1] or "", item[0][2])
        )
    ]


def gone_checkins(record: CourseRecord, course: Course) -> list[tuple[str, int]]:
    """Check-in ratings saved under a check-in id the course no longer has: ``(id, how many)``, by id.

    They stay in the record, but the app shows them apart from the check-in they were given for
    (a renamed check-in splits the learner's history in two).
    """
    current = {measure.id for measure in course.checkins}
    counts = Counter(rating.measure_id for rating in record.checkins if rating.measure_id not in current)
    return sorted(counts.items())


#: At most this many lessons or steps are named as what a renamed one may be now; more say nothing.
MAX_GUESSES = 3


@frozen_record
class Renames:
    """Which current lessons and steps saved progress orphaned by an edit may belong to (renamed ones)."""

    lessons: dict[str, tuple[Lesson, ...]]
    """Lesson id the progress is saved under -> the new lessons it may be now (give it ``previous_ids``)."""
    steps: dict[tuple[str, str], tuple[Step, ...]]
    """``(lesson id, step id)`` saved under -> the steps of that lesson it may be now (give back the old id)."""
    checkins: dict[str, CheckinMeasure]
    """Check-in id ratings are saved under -> the check-in it may be now (give back the old id)."""


def could_be_id(text: str) -> bool:
    """Whether ``text`` has the shape of an id (``unclench.model.ID_PATTERN``; that module imports pydantic)."""
    shape_ok = all(ch.islower() or ch.isdigit() or ch == "-" for ch in text)
    return bool(text) and text.isascii() and text[0] != "-" and shape_ok


def likely_renames(record: CourseRecord, course: Course) -> Renames:
    """For progress :func:`orphaned` finds: the lessons or steps an author may have renamed it to.

    A renamed lesson or step has no saved progress of its own. Lessons are those sharing the most step
    ids with what was saved under the old id, else one with a close name (or the only one); steps, those
    of the lesson of the kind the saved work belongs to (an answer: a reflection); check-ins, the one with
    a close name, else the only one not rated. The closest name wins among several; more than
    :data:`MAX_GUESSES` say nothing. A guess for the author to check, never applied: nothing is written.
    """
    import difflib  # only when there is something to explain

    def narrowed(old: str, options: dict[str, Any]) -> list[Any]:
        close = difflib.get_close_matches(old, list(options), n=1, cutoff=0.6)
        found = [options[close[0]]] if close else list(options.values())
        return found if len(found) <= MAX_GUESSES else []

    touched_lessons: set[str] = set()
    touched_steps: set[tuple[str, str | None]] = set()
    orphan_steps: dict[str, set[str]] = {}  # gone lesson id -> step ids saved under it
    gone_steps: dict[tuple[str, str], tuple[Lesson, set[str]]] = {}  # (saved lesson id, gone step id) -> what
    for lesson_id, step_id, what in _saved(record):
        if not could_be_id(lesson_id) or not (step_id is None or could_be_id(step_id.removeprefix("~"))):
            continue  # an id no course file may hold (a damaged or hostile record): no id to give back
        lesson = current_lesson(course, lesson_id)
        if lesson is None:
            orphan_steps.setdefault(lesson_id, set()).update({step_id} if step_id else set())
            continue
        touched_lessons.add(lesson.id)
        if step_id is not None and orphan_of(course, lesson_id, step_id, what) is not None:
            gone_steps.setdefault((lesson_id, step_id), (lesson, set()))[1].add(what)
        else:
            touched_steps.add((lesson.id, step_id))
    fresh = {lesson.id: lesson for lesson in course.ordered_lessons() if lesson.id not in touched_lessons}
    lessons: dict[str, tuple[Lesson, ...]] = {}
    for old, step_ids in orphan_steps.items():
        shared = {new: len(step_ids & {step.id for step in lesson.steps}) for new, lesson in fresh.items()}
        best = max(shared.values(), default=0)
        alike = {new: fresh[new] for new, count in shared.items() if count == best and best > 0}
        if alike:
            found = narrowed(old, alike)
        else:  # nothing saved under a step id it has: only a close name, or the one lesson untouched, tells
            close = difflib.get_close_matches(old, list(fresh), n=1, cutoff=0.6)
            found = [fresh[close[0]]] if close else list(fresh.values()) if len(fresh) == 1 else []
        if found:
            lessons[old] = tuple(found)
    steps: dict[tuple[str, str], tuple[Step, ...]] = {}
    for (lesson_id, old), (lesson, whats) in gone_steps.items():
        kinds = {WORK_STEP_KINDS[what] for what in whats if what in WORK_STEP_KINDS}
        unsaved = {
            step.id: step
            for step in lesson.steps
            if step.id != old and (lesson.id, step.id) not in touched_steps and (not kinds or step.kind in kinds)
        }
        if found := narrowed(old, unsaved):
            steps[(lesson_id, old)] = tuple(found)
    checkins: dict[str, CheckinMeasure] = {}
    rated = {rating.measure_id for rating in record.checkins}
    unrated = {measure.id: measure for measure in course.checkins if measure.id not in rated}
    for old, _ in gone_checkins(record, course):
        if not could_be_id(old):
            continue
        close = difflib.get_close_matches(old, list(unrated), n=1, cutoff=0.6)
        if close or len(unrated) == 1:
            checkins[old] = unrated[close[0]] if close else next(iter(unrated.values()))
    return Renames(lessons, steps, checkins)


def practice(record: CourseRecord, course: Course) -> list[dict[str, Any]]:
    """Each exercise practised, in course order: how often, how long, and the latest run (see the module docstring)."""
    history = practice_history(course, record.runs, record.checkins)
    items = []
    for lesson in course.ordered_lessons():
        for step in lesson.steps:
            entries = history.get((lesson.id, step.id)) if isinstance(step, ExerciseStep) else None
            if not entries:
                continue
            latest = entries[0]
            seconds, seconds_damaged = total_seconds(entry.seconds for entry in entries)
            items.append(
                {
                    "lesson_id": lesson.id,
                    "step_id": step.id,
                    "title": step.title or lesson.title,
                    "runs": len(entries),
                    "seconds": seconds,
                    "seconds_damaged": seconds_damaged,
                    "stopped_early": sum(entry.stopped_early for entry in entries),
                    "app_closed": sum(entry.outcome == "interrupted" for entry in entries),
                    "hard": sum(entry.hard for entry in entries),
                    "latest": {
                        "started_at": latest.started_at,
                        "seconds": latest.seconds,
                        "outcome": latest.outcome,
                        "hard": latest.hard,
                        "before": dict(latest.before),
                        "after": dict(latest.after),
                    },
                }
            )
    return items


def build_status(
    record: CourseRecord, course: Course, data_folder: Path, database: Path, *, course_problems: int = 0
) -> dict[str, Any]:
    """The ``unclench.status/1`` document for ``record`` (see the module docstring).

    Args:
        record: Everything saved about the course (empty when nothing is).
        course: The course as it is now.
        data_folder: Where progress is stored.
        database: The database file.
        course_problems: How many problems the course folder has: when any, ``course`` stands in with
            only its id and title, and what the course would tell (modules, titles, orphans) is left out.

    Returns:
        Plain JSON data.
    """
    journey = Journey(course, Progress.from_record(record, course))
    modules = [{"id": m.module_id, "title": m.title, **_figures(m.tally)} for m in journey.module_progress()]
    position: dict[str, Any] | None = None
    place = journey.continue_place() if journey.progress.position is not None else None
    if place is not None:
        lesson = journey.lesson(place.lesson_id)
        home = course.module_of(lesson.id)
        position = {
            "lesson_id": lesson.id,
            "lesson_title": lesson.title,
            "module_id": home.id if home else None,
            "step_id": journey.stored_step_id(place),
            "step_number": None if journey.is_summary(place) else place.index + 1,
            "steps_total": len(lesson.steps),
        }
    if course_problems and record.position is not None:
        position = {
            "lesson_id": record.position.lesson_id,
            "lesson_title": record.position.lesson_id,
            "module_id": None,
            "step_id": record.position.step_id,
            "step_number": None,
            "steps_total": None,
        }
    sessions = sessions_of(record.checkins)
    started = {run.session_id for run in record.runs}
    return {
        "schema": STATUS_SCHEMA,
        "course": {"id": course.id, "title": course.title, "root": str(course.root.resolve()) if course.root else None},
        "data": {"folder": str(data_folder), "database": str(database), "exists": database.exists()},
        "position": position,
        "modules": modules,
        "overall": _figures(journey.overall()),
        "journal_entries": record.journal_answers,
        "journal_cleared": record.journal_cleared,
        "quiz_attempts": len(record.quiz_attempts),
        "quiz_questions": len({(attempt.lesson_id, attempt.step_id) for attempt in record.quiz_attempts}),
        "checkins": len(record.checkins),
        "checkin_sessions": len(sessions),
        "checkin_not_started": sum(not_started(key, ratings, started) for key, ratings in sessions.items()),
        "practice": practice(record, course),
        "orphaned": [] if course_problems else orphaned(record, course),
        "damaged": list(record.damaged),
        "course_problems": course_problems,
    }


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def answers_and_cleared(answers: str | int, cleared: int) -> str:
    """``3`` or ``3 journal answers`` (``answers`` as given), then ``(and 1 cleared)`` when some were cleared."""
    return f"{answers} (and {cleared} cleared)" if cleared else str(answers)


def quiz_answers(answers: int, questions: int) -> str:
    """``3``, or ``5, to 3 questions (tries again counted)``: a retry is an answer, not another question."""
    if answers == questions:
        return str(answers)
    return f"{answers}, to {_plural(questions, 'question')} (tries again counted)"


def saved_items(what: str, count: int) -> str:
    """``2 journal answers``: ``count`` saved items of a kind (an orphan's ``what``), in the learner's words."""
    one, many = _WHAT.get(what, (what.replace("_", " "), what.replace("_", " ")))
    return f"{count} {one if count == 1 else many}"


_WHAT = {
    "position": ("place to continue", "places to continue"),
    "lesson_position": ("last-open step", "last-open steps"),
    "lesson_done": ("lesson completion", "lesson completions"),
    "step_done": ("step done", "steps done"),
    "journal": ("journal answer", "journal answers"),
    "quiz_attempt": ("quiz answer", "quiz answers"),
    "checkin": ("check-in rating", "check-in ratings"),
    "run": ("practice run", "practice runs"),
}


def render_status(status: dict[str, Any], chosen: str = "") -> str:
    """``status`` (from :func:`build_status`) as text for the terminal.

    Args:
        status: The status document.
        chosen: Why this course, said after its folder (" (the bundled course; ...)"), or "".
    """
    course = status["course"]
    lines = [f"{one_line(course['title'])} ({one_line(course['id'])})"]
    if course["root"]:
        lines.append(f"Course folder: {one_line(course['root'])}{one_line(chosen)}")
    overall = status["overall"]
    problems = status.get("course_problems", 0)
    if problems:
        lines += [
            "",
            f"The course folder has {_plural(problems, 'problem')} (see `unclench check`), so this is your record "
            "alone: lessons and steps are named by their ids, and progress in the course cannot be counted.",
        ]
    else:
        lines += [
            "",
            f"Progress: {overall['lessons_done']} of {_plural(overall['lessons_total'], 'lesson')} done "
            f"({overall['percent']}%)",
        ]
    width = max((len(one_line(m["title"])) for m in status["modules"]), default=0)
    for module in status["modules"]:
        lines.append(
            f"  {one_line(module['title']).ljust(width)}  {module['lessons_done']}/{module['lessons_total']} lessons"
            f"  {str(module['percent']).rjust(3)}%"
        )
    lines.append("")
    position = status["position"]
    if position is None and any(item["what"] == "position" for item in status["orphaned"]):
        lines.append("Continue at: the beginning (the saved place is no longer in the course)")
    elif position is None:
        lines.append("Continue at: the beginning (not started yet)")
    elif problems:
        lines.append(f"Last open: lesson '{one_line(position['lesson_id'])}', step '{one_line(position['step_id'])}'")
    else:
        step = (
            f"step {position['step_number']} of {position['steps_total']}"
            if position["step_number"] is not None
            else "its summary"
            + (" (every lesson is done)" if overall["lessons_done"] == overall["lessons_total"] else "")
        )
        moved = any(item["what"] == "position" for item in status["orphaned"])
        note = " (the saved place is no longer in the course)" if moved else ""
        lines.append(f"Continue at: {one_line(position['lesson_title'])}, {step}{note}")
    lines.append(f"Journal answers: {answers_and_cleared(status['journal_entries'], status['journal_cleared'])}")
    lines.append(f"Quiz answers: {quiz_answers(status['quiz_attempts'], status['quiz_questions'])}")
    if status["checkins"]:
        held = status["checkin_not_started"]
        rated = status["checkin_sessions"] - held
        started = sum(item["runs"] for item in status["practice"])
        if started > rated:  # runs without ratings: "over 4 practice runs" read as all of them (there were 6)
            runs = f"{rated} of your {_plural(started, 'practice run')} ({started - rated} not rated)"
            line = f"Check-ins: {_plural(status['checkins'], 'rating')}, from {runs}"
        else:
            line = f"Check-ins: {_plural(status['checkins'], 'rating')} over {_plural(rated, 'practice run')}"
        if held:
            line += f" and {_plural(held, 'start')} held back (rated too high to begin)"
        lines.append(line)
    else:
        lines.append("Check-ins: none yet")
    if status["practice"]:
        lines.append("Practice:")
        for item in status["practice"]:
            latest = item["latest"]
            # How the latest ended, and whether it was hard, as the Practice list says it ("· a hard run").
            how = ", ".join(
                word
                for word in (OUTCOME_WORDS.get(latest["outcome"] or "", ""), HARD_RUN if latest["hard"] else "")
                if word
            )
            # Those cut short by quitting said apart: a stranger read "8 stopped early" beside a latest "interrupted".
            closed = f" ({item['app_closed']} when the app closed)" if item["app_closed"] else ""
            early = f", {item['stopped_early']} stopped early{closed}" if item["stopped_early"] else ""
            hard = f", {_plural(item['hard'], 'hard run')}" if item["hard"] else ""
            lines.append(
                f"  {one_line(item['title'])}: {_plural(item['runs'], 'run')}, {duration_text(item['seconds'])} in all"
                f"{damaged_times(item['seconds_damaged'])}{early}{hard}; latest {local_date_time(latest['started_at'])}"
                + (f" ({how})" if how else "")
            )
    lines.append("")
    data = status["data"]
    lines.append(f"Data folder: {one_line(data['folder'])}")
    lines.append(f"Database: {one_line(data['database'])}" + ("" if data["exists"] else " (nothing saved yet)"))
    if status["orphaned"]:
        lines += ["", "Saved progress the course no longer has a place for:"]
        places: dict[str, Counter[str]] = {}
        for item in status["orphaned"]:
            if item["lesson_in_course"]:
                kind_now = STEP_KIND_WORDS.get(item["step_kind_now"] or "")
                why = f"the step is now {kind_now}" if kind_now else "the step is gone"
                where = f"lesson '{one_line(item['lesson_id'])}', step '{one_line(item['step_id'])}' ({why})"
            else:
                where = f"lesson '{one_line(item['lesson_id'])}' (the lesson is gone)"
            places.setdefault(where, Counter())[item["what"]] += item["count"]
        for where, counts in places.items():
            kinds = [w for w in _WHAT if counts[w]]
            shown = ", ".join(saved_items(w, counts[w]) for w in kinds)
            lines.append(f"  {where}: {shown}")
        lines.append(
            "It is kept. `unclench export` includes it; `unclench reset --lesson ID` forgets a lesson's progress."
        )
    if status["damaged"]:
        count = len(status["damaged"])
        lines += [
            "",
            f"Damaged: {'one entry' if count == 1 else f'{count} entries'} in the database could not be read as "
            "saved (changed outside Unclench?). Unclench changed nothing; `unclench export` shows what could be "
            "read and lists the damage.",
        ]
    return visible("\n".join(lines) + "\n")  # each quoted text is one line (one_line) and shown visibly
