"""A refused start names the process that holds the course (a stranger was shut out by one left without a window)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unclench.instance import IN_USE, CourseInUseError, CourseLock, lock_path

#: A process that holds the course's lock, as an open window does (prints "held" once it does).
LOCK_HOLDER = Path(__file__).resolve().parents[1] / "helpers" / "lock_holder.py"


def test_the_holder_writes_its_id_and_empties_the_file_when_it_lets_go(tmp_path: Path) -> None:
    with CourseLock(tmp_path, "mini"):
        assert lock_path(tmp_path, "mini").read_text() == f"{os.getpid()}\n"
    assert lock_path(tmp_path, "mini").read_text() == ""


@pytest.mark.slow
def test_a_refused_start_names_the_holder_and_how_to_end_it(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, str(LOCK_HOLDER), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(CourseInUseError) as refused, CourseLock(tmp_path, "mini"):
            pass
    finally:
        holder.kill()
        holder.wait()
    # Plain words first (a learner read "process 12170 ... kill 12170" first); the details after, for a stuck window.
    assert refused.value.message.startswith(IN_USE)
    assert "process" not in refused.value.message and "kill" not in refused.value.message
    assert f"If that window is stuck, or none is open, the Unclench holding the course is process {holder.pid}" in (
        refused.value.hint
    )
    assert f"(its lock file: {lock_path(tmp_path, 'mini')}): end it with `kill {holder.pid}`" in refused.value.hint
    assert lock_path(tmp_path, "mini").read_text() == f"{holder.pid}\n"  # the refused start changed nothing


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not a number\n",
        "12 34\n",
        "-1\n",
        "0x10\n",
        "99999999999999999999\n",
        "١٢٣\n",  # digits, but not ASCII ones
        "\x1b[2J1234\n",
    ],
)
def test_a_lock_file_with_no_running_holders_id_names_nobody(tmp_path: Path, content: str) -> None:
    """Whatever the file holds that is not the id of a running process is not shown (nor its characters)."""
    import fcntl

    path = lock_path(tmp_path, "mini")
    path.write_text(content, encoding="utf-8")
    with path.open("rb") as held:  # another holder of the lock, which wrote no id of its own
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(CourseInUseError) as refused, CourseLock(tmp_path, "mini"):
            pass
    assert refused.value.message.startswith(IN_USE)
    assert "is process" not in refused.value.hint and "kill" not in refused.value.hint
    assert "\x1b" not in refused.value.message + refused.value.hint
    assert "end that process" in refused.value.hint


def test_the_id_of_a_process_that_has_ended_names_nobody(tmp_path: Path) -> None:
    import fcntl

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    path = lock_path(tmp_path, "mini")
    path.write_text(ended.stdout)
    with path.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(CourseInUseError) as refused, CourseLock(tmp_path, "mini"):
            pass
    assert refused.value.message.startswith(IN_USE) and "is process" not in refused.value.hint
