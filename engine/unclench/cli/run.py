"""``unclench`` with no command: open the course in the app.

The only command that imports Textual: once the course and the record are
open, or while a helper process reads the files of a large course (see
:mod:`unclench.splitcheck`).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from unclench.cli.shared import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Failed,
    course_problems,
    find_course,
    info,
    refuse_borrowed_id,
)
from unclench.errors import report, say

if TYPE_CHECKING:
    from unclench.course import Course
    from unclench.ownership import OtherFolder
    from unclench.store import ProgressStore
    from unclench.tui.app import UnclenchApp


def run_tui(course_dir: Path | None) -> int:
    """Open the course (``--course``, the one you are in, else the bundled one) in the app; the exit status."""
    import gc

    # Start-up makes mostly objects that live as long as the app (modules, the course):
    # collecting them over and over only delays the first frame. They are frozen out of
    # the collector's way just before the app runs; collection is back on from then.
    gc.disable()
    try:
        return _open_course(course_dir)
    except Failed as failed:
        report(failed)
        return failed.code
    finally:
        gc.enable()


#: How many new container objects set off a collection of the youngest generation (Python's default
#: is 700). Textual makes tens of thousands at every step change; collecting them in fewer, larger
#: batches lets most die first, so far fewer reach the oldest generation, whose collections each
#: pause the app for as long as it takes to walk every object it holds.
YOUNG_OBJECTS = 10_000


def settle_collector() -> None:
    """Ready Python's cycle collector for the app, once the course and the record are open.

    What exists now (modules, the course, the store) lives as long as the app: it
    is frozen out of every later collection (``gc.freeze``), and collection, off
    during start-up, is back on, in larger batches (:data:`YOUNG_OBJECTS`). A
    1,000-lesson course with a heavy record spent about a fifth of its step
    changes in the collector without the larger batches, and a collection of
    the oldest generation could hold one up for a quarter of a second
    (``benchmarks/README.md``).
    """
    import gc

    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    gc.enable()


#: Seconds a thread waiting for Python's lock waits before it asks the running one to let go (Python's
#: default is 0.005). Textual's writer thread puts each frame on the terminal, but needs the lock to do
#: it; while the app goes on working (right after its first frame: laying the screen out again for the
#: terminal's size) the frame waited up to the whole default interval, and longer on a busy machine.
FRAME_HANDOVER_SECONDS = 0.001


def hand_frames_over_promptly() -> None:
    """Let a frame reach the terminal within :data:`FRAME_HANDOVER_SECONDS` of being drawn, busy or not.

    The threads that then wait for Python's lock (the writer, the keyboard reader, a save in the
    background) spend most of their time outside it, in the terminal or SQLite, so asking for it
    sooner costs the app next to nothing (``benchmarks/README.md``).
    """
    import sys

    sys.setswitchinterval(FRAME_HANDOVER_SECONDS)


#: Seconds the app has to save and close once a signal or its terminal going away told it to stop, before
#: the process ends itself. Saving and closing take well under a second; these are for a very busy machine.
STOP_GRACE_SECONDS = 10.0


def end_if_stuck(app: UnclenchApp) -> None:
    """End the process should ``app`` still run :data:`STOP_GRACE_SECONDS` after it was told to stop.

    A signal (SIGTERM, or SIGHUP from a closed terminal window) or a terminal gone
    makes the app save what was typed and exit. An app that cannot (Textual once
    hung for ever on a terminal that was gone) would otherwise hold the course
    lock with nobody to see it, shutting the learner out of their own course
    until they found and killed it. The process ends as the signal would have
    ended it, and the operating system frees the lock. Everything typed is
    saved at the latest a second after it was typed (the autosave), and the app
    saved again when told to stop.
    """
    import os
    import threading
    import time

    from unclench.tui.app import SIGNAL_EXIT_BASE

    def watch() -> None:
        app.stopping.wait()
        time.sleep(STOP_GRACE_SECONDS)
        os._exit(SIGNAL_EXIT_BASE + (app.stop_signal or 0))

    threading.Thread(target=watch, name="unclench-stop-guard", daemon=True).start()


def _open_store_while_importing_app() -> ProgressStore:
    """Open the progress store in a thread while this one imports the app (Textual); the open store.

    Opening is mostly SQLite's and the disk's work (checking the file, creating
    it on a first run, with its writes flushed to disk), which runs outside
    Python's lock: done beside the imports, it no longer delays the first frame.
    The store is open (or its error raised, as before) before the app is made.
    """
    import threading

    from unclench.store import ProgressStore

    opened: list[ProgressStore] = []
    failed: list[BaseException] = []

    def open_store() -> None:
        try:
            opened.append(ProgressStore.open())
        except BaseException as error:  # handed to the caller, as if it had opened the store itself
            failed.append(error)

    opening = threading.Thread(target=open_store, name="unclench-open-store", daemon=True)
    opening.start()
    try:
        import unclench.tui.app  # noqa: F401  (Textual and the first screens, while the store opens)
    except BaseException:
        opening.join()
        for store in opened:
            store.close()
        raise
    opening.join()
    if failed:
        raise failed[0]
    return opened[0]


def record_goes_here(store: ProgressStore, course: Course, root: Path, ask: Callable[[OtherFolder, str], bool]) -> bool:
    """Whether the app may open the learner's record in ``course`` with the folder ``root``.

    When the record was made with another folder (:mod:`unclench.ownership`), the learner is asked
    (``ask``); when they say no, nothing was changed and this says so. Else the record now goes with ``root``.
    """
    from unclench import ownership

    other = ownership.other_folder(store, course.id, root)
    if other is not None and not ask(other, course.title):
        info(
            f"Nothing was changed: your record in '{course.title}' stays with {other.remembered_shown}. "
            f"To use it with {other.here} later, run `unclench move-record --course {shlex.quote(str(other.here))}`."
        )
        return False
    ownership.claim(store, course.id, root)
    return True


def _ask_record_folder(other: OtherFolder, title: str) -> bool:
    from unclench.tui.record_folder import ask_record_folder

    return ask_record_folder(other, title)


def _import_app() -> None:
    import unclench.tui.app  # noqa: F401  (Textual and the first screens)


def _open_course(course_dir: Path | None) -> int:
    from unclench import coursecache
    from unclench.problems import CourseLoadError, NotACourseError
    from unclench.store.errors import StoreError

    found = find_course(course_dir, "or run unclench from another folder")
    root = found.root
    try:
        # An unchanged course comes from the cache, without parsing; a changed one is
        # cached on the way out, so that writing it does not delay the first frame.
        # Should a helper process read a large course's files, the app is imported meanwhile.
        course, remember_course = coursecache.open_course(root, meanwhile=_import_app)
    except NotACourseError as error:
        report(error)
        return EXIT_USAGE
    except CourseLoadError as error:
        from unclench import paths

        raise course_problems(
            root,
            error,
            f". Your record is safe in {paths.data_dir()}, and `unclench export --course {shlex.quote(str(root))} "
            "-o unclench-record.md` writes all of it out even now",
        ) from None
    refuse_borrowed_id(course, root)
    from unclench import paths
    from unclench.instance import CourseInUseError, CourseLock, LockFileError

    try:
        # The lock first: a second window is refused before it opens the database.
        with CourseLock(paths.data_dir(), course.id), _open_store_while_importing_app() as store:
            if not record_goes_here(store, course, root, _ask_record_folder):
                return EXIT_OK
            from unclench.tui.app import SIGNAL_EXIT_BASE, UnclenchApp

            # The bundled course for want of one here: the app looks for the person's own just below (an
            # author one folder too high), as `unclench check` does, and names it.
            app = UnclenchApp(course, store, look_below=Path.cwd() if found.fallback else None)
            end_if_stuck(app)
            settle_collector()
            hand_frames_over_promptly()
            app.run()
        if (app.return_code or 0) >= SIGNAL_EXIT_BASE:
            return app.return_code or 0  # stopped by SIGTERM or SIGHUP: text saved, terminal restored
        if app.return_code:  # Textual caught an unexpected error and printed it
            say(
                "Unclench stopped because of an unexpected error (shown above). Your progress and journal "
                f"are safe in {store.path}; what was saved before the error is still there."
            )
            return EXIT_PROBLEMS
        remember_course()
    except (CourseInUseError, LockFileError, StoreError) as error:
        report(error)
        return EXIT_PROBLEMS
    except OSError as error:
        say(str(error))
        return EXIT_PROBLEMS
    return EXIT_OK
