"""What ``check`` tells of this machine's record in a course it checks: a record made with another folder, a
record under the course's ids before, progress under places the course no longer has.

Kept apart from the record commands (:mod:`unclench.cli.record`), whose module ``check`` then need not import:
each question is answered at a glance (:mod:`unclench.store.glance`), and the store is opened only when a glance
cannot tell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unclench.cli.shared import record_place

if TYPE_CHECKING:
    from unclench.course import Course
    from unclench.ownership import OtherFolder


def other_folder_of(course: Course) -> OtherFolder | None:
    """The folder this user's record in ``course`` goes with, when not the course's own (nothing is created).

    The store is opened only when a glance at the database (:mod:`unclench.store.glance`) cannot rule it out:
    nearly always it can (no folder remembered, or this one), and ``check`` asks on every run.
    """
    from unclench import ownership

    where = record_place()
    if course.root is None or ownership.goes_with_any_folder(course.id, course.root) or not where.database.exists():
        return None
    from unclench.store.glance import CannotTell, remembered_folder

    try:
        if not ownership.may_go_elsewhere(remembered_folder(where.database, course.id), course.root):
            return None
    except CannotTell:
        pass  # the store, opening, says (or mends) what the glance could not read
    from unclench.cli.record import open_store

    with open_store(where) as store:
        return ownership.other_folder(store, course.id, course.root)


def other_ids_of_folder(course: Course) -> list[str]:
    """The other course ids whose record on this machine goes with the course's folder (sorted): its ids before the
    author changed it, whose record it no longer shows. Nothing is created; the store is opened only when a glance
    at the database finds such an id, or cannot tell.
    """
    from unclench import folders, ownership

    where = record_place()
    if course.root is None or folders.is_bundled_course(course.root) or not where.database.exists():
        return []
    from unclench.store.glance import CannotTell, courses_of_folder

    folder = ownership.folder_key(course.root)
    try:
        if not [found for found in courses_of_folder(where.database, folder) if found != course.id]:
            return []
    except CannotTell:
        pass  # the store, opening, says (or mends) what the glance could not read
    from unclench.cli.record import open_store

    with open_store(where) as store:
        return [found for found in store.courses_of_folder(folder) if found != course.id and store.has_record(found)]


def may_orphan(course: Course) -> bool:
    """Whether this user's record in ``course`` holds progress the course has no place for now (nothing is created).

    For ``check``'s hint at ``--against-progress``: read at a glance (:func:`unclench.store.glance.saved_places`),
    with the one rule of the journal, ``status`` and ``--against-progress`` (:func:`unclench.places.orphan_of`).
    Anything the glance cannot tell, and a record that may go with another folder (``check`` warns of that), is
    a no: the hint is only a hint, and ``--against-progress`` opens the store and says what it finds.
    """
    from unclench import ownership

    where = record_place()
    if course.root is None or not where.database.exists():
        return False
    from unclench.store.glance import CannotTell, remembered_folder, saved_places

    try:
        if not ownership.goes_with_any_folder(course.id, course.root) and ownership.may_go_elsewhere(
            remembered_folder(where.database, course.id), course.root
        ):
            return False  # the store is never opened for a hint: what other_folder_of opens it for is not said
        places, measures = saved_places(where.database, course.id)
    except CannotTell:
        return False
    from unclench.places import orphan_of

    rated = {measure.id for measure in course.checkins}
    return any(orphan_of(course, *place) is not None for place in places) or not measures <= rated
