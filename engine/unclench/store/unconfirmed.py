"""Safety answers that came from an imported file, not from the learner here: asked again before they count.

``unclench import`` restores a backup whole, the disclaimer's acknowledgement and the
answers to the screening (health) questions included. But anyone can write a file
saying "read, and no to every health question" and hand it round as a starter
backup: a stranger's skipped the six questions before tremor practice. So the
import marks those rows unconfirmed (one setting per course, written in the import's
transaction), and :class:`unclench.learner.Learner` treats them as not given until
the learner acknowledges the disclaimer, or answers a question, in the app. The rows
stay in the record (an export of it is still the whole backup).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from unclench.frozen import frozen_record

if TYPE_CHECKING:
    from unclench.store.rows import CourseRecord


def unconfirmed_safety_key(course_id: str) -> str:
    """The setting that holds a course's :class:`UnconfirmedSafety`."""
    return f"unconfirmed-safety:{course_id}"


@frozen_record
class UnconfirmedSafety:
    """What of a course's safety answers came from a file and is not confirmed here yet."""

    disclaimer: bool = False
    """The disclaimer's acknowledgement is the file's: the app shows the disclaimer again."""
    screening: tuple[str, ...] = ()
    """Ids of the screening questions whose answers are the file's: asked again."""

    @classmethod
    def of(cls, record: CourseRecord) -> UnconfirmedSafety:
        """What of an imported ``record`` is marked unconfirmed: its disclaimer reading, its screening answers."""
        return cls(
            disclaimer=any(a.kind == "disclaimer" for a in record.acknowledgements),
            screening=tuple(sorted({a.question_id for a in record.screening})),
        )

    def __bool__(self) -> bool:
        return self.disclaimer or bool(self.screening)

    def dumps(self) -> str:
        """The setting's value."""
        return json.dumps({"disclaimer": self.disclaimer, "screening": list(self.screening)})

    @classmethod
    def loads(cls, value: str | None, stored: Iterable[str]) -> UnconfirmedSafety | None:
        """The setting's value read back; None when nothing is unconfirmed.

        Args:
            value: The setting's value, or None when there is none.
            stored: The ids of the screening questions with a stored answer: a value that cannot be read
                (a damaged mark must never make a file's answers count) leaves the disclaimer and all of
                those unconfirmed.
        """
        if value is None:
            return None
        try:
            data = json.loads(value)
            disclaimer, screening = data["disclaimer"], data["screening"]
            if not isinstance(disclaimer, bool) or not isinstance(screening, list):
                raise TypeError("not a mark")
            if not all(isinstance(question, str) for question in screening):
                raise TypeError("not a mark")
        except (ValueError, KeyError, TypeError):
            return cls(True, tuple(sorted(stored)))
        return cls(disclaimer, tuple(screening)) or None

    def confirms(self, question_id: str) -> UnconfirmedSafety:
        """This, with ``question_id``'s answer now given here."""
        return UnconfirmedSafety(self.disclaimer, tuple(q for q in self.screening if q != question_id))
