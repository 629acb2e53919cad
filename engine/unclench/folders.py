"""The shape of a course folder: where the index and the lessons are, and which files count.

Kept apart from the loader so that code which only needs to find files (the
course cache, the command line) does not import pydantic.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
from pathlib import Path

from unclench.errors import UnclenchError
from unclench.frozen import frozen_record

COURSE_INDEX = Path("course") / "course.toml"
LESSONS_DIR = "lessons"
#: A course folder with more lesson files than this is refused.
MAX_LESSON_FILES = 10_000


def is_course_folder(path: Path) -> bool:
    """Whether ``path`` is a folder holding ``course/course.toml``.

    A folder that cannot be looked into counts as one: reading it then says why it cannot be read.
    """
    try:
        return (path / COURSE_INDEX).is_file()
    except PermissionError:
        return True
    except (OSError, RuntimeError):
        return False


def index_absence(path: Path) -> str:
    """Why ``path`` is not a course folder, in words that follow "it": no index, or an index that is not a file.

    A pipe, device or folder named ``course.toml`` is not "missing": saying so
    would send the author looking for a file that is there.
    """
    index = path / COURSE_INDEX
    try:
        mode = os.lstat(index).st_mode
    except OSError:
        return f"it has no {COURSE_INDEX}"
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(index).st_mode
        except OSError:
            return f"its {COURSE_INDEX} is a symbolic link that leads to no file"
        if not stat.S_ISREG(mode):  # a link to /dev/zero leads somewhere: say where
            plain = "the index must be a plain file"
            return f"its {COURSE_INDEX} is a symbolic link to a {_kind_of_file(mode)}, not a regular file; {plain}"
        return f"its {COURSE_INDEX} cannot be read"
    if stat.S_ISREG(mode):
        return f"its {COURSE_INDEX} cannot be read"
    return f"its {COURSE_INDEX} is a {_kind_of_file(mode)}, not a regular file; the index must be a plain file"


def index_remedy(path: Path) -> str:
    """What to do about ``path`` not being a course folder (see :func:`index_absence`), lower-case: an index
    that is there but not a plain file is replaced; only a folder without one starts a new course."""
    if os.path.lexists(path / COURSE_INDEX):
        return f"replace {path / COURSE_INDEX} with the course's index, a plain .toml file"
    if looks_like_course(path):  # lessons without their index: a new course there would not take them
        return f"give its lessons an index: `unclench new course OTHER-FOLDER` writes one to copy into {COURSE_INDEX}"
    return "create one with `unclench new course DIR`"


def misnamed_index(path: Path) -> Path | None:
    """The file in ``path`` that was probably meant as its ``course/course.toml``, relative to ``path``.

    ``course/Course.toml`` (names are case-sensitive), ``course/cours.toml``, ``Course/course.toml`` or a
    ``course.toml`` next to ``course/`` rather than in it. None when there is no such file.
    """
    import difflib  # only once an index is missing

    def near(name: str, meant: str) -> bool:
        return name.casefold() == meant or bool(difflib.get_close_matches(name.casefold(), [meant], cutoff=0.8))

    try:
        folders = sorted(entry for entry in path.iterdir() if near(entry.name, COURSE_INDEX.parent.name))
        candidates = [
            *(sorted(folder.iterdir()) for folder in folders if folder.is_dir()),
            [path / COURSE_INDEX.name],
        ]
        for entries in candidates:
            for entry in entries:
                if entry.suffix.casefold() == ".toml" and near(entry.name, COURSE_INDEX.name) and entry.is_file():
                    return entry.relative_to(path)
    except OSError:
        return None
    return None


def misnamed_lessons_folder(root: Path) -> Path | None:
    """The folder in ``root`` probably meant as its ``lessons/`` (``lesson/``, ``Lessons/``), relative to ``root``."""
    import difflib  # only once the lessons folder is missing

    try:
        for entry in sorted(root.iterdir()):
            folded = entry.name.casefold()
            near = folded == LESSONS_DIR or difflib.get_close_matches(folded, [LESSONS_DIR], cutoff=0.8)
            if entry.name != LESSONS_DIR and near and entry.is_dir():
                return entry.relative_to(root)
    except OSError:
        return None
    return None


def misnamed_lesson(root: Path, lesson_id: str) -> Path | None:
    """The file that was probably meant as ``lessons/<lesson_id>.toml`` but is not read, relative to ``root``.

    One whose name differs in case (``A-Body-Scan.TOML``), or that has more after the name
    (``a-body-scan.toml.txt``, which some editors write) or another ending (``a-body-scan.txt``), in
    ``lessons/`` or in a folder right inside it (``lessons/extra/a-body-scan.toml``: lessons are read from
    ``lessons/`` only). None when there is no such file.
    """
    meant = f"{lesson_id}.toml"

    def near(name: str) -> bool:
        folded = name.casefold()
        if folded == meant:
            return name != meant  # the name in other letters
        return folded.startswith((f"{meant}.", f"{lesson_id}."))

    folder = root / LESSONS_DIR
    try:
        entries = sorted(folder.iterdir(), key=_name)
        for entry in entries:
            if near(entry.name) and entry.is_file():
                return entry.relative_to(root)
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
                continue
            for inner in sorted(entry.iterdir(), key=_name):
                if (inner.name.casefold() == meant or near(inner.name)) and inner.is_file():
                    return inner.relative_to(root)
    except OSError:
        return None
    return _unread_with_id(root, lesson_id)


#: The largest unread file looked into for a lesson's id (a lesson is a few kilobytes).
_LOOKED_INTO_BYTES = 256 * 1024


def _unread_with_id(root: Path, lesson_id: str) -> Path | None:
    """The unread ``.toml`` file in ``lessons/`` (:func:`unread_toml_files`) whose text sets ``id = "<lesson_id>"``
    (a lesson moved into a folder and renamed, its file keeping its old name), relative to ``root``; else None.

    Only regular files no larger than a lesson could be are read (a pipe named like a lesson would hang).
    """
    said = re.compile(rf"""^[ \t]*id[ \t]*=[ \t]*(["']){re.escape(lesson_id)}\1""", re.MULTILINE)
    for path in unread_toml_files(root):
        if path.parts[0] != LESSONS_DIR:
            continue
        try:
            info = (root / path).stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > _LOOKED_INTO_BYTES:
                continue
            text = (root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if said.search(text):
            return path
    return None


def _kind_of_file(mode: int) -> str:
    """In a word, what a file that is not a regular one is."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def enclosing_course(start: Path) -> Path | None:
    """The course folder ``start`` is in: ``start`` itself or the nearest folder above it that is one."""
    try:
        here = start.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (here, *here.parents):
        try:
            if is_course_folder(folder):
                return folder
        except OSError:
            return None
    return None


def owner_name(uid: int) -> str:
    """The name of the user with ``uid`` (``user 1234`` when the system does not know it)."""
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError, OverflowError):
        return f"user {uid}"


class NotYourCourseError(UnclenchError):
    """The course found in or above the folder the person is in is not theirs alone, so it is not opened.

    Anyone who can write a folder above the person's (``/tmp``, a shared folder, an unpacked archive)
    could plant a look-alike course there: its own helplines on the support card, and the learner's
    answers going into another record. As git does for a repository of another user (safe.directory),
    such a course is opened only when the person names it with ``--course``. So is a course with a folder
    or file others can change: a part that belongs to another user, or that every user may write to.
    """

    def __init__(self, root: Path, foreign: ForeignPart, here: Path) -> None:
        found = "the folder you are in" if root == here else "a folder above the one you are in"
        what = _part_in_words(root, foreign.part)
        course = shlex.quote(str(root))
        trust = f"if you trust it, name it yourself: --course {course} (for example `unclench --course {course}`)"
        if foreign.owner is not None:
            owner = owner_name(foreign.owner)
            message = (
                f"the course in {root} (found in {found}) is not yours: {what} belongs to another user ({owner}), "
                "and Unclench does not open another user's course on its own"
            )
            hint = f"{trust}; otherwise run unclench from a folder outside it"
        else:
            owner = None
            message = (
                f"the course in {root} (found in {found}) is not yours alone: {what} can be changed by every user "
                "of this computer, and Unclench does not open on its own a course others can change"
            )
            hint = (
                f"if it is yours, let only you change it: `chmod -R o-w {course}`; {trust}; "
                "otherwise run unclench from a folder outside it"
            )
        super().__init__(message, hint)
        self.root = root
        self.part = foreign.part
        self.owner = owner


def _part_in_words(root: Path, part: Path) -> str:
    """``part`` of the course folder ``root`` as the subject of "belongs": "it", "its lessons/ folder"..."""
    if part == root:
        return "it"
    try:
        relative = part.relative_to(root).as_posix()
    except ValueError:
        relative = str(part)
    return f"its {relative}/ folder" if part.is_dir() else f"its {relative}"


@frozen_record
class ForeignPart:
    """A folder or file a course is read from that is not the person's alone (:func:`foreign_part`)."""

    part: Path
    owner: int | None
    """The uid of the other user it belongs to; None when it is the person's but every user may write to it."""


def foreign_part(root: Path) -> ForeignPart | None:
    """The first folder or file the course in ``root`` is read from that is not the person's alone.

    Looked at in turn: ``root``, its ``course/``, its ``course/course.toml``, its ``lessons/`` and each lesson
    file (:func:`lesson_files`). One that belongs to another user, or that every user may write to (mode
    ``o+w``, such as 0777 or 0666), could be rewritten by someone else: its lessons and its support card.
    None when all are the person's alone, or on a system without user ids (Windows). Only what is read
    counts, and a file someone else plants or puts in place of one is theirs, not the person's; symbolic
    links are followed to what they lead to. A part that cannot be looked at is left to the loader, which
    says why it cannot be read.
    """
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return None
    me = geteuid()

    def foreign(part: Path) -> ForeignPart | None:
        info = part.stat()
        if info.st_uid != me:
            return ForeignPart(part, info.st_uid)
        if info.st_mode & stat.S_IWOTH:
            return ForeignPart(part, None)
        return None

    for part in (root, root / COURSE_INDEX.parent, root / COURSE_INDEX):
        try:
            found = foreign(part)
        except OSError:
            return None
        if found is not None:
            return found
    try:
        lessons = [root / LESSONS_DIR, *lesson_files(root)]
    except OSError:
        lessons = [root / LESSONS_DIR]
    for part in lessons:
        try:
            found = foreign(part)
        except OSError:
            continue  # no lessons/, or a lesson that cannot be read: the loader says so
        if found is not None:
            return found
    return None


def yours_above(here: Path) -> Path | None:
    """The course folder ``here`` is in (:func:`enclosing_course`), when it is the person's alone.

    The bundled course is always theirs to open: it is the one Unclench opens anyway.

    Raises:
        NotYourCourseError: A folder or file that course is read from belongs to another user, or every user
            may write to it (:func:`foreign_part`).
    """
    found = enclosing_course(here)
    if found is None or is_bundled_course(found):
        return found
    foreign = foreign_part(found)
    if foreign is None:
        return found
    try:
        resolved = here.resolve()
    except (OSError, RuntimeError):
        resolved = here
    raise NotYourCourseError(found, foreign, resolved)


def looks_like_course(path: Path) -> bool:
    """Whether ``path`` has a ``course/`` or ``lessons/`` folder holding .toml files (a course, or most of one)."""
    for name in (COURSE_INDEX.parent.name, LESSONS_DIR):
        try:
            if any(entry.suffix == ".toml" for entry in (path / name).iterdir()):
                return True
        except OSError:
            continue
    return False


#: How deep below a folder :func:`courses_below` looks, and how many names it looks at at most: a course
#: one or two folders down is near enough to be the one meant, and looking stays cheap in a big tree.
NEAR_BELOW_DEPTH = 2
NEAR_BELOW_ENTRIES = 2000


def courses_below(folder: Path) -> list[Path]:
    """The person's own course folders at most :data:`NEAR_BELOW_DEPTH` folders below ``folder``, sorted.

    For a command run one folder too high (the parent of a course, or of a folder of courses). Hidden
    folders and symbolic links are not followed, and at most :data:`NEAR_BELOW_ENTRIES` names are looked
    at. Only courses that are the person's alone count (:func:`foreign_part`), as for one found above, and
    never the bundled course, which is what such a command checks anyway.
    """
    found: list[Path] = []
    level = [folder]
    looked = 0
    for _depth in range(NEAR_BELOW_DEPTH):
        below: list[Path] = []
        for parent in level:
            try:
                entries = sorted(parent.iterdir(), key=_name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                looked += 1
                if looked > NEAR_BELOW_ENTRIES:
                    return sorted(found)
                try:
                    if entry.is_symlink() or not entry.is_dir():
                        continue
                    if (entry / COURSE_INDEX).is_file():
                        if foreign_part(entry) is None and not is_bundled_course(entry):
                            found.append(entry)
                        continue  # a course's own folders hold no other course
                except OSError:
                    continue
                below.append(entry)
        level = below
    return sorted(found)


@frozen_record
class Discovered:
    """The course a command means, and how it was chosen."""

    root: Path
    why: str
    """In words: "given by --course", "the course folder you are in", "the bundled course; ..."."""
    index_missing: bool = False
    """``root`` looks like a course (``course/`` or ``lessons/`` with .toml files) but has no course.toml."""
    fallback: bool = False
    """No course was given or found where the person is: ``root`` is the bundled course, chosen for want of one."""


def discover_course(given: Path | None, here: Path) -> Discovered:
    """The course every command uses: ``--course``, else the course folder ``here`` is in, else the bundled one.

    A course folder found in or above ``here`` is used only when it is the person's own (:func:`yours_above`).

    A folder that looks like a course but lacks ``course/course.toml`` (``here``
    or its parent, e.g. when standing in its ``lessons/``) is returned with
    ``index_missing`` rather than silently passed over for the bundled course.

    Raises:
        NotYourCourseError: The course folder ``here`` is in belongs to another user.
    """
    if given is not None:
        return Discovered(given, "given by --course")
    found = yours_above(here)
    if found is not None:
        return Discovered(found, "the course folder you are in")
    try:
        near = here.resolve()
    except (OSError, RuntimeError):
        near = here
    for folder in (near, near.parent):
        if looks_like_course(folder):
            return Discovered(folder, "the folder you are in looks like a course", index_missing=True)
    return Discovered(bundled_course_root(), "the bundled course; you are not in a course folder", fallback=True)


def lesson_files(root: Path) -> list[Path]:
    """The lesson files of a course folder, sorted by name (at most one more than the limit).

    Every ``lessons/*.toml`` but editors' hidden, backup and lock files (:func:`is_editor_file`); the
    loader reports the ones that are not regular files.

    Raises:
        OSError: The lessons folder cannot be read.
    """
    folder = root / LESSONS_DIR
    if not folder.is_dir():
        return []
    files: list[Path] = []
    for entry in folder.iterdir():
        if entry.suffix == ".toml" and not is_editor_file(entry.name):
            files.append(entry)
            if len(files) > MAX_LESSON_FILES:
                break
    return sorted(files, key=_name)  # one folder: the same order as sorting the paths, without comparing paths


def unread_toml_files(root: Path) -> list[Path]:
    """The ``.toml`` files of the course folder ``root`` that are not read, relative to it, sorted.

    In ``lessons/``: a name ending in ``.TOML`` or ``.Toml``, and any ``.toml`` file in a folder inside it
    (``lessons/extra/deep.toml``, two levels down at most). In ``course/``: any ``.toml`` file but
    ``course.toml``. Editors' own files (:func:`is_editor_file`) are left out.
    """
    found: list[Path] = []

    def toml(entry: Path) -> bool:
        return entry.name.casefold().endswith(".toml") and not is_editor_file(entry.name.casefold())

    def walk(folder: Path, depth: int) -> None:
        try:
            entries = sorted(folder.iterdir(), key=_name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") or (entry.is_symlink() and not entry.is_file()):  # no loops
                continue
            if entry.is_dir():
                if depth < 2:
                    walk(entry, depth + 1)
            elif toml(entry) and (depth > 0 or entry.suffix != ".toml"):
                found.append(entry.relative_to(root))

    walk(root / LESSONS_DIR, 0)
    index = root / COURSE_INDEX
    try:
        others = sorted(index.parent.iterdir(), key=_name)
    except OSError:
        others = []
    found += [
        entry.relative_to(root) for entry in others if entry.name != index.name and toml(entry) and entry.is_file()
    ]
    return found


def is_editor_file(name: str) -> bool:
    """Whether a file name is a dotfile or an editor's backup or lock file, not a lesson.

    ``.name.toml`` (hidden, and Emacs' ``.#name.toml`` locks), ``name~.toml`` (backups), ``#name#.toml``
    (Emacs' autosaves). Names ending ``.toml~`` or ``.bak`` are not ``.toml`` files in the first place.
    """
    stem = name.removesuffix(".toml")
    return name.startswith((".", "#")) or stem.endswith("~")


def _name(path: Path) -> str:
    return path.name


#: The id of the course that ships with Unclench. The learner's record is kept by course id, so no other
#: folder may use this one: it would show (and could reword) their journal in this course.
BUNDLED_COURSE_ID = "unclench"


#: What a course or lesson id may look like (the format's rule, :data:`unclench.model.ID_PATTERN`, without pydantic).
_COURSE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def well_formed_id(text: str) -> bool:
    """Whether ``text`` may be a course's or a lesson's id (the format's rule), read without pydantic."""
    return _COURSE_ID.fullmatch(text) is not None


def id_like(text: str, example: str) -> str:
    """``text`` made an id (``My Hands`` → ``my-hands``), to suggest in its place; ``example`` when nothing is left."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64].rstrip("-")
    return made if made and made != text and well_formed_id(made) else example


#: The largest course file read (the loader's limit too: a file past it is a problem, never read).
MAX_COURSE_FILE_BYTES = 2 * 1024 * 1024


def index_says(root: Path) -> tuple[str | None, str | None]:
    """The id and title ``root``'s course.toml gives, read leniently for a course that does not load.

    Each is None when the index cannot be read or parsed, or does not give it as it should be. Not read through a
    link that leads outside the course (a tester's index linked to another course's gave that course's record), nor
    past the size a course file may have, as ``check`` reads it.
    """
    from unclench.tomlread import parse

    try:
        folder = root.resolve()
        index = (root / COURSE_INDEX).resolve(strict=True)
        info = index.stat()
        if not index.is_relative_to(folder) or not stat.S_ISREG(info.st_mode) or info.st_size > MAX_COURSE_FILE_BYTES:
            return None, None
        data = parse(index.read_text(encoding="utf-8"))
    except (OSError, RuntimeError, UnicodeError, ValueError, RecursionError):
        return None, None
    course_id, title = data.get("id"), data.get("title")
    return (
        course_id if isinstance(course_id, str) and well_formed_id(course_id) else None,
        title if isinstance(title, str) and title.strip() else None,
    )


def is_bundled_course(root: Path) -> bool:
    """Whether ``root`` is the folder of the course that ships with this Unclench."""
    try:
        return root.resolve() == bundled_course_root().resolve()
    except (OSError, RuntimeError):
        return False


def borrows_bundled_id(course_id: str, root: Path) -> bool:
    """Whether a course in ``root`` claims the bundled course's id without being the bundled course."""
    return course_id == BUNDLED_COURSE_ID and not is_bundled_course(root)


def bundled_course_root() -> Path:
    """The folder of the course that ships with Unclench.

    In a wheel it is packaged as ``unclench/_bundled``; in a source checkout
    it is the repository itself.
    """
    packaged = Path(__file__).resolve().parent / "_bundled"
    if is_course_folder(packaged):
        return packaged
    return Path(__file__).resolve().parents[2]
