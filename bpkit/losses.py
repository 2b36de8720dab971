"""Costs as objects, in the spirit of Nielsen's ``network2.py``: the value, and the output error BP1 needs.

Arrays are (n,) for a sample or (n, m) for a minibatch of columns; ``fn`` gives one cost per sample. The
costs are computed from the weighted input z^L, so cross-entropy stays exact where a^L rounds to 0 or 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

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

    def check_target(self, y: Array, output: Activation) -> None:
        """Every finite target is allowed."""

    def fn(self, z: Array, a: Array, y: Array, output: Activation) -> Array:
        """The cost of each sample: 1/2 sum_j (a_j - y_j)^2."""
        return 0.5 * np.sum((a - y) ** 2, axis=0)

    def mean(self, z: Array, a: Array, y: Array, output: Activation) -> float:
        """C of a sample, or its mean over a batch of m columns: ||a - y||^2 / 2m, as one dot product."""
        return 0.5 * float(np.vdot(r := a - y, r)) / (a.size // len(a))

    def grad_a(self, a: Array, y: Array, output: Activation) -> Array:
        """grad_a C = a - y."""
        return a - y

    def delta(self, z: Array, a: Array, y: Array, output: Activation, prime: Array | None = None) -> Array:
        """delta^L = (a - y) (.) sigma'(z^L), with sigma'(z^L) given or computed; for softmax, J^T (a - y)."""
        return output.vjp(z, a - y) if prime is None else (a - y) * prime


class CrossEntropy:
    """-sum [y ln a + (1 - y) ln(1 - a)] on sigmoid outputs; -sum y ln a on softmax outputs."""

    name = "cross_entropy"

    def check_target(self, y: Array, output: Activation) -> None:
        """Targets are probabilities in [0, 1]; on a softmax output each column must sum to 1."""
        if output.name not in ("sigmoid", "softmax"):
            raise ValueError(f"cross_entropy needs a sigmoid or softmax output layer, got {output.name!r}")
        if np.any(y < 0) or np.any(y > 1):
            raise ValueError(f"cross_entropy targets y must lie in [0, 1], got values from {y.min():g} to {y.max():g}")
        sums = np.sum(y, axis=0).reshape(-1)
        if output.name == "softmax" and (bad := np.flatnonzero(np.abs(sums - 1.0) > 1e-9)).size:
            raise ValueError(f"cross_entropy with a softmax output needs each column of y to sum to 1 "
                             f"(a distribution such as one-hot), but column {bad[0]} sums to {sums[bad[0]]:g}")

    def fn(self, z: Array, a: Array, y: Array, output: Activation) -> Array:
        """The cost of each sample, from z: -ln sigma(z) = softplus(-z), -ln(1 - sigma(z)) = softplus(z)."""
        if output.name == "softmax":
            return -np.sum(y * log_softmax(z), axis=0)
        return np.sum(y * softplus(-z) + (1.0 - y) * softplus(z), axis=0)

    def mean(self, z: Array, a: Array, y: Array, output: Activation) -> float:
        """C of a sample, or its mean over a batch of columns."""
        return float(self.fn(z, a, y, output).mean())

    def grad_a(self, a: Array, y: Array, output: Activation) -> Array:
        """The textbook grad_a C, (a - y) / (a (1 - a)) or -y / a on softmax; infinite where a is 0 or 1."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return -y / a if output.name == "softmax" else (a - y) / (a * (1.0 - a))

    def delta(self, z: Array, a: Array, y: Array, output: Activation, prime: Array | None = None) -> Array:
        """delta^L = a - y on sigmoid outputs; s sum_i(y_i) - y (= s - y for a distribution y) on softmax."""
        return a * np.sum(y, axis=0, keepdims=True) - y if output.name == "softmax" else a - y


Cost = Quadratic | CrossEntropy
COSTS: dict[str, Cost] = {"quadratic": Quadratic(), "cross_entropy": CrossEntropy()}


def cost_named(cost: Any) -> Cost:
    """The cost object for a name ('quadratic', 'cross_entropy'), or the object itself."""
    if isinstance(cost, (Quadratic, CrossEntropy)):
        return cost
    if not isinstance(cost, str):
        raise TypeError(f"cost must be a string, one of {tuple(COSTS)}, got {cost!r}")
    if cost not in COSTS:
        raise ValueError(f"unknown cost {cost!r}; expected one of {tuple(COSTS)}")
    return COSTS[cost]
