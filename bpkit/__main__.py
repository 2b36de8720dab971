"""``python -m bpkit ...``: the terminal commands, which live in the course layer (``bpkit.course.cli``)."""

from bpkit.course.cli import main

raise SystemExit(main())
