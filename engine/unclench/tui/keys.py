"""Every key of the Unclench app, generated from the bindings: the help screen and README show it.

The bindings are the one source. Each class with ``BINDINGS`` says where its
keys work (``HELP_PLACE``, and ``HELP_PLACES`` for a binding that works
somewhere narrower); each binding says what it does (its ``tooltip``, else its
``description``). Keys that Textual itself provides and that learners need,
such as tab between buttons, are listed in :data:`TEXTUAL_KEYS`.
:func:`key_rows` finds every class by importing every module of ``unclench.tui``,
so a new binding is in the help and the README the moment it exists, and a
class that forgets to say where its keys work fails loudly.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

#: Where keys work, in the order the help lists them.
PLACES: tuple[str, ...] = (
    "everywhere",
    "course map",
    "lesson",
    "reflection step",
    "quiz",
    "rating scales",
    "exercise",
    "safety text",
    "safety gate",
    "checkbox",
    "screening questions",
    "grounding and notices",
    "interrupted practice",
    "quitting with unsaved text",
    "journal",
    "trends",
    "practice",
    "help",
    "support card",
    "preview",
    "another folder's record",
)

#: Places only the author's preview (``unclench preview``) has: the learner's help leaves their keys out.
PREVIEW_PLACES: frozenset[str] = frozenset({"preview"})

#: What Textual's ``Binding.key`` names look like to a person.
_KEY_NAMES = {"question_mark": "?", "slash": "/", "minus": "-", "plus": "+", "equals_sign": "="}


@dataclass(frozen=True)
class KeyRow:
    """Keys that do one thing in one place.

    Attributes:
        keys: The keys, as Textual names them (``question_mark``, ``ctrl+n``).
        where: Where they work: one of :data:`PLACES`.
        what: What they do.
        ids: The ids of the bindings behind the row.
    """

    keys: tuple[str, ...]
    where: str
    what: str
    ids: tuple[str, ...] = ()
    """The ids of the bindings behind the row (none for :data:`TEXTUAL_KEYS`)."""

    @property
    def shown(self) -> str:
        """The keys as a person reads them: ``?, f1``; a run of digits as ``0-9``."""
        names = [_KEY_NAMES.get(key, key) for key in self.keys]
        digits = [name for name in names if len(name) == 1 and name.isdigit()]
        if len(digits) > 2 and digits == [str(d) for d in range(int(digits[0]), int(digits[-1]) + 1)]:
            first = names.index(digits[0])
            names[first : first + len(digits)] = [f"{digits[0]}-{digits[-1]}"]
        return ", ".join(names)


#: Keys Textual provides (not our bindings) that learners need to know.
TEXTUAL_KEYS: tuple[KeyRow, ...] = (
    KeyRow(
        ("tab", "shift+tab"),
        "everywhere",
        "Move between buttons, choices and fields (not while writing: tab is text)",
    ),
    KeyRow(("enter",), "everywhere", "Press the highlighted button"),
    KeyRow(("up", "down", "pageup", "pagedown", "home", "end"), "lesson", "Scroll the page"),
    KeyRow(("pageup", "pagedown"), "course map", "Move a page, or to the first or last lesson"),
    KeyRow(("up", "down", "pageup", "pagedown", "home", "end"), "safety text", "Scroll the text"),
    KeyRow(("up", "down", "pageup", "pagedown", "home", "end"), "help", "Scroll"),
)


class UndocumentedKeys(Exception):
    """A class has bindings but does not say where they work."""


def _own_bindings(cls: type) -> list[Binding]:
    return [binding for binding in cls.__dict__.get("BINDINGS", []) if isinstance(binding, Binding)]


def _classes_with_bindings() -> list[type[DOMNode]]:
    """Every class in ``unclench.tui`` that declares bindings, in module then source order."""
    import unclench.tui

    found: list[type[DOMNode]] = []
    for info in sorted(pkgutil.walk_packages(unclench.tui.__path__, "unclench.tui."), key=lambda i: i.name):
        module = importlib.import_module(info.name)
        classes = [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if cls.__module__ == module.__name__ and issubclass(cls, DOMNode) and _own_bindings(cls)
        ]
        found.extend(sorted(classes, key=lambda cls: inspect.getsourcelines(cls)[1]))
    return found


def rows_of(cls: type[DOMNode]) -> list[KeyRow]:
    """The help rows of one class's own bindings.

    Raises:
        UndocumentedKeys: The class does not say where its keys work, or a binding has no id.
    """
    place: str | None = getattr(cls, "HELP_PLACE", None) if "HELP_PLACE" in cls.__dict__ else None
    overrides: dict[str, str] = cls.__dict__.get("HELP_PLACES", {})
    if place not in PLACES:
        raise UndocumentedKeys(f"{cls.__qualname__} has BINDINGS but its HELP_PLACE {place!r} is not one of PLACES")
    rows: list[KeyRow] = []
    for binding in _own_bindings(cls):
        if not binding.id or not (binding.tooltip or binding.description):
            raise UndocumentedKeys(f"{cls.__qualname__}: the binding for {binding.key!r} needs an id and a description")
        where = overrides.get(binding.id, place)
        if where not in PLACES:
            raise UndocumentedKeys(f"{cls.__qualname__}: HELP_PLACES[{binding.id!r}] = {where!r} is not one of PLACES")
        keys = tuple(key.strip() for key in binding.key.split(","))
        rows.append(KeyRow(keys, where, binding.tooltip or binding.description, (binding.id,)))
    if issubclass(cls, App) and "COMMAND_PALETTE_BINDING" in cls.__dict__:
        what = "Command palette: find lessons and exercises by name, themes and more"
        rows.append(KeyRow((cls.COMMAND_PALETTE_BINDING,), place, what))
    return rows


@cache
def key_rows() -> tuple[KeyRow, ...]:
    """Every key of the app, grouped by :data:`PLACES`.

    Keys that do the same thing in the same place are one row, whichever
    classes bind them (the map's up/down and its list's, say).
    """
    merged: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    rows = [row for cls in _classes_with_bindings() for row in rows_of(cls)]
    for row in [*rows, *TEXTUAL_KEYS]:
        keys, ids = merged.setdefault((row.where, row.what), ([], []))
        keys.extend(key for key in row.keys if key not in keys)
        ids.extend(row.ids)
    ordered = sorted(merged.items(), key=lambda item: PLACES.index(item[0][0]))
    return tuple(KeyRow(tuple(keys), where, what, tuple(ids)) for (where, what), (keys, ids) in ordered)


def rows_in_mode(*, preview: bool) -> tuple[KeyRow, ...]:
    """:func:`key_rows` that work in the app as it runs: the preview's own keys only in the preview."""
    return tuple(row for row in key_rows() if preview or row.where not in PREVIEW_PLACES)


