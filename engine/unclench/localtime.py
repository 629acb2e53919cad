"""Stored times (UTC, ``2026-11-21T23:40:05Z``) as the learner reads them: local, in plain words."""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo

from unclench.text import DAMAGED_VALUE, one_line

#: English month abbreviations (not the C library's locale, which may differ).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The form the store writes; anything else (an imported or damaged record) goes through ``strptime``.
_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", re.ASCII)


def local_date(stamp: str, tz: tzinfo | None = None) -> str:
    """A stored UTC time (``2026-11-21T23:40:05Z``) as a readable local date: ``22 Nov 2026``.

    Args:
        stamp: The stored time.
        tz: The time zone to show it in; None means the computer's local time zone.

    Returns:
        The date, or :func:`not_a_time` when ``stamp`` is not a stored time.
    """
    local = _local_time(stamp, tz)
    if local is None:
        return not_a_time(stamp)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def local_date_time(stamp: str, tz: tzinfo | None = None) -> str:
    """A stored UTC time (``2026-11-21T23:40:05Z``) as a readable local date and time: ``22 Nov 2026, 01:40``.

    The time is on a 24-hour clock, to the minute.

    Args:
        stamp: The stored time.
        tz: The time zone to show it in; None means the computer's local time zone.

    Returns:
        The date and time, or :func:`not_a_time` when ``stamp`` is not a stored time.
    """
    local = _local_time(stamp, tz)
    if local is None:
        return not_a_time(stamp)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local.hour:02d}:{local.minute:02d}"


#: How much of a stored time that is not one :func:`not_a_time` shows.
_SHOWN_OF_NOT_A_TIME = 40


def not_a_time(stamp: str) -> str:
    """``yesterday (damaged value)``: a stored time that is not one (a database changed outside Unclench).

    Its text is shown on one line, its first 40 characters at most, every control character as a symbol
    (:func:`~unclench.text.one_line`), and said to be damaged: it is never taken for a time.
    """
    shown = stamp if len(stamp) <= _SHOWN_OF_NOT_A_TIME else stamp[:_SHOWN_OF_NOT_A_TIME] + "…"
    return f"{one_line(shown)} {DAMAGED_VALUE}" if shown else DAMAGED_VALUE


def stored_moment(stamp: str) -> datetime | None:
    """A stored UTC time (``2026-11-21T23:40:05Z``) as an aware datetime, or None when ``stamp`` is not one."""
    # strptime takes about 50 µs a call and building the datetime from the matched numbers 2 µs; an export of a
    # record of years reads tens of thousands of times. fromisoformat (C) reads the stored form, which the
    # pattern checked, with an explicit offset (Python 3.10 reads no "Z"); an hour of 24 is refused as
    # datetime() refuses it (newer Pythons read "24:00:00" as the next midnight).
    try:
        if _STORED.fullmatch(stamp) is not None:
            if stamp[11:13] >= "24":
                return None
            return datetime.fromisoformat(f"{stamp[:19]}+00:00")
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _local_time(stamp: str, tz: tzinfo | None) -> datetime | None:
    """A stored UTC time in ``tz`` (None: the local time zone), or None when ``stamp`` is not a stored time."""
    moment = stored_moment(stamp)
    if moment is None:
        return None
    try:
        return moment.astimezone(tz)
    except (OverflowError, ValueError, OSError):
        # Year 1 or 9999 is beyond the local time zone's reach (an imported or damaged record):
        # shown in UTC rather than not at all.
        return moment
