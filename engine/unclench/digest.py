"""SHA-256 without :mod:`hashlib`: CPython's own implementation, the same digests.

Importing :mod:`hashlib` loads OpenSSL (about 3 ms on an idle machine), and a
start pays it: a returning learner's start hashes the disclaimer to check its
acknowledgement, a quiz reopened hashes its choices' ids to order them.
CPython's own SHA-256 module (``_sha2`` since Python 3.12, ``_sha256``
before) gives the same digests without it; a build without one falls back
to :mod:`hashlib`.

Domain code: never imports Textual.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

#: CPython's own SHA-256 module: its name since Python 3.12, then before.
_OWN_MODULES = ("_sha2", "_sha256")


@functools.cache
def _constructor() -> Callable[..., Any]:
    """The SHA-256 constructor to use (looked up once)."""
    for name in _OWN_MODULES:
        try:
            constructor: Callable[..., Any] = importlib.import_module(name).sha256
        except ImportError:
            continue
        return constructor
    import hashlib

    return hashlib.sha256


def sha256(data: bytes) -> bytes:
    """The SHA-256 digest of ``data``."""
    return bytes(_constructor()(data).digest())


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 hexadecimal digits."""
    return str(_constructor()(data).hexdigest())
