"""`unclench check` warns at safety wording that says the opposite of what it is for.

A stranger's ``stop = "Keep going no matter what. Do not stop."`` passed ``check``; so would a check-in for distress
that counts a low rating as the worse one, and a shaking exercise not marked as tremor work (no safety gate, no
dose limits).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _with_stop(course: Path, stop: str) -> None:
    index = course / "course" / "course.toml"
    index.write_text(index.read_text(encoding="utf-8") + f'\n[guidance]\nstop = "{stop}"\n', encoding="utf-8")


def _warnings(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["check", "--no-cache", "."]) == 0
    return [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]


@pytest.mark.parametrize(
    ("stop", "quoted"),
    [
        ("Keep going no matter what. Do not stop.", "Keep going no matter what."),
        ("Whatever you feel, don’t stop until the timer ends.", "Whatever you feel, don't stop until the timer ends."),
        ("Push through the discomfort.", "Push through the discomfort."),
        ("Carry on even if it hurts.", "Carry on even if it hurts."),
    ],
)
def test_a_stop_text_that_says_not_to_stop_is_warned_of(
    course: Path, capsys: pytest.CaptureFixture[str], stop: str, quoted: str
) -> None:
    _with_stop(course, stop)
    [warning] = _warnings(capsys)
    assert warning.startswith("course/course.toml:")
    assert f"guidance.stop: this stop text tells the learner not to stop ('{quoted}')" in warning
    assert "say how to stop, and that they may at any moment" in warning


@pytest.mark.parametrize(
    "stop",
    [
        "You can stop at any moment: straighten your legs, roll onto your side, or sit up.",
        "Do not push through pain: stop, and sit up slowly.",
        "Don't stop breathing; just sit up and rest. You never have to finish.",
        # A stranger's stop texts, each telling the learner they need not push on, were read as the opposite.
        "You don't have to push through anything. Straighten your legs to stop.",
        "You never have to push through anything.",
        "No need to push through.",
        "You do not need to push through pain.",
        "Nobody should push through pain.",
        "Stop rather than push through.",
        "No matter how it feels, you can stop at any moment.",
    ],
)
def test_a_stop_text_that_says_how_to_stop_is_fine(course: Path, capsys: pytest.CaptureFixture[str], stop: str) -> None:
    _with_stop(course, stop)
    assert _warnings(capsys) == []


def test_a_distress_check_in_whose_worse_end_is_low_is_warned_of(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _replace(course / "course" / "course.toml", 'label = "Tension"', 'label = "Distress"\nworse = "low"')
    [warning] = _warnings(capsys)
    assert warning.startswith("course/course.toml:36:1: warning: checkins[0].worse: this check-in's label 'Distress'")
    assert 'set worse = "high"' in warning


def test_a_calm_check_in_whose_worse_end_is_low_is_fine(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _warnings(capsys) == []  # the base course's "Calm", worse = "low"


@pytest.mark.parametrize(
    "label", ["Pain relief", "Freedom from tension", "Tension released", "Relief from anxiety", "Painless movement"]
)
def test_a_check_in_for_relief_whose_worse_end_is_low_is_fine(
    course: Path, capsys: pytest.CaptureFixture[str], label: str
) -> None:
    """More of it is better: low is the worse end, and the warning's fix (worse = "high") would turn it round."""
    _replace(course / "course" / "course.toml", 'label = "Tension"', f'label = "{label}"\nworse = "low"')
    assert _warnings(capsys) == []


