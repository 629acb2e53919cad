"""Unclench's benchmark suite: every figure next to a baseline measured in the same run.

Run it from the repository root with the project's virtual environment::

    .venv/bin/python benchmarks/run.py            # the full suite (a few minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # fewer runs, for a smoke test (under a minute)

It prints a table (figure, value, baseline, ratio, target, met) and writes the
same data to ``benchmarks/results/latest.json``. See ``benchmarks/README.md``
for what each figure measures and how.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
DRIVERS = HERE / "drivers"
sys.path.insert(0, str(HERE))

from gen_course import generate  # noqa: E402
from heavy_record import seed as seed_heavy_record  # noqa: E402
from terminal import run_until_shown  # noqa: E402

if TYPE_CHECKING:
    from unclench.course import Lesson

PY = sys.executable
_BIN = Path(PY).parent / "unclench"
UNCLENCH = [str(_BIN)] if _BIN.exists() else [PY, "-m", "unclench"]
SECTIONS = (
    "startup",
    "terminal",
    "profile",
    "commands",
    "instructions",
    "check",
    "tui",
    "record",
    "steps",
    "saves",
    "typing",
)
#: How each command's row is labelled in the table.
COMMAND_NOTES = {
    "check": " (bundled course, unchanged since it passed: from the course cache)",
    "check --no-cache": " (bundled course, every file validated)",
    "check --no-cache, nothing cached": " (bundled course, first run: validators compiled from the models)",
    "check, a lesson edited": " (bundled course, one lesson changed since it passed: that file read again)",
    "schema": "",
}

EDITED_NOTE = (
    "one lesson file changed since the course was cached: it is read and validated, the other lessons come "
    "from the cache, and every rule across files is checked"
)
COLD_NOTE = "no cached course (deleted): every file is parsed and validated, as on a first start"
#: Figures of what happens once (after installing or upgrading), reported without a target.
ONCE_ONLY = {
    "check --no-cache, nothing cached": "once per install or upgrade: the compiled validators are then cached",
}


def prime_course_cache(load: Callable[[], object], data_dir: Path) -> None:
    """Run ``load`` until the course is in the cache of ``data_dir`` (files changed under 2 s ago are not cached)."""
    for _ in range(3):
        load()
        if any((data_dir / "cache").glob("course-*.json")):
            return
        time.sleep(2.1)
    raise RuntimeError(f"the course cache in {data_dir} was never written")


def forget_courses(data_dir: Path) -> None:
    """Delete the cached copies of courses, as an edit to a course would make them stale.

    The compiled validators stay: they depend on the engine, not on the course.
    """
    for path in (data_dir / "cache").glob("course-*.json"):
        path.unlink()


# -- running children -----------------------------------------------------------------------


@dataclass
class Child:
    """One finished child process."""

    wall_s: float
    status: int
    stdout: str
    stderr: str


def spawn(cmd: Sequence[str], env: dict[str, str] | None = None, timeout: float = 120, t0_env: bool = False) -> Child:
    """Run ``cmd``; its wall time is from just before launch until it has exited.

    With ``t0_env``, ``$BENCH_T0`` is set to the wall clock just before launch.
    (Peak memory is reported by the children themselves: see ``drivers/_peak.py``.)
    """
    env = dict(os.environ if env is None else env)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        if t0_env:
            env["BENCH_T0"] = repr(time.time())
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        # A blocking wait: ``wait(timeout)`` polls with growing sleeps (up to 50 ms),
        # which would round every figure up to the next poll.
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            status = proc.wait()
        finally:
            killer.cancel()
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Child(wall, status, out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def instructions(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Millions of instructions ``cmd`` runs (valgrind's cachegrind, no cache simulation), output discarded."""
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *cmd],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        check=False,
        timeout=600,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind {cmd} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return round(int(found.group(1).replace(",", "")) / 1e6)


