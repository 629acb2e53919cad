"""pyproject.toml tells the truth about Textual: a floor CI tests, a ceiling, and the installed release inside both."""

from __future__ import annotations

import subprocess
from pathlib import Path

import textual
import tomli
from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomli.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def textual_requirement() -> Requirement:
    return next(req for req in map(Requirement, PROJECT["dependencies"]) if req.name == "textual")


def test_textual_has_a_floor_and_a_ceiling() -> None:
    operators = {spec.operator for spec in textual_requirement().specifier}
    assert operators == {">=", "<"}, textual_requirement()


def test_the_installed_textual_is_in_the_declared_range() -> None:
    assert Version(textual.__version__) in textual_requirement().specifier


def test_ci_installs_the_declared_floor() -> None:
    """.ci/run reads the floor out of pyproject.toml; the line that does so must still find it."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    line = next(line for line in ci.splitlines() if line.startswith("floor="))
    found = subprocess.run(
        ["bash", "-c", f"{line} && echo $floor"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    floor = next(spec.version for spec in textual_requirement().specifier if spec.operator == ">=")
    assert found == floor
    assert f'"textual=={"$floor"}"' in ci
