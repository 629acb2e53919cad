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

# Each pattern is searched (case-insensitively) only in a text holding one of the words every match of it holds
# (:func:`_search`): compiling them all costs check a few milliseconds, and most courses' texts hold none.

#: Telling the learner not to stop, or to keep going whatever happens. ``Do not stop breathing`` is not.
_DO_NOT_STOP = (
    r"\b(?:do not|don't|dont|never|must not|mustn't|should not|shouldn't|cannot|can't|may not)\s+"
    r"(?:ever\s+)?(?:stop|end|quit|pause|give up|interrupt|leave)\b(?!\s+breathing)"
    r"|\b(?:keep|carry|go|press|push) (?:going|on|shaking|practising|practicing)\b[^.!?;]*"
    r"\b(?:no matter|regardless|whatever|at all costs|even if|even when|however)\b",
    ("not", "n't", "dont", "never", "no matter", "regardless", "whatever", "at all costs", "even ", "however"),
)
#: Pushing on through it, said in a sentence that does not say not to ("Push through the discomfort").
_PUSH_THROUGH = (r"\b(?:push|power|work|press) (?:on )?through\b", ("through",))
#: Whatever happens, said in a sentence that does not also say the learner may stop ("No matter what, keep still").
_REGARDLESS = (r"\bno matter (?:what|how)\b|\bat all costs\b", ("no matter", "at all costs"))
#: A sentence that says not to, or that one need not ("You don't have to push through", "Stop rather than...").
_NEGATED = (
    r"\b(?:not|no|never|without|nobody|none|neither)\b|n't\b|\brather than\b|\binstead of\b",
    ("no", "never", "without", "neither", "n't", "rather than", "instead of"),
)
#: A sentence that says the learner may stop or come out.
_MAY_STOP = (
    r"\b(?:stop|rest|pause|come out|sit up|lie still|end it)\b",
    ("stop", "rest", "pause", "come out", "sit up", "lie still", "end it"),
)
STOP_SAYS_GO_ON = (
    "this stop text tells the learner not to stop ('{found}'): it is shown beside the stop keys while an exercise "
    "runs, for a learner who wants to come out of it",
    "say how to stop, and that they may at any moment (e.g. 'You can stop at any moment: straighten your legs, "
    "roll onto your side, or sit up.')",
)
#: Words of a check-in label that is worse the more there is of it.
_WORSE_STEMS = (
    "distress", "pain", "tension", "tense", "anxi", "fear", "panic", "stress", "discomfort", "dizz", "nause",
    "overwhelm", "upset", "agitat", "hurt", "ach", "sore", "worr", "dread", "restless", "shak", "trembl", "tremor",
    "numb", "exhaust", "fatigue", "sad", "tired", "depress", "lonel", "hopeless", "helpless", "irritab", "anger",
    "angr", "guilt", "shame", "grief",
)  # fmt: skip
_WORSE_WHEN_HIGH = (
    r"\b(?:" + "|".join("ach(?:e|ing)" if stem == "ach" else stem for stem in _WORSE_STEMS) + ")",
    _WORSE_STEMS,
)
#: Words that turn such a label round: more of it is better ("Pain relief", "Freedom from tension", "Painless").
_EASED = (
    r"\b(?:relie\w*|free\w*|releas\w*|without|no|not|less|eas\w*|reduc\w*|lower\w*|calm\w*|comfort\w*"
    r"|manag\w*|cop\w*|control\w*|toleran\w*)\b|\w(?<!rest)(?<!hope)(?<!help)less\b",
    (
        "relie", "free", "releas", "without", "no", "less", "eas", "reduc", "lower", "calm", "comfort", "manag",
        "cop", "control", "toleran",
    ),
)  # fmt: skip
LABEL_WORSE_LOW = (
    "this check-in's label '{label}' reads as worse the higher it is, but worse = \"low\": a high rating (very "
    "distressed, in much pain) would count as doing well, and no follow-up would come",
    'set worse = "high" (or, if a low rating is truly the worse one, name the check-in so: "Calm", "Ease")',
)
#: An exercise about tremor or shaking ("shake out your hands", a warm-up, is not).
_TREMOR_WORDS = (
    r"\b(?:tremor|tremble|trembling|shake|shaking|shakes|shook|quiver|quivering)\b(?!\s+(?:out|off)\b)",
    ("trem", "shak", "shook", "quiver"),
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
        if checkin.worse == "low" and _search(_WORSE_WHEN_HIGH, label) and not _search(_EASED, label):
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
                    if (match := _search(_TREMOR_WORDS, sentence)) is not None and not _search(_NEGATED, sentence)
                ),
                None,
            )
            if words is not None:
                message, fix = TREMOR_NOT_SAID
                found.append((lesson.path, ("steps", number, "tremor"), message.format(found=repr(words.group())), fix))
    return [warning_at(path, key, message, fix) for path, key, message, fix in found if path is not None]


def _says_go_on(sentence: str) -> bool:
    """Whether a sentence of a stop text tells the learner not to stop, or to go on whatever happens."""
    if _search(_DO_NOT_STOP, sentence):
        return True
    if _search(_PUSH_THROUGH, sentence) and not _search(_NEGATED, sentence):
        return True
    return bool(_search(_REGARDLESS, sentence)) and not _search(_MAY_STOP, sentence)


def _search(pattern: tuple[str, tuple[str, ...]], text: str) -> re.Match[str] | None:
    """The first match in ``text`` of a pattern of this module, case-insensitive; looked for only when ``text``
    holds one of the pattern's words (casefolded, as the search folds them), which every match holds."""
    source, words = pattern
    folded = text.casefold()
    if not any(word in folded for word in words):
        return None
    return re.search(source, text, re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    """The sentences of ``text`` (one line of words), each with its end mark."""
    return [sentence.strip() for sentence in re.findall(r"[^.!?;]*[.!?;]?", text) if sentence.strip()]
