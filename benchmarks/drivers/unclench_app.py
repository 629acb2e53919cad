"""Start-up probe for Unclench: runs the real command line (``unclench [--course DIR]``), headless.

``$BENCH_SCREEN`` names the screen whose first frame counts as "drawn":
``CourseMapScreen`` (default) or ``PlayerScreen`` (a returning learner is taken
straight back to their step, with the course map composed beneath it).
"""

from __future__ import annotations

import os
import sys

from _drawn import install

if __name__ == "__main__":
    target = os.environ.get("BENCH_SCREEN", "CourseMapScreen")
    install(lambda app, screen: screen is app.screen and type(screen).__name__ == target)

    from unclench.cli import main

    raise SystemExit(main(sys.argv[1:]))
