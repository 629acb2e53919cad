"""A heavy learner's record: years of journal answers and check-ins, seeded from a fixed random generator.

``seed(DATA_DIR, COURSE_DIR)`` writes, into a fresh data folder, a record in
the course at ``COURSE_DIR`` (the 1,000-lesson course of ``gen_course.py``):

* ``answers`` journal answers (10,000 by default): one for every prompt of
  the course, the rest under lessons an earlier edition had (listed as "No
  longer in the course"); one in 20 is long (about 4,000 characters over
  several paragraphs), the rest a sentence or three;
* ``checkins`` check-in ratings (50,000): runs of the course's tremor
  exercises with both measures rated before and after;
* a quiz attempt for every quiz of the first tenth of the lessons, that tenth
  done, and half of the next lesson;
* dates spread evenly over five years, ending now.

The store's schema comes from :class:`ProgressStore`; the rows are inserted
directly, in one transaction, so seeding takes seconds. Same arguments, same
record.

    python benchmarks/heavy_record.py DATA_DIR COURSE_DIR [ANSWERS CHECKINS]
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SENTENCES = (
    "today my shoulders felt tight again after the long meeting and I noticed my jaw was clenched "
    "when I breathed slowly the tension eased a little I was worried about the pain in my back "
    "but it faded while I walked the tremor came gently and I let it pass then I felt calm"
)
WORDS = SENTENCES.split()
YEARS = 5


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _long_text(rng: random.Random) -> str:
    return "\n\n".join(_text(rng, rng.randint(60, 90)) for _ in range(8))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def seed(data_dir: Path, course_dir: Path, answers: int = 10_000, checkins: int = 50_000) -> str:
    """Write the heavy record into ``data_dir`` (which must not hold one yet); returns the course id."""
    from unclench.course import ExerciseStep
    from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
    from unclench.loader import load_course
    from unclench.store import ProgressStore

    rng = random.Random(18)
    course = load_course(course_dir)
    lessons = course.ordered_lessons()
    end = datetime.now(timezone.utc).replace(microsecond=0)
    start = end - timedelta(days=365 * YEARS)
    span = (end - start).total_seconds()

    def moment(i: int, count: int) -> datetime:
        return start + timedelta(seconds=span * i / max(1, count))

    with ProgressStore.open(data_dir) as store:
        store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        path = store.path
    prompts = [
        (lesson.id, step.id, step.question) for lesson in lessons for step in lesson.steps if step.kind == "prompt"
    ]
    journal = []
    for i in range(answers):
        if i < len(prompts):
            lesson_id, step_id, question = prompts[i]
        else:
            old = i - len(prompts)
            lesson_id, step_id, question = f"old-lesson-{old // 4:04d}", f"reflect-{old % 4}", "What did you notice?"
        text = _long_text(rng) if i % 20 == 0 else _text(rng, rng.randint(8, 60))
        created = moment(i, answers)
        updated = created + timedelta(days=rng.randint(0, 30)) if i % 5 == 0 else created
        journal.append((course.id, lesson_id, step_id, question, text, _stamp(created), _stamp(min(updated, end))))
    tremors = [
        (lesson.id, step.id, list(step.checkin_ids))
        for lesson in lessons
        for step in lesson.steps
        if isinstance(step, ExerciseStep) and step.tremor and step.checkin_ids
    ]
    rows: list[tuple[str, str, str, str, str, int, str, str]] = []
    run = 0
    while tremors and len(rows) < checkins:
        lesson_id, step_id, measures = tremors[run % len(tremors)]
        at = _stamp(moment(len(rows), checkins))
        for phase in ("before", "after"):
            for measure in measures:
                rating = rng.randint(3, 9) if phase == "before" else rng.randint(0, 6)
                rows.append((course.id, lesson_id, step_id, measure, phase, rating, f"run-{run:06d}", at))
        run += 1
    rows = rows[:checkins]
    done = lessons[: max(1, len(lessons) // 10)]
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO journal (course_id, lesson_id, step_id, question, answer, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            journal,
        )
        conn.executemany(
            "INSERT INTO checkin (course_id, lesson_id, step_id, measure_id, phase, rating, session_id, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        at = _stamp(end - timedelta(days=1))
        for lesson in done:
            for step in lesson.steps:
                conn.execute(
                    "INSERT INTO step_done (course_id, lesson_id, step_id, done_at) VALUES (?, ?, ?, ?)",
                    (course.id, lesson.id, step.id, at),
                )
                if step.kind == "quiz":
                    right = [i for i, choice in enumerate(step.choices) if choice.correct]
                    conn.execute(
                        "INSERT INTO quiz_attempt (course_id, lesson_id, step_id, question, chosen, chosen_texts, "
                        "correct, at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                        (
                            course.id,
                            lesson.id,
                            step.id,
                            step.question,
                            json.dumps(right),
                            json.dumps([step.choices[i].text for i in right]),
                            at,
                        ),
                    )
            conn.execute(
                "INSERT INTO lesson_done (course_id, lesson_id, done_at) VALUES (?, ?, ?)", (course.id, lesson.id, at)
            )
            conn.execute(
                "INSERT INTO lesson_position (course_id, lesson_id, step_id, updated_at) VALUES (?, ?, ?, ?)",
                (course.id, lesson.id, lesson.steps[-1].id, at),
            )
        current = lessons[min(len(done), len(lessons) - 1)]
        for step in current.steps[: len(current.steps) // 2]:
            conn.execute(
                "INSERT INTO step_done (course_id, lesson_id, step_id, done_at) VALUES (?, ?, ?, ?)",
                (course.id, current.id, step.id, at),
            )
    conn.close()
    return course.id


if __name__ == "__main__":
    counts = [int(n) for n in sys.argv[3:5]]
    seed(Path(sys.argv[1]), Path(sys.argv[2]), *counts)
