"""Activation functions and their derivatives, stable for inputs of any size.

Each ``f`` has ``f_prime(z)`` (elementwise derivative). Softmax, which is not elementwise,
has its Jacobian ``diag(s) - s s^T`` and the vector-Jacobian product that backprop uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import as_finite_array, check_ndim


def sigmoid(z: Any) -> np.ndarray:
    """Logistic function sigma(z) = 1 / (1 + e^-z), computed without overflow for any z."""
    z = as_finite_array(z, "z")
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z: Any) -> np.ndarray:
    """Derivative sigma'(z) = sigma(z) (1 - sigma(z)), peaking at 1/4 for z = 0."""
    z = as_finite_array(z, "z")
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2  # equal to sigma(1 - sigma), symmetric in z


def tanh(z: Any) -> np.ndarray:
    """Hyperbolic tangent, (e^z - e^-z) / (e^z + e^-z)."""
    return np.tanh(as_finite_array(z, "z"))


def tanh_prime(z: Any) -> np.ndarray:
    """Derivative tanh'(z) = 1 - tanh(z)^2."""
    t = np.tanh(as_finite_array(z, "z"))
    return 1.0 - t * t


def relu(z: Any) -> np.ndarray:
    """Rectified linear unit max(0, z)."""
    return np.maximum(as_finite_array(z, "z"), 0.0)


def relu_prime(z: Any) -> np.ndarray:
    """Derivative of ReLU: 1 where z > 0, else 0 (the value 0 is taken at z = 0)."""
    return (as_finite_array(z, "z") > 0).astype(np.float64)


def softmax(x: Any, axis: int = 0) -> np.ndarray:
    """Softmax s_i = e^{x_i} / sum_j e^{x_j} along ``axis`` (columns are samples), shift-stable."""
    x = as_finite_array(x, "x")
    check_ndim(x, "x", (1, 2))
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(x: Any) -> np.ndarray:
    """Jacobian ds_i/dx_j = s_i (delta_ij - s_j) = diag(s) - s s^T of one sample x, shape (n,) -> (n, n)."""
    x = as_finite_array(x, "x")
    check_ndim(x, "x", (1,))
    s = softmax(x)
    return np.diag(s) - np.outer(s, s)


def softmax_vjp(x: Any, g: Any, axis: int = 0) -> np.ndarray:
    """Vector-Jacobian product J^T g = s (.) (g - <s, g>) without forming J; columns are samples."""
    x = as_finite_array(x, "x")
    g = as_finite_array(g, "g")
    check_ndim(x, "x", (1, 2))
    if g.shape != x.shape:
        raise ValueError(f"g must have the shape of x, {x.shape}, got {g.shape}")
    s = softmax(x, axis=axis)
    return s * (g - np.sum(s * g, axis=axis, keepdims=True))


#: Elementwise activations by name: (f, f_prime).
ACTIVATIONS: dict[str, tuple[Callable[[Any], np.ndarray], Callable[[Any], np.ndarray]]] = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
}

#: Every name a Network accepts as an activation ("softmax" only for the output layer).
ACTIVATION_NAMES = (*ACTIVATIONS, "softmax")


def check_activation(name: Any, *, output: bool = False) -> str:
    """Return ``name`` if it is a known activation, else raise TypeError/ValueError listing the choices."""
    if not isinstance(name, str):
        raise TypeError(f"activation must be a string, one of {ACTIVATION_NAMES}, got {name!r}")
    allowed = ACTIVATION_NAMES if output else tuple(ACTIVATIONS)
    if name not in allowed:
        where = "an output activation" if output else "a hidden-layer activation"
        raise ValueError(f"unknown {where} {name!r}; expected one of {allowed}")
    return name
