"""SHA-256 without hashlib (issue 18: start-up): the same digests, and no OpenSSL loaded for them.

A returning learner's start hashes the disclaimer (its acknowledgement is
checked), a reopened quiz hashes its choices' ids: importing ``hashlib`` for
that loaded OpenSSL, about 3 ms of every start.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unclench.digest import sha256, sha256_hex
from unclench.store import ProgressStore

ENGINE = Path(__file__).resolve().parents[2] / "engine"


@given(st.binary(max_size=5000))
def test_the_digests_are_hashlibs(data: bytes) -> None:
    assert sha256(data) == hashlib.sha256(data).digest()
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


@given(st.text(max_size=2000))
def test_an_acknowledged_texts_hash_is_the_one_stored_before(text: str) -> None:
    """Records written with hashlib's digest still match: the hash of a text did not change."""
    expected = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    assert ProgressStore.text_hash(text) == expected


def test_a_lone_surrogate_is_hashed_as_before() -> None:
    text = "name \udc80 end"
    assert ProgressStore.text_hash(text) == hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


PROBE = """
import json, sys
from unclench.digest import sha256_hex
from unclench.store import ProgressStore
ProgressStore.text_hash("The disclaimer, as it reads now.")
print(json.dumps({"hashlib": "hashlib" in sys.modules, "openssl": "_hashlib" in sys.modules}))
"""


@pytest.mark.slow
def test_hashing_an_acknowledged_text_loads_no_openssl(tmp_path: Path) -> None:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ENGINE)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"hashlib": False, "openssl": False}
