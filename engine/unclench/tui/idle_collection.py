"""Python's cycle collector run between key presses, not in the middle of one."""

from __future__ import annotations

import gc


def collect_while_idle() -> None:
    """Run now the collection the next key press would otherwise be held up by, if one is coming soon.

    Python collects cycles when enough new objects were made: in a step change (tens of thousands
    of objects), each time in the middle of one. The youngest generations are quick to walk, but
    every tenth collection of the middle one walks the oldest generation, every object the app
    holds that was not frozen at start-up: on the 1,000-lesson course with a heavy record, those
    presses were the slowest but for the safety gates (``benchmarks/README.md``). Called once a
    step is on screen and the next one is built ahead, in the time a learner reads, this runs the
    collection of the oldest generation when the next collection of the middle one would lead to
    it, and otherwise collects the young objects if a collection of them is over half due. With
    collection off (start-up), it does nothing.
    """
    if not gc.isenabled():
        return
    young, middle, old = gc.get_count()
    young_limit, middle_limit, old_limit = gc.get_threshold()
    if old + 1 >= old_limit:
        gc.collect(2)
    elif middle + 1 >= middle_limit or young * 2 >= young_limit:
        gc.collect(1)
