"""A learner's very first start loads the course without importing pydantic (issue 18: first-run start-up).

The package ships compiled validators, so loading and checking the bundled
course with nothing cached (an empty data folder) needs pydantic-core only;
importing pydantic and building the models would put about 100 ms before the
disclaimer is on screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "engine"

PROBE = """
import json, sys
from unclench import coursecache
from unclench.folders import bundled_course_root
course, remember = coursecache.open_course(bundled_course_root())
print(json.dumps({"lessons": len(course.lessons), "pydantic": "pydantic" in sys.modules}))
"""


@pytest.mark.slow
def test_a_first_start_loads_the_bundled_course_without_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ENGINE)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["lessons"] > 0
    assert result["pydantic"] is False