def places_of(nodes: Iterable[DOMNode]) -> set[str]:
    """Where these widgets and screens are, as :data:`PLACES` (the help lists their keys first)."""
    return {"everywhere"} | {
        cls.__dict__["HELP_PLACE"] for node in nodes for cls in type(node).__mro__ if "HELP_PLACE" in cls.__dict__
    }


def rows_here(live: Mapping[str, Binding], places: set[str]) -> list[KeyRow]:
    """The rows that act where the learner is: from the live bindings of the screen they were on.

    Args:
        live: The bindings active there, by key (Textual's ``Screen.active_bindings``, enabled ones):
            a key whose action is off just now (the stop key with no exercise running) is left out.
        places: :func:`places_of` the widgets there, for the keys Textual provides (scrolling, say).
    """
    textual = {(row.where, row.what) for row in TEXTUAL_KEYS}

    def acts_here(row: KeyRow) -> bool:
        if row.where == "everywhere" or ((row.where, row.what) in textual and row.where in places):
            return True
        # By the binding itself, not its words: Trends' Escape and the journal's say the same, and the
        # journal's was listed under Trends' help.
        return any(key in live and live[key].id in row.ids for key in row.keys)

    return [row for row in key_rows() if acts_here(row)]


def markdown_table() -> str:
    """:func:`key_rows` as a Markdown table, as the README shows it."""
    rows = ["| Keys | Where | What |", "| :- | :- | :- |"]
    for row in key_rows():
        shown = ", ".join(f"`{name}`" for name in row.shown.split(", "))
        what = row.what.replace("|", "\\|")  # a bar would end the cell
        rows.append(f"| {shown} | {row.where} | {what} |")
    return "\n".join(rows) + "\n"
