"""Safety wording that says the opposite of what it is for: ``unclench check`` warns.

A stranger's ``[guidance] stop = "Keep going no matter what. Do not stop."`` passed ``check``: the text shown
beside the stop keys, for a learner who wants to come out of an exercise, told them not to. Words cannot be
checked for their meaning, so these are warnings, for the author to read again:

* a ``guidance.stop`` text that tells the learner not to stop, or to keep going whatever happens;
* a check-in whose label names something that is worse the more there is of it (distress, pain, tension) but
  that says ``worse = "low"``: a learner's 10 for distress would read as doing well, and no follow-up would come;
* an exercise about tremor or shaking (its title or body says so) without ``tremor = true``: it gets no safety
  gate before it and no dose limits.

Domain code: never imports Textual.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unclench.problems import Problem, key_text

if TYPE_CHECKING:
    from pathlib import Path

    from unclench.course import Course
    from unclench.tomlpos import KeyPath

#: Telling the learner not to stop, or to go on whatever happens. ``Do not stop breathing`` and ``don't push
#: through`` are not.
_DO_NOT_STOP = re.compile(
    r"\b(?:do not|don't|dont|never|must not|mustn't|should not|shouldn't|cannot|can't|may not)\s+"
    r"(?:ever\s+)?(?:stop|end|quit|pause|give up|interrupt|leave)\b(?!\s+breathing)"
    r"|(?<!not )(?<!n't )(?<!never )\b(?:push|power|work|press) (?:on )?through\b"
    r"|\b(?:keep|carry|go|press|push) (?:going|on|shaking|practising|practicing)\b[^.!?;]*"
    r"\b(?:no matter|regardless|whatever|at all costs|even if|even when|however)\b"
    r"|\bno matter (?:what|how)\b|\bat all costs\b",
    re.I,
)
STOP_SAYS_GO_ON = (
    "this stop text tells the learner not to stop ('{found}'): it is shown beside the stop keys while an exercise "
    "runs, for a learner who wants to come out of it",
    "say how to stop, and that they may at any moment (e.g. 'You can stop at any moment: straighten your legs, "
    "roll onto your side, or sit up.')",
)
#: Words of a check-in label that is worse the more there is of it.
_WORSE_WHEN_HIGH = re.compile(
    r"\b(?:distress|pain|tension|tense|anxi|fear|panic|stress|discomfort|dizz|nause|overwhelm|upset|agitat|hurt"
    r"|ach(?:e|ing)|sore|worr|dread|restless|shak|trembl|tremor|numb|exhaust|fatigue)",
    re.I,
)
LABEL_WORSE_LOW = (
    "this check-in's label '{label}' reads as worse the higher it is, but worse = \"low\": a high rating (very "
    "distressed, in much pain) would count as doing well, and no follow-up would come",
    'set worse = "high" (or, if a low rating is truly the worse one, name the check-in so: "Calm", "Ease")',
)
#: An exercise about tremor or shaking.
_TREMOR_WORDS = re.compile(r"\b(?:tremor|tremble|trembling|shake|shaking|shakes|shook|quiver|quivering)", re.I)
TREMOR_NOT_SAID = (
    "this exercise speaks of {found}, but is not marked tremor = true: it gets no safety gate before it and no "
    "dose limits",
    "add tremor = true, with safety = [...] and [steps.limits] (or, if it is not tremor work, leave tremor and "
    "shaking out of its title and body)",
)


def safety_word_warnings(course: Course) -> list[Problem]:
    """The warnings at ``course`` (loaded)'s safety wording that says the opposite of what it is for."""
    from unclench.folders import COURSE_INDEX

    found: list[tuple[Path | None, KeyPath, str, str]] = []
    index = course.root / COURSE_INDEX if course.root is not None else None
    stop = " ".join(course.guidance.stop.replace("\u2019", "'").split())
    if (said := _DO_NOT_STOP.search(stop)) is not None:
        message, fix = STOP_SAYS_GO_ON
        found.append((index, ("guidance", "stop"), message.format(found=_sentence(stop, said.start())), fix))
    for number, checkin in enumerate(course.checkins):
        if checkin.worse == "low" and _WORSE_WHEN_HIGH.search(checkin.label):
            message, fix = LABEL_WORSE_LOW
            found.append((index, ("checkins", number, "worse"), message.format(label=checkin.label), fix))
    for lesson in course.lessons.values():
        for number, step in enumerate(lesson.steps):
            if step.kind != "exercise" or step.tremor:
                continue
            words = _TREMOR_WORDS.search(step.title) or _TREMOR_WORDS.search(step.body)
            if words is not None:
                message, fix = TREMOR_NOT_SAID
                found.append((lesson.path, ("steps", number, "tremor"), message.format(found=repr(words.group())), fix))
    return [_warning(path, key, message, fix) for path, key, message, fix in found if path is not None]


def _sentence(text: str, at: int) -> str:
    """The sentence of ``text`` that ``at`` is in (at most 120 characters of it)."""
    start = max(text.rfind(end, 0, at) for end in ".!?;") + 1
    ends = [found for end in ".!?;" if (found := text.find(end, at)) >= 0]
    sentence = text[start : min(ends) + 1 if ends else len(text)].strip()
    return sentence if len(sentence) <= 120 else sentence[:119] + "…"


def _warning(path: Path, key: KeyPath, message: str, fix: str) -> Problem:
    from unclench.tomlpos import key_positions, nearest_position

    try:
        (line, col), _exact = nearest_position(key_positions(path.read_text(encoding="utf-8")), key)
    except (OSError, UnicodeError, ValueError, RecursionError):
        line, col = 1, 1
    return Problem(path, line, col, key_text(key), message, fix, "warning")
