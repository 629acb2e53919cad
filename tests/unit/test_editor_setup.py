"""Editor set-up in any course: schemas written into new courses, `#:schema` lines that resolve, the key table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from unclench import cli
from unclench.folders import bundled_course_root
from unclench.schema import REFERENCE_END, REFERENCE_START, SchemaKind, reference_table, schema_text

GUIDE = Path(__file__).resolve().parents[2] / "lessons" / "README.md"


def schema_line_target(path: Path) -> Path:
    """Where the `#:schema` first line of ``path`` points."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = re.fullmatch(r"#:schema (\S+)", first)
    assert found, f"{path} does not start with a #:schema line"
    return (path.parent / found.group(1)).resolve()


def test_new_course_and_lesson_point_at_schemas_inside_the_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "anywhere" / "my-course"
    assert cli.main(["new", "course", str(course)]) == 0
    assert cli.main(["new", "lesson", "breathing", "--course", str(course)]) == 0
    capsys.readouterr()
    files = [course / "course" / "course.toml", *sorted((course / "lessons").glob("*.toml"))]
    assert len(files) == 3
    for path in files:
        target = schema_line_target(path)
        assert course.resolve() in target.parents, "the schema is inside the course: copying the course keeps it"
        kind: SchemaKind = "course" if path.name == "course.toml" else "lesson"
        assert target.read_text(encoding="utf-8") == schema_text(kind)


def test_schema_write_refreshes_the_schemas_of_a_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "my-course"
    assert cli.main(["new", "course", str(course)]) == 0
    stale = course / "course" / "lesson.schema.json"
    stale.write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["schema", "--write", str(course)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {stale}" in out
    assert json.loads(stale.read_text(encoding="utf-8")) == json.loads(schema_text("lesson"))


def test_schema_write_into_a_plain_folder_and_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "--write", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course.schema.json", "lesson.schema.json"]
    capsys.readouterr()
    assert cli.main(["schema", "--write", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_bundled_files_schema_lines_resolve() -> None:
    root = bundled_course_root()
    for path in [root / "course" / "course.toml", *sorted((root / "lessons").glob("*.toml"))]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("#:schema"):
            assert schema_line_target(path).is_file(), path


def test_the_guides_key_reference_is_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    start, end = text.index(REFERENCE_START) + len(REFERENCE_START), text.index(REFERENCE_END)
    assert text[start:end].strip() == reference_table().strip(), (
        "the key reference in lessons/README.md is out of date; regenerate it with:\n"
        "  python -m unclench.schema --guide lessons/README.md"
    )


def test_the_key_reference_covers_every_key_of_every_model() -> None:
    from pydantic import BaseModel

    from unclench import model as m

    table = reference_table()
    for value in vars(m).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == m.__name__:
            if value.__name__.startswith("_"):
                continue
            for name in value.model_fields:
                assert f"| `{name}` |" in table, f"{value.__name__}.{name}"
    assert "| `minutes` | whole number | yes |  | at least 1; at most 120 |" in table
    assert "at most 15 when `tremor = true`" in table


def test_a_schema_line_that_points_nowhere_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typo in a `#:schema` path leaves the editor without help: check says so (a warning, exit 0)."""
    root = tmp_path / "my-course"
    assert cli.main(["new", "course", str(root)]) == 0
    lesson = next((root / "lessons").glob("*.toml"))
    text = lesson.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../course/lesson.schema.json\n")
    lesson.write_text(text.replace("lesson.schema.json", "lesson.schema.jsn", 1), encoding="utf-8")
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert cli.main(["check", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert f"lessons/{lesson.name}:1:10: warning: no schema at ../course/lesson.schema.jsn" in err
    assert "did you mean ../course/lesson.schema.json?" in err
    lesson.write_text(text, encoding="utf-8")
    assert cli.main(["check", "--no-cache"]) == 0
    assert "schema" not in capsys.readouterr().err
