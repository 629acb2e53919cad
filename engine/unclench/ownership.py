"""Which course folder a learner's record goes with.

The record is kept by course id (:mod:`unclench.store`), and any folder can
say any id. So the store remembers the folder a course's record was made with
(its resolved path), and a different folder that opens with the same id does
not silently get the record: the app asks the learner, and the record commands
refuse, naming both folders, until the learner moves the record (``unclench
move-record``, or the app's question). That folder may be the same course
moved, copied or unpacked as an update elsewhere, or a folder that only
borrows the id to show the learner's answers under its own questions.

A record made before folders were remembered (or a course with nothing saved
yet) goes with the first folder that opens it. The bundled course is never
asked about: its folder moves with every installation, and no other folder
may use its id (:func:`unclench.folders.borrows_bundled_id`).
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from unclench import folders
from unclench.errors import UnclenchError
from unclench.frozen import frozen_record

if TYPE_CHECKING:
    from unclench.store import ProgressStore


def folder_key(root: Path) -> Path:
    """The folder as the store remembers it: absolute, links resolved (the same folder, however it was named)."""
    try:
        return root.resolve()
    except (OSError, RuntimeError):
        return root.absolute()


@frozen_record
class OtherFolder:
    """The learner's record in ``course_id`` goes with ``remembered``, and ``here`` says it is the same course."""

    course_id: str
    remembered: Path
    here: Path

    @property
    def remembered_is_there(self) -> bool:
        """Whether the remembered folder still holds a course (it may have been moved or deleted)."""
        return folders.is_course_folder(self.remembered)

    @property
    def remembered_shown(self) -> str:
        """The remembered folder, with ``(no longer there)`` when it holds no course now."""
        return str(self.remembered) + ("" if self.remembered_is_there else " (no course is there now)")


class RecordElsewhereError(UnclenchError):
    """A command was given a folder whose course id's record goes with another folder."""

    def __init__(self, other: OtherFolder) -> None:
        super().__init__(
            f"your record in the course '{other.course_id}' was made with the course in {other.remembered_shown}, "
            f"not with {other.here}, which says it is the same course; nothing was read or changed",
            f"if {other.here} is that course moved, copied or updated, run `unclench move-record --course "
            f"{shlex.quote(str(other.here))}` to use your record with it from now on; otherwise use "
            f"--course {shlex.quote(str(other.remembered))}",
        )
        self.other = other


def goes_with_any_folder(course_id: str, root: Path) -> bool:
    """Whether the record in ``course_id`` goes with ``root`` whatever the store remembers: the bundled course's."""
    return course_id == folders.BUNDLED_COURSE_ID and folders.is_bundled_course(root)


def may_go_elsewhere(remembered: Path | None, root: Path) -> bool:
    """Whether a record whose store remembers the folder ``remembered`` (None: none yet) may go with another than
    ``root`` (it does when there is a record to keep apart)."""
    return remembered is not None and remembered != folder_key(root)


def other_folder(store: ProgressStore, course_id: str, root: Path) -> OtherFolder | None:
    """The folder the record goes with, when it is not ``root`` and there is a record to keep apart; else None."""
    if goes_with_any_folder(course_id, root):
        return None
    remembered = store.course_folder(course_id)
    if remembered is None or not may_go_elsewhere(remembered, root) or not store.has_record(course_id):
        return None
    return OtherFolder(course_id, remembered, folder_key(root))


def claim(store: ProgressStore, course_id: str, root: Path) -> None:
    """Make the course's record go with ``root`` (written only when it does not already; never the bundled course).

    Call it only when :func:`other_folder` is None or the learner chose to move the record here.
    """
    if goes_with_any_folder(course_id, root):
        return
    here = folder_key(root)
    if store.course_folder(course_id) != here:
        store.set_course_folder(course_id, here)


def course_of_folder(store: ProgressStore, root: Path) -> str | None:
    """The one course id whose record goes with ``root``; None when there is none, or more than one."""
    if folders.is_bundled_course(root):
        return folders.BUNDLED_COURSE_ID
    ids = store.courses_of_folder(folder_key(root))
    return ids[0] if len(ids) == 1 else None
