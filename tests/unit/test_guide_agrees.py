"""The authors' guide (lessons/README.md) says what the engine does where a stranger found it silent."""

from __future__ import annotations

from pathlib import Path

from unclench import validation
from unclench.course import PromptStep, lesson_from_data
from unclench.practice import HARD_AFTER_REACH
from unclench.tui.app import KIND_WORD_TITLE
from unclench.tui.widgets.step_base import KIND_NAMES, step_title

GUIDE = (Path(__file__).resolve().parents[2] / "lessons" / "README.md").read_text(encoding="utf-8")
#: The guide's paragraphs, each on one line (the guide wraps its text at 80 columns).
PARAGRAPHS = " ".join(GUIDE.split())


def test_the_guide_says_what_worse_does_without_alert_at() -> None:
    # A stranger's `worse = "low"` check-in without alert_at, rated a point lower after a run, brought up a box the
    # guide did not mention: the guide only said `worse` was "which end means struggling".
    assert f'a box titled "{KIND_WORD_TITLE}" comes up' in PARAGRAPHS
    assert f"within {HARD_AFTER_REACH} points of the `worse` end" in PARAGRAPHS
    assert f'({10 - HARD_AFTER_REACH} to 10 with `worse = "high"`, 0 to {HARD_AFTER_REACH}' in PARAGRAPHS


def test_an_empty_optional_text_counts_as_left_out_as_the_guide_says() -> None:
    # `hint = ""`, `summary = ""`, a step's `title = ""` and `builds_on_reason = ""` passed where the guide said
    # "not blank when given", while "   " was refused: "" is the key left out, and the guide says so.
    step = {"kind": "prompt", "id": "p", "question": "Why?", "hint": "", "title": ""}
    lesson = {"id": "a", "title": "A", "minutes": 1, "summary": "", "builds_on_reason": "", "steps": [step]}
    data = validation.accepted("lesson", lesson)
    assert data is not None
    built = lesson_from_data(data, None)
    prompt = built.steps[0]
    assert isinstance(prompt, PromptStep)
    assert (built.summary, built.builds_on_reason, prompt.hint) == ("", "", "")
    assert step_title(prompt) == KIND_NAMES["prompt"]  # no empty heading
    assert validation.accepted("lesson", {**lesson, "summary": "   "}) is None
    heading = f'a step with no title is headed by its kind, "{KIND_NAMES["page"]}" or "{KIND_NAMES["prompt"]}"'
    assert f'written as `""` counts as leaving the key out ({heading})' in PARAGRAPHS
