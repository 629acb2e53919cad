"""Opening the database safely, and recovering from what can go wrong with the file.

:func:`open_database` is what :class:`unclench.store.ProgressStore` calls when
it opens: it prepares the data folder, refuses files it must not touch,
checks an existing file without writing to it, moves an unreadable one aside,
migrates, and makes everything private.

* **Privacy.** The data folder is made 0700 and the database with its
  ``-wal``/``-shm`` files 0600, whatever the umask (SQLite gives the side
  files the main file's mode; they are checked again after the first write).
* **Damage.** A file that is not a readable Unclench database is never
  deleted or overwritten: it is moved aside (with its side files) to
  ``progress.sqlite3.unreadable-YYYYmmdd-HHMMSS``, a fresh database is
  started and the store's ``notice`` says where the old file went. A
  database written by a newer Unclench is refused and left untouched; a file
  or folder that is merely read-only is refused with a message saying how to
  fix it.

It also puts SQLite's failures into plain words, with what to do as the hint
(:func:`explain`, :func:`failure`), for every message the store gives.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from unclench import paths
from unclench.files import NOFOLLOW, fsync_dir
from unclench.store.errors import NewerDatabaseError, StoreError
from unclench.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

#: The name of the database file inside the data folder (in :mod:`unclench.paths`, which does not load sqlite3).
DB_FILENAME = paths.DB_FILENAME

#: How long a write waits for another Unclench process to finish its own, in milliseconds.
BUSY_TIMEOUT_MS = 5000

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

# Primary SQLite result codes (extended codes carry them in the low byte).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def database_path(data_dir: Path | None = None) -> Path:
    """The progress database file in ``data_dir``, without opening or creating anything.

    Args:
        data_dir: The data folder; None means :func:`unclench.paths.data_dir`.

    Returns:
        ``data_dir / "progress.sqlite3"``.
    """
    return (Path(data_dir) if data_dir is not None else paths.data_dir()) / DB_FILENAME


def _primary_code(error: sqlite3.Error) -> int | None:
    """The primary SQLite result code of ``error``, guessed from its text if absent."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    guesses = (
        ("disk is full", _SQLITE_FULL),
        ("disk i/o error", _SQLITE_IOERR),
        ("readonly", _SQLITE_READONLY),
        ("read-only", _SQLITE_READONLY),
        ("locked", _SQLITE_BUSY),
        ("malformed", _SQLITE_CORRUPT),
        ("not a database", _SQLITE_NOTADB),
        ("unable to open", _SQLITE_CANTOPEN),
    )
    return next((c for words, c in guesses if words in text), None)


