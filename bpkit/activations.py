"""Activation functions and their derivatives, accurate and warning-free for inputs of any size.

Each elementwise ``f`` has ``f_prime(z)``. Softmax, which is not elementwise, has its Jacobian
``diag(s) - s s^T`` and the vector-Jacobian product ``J^T g`` that backprop uses. The public functions
check their input; ``Activation.f``/``.prime``/``.vjp``, used inside a Network, trust it.
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
    return e / (1.0 + e) ** 2  # = sigma(z) sigma(-z) = sigma (1 - sigma), without the cancellation in 1 - sigma


def _tanh_prime(z: Array) -> Array:
    e = np.exp(-2.0 * np.abs(z))
    return 4.0 * e / (1.0 + e) ** 2  # = sech^2 z = 1 - tanh^2 z, without the cancellation in 1 - tanh^2


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_prime(z: Array) -> Array:
    return (z > 0).astype(np.float64)


def _softmax(x: Array, axis: int = 0) -> Array:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))  # shifted: every exponent <= 0
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_vjp(x: Array, g: Array, axis: int = 0) -> Array:
    s = _softmax(x, axis)
    return s * (g - np.sum(s * g, axis=axis, keepdims=True))


def _elementwise(x: Any) -> Array:
    return as_finite_array(x, "z")


def sigmoid(z: Any) -> Array:
    """Logistic function sigma(z) = 1 / (1 + e^-z), elementwise."""
    return _sigmoid(_elementwise(z))


def sigmoid_prime(z: Any) -> Array:
    """sigma'(z) = sigma(z) (1 - sigma(z)), elementwise; peaks at 1/4 for z = 0."""
    return _sigmoid_prime(_elementwise(z))


def tanh(z: Any) -> Array:
    """Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), elementwise."""
    return np.tanh(_elementwise(z))


def tanh_prime(z: Any) -> Array:
    """tanh'(z) = 1 - tanh(z)^2 = sech(z)^2, elementwise."""
    return _tanh_prime(_elementwise(z))


def relu(z: Any) -> Array:
    """Rectified linear unit max(0, z), elementwise."""
    return _relu(_elementwise(z))


def relu_prime(z: Any) -> Array:
    """ReLU'(z): 1 where z > 0, else 0 (the value 0 is taken at z = 0)."""
    return _relu_prime(_elementwise(z))


def _softmax_input(x: Any, ndims: tuple[int, ...]) -> Array:
    x = as_finite_array(x, "x")
    check_ndim(x, "x", ndims)
    return x


def softmax(x: Any, axis: int = 0) -> Array:
    """s_i = e^{x_i} / sum_j e^{x_j} along ``axis``; shape (n,) or (n, m) with samples as columns."""
    return _softmax(_softmax_input(x, (1, 2)), axis)


def softmax_jacobian(x: Any) -> Array:
    """ds_i/dx_j = s_i (delta_ij - s_j), i.e. diag(s) - s s^T, of one sample: (n,) -> (n, n)."""
    x = _softmax_input(x, (1,))
    e = np.exp(x - np.max(x))
    s = e / np.sum(e)
    others = np.array([np.sum(np.delete(e, i)) for i in range(x.size)])
    jac = -np.outer(s, s)
    np.fill_diagonal(jac, s * (others / np.sum(e)))  # s_i (1 - s_i), with 1 - s_i summed from the others
    return jac


def softmax_vjp(x: Any, g: Any, axis: int = 0) -> Array:
    """J^T g = s (.) (g - <s, g>) without forming J; x and g of shape (n,) or (n, m)."""
    x = _softmax_input(x, (1, 2))
    g = as_finite_array(g, "g")
    if g.shape != x.shape:
        raise ValueError(f"g must have the shape of x, {x.shape}, got {g.shape}")
    return _softmax_vjp(x, g, axis)


@dataclass(frozen=True)
class Activation:
    """An activation as a Network uses it: ``f(z)``, and ``vjp(z, g)`` = (da/dz)^T g for backprop."""

    name: str
    f: Callable[[Array], Array]
    prime: Callable[[Array], Array] | None  # elementwise derivative; None for softmax

    def vjp(self, z: Array, g: Array) -> Array:
        """(da/dz)^T g: g (.) f'(z) for an elementwise f, the Jacobian-transpose product for softmax."""
        return _softmax_vjp(z, g) if self.prime is None else g * self.prime(z)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", _sigmoid, _sigmoid_prime),
    "tanh": Activation("tanh", np.tanh, _tanh_prime),
    "relu": Activation("relu", _relu, _relu_prime),
    "softmax": Activation("softmax", _softmax, None),
}
HIDDEN = ("sigmoid", "tanh", "relu")  # softmax is allowed on the output layer only


def get_activation(name: Any, *, output: bool = False) -> Activation:
    """The Activation called ``name``, or TypeError/ValueError listing the choices."""
    allowed = tuple(ACTIVATIONS) if output else HIDDEN
    if not isinstance(name, str):
        raise TypeError(f"activation must be a string, one of {allowed}, got {name!r}")
    if name not in allowed:
        where = "output activation" if output else "hidden-layer activation"
        raise ValueError(f"unknown {where} {name!r}; expected one of {allowed}")
    return ACTIVATIONS[name]
