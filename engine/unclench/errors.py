"""The one base of every error Unclench reports to a person: what went wrong, and what to do about it.

Every command reports one the same way (:func:`report`): ``error: <message>`` on stderr, then
``hint: <hint>`` on a line of its own when there is one. The app shows the same message and
hint (:attr:`UnclenchError.explained`). The message says what went wrong; the hint, the next step.
Messages that already say how to fix it in the same sentence have no hint.
"""

from __future__ import annotations

import sys
from typing import TextIO

from unclench.text import print_visible


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
    print_visible(f"{ERROR_PREFIX}{message}", file=out)  # messages quote file names and ids: shown, never obeyed
    if hint:
        print_visible(f"{HINT_PREFIX}{hint}", file=out)


def report(error: UnclenchError, stream: TextIO | None = None) -> None:
    """Print ``error`` as every command does (see :func:`say`)."""
    say(error.message, error.hint, stream)