def child_env(data_dir: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPROFILE", "PYTHONTRACEMALLOC", "TEXTUAL"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if data_dir is not None:
        env["UNCLENCH_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def alternate(variants: dict[str, Callable[[], Any]], runs: int, warmup: int = 1) -> dict[str, list[Any]]:
    """Run the variants alternately (ABAB..., order swapped every round), after untimed warm-ups."""
    for _ in range(warmup):
        for run in variants.values():
            run()
    results: dict[str, list[Any]] = {name: [] for name in variants}
    names = list(variants)
    for round_ in range(runs):
        for name in names if round_ % 2 == 0 else reversed(names):
            results[name].append(variants[name]())
    return results


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p99(values: Sequence[float]) -> float:
    """The 99th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


# -- the table ----------------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    figure: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:g} {unit}".strip()


def ratio_row(
    section: str,
    figure: str,
    value: float | None,
    baseline: float | None,
    baseline_label: str,
    limit: float,
    unit: str = "ms",
    note: str = "",
    absolute: float | None = None,
) -> Row:
    """A row whose target is ``value / baseline <= limit`` (and ``value <= absolute``, when given)."""
    row = Row(section, figure, value, unit, baseline, baseline_label, f"<= {limit:g}x", note=note)
    if row.ratio is not None:
        row.met = row.ratio <= limit
        if absolute is not None and value is not None:
            row.target += f", < {fmt(absolute, unit)}"
            row.met = row.met and value < absolute
    return row


def print_table(rows: list[Row]) -> None:
    if not rows:  # e.g. `--only profile`, whose figures are a table of their own (print_profile)
        print("No rows: the sections run have no figures for this table.")
        return
    headers = ["Figure", "Value", "Baseline", "Ratio", "Target", "Met"]
    table = []
    for row in rows:
        baseline = ""
        if row.baseline is not None:
            baseline = (
                f"{fmt(row.baseline, row.unit)} ({row.baseline_label})"
                if row.baseline_label
                else fmt(row.baseline, row.unit)
            )
        elif row.baseline_label:
            baseline = row.baseline_label
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        met = "" if row.met is None else ("yes" if row.met else "NO")
        value = fmt(row.value, row.unit) if row.unit != "text" else str(row.extra.get("text", ""))
        table.append([row.figure, value, baseline, ratio, row.target, met])
    widths = [max(len(headers[i]), *(len(line[i]) for line in table)) for i in range(len(headers))]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-" * len(line))
    section = None
    for row, cells in zip(rows, table, strict=True):
        if row.section != section:
            section = row.section
            print(f"[{section}]")
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    notes = [row for row in rows if row.note]
    if notes:
        print()
        for row in notes:
            print(f"* {row.figure}: {row.note}")


def print_profile(raw: dict[str, Any]) -> None:
    """The start-up profile's stages (the `profile` section), as benchmarks/README.md shows them, if it ran."""
    if "profile" not in raw:
        return
    from readme_table import profile_table

    print("\nWhere a start's time goes (median per start; drivers/start_profile.py):")
    print(profile_table({"raw": raw}), end="")


# -- fixtures -----------------------------------------------------------------------------------


def resumed_step(lessons: Sequence[Lesson], done_fraction: float, kind: str | None = None) -> tuple[Lesson, int]:
    """The lesson a seeded learner is in (after the first ``done_fraction`` done) and the index of their step.

    Their step is the middle one of that lesson (in the bundled course a reflection), or with
    ``kind`` the lesson's first step of that kind (a page: the common case of a learner reading).
    """
    current = lessons[min(max(1, int(len(lessons) * done_fraction)), len(lessons) - 1)]
    if kind is None:
        return current, len(current.steps) // 2
    return current, next(index for index, step in enumerate(current.steps) if step.kind == kind)


def seed_progress(
    data_dir: Path, course_dir: Path | None, done_fraction: float, position: bool = True, on: str | None = None
) -> str:
    """Give a data folder realistic existing progress in a course; returns the course id.

    The disclaimer is acknowledged; the first ``done_fraction`` of the lessons are
    done (every step, prompts answered, quizzes right) and half the steps of the
    next one. With ``position``, the learner's position is stored too (in the
    middle of that next lesson, or at its first step of the kind ``on``), so the
    app takes them straight back there; without it the app stays on the course map.
    """
    from unclench.folders import bundled_course_root
    from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
    from unclench.loader import load_course
    from unclench.store import ProgressStore

    course = load_course(course_dir or bundled_course_root())
    lessons = course.ordered_lessons()
    done = max(1, int(len(lessons) * done_fraction))
    current, resumed = resumed_step(lessons, done_fraction, on)
    with ProgressStore.open(data_dir) as store:
        store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        for lesson in lessons[:done]:
            for step in lesson.steps:
                if step.kind == "prompt":
                    store.save_answer(course.id, lesson.id, step.id, step.question, "I notice my shoulders. " * 8)
                elif step.kind == "quiz":
                    right = [i for i, choice in enumerate(step.choices) if choice.correct]
                    texts = [step.choices[i].text for i in right]
                    store.record_quiz_attempt(course.id, lesson.id, step.id, step.question, right, texts, True)
                store.mark_step_done(course.id, lesson.id, step.id)
            if position:
                store.set_position(course.id, lesson.id, lesson.steps[-1].id)
            store.mark_lesson_done(course.id, lesson.id)
        for step in current.steps[: len(current.steps) // 2]:
            store.mark_step_done(course.id, current.id, step.id)
        if position:
            store.set_position(course.id, current.id, current.steps[resumed].id)
    return course.id


def copy_bundled_course(target: Path) -> None:
    """A copy of the bundled course in ``target``, under an id of its own, that ``check`` passes.

    The bundled course's id is reserved for it: a copy keeping it would be refused (its record is
    the learner's record in the bundled course), so the copy gets an id of its own.
    """
    import unclench
    from unclench.folders import bundled_course_root

    bundled = bundled_course_root()
    for part in ("course", "lessons"):
        shutil.copytree(bundled / part, target / part, ignore=shutil.ignore_patterns("*.md"))
    index = target / "course" / "course.toml"
    text, renamed = re.subn(r'(?m)^id = "([^"]+)"$', r'id = "\1-copy"', index.read_text(encoding="utf-8"), count=1)
    assert renamed == 1, f"no id line in {index}"
    index.write_text(text, encoding="utf-8")
    # The schemas where the files' `#:schema` lines point, as in the repository: without them every
    # check of the copy would warn about each file (and spend its time wording 23 warnings).
    schemas = target / "engine" / "unclench" / "schemas"
    schemas.mkdir(parents=True)
    for schema in (Path(unclench.__file__).parent / "schemas").glob("*.schema.json"):
        shutil.copy(schema, schemas)


def tui_available() -> bool:
    import unclench

    return (Path(unclench.__path__[0]) / "tui" / "app.py").exists()


# -- sections -----------------------------------------------------------------------------------


class Suite:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.quick: bool = args.quick
        self.runs = 3 if self.quick else 10
        self.work = work
        self.rows: list[Row] = []
        self.raw: dict[str, Any] = {}
        self.big = work / "big-course"
        self.bundled_data = work / "data-bundled"
        self.resume_data = work / "data-resume"
        self.resume_page_data = work / "data-resume-page"
        self.big_data = work / "data-big"
        # Copies whose lessons the "edited" runs change (the originals stay as they are).
        self.bundled_copy = work / "bundled-copy"
        self.bundled_copy_data = work / "data-bundled-copy"
        self.big_copy = work / "big-course-copy"
        self.big_copy_data = work / "data-big-copy"
        self.startup: dict[str, float] = {}
        #: The CPU time each start had used at its first frame (ms), by the label of the run, warm-ups included.
        self.startup_cpu: dict[str, list[float]] = {}
        self.fresh_runs = 0
        self.heavy_data = work / "data-heavy"
        self.heavy_answers = 200 if args.tiny else 10_000
        self.heavy_checkins = 1000 if args.tiny else 50_000

    def log(self, message: str) -> None:
        print(f"... {message}", file=sys.stderr, flush=True)

    def prepare(self) -> None:
        self.log("generating the 1,000-lesson course and seeding progress")
        generate(self.big, 1000)
        seed_progress(self.bundled_data, None, 0.3, position=False)
        seed_progress(self.resume_data, None, 0.3, position=True)
        seed_progress(self.resume_page_data, None, 0.3, position=True, on="page")
        seed_progress(self.big_data, self.big, 0.1, position=False)
        copy_bundled_course(self.bundled_copy)
        shutil.copytree(self.big, self.big_copy)
        seed_progress(self.bundled_copy_data, self.bundled_copy, 0.3, position=False)
        seed_progress(self.big_copy_data, self.big_copy, 0.1, position=False)

    # 1, 4 and 6 --------------------------------------------------------------------------------

    def _startup_child(
        self,
        cmd: list[str],
        data_dir: Path,
        label: str,
        screen: str = "CourseMapScreen",
        cold: bool = False,
        edit: Path | None = None,
    ) -> tuple[float, float]:
        """One start-up run: ms from launch to the first frame of ``screen``, and peak RSS in MB.

        ``cold`` forgets the cached course first; ``edit`` is a lesson file changed just before.
        """
        if cold:
            forget_courses(data_dir)
        if edit is not None:
            with edit.open("a", encoding="utf-8") as file:
                file.write("# edited by the benchmark\n")
        out = self.work / "startup.json"
        out.unlink(missing_ok=True)
        env = child_env(data_dir, BENCH_OUT=str(out), BENCH_SCREEN=screen)
        child = spawn(cmd, env, timeout=60, t0_env=True)
        result = json.loads(out.read_text()) if out.exists() else {}
        if child.status != 0 or "drawn_s" not in result:
            raise RuntimeError(f"{label} start-up run failed ({child.status}):\n{child.stderr[-3000:]}")
        self.startup_cpu.setdefault(label, []).append(result["cpu_s"] * 1000)
        return result["drawn_s"] * 1000, result["peak_rss_mb"]

    def section_startup(self) -> None:
        if not tui_available():
            self.rows.append(Row("1 start-up", "Start-up to course map (bundled)", None, "ms", note="no TUI yet"))
            return
        self.log(f"start-up: Unclench vs bare Textual app, {self.runs} alternated runs each")
        bare = [PY, str(DRIVERS / "bare_app.py")]
        unclench = [PY, str(DRIVERS / "unclench_app.py")]
        big = [*unclench, "--course", str(self.big)]
        copy = [*unclench, "--course", str(self.bundled_copy)]
        big_copy = [*unclench, "--course", str(self.big_copy)]
        self._prime(copy, self.bundled_copy_data)
        self._prime(big_copy, self.big_copy_data)
        edited = self.bundled_copy / "lessons" / "welcome.toml"
        edited_big = sorted((self.big_copy / "lessons").glob("*.toml"))[0]
        runs = alternate(
            {
                "bare": lambda: self._startup_child(bare, self.bundled_data, "bare app"),
                "map": lambda: self._startup_child(unclench, self.bundled_data, "Unclench"),
                "map_edited": lambda: self._startup_child(copy, self.bundled_copy_data, "Unclench", edit=edited),
                "map_cold": lambda: self._startup_child(unclench, self.bundled_data, "Unclench", cold=True),
                "resume": lambda: self._startup_child(unclench, self.resume_data, "Unclench", screen="PlayerScreen"),
                "resume_page": lambda: self._startup_child(
                    unclench, self.resume_page_data, "Unclench", screen="PlayerScreen"
                ),
                "first": lambda: self._startup_child(
                    unclench, self.fresh_data_dir(), "Unclench (first run)", screen="DisclaimerScreen"
                ),
            },
            self.runs,
        )
        self.raw["startup"] = runs
        ms = {name: median([r[0] for r in values]) for name, values in runs.items()}
        mb = {name: median([r[1] for r in values]) for name, values in runs.items()}
        self.startup = ms
        section = "1 start-up"
        self.rows += [
            ratio_row(section, "Start-up to course map, bundled course", ms["map"], ms["bare"], "bare app", 1.3),
            ratio_row(
                section,
                "  same, first start after a lesson was edited",
                ms["map_edited"],
                ms["bare"],
                "bare app",
                1.3,
                note=EDITED_NOTE,
            ),
            ratio_row(
                section,
                "  same, with no cached course",
                ms["map_cold"],
                ms["bare"],
                "bare app",
                1.3,
                note=COLD_NOTE,
            ),
            ratio_row(
                section,
                "Start-up, returning learner, to their step",
                ms["resume"],
                ms["bare"],
                "bare app",
                1.3,
                note=(
                    "the app reopens the lesson player at the stored step (a reflection not yet answered:"
                    " its empty answer box; the editor comes when writing starts);"
                    " the course map is composed beneath it"
                ),
            ),
            ratio_row(
                section,
                "  same, their step a page",
                ms["resume_page"],
                ms["bare"],
                "bare app",
                1.3,
                note="the same lesson's page (words, emphasis), the common case of a learner reading",
            ),
            ratio_row(
                section,
                "Start-up, first run (empty data folder), to the disclaimer",
                ms["first"],
                ms["bare"],
                "bare app",
                1.5,
            ),
            ratio_row("6 memory", "Peak RSS, TUI on bundled course", mb["map"], mb["bare"], "bare app", 1.3, unit="MB"),
        ]
        big_runs = max(3, self.runs // 2)
        self.log(f"start-up: 1,000-lesson course vs bundled course, {big_runs} alternated runs each")
        runs_big = alternate(
            {
                "bundled": lambda: self._startup_child(unclench, self.bundled_data, "Unclench"),
                "big": lambda: self._startup_child(big, self.big_data, "Unclench (1,000 lessons)"),
                "big_edited": lambda: self._startup_child(
                    big_copy, self.big_copy_data, "Unclench (1,000 lessons)", edit=edited_big
                ),
                "big_cold": lambda: self._startup_child(big, self.big_data, "Unclench (1,000 lessons)", cold=True),
            },
            big_runs,
        )
        self.raw["startup_big"] = runs_big
        ms_big = {name: median([r[0] for r in values]) for name, values in runs_big.items()}
        mb_big = {name: median([r[1] for r in values]) for name, values in runs_big.items()}
        self.startup.update(big=ms_big["big"], big_cold=ms_big["big_cold"])
        section = "4 large course"
        self.rows += [
            ratio_row(
                section, "Start-up to course map, 1,000 lessons", ms_big["big"], ms_big["bundled"], "bundled", 2.0
            ),
            ratio_row(
                section,
                "  same, first start after a lesson was edited",
                ms_big["big_edited"],
                ms_big["bundled"],
                "bundled",
                2.0,
                note=EDITED_NOTE,
            ),
            ratio_row(
                section,
                "  same, with no cached course",
                ms_big["big_cold"],
                ms_big["bundled"],
                "bundled",
                2.0,
                note=COLD_NOTE,
            ),
        ]
        row = Row("6 memory", "Peak RSS, TUI on 1,000-lesson course", mb_big["big"], "MB", target="<= 150 MB")
        row.met = mb_big["big"] <= 150
        cold_row = Row("6 memory", "  same, with no cached course", mb_big["big_cold"], "MB", target="<= 150 MB")
        cold_row.met = mb_big["big_cold"] <= 150
        self.rows += [row, cold_row]

    def fresh_data_dir(self) -> Path:
        """A new, empty data folder (a first run)."""
        self.fresh_runs += 1
        path = self.work / f"data-first-{self.fresh_runs}"
        shutil.rmtree(self.work / f"data-first-{self.fresh_runs - 1}", ignore_errors=True)
        return path

    def heavy_copy(self, name: str) -> Path:
        """A fresh copy of the heavy record's data folder (runs that move the learner must not share one)."""
        if not self.heavy_data.exists():
            self.log(
                f"seeding the heavy record: {self.heavy_answers:,} answers, {self.heavy_checkins:,} check-ins, 5 years"
            )
            seed_heavy_record(self.heavy_data, self.big, self.heavy_answers, self.heavy_checkins)
            # The course cache, as any start but the very first would find it.
            prime_course_cache(
                lambda: spawn([*UNCLENCH, "status", "--course", str(self.big)], child_env(self.heavy_data)),
                self.heavy_data,
            )
        copy = self.work / f"data-heavy-{name}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(self.heavy_data, copy)
        return copy

    def section_record(self) -> None:
        """A heavy learner's record on the 1,000-lesson course: start-up, journal, search, trends, status, export."""
        if not tui_available():
            return
        runs = max(3, self.runs // 2)
        heavy = self.heavy_copy("record")
        section = "7 heavy record"
        self.log(f"heavy record: start-up vs a light record, {runs} alternated runs each")
        big = [PY, str(DRIVERS / "unclench_app.py"), "--course", str(self.big)]
        startup = alternate(
            {
                "light": lambda: self._startup_child(big, self.big_data, "Unclench (1,000 lessons, light record)"),
                "heavy": lambda: self._startup_child(big, heavy, "Unclench (1,000 lessons, heavy record)"),
            },
            runs,
        )
        self.raw["record_startup"] = startup
        light_ms, heavy_ms = (median([r[0] for r in startup[k]]) for k in ("light", "heavy"))
        # CPU time at the first frame, without the warm-up run: what a busy machine inflates far less.
        light_cpu, heavy_cpu = (
            median(self.startup_cpu[label][1:])
            for label in ("Unclench (1,000 lessons, light record)", "Unclench (1,000 lessons, heavy record)")
        )
        self.rows.append(
            ratio_row(
                section,
                "Start-up to course map, 1,000 lessons, heavy record",
                heavy_ms,
                light_ms,
                "10% done, no journal",
                1.1,
                note=(
                    f"heavy record: {self.heavy_answers:,} journal answers (1 in 20 about 4,000 characters), "
                    f"{self.heavy_checkins:,} check-ins, over 5 years (benchmarks/heavy_record.py)"
                ),
            )
        )
        self.rows.append(
            Row(
                section,
                "  same start, CPU time at the first frame",
                heavy_cpu,
                "ms",
                light_cpu,
                "10% done, no journal",
                target="(reported)",
            )
        )
        self.log("heavy record: journal first frame, search keystrokes, trends vs a light record (Pilot, 100x40)")
        screens: dict[str, dict[str, list[Any]]] = {
            record: {"journal_ms": [], "search_ms": [], "trends_ms": []} for record in ("heavy", "light")
        }
        light = self.work / "data-light-screens"
        if not light.exists():
            shutil.copytree(self.big_data, light)
        for _ in range(runs):
            for record, data in (("heavy", heavy), ("light", light)):  # alternated: a busy machine slows both
                out = self.work / "record-screens.json"
                out.unlink(missing_ok=True)
                cmd = [PY, str(DRIVERS / "record_screens.py"), str(out), "tension", "--course", str(self.big)]
                child = spawn(cmd, child_env(data), timeout=600)
                if child.status != 0:
                    raise RuntimeError(f"record screens run failed:\n{child.stderr[-3000:]}")
                result = json.loads(out.read_text())
                for key, values in screens[record].items():
                    values += result[key] if isinstance(result[key], list) else [result[key]]
        self.raw["record_screens"] = screens
        for key, label, limit in (
            ("journal_ms", "Journal screen, key to first frame, median", 300),
            ("search_ms", "Journal search, key to next frame, p99", 50),
            ("trends_ms", "Trends screen, key to first frame, median", 300),
        ):
            pick = p99 if "p99" in label else median
            value = pick(screens["heavy"][key])
            # Beside it, the same screen on the light record, in the same run: on a loaded machine the
            # ratio says more than the milliseconds (the target stays the issue's, in milliseconds).
            baseline = pick(screens["light"][key]) if screens["light"][key] else None
            row = Row(
                section,
                f"{label}, heavy record",
                value,
                "ms",
                baseline,
                "light record, same run" if baseline is not None else "",
                target=f"<= {limit} ms",
            )
            row.met = value <= limit
            self.rows.append(row)
        self.log(f"heavy record: status and export, {runs} alternated runs each")
        env = child_env(heavy)
        course = ["--course", str(self.big)]
        commands = alternate(
            {
                "pydantic": lambda: spawn([PY, "-c", "import pydantic"], env).wall_s * 1000,
                "status": lambda: self._command([*UNCLENCH, "status", *course], env),
                "export": lambda: self._command([*UNCLENCH, "export", *course], env),
                "export json": lambda: self._command([*UNCLENCH, "export", "--format", "json", *course], env),
            },
            runs,
        )
        self.raw["record_commands"] = commands
        base = median(commands["pydantic"])
        limits: dict[str, float | None] = {"status": None, "export": 1000.0, "export json": 1000.0}
        for name, most in limits.items():
            value = median(commands[name])
            row = Row(section, f"`unclench {name}`, heavy record, wall time", value, "ms", base, "import pydantic")
            if most is None:
                row.target = "(reported)"
            else:
                row.target, row.met = f"<= {most / 1000:g} s", value <= most
            self.rows.append(row)

    def _command(self, cmd: list[str], env: dict[str, str]) -> float:
        child = spawn(cmd, env)
        if child.status != 0:
            raise RuntimeError(f"{cmd} failed ({child.status}):\n{child.stderr[-3000:]}")
        return child.wall_s * 1000

    def section_steps(self) -> None:
        """Step changes end to end on the 1,000-lesson course with the heavy record."""
        if not tui_available():
            return
        presses = 40 if self.quick else 150
        self.log(f"step changes: {presses} x ctrl+n in the lesson player, 1,000 lessons, heavy record (Pilot)")
        results = {}
        # The floor (a bare Textual app turning pages, no Unclench code) between the runs it is compared with.
        runs: tuple[tuple[str, Path | None], ...] = (
            ("floor-update", None),
            ("heavy", self.heavy_copy("steps")),
            ("floor-remount", None),
            ("bundled", None),
        )
        for name, data in runs:
            out = self.work / f"steps-{name}.json"
            if name.startswith("floor-"):
                mode = name.removeprefix("floor-")
                child = spawn([PY, str(DRIVERS / "step_floor.py"), str(out), str(presses), mode], child_env(), 600)
                if child.status != 0:
                    raise RuntimeError(f"floor run ({mode}) failed:\n{child.stderr[-3000:]}")
                results[name] = json.loads(out.read_text())
                continue
            cmd = [PY, str(DRIVERS / "step_changes.py"), str(out), str(presses)]
            if data is not None:
                cmd += ["--course", str(self.big)]
            else:
                data = self.work / "data-steps-bundled"
                shutil.rmtree(data, ignore_errors=True)
                shutil.copytree(self.bundled_data, data)
            child = spawn(cmd, child_env(data), timeout=600)
            if child.status != 0:
                raise RuntimeError(f"step change run failed:\n{child.stderr[-3000:]}")
            results[name] = json.loads(out.read_text())
        self.raw["steps"] = results
        heavy, bundled = results["heavy"], results["bundled"]
        if not heavy["settled_ms"] or not bundled["settled_ms"]:
            raise RuntimeError(f"no step change was timed: {results}")
        section = "5 saving"
        row = Row(
            section,
            "Step change incl. screen update, 1,000 lessons, heavy record, p99",
            p99(heavy["settled_ms"]),
            "ms",
            p99(bundled["settled_ms"]),
            "bundled, light record",
            target="<= 16 ms",
            note=(
                f"ctrl+n pressed {presses} times in the lesson player: key to the first frame showing the new step "
                f"(median {median(heavy['settled_ms']):.1f} ms; first frame after the key: median "
                f"{median(heavy['first_frame_ms']):.1f} ms)"
            ),
        )
        row.met = row.value is not None and row.value <= 16
        self.rows.append(row)
        if heavy.get("record_ms"):
            self.rows.append(
                Row(
                    section,
                    "  of which the learner's record (writes, reading progress back), p99",
                    p99(heavy["record_ms"]),
                    "ms",
                    p99(bundled["record_ms"]),
                    "bundled, light record",
                    target="(reported)",
                )
            )
        floor, remounted = results["floor-update"]["settled_ms"], results["floor-remount"]["settled_ms"]
        if floor and remounted:
            floor_label = "bare Textual app, text updated in place"
            for name, measure in (("median", median), ("p99", p99)):
                self.rows.append(
                    Row(
                        section,
                        f"  same, {name}, against a bare Textual app turning a page in place",
                        measure(heavy["settled_ms"]),
                        "ms",
                        measure(floor),
                        floor_label,
                        target="(reported)",
                        note="the floor: one frame with new text on this machine (drivers/step_floor.py update)",
                    )
                )
            if heavy.get("cpu_ms") and results["floor-update"].get("cpu_ms"):
                self.rows.append(
                    Row(
                        section,
                        "  same, CPU time, median, against a bare Textual app turning a page in place",
                        median(heavy["cpu_ms"]),
                        "ms",
                        median(results["floor-update"]["cpu_ms"]),
                        floor_label,
                        target="(reported)",
                        note="the process's CPU time over the same span: less swayed by other programs on the machine",
                    )
                )
            self.rows.append(
                Row(
                    section,
                    "  a bare Textual app turning a page by mounting new widgets, p99",
                    p99(remounted),
                    "ms",
                    p99(floor),
                    floor_label,
                    target="(reported)",
                    note=f"median {median(remounted):.1f} ms against {median(floor):.1f} ms (drivers/step_floor.py)",
                )
            )

    def section_profile(self) -> None:
        """Where a start's time goes: each stage timed inside real starts (drivers/start_profile.py)."""
        if not tui_available():
            return
        runs = max(3, self.runs // 2)
        self.log(f"start-up profile: first run, map, mid-lesson, {runs} alternated runs each")
        driver = [PY, str(DRIVERS / "start_profile.py")]
        out = self.work / "profile.json"

        def run(data: Path | None, screen: str) -> dict[str, float]:
            out.unlink(missing_ok=True)
            env = child_env(
                data if data is not None else self.fresh_data_dir(), BENCH_OUT=str(out), BENCH_SCREEN=screen
            )
            child = spawn(driver, env, timeout=60, t0_env=True)
            result: dict[str, float] = json.loads(out.read_text()) if out.exists() else {}
            if child.status != 0 or "drawn_ms" not in result:
                raise RuntimeError(f"profile run failed ({child.status}):\n{child.stderr[-3000:]}")
            return result

        results = alternate(
            {
                "first": lambda: run(None, "DisclaimerScreen"),
                "map": lambda: run(self.bundled_data, "CourseMapScreen"),
                "resume": lambda: run(self.resume_data, "PlayerScreen"),
            },
            runs,
        )
        stages = ("python_ms", "import_ms", "css_parse_ms", "css_apply_ms", "compose_ms", "layout_ms", "render_ms")
        # Beside the stages (parts of them, or overlapping them): see drivers/start_profile.py.
        BESIDE = ("markdown_ms", "unclench_import_ms", "course_ms", "store_ms", "markdown_import_ms")
        profile = {
            name: {stage: median([r.get(stage, 0.0) for r in values]) for stage in (*stages, *BESIDE, "drawn_ms")}
            for name, values in results.items()
        }
        self.raw["profile"] = {"medians": profile, "runs": results}

    def section_terminal(self) -> None:
        """Start-up as a learner meets it: a real (pseudo-)terminal, until the expected text is on screen."""
        if not tui_available():
            return
        from unclench.folders import bundled_course_root
        from unclench.loader import load_course
        from unclench.tui.widgets.step_base import step_title

        runs = 3 if self.quick else 7
        self.log(f"real terminal (100x30 pty): Unclench vs bare Textual app, {runs} alternated runs each, ctrl+q ends")
        course = load_course(bundled_course_root())
        lessons = course.ordered_lessons()
        current, middle = resumed_step(lessons, 0.3)
        _, page = resumed_step(lessons, 0.3, "page")
        disclaimer_words = " ".join(course.disclaimer.split()[:4])
        expected = {
            "bare": ["Hello from a bare Textual app."],
            "first": [disclaimer_words, "I have read and understood this"],
            "map": [f"{course.title}", "j Journal"],
            "resume": [f"Step {middle + 1} of {len(current.steps)}", step_title(current.steps[middle]), "esc Map"],
            "resume_page": [f"Step {page + 1} of {len(current.steps)}", step_title(current.steps[page]), "esc Map"],
        }
        commands = {
            "bare": ([PY, str(DRIVERS / "bare_app.py")], None),
            "first": ([*UNCLENCH], None),
            "map": ([*UNCLENCH], self.bundled_data),
            "resume": ([*UNCLENCH], self.resume_data),
            "resume_page": ([*UNCLENCH], self.resume_page_data),
        }

        cpu: dict[str, list[float]] = {name: [] for name in commands}

        def run(name: str) -> float:
            cmd, data = commands[name]
            env = child_env(data if data is not None else self.fresh_data_dir())
            result = run_until_shown(cmd, expected[name], env, size=(100, 30))
            missing = [text for text in expected[name] if text not in result.screen_text]
            if result.shown_ms is None or missing or result.status != 0:
                raise RuntimeError(
                    f"terminal run {name!r}: {missing or 'exit ' + str(result.status)} not on screen:\n"
                    f"{result.screen_text[-3000:]}"
                )
            if result.cpu_ms is not None:
                cpu[name].append(result.cpu_ms)
            return result.shown_ms

        results = alternate({name: lambda name=name: run(name) for name in commands}, runs)  # type: ignore[misc]
        # The warm-up runs' CPU times are in ``cpu`` too: drop them (the first of each).
        cpu = {name: values[1:] for name, values in cpu.items()}
        self.raw["terminal"] = {"expected": expected, "runs": results, "cpu_ms": cpu}
        ms = {name: median(values) for name, values in results.items()}
        section = "1b real terminal"
        headless = {"first": "first", "map": "map", "resume": "resume", "resume_page": "resume_page"}
        for name, label, limit in (
            ("first", "first run (empty data folder), to the disclaimer", 1.5),
            ("map", "returning learner, to the course map", 1.2),
            ("resume", "returning learner mid-lesson, to their step", 1.3),
            ("resume_page", "returning learner mid-lesson, their step a page", 1.3),
        ):
            self.rows.append(
                ratio_row(section, f"Real terminal start-up, {label}", ms[name], ms["bare"], "bare app", limit)
            )
            if cpu[name] and cpu["bare"]:
                # What the start cost in CPU time until its text was on screen: a busy machine slows the wall
                # time of one run more than another's, and its CPU time far less (benchmarks/README.md).
                self.rows.append(
                    Row(
                        section,
                        "  same start, CPU time of the app's threads until shown",
                        median(cpu[name]),
                        "ms",
                        median(cpu["bare"]),
                        "bare app",
                        target="(reported)",
                    )
                )
            key = headless[name]
            if key in self.startup and "bare" in self.startup:
                self.rows.append(
                    Row(
                        section,
                        "  same start, headless probe (section 1)",
                        self.startup[key],
                        "ms",
                        self.startup["bare"],
                        "bare app",
                        target="(reported)",
                    )
                )

    def _prime(self, cmd: list[str], data_dir: Path) -> None:
        """Start the app until the course is cached."""
        prime_course_cache(lambda: self._startup_child(cmd, data_dir, "Unclench (priming the course cache)"), data_dir)

    # 2 ------------------------------------------------------------------------------------------

    def section_commands(self) -> None:
        self.log(f"commands: check/status/export/schema vs `python -c 'import pydantic'`, {self.runs} runs each")
        env = child_env(self.bundled_data)
        commands = {
            # An unchanged course that passed before is answered from the course cache;
            # --no-cache is the full validation of every file.
            "check": ["check"],
            "check --no-cache": ["check", "--no-cache"],
            "check --no-cache, nothing cached": ["check", "--no-cache"],
            "check, a lesson edited": ["check"],
            "status": ["status"],
            "export": ["export"],
            "schema": ["schema"],
        }
        available: dict[str, list[str]] = {}
        textual_users: dict[str, list[str]] = {}
        for name, argv in commands.items():
            probe = spawn([*UNCLENCH, *argv], env)
            if probe.status != 0:
                self.rows.append(
                    Row(
                        "2 commands",
                        f"`unclench {name}`, wall time",
                        None,
                        "ms",
                        target="<= 1.5x",
                        note=f"not run: exit {probe.status}: {probe.stderr.strip()[-200:]}",
                    )
                )
                continue
            available[name] = argv
            out = self.work / f"modules-{name}.json"
            spawn([PY, str(DRIVERS / "cmd_modules.py"), str(out), *argv], env)
            textual_users[name] = json.loads(out.read_text())["textual_modules"]
        variants: dict[str, Callable[[], float]] = {
            "pydantic": lambda: spawn([PY, "-c", "import pydantic"], env).wall_s * 1000,
        }
        for name, argv in available.items():
            variants[name] = lambda argv=argv: spawn([*UNCLENCH, *argv], env).wall_s * 1000  # type: ignore[misc]
        if "check --no-cache, nothing cached" in variants:
            variants["check --no-cache, nothing cached"] = lambda: self._first_check(env)
        if "check, a lesson edited" in variants:
            self._prime_check()
            variants["check, a lesson edited"] = self._edited_check
        runs = alternate(variants, self.runs)
        self.raw["commands"] = runs
        base = median(runs["pydantic"])
        for name in available:
            row = ratio_row(
                "2 commands",
                f"`unclench {name}`" + COMMAND_NOTES.get(name, " (bundled course)") + ", wall time",
                median(runs[name]),
                base,
                "import pydantic",
                1.5,
            )
            if name in ONCE_ONLY:
                row.target, row.met, row.note = "(reported)", None, ONCE_ONLY[name]
            self.rows.append(row)
        importing = [name for name, mods in textual_users.items() if mods]
        row = Row(
            "2 commands",
            "Textual imported by " + "/".join(textual_users),
            None,
            "text",
            target="none",
            met=not importing,
            extra={"text": ", ".join(importing) if importing else "none", "modules": textual_users},
        )
        self.rows.append(row)

    def _prime_check(self) -> None:
        """Check the bundled course's copy until it is cached."""
        env = child_env(self.bundled_copy_data)
        prime_course_cache(lambda: spawn([*UNCLENCH, "check", str(self.bundled_copy)], env), self.bundled_copy_data)

    def _edited_check(self) -> float:
        """``check`` on the bundled course's copy just after one of its lessons changed."""
        with (self.bundled_copy / "lessons" / "welcome.toml").open("a", encoding="utf-8") as file:
            file.write("# edited by the benchmark\n")
        env = child_env(self.bundled_copy_data)
        return spawn([*UNCLENCH, "check", str(self.bundled_copy)], env).wall_s * 1000

    def _first_check(self, env: dict[str, str]) -> float:
        """``check --no-cache`` without compiled validators: they are compiled from the models (and cached)."""
        (Path(env["UNCLENCH_DATA_DIR"]) / "cache" / "validators.json").unlink(missing_ok=True)
        return spawn([*UNCLENCH, "check", "--no-cache"], env).wall_s * 1000

    # 2b -----------------------------------------------------------------------------------------

    def section_instructions(self) -> None:
        """The commands of 2 counted in instructions (valgrind), which a loaded machine does not change."""
        section = "2b commands, instructions"
        if shutil.which("valgrind") is None:
            self.rows.append(Row(section, "Instructions", None, "M", note="not run: valgrind is not installed"))
            return
        self.log("commands: instructions of check/status/export and `import pydantic` (valgrind), one run each")
        env = child_env(self.bundled_data)
        commands = {
            "check": [*UNCLENCH, "check"],
            "check --no-cache": [*UNCLENCH, "check", "--no-cache"],
            "status": [*UNCLENCH, "status"],
            "export": [*UNCLENCH, "export"],
        }
        for argv in commands.values():
            spawn(argv, env)  # what a first run caches (the course, compiled bytecode) is not counted
        self._prime_check()
        counts = {"pydantic": instructions([PY, "-c", "import pydantic"], env)}
        counts.update((name, instructions(argv, env)) for name, argv in commands.items())
        # As in 2: the copy's cache holds every lesson, and one of them changes just before.
        with (self.bundled_copy / "lessons" / "welcome.toml").open("a", encoding="utf-8") as file:
            file.write("# edited by the benchmark\n")
        counts["check, a lesson edited"] = instructions(
            [*UNCLENCH, "check", str(self.bundled_copy)], child_env(self.bundled_copy_data)
        )
        self.raw["instructions"] = counts
        for name in ("check", "check --no-cache", "check, a lesson edited", "status", "export"):
            row = ratio_row(
                section,
                f"`unclench {name}` (bundled course), instructions",
                counts[name],
                counts["pydantic"],
                "import pydantic",
                1.5,
                unit="M",
                note="valgrind --tool=cachegrind: the count of a fresh process, the same on a busy machine"
                if name == "check"
                else "",
            )
            row.target, row.met = "(reported)", None  # the targets are the wall times of 2
            self.rows.append(row)

    # 3 ------------------------------------------------------------------------------------------

    def section_check(self) -> None:
        runs = max(3, self.runs // 2)
        self.log(f"check --no-cache: 1,000-lesson course vs tomllib parse only, fresh subprocesses, {runs} runs")
        env = child_env(self.bundled_data)
        out = self.work / "hwm.json"
        # Both run under the same small wrapper, which records the process's own peak RSS.
        check = [PY, str(DRIVERS / "hwm.py"), str(out), "-m", "unclench", "check", "--no-cache", str(self.big)]
        parse = [PY, str(DRIVERS / "hwm.py"), str(out), str(DRIVERS / "parse_only.py"), str(self.big)]
        parse_tomli = [*parse, "tomli"]

        def run(cmd: list[str]) -> tuple[float, float]:
            out.unlink(missing_ok=True)
            child = spawn(cmd, env)
            if child.status != 0:
                raise RuntimeError(f"{cmd} failed:\n{child.stdout}{child.stderr[-3000:]}")
            return child.wall_s * 1000, json.loads(out.read_text())["peak_rss_mb"]

        results = alternate(
            {"parse": lambda: run(parse), "parse_tomli": lambda: run(parse_tomli), "check": lambda: run(check)}, runs
        )
        self.raw["check_big"] = results
        check_ms, parse_ms = (median([r[0] for r in results[k]]) for k in ("check", "parse"))
        tomli_ms = median([r[0] for r in results["parse_tomli"]])
        check_mb, parse_mb = (median([r[1] for r in results[k]]) for k in ("check", "parse"))
        self.rows.append(
            ratio_row(
                "3 large check",
                "`unclench check --no-cache` on 1,000 lessons, wall time",
                check_ms,
                parse_ms,
                "tomllib parse only",
                1.5,
                absolute=3000,
                note="Unclench parses with tomli, the compiled release of the code tomllib was taken from",
            )
        )
        self.rows.append(
            Row(
                "3 large check",
                "  same, against parsing with tomli (what Unclench uses)",
                check_ms,
                "ms",
                tomli_ms,
                "tomli parse only",
                target="(reported)",
            )
        )
        self.rows.append(
            Row(
                "3 large check",
                "`unclench check --no-cache` on 1,000 lessons, peak RSS",
                check_mb,
                "MB",
                parse_mb,
                "tomllib parse only",
                target="(reported)",
            )
        )

    # 4 ------------------------------------------------------------------------------------------

    def section_tui(self) -> None:
        if not tui_available():
            self.rows.append(Row("4 large course", "Map key presses", None, "ms", note="no TUI yet"))
            return
        presses = {"down": 30 if self.quick else 100, "tab": 15 if self.quick else 30}
        self.log(f"map keys: {presses['down']} x down, {presses['tab']} x tab, on the bundled and 1,000-lesson course")
        results: dict[str, dict[str, Any]] = {}
        for key, count in presses.items():
            for name, course, data in (("bundled", None, self.bundled_data), ("big", self.big, self.big_data)):
                out = self.work / f"map-{key}-{name}.json"
                cmd = [PY, str(DRIVERS / "map_keys.py"), str(out), str(count), key]
                if course is not None:
                    cmd += ["--course", str(course)]
                child = spawn(cmd, child_env(data), timeout=180)
                if child.status != 0:
                    raise RuntimeError(f"map key run failed:\n{child.stderr[-3000:]}")
                results[f"{key}-{name}"] = json.loads(out.read_text())
        self.raw["map_keys"] = results
        section = "4 large course"
        down_big, down_small = results["down-big"], results["down-bundled"]
        moves = "lesson_moves" if "lesson_moves" in down_big else "focus_moves"
        note = (
            f"`down` moved to another lesson {down_big[moves]} of {presses['down']} times on the 1,000-lesson map "
            f"({down_small[moves]} on the bundled one)"
            if down_big[moves] < presses["down"] // 2
            else ""
        )
        for stat, fn in (("median", median), ("p99", p99)):
            self.rows.append(
                Row(
                    section,
                    f"Map `down` incl. pilot.pause(), 1,000 lessons, {stat}",
                    fn(down_big["press_pause_ms"]),
                    "ms",
                    fn(down_small["press_pause_ms"]),
                    "bundled",
                    target="(reported)",
                    note=note if stat == "median" else "",
                )
            )
        for key in presses:
            big, small = results[f"{key}-big"], results[f"{key}-bundled"]
            if big["frame_ms"]:
                row = Row(
                    section,
                    f"Map `{key}`, key to next frame, 1,000 lessons, p99",
                    p99(big["frame_ms"]),
                    "ms",
                    p99(small["frame_ms"]) if small["frame_ms"] else None,
                    "bundled",
                    target="<= 100 ms",
                )
                row.met = row.value is not None and row.value <= 100
                self.rows.append(row)
            self.rows.append(
                Row(
                    section,
                    f"Map `{key}`, until handled (pilot.press), 1,000 lessons, p99",
                    p99(big["press_ms"]),
                    "ms",
                    p99(small["press_ms"]),
                    "bundled",
                    target="(reported)",
                    note=(
                        "pilot.press waits until every widget has processed its messages; with nothing to do that "
                        f"wait alone takes {median(big['idle_wait_ms']):.0f} ms on the 1,000-lesson map "
                        f"({median(small['idle_wait_ms']):.0f} ms on the bundled one)"
                        if key == "tab"
                        else ""
                    ),
                )
            )
        peak = max(r["peak_rss_mb"] for name, r in results.items() if name.endswith("big"))
        row = Row("6 memory", "Peak RSS, 1,000-lesson map after moving through it", peak, "MB", target="<= 150 MB")
        row.met = peak <= 150
        self.rows.append(row)

    # 5 ------------------------------------------------------------------------------------------

    def section_saves(self) -> None:
        count = 200 if self.quick else 1000
        self.log(f"saves: {count} journal autosaves and {count} step changes")
        out = self.work / "saves.json"
        data = self.work / "data-saves"
        child = spawn([PY, str(DRIVERS / "saves.py"), str(data), str(out), str(count)], child_env(data))
        if child.status != 0:
            raise RuntimeError(f"saves run failed:\n{child.stderr[-3000:]}")
        result = json.loads(out.read_text())
        self.raw["saves"] = result
        for key, label in (("answer_ms", "Journal autosave"), ("step_ms", "Step change (position + step done)")):
            values = result[key]
            self.rows.append(Row("5 saving", f"{label}, median", median(values), "ms", target="(reported)"))
            row = Row("5 saving", f"{label}, p99", p99(values), "ms", target="<= 10 ms")
            row.met = p99(values) <= 10
            self.rows.append(row)

    def section_typing(self) -> None:
        if not tui_available():
            self.rows.append(Row("5 saving", "Typing while autosaving", None, "ms", note="no TUI yet"))
            return
        keys = 40 if self.quick else 100
        self.log(f"typing: {keys} keys into a prompt's editor with autosave real / off / slow (200 ms, lock held)")
        results: dict[str, dict[str, Any]] = {}
        for mode in ("real", "off", "slow"):
            out = self.work / f"typing-{mode}.json"
            data = self.work / f"data-typing-{mode}"
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(self.bundled_data, data)
            cmd = [PY, str(DRIVERS / "typing_keys.py"), str(out), str(keys), mode]
            child = spawn(cmd, child_env(data), timeout=180)
            if child.status != 0:
                raise RuntimeError(f"typing run ({mode}) failed:\n{child.stderr[-3000:]}")
            results[mode] = json.loads(out.read_text())
        self.raw["typing"] = results
        real, off, slow = results["real"], results["off"], results["slow"]
        section = "5 saving"

        def during(result: dict[str, Any]) -> int:
            return sum(result["during_save"])

        self.rows += [
            ratio_row(
                section,
                "Key press in the answer editor, autosave on, median",
                median(real["press_ms"]),
                median(off["press_ms"]),
                "autosave off",
                1.1,
                note=(
                    f"{real['saves']} autosaves while typing {keys} keys, {during(real)} keys pressed during one; "
                    "times are `await pilot.press` (key delivered and processed by every widget of the screen)"
                ),
            ),
            ratio_row(
                section,
                "Key press in the answer editor, autosave on, p99",
                p99(real["press_ms"]),
                p99(off["press_ms"]),
                "autosave off",
                1.2,
            ),
            Row(
                section,
                "Key to next frame in the editor, autosave on, p99",
                p99(real["frame_ms"]),
                "ms",
                p99(off["frame_ms"]),
                "autosave off",
                target="(reported)",
            ),
            ratio_row(
                section,
                "Key press, slow store (200 ms per save, lock held), p99",
                p99(slow["press_ms"]),
                p99(off["press_ms"]),
                "autosave off",
                1.2,
                note=(
                    f"{slow['saves']} saves of {median(slow['save_ms']):.0f} ms; {during(slow)} keys were pressed "
                    "while one ran: typing does not wait for saves"
                ),
            ),
        ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run Unclench's benchmark suite.")
    parser.add_argument("--quick", action="store_true", help="fewer runs: a smoke test, not for publishing")
    parser.add_argument("--tiny", action="store_true", help="a tiny heavy record: checks the scripts run")
    parser.add_argument("--only", help=f"comma-separated sections to run: {','.join(SECTIONS)}")
    parser.add_argument(
        "--json", type=Path, default=HERE / "results" / "latest.json", help="where to write the results"
    )
    parser.add_argument("--no-json", action="store_true", help="do not write the JSON results")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set(SECTIONS)
    if only - set(SECTIONS):
        parser.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS)))}")
    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="unclench-bench-") as tmp:
        suite = Suite(args, Path(tmp))
        suite.prepare()
        for name in SECTIONS:
            if name in only:
                try:
                    getattr(suite, f"section_{name}")()
                except Exception as error:  # one broken section must not lose the others' figures
                    suite.log(f"section {name} failed: {error}")
                    suite.rows.append(Row(name, f"Section `{name}`", None, "ms", note=f"failed: {error}"[:300]))
    rows = sorted(suite.rows, key=lambda row: row.section)  # stable: keeps each section's order
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()
    print()
    print_table(rows)
    print_profile(suite.raw)
    met = [row for row in rows if row.met is not None]
    print(f"\n{sum(bool(r.met) for r in met)}/{len(met)} targets met; suite took {elapsed:.0f} s")
    print(
        f"{os.cpu_count()} CPUs; 1-minute load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
        f"({'quick: ' if args.quick else ''}medians of {suite.runs} alternated runs per start-up and command figure)"
    )
    if not args.no_json:
        import pydantic
        import textual

        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "quick": args.quick,
            "runs": suite.runs,
            "seconds": round(elapsed, 1),
            "load_average": {"before": load_before, "after": load_after},
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "textual": textual.__version__,
                "pydantic": pydantic.VERSION,
                "tomli": importlib.metadata.version("tomli"),
            },
            "rows": [asdict(row) | {"ratio": row.ratio} for row in rows],
            "raw": suite.raw,
        }
        args.json.write_text(json.dumps(report, indent=1) + "\n")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
