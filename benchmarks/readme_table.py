"""The table of benchmark figures in ``benchmarks/README.md``, made from the latest results.

Usage, from the repository root::

    .venv/bin/python benchmarks/readme_table.py          # print the table
    .venv/bin/python benchmarks/readme_table.py --write  # put it in benchmarks/README.md, between its markers

The figures live in one place, ``benchmarks/results/latest.json`` (written by
``run.py``); ``tests/unit/test_readme.py`` keeps the table in
``benchmarks/README.md`` identical to what this makes of them. The project's
README keeps a short summary that links there, so benchmark runs never
rewrite it.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"
README = HERE / "README.md"
START, END = "<!-- perf:start -->", "<!-- perf:end -->"
PROFILE_START, PROFILE_END = "<!-- profile:start -->", "<!-- profile:end -->"
#: The stages of a start, as ``drivers/start_profile.py`` times them, and what to call them.
STAGES = {
    "python_ms": "Python itself (interpreter, `site`)",
    "import_ms": "importing Unclench and Textual",
    "css_parse_ms": "parsing stylesheets",
    "css_apply_ms": "applying styles to widgets",
    "compose_ms": "`compose()` (Unclench's own screens and widgets)",
    "layout_ms": "first layout (arranging the screen)",
    "render_ms": "rendering the frame's lines",
    "markdown_ms": "Markdown parsing (markdown-it and Textual's blocks)",
    "drawn_ms": "**launch to first frame**",
}
#: Rows without a target that the README shows all the same (the rest are in the JSON file).
REPORTED = ("nothing cached", "against parsing with tomli", "peak RSS", "instructions", "bare Textual app turning")


def _amount(value: float, unit: str) -> str:
    if unit == "ms" and value >= 1000:
        return f"{value / 1000:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "M":  # millions of instructions
        return f"{value:.0f} M"
    return f"{value:.1f} {unit}"


def _target(row: dict[str, Any]) -> str:
    text = row["target"].strip("()").replace("<=", "≤")
    text = re.sub(r"(\d)x\b", r"\1×", text)
    text = re.sub(r"< (\d+) ms", lambda m: f"< {int(m.group(1)) / 1000:g} s", text)
    if row["met"] is None:
        return text
    return f"{text} {'✓' if row['met'] else '✗'}"


def _shown(row: dict[str, Any]) -> bool:
    if row["target"] != "(reported)":
        return True
    return any(words in row["figure"] for words in REPORTED)


def table(results: dict[str, Any]) -> str:
    """The Markdown table (with the line that says when and where) for ``results``."""
    machine = results["machine"]
    targets = [row for row in results["rows"] if row["met"] is not None]
    met = sum(row["met"] for row in targets)
    lines = [
        f"Latest run: {results['date'][:10]}, {machine['cpus']} CPUs, Python {machine['python']}, "
        f"Textual {machine['textual']}, pydantic {machine['pydantic']}, tomli {machine.get('tomli', '?')}; "
        f"{met} of {len(targets)} targets met.",
        "",
        "| Figure | Value | Baseline | Ratio | Target |",
        "| :- | -: | :- | -: | :- |",
    ]
    for row in results["rows"]:
        if not _shown(row):
            continue
        figure = row["figure"]
        figure = "… " + figure.strip() if figure.startswith("  ") else figure
        value = row["extra"].get("text", "n/a") if row["value"] is None else _amount(row["value"], row["unit"])
        baseline = f"{_amount(row['baseline'], row['unit'])} ({row['baseline_label']})" if row["baseline"] else ""
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] else ""
        lines.append(f"| {figure} | {value} | {baseline} | {ratio} | {_target(row)} |")
    return "\n".join(lines) + "\n"


def profile_table(results: dict[str, Any]) -> str:
    """The table of a start's stages (median ms per start), or a note when the run had no profile."""
    profile = results.get("raw", {}).get("profile", {}).get("medians")
    if not profile:
        return "The latest run did not profile start-up (`--only profile` does).\n"
    starts = [("first", "first run"), ("map", "course map"), ("resume", "mid-lesson")]
    lines = ["| Stage | " + " | ".join(label for _, label in starts) + " |", "| :- |" + " -: |" * len(starts)]
    for stage, label in STAGES.items():
        cells = [f"{profile[name].get(stage, 0.0):.0f} ms" for name, _ in starts]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def readme_with(text: str, readme: str, start: str = START, end: str = END) -> str:
    """``readme`` with ``text`` between its markers."""
    before, rest = readme.split(start, 1)
    _old, after = rest.split(end, 1)
    return f"{before}{start}\n{text}{end}{after}"


def updated(readme: str, results: dict[str, Any]) -> str:
    """``readme`` with both tables made from ``results``."""
    readme = readme_with(table(results), readme)
    if PROFILE_START in readme:
        readme = readme_with(profile_table(results), readme, PROFILE_START, PROFILE_END)
    return readme


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update benchmarks/README.md instead of printing")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    if args.write:
        README.write_text(updated(README.read_text(encoding="utf-8"), results), encoding="utf-8")
        print(f"updated {README}")
    else:
        print(table(results), end="")
        print()
        print(profile_table(results), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
