"""Shared fixtures for the UI tests: fixture courses, isolated stores, app factories."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from unclench.course import Course
from unclench.folders import bundled_course_root
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
from unclench.loader import load_course
from unclench.practice import CUES_SETTING
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: A fixed clock for stored timestamps.
FIXED_NOW = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def fixture_course(name: str) -> Course:
    """Load a fixture course folder."""
    return load_course(FIXTURES / name)


@pytest.fixture(scope="session")
def bundled() -> Course:
    """The bundled course, as the app opens it."""
    return load_course(bundled_course_root())


@pytest.fixture(scope="session")
def mini() -> Course:
    """The small fixture course: intro (page, prompt, quiz, page), second (page, multiple quiz), shake (exercises)."""
    return fixture_course("mini")


@pytest.fixture(scope="session")
def markup_course() -> Course:
    """A course whose texts are full of console markup look-alikes."""
    return fixture_course("markup")


AppFactory = Callable[..., UnclenchApp]


@pytest.fixture
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the local time zone UTC, so that dates shown on screen are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[AppFactory]:
    """Make apps over stores in a temporary data folder; all stores are closed afterwards.

    Keyword arguments: ``course`` (required), ``data_dir`` (default: tmp_path / "data"),
    ``acknowledged`` (store the disclaimer acknowledgement first; default True),
    ``cues`` (the start, halfway and end cues of exercises: off by default here, so that a screen
    read just after a start shows the exercise rather than its four-second sign; True turns them
    on as a learner has them; None leaves the store's setting as it is),
    ``clock`` (default: a frozen :class:`FakeClock`), ``look_below`` (as the command line passes it when it
    opens the bundled course for want of one where the person is).
    """
    stores: list[ProgressStore] = []

    def factory(
        course: Course,
        *,
        data_dir: Path | None = None,
        acknowledged: bool = True,
        clock: Callable[[], float] | None = None,
        cues: bool | None = False,
        look_below: Path | None = None,
    ) -> UnclenchApp:
        store = ProgressStore.open(data_dir or tmp_path / "data", now=lambda: FIXED_NOW)
        stores.append(store)
        if acknowledged:
            store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        if cues is not None:
            store.set_setting(CUES_SETTING, "on" if cues else "off")
        return UnclenchApp(course, store, clock=clock or FakeClock(), cursor_blink=False, look_below=look_below)

    yield factory
    for store in stores:
        store.close()
