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
