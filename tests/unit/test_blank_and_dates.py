"""Text that shows nothing is blank, and a support entry's date is a real day (a stranger's findings).

An attacker blanked the disclaimer, the safety notes, the stop line and the support card's
fallback with U+2800 (braille blank) and similar characters, which passed as "not blank";
and dated a helpline "checked 9999-12-31" (or with full-width digits) so an old number looked fresh.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from unclench import validation
from unclench.cli import main
from unclench.loader import check_course
from unclench.text import first_mismeasured

#: Characters that show nothing on a terminal: each alone (or with spaces) is a blank text.
INVISIBLE = ["\u2800", "\u3164", "\u200b", "\ufeff", "\u00ad", "\u115f", "\uffa0", "\u2060", "\u200e", "\ufe0f"]


def _index(new_course_dir: Path) -> Path:
    return new_course_dir / "course" / "course.toml"


def _set_key(path: Path, key: str, value: str) -> int:
    """Replace the first ``key = ...`` line of ``path`` with ``value``; returns its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*=", line))
    lines[number] = f"{key} = {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


@pytest.mark.parametrize("blank", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_a_title_of_invisible_characters_is_blank(
    blank: str, new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _set_key(_index(new_course_dir), "title", f'"{blank} \\u{ord(blank):04x}"')
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert f"course.toml:{line}:" in err
    assert "title: must not be blank (it holds only spaces, line breaks or invisible characters)" in err


@pytest.mark.parametrize("kind", validation.KINDS)
@pytest.mark.parametrize("blank", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_compiled_validators_models_and_schema_agree_on_invisible_text(blank: str, kind: validation.Kind) -> None:
    import json

    import jsonschema

    from unclench.schema import schema_text

    if kind == "course":
        data: dict[str, object] = {
            "format_version": 1,
            "id": "c",
            "title": "T",
            "disclaimer": blank * 3,
            "modules": [{"id": "m", "title": "M", "lessons": ["l"]}],
        }
    else:
        data = {"id": "l", "title": "L", "minutes": 5, "steps": [{"kind": "page", "id": "p", "body": f" {blank}\n"}]}
    assert validation.accepted(kind, data) is None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(schema_text(kind)))
    # Invisible characters inside real words are fine: only a text of nothing but them is blank. A bidirectional
    # mark only in right-to-left text: in any other it can only reorder (see test_invisible_chars).
    words = ["Read{} this"] if blank not in "\u200e\u200f\u061c" else ["קרא{} this"]
    for text in words:
        if kind == "course":
            data["disclaimer"] = text.format(blank)
        else:
            data["steps"] = [{"kind": "page", "id": "p", "body": text.format(blank)}]
        assert validation.accepted(kind, data) is not None
        jsonschema.validate(data, json.loads(schema_text(kind)))
    if blank in "\u200e\u200f\u061c":
        data["disclaimer" if kind == "course" else "steps"] = (
            f"Read{blank} this" if kind == "course" else [{"kind": "page", "id": "p", "body": f"Read{blank} this"}]
        )
        assert validation.accepted(kind, data) is None
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, json.loads(schema_text(kind)))


#: Characters beyond the BMP that show nothing: musical and shorthand format controls, an Egyptian hieroglyph
#: joiner, variation selectors 17 and 256, and an unassigned default-ignorable code point of plane 14.
ASTRAL_INVISIBLE = ["\U0001d173", "\U0001d17a", "\U0001bca0", "\U00013430", "\U000e0100", "\U000e01ef", "\U000e0fff"]


def _set_disclaimer(new_course_dir: Path, value: str) -> int:
    """Replace the course's disclaimer (a multi-line string in a new course) with ``value``; returns its line."""
    index = _index(new_course_dir)
    text = index.read_text(encoding="utf-8")
    written = re.search(r'^disclaimer = (?:""".*?"""|".*?")$', text, flags=re.DOTALL | re.MULTILINE)
    assert written is not None, 'no disclaimer = "..." in the course index'
    index.write_text(text[: written.start()] + f"disclaimer = {value}" + text[written.end() :], encoding="utf-8")
    return text.count("\n", 0, written.start()) + 1


@pytest.mark.parametrize("blank", ASTRAL_INVISIBLE, ids=[f"U+{ord(c):05X}" for c in ASTRAL_INVISIBLE])
def test_a_safety_text_of_invisible_characters_beyond_the_bmp_is_blank(
    blank: str, new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The editors' schemas cannot name these characters (see :mod:`unclench.schema`); ``check`` refuses them."""
    line = _set_disclaimer(new_course_dir, f'"{blank * 40} \\U{ord(blank):08x}\\n"')
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert f"course.toml:{line}:" in err
    assert "disclaimer: must not be blank (it holds only spaces, line breaks or invisible characters)" in err
    for kind in validation.KINDS:
        data: dict[str, object] = (
            {
                "format_version": 1,
                "id": "c",
                "title": "T",
                "disclaimer": blank * 3,
                "modules": [{"id": "m", "title": "M", "lessons": ["l"]}],
            }
            if kind == "course"
            else {"id": "l", "title": "L", "minutes": 5, "steps": [{"kind": "page", "id": "p", "body": blank}]}
        )
        assert validation.accepted(kind, data) is None
    # Inside words they are allowed, as every invisible character is (check warns about them apart), but for the
    # code points no character has: Rich counts them as nothing where terminals draw a box (see MISMEASURED).
    _set_disclaimer(new_course_dir, f'"Read{blank} this, then go on."')
    assert main(["check", str(new_course_dir)]) == (1 if first_mismeasured(blank) else 0), capsys.readouterr().err


def _support_entry(new_course_dir: Path, checked: str) -> int:
    index = _index(new_course_dir)
    text = index.read_text(encoding="utf-8")
    text += (
        "\n[[support.entries]]\n"
        'name = "A helpline"\n'
        'reach = "Call 123"\n'
        'region = "Somewhere"\n'
        'source = "its website"\n'
        f'checked = "{checked}"\n'
    )
    index.write_text(text, encoding="utf-8")
    return len(text.splitlines())


@pytest.mark.parametrize(
    ("checked", "expected"),
    [
        ("２０２６-01-01", "is not a date written YYYY-MM-DD"),
        ("2026-1-1", "is not a date written YYYY-MM-DD"),
        ("not-a-date", "is not a date written YYYY-MM-DD"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("9999-12-31", "9999-12-31 is still to come"),
    ],
)
def test_a_support_entry_is_checked_on_a_real_day_not_one_to_come(
    checked: str, expected: str, new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = _index(new_course_dir)
    if "[support]" not in index.read_text(encoding="utf-8"):
        index.write_text(index.read_text(encoding="utf-8") + "\n[support]\n", encoding="utf-8")
    line = _support_entry(new_course_dir, checked)
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert f"course.toml:{line}:" in err, err
    assert expected in err and "must not be blank" not in err


def test_todays_date_is_fine(new_course_dir: Path) -> None:
    index = _index(new_course_dir)
    if "[support]" not in index.read_text(encoding="utf-8"):
        index.write_text(index.read_text(encoding="utf-8") + "\n[support]\n", encoding="utf-8")
    _support_entry(new_course_dir, datetime.date.today().isoformat())
    assert check_course(new_course_dir).problems == []
