"""Generate a large, valid course folder for the benchmarks, deterministically.

The course has ``lessons`` lessons (1,000 by default) in modules of 20; every
lesson has 10 steps shaped like the bundled course's: four pages of a few
Markdown paragraphs, two reflective prompts, three quizzes with three choices
and feedback each, and one exercise (every third one a tremor exercise with
safety notes and check-ins). The text is built from a seeded random generator,
so the same seed always writes the same bytes.

Run on its own to write a course folder::

    .venv/bin/python benchmarks/gen_course.py /tmp/big-course [--lessons 1000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SEED = 20260521
LESSONS_PER_MODULE = 20

_SUBJECTS = [
    "your body",
    "the nervous system",
    "a tense shoulder",
    "the alarm system",
    "your breath",
    "the jaw",
    "a tired back",
    "the brain",
    "your attention",
    "an old habit",
    "the stress response",
    "a gentle tremor",
    "your hips",
    "the pain-fear cycle",
    "a calm moment",
]
_VERBS = [
    "can notice",
    "often holds",
    "slowly releases",
    "learns to expect",
    "may tighten around",
    "tends to protect",
    "gradually lets go of",
    "responds to",
    "keeps track of",
    "settles after",
]
_OBJECTS = [
    "small signs of danger",
    "a long and busy day",
    "the feeling of safety",
    "old worries about pain",
    "the weight of the floor beneath you",
    "a slow breath out",
    "tension it no longer needs",
    "the rhythm of your heartbeat",
    "a sense of ease",
    "moments of rest",
    "the way you sit at a desk",
    "gentle, curious attention",
]
_TAILS = [
    "and that is completely normal",
    "even when you do not notice it",
    "as the article describes",
    "according to the forum thread",
    "over days rather than minutes",
    "when nothing is pushing it",
    "without any effort from you",
    "if you give it a little time",
]
_QUESTIONS = [
    "What do you notice in {s} right now?",
    "When did you last feel {s} relax?",
    "How does {s} respond when you slow down?",
    "What would change if {s} felt a little safer?",
    "Where do you feel {s} most clearly today?",
]


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    if rng.random() < 0.6:
        text += f", {rng.choice(_TAILS)}"
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: tuple[int, int] = (3, 6)) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _body(rng: random.Random, paragraphs: tuple[int, int] = (3, 4)) -> str:
    parts = [_paragraph(rng) for _ in range(rng.randint(*paragraphs))]
    if rng.random() < 0.5:
        parts.insert(1, "\n".join(f"- {_sentence(rng)}" for _ in range(3)))
    return "\n\n".join(parts)


def _q(text: str) -> str:
    """A TOML multi-line basic string (the generated text has no quotes or backslashes)."""
    return '"""\n' + text + '\n"""'


def _short(rng: random.Random, words: int = 6) -> str:
    return " ".join(rng.choice(_OBJECTS).split()[:words]).capitalize()


def sample_pages(count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` pages (title, Markdown body) of the kind this course's page steps have."""
    rng = random.Random(seed)
    return [(_short(rng), _body(rng)) for _ in range(count)]


def lesson_id(number: int) -> str:
    return f"lesson-{number:04d}"


def lesson_text(rng: random.Random, number: int) -> str:
    out = [
        "#:schema ../engine/unclench/schemas/lesson.schema.json",
        f'id = "{lesson_id(number)}"',
        f'title = "Lesson {number}: {_short(rng)}"',
        f'summary = "{_sentence(rng)}"',
        f"minutes = {rng.randint(5, 20)}",
        f'sources = ["{rng.choice(["article", "thread"])}"]',
    ]
    kinds = ["page", "page", "prompt", "quiz", "page", "quiz", "prompt", "page", "quiz", "exercise"]
    for index, kind in enumerate(kinds, start=1):
        out += ["", "[[steps]]", f'kind = "{kind}"', f'id = "{kind}-{index}"', f'title = "{_short(rng)}"']
        if kind == "page":
            out.append(f"body = {_q(_body(rng))}")
        elif kind == "prompt":
            out.append(f'question = "{rng.choice(_QUESTIONS).format(s=rng.choice(_SUBJECTS))}"')
            out.append(f'hint = "{_sentence(rng)}"')
        elif kind == "quiz":
            out.append(f'question = "Which of these is true about {rng.choice(_SUBJECTS)}?"')
            right = rng.randrange(3)
            texts: set[str] = set()
            for choice in range(3):
                text = _sentence(rng)
                if text in texts:  # check refuses two choices that read the same; no extra draw keeps the rest
                    text = f"{text.rstrip('.')} (choice {choice + 1})."
                texts.add(text)
                out += ["", "[[steps.choices]]", f'text = "{text}"']
                if choice == right:
                    out.append("correct = true")
                out.append(f"feedback = {_q(_paragraph(rng, (1, 3)))}")
        else:
            tremor = number % 3 == 0
            out.append(f"body = {_q(_body(rng, (2, 3)))}")
            out.append(f"minutes = {rng.choice([1, 2, 3, 5])}")
            if tremor:
                out += ["tremor = true", 'safety = ["stop-anytime", "start-short"]', 'checkin = ["tension", "calm"]']
                out += ["", "[steps.limits]", "minutes_per_run = 10", "hours_between = 24", "runs_per_week = 5"]
    return "\n".join(out) + "\n"


def course_text(rng: random.Random, lessons: int) -> str:
    out = [
        "format_version = 1",
        'id = "bench-course"',
        'title = "Benchmark course"',
        f"summary = {_q(_paragraph(rng))}",
        f"disclaimer = {_q(_body(rng, (2, 2)))}",
    ]
    for source in ("article", "thread"):
        out += ["", "[[sources]]", f'id = "{source}"', f'title = "The {source}"', 'author = "someone"']
    for note, always in (("stop-anytime", True), ("start-short", False)):
        out += ["", "[[safety]]", f'id = "{note}"', f'title = "{_short(rng)}"', f"text = {_q(_paragraph(rng))}"]
        if always:
            out.append("always = true")
    for measure, worse in (("tension", "high"), ("calm", "low")):
        out += [
            "",
            "[[checkins]]",
            f'id = "{measure}"',
            f'label = "{measure.capitalize()}"',
            f'question = "How much {measure} do you feel right now?"',
            f'worse = "{worse}"',
        ]
    for module, start in enumerate(range(1, lessons + 1, LESSONS_PER_MODULE), start=1):
        ids = [lesson_id(n) for n in range(start, min(start + LESSONS_PER_MODULE, lessons + 1))]
        out += [
            "",
            "[[modules]]",
            f'id = "module-{module:03d}"',
            f'title = "Module {module}: {_short(rng)}"',
            f'summary = "{_sentence(rng)}"',
            "lessons = [" + ", ".join(f'"{i}"' for i in ids) + "]",
        ]
    return "\n".join(out) + "\n"


def generate(root: Path, lessons: int = 1000, seed: int = SEED) -> Path:
    """Write a course folder with ``lessons`` lessons under ``root``; returns ``root``."""
    rng = random.Random(seed)
    (root / "course").mkdir(parents=True, exist_ok=True)
    (root / "lessons").mkdir(exist_ok=True)
    (root / "course" / "course.toml").write_text(course_text(rng, lessons), encoding="utf-8")
    for number in range(1, lessons + 1):
        (root / "lessons" / f"{lesson_id(number)}.toml").write_text(lesson_text(rng, number), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    generate(args.dir, args.lessons, args.seed)
    print(f"wrote {args.lessons} lessons to {args.dir}")


if __name__ == "__main__":
    main()
