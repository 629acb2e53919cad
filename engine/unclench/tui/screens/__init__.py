"""The screens of the Unclench app."""
