"""The errors of the learner's record: every storage problem is a :class:`StoreError`.

Each carries a message fit to show the learner. Programming errors (an
out-of-range rating, an unknown phase) raise :class:`ValueError` instead.
"""

from __future__ import annotations

from pathlib import Path

from unclench.errors import UnclenchError


class StoreError(UnclenchError):
    """A problem with the progress store, described in words fit for the learner.

    Attributes:
        message: What went wrong (also ``str(error)``).
        hint: What to do about it, when there is something to do.
    """


class NewerDatabaseError(StoreError):
    """The progress file was written by a newer Unclench; it is left untouched.

    Attributes:
        path: The database file.
        found: Its ``user_version``.
        supported: The newest version this program understands.
    """

    def __init__(self, path: Path, found: int, supported: int) -> None:
        """Create the error.

        Args:
            path: The database file.
            found: The version recorded in the file.
            supported: The newest version this program understands.
        """
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"Your progress file {path} was written by a newer version of Unclench "
            f"(database version {found}; this version understands up to {supported}). "
            "The file has not been changed.",
            "Upgrade Unclench to open it.",
        )


class StoreWriteError(StoreError):
    """Progress could not be saved (disk full, I/O error, read-only file, ...)."""


class AnswerTooLongError(StoreWriteError):
    """An answer longer than :data:`unclench.store.rows.MAX_ANSWER_CHARS` was not saved (an import would refuse it).

    Attributes:
        length: The answer's length, in characters.
        limit: The most an answer may hold.
    """

    def __init__(self, length: int, limit: int) -> None:
        """Create the error.

        Args:
            length: The answer's length, in characters.
            limit: The most an answer may hold.
        """
        self.length = length
        self.limit = limit
        over = length - limit
        super().__init__(
            f"This answer is {over:,} {'character' if over == 1 else 'characters'} too long to save: "
            f"it has {length:,}, and an answer holds at most {limit:,}.",
            f"Shorten it by {over:,} {'character' if over == 1 else 'characters'} or more; nothing was cut.",
        )


class ProgressExistsError(StoreError):
    """:meth:`ProgressStore.restore` refused: the course already has progress in this data folder.

    Attributes:
        data_dir: The data folder.
        course_id: The course.
    """

    def __init__(self, data_dir: Path, course_id: str) -> None:
        """Create the error.

        Args:
            data_dir: The data folder.
            course_id: The course.
        """
        self.data_dir = data_dir
        self.course_id = course_id
        super().__init__(
            f"The data folder {data_dir} already has progress for the course '{course_id}'; "
            "nothing was imported, so nothing is merged or overwritten."
        )
