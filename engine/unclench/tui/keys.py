"""Every key of the Unclench app, in one table (the help screen and README show it).

| Keys | Where | What |
| :- | :- | :- |
| `ctrl+n` | lesson | Next step (also while typing an answer) |
| `ctrl+p` | lesson | Previous step (also while typing an answer) |
| `n`, `right` | lesson, outside the editor and rating scales | Next step |
| `p`, `left` | lesson, outside the editor and rating scales | Previous step |
| `escape` | lesson | Back to the course map (while an exercise runs: end it) |
| `s` | exercise | End the running exercise at once |
| `tab`, `shift+tab` | everywhere | Move between buttons, choices and fields |
| `enter` | buttons, lessons on the map | Press / open |
| `space` | checkboxes, choices | Tick / choose |
| `0`-`9`, `left`, `right`, `home`, `end` | rating scales | Pick a rating from 0 to 10 |
| `c` | course map | Continue where you left off |
| `up`, `down` | course map | Move between lessons |
| `j` | course map | Journal: every answer you wrote |
| `t` | course map | Check-in trends |
| `/` | journal | Search your answers and questions |
| `enter`, `e` | journal | Edit the answer (it saves as you type) |
| `escape` | journal, trends | Back (in the journal's editor: done editing) |
| `v` | trends | Hide or show the charts (remembered) |
| `?`, `f1` | everywhere (`f1` also in the editor) | Help |
| `ctrl+k` | everywhere | Command palette: continue, course map, journal, trends, help, next/previous step, quit |
| `q` | everywhere outside the editor | Quit (your work is saved first) |
| `ctrl+q` | everywhere | Quit (your work is saved first) |
"""

from __future__ import annotations

#: (keys, where, what) for every key; the help screen lists these.
KEY_HELP: list[tuple[str, str, str]] = [
    ("ctrl+n", "lesson, even while typing", "Next step"),
    ("ctrl+p", "lesson, even while typing", "Previous step"),
    ("n, right", "lesson, outside the editor", "Next step"),
    ("p, left", "lesson, outside the editor", "Previous step"),
    ("escape", "lesson", "Back to the course map; ends a running exercise"),
    ("s", "exercise", "End the running exercise at once"),
    ("tab, shift+tab", "", "Move between buttons, choices and fields"),
    ("enter", "", "Press a button, open a lesson"),
    ("space", "", "Tick a checkbox, pick a choice"),
    ("0-9, left, right", "rating scales", "Pick a rating (home = 0, end = 10)"),
    ("c", "course map", "Continue where you left off"),
    ("up, down", "course map", "Move between lessons"),
    ("j", "course map", "Journal: every answer you wrote"),
    ("t", "course map", "Check-in trends"),
    ("/", "journal", "Search your answers and questions"),
    ("enter, e", "journal", "Edit the answer (it saves as you type)"),
    ("escape", "journal, trends", "Back; in the journal's editor: done"),
    ("v", "trends", "Hide or show the charts (remembered)"),
    ("?, f1", "", "This help"),
    ("ctrl+k", "", "Command palette: continue, map, journal, trends, help, steps, quit"),
    ("q", "outside the editor", "Quit (your work is saved first)"),
    ("ctrl+q", "", "Quit (your work is saved first)"),
]
