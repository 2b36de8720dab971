"""``python -m bpkit ...``: the terminal commands, which live in the course layer (``bpkit.course.cli``)."""

import sys

from bpkit.course.cli import main

sys.exit(main())