def _is_damage(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the file is damaged or not a database at all."""
    return _primary_code(error) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def explain(error: BaseException) -> tuple[str, str]:
    """A storage ``error`` in plain words: what happened, and what to do about it (``""``: nothing to do)."""
    if isinstance(error, sqlite3.Error):
        code = _primary_code(error)
        explanations = {
            _SQLITE_FULL: ("the disk is full", "Free some space, then try again."),
            _SQLITE_IOERR: ("the disk reported an input/output error", "Check the disk, then try again."),
            _SQLITE_READONLY: ("the file or its folder is read-only", "Make them writable, then try again."),
            _SQLITE_BUSY: ("another Unclench window kept the file busy for too long", "Try again in a moment."),
            _SQLITE_LOCKED: ("another Unclench window kept the file busy for too long", "Try again in a moment."),
            _SQLITE_CORRUPT: (
                "the file is damaged",
                "Restart Unclench: it will keep the damaged file aside and start a fresh one.",
            ),
            _SQLITE_NOTADB: (
                "the file is not a progress database",
                "Restart Unclench: it will keep the file aside and start a fresh one.",
            ),
            _SQLITE_CANTOPEN: ("the file could not be opened", "Check that it and its folder are accessible."),
            _SQLITE_PERM: ("permission denied", "Check the permissions of the file and its folder."),
        }
        if code in explanations:
            return explanations[code]
        return f"the database reported: {error}", ""
    if isinstance(error, UnicodeError):
        return "the text contains characters that are not valid Unicode and cannot be stored", ""
    if isinstance(error, OSError):
        return error.strerror or str(error), ""
    return str(error), ""


def failure(message: str, error: BaseException, kind: type[StoreError] = StoreError) -> StoreError:
    """The error to raise for ``error``: ``message`` ending in what happened, and what to do as the hint.

    Args:
        message: What failed, e.g. ``Could not save your progress to PATH`` (": what happened." is added).
        error: What SQLite or the system raised.
        kind: The error class.
    """
    what, hint = explain(error)
    return kind(f"{message}: {what}.", hint)


def _owned_by_us(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def _refuse_foreign_file(file: Path, st: os.stat_result) -> None:
    """Refuse a database file that is a link, not a plain file, not ours, or writable by others.

    Each could put the learner's journal where someone else can read it, or let
    someone else change it; nothing is changed, the learner is told what to do.
    """
    fix = (
        "Move it out of the data folder (Unclench then starts a fresh one), or set UNCLENCH_DATA_DIR to another folder."
    )
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(f"{file} is a symbolic link, so your progress would be written wherever it points.", fix)
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{file} is not a regular file, so Unclench cannot use it for your progress.", fix)
    if not _owned_by_us(st):
        raise StoreError(f"{file} belongs to another user, who could read or change your journal.", fix)
    if stat.S_IMODE(st.st_mode) & 0o022:
        raise StoreError(
            f"{file} can be changed by other users (mode {stat.S_IMODE(st.st_mode):04o}). If you did not make "
            "it so, someone else may have.",
            f"Make it private (chmod 600 '{file}') if you trust its content; {fix}",
        )


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


class _Unreadable(Exception):
    """Internal: the database file cannot be used and must be moved aside."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_database(data_dir: Path, path: Path, utc_now: Callable[[], datetime]) -> tuple[sqlite3.Connection, str | None]:
    """Open (creating or migrating if needed) the database ``path`` in the folder ``data_dir``.

    Args:
        data_dir: The data folder (created 0700 if missing).
        path: The database file in it.
        utc_now: The store's clock, naming a file moved aside.

    Returns:
        The configured read-write connection, and a notice for the learner when an
        unreadable file was moved aside (None otherwise).

    Raises:
        NewerDatabaseError: The database was written by a newer Unclench.
        StoreError: The folder or file cannot be used (read-only, not a folder, ...).
    """
    notice: str | None = None
    _prepare_dir(data_dir)
    _check_writable(data_dir, path)
    for attempt in range(3):
        identity = _identity(path)
        try:
            inspected = _probe(path)
            conn = _connect(data_dir, path)
            try:
                if not inspected:
                    _inspect(conn, path)
                migrate(conn, path)
            except BaseException:
                conn.close()
                raise
        except _Unreadable as unreadable:
            if attempt == 2:
                raise StoreError(
                    f"Your progress file {path} could not be read ({unreadable.reason}), even after moving it aside.",
                    "Check the disk and the data folder.",
                ) from None
            notice = _move_aside(data_dir, path, unreadable.reason, identity, utc_now()) or notice
            continue
        except sqlite3.Error as error:
            if _is_damage(error) and attempt < 2:
                notice = _move_aside(data_dir, path, "the file is damaged", identity, utc_now()) or notice
                continue
            raise failure(f"Could not open your progress file {path}", error) from None
        make_private(path)
        return conn, notice
    raise AssertionError("unreachable")  # pragma: no cover


def _prepare_dir(directory: Path) -> None:
    """Create the data folder (0700) or tighten an existing one of ours."""
    how_to = "or set UNCLENCH_DATA_DIR to a folder you can write to"
    try:
        if not directory.is_dir():
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(directory, 0o700)
        st = os.stat(directory)
    except (FileExistsError, NotADirectoryError):
        file = paths.file_in_the_way(directory) or directory
        raise StoreError(
            f"The data folder {directory} cannot be made: {file} is a file, not a folder.",
            f"Move that file away, {how_to}.",
        ) from None
    except OSError as error:
        raise StoreError(
            f"Could not create the data folder {directory}: {explain(error)[0]}.", f"Create it yourself, {how_to}."
        ) from None
    if not stat.S_ISDIR(st.st_mode):
        raise StoreError(f"The data folder {directory} is not a folder.", f"Move it away, {how_to}.")
    if not _owned_by_us(st):
        raise StoreError(
            f"The data folder {directory} belongs to another user, who could read or change your journal there.",
            "Unclench keeps your progress only in a folder of your own: set UNCLENCH_DATA_DIR to "
            "a folder you own (or unset it to use your own user data folder).",
        )
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(directory, mode & 0o700)


def _check_writable(directory: Path, path: Path) -> None:
    """Refuse, with advice, a data folder or database file that cannot be written."""
    if not os.access(directory, os.R_OK | os.W_OK | os.X_OK):
        raise StoreError(
            f"The data folder {directory} is read-only, so Unclench cannot save your progress.",
            f"Make it writable (for example: chmod u+rwx '{directory}'), or set UNCLENCH_DATA_DIR to another folder.",
        )
    for file in (path, *(_sidecar(path, s) for s in _SIDE_SUFFIXES)):
        try:
            st = os.lstat(file)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise failure(f"Could not look at {file}", error) from None
        _refuse_foreign_file(file, st)
        if not os.access(file, os.R_OK | os.W_OK):
            raise StoreError(
                f"Your progress file {file} is read-only, so Unclench cannot save your progress.",
                f"Make it readable and writable (for example: chmod u+rw '{file}'), "
                "or set UNCLENCH_DATA_DIR to another folder.",
            )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)


