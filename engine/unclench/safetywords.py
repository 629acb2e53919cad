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

from unclench.course import ExerciseStep
from unclench.problems import Problem, warning_at
from unclench.text import shortened

if TYPE_CHECKING:
    from pathlib import Path

    from unclench.course import Course
    from unclench.tomlpos import KeyPath

#: Telling the learner not to stop, or to keep going whatever happens. ``Do not stop breathing`` is not.
_DO_NOT_STOP = re.compile(
    r"\b(?:do not|don't|dont|never|must not|mustn't|should not|shouldn't|cannot|can't|may not)\s+"
    r"(?:ever\s+)?(?:stop|end|quit|pause|give up|interrupt|leave)\b(?!\s+breathing)"
    r"|\b(?:keep|carry|go|press|push) (?:going|on|shaking|practising|practicing)\b[^.!?;]*"
    r"\b(?:no matter|regardless|whatever|at all costs|even if|even when|however)\b",
    re.I,
)
#: Pushing on through it, said in a sentence that does not say not to ("Push through the discomfort").
_PUSH_THROUGH = re.compile(r"\b(?:push|power|work|press) (?:on )?through\b", re.I)
#: Whatever happens, said in a sentence that does not also say the learner may stop ("No matter what, keep still").
_REGARDLESS = re.compile(r"\bno matter (?:what|how)\b|\bat all costs\b", re.I)
#: A sentence that says not to, or that one need not ("You don't have to push through", "Stop rather than...").
_NEGATED = re.compile(r"\b(?:not|no|never|without|nobody|none|neither)\b|n't\b|\brather than\b|\binstead of\b", re.I)
#: A sentence that says the learner may stop or come out.
_MAY_STOP = re.compile(r"\b(?:stop|rest|pause|come out|sit up|lie still|end it)\b", re.I)
STOP_SAYS_GO_ON = (
    "this stop text tells the learner not to stop ('{found}'): it is shown beside the stop keys while an exercise "
    "runs, for a learner who wants to come out of it",
    "say how to stop, and that they may at any moment (e.g. 'You can stop at any moment: straighten your legs, "
    "roll onto your side, or sit up.')",
)
#: Words of a check-in label that is worse the more there is of it.
_WORSE_WHEN_HIGH = re.compile(
    r"\b(?:distress|pain|tension|tense|anxi|fear|panic|stress|discomfort|dizz|nause|overwhelm|upset|agitat|hurt"
    r"|ach(?:e|ing)|sore|worr|dread|restless|shak|trembl|tremor|numb|exhaust|fatigue|sad|tired|depress|lonel"
    r"|hopeless|helpless|irritab|angr|guilt|shame|grief)",
    re.I,
)
#: Words that turn such a label round: more of it is better ("Pain relief", "Freedom from tension", "Painless").
_EASED = re.compile(
    r"\b(?:relie\w*|free\w*|releas\w*|without|no|not|less|eas\w*|reduc\w*|lower\w*|calm\w*|comfort\w*"
    r"|manag\w*|cop\w*|control\w*|toleran\w*)\b|\w(?<!rest)(?<!hope)(?<!help)less\b",
    re.I,
)
LABEL_WORSE_LOW = (
    "this check-in's label '{label}' reads as worse the higher it is, but worse = \"low\": a high rating (very "
    "distressed, in much pain) would count as doing well, and no follow-up would come",
    'set worse = "high" (or, if a low rating is truly the worse one, name the check-in so: "Calm", "Ease")',
)
#: An exercise about tremor or shaking ("shake out your hands", a warm-up, is not).
_TREMOR_WORDS = re.compile(
    r"\b(?:tremor|tremble|trembling|shake|shaking|shakes|shook|quiver|quivering)\b(?!\s+(?:out|off)\b)", re.I
)
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
    going_on = next((sentence for sentence in _sentences(stop) if _says_go_on(sentence)), None)
    if going_on is not None:
        message, fix = STOP_SAYS_GO_ON
        found.append((index, ("guidance", "stop"), message.format(found=shortened(going_on, 120)), fix))
    for number, checkin in enumerate(course.checkins):
        label = checkin.label.replace("\u2019", "'")
        if checkin.worse == "low" and _WORSE_WHEN_HIGH.search(label) and not _EASED.search(label):
            message, fix = LABEL_WORSE_LOW
            found.append((index, ("checkins", number, "worse"), message.format(label=checkin.label), fix))
    for lesson in course.lessons.values():
        for number, step in enumerate(lesson.steps):
            # A grounding exercise cannot be tremor work (check refuses both): its words about shaking are not.
            if not isinstance(step, ExerciseStep) or step.tremor or step.grounding:
                continue
            words = next(
                (
                    match
                    for sentence in _sentences(" ".join(f"{step.title}. {step.body}".replace("\u2019", "'").split()))
                    if (match := _TREMOR_WORDS.search(sentence)) is not None and not _NEGATED.search(sentence)
                ),
                None,
            )
            if words is not None:
                message, fix = TREMOR_NOT_SAID
                found.append((lesson.path, ("steps", number, "tremor"), message.format(found=repr(words.group())), fix))
    return [warning_at(path, key, message, fix) for path, key, message, fix in found if path is not None]


def _says_go_on(sentence: str) -> bool:
    """Whether a sentence of a stop text tells the learner not to stop, or to go on whatever happens."""
    if _DO_NOT_STOP.search(sentence):
        return True
    if _PUSH_THROUGH.search(sentence) and not _NEGATED.search(sentence):
        return True
    return bool(_REGARDLESS.search(sentence)) and not _MAY_STOP.search(sentence)


def _sentences(text: str) -> list[str]:
    """The sentences of ``text`` (one line of words), each with its end mark."""
    return [sentence.strip() for sentence in re.findall(r"[^.!?;]*[.!?;]?", text) if sentence.strip()]
