"""The compiled validators agree with the pydantic models, and their cache is safe to lose."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from unclench import validation
from unclench.folders import bundled_course_root

TESTS = Path(__file__).resolve().parents[1]
ENGINE = TESTS.parent / "engine"


def _toml_files() -> Iterator[tuple[validation.Kind, Path]]:
    roots = [bundled_course_root(), TESTS / "unit" / "data", TESTS / "ui" / "fixtures"]
    for root in roots:
        for path in sorted(root.rglob("*.toml")):
            yield ("course" if path.name == "course.toml" else "lesson"), path


def _parse(path: Path) -> Any:
    try:
        return tomli.loads(path.read_text(encoding="utf-8"))
    except (tomli.TOMLDecodeError, UnicodeDecodeError):
        return None


def models_verdict(kind: validation.Kind, data: object) -> dict[str, Any] | None:
    """What the pydantic models make of ``data``: its dump, or None when they reject it."""
    try:
        return validation.model_for(kind).model_validate(data).model_dump()
    except ValidationError:
        return None


def assert_agree(kind: validation.Kind, data: object) -> dict[str, Any] | None:
    compiled = validation.accepted(kind, data)
    expected = models_verdict(kind, data)
    assert compiled == expected
    if compiled is not None:  # same types too: 3 stays an int where the models keep an int
        assert json.dumps(compiled, sort_keys=True, default=repr) == json.dumps(expected, sort_keys=True, default=repr)
    return compiled


CASES = [(kind, path) for kind, path in _toml_files() if _parse(path) is not None]


def test_there_are_valid_and_invalid_cases() -> None:
    verdicts = [models_verdict(kind, _parse(path)) is not None for kind, path in CASES]
    assert len(CASES) > 50
    assert sum(verdicts) > 20 and verdicts.count(False) > 10


@pytest.mark.parametrize(("kind", "path"), CASES, ids=[str(p.relative_to(p.parents[1])) for _, p in CASES])
def test_compiled_validators_agree_with_the_models_on_every_course_file(kind: validation.Kind, path: Path) -> None:
    assert_agree(kind, _parse(path))


def test_defaults_are_filled_in_as_the_models_do() -> None:
    lesson = {
        "id": "l",
        "title": "L",
        "minutes": 5,
        "steps": [{"kind": "exercise", "id": "e", "body": "B", "minutes": 3}],
    }
    data = assert_agree("lesson", lesson)
    assert data is not None
    assert data["summary"] == "" and data["sources"] == [] and data["previous_ids"] == []
    assert data["steps"][0] == {
        "kind": "exercise",
        "id": "e",
        "title": "",
        "body": "B",
        "minutes": 3,
        "tremor": False,
        "safety": [],
        "checkin": [],
        "start_anyway": False,
        "grounding": False,
        "limits": None,
        "screening": [],
    }
    index = _parse(bundled_course_root() / "course" / "course.toml")
    index.pop("guidance", None)
    course = assert_agree("course", index)
    assert course is not None and course["guidance"]["stop"].startswith("You can stop at any moment")


# -- random edits of a valid lesson and course ---------------------------------------------------

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=200),
    st.floats(allow_nan=False, min_value=-1, max_value=100),
    st.sampled_from(["", "x", "page", "quiz", "exercise", "prompt", "Bad Id", "ok-id", "a" * 301]),
    st.lists(st.sampled_from(["ok-id", "Bad Id", ""]), max_size=3),
    st.dictionaries(st.sampled_from(["id", "kind", "text", "feedback", "extra"]), st.text(max_size=3), max_size=3),
)


def _paths(node: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _edit(data: Any, draw: st.DrawFn) -> Any:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(data)))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "kind", "hint", "multiple", "alert_at"]))] = draw(VALUES)
        else:
            parent[path[-1]] = draw(VALUES)
        if not _paths(data):
            break
    return data


LESSON = _parse(bundled_course_root() / "lessons" / "first-tremor-practice.toml")
INDEX = _parse(bundled_course_root() / "course" / "course.toml")


@st.composite
def edited(draw: st.DrawFn, base: Any) -> Any:
    return _edit(base, draw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(LESSON))
def test_compiled_lesson_validator_agrees_after_random_edits(data: Any) -> None:
    assert_agree("lesson", data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(INDEX))
def test_compiled_course_validator_agrees_after_random_edits(data: Any) -> None:
    assert_agree("course", data)


# -- the cache -------------------------------------------------------------------------------------

PROBE = """
import json, os, sys
from pathlib import Path
from unclench import validation
if os.environ.get("PROBE_NO_PACKAGED"):  # as in a checkout whose models changed since the copy was compiled
    validation.PACKAGED = Path("/nonexistent/validators.json")
