"""Costs as objects, as in Nielsen's ``network2.py``: ``fn``, the cost, and ``delta``, BP1's error.

Arrays: (n,) for a sample, (n, m) for a minibatch of columns, all of one shape, checked by the
caller (``Network``, ``bpkit.bp1``): like ``ACTIVATIONS``, the costs do not check. ``fn`` gives one
cost per sample, from z^L, so cross-entropy stays exact where a^L rounds to 0 or 1."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._checks import check_name
from .activations import Activation

Array = np.ndarray


def softplus(t: Array) -> Array:
    """ln(1 + e^t), without overflow for large t or loss of digits for very negative t."""
    return np.maximum(t, 0.0) + np.log1p(np.exp(-np.abs(t)))


def log_softmax(z: Array) -> Array:
    """ln s_i = z_i - ln sum_j e^{z_j} per column (log-sum-exp shifted by the maximum)."""
    top = np.max(z, axis=0, keepdims=True)
    return z - top - np.log(np.sum(np.exp(z - top), axis=0, keepdims=True))


class Quadratic:
    """C = 1/2 ||y - a^L||^2, for any output activation and any finite target."""

    name = "quadratic"

    def fn(self, z: Array, a: Array, y: Array, output: Activation) -> Array:
        """The cost of each sample: 1/2 sum_j (a_j - y_j)^2."""
        return 0.5 * np.sum((a - y) ** 2, axis=0)

    def grad_a(self, a: Array, y: Array, output: Activation) -> Array:
        """grad_a C = a - y."""
        return a - y

    def delta(self, z: Array, a: Array, y: Array, output: Activation) -> Array:
        """delta^L = (a - y) (.) sigma'(z^L); for a softmax output, J^T (a - y)."""
        return output.vjp(z, a - y)


class CrossEntropy:
    """-sum [y ln a + (1 - y) ln(1 - a)] on sigmoid outputs; -sum y ln a on softmax outputs."""

    name = "cross_entropy"

    def fn(self, z: Array, a: Array, y: Array, output: Activation) -> Array:
        """The cost of each sample, from z: -ln sigma(z) = softplus(-z) and
        -ln(1 - sigma(z)) = softplus(z)."""
        if output.name == "softmax":
            return -np.sum(y * log_softmax(z), axis=0)
        return np.sum(y * softplus(-z) + (1.0 - y) * softplus(z), axis=0)

    def grad_a(self, a: Array, y: Array, output: Activation) -> Array:
        """The textbook grad_a C: (a - y) / (a (1 - a)), or -y / a on softmax; inf or nan (0/0)
        where a rounds to 0 or 1, which is why ``delta`` uses a - y instead."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return -y / a if output.name == "softmax" else (a - y) / (a * (1.0 - a))

    def delta(self, z: Array, a: Array, y: Array, output: Activation) -> Array:
        """delta^L = a - y on sigmoid outputs; s sum_i(y_i) - y on softmax (s - y for a
        distribution y)."""
        return a * np.sum(y, axis=0, keepdims=True) - y if output.name == "softmax" else a - y


Cost = Quadratic | CrossEntropy
COSTS: dict[str, Cost] = {"quadratic": Quadratic(), "cross_entropy": CrossEntropy()}


def cost_named(cost: Any) -> Cost:
    """The cost object for a name ('quadratic', 'cross_entropy'), or the object itself."""
    if isinstance(cost, (Quadratic, CrossEntropy)):
        return cost
    return COSTS[check_name(cost, COSTS, "cost")]
