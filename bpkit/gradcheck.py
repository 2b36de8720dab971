"""Central finite differences: the numerical oracle every analytic gradient is checked against."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import as_finite_array, check_number, check_scalar, check_step
from .network import Network


def numerical_gradient(f: Callable[[np.ndarray], float], x: Any, h: float = 1e-6) -> np.ndarray:
    """Central differences (f(x + h e_i) - f(x - h e_i)) / (2 h), for every entry i of x (step h).

    Returns an array of the shape of x; ``f`` gets a fresh copy of the shifted x at every call and
    must return one finite real number. Usable steps h: at least 1e4 float64 spacings at every x_i
    (about 2.2e-12 |x_i|), so that rounding x_i +- h changes the step by at most 5e-5 of itself,
    and small enough that x_i +- h stays finite; any other h raises ValueError.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    h = check_number(h, "h", 0.0, np.inf, open_low=True)
    x = as_finite_array(x, "x", copy=True)
    check_step(x, h)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = check_scalar(f(x.copy()))
        x[i] = old - h
        f_minus = check_scalar(f(x.copy()))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
        if not math.isfinite(grad[i]):
            raise ValueError(f"the slope at x[{', '.join(map(str, i))}] overflowed float64 "
                             f"(f = {f_plus:.3g} and {f_minus:.3g}, h = {h:.3g}); expected "
                             "a larger step h or a smoother f")
    return grad


def relative_error(a: Any, b: Any) -> float:
    """max |a - b| / max(|a| + |b|): 0 for equal arrays, about 1 for unrelated ones (0 if both
    are 0); at half scale where |a| + |b| would overflow."""
    a, b = as_finite_array(a, "a"), as_finite_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0)) > 1e307:
        a, b = a / 2, b / 2  # so that |a| + |b| cannot overflow
    scale = float(np.max(np.abs(a) + np.abs(b), initial=0.0))
    return 0.0 if scale == 0.0 else float(np.max(np.abs(a - b))) / scale


def network_numerical_gradients(net: Network, x: Any, y: Any, cost: str = "quadratic",
                                h: float = 1e-6) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Finite-difference dC/dw^l and dC/db^l for every layer of a Network (biases held at 0 if it
    has none); the step h as in ``numerical_gradient``."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    net.cost(x, y, cost)  # checks x, y and cost once, with messages that name them
    weights = [w.copy() for w in net.weights]
    biases = [np.zeros(len(w)) for w in weights] if net.biases is None else net.biases
    h = check_number(h, "h", 0.0, np.inf, open_low=True)
    for l, (w, b) in enumerate(zip(weights, biases, strict=True)):  # a bad step names its array
        check_step(w, h, f"weights[{l}]")
        check_step(b, h, f"biases[{l}]")
    nabla_w, nabla_b = [], []
    for l in range(len(weights)):
        def cost_of_w(w: np.ndarray, l: int = l) -> float:
            return net.replace(weights[:l] + [w] + weights[l + 1:], biases).cost(x, y, cost)

        def cost_of_b(b: np.ndarray, l: int = l) -> float:
            return net.replace(weights, biases[:l] + [b] + biases[l + 1:]).cost(x, y, cost)

        nabla_w.append(numerical_gradient(cost_of_w, weights[l], h))
        nabla_b.append(numerical_gradient(cost_of_b, biases[l], h))
    return nabla_w, nabla_b
