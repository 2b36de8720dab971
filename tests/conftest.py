"""Shared test settings: deterministic hypothesis runs that write nothing into the repository."""

from hypothesis import settings

settings.register_profile("course", database=None, derandomize=True, deadline=None, max_examples=60)
settings.load_profile("course")
