"""Fixtures for every test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from unclench.paths import DATA_DIR_ENV


@pytest.fixture(scope="session", autouse=True)
def _private_data_folder() -> Iterator[None]:
    """Point the default data folder somewhere new, so no test reads or writes the tester's own.

    Tests that care where data goes set ``UNCLENCH_DATA_DIR`` themselves; the rest
    (and the caches they write) land in a folder that exists for the session only.
    """
    with tempfile.TemporaryDirectory(prefix="unclench-tests-") as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, os.path.join(folder, "data"))
        yield
