"""`unclench check` on a lesson's recommended order (``builds_on``): exact file, line, column and message."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_checker_cases import Expect, assert_reported, make_course, run_check

from unclench import loader


def check_here(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``unclench check .`` in ``root``: problems are named by paths relative to it."""
    monkeypatch.chdir(root)
    code, _, err = run_check(capsys, ".")
    return code, err


def with_lines(path: Path, after: str, *lines: str) -> None:
    """Insert ``lines`` into the file at ``path`` right after its line ``after``."""
    text = path.read_text(encoding="utf-8").splitlines()
    index = text.index(after) + 1
    path.write_text("\n".join([*text[:index], *lines, *text[index:]]) + "\n", encoding="utf-8")


def test_a_valid_recommended_order_loads(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    with_lines(
        root / "lessons" / "first-practice.toml",
        "minutes = 10",
        'builds_on = ["welcome", "body-basics"]',
        'builds_on_reason = "They explain the stress response first."',
    )
    course = loader.load_course(root)
    lesson = course.lessons["first-practice"]
    assert lesson.builds_on == ("welcome", "body-basics")
    assert lesson.builds_on_reason == "They explain the stress response first."
    assert course.lessons["welcome"].builds_on == () and course.lessons["welcome"].builds_on_reason == ""


def test_unknown_self_duplicate_and_old_ids_are_reported_at_their_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    # Line 4 of first-practice.toml; columns are those of each quoted id.
    with_lines(
        root / "lessons" / "first-practice.toml",
        "minutes = 10",
        'builds_on = ["welcom", "first-practice", "body-basics", "body-basics", "zzz-nothing"]',
    )
    code, err = check_here(root, capsys, monkeypatch)
    assert code == 1
    path = "lessons/first-practice.toml"
    assert_reported(
        err,
        [
            Expect(path, 4, 14, "builds_on[0]", "no lesson has id 'welcom'; did you mean 'welcome'?"),
            Expect(path, 4, 24, "builds_on[1]", "a lesson cannot build on itself; remove 'first-practice'"),
            Expect(path, 4, 57, "builds_on[3]", "'body-basics' is listed twice (first on line 4); remove one"),
            Expect(path, 4, 72, "builds_on[4]", "no lesson has id 'zzz-nothing'"),
        ],
        files=1,
    )
    assert "zzz-nothing'; did you mean" not in err


def test_an_old_id_names_the_lesson_that_has_it_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    with_lines(root / "lessons" / "welcome.toml", "minutes = 3", 'builds_on = ["old-practice"]')
    code, err = check_here(root, capsys, monkeypatch)
    assert code == 1
    assert_reported(
        err,
        [
            Expect(
                "lessons/welcome.toml",
                4,
                14,
                "builds_on[0]",
                "'old-practice' is an old id of lesson 'first-practice'; write 'first-practice'",
            )
        ],
        files=1,
    )


def test_a_circle_is_reported_at_every_entry_that_closes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    lessons = root / "lessons"
    with_lines(lessons / "welcome.toml", "minutes = 3", 'builds_on = ["first-practice"]')
    with_lines(lessons / "body-basics.toml", "minutes = 5", 'builds_on = ["welcome"]')
    with_lines(lessons / "first-practice.toml", "minutes = 10", 'builds_on = ["body-basics"]')
    code, err = check_here(root, capsys, monkeypatch)
    assert code == 1
    assert_reported(
        err,
        [
            Expect(
                "lessons/body-basics.toml",
                4,
                14,
                "builds_on[0]",
                "the recommended order goes in a circle: body-basics → welcome → first-practice → body-basics",
            ),
            Expect(
                "lessons/first-practice.toml",
                4,
                14,
                "builds_on[0]",
                "the recommended order goes in a circle: first-practice → body-basics → welcome → first-practice",
            ),
            Expect(
                "lessons/welcome.toml",
                4,
                14,
                "builds_on[0]",
                "the recommended order goes in a circle: welcome → first-practice → body-basics → welcome",
            ),
        ],
        files=3,
    )


def test_a_reason_without_lessons_and_wrong_types(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    with_lines(root / "lessons" / "welcome.toml", "minutes = 3", 'builds_on_reason = "Read the others first."')
    with_lines(root / "lessons" / "body-basics.toml", "minutes = 5", 'builds_on = "welcome"')
    code, err = check_here(root, capsys, monkeypatch)
    assert code == 1
    assert_reported(
        err,
        [
            Expect(
                "lessons/body-basics.toml",
                4,
                1,
                "builds_on",
                'expected an array, found a string; write a list in square brackets: builds_on = ["welcome"]',
            ),
            Expect(
                "lessons/welcome.toml",
                4,
                1,
                "builds_on_reason",
                "builds_on_reason is given, but builds_on lists no lessons",
            ),
        ],
        files=2,
    )


def test_a_lesson_file_alone_is_checked_for_its_own_order_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    path = root / "lessons" / "welcome.toml"
    with_lines(path, "minutes = 3", 'builds_on = ["welcome", "nowhere"]')
    code, _, err = run_check(capsys, str(path))
    assert code == 1
    # Alone, only the file's own rules: building on itself. Whether 'nowhere' exists needs the course.
    assert "builds_on[0]: a lesson cannot build on itself" in err
    assert "nowhere" not in err


def circles_reported_one_way_back_per_entry(lessons: dict[str, list[str]]) -> list[tuple[str, int, str]]:
    """The circles as the check reported them before it looked only between lessons leading to each other:
    a way back looked for from every entry (the reference the quicker check must agree with)."""
    reported = []
    for lesson_id, refs in lessons.items():
        for i, ref in enumerate(refs):
            if ref not in lessons or ref == lesson_id:
                continue
            came_from: dict[str, str | None] = {ref: None}
            queue = [ref]
            for here in queue:
                if here == lesson_id:
                    chain = [here]
                    while (before := came_from[chain[-1]]) is not None:
                        chain.append(before)
                    circle = " → ".join([lesson_id, *chain[::-1]])
                    reported.append((lesson_id, i, f"the recommended order goes in a circle: {circle}"))
                    break
                for nxt in lessons.get(here, []):
                    if nxt in lessons and nxt != here and nxt not in came_from:
                        came_from[nxt] = here
                        queue.append(nxt)
    return reported


@settings(max_examples=400, deadline=None)
@given(
    st.integers(1, 9).flatmap(
        lambda n: st.lists(
            st.lists(st.sampled_from([f"l{i}" for i in range(n + 1)]), max_size=3), min_size=n, max_size=n
        )
    )
)
def test_circles_are_those_a_way_back_from_every_entry_finds(refs: list[list[str]]) -> None:
    """Any order of a few lessons (unknown ids, a lesson building on itself, entries twice): the same circles."""
    lessons = {f"l{i}": lesson_refs for i, lesson_refs in enumerate(refs)}
    parsed = {}
    for lesson_id, lesson_refs in lessons.items():
        parsed[lesson_id] = loader.ParsedFile(Path(f"{lesson_id}.toml"))
        parsed[lesson_id].data = {"id": lesson_id, "builds_on": lesson_refs}
    loader._builds_on_circles(parsed)
    found = [
        (lesson_id, int(problem.key.split("[")[1].rstrip("]")), problem.message)
        for lesson_id, file in parsed.items()
        for problem in file.problems
    ]
    assert sorted(found) == sorted(circles_reported_one_way_back_per_entry(lessons))


def test_a_long_chain_is_no_circle_and_a_circle_at_its_end_is_found() -> None:
    parsed = {}
    for i in range(2000):
        parsed[f"l{i}"] = loader.ParsedFile(Path(f"l{i}.toml"))
        parsed[f"l{i}"].data = {"id": f"l{i}", "builds_on": [f"l{i - 1}"] if i else []}
    parsed["l1998"].data = {"id": "l1998", "builds_on": ["l1997", "l1999"]}
    loader._builds_on_circles(parsed)
    told = {lesson_id: [problem.message for problem in file.problems] for lesson_id, file in parsed.items()}
    assert told.pop("l1998") == ["the recommended order goes in a circle: l1998 → l1999 → l1998"]
    assert told.pop("l1999") == ["the recommended order goes in a circle: l1999 → l1998 → l1999"]
    assert not any(told.values())
