"""Where Unclench keeps the learner's data.

The data folder holds the progress database (see :mod:`unclench.store`).
It is ``$UNCLENCH_DATA_DIR`` when that variable is set and not empty, else the
platform's per-user data folder (for example ``~/.local/share/unclench`` on
Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The environment variable that overrides where progress is stored.
DATA_DIR_ENV = "UNCLENCH_DATA_DIR"
#: The name of the progress database inside the data folder: here, so that asking whether one exists
#: (``check``'s record-folder warning) does not import the store and sqlite3.
DB_FILENAME = "progress.sqlite3"


def data_dir() -> Path:
    """The folder where the learner's progress is stored.

    The folder is not created here; the progress store creates it, private to
    the user, when it first opens.

    Returns:
        ``$UNCLENCH_DATA_DIR`` (with ``~`` expanded) when set and not empty,
        otherwise ``platformdirs.user_data_dir("unclench")``.
    """
    override = os.environ.get(DATA_DIR_ENV, "")
    if override:
        return Path(override).expanduser()
    import platformdirs  # only here: it takes longer to import than many a command takes to run

    return Path(platformdirs.user_data_dir("unclench"))


def file_in_the_way(folder: Path) -> Path | None:
    """The file standing where ``folder``, or a folder above it, should be (so the folder cannot be made), if any."""
    return next((path for path in (folder, *folder.parents) if path.exists() and not path.is_dir()), None)
