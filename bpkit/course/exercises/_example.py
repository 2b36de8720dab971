"""The worked example and its backprop, computed once for the exercises that ask about it."""

from __future__ import annotations

from functools import cache

from ...network import Gradients
from ..examples import WorkedExample, bpkit_values, worked_example


@cache
def example() -> tuple[WorkedExample, Gradients, dict[str, float]]:
    """The worked example, bpkit's gradients for it, and bpkit's value of every printed name."""
    ex = worked_example()
    grads = ex.network().backprop(ex.x, ex.y)
    return ex, grads, bpkit_values(ex, grads)
