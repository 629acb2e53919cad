"""The learner's record on disk: one private SQLite database per user.

``rows`` (the records as plain data), ``errors`` (every storage problem is a
``StoreError``), ``schema`` (the tables and their migrations), ``opening``
(opening the file safely, moving an unreadable one aside), ``store``
(:class:`ProgressStore`: every read and write) and ``merge`` (importing a whole
record). Code that only needs data imports :mod:`unclench.store.rows`, which
does not load :mod:`sqlite3`; the database is imported on first use of
``ProgressStore``, ``DB_FILENAME`` or ``database_path``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unclench.store.errors import NewerDatabaseError, ProgressExistsError, StoreError, StoreWriteError

if TYPE_CHECKING:
    from unclench.store.opening import DB_FILENAME, database_path
    from unclench.store.store import ProgressStore

__all__ = [
    "DB_FILENAME",
    "NewerDatabaseError",
    "ProgressExistsError",
    "ProgressStore",
    "StoreError",
    "StoreWriteError",
    "database_path",
]


def __getattr__(name: str) -> object:
    """The names backed by the database, imported when first asked for."""
    if name == "ProgressStore":
        from unclench.store.store import ProgressStore

        return ProgressStore
    if name in ("DB_FILENAME", "database_path"):
        from unclench.store import opening

        return getattr(opening, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
