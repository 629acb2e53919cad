"""The practice history and the Practice list's exercises (unclench.records): met or not, runs, renames."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from unclench.course import Course
from unclench.journey import Journey, Progress
from unclench.loader import load_course
from unclench.practice import duration_text
from unclench.records import (
    PracticeEntry,
    history_lines,
    practice_history,
    practice_items,
    total_text,
)
from unclench.store.rows import CheckinRecord, RunRecord

MINI = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini() -> Course:
    return load_course(MINI)


def run(session_id: str, at: str, seconds: int = 120, outcome: str = "finished", lesson: str = "shake") -> RunRecord:
    return RunRecord("mini", lesson, "tremor", session_id, at, at, seconds, outcome, False, True)


def rating(session_id: str, phase: str, value: int, measure: str = "distress", lesson: str = "shake") -> CheckinRecord:
    return CheckinRecord("mini", lesson, "tremor", measure, phase, value, session_id, "2026-11-01T10:00:00Z")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "time not recorded"),
        (0, "0 s"),
        (45, "45 s"),
        (60, "1 min"),
        (90, "1 min 30 s"),
        (900, "15 min"),
        # What no run can hold (a database changed outside Unclench): never a figure.
        (-50, "(damaged value)"),
        (int(1e300), "(damaged value)"),
        (10_000_001, "(damaged value)"),
    ],
)
def test_duration_text(seconds: int | None, text: str) -> None:
    assert duration_text(seconds) == text


def test_the_practice_list_shows_a_damaged_time_or_rating_as_damaged_and_leaves_it_out_of_the_total() -> None:
    """A run of 1e300 seconds read as a 300-digit number of minutes in the Practice list, and a rating of 99 as 99."""
    entries = (
        PracticeEntry("a", "yesterday", int(1e300), "finished", {"distress": 99}, {"distress": 3}),
        PracticeEntry("b", "2026-11-01T10:00:00Z", -50, "finished", {"distress": 5}, {"distress": -1}),
        PracticeEntry("c", "2026-11-01T11:00:00Z", 300, "finished"),
    )
    lines = history_lines(entries, [("distress", "Distress")], 3)
    assert lines[0] == "yesterday (damaged value) · (damaged value) · full time · Distress (damaged value) → 3"
    assert lines[1].endswith(" · (damaged value) · full time · Distress 5 → (damaged value)")
    assert total_text(entries) == "Practised 3 times, 5 min in all (2 runs' times are damaged: not counted)."
    assert total_text(entries[1:]) == "Practised 2 times, 5 min in all (one run's time is damaged: not counted)."


def test_history_groups_ratings_by_run_newest_first(mini: Course) -> None:
    runs = [run("a", "2026-11-01T10:00:00Z", 120), run("b", "2026-11-02T10:00:00Z", 40, "ended")]
    checkins = [rating("a", "before", 6), rating("a", "after", 3), rating("b", "before", 5), rating("b", "before", 7)]
    history = practice_history(mini, runs, checkins)
    entries = history[("shake", "tremor")]
    assert [e.session_id for e in entries] == ["b", "a"]
    assert entries[0].stopped_early and not entries[1].stopped_early
    assert dict(entries[0].before) == {"distress": 7}  # the later rating of a phase counts
    assert entries[1].changes([("tension", "Tension"), ("distress", "Distress")]) == ["Distress 6 → 3"]
    assert entries[0].changes([("distress", "Distress")]) == ["Distress 7 → –"]


def test_history_follows_renames_and_drops_removed_lessons(mini: Course) -> None:
    lesson = dataclasses.replace(mini.lessons["shake"], previous_ids=("old-shake",))
    renamed = dataclasses.replace(mini, lessons={**mini.lessons, "shake": lesson})
    runs = [run("a", "2026-11-01T10:00:00Z", lesson="old-shake"), run("gone", "2026-11-01T11:00:00Z", lesson="nope")]
    history = practice_history(renamed, runs, [])
    assert list(history) == [("shake", "tremor")]
    assert [e.session_id for e in history[("shake", "tremor")]] == ["a"]


def test_ratings_without_a_run_are_not_practice(mini: Course) -> None:
    """A rating before that kept a practice from starting is stored under no run: nothing was practised."""
    assert practice_history(mini, [], [rating("refused", "before", 9)]) == {}
    history = practice_history(mini, [run("a", "2026-11-01T10:00:00Z")], [rating("refused", "before", 9)])
    assert [entry.session_id for entry in history[("shake", "tremor")]] == ["a"]
    assert "time not recorded" in history_lines((PracticeEntry("x", "2026-11-01T10:00:00Z", None, None),), [], 3)[0]


def test_history_lines_show_the_latest_and_count_the_rest() -> None:
    entries = tuple(
        PracticeEntry(str(i), f"2026-11-0{i}T10:00:00Z", 60 * i, "finished", {"distress": i}, {"distress": 0})
        for i in range(5, 0, -1)
    )
    lines = history_lines(entries, [("distress", "Distress")], 2)
    assert len(lines) == 3 and lines[-1] == "… and 3 earlier runs"
    assert lines[0].endswith("5 min · full time · Distress 5 → 0")
    assert total_text(entries) == "Practised 5 times, 15 min in all."
    assert total_text(entries[:1]) == "Practised once, 5 min in all."
    assert total_text(()) == "Not practised yet."


def met(
    mini: Course, progress: Progress, history: dict[tuple[str, str], list[PracticeEntry]] | None = None
) -> dict[str, bool]:
    return {item.step.id: item.met for item in practice_items(Journey(mini, progress), history or {})}


def test_an_exercise_is_met_once_reached_in_its_lesson(mini: Course) -> None:
    assert met(mini, Progress()) == {"tremor": False, "breathe": False}
    assert met(mini, Progress(position=("shake", "before"))) == {"tremor": False, "breathe": False}
    assert met(mini, Progress(position=("shake", "tremor"))) == {"tremor": True, "breathe": False}
    # The place last reached in the lesson counts, even when the learner went elsewhere since.
    assert met(mini, Progress(position=("intro", "hello"), lesson_positions={"shake": "breathe"})) == {
        "tremor": True,
        "breathe": True,
    }
    assert met(mini, Progress(lesson_positions={"shake": "~summary"})) == {"tremor": True, "breathe": True}
    assert met(mini, Progress(completed_steps={"shake": frozenset({"breathe"})})) == {"tremor": True, "breathe": True}
    assert met(mini, Progress(completed_lessons=frozenset({"shake"}))) == {"tremor": True, "breathe": True}
    practised = {("shake", "breathe"): [PracticeEntry("x", "2026-11-01T10:00:00Z", 60, "finished")]}
    assert met(mini, Progress(), practised) == {"tremor": False, "breathe": True}


def test_a_hard_run_is_marked_in_its_line(mini: Course) -> None:
    hard = RunRecord("mini", "shake", "tremor", "h", "2026-11-01T10:00:00Z", None, 6, "ended", True, True)
    history = practice_history(mini, [hard, run("a", "2026-11-01T09:00:00Z")], [])
    lines = history_lines(tuple(history[("shake", "tremor")]), [], 3)
    assert lines[0].endswith(" · 6 s · stopped early · a hard run")
    assert "hard" not in lines[1]
