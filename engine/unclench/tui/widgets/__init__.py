"""Widgets of the Unclench app."""
