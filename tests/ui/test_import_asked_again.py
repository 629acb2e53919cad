"""After an import, the app shows the disclaimer again, saying why (the file's reading of it does not count)."""

from __future__ import annotations

import json

from unclench.course import Course
from unclench.export import parse_document
from unclench.store import ProgressStore
from unclench.tui.screens.disclaimer import DisclaimerScreen

from .conftest import AppFactory
from .helpers import screen_text, settle, sync


@sync
async def test_a_disclaimer_read_only_in_an_imported_file_is_shown_again(make_app: AppFactory, mini: Course) -> None:
    """A stranger's "starter backup" held the disclaimer's hash: the app opened on the map, no disclaimer."""
    app = make_app(mini, acknowledged=False)
    stamp = "2026-03-01T09:00:00Z"
    starter = {
        "schema": "unclench.export/1",
        "course": {"id": mini.id, "title": "T"},
        "position": None,
        "lesson_positions": [],
        "lessons_done": [],
        "steps_done": [],
        "journal": [],
        "quiz_attempts": [],
        "checkins": [],
        "acknowledgements": [
            {
                "kind": "disclaimer",
                "subject_id": "course",
                "text_hash": ProgressStore.text_hash(mini.disclaimer),
                "at": stamp,
            }
        ],
    }
    app.store.restore(parse_document(json.dumps(starter)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, DisclaimerScreen)
        shown = " ".join(screen_text(app).replace("┃", " ").split())
        assert DisclaimerScreen.NOTICE_IMPORTED in shown
        assert DisclaimerScreen.NOTICE_CHANGED not in shown


@sync
async def test_safety_notes_acknowledged_only_in_an_imported_file_are_shown_before_the_practice(
    make_app: AppFactory, mini: Course
) -> None:
    """A file's reading of an exercise's safety notes counts for nothing here: they are shown, and read, first.

    The notes are shown before every start whatever the record says, so an imported acknowledgement is history
    only (README: "What import accepts"); a stranger asked whether a starter backup could skip them.
    """
    from unclench.journey import Place
    from unclench.practice import safety_gate
    from unclench.tui.screens.dialogs import SafetyGateScreen
    from unclench.tui.screens.player import PlayerScreen

    from .helpers import click, open_at

    tremor = mini.lessons["shake"].steps[1]
    gate = safety_gate(mini, "shake", tremor)
    assert gate is not None
    app = make_app(mini, acknowledged=False)
    starter = {
        "schema": "unclench.export/1",
        "course": {"id": mini.id, "title": "T"},
        "position": None,
        "lesson_positions": [],
        "lessons_done": [],
        "steps_done": [],
        "journal": [],
        "quiz_attempts": [],
        "checkins": [],
        "acknowledgements": [
            {
                "kind": gate.ack_kind,
                "subject_id": gate.subject_id,
                "text_hash": ProgressStore.text_hash(gate.text),
                "at": "2026-03-01T09:00:00Z",
            }
        ],
    }
    app.store.restore(parse_document(json.dumps(starter)))
    app.store.acknowledge(mini.id, "disclaimer", "course", mini.disclaimer)  # read here
    assert app.store.is_acknowledged(mini.id, gate.ack_kind, gate.subject_id, gate.text)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("shake", 1), settles=2)
        assert isinstance(app.screen, SafetyGateScreen)  # shown on arrival, the file's reading notwithstanding
        await pilot.press("escape")  # not now
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        await click(pilot, "#start")
        await settle(pilot, 2)
        assert isinstance(app.screen, SafetyGateScreen)  # nor does it start without them
        assert app.store.runs(mini.id) == []
