"""What a start loads before its first screen (issue 18: start-up): not the views of steps it does not show,
nor a Markdown parser for a page of paragraphs, lists and emphasis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "engine"

PROBE = """
import asyncio, json, sys
from unclench.folders import bundled_course_root
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen

course = load_course(bundled_course_root())
kind = sys.argv[1]
lesson, step = next((l, s) for l in course.ordered_lessons() for s in l.steps if s.kind == kind)
store = ProgressStore.open()
store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
store.set_position(course.id, lesson.id, step.id)

async def main():
    app = UnclenchApp(course, store, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, PlayerScreen) and app.screen.view is not None:
                break
        return {"player": isinstance(app.screen, PlayerScreen), "kind": step.kind,
                "exercise_view": "unclench.tui.widgets.exercise_view" in sys.modules,
                "prompt_view": "unclench.tui.widgets.prompt_view" in sys.modules,
                "text_area": "textual.widgets._text_area" in sys.modules,
                "markdown": "markdown_it" in sys.modules}

print(json.dumps(asyncio.run(main())))
store.close()
"""


def reopen(tmp_path: Path, kind: str) -> dict[str, object]:
    """Reopen the bundled course at its first step of ``kind``; what the probe saw."""
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ENGINE)}
    done = subprocess.run([sys.executable, "-c", PROBE, kind], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["player"] is True
    assert result["kind"] == kind
    return result


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["page", "quiz"])
def test_a_learner_reopening_a_page_or_quiz_loads_neither_the_exercise_view_nor_the_editor(
    tmp_path: Path, kind: str
) -> None:
    result = reopen(tmp_path, kind)
    assert result["exercise_view"] is False
    assert result["prompt_view"] is False
    assert result["text_area"] is False
    # The course's first page has lists and emphasis: read without a Markdown parser (markdown_text.simple_blocks).
    assert result["markdown"] is False


@pytest.mark.slow
def test_a_learner_reopening_a_reflection_loads_its_editor_but_not_the_exercise_view(tmp_path: Path) -> None:
    result = reopen(tmp_path, "prompt")
    assert result["exercise_view"] is False
    assert result["prompt_view"] is True


FIRST_RUN = """
import asyncio, json, sys
from unclench.folders import bundled_course_root
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.disclaimer import DisclaimerScreen

course = load_course(bundled_course_root())
store = ProgressStore.open()

async def main():
    app = UnclenchApp(course, store, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, DisclaimerScreen):
                break
        await pilot.pause()
        shown = " ".join(str(app.screen.query_one("#disclaimer-body").render()).split())
        return {"disclaimer": isinstance(app.screen, DisclaimerScreen), "first": shown,
                "markdown": "markdown_it" in sys.modules}

print(json.dumps(asyncio.run(main())))
store.close()
"""


@pytest.mark.slow
def test_a_first_run_shows_a_plain_disclaimer_without_loading_a_markdown_parser(tmp_path: Path) -> None:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ENGINE)}
    done = subprocess.run([sys.executable, "-c", FIRST_RUN], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["disclaimer"] is True
    assert result["first"].startswith("Unclench is a self-help course")
    assert result["markdown"] is False
