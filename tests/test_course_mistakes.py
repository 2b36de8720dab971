"""``mistakes``: the planted backprop is bpkit's backprop with no flag set, and each typical mistake changes it."""

from __future__ import annotations

import numpy as np

from bpkit import Network
from bpkit.course.diagnose import _cases
from bpkit.course.mistakes import MISTAKES, variant


def test_the_mistake_formulas_default_to_backprop_and_each_differs_from_it() -> None:
    """The reference variants, unplanted, are bpkit's backprop; each planted one changes the gradient."""
    for case in _cases(0):
        want = Network(case[0], case[1]).backprop(case[2], case[3])
        got = variant(*case)
        assert got is not None
        for g, w in zip(got[0] + got[1], want.nabla_w + want.nabla_b, strict=True):
            np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)
    square = _cases(0)[-1]
    for flags, _ in MISTAKES:
        planted, right = variant(*square, **flags), variant(*square)
        assert planted is not None, flags
        pairs = zip(planted[0] + planted[1], right[0] + right[1], strict=True)
        assert not all(np.allclose(p, r) for p, r in pairs), flags
