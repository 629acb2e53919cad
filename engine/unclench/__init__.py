"""Unclench: a guided self-help course in the terminal, and the course engine behind it."""

__version__ = "0.1.0"
