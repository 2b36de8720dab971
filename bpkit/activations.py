"""Activation functions and their derivatives, accurate and warning-free for inputs of any size.

Each elementwise ``f`` has ``f_prime(z)``. Softmax, which is not elementwise, has its Jacobian
``diag(s) - s s^T`` and the vector-Jacobian product ``J^T g`` that backprop uses. The public functions
check their input; a Network checks its input once and then calls the ``Activation`` objects directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import as_finite_array

Array = np.ndarray


def _sigmoid_and_prime(z: Array) -> tuple[Array, Array]:
    if z.min(initial=0.0) >= -708.0:  # then e^-z <= e^708 is finite: the textbook formula, with one exp
        e = np.negative(z)
        a = np.exp(e, out=e) + 1.0
        np.reciprocal(a, out=a)  # sigma(z) = 1 / (1 + e^-z)
        e *= a  # e^-z / (1 + e^-z) = sigma(-z) = 1 - sigma(z), without cancelling
        e *= a  # sigma'(z) = sigma(z) sigma(-z)
        return a, e
    e = np.exp(-np.abs(z))  # some z < -708, where e^-z would overflow: work with e = e^-|z| in (0, 1]
    d = 1.0 + e  # sigma(z) = e^min(z, 0) / (1 + e), sigma'(z) = e / (1 + e)^2: no cancelling in 1 - sigma
    return np.exp(np.minimum(z, 0.0)) / d, e / np.square(d)


def _tanh_and_prime(z: Array) -> tuple[Array, Array]:
    e = np.exp(-2.0 * np.abs(z))  # e^-2|z| in (0, 1]: never overflows
    return np.tanh(z), 4.0 * e / np.square(e + 1.0)  # sech^2 z = 4 e / (1 + e)^2 = 1 - tanh^2 z, without cancelling


def _relu_and_prime(z: Array) -> tuple[Array, Array]:
    return np.maximum(z, 0.0), (z > 0).astype(np.float64)


def _softmax(x: Array, axis: int = 0) -> Array:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))  # shifted: every exponent <= 0
    return e / np.sum(e, axis=axis, keepdims=True)


def _checked(raw: Callable[[Array], tuple[Array, Array]], part: int, name: str, doc: str) -> Callable[[Any], Array]:
    def checked(z: Any) -> Array:
        z = as_finite_array(z, "z")
        return raw(z.reshape(-1))[part].reshape(z.shape)  # raw works in place: give it an array, not a scalar
    checked.__name__ = checked.__qualname__ = name
    checked.__doc__ = doc
    return checked


sigmoid = _checked(_sigmoid_and_prime, 0, "sigmoid", "Logistic function sigma(z) = 1 / (1 + e^-z), elementwise.")
sigmoid_prime = _checked(_sigmoid_and_prime, 1, "sigmoid_prime", "sigma'(z) = sigma(z) (1 - sigma(z)), elementwise.")
tanh = _checked(_tanh_and_prime, 0, "tanh", "Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), elementwise.")
tanh_prime = _checked(_tanh_and_prime, 1, "tanh_prime", "tanh'(z) = 1 - tanh(z)^2 = sech(z)^2, elementwise.")
relu = _checked(_relu_and_prime, 0, "relu", "Rectified linear unit max(0, z), elementwise.")
relu_prime = _checked(_relu_and_prime, 1, "relu_prime", "ReLU'(z): 1 where z > 0, else 0 (0 is taken at z = 0).")


def softmax(x: Any, axis: int = 0) -> Array:
    """s_i = e^{x_i} / sum_j e^{x_j} along ``axis``; shape (n,) or (n, m) with samples as columns."""
    return _softmax(as_finite_array(x, "x", ndims=(1, 2)), axis)


def softmax_jacobian(x: Any) -> Array:
    """ds_i/dx_j = s_i (delta_ij - s_j), i.e. diag(s) - s s^T, of one sample: (n,) -> (n, n)."""
    e = np.exp((x := as_finite_array(x, "x", ndims=(1,))) - np.max(x))
    s, others = e / np.sum(e), np.array([np.sum(np.delete(e, i)) for i in range(x.size)])
    jac = -np.outer(s, s)
    np.fill_diagonal(jac, s * (others / np.sum(e)))  # s_i (1 - s_i), with 1 - s_i summed from the others
    return jac


def softmax_vjp(x: Any, g: Any) -> Array:
    """J^T g = s (.) (g - <s, g>) per column, without forming J; x and g of shape (n,) or (n, m)."""
    x, g = as_finite_array(x, "x", ndims=(1, 2)), as_finite_array(g, "g")
    if g.shape != x.shape:
        raise ValueError(f"g must have the shape of x, {x.shape}, got {g.shape}")
    return ACTIVATIONS["softmax"].vjp(x, g)


@dataclass(frozen=True)
class Activation:
    """An activation as a Network uses it: ``forward(z)`` -> (a, f'(z)) in one pass (f'(z) is None for softmax,
    which is not elementwise), and ``vjp(z, g)`` = (da/dz)^T g for backprop."""

    name: str
    forward: Callable[[Array], tuple[Array, Array | None]]

    def vjp(self, z: Array, g: Array) -> Array:
        """(da/dz)^T g: g (.) f'(z) for an elementwise f, the Jacobian-transpose product for softmax."""
        a, prime = self.forward(z)
        return a * (g - np.sum(a * g, axis=0, keepdims=True)) if prime is None else g * prime


ACTIVATIONS = {n: Activation(n, f) for n, f in [("sigmoid", _sigmoid_and_prime), ("tanh", _tanh_and_prime),
                                                 ("relu", _relu_and_prime), ("softmax", lambda z: (_softmax(z), None))]}


def get_activation(name: Any, *, output: bool = False) -> Activation:
    """The Activation called ``name`` (softmax on the output layer only), else TypeError/ValueError."""
    allowed = tuple(ACTIVATIONS) if output else ("sigmoid", "tanh", "relu")
    if not isinstance(name, str):
        raise TypeError(f"activation must be a string, one of {allowed}, got {name!r}")
    if name not in allowed:
        raise ValueError(f"unknown {'output' if output else 'hidden-layer'} activation {name!r}; "
                         f"expected one of {allowed}")
    return ACTIVATIONS[name]
