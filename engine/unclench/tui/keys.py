"""Every key of the Unclench app, in one table: the help screen and README show it.

``KEY_HELP`` is the one list; :func:`markdown_table` renders it for the
README (a test keeps the README's copy identical).
"""

from __future__ import annotations

#: (keys, where, what) for every key; the help screen lists these.
KEY_HELP: list[tuple[str, str, str]] = [
    ("ctrl+n", "lesson, even while writing", "Next step (your answer is saved first)"),
    ("ctrl+p", "lesson, even while writing", "Previous step (your answer is saved first)"),
    ("n, right", "lesson, outside the editor", "Next step"),
    ("p, left", "lesson, outside the editor", "Previous step"),
    ("e", "reflection step", "Start writing (or click the box); nothing else does, not even tab"),
    ("escape", "while writing", "Stop writing: leave the editor, stay on the step"),
    ("escape", "lesson", "Back to the course map; ends a running exercise"),
    ("s", "exercise", "End the running exercise at once"),
    ("tab, shift+tab", "", "Move between buttons, choices and fields"),
    ("enter", "", "Press a button, open a lesson"),
    ("space", "", "Tick a checkbox, pick or tick a choice, page down a safety text"),
    ("1-9", "quiz", "One answer: pick that choice and check it; several: tick it"),
    ("enter", "quiz", "Check the answer (one answer: the highlighted choice)"),
    ("up, down", "quiz", "Move between the choices"),
    ("up, down, pageup, pagedown, home, end", "page, help, safety text", "Scroll"),
    ("0-9, left, right", "rating scales", "Pick a rating from 0 to 10"),
    ("c", "course map", "Continue where you left off"),
    ("up, down, pageup, pagedown, home, end", "course map", "Move between lessons"),
    ("j", "course map", "Journal: every answer you wrote"),
    ("t", "course map", "Check-in trends"),
    ("/", "journal", "Search your answers and questions"),
    ("enter, e", "journal", "Edit the answer (it saves as you type)"),
    ("escape", "journal, trends", "Back; in the journal's editor: done"),
    ("v", "trends", "Hide or show the charts (remembered)"),
    ("?, f1", "", "Help: the keys, the course, where your data is"),
    ("f2", "", "Support card: helplines and your own people"),
    ("ctrl+k", "", "Command palette: find lessons and exercises by name, themes and more"),
    ("q", "outside the editor", "Quit (your work is saved first)"),
    ("ctrl+q", "", "Quit (your work is saved first)"),
]


def markdown_table() -> str:
    """:data:`KEY_HELP` as a Markdown table, as the README shows it."""
    rows = ["| Keys | Where | What |", "| :- | :- | :- |"]
    for keys, where, what in KEY_HELP:
        shown = ", ".join(f"`{key.strip()}`" for key in keys.split(", "))
        rows.append(f"| {shown} | {where or 'everywhere'} | {what} |")
    return "\n".join(rows) + "\n"
