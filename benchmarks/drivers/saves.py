"""Time single saves to the progress store: journal autosaves and step changes.

Usage: ``python saves.py DATA_DIR OUT.json COUNT``. Each save is one committed
SQLite transaction (WAL, ``synchronous=FULL``), timed from call to return.
The journal answer grows by a few characters per save, as when typing; the
step change moves the position through a lesson's steps and marks the step
left behind as done, as the lesson screen does.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from unclench.store import ProgressStore

COURSE = "bench-course"
LESSON = "lesson-0001"
WORDS = ["the", "body", "holds", "tension", "it", "no", "longer", "needs", "and", "slowly", "learns", "to", "let", "go"]

if __name__ == "__main__":
    data_dir, out, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = ProgressStore.open(data_dir)
    answer_ms: list[float] = []
    step_ms: list[float] = []
    text = ""
    for i in range(count + 20):  # the first 20 warm up the connection and the file
        text += WORDS[i % len(WORDS)] + " "
        if len(text) > 2000:
            text = ""
        t = time.perf_counter()
        store.save_answer(COURSE, LESSON, "prompt-3", "What do you notice?", text)
        elapsed = (time.perf_counter() - t) * 1000
        if i >= 20:
            answer_ms.append(elapsed)
    for i in range(count + 20):
        step, previous = f"step-{i % 10 + 1}", f"step-{(i - 1) % 10 + 1}"
        t = time.perf_counter()
        store.set_position(COURSE, LESSON, step)
        store.mark_step_done(COURSE, LESSON, previous)
        elapsed = (time.perf_counter() - t) * 1000
        if i >= 20:
            step_ms.append(elapsed)
    store.close()
    out.write_text(json.dumps({"answer_ms": answer_ms, "step_ms": step_ms}))
