"""Costs and their gradients with respect to the output activations a = a^L.

Arrays are (n,) for one sample or (n, m) for a minibatch whose columns are samples; a batch's
cost is the mean of the samples' costs, and its gradient stays per sample (one column each).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._checks import as_finite_array, check_ndim

#: Outputs are clipped to [EPS, 1 - EPS] inside logarithms, so costs stay finite at 0 and 1.
EPS = 1e-15


def _pair(a: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    a = as_finite_array(a, "a")
    y = as_finite_array(y, "y")
    check_ndim(a, "a", (1, 2))
    if a.shape != y.shape:
        raise ValueError(f"y must have the shape of the output a, {a.shape}, got {y.shape}")
    return a, y


def _mean_over_samples(per_entry: np.ndarray) -> float:
    per_sample = np.sum(per_entry, axis=0)
    return float(np.mean(per_sample))


def quadratic(a: Any, y: Any) -> float:
    """Quadratic cost C = 1/2 ||y - a||^2 (mean over the columns of a batch)."""
    a, y = _pair(a, y)
    return _mean_over_samples(0.5 * (y - a) ** 2)


def quadratic_grad(a: Any, y: Any) -> np.ndarray:
    """Gradient of the quadratic cost, grad_a C = a - y, shape of a."""
    a, y = _pair(a, y)
    return a - y


def cross_entropy(a: Any, y: Any) -> float:
    """Categorical cross-entropy C = -sum_i y_i ln a_i, for softmax outputs (finite at a = 0)."""
    a, y = _pair(a, y)
    return _mean_over_samples(-y * np.log(np.clip(a, EPS, 1.0)))


def cross_entropy_grad(a: Any, y: Any) -> np.ndarray:
    """Gradient of the categorical cross-entropy, grad_a C = -y / a (a clipped away from 0)."""
    a, y = _pair(a, y)
    return -y / np.clip(a, EPS, 1.0)


def binary_cross_entropy(a: Any, y: Any) -> float:
    """Cross-entropy for sigmoid outputs, C = -sum [y ln a + (1 - y) ln(1 - a)] (finite at 0 and 1)."""
    a, y = _pair(a, y)
    a = np.clip(a, EPS, 1.0 - EPS)
    return _mean_over_samples(-(y * np.log(a) + (1.0 - y) * np.log1p(-a)))


def binary_cross_entropy_grad(a: Any, y: Any) -> np.ndarray:
    """Gradient of the binary cross-entropy, grad_a C = (a - y) / (a (1 - a)), a clipped into (0, 1)."""
    a, y = _pair(a, y)
    a = np.clip(a, EPS, 1.0 - EPS)
    return (a - y) / (a * (1.0 - a))


COSTS = ("quadratic", "cross_entropy")
