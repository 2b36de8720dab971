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

from ._checks import as_finite_array, check_ndim

Array = np.ndarray


def _sigmoid(z: Array) -> Array:
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_prime(z: Array) -> Array:
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2  # sigma(z) sigma(-z) = sigma (1 - sigma), without cancelling in 1 - sigma


def _tanh_prime(z: Array) -> Array:
    e = np.exp(-2.0 * np.abs(z))
    return 4.0 * e / (1.0 + e) ** 2  # sech^2 z = 1 - tanh^2 z, without cancelling in 1 - tanh^2


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_prime(z: Array) -> Array:
    return (z > 0).astype(np.float64)


def _softmax(x: Array, axis: int = 0) -> Array:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))  # shifted: every exponent <= 0
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_vjp(x: Array, g: Array) -> Array:
    s = _softmax(x)
    return s * (g - np.sum(s * g, axis=0, keepdims=True))


def _checked(raw: Callable[[Array], Array], name: str, doc: str) -> Callable[[Any], Array]:
    def checked(z: Any) -> Array:
        return raw(as_finite_array(z, "z"))

    checked.__name__ = checked.__qualname__ = name
    checked.__doc__ = doc
    return checked


sigmoid = _checked(_sigmoid, "sigmoid", "Logistic function sigma(z) = 1 / (1 + e^-z), elementwise.")
sigmoid_prime = _checked(_sigmoid_prime, "sigmoid_prime", "sigma'(z) = sigma(z) (1 - sigma(z)), elementwise.")
tanh = _checked(np.tanh, "tanh", "Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), elementwise.")
tanh_prime = _checked(_tanh_prime, "tanh_prime", "tanh'(z) = 1 - tanh(z)^2 = sech(z)^2, elementwise.")
relu = _checked(_relu, "relu", "Rectified linear unit max(0, z), elementwise.")
relu_prime = _checked(_relu_prime, "relu_prime", "ReLU'(z): 1 where z > 0, else 0 (0 is taken at z = 0).")


def _vector_or_batch(x: Any, name: str, ndims: tuple[int, ...] = (1, 2)) -> Array:
    x = as_finite_array(x, name)
    check_ndim(x, name, ndims)
    return x


def softmax(x: Any, axis: int = 0) -> Array:
    """s_i = e^{x_i} / sum_j e^{x_j} along ``axis``; shape (n,) or (n, m) with samples as columns."""
    return _softmax(_vector_or_batch(x, "x"), axis)


def softmax_jacobian(x: Any) -> Array:
    """ds_i/dx_j = s_i (delta_ij - s_j), i.e. diag(s) - s s^T, of one sample: (n,) -> (n, n)."""
    e = np.exp((x := _vector_or_batch(x, "x", (1,))) - np.max(x))
    s, others = e / np.sum(e), np.array([np.sum(np.delete(e, i)) for i in range(x.size)])
    jac = -np.outer(s, s)
    np.fill_diagonal(jac, s * (others / np.sum(e)))  # s_i (1 - s_i), with 1 - s_i summed from the others
    return jac


def softmax_vjp(x: Any, g: Any) -> Array:
    """J^T g = s (.) (g - <s, g>) per column, without forming J; x and g of shape (n,) or (n, m)."""
    x, g = _vector_or_batch(x, "x"), as_finite_array(g, "g")
    if g.shape != x.shape:
        raise ValueError(f"g must have the shape of x, {x.shape}, got {g.shape}")
    return _softmax_vjp(x, g)


@dataclass(frozen=True)
class Activation:
    """An activation as a Network uses it: ``f(z)``, and ``vjp(z, g)`` = (da/dz)^T g for backprop."""

    name: str
    f: Callable[[Array], Array]
    prime: Callable[[Array], Array] | None  # elementwise derivative; None for softmax

    def vjp(self, z: Array, g: Array) -> Array:
        """(da/dz)^T g: g (.) f'(z) for an elementwise f, the Jacobian-transpose product for softmax."""
        return _softmax_vjp(z, g) if self.prime is None else g * self.prime(z)


ACTIVATIONS = {a.name: a for a in (Activation("sigmoid", _sigmoid, _sigmoid_prime),
                                   Activation("tanh", np.tanh, _tanh_prime),
                                   Activation("relu", _relu, _relu_prime),
                                   Activation("softmax", _softmax, None))}


def get_activation(name: Any, *, output: bool = False) -> Activation:
    """The Activation called ``name`` (softmax on the output layer only), else TypeError/ValueError."""
    allowed = tuple(ACTIVATIONS) if output else ("sigmoid", "tanh", "relu")
    if not isinstance(name, str):
        raise TypeError(f"activation must be a string, one of {allowed}, got {name!r}")
    if name not in allowed:
        raise ValueError(f"unknown {'output' if output else 'hidden-layer'} activation {name!r}; "
                         f"expected one of {allowed}")
    return ACTIVATIONS[name]
