"""Odd learner text in the real app: stored exactly, shown without crashing, exported exactly.

(Answers holding control characters are shown as symbols and kept read-only: see test_hostile_text_ui.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import TextArea

from unclench.cli import main
from unclench.course import Course
from unclench.journey import Place

from .conftest import FIXTURES, AppFactory
from .helpers import screen_text, settle, sync

PYDANTIC_ERROR = (
    "1 validation error for LessonModel\nsteps.0.quiz.choices\n"
    "  Input should be a valid list [type=list_type, input_value='x', input_type=str]"
)
ODD = [
    "emoji 🙂🫠👩🏽‍🦱 and a flag 🇳🇿",
    "right-to-left: שלום עולם and مرحبا بالعالم",
    "tabs\there and\tthere",
    "markup [bold]b[/] [0] [link=https://x.invalid]x[/link] [/]",
    PYDANTIC_ERROR,
]


@pytest.mark.parametrize(
    "answer", [*ODD, "long " + "x" * 100_000], ids=["emoji", "rtl", "tabs", "markup", "pydantic", "long"]
)
@sync
async def test_odd_answer_round_trips_through_the_app(
    answer: str,
    make_app: AppFactory,
    mini: Course,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    app = make_app(mini, data_dir=data)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", answer)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("intro", 1))
        await settle(pilot)
        editor = app.screen.query_one("#answer", TextArea)
        assert editor.text == answer
        screen_text(app)  # renders without an error
        # Typing more and moving on keeps every character.
        await pilot.press("e", "!")  # e starts writing at the end of the text
        expected = editor.text
        await pilot.press("ctrl+n")
        await settle(pilot)
    assert len(expected) == len(answer) + 1 and expected.count("!") == answer.count("!") + 1
    stored = app.store.answer(mini.id, "intro", "feel")
    assert stored is not None and stored.answer == expected

    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    capsys.readouterr()
    assert main(["export", "--course", str(FIXTURES / "mini"), "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [entry["answer"] for entry in exported["journal"]] == [expected]
