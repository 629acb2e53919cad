"""Commands over the learner's record: status, export, import, reset."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(commands: Any) -> None:
    """Add the record commands to the ``unclench`` parser."""


def run(args: argparse.Namespace) -> int:
    """Run a record command."""
    raise SystemExit(f"unclench: unknown command {args.command}")
