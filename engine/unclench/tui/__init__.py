"""The Textual app that learners use: course map, lesson player, safety gates.

Only :mod:`unclench.cli` (its ``run`` and ``author`` commands) imports this package (and only to run the course), so
that the domain modules and the other commands never load Textual.
"""
