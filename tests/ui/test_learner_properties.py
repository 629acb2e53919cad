"""A property of the real app: whatever a learner does, nothing typed is lost and resume is exact.

Hypothesis draws sequences of actions (write an answer, next, previous,
habitual single keys such as n, p, j, c, t and the arrows pressed outside the
editor, restart) and replays them on the real app with Pilot. After every
restart the learner must land where they quit (a finished lesson's summary
leads on to the next lesson, as Continue does); at the end, ``export`` must
hold exactly the last text written at each prompt on purpose (``e``, then
typing): habitual keys never reach the journal.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from unclench.cli import main
from unclench.course import Course, PromptStep
from unclench.journey import LessonState, Place
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.prompt_view import PromptView

from .conftest import FIXTURES, AppFactory
from .helpers import settle

#: Typed key by key, so kept to characters a terminal sends as single keys
#: (markup look-alikes included: they must be stored literally).
TYPED = st.text(alphabet="abcXYZ019 []/", min_size=1, max_size=12)
#: Keys pressed by habit outside the editor (plain n/p and the arrows move; the map's keys do nothing here).
HABIT_KEYS = st.sampled_from(["n", "p", "j", "c", "t", "left", "right", "home", "end"])
ACTIONS = st.lists(
    st.one_of(
        st.just(("next",)),
        st.just(("previous",)),
        st.just(("restart",)),
        st.tuples(st.just("type"), TYPED),
        st.tuples(st.just("key"), HABIT_KEYS),
    ),
    min_size=1,
    max_size=10,
)
#: The tremor exercise lives in the last lesson; the walk stays before it.
LAST_PLACE = Place("second", 2)


async def _replay(make_app: AppFactory, course: Course, data: Path, actions: list[tuple[str, ...]]) -> dict[str, str]:
    typed: dict[str, str] = {}
    app = make_app(course, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if not isinstance(app.screen, PlayerScreen):  # a first start opens on the map
            await pilot.press("c")
            await settle(pilot)
        for action in actions:
            player = app.screen
            assert isinstance(player, PlayerScreen)
            if action[0] == "restart":
                before = player.place
                journey = app.session.refresh()
                # A finished lesson's summary leads on to the next unfinished lesson (see Journey.continue_place).
                leads_on = journey.is_summary(before) and journey.lesson_state(before.lesson_id) is LessonState.DONE
                expected = journey.continue_place() if leads_on else before
                await pilot.press("ctrl+q")
                await settle(pilot)
                break
            if action[0] == "next" and player.place != LAST_PLACE:
                await pilot.press("ctrl+n")
            elif action[0] == "previous":
                await pilot.press("ctrl+p")
            elif action[0] == "key" and not (action[1] in ("n", "right") and player.place == LAST_PLACE):
                await pilot.press(action[1])
            elif action[0] == "type":
                step = app.session.journey.step_at(player.place)
                if isinstance(step, PromptStep):
                    await pilot.press("e")
                    await settle(pilot)
                    if player.query_one(PromptView).writing:
                        # Writing: select all, type over it, stop writing.
                        await pilot.press("f7", *action[1], "escape")
                        # Only white space added at the end of the text as it was is no change (an Enter
                        # pressed by habit); so a first answer of only spaces saves nothing.
                        if action[1].rstrip() != typed.get(step.id, "").rstrip():
                            typed[step.id] = action[1]
                    else:
                        # Letters just before it (habit keys in a row) made this "e" a word typed at the
                        # box: the learner is told nothing was typed, and what follows goes nowhere either.
                        await pilot.press(*action[1])
            await settle(pilot)
        else:
            return typed
    # Restarted: a new app on the same data lands exactly where the learner quit.
    rest = actions[actions.index(("restart",)) + 1 :]
    app = make_app(course, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen), "the app should reopen the lesson where the learner was"
        assert app.screen.place == expected
        if leads_on:
            assert expected is not None and expected.lesson_id != before.lesson_id
    return {**typed, **await _replay(make_app, course, data, rest)} if rest else typed


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
# Found by this test: a habit "j" on the reflection made the "e" straight after it count as words typed at the box.
@example(actions=[("previous",), ("next",), ("restart",), ("type", "0[b0Z"), ("key", "j"), ("type", "Y/0"), ("next",)])
# Found by this test: two habit letters in a row ("j", "t") make the "e" after them words typed at the box.
@example(actions=[("next",), ("restart",), ("restart",), ("key", "j"), ("key", "t"), ("type", "[]/"), ("type", " /[")])
@example(actions=[("next",), ("type", " ")])
def test_any_walk_keeps_what_was_typed_and_resumes_exactly(
    actions: list[tuple[str, ...]],
    make_app: AppFactory,
    mini: Course,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path_factory.mktemp("learner")
    typed = asyncio.run(_replay(make_app, mini, data, actions))

    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    capsys.readouterr()
    assert main(["export", "--course", str(FIXTURES / "mini"), "--format", "json"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    exported = {entry["step_id"]: entry["answer"] for entry in document["journal"]}
    assert exported == typed