def _probe(path: Path) -> bool:
    """Check an existing database without writing to it.

    Returns:
        True when the file was inspected (or there is nothing to inspect);
        False when a read-only look was impossible and the read-write
        connection must do the inspection.

    Raises:
        _Unreadable: The file is damaged, foreign or not a database.
        NewerDatabaseError: A newer Unclench wrote it.
    """
    wal = _sidecar(path, "-wal")
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        if os.path.exists(wal) and os.stat(wal).st_size > 0:
            raise _Unreadable("a journal was left without its database") from None
        return True
    if size == 0 and not os.path.exists(wal):
        return True
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise failure(f"Could not read your progress file {path}", error) from None
    if size > 0:
        if not header.startswith(_SQLITE_MAGIC):
            raise _Unreadable("it is not a database")
        if len(header) == 100:
            version = int.from_bytes(header[60:64], "big", signed=True)
            app_id = int.from_bytes(header[68:72], "big", signed=False)
            if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
                raise NewerDatabaseError(path, version, SCHEMA_VERSION)
    # A read-only connection never writes to the file, but SQLite may create
    # empty -wal/-shm files beside it; those are removed again if it is unreadable.
    existed = {s for s in ("-wal", "-shm") if os.path.lexists(_sidecar(path, s))}
    try:
        try:
            probe = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as error:
            if _is_damage(error):
                raise _Unreadable("the file is damaged") from None
            return False
        try:
            _inspect(probe, path)
        except sqlite3.Error as error:
            if _is_damage(error):
                raise _Unreadable("the file is damaged") from None
            # E.g. a rollback journal left by a crash needs a writer to replay it.
            return False
        finally:
            probe.close()
    except _Unreadable:
        _remove_probe_leftovers(path, existed)
        raise
    return True


def _remove_probe_leftovers(path: Path, existed: set[str]) -> None:
    """Remove the empty side files the probe of an unreadable file created."""
    for suffix in ("-wal", "-shm"):
        side = _sidecar(path, suffix)
        if suffix in existed:
            continue
        with contextlib.suppress(OSError):
            if suffix == "-shm" or os.stat(side).st_size == 0:
                os.unlink(side)


def _inspect(conn: sqlite3.Connection, path: Path) -> None:
    """Check that ``conn`` holds a healthy Unclench database we may open.

    Raises:
        _Unreadable: Damaged or foreign.
        NewerDatabaseError: Written by a newer Unclench.
        sqlite3.Error: SQLite failed to read it.
    """
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    objects = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or objects != 0):
        raise _Unreadable("it belongs to another program")
    if version > SCHEMA_VERSION:
        raise NewerDatabaseError(path, version, SCHEMA_VERSION)
    # quick_check walks every page and b-tree like integrity_check, without matching each index
    # against its table: a quarter of the time on a record of years, on every start.
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise _Unreadable("the file is damaged")


def _connect(data_dir: Path, path: Path) -> sqlite3.Connection:
    """Open the read-write connection (creating the file 0600) and configure it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
    except FileExistsError:
        pass
    except OSError as error:
        raise failure(f"Could not create your progress file {path}", error) from None
    else:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        fsync_dir(data_dir)
    make_private(path)
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _retry_busy(action: Callable[[], object]) -> None:
    """Run ``action``, retrying while another process holds a lock it needs."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as error:
            if _primary_code(error) not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def make_private(path: Path) -> None:
    """Make the database and its side files 0600 (those that exist and are ours)."""
    for file in (path, *(_sidecar(path, s) for s in _SIDE_SUFFIXES)):
        # Looked at without following a link: only a plain file in the data folder is changed.
        # (Never opened: closing any descriptor of a database file drops SQLite's locks on it.)
        try:
            st = os.lstat(file)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) != 0o600 and _owned_by_us(st):
            with contextlib.suppress(OSError):
                os.chmod(file, 0o600)


def _move_aside(data_dir: Path, path: Path, why: str, identity: tuple[int, int] | None, moment: datetime) -> str | None:
    """Rename the unusable database and its side files; never delete them.

    Returns:
        The notice for the learner, saying where the old file is now; None when another
        Unclench had already moved it aside.
    """
    if identity is not None and _identity(path) != identity:
        return None  # Another Unclench already moved it aside and started afresh.
    base = f"{DB_FILENAME}.unreadable-{moment:%Y%m%d-%H%M%S}"
    suffixes = ("", *_SIDE_SUFFIXES)
    name, counter = base, 1
    while any(os.path.lexists(data_dir / (name + s)) for s in suffixes):
        counter += 1
        name = f"{base}-{counter}"
    target = data_dir / name
    try:
        for suffix in suffixes:
            source = _sidecar(path, suffix)
            if os.path.lexists(source):
                _rename_no_clobber(source, _sidecar(target, suffix))
    except OSError as error:
        raise StoreError(
            f"Your progress file {path} could not be read ({why}), and it could not be "
            f"moved aside ({explain(error)[0]}).",
            "Move or rename it yourself, then start Unclench again.",
        ) from None
    fsync_dir(data_dir)
    return (
        f"Your progress file could not be read ({why}), so Unclench started a fresh one. "
        f"The old file was not deleted: it is now {target}"
    )


def _rename_no_clobber(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)
