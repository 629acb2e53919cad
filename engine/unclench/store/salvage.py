"""Reading rows that may have been damaged: every value the store reads is made the type its row expects here.

The schema keeps most damage out, but not all: a file edited by hand (or by
another program, or a disk) can hold raw bytes where text belongs, text that
is not UTF-8, a quiz's choices that are not JSON, a number where a whole
number belongs. Reading must never fail on such a row, and never change it:
:func:`fetch` turns each damaged value into the nearest honest one (bytes are
decoded with U+FFFD for what cannot be read, a list that cannot be read keeps
its stored text) and describes the damage in a note, which the record carries
(:attr:`unclench.store.rows.CourseRecord.damaged`) so that an export says so.
Well-formed values come back exactly as stored, checked a column at a time so
that a record of years costs little more.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

from unclench.store.rows import MAX_RUN_SECONDS, RATING_SCALE

#: What a column holds: ``text`` (``text?`` may be NULL), ``int`` (a whole number), ``flag`` (0 or 1),
#: ``seconds`` (a run's time practised) or ``rating`` (a check-in's 0 to 10: whole numbers in their range, see
#: :data:`_RANGES`), ``indexes`` (a JSON list of choice indexes) or ``texts`` (a JSON list of texts).
Kind: TypeAlias = Literal["text", "text?", "int", "flag", "seconds", "rating", "indexes", "texts"]

#: The whole numbers a ``seconds`` or ``rating`` column can hold, and what one outside them is not. Such a number is
#: read as stored (an infinity as -1) and noted: what shows it says it is damaged (see :mod:`unclench.store.rows`).
_RANGES: dict[str, tuple[int, int, str]] = {
    "seconds": (0, MAX_RUN_SECONDS, "a possible time practised"),
    "rating": (*RATING_SCALE, "a rating from 0 to 10"),
}

#: The types a column of each kind holds when nothing is wrong (JSON columns are always parsed).
_WELL_FORMED: dict[str, frozenset[type]] = {
    "text": frozenset({str}),
    "text?": frozenset({str, type(None)}),
    "int": frozenset({int}),
    "flag": frozenset({int}),
    "seconds": frozenset({int}),
    "rating": frozenset({int}),
}


def _undecoded(raw: bytes) -> str | bytes:
    """SQLite text as str, or as the bytes themselves when it is not UTF-8 (so that the damage is seen)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def _run(conn: sqlite3.Connection, sql: str, params: Any) -> list[tuple[Any, ...]]:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        if "decode" not in str(error):
            raise
    # Some text is not UTF-8: read it again, keeping such text as bytes (mended below).
    conn.text_factory = _undecoded
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.text_factory = str


def _as_text(value: object) -> tuple[str, str]:
    """``value`` as text, and what was wrong with it ("" when nothing)."""
    if isinstance(value, str):
        return value, ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace"), f"is stored as {len(value)} raw bytes, not text"
    if value is None:
        return "", "is missing"
    return str(value), "is stored as a number, not text"


def _as_int(value: object, kind: str) -> tuple[int, str]:
    if isinstance(value, int) and not isinstance(value, bool) and (kind != "flag" or value in (0, 1)):
        return _in_range(value, kind)
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return _in_range(int(value), kind)
    if isinstance(value, float) and math.isinf(value) and kind in _RANGES:
        return -1, f"is not {_RANGES[kind][2]} (shown as damaged)"
    shown = "yes/no" if kind == "flag" else "whole number"
    return 0, f"is not a {shown} (read as 0)"


def _in_range(number: int, kind: str) -> tuple[int, str]:
    """A whole number read, and what is wrong with it: outside its column's range (1e300 seconds, a rating of 99)."""
    limits = _RANGES.get(kind)
    if limits is None or limits[0] <= number <= limits[1]:
        return number, ""
    return number, f"is not {limits[2]} (shown as damaged)"


def _as_indexes(value: object) -> tuple[tuple[int, ...], str]:
    text, _ = _as_text(value)
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, list) and all(type(item) is int and item >= 0 for item in parsed):
        return tuple(parsed), ""
    return (), "could not be read (read as none)"


def _as_texts(value: object) -> tuple[tuple[str, ...], str]:
    text, wrong = _as_text(value)
    if not wrong:
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list) and all(type(item) is str for item in parsed):
            return tuple(parsed), ""
    return (text,), "could not be read as a list (shown as stored)"


def _mend(value: object, kind: Kind) -> tuple[object, str]:
    if kind == "indexes":
        return _as_indexes(value)
    if kind == "texts":
        return _as_texts(value)
    if kind in ("int", "flag", "seconds", "rating"):
        number, wrong = _as_int(value, kind)
        return (bool(number) if kind == "flag" else number), wrong
    if kind == "text?" and value is None:
        return None, ""
    return _as_text(value)


def _well_formed(rows: list[tuple[Any, ...]], columns: Sequence[tuple[str, Kind]]) -> bool:
    """Whether no value needs mending: one pass a column, in C (JSON columns always need reading)."""
    for index, (_, kind) in enumerate(columns):
        allowed = _WELL_FORMED.get(kind)
        if allowed is None or not set(map(type, (row[index] for row in rows))) <= allowed:
            return False
        if kind == "flag" and not {row[index] for row in rows} <= {0, 1}:
            return False
        limits = _RANGES.get(kind)
        if limits is not None:
            values = [row[index] for row in rows]
            if min(values) < limits[0] or max(values) > limits[1]:
                return False
    return True


def fetch(
    conn: sqlite3.Connection, what: str, sql: str, params: Any, columns: Sequence[tuple[str, Kind]]
) -> tuple[list[tuple[Any, ...]], list[str]]:
    """The rows of ``sql``, each value the type its column expects, and a note on each damaged row.

    Args:
        conn: The connection.
        what: What a row is, for the notes ("a journal answer").
        sql: The query; it selects the ``columns`` in order.
        params: Its parameters.
        columns: Each selected column's name and :data:`Kind`.

    Returns:
        The rows (flags as bool only when a column was mended) and the notes, e.g.
        ``a journal answer (lesson x, step y): its answer is stored as 3 raw bytes, not text.``
    """
    rows = _run(conn, sql, params)
    if not rows or _well_formed(rows, columns):
        return rows, []
    names = [name for name, _ in columns]
    mended_rows: list[tuple[Any, ...]] = []
    notes: list[str] = []
    for row in rows:
        values: list[Any] = []
        wrongs: list[str] = []
        for value, (name, kind) in zip(row, columns, strict=True):
            mended, wrong = _mend(value, kind)
            values.append(mended)
            if wrong:
                wrongs.append(f"its {name.replace('_', ' ')} {wrong}")
        mended_rows.append(tuple(values))
        if wrongs:
            notes.append(f"{what[:1].upper()}{what[1:]}{_where(names, values)}: {'; '.join(wrongs)}.")
    return mended_rows, notes


def _where(names: list[str], values: list[Any]) -> str:
    """`` (lesson x, step y)``: which row, by the ids it has."""
    ids = [
        f"{name.removesuffix('_id')} {values[names.index(name)]}"
        for name in ("lesson_id", "step_id", "question_id", "measure_id")
        if name in names
    ]
    return f" ({', '.join(ids)})" if ids else ""
