"""The one base of every error Unclench reports to a person: what went wrong, and what to do about it.

Every command reports one the same way (:func:`report`): ``error: <message>`` on stderr, then
``hint: <hint>`` on a line of its own when there is one. The app shows the same message and
hint (:attr:`UnclenchError.explained`). The message says what went wrong; the hint, the next step.
Messages that already say how to fix it in the same sentence have no hint.
"""

from __future__ import annotations

import sys
from typing import TextIO

from unclench.text import print_line


class UnclenchError(Exception):
    """A failure described in words for the learner or author, never a traceback.

    Attributes:
        message: What went wrong (also ``str(error)``).
        hint: What to do about it, when the message does not say already; may be empty.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    @property
    def explained(self) -> str:
        """The message, then the hint on a line of its own (when there is one)."""
        return f"{self.message}\n{self.hint}" if self.hint else self.message


#: What starts the line of a failure's message, and of its hint.
ERROR_PREFIX = "error: "
HINT_PREFIX = "hint: "


def say(message: str, hint: str = "", stream: TextIO | None = None) -> None:
    """Print a command's failure: ``error: <message>``, then ``hint: <hint>`` on its own line (if any)."""
    out = stream if stream is not None else sys.stderr
    print_line(f"{ERROR_PREFIX}{message}", file=out)  # messages quote file names and ids: shown, never obeyed
    if hint:
        print_line(f"{HINT_PREFIX}{hint}", file=out)


def report(error: UnclenchError, stream: TextIO | None = None) -> None:
    """Print ``error`` as every command does (see :func:`say`)."""
    say(error.message, error.hint, stream)


#: How many of the innermost frames a crash report names (enough to find the fault, short enough to copy).
CRASH_FRAMES = 12


def crash_report(error: BaseException) -> str:
    """What to show when something fails inside Unclench unexpectedly: the kind of error and where, nothing else.

    A full traceback would show the error's message and every frame's local
    variables, which can hold what the learner wrote (a journal answer, a whole
    stored row): this names only the exception's type and the code's files,
    lines and functions, so it is safe to paste into a bug report.
    """
    import traceback

    frames = traceback.extract_tb(error.__traceback__)[-CRASH_FRAMES:]
    places = []
    for frame in frames:
        path = frame.filename.replace("\\", "/")
        marker = path.rfind("/unclench/")
        shown = path[marker + 1 :] if marker >= 0 else path.rsplit("/", 1)[-1]
        places.append(f"  {shown}, line {frame.lineno}, in {frame.name}")
    return "\n".join(
        [
            f"Unclench stopped because something went wrong inside it ({type(error).__name__}). "
            "It is a fault in Unclench, not in anything you did.",
            "Where it happened (these lines hold none of your text; the error's own message is left out in case "
            "it quoted some):",
            *places,
            "To report it, copy these lines into a bug report to whoever gave you Unclench, with what you were "
            "doing at the time.",
        ]
    )
