"""Central finite differences: the numerical oracle every analytic gradient is checked against."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import as_finite_array, check_number, is_real_number


def numerical_gradient(f: Callable[[np.ndarray], float], x: Any, eps: float = 1e-6) -> np.ndarray:
    """Central differences (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every entry i of x; shape of x."""
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    eps = check_number(eps, "eps", 0.0, np.inf, open_low=True)
    x = as_finite_array(x, "x", copy=True)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = _scalar(f(x))
        x[i] = old - eps
        f_minus = _scalar(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def _scalar(v: Any) -> float:
    if not is_real_number(v) and not (isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind in "iuf"):
        raise TypeError(f"f must return one real number, got {type(v).__name__} {getattr(v, 'shape', '')}".rstrip())
    if not np.isfinite(float(v)):
        raise ValueError(f"f must return a finite number, got {float(v)}")
    return float(v)


def relative_error(a: Any, b: Any) -> float:
    """max |a - b| / max(|a| + |b|): 0 for equal arrays, about 1 for unrelated ones (0 if both are 0)."""
    a, b = as_finite_array(a, "a"), as_finite_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = float(np.max(np.abs(a) + np.abs(b), initial=0.0))
    return 0.0 if scale == 0.0 else float(np.max(np.abs(a - b))) / scale


def network_numerical_gradients(net: Any, x: Any, y: Any, cost: str = "quadratic",
                                eps: float = 1e-6) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Finite-difference dC/dw^l and dC/db^l for every layer of a Network (biases held at 0 if it has none)."""
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases] if net.biases is not None else [np.zeros(len(w)) for w in weights]
    nabla_w, nabla_b = [], []
    for l in range(len(weights)):
        def cost_of_w(w: np.ndarray, l: int = l) -> float:
            return net.replace(weights[:l] + [w] + weights[l + 1:], biases).cost(x, y, cost)

        def cost_of_b(b: np.ndarray, l: int = l) -> float:
            return net.replace(weights, biases[:l] + [b] + biases[l + 1:]).cost(x, y, cost)

        nabla_w.append(numerical_gradient(cost_of_w, weights[l], eps))
        nabla_b.append(numerical_gradient(cost_of_b, biases[l], eps))
    return nabla_w, nabla_b
