"""Shared test settings: deterministic hypothesis runs that write nothing into the repository.

Hypothesis keeps a cache (``.hypothesis/``) in the working directory unless told otherwise; here it
goes to a temporary folder that is removed when the run ends.
"""

import atexit
import shutil
import tempfile

from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

_HOME = tempfile.mkdtemp(prefix="bpkit-hypothesis-")
set_hypothesis_home_dir(_HOME)
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

settings.register_profile("course", database=None, derandomize=True, deadline=None, max_examples=60)
settings.load_profile("course")
