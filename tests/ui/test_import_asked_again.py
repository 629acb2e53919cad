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
