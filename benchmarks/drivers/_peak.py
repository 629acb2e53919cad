"""This process's peak resident set size, from ``/proc/self/status`` (``VmHWM``).

``ru_maxrss`` of a child, as ``wait4`` reports it, also counts the parent's
memory at fork time on Linux, so the benchmark children report their own peak.
"""

from __future__ import annotations

import resource


def peak_rss_mb() -> float:
    """The peak RSS of this process so far, in MB (MiB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
