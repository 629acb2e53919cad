"""Where caches live in the data folder, and writing one cache file: shared by the course and validator caches.

A cache file is written as every private file is (:func:`unclench.files.replace_private_file`).

Kept apart from :mod:`unclench.coursecache` so that :mod:`unclench.validation` can
write its cache without importing the course cache (which imports the loader,
which imports validation).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unclench.files import refuse_links, replace_private_file

#: The folder inside the data folder that holds the cache files.
CACHE_DIR = "cache"


def cache_folder(data_dir: Path | None = None) -> Path:
    """The folder of cache files in ``data_dir`` (default: :func:`unclench.paths.data_dir`)."""
    from unclench import paths  # here: a command that needs no data folder does not look for it

    return (data_dir if data_dir is not None else paths.data_dir()) / CACHE_DIR


def write_cache_file(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON to ``path`` in :func:`cache_folder`, atomically and privately (0600).

    Does nothing when the data folder does not exist: it is never created for a cache.

    Raises:
        NotARegularFileError: The cache folder or file is a symbolic link (or not a folder, not a file).
        OSError: the file could not be written.
    """
    folder = path.parent
    if not folder.parent.is_dir():
        return  # never create the data folder just for a cache
    refuse_links(folder.parent, path)  # a cache is never written through a link in the data folder
    folder.mkdir(mode=0o700, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    replace_private_file(path, text.encode("utf-8"))
