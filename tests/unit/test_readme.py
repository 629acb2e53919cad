"""The README promises things the code must keep: the CI command, the status JSON shape, the keys, the figures."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from unclench.cli import main
from unclench.store import ProgressStore

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
COURSE_DIR = Path(__file__).parent / "data" / "record_course"


def _shape(value: Any) -> Any:
    """The structure of a JSON value: keys of objects, the shape of the first array item, types of leaves."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line).strip()
    assert f"\n{command}\n" in README


def test_readme_status_example_has_the_real_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path))
    with ProgressStore.open() as store:
        store.set_position("record-course", "welcome", "intro")
        store.save_answer("record-course", "removed-lesson", "reflection", "Q?", "an answer")
    assert main(["status", "--course", str(COURSE_DIR), "--json"]) == 0
    real = json.loads(capsys.readouterr().out)

    block = re.search(r"### `unclench status --json`.*?```json\n(.*?)```", README, re.S)
    assert block, "README lost its status --json example"
    example = json.loads(block.group(1))

    assert _shape(example) == _shape(real)


def test_readme_lists_every_key_of_the_app() -> None:
    from unclench.tui.keys import markdown_table

    assert markdown_table() in README, "README's key table is out of date: paste keys.markdown_table() into it"


def _readme_table() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_table", REPO / "benchmarks" / "readme_table.py")
    assert spec is not None and spec.loader is not None
    readme_table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme_table)
    return readme_table


def test_benchmark_readme_shows_the_latest_benchmark_results() -> None:
    """The figures live in benchmarks/results/latest.json; benchmarks/README.md's table is made from them."""
    readme_table = _readme_table()
    bench_readme = (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8")
    results = json.loads((REPO / "benchmarks" / "results" / "latest.json").read_text(encoding="utf-8"))
    expected = readme_table.updated(bench_readme, results)
    assert expected == bench_readme, "benchmarks/README.md is out of date: run benchmarks/readme_table.py --write"


def test_readme_keeps_a_summary_and_links_to_the_full_table() -> None:
    """The learner-facing README is never rewritten by a benchmark run: no table markers, a link instead."""
    readme_table = _readme_table()
    section = README.split("## Performance", 1)[1].split("\n## ", 1)[0]
    assert "benchmarks/README.md" in section
    assert readme_table.START not in README and readme_table.END not in README
    assert readme_table.README == REPO / "benchmarks" / "README.md"


def test_readme_quotes_what_a_second_start_says_first() -> None:
    from unclench.instance import IN_USE

    assert f'"{IN_USE}"' in " ".join(README.split())