import tomli
from unclench.folders import bundled_course_root
data = tomli.loads((bundled_course_root() / "lessons" / "first-tremor-practice.toml").read_text())
ok = validation.accepted("lesson", data) is not None
bad = validation.accepted("lesson", {**data, "minutes": "five"}) is None
print(json.dumps({"ok": ok, "bad": bad, "pydantic": "pydantic" in sys.modules}))
"""


def _probe(data_dir: Path, packaged: bool = False) -> dict[str, bool]:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(data_dir), "PYTHONPATH": str(ENGINE)}
    if not packaged:
        env["PROBE_NO_PACKAGED"] = "1"
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    result: dict[str, bool] = json.loads(done.stdout)
    return result


@pytest.mark.slow
def test_compiled_validators_are_cached_and_used_without_pydantic(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / validation.CACHE_FILE
    assert _probe(tmp_path) == {"ok": True, "bad": True, "pydantic": True}  # compiled from the models
    assert cache.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    assert _probe(tmp_path) == {"ok": True, "bad": True, "pydantic": False}  # from the cache


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "",
        lambda text: text.replace('"pydantic_core":"', '"pydantic_core":"0.'),
        lambda text: text.replace('"typed-dict"', '"no-such-schema"', 1),
        lambda text: json.dumps({"key": json.loads(text)["key"], "schemas": {}}),
    ],
    ids=["truncated", "empty", "other-pydantic", "not-a-schema", "schemas-missing"],
)
def test_a_damaged_or_stale_cache_is_rebuilt(tmp_path: Path, damage: Any) -> None:
    cache = tmp_path / "cache" / validation.CACHE_FILE
    _probe(tmp_path)
    good = cache.read_text()
    cache.write_text(damage(good))
    assert _probe(tmp_path) == {"ok": True, "bad": True, "pydantic": True}
    assert json.loads(cache.read_text()) == json.loads(good)
    assert _probe(tmp_path)["pydantic"] is False


@pytest.mark.slow
def test_a_first_start_uses_the_shipped_validators_without_pydantic(tmp_path: Path) -> None:
    import pydantic_core

    shipped = json.loads(validation.PACKAGED.read_text(encoding="utf-8"))
    key = validation._cache_key()
    assert shipped["key"]["models"] == key["models"], "run python -m unclench.schema to compile the shipped copy"
    if shipped["key"]["pydantic_core"] != pydantic_core.__version__:
        pytest.skip("the shipped validators were compiled with another pydantic-core")
    assert shipped == json.loads(json.dumps(validation.compiled_document()))
    assert _probe(tmp_path, packaged=True) == {"ok": True, "bad": True, "pydantic": False}


def test_nothing_is_written_without_a_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "_validators", {})
    missing = tmp_path / "no-data-yet"
    assert validation.accepted("lesson", LESSON, data_dir=missing) is not None
    assert not missing.exists()


ENGINE_PROBE = """
import json, sys
from pathlib import Path
from unclench import loader
from unclench.folders import bundled_course_root
good = loader.check_course(bundled_course_root())
extension = "pydantic_core._pydantic_core"
seen = {"ok": good.ok, "package": "pydantic_core" in sys.modules, "extension": extension in sys.modules}
bad = loader.check_lesson_file(Path(sys.argv[1]))
import pydantic_core
seen.update(
    problems=[problem.message for problem in bad.problems],
    same=pydantic_core.SchemaValidator is sys.modules[extension].SchemaValidator,
    attribute=pydantic_core._pydantic_core is sys.modules[extension],
)
print(json.dumps(seen))
"""


@pytest.mark.slow
def test_validating_loads_only_the_extension_and_the_models_still_word_problems(tmp_path: Path) -> None:
    """A valid course is validated without the pydantic_core package (its import is most of pydantic's);
    a file with problems is still worded by the models, and the package, imported after, is the same one."""
    lesson = bundled_course_root() / "lessons" / "first-tremor-practice.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(lesson.read_text(encoding="utf-8").replace("minutes = ", 'minutes = "five" #', 1), encoding="utf-8")
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ENGINE)}
    done = subprocess.run(
        [sys.executable, "-c", ENGINE_PROBE, str(bad)], env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout)
    assert seen["ok"] is True
    assert (seen["package"], seen["extension"]) == (False, True)
    assert seen["problems"] == ["expected a whole number, found a string"]
    assert seen["same"] is True and seen["attribute"] is True
