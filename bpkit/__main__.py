"""``python -m bpkit ...``: the terminal commands, which live in the course layer (``cli``)."""

from bpkit.course.cli import main

raise SystemExit(main())