@pytest.mark.parametrize("label", ["Sadness", "Tiredness", "Restlessness", "Feeling hopeless"])
def test_other_check_ins_worse_when_high_are_warned_of_too(
    course: Path, capsys: pytest.CaptureFixture[str], label: str
) -> None:
    _replace(course / "course" / "course.toml", 'label = "Tension"', f'label = "{label}"\nworse = "low"')
    [warning] = _warnings(capsys)
    assert f"this check-in's label '{label}' reads as worse the higher it is" in warning


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [
        ("tremor = true", "tremor = false", "shake"),
        ("tremor = true\n", "", "shake"),
        ('id = "gentle-tremor"', 'id = "gentle-tremor"\ntitle = "Trembling practice"', "Trembling"),
    ],
)
def test_a_shaking_exercise_not_marked_as_tremor_work_is_warned_of(
    course: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, word: str
) -> None:
    lesson = course / "lessons" / "first-practice.toml"
    if word == "Trembling":
        _replace(lesson, "tremor = true", "tremor = false")
    _replace(lesson, old, new)
    [warning] = _warnings(capsys)
    assert warning.startswith("lessons/first-practice.toml:")
    assert f"steps[1].tremor: this exercise speaks of '{word}', but is not marked tremor = true" in warning
    assert "no safety gate before it and no dose limits" in warning


@pytest.mark.parametrize(
    "body",
    [
        "This is not a tremor exercise, just slow breathing.",
        "Shake out your hands for a moment, then breathe slowly.",
    ],
)
def test_an_exercise_that_says_it_is_not_tremor_work_is_fine(
    course: Path, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    lesson = course / "lessons" / "first-practice.toml"
    text = lesson.read_text(encoding="utf-8")
    start = text.index('body = """', text.index("tremor = true"))
    end = text.index('"""', start + 10) + 3
    lesson.write_text(
        text[:start].replace("tremor = true", "tremor = false") + f'body = """{body}"""' + text[end:], encoding="utf-8"
    )
    assert _warnings(capsys) == []


def test_a_grounding_exercise_speaking_of_shaking_is_fine(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A grounding exercise cannot be tremor work (check refuses both): the warning's fix would be an error."""
    lesson = course / "lessons" / "first-practice.toml"
    _replace(lesson, "tremor = true", "grounding = true")
    assert "shake" in lesson.read_text(encoding="utf-8").lower()
    assert not [warning for warning in _warnings(capsys) if ".tremor:" in warning]


# Each pattern is searched only in a text holding one of its words (safetywords._search): a word left out of
# that list would let its texts through unwarned. Every alternative of each pattern is tried here, with letters
# the search folds as it does (a long s, a Kelvin sign).
@pytest.mark.parametrize(
    "sentence",
    [
        "Do not stop.",
        "You mustn't quit.",
        "Dont end it early.",
        "Never pause.",
        "You cannot leave now.",
        "We can't interrupt.",
        "You may not give up.",
        "You should not ever stop.",
        "Keep going no matter what.",
        "Keep shaking regardless.",
        "Go on whatever happens.",
        "Press on at all costs.",
        "Carry on even when it hurts.",
        "Keep practising however it feels.",
        "Push through it.",
        "Power on through.",
        "Work through the ache.",
        "No matter how it feels, lie down.",
        "ſtay here at all costs.",
        "DO NOT STOP.",
    ],
)
def test_every_way_of_saying_not_to_stop_is_found(sentence: str) -> None:
    from unclench.safetywords import _says_go_on

    assert _says_go_on(sentence)


@pytest.mark.parametrize(
    "label",
    [
        "Distress", "Pain", "Tension", "Tense", "Anxiety", "Fear", "Panic", "Stress", "Discomfort", "Dizziness",
        "Nausea", "Overwhelm", "Upset", "Agitation", "Hurting", "Ache", "Aching", "Soreness", "Worry", "Dread",
        "Restlessness", "Shakiness", "Trembling", "Tremor", "Numbness", "Exhaustion", "Fatigue", "Sadness",
        "Tiredness", "Depression", "Loneliness", "Hopelessness", "Helplessness", "Irritability", "Anger", "Guilt",
        "Shame", "Grief", "ſtreſs", "Sha\u212ainess",
    ],
)  # fmt: skip
def test_every_word_of_a_check_in_worse_when_high_is_found(label: str) -> None:
    from unclench.safetywords import _WORSE_WHEN_HIGH, _search

    assert _search(_WORSE_WHEN_HIGH, label) is not None
