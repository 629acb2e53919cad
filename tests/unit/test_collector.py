"""The app's process readies Python's cycle collector once the course and record are open, and asks for frames
to be written promptly (nothing timed here)."""

from __future__ import annotations

import subprocess
import sys

from unclench.cli.run import FRAME_HANDOVER_SECONDS, YOUNG_OBJECTS


def test_settle_collector_freezes_what_exists_and_collects_in_larger_batches() -> None:
    # In a process of its own: freezing and the thresholds are global to a process.
    script = (
        "import gc; gc.disable()\n"
        "from unclench.cli.run import settle_collector\n"
        "settle_collector()\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 1000, *gc.get_threshold())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    enabled, frozen, young, middle, old = done.stdout.split()
    assert (enabled, frozen) == ("True", "True")
    assert (int(young), int(middle), int(old)) == (YOUNG_OBJECTS, 10, 10)  # the older generations as Python has them


def test_a_frame_waits_for_pythons_lock_a_millisecond_at_most() -> None:
    script = (
        "import sys\n"
        "default = sys.getswitchinterval()\n"
        "from unclench.cli.run import hand_frames_over_promptly\n"
        "hand_frames_over_promptly()\n"
        "print(default, sys.getswitchinterval())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    default, now = (float(value) for value in done.stdout.split())
    assert now == FRAME_HANDOVER_SECONDS < default


def test_collect_while_idle_collects_what_the_next_key_press_would() -> None:
    """Off (start-up): nothing. Young objects over half due: collected. The oldest generation due next: collected."""
    script = (
        "import gc; gc.disable()\n"
        "from unclench.cli.run import YOUNG_OBJECTS, settle_collector\n"
        "from unclench.tui.idle_collection import collect_while_idle\n"
        "kept = [[] for _ in range(YOUNG_OBJECTS * 3 // 4)]\n"
        "before = gc.get_count()[0]\n"
        "collect_while_idle()\n"
        "off = gc.get_count()[0] == before\n"
        "settle_collector()\n"
        "kept += [[] for _ in range(YOUNG_OBJECTS * 3 // 4)]\n"
        "collect_while_idle()\n"
        "young = gc.get_count()[0] < YOUNG_OBJECTS // 4\n"
        "oldest = gc.get_stats()[2]['collections']\n"
        "while gc.get_count()[2] < gc.get_threshold()[2] - 1:\n"
        "    gc.collect(1)\n"
        "collect_while_idle()\n"
        "print(off, young, gc.get_stats()[2]['collections'] == oldest + 1, gc.get_count()[2] == 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True", "True"]
