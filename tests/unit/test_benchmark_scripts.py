"""The benchmark scripts run (on tiny inputs); nothing here is timed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import heavy_record  # noqa: E402
import terminal  # noqa: E402
from gen_course import generate  # noqa: E402


def test_plain_text_of_a_terminal_stream() -> None:
    stream = b"\x1b[?1049h\x1b[1;1H\x1b[1mHello\x1b[0m \x1b]0;title\x07from \x1b[38;2;1;2;3mhere\x1b(B"
    assert terminal.plain(stream) == "Hello from here"


@pytest.mark.slow
def test_a_bare_app_is_seen_on_a_real_terminal_and_quits_with_ctrl_q() -> None:
    run = terminal.run_until_shown(
        [sys.executable, str(REPO / "benchmarks" / "drivers" / "bare_app.py")],
        ["Hello from a bare Textual app."],
        {k: v for k, v in os.environ.items() if k != "BENCH_OUT"},
        size=(60, 20),
    )
    assert run.shown_ms is not None, run.screen_text[-500:]
    assert run.status == 0
    if sys.platform == "linux":  # the app's threads' CPU time when it was shown: some, and no more than it had
        assert run.cpu_ms is not None
        assert 0 < run.cpu_ms <= run.shown_ms * (os.cpu_count() or 1)


PROBED_LATER = """
import sys
sys.path.insert(0, sys.argv[1])
from _drawn import install

install(lambda app, screen: True)
assert "textual.app" not in sys.modules  # the probe itself does not import Textual
from textual.app import App  # the program's own import: the probe patches it now

App().run()
"""


def test_the_start_up_probe_patches_textual_when_the_program_imports_it(tmp_path: Path) -> None:
    out = tmp_path / "drawn.json"
    env = {**os.environ, "BENCH_OUT": str(out), "BENCH_T0": "0"}
    done = subprocess.run(
        [sys.executable, "-c", PROBED_LATER, str(REPO / "benchmarks" / "drivers")],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    result = json.loads(out.read_text())
    assert result["screen"] == "Screen" and result["drawn_s"] > 0 and result["cpu_s"] > 0
    assert result["peak_rss_mb"] > 0


@pytest.mark.parametrize("mode", ["update", "remount"])
def test_the_step_floor_turns_pages_and_times_each_press(tmp_path: Path, mode: str) -> None:
    out = tmp_path / "floor.json"
    floor = REPO / "benchmarks" / "drivers" / "step_floor.py"
    done = subprocess.run(
        [sys.executable, str(floor), str(out), "3", mode], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(json.loads(out.read_text())["settled_ms"]) == 3


def test_heavy_record_seeds_answers_check_ins_and_years(tmp_path: Path) -> None:
    course = tmp_path / "course"
    generate(course, 4)
    heavy_record.seed(tmp_path / "data", course, answers=30, checkins=40)
    with sqlite3.connect(tmp_path / "data" / "progress.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM journal").fetchone() == (30,)
        assert conn.execute("SELECT count(*) FROM checkin").fetchone() == (40,)
        first, last = conn.execute("SELECT min(at), max(at) FROM checkin").fetchone()
        lengths = [row[0] for row in conn.execute("SELECT length(answer) FROM journal")]
    conn.close()
    assert int(last[:4]) - int(first[:4]) >= 4  # about five years
    assert max(lengths) > 2000  # some long answers


@pytest.mark.slow
def test_instructions_are_counted_the_same_on_every_run() -> None:
    import shutil

    if shutil.which("valgrind") is None:
        pytest.skip("valgrind is not installed")
    import run

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    counts = [run.instructions([sys.executable, "-c", "pass"], env) for _ in range(2)]
    more = run.instructions([sys.executable, "-c", "import json, pathlib"], env)
    assert 0 < counts[0] < more
    assert abs(counts[0] - counts[1]) <= 1  # millions: a count, not a time


def test_a_run_of_sections_without_rows_prints_and_the_profile_shows_its_stages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`run.py --only profile` made no rows of the table, and the table's widths broke on none."""
    import run
    from readme_table import STAGES

    run.print_table([])
    medians = {
        start: {stage: 10.0 + number for number, stage in enumerate(STAGES)} for start in ("first", "map", "resume")
    }
    run.print_profile({"profile": {"medians": medians, "runs": {}}})
    run.print_profile({})  # the profile did not run: nothing to show
    out = capsys.readouterr().out
    assert "No rows" in out
    assert "| **launch to first frame** | 18 ms | 18 ms | 18 ms |" in out
    assert out.count("Where a start's time goes") == 1

    run.print_table([run.Row("startup", "A figure", 12.0, "ms", 10.0, "base", "<= 1.5x", True)])
    out = capsys.readouterr().out
    assert "[startup]" in out and "A figure" in out and "1.20x" in out and "yes" in out


def test_the_copy_of_the_bundled_course_is_a_course_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bundled course's id became reserved, and the suite's copy of it was refused: half the figures went."""
    import run

    from unclench import cli
    from unclench.folders import bundled_course_root

    run.copy_bundled_course(tmp_path / "copy")
    assert cli.main(["check", str(tmp_path / "copy")]) == 0, capsys.readouterr().err
    lessons = sorted(p.name for p in (tmp_path / "copy" / "lessons").glob("*.toml"))
    assert lessons == sorted(p.name for p in (bundled_course_root() / "lessons").glob("*.toml"))
