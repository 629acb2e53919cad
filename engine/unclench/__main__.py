"""``python -m unclench``: the same as the ``unclench`` command."""

from unclench.cli import main

raise SystemExit(main())
