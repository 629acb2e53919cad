"""Hold a course's lock, as an open Unclench window does, until killed.

Run as ``python lock_holder.py DATA_DIR`` (``unclench`` importable): it takes the
lock of the course ``mini`` in DATA_DIR, prints ``held`` and waits a minute.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from unclench.instance import CourseLock

if __name__ == "__main__":
    CourseLock(Path(sys.argv[1]), "mini").acquire()
    print("held", flush=True)
    time.sleep(60)
