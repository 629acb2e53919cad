"""Quiz choice order (stable shuffling), the feedback rules, and `check`'s answer-position warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli
from unclench.course import Choice, QuizStep
from unclench.loader import load_course
from unclench.quiz import answer_position_warnings, display_order, feedback_for


def _quiz(correct: list[bool], *, multiple: bool = False, shuffle: bool = True, step_id: str = "q") -> QuizStep:
    choices = tuple(Choice(f"choice {i}", flag, f"why {i}") for i, flag in enumerate(correct))
    return QuizStep(step_id, "", "Which?", multiple, choices, shuffle)


# --- display order ----------------------------------------------------------------------------


def test_order_is_a_permutation_and_stable() -> None:
    quiz = _quiz([True, False, False, False])
    order = display_order("course", "lesson", quiz)
    assert sorted(order) == [0, 1, 2, 3]
    assert all(display_order("course", "lesson", quiz) == order for _ in range(5))


def test_order_depends_on_the_quiz_and_mostly_moves_the_first_choice() -> None:
    orders = {display_order("course", "lesson", _quiz([True, False, False], step_id=f"q{n}")) for n in range(40)}
    assert len(orders) > 1, "every quiz got the same order"
    firsts = [display_order("c", "l", _quiz([True, False, False], step_id=f"q{n}"))[0] for n in range(60)]
    # The authored first choice is shown first in roughly a third of quizzes, not all of them.
    assert 5 <= firsts.count(0) <= 40


def test_order_differs_between_courses_and_lessons() -> None:
    quiz = _quiz([True, False, False, False, False])
    orders = {display_order(course, lesson, quiz) for course in "abcd" for lesson in "xyz"}
    assert len(orders) > 1


def test_shuffle_false_keeps_the_authored_order() -> None:
    quiz = _quiz([False, False, False, True], shuffle=False)
    assert display_order("course", "lesson", quiz) == (0, 1, 2, 3)


# --- feedback rules -------------------------------------------------------------------------


def test_a_wrong_first_try_explains_only_the_chosen_choice() -> None:
    quiz = _quiz([False, True, False])
    shown = feedback_for(quiz, {0}, wrong_tries=1, order=(2, 0, 1))
    assert not shown.correct
    assert shown.explained == (0,)
    assert shown.revealed == ()


def test_the_second_wrong_try_explains_the_right_answer() -> None:
    quiz = _quiz([False, True, False])
    shown = feedback_for(quiz, {2}, wrong_tries=2, order=(2, 0, 1))
    assert shown.explained == (2,)
    assert shown.revealed == (1,)


def test_a_right_answer_explains_itself() -> None:
    quiz = _quiz([False, True, False])
    shown = feedback_for(quiz, {1}, wrong_tries=3, order=(0, 1, 2))
    assert shown.correct and shown.explained == (1,) and shown.revealed == ()


def test_multiple_answers_count_the_missing_without_naming_them() -> None:
    quiz = _quiz([True, True, False, True], multiple=True)
    shown = feedback_for(quiz, {0, 2}, wrong_tries=1, order=(3, 2, 1, 0))
    assert shown.explained == (2, 0), "feedback follows the order on screen"
    assert shown.not_yet_chosen == 2
    assert shown.revealed == ()
    again = feedback_for(quiz, {0, 2}, wrong_tries=2, order=(3, 2, 1, 0))
    assert again.revealed == (3, 1)


# --- check's warning ------------------------------------------------------------------------


COURSE = """\
format_version = 1
id = "positions"
title = "Positions"
disclaimer = "Not advice. Stop whenever you like."

[[modules]]
id = "all"
title = "All"
lessons = ["one"]
"""


def _write_course(root: Path, correct_positions: list[int]) -> Path:
    (root / "course").mkdir(parents=True)
    (root / "lessons").mkdir()
    (root / "course" / "course.toml").write_text(COURSE, encoding="utf-8")
    steps = []
    for n, position in enumerate(correct_positions):
        choices = []
        for i in range(3):
            flag = "\ncorrect = true" if i == position else ""
            choices.append(f'[[steps.choices]]\ntext = "Choice {i}"{flag}\nfeedback = "Because {i}."\n')
        steps.append(f'[[steps]]\nkind = "quiz"\nid = "q{n}"\nquestion = "Which {n}?"\n\n' + "\n".join(choices))
    lesson = 'id = "one"\ntitle = "One"\nminutes = 5\n\n' + "\n".join(steps)
    (root / "lessons" / "one.toml").write_text(lesson, encoding="utf-8")
    return root


def test_check_warns_when_most_answers_sit_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _write_course(tmp_path / "c", [0, 0, 0, 1, 0])
    code = cli.main(["check", "--no-cache", str(root)])
    captured = capsys.readouterr()
    assert code == 0, "a warning is not a problem"
    assert "course OK" in captured.out
    # One warning at each quiz that follows the habit, where its correct choice is written (a stranger was told
    # only "in 3 of 5 quizzes", at course.toml:1:1, and could not find them).
    lesson = root / "lessons" / "one.toml"
    lines = lesson.read_text(encoding="utf-8").splitlines()
    warned = [line for line in captured.err.splitlines() if "warning:" in line]
    for step, line in zip((0, 1, 2, 4), warned, strict=True):
        place, _, text = line.partition(": warning: ")
        path, number_text, _col = place.rsplit(":", 2)
        assert path == str(lesson)
        number = int(number_text)
        assert lines[number - 1] == "[[steps.choices]]" and lines[number + 1] == "correct = true"
        assert lines[: number - 1].count("[[steps]]") == step + 1, "the quiz's own correct choice"
        assert text == (
            f"steps[{step}].choices[0]: the correct choice is listed first, as in 4 of 5 single-answer quizzes of "
            "the course; learners who see the authored order (shuffle = false, a printed copy) can answer by "
            "position; move the correct choice to another position in this quiz or in some of the others warned "
            "about"
        )


def test_check_is_quiet_when_answers_are_spread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _write_course(tmp_path / "c", [0, 1, 2, 1, 0, 2])
    assert cli.main(["check", "--no-cache", str(root)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_multiple_answer_quizzes_with_wrong_choices_last_are_warned_about(tmp_path: Path) -> None:
    root = _write_course(tmp_path / "c", [0, 1, 2, 1])
    course = load_course(root)
    assert answer_position_warnings(course) == []
    lesson = course.lessons["one"]
    multiple = [_quiz([True, True, False], multiple=True, step_id=f"m{n}") for n in range(4)]
    crowded = type(lesson)(**{**lesson.__dict__, "steps": tuple(multiple)})
    warnings = answer_position_warnings(type(course)(**{**course.__dict__, "lessons": {"one": crowded}}))
    assert [(warning.path, warning.key, warning.severity) for warning in warnings] == [
        (lesson.path, f"steps[{n}].choices", "warning") for n in range(4)
    ]
    assert all("as in 4 of 4 multiple-answer quizzes" in warning.message for warning in warnings)
