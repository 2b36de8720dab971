"""Activation functions and their derivatives, accurate and warning-free for inputs of any size.

Each elementwise activation has its derivative: ``sigmoid`` and ``sigmoid_prime``, as in
Nielsen's ``network.py``. Softmax, which is not elementwise, has its Jacobian ``diag(s) - s s^T``
and the vector-Jacobian product ``J^T g`` that backprop uses. The public functions check their
input; a Network checks its input once and then uses the ``Activation`` objects in ``ACTIVATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import as_finite_array, check_axis, check_name, no_overflow

Array = np.ndarray


def _sigmoid(z: Array) -> tuple[Array, Array]:
    e = np.exp(-np.abs(z))  # e^-|z| lies in (0, 1]: no overflow for any z
    s = 1 / (1 + e)  # sigma(|z|)
    # sigma(z) = e^min(z, 0) / (1 + e^-|z|), for z of either sign, and
    # sigma'(z) = e^-|z| / (1 + e^-|z|)^2: sigma(z) (1 - sigma(z)) without cancelling in 1 - sigma
    return np.exp(np.minimum(z, 0)) * s, e * s * s


def _tanh(z: Array) -> tuple[Array, Array]:
    with np.errstate(over="ignore"):  # -2|z| = -inf beyond |z| = 9e307, and e^-inf = 0 exactly
        e = np.exp(-2 * np.abs(z))
    return np.tanh(z), 4 * e / (1 + e) ** 2  # 1 - tanh^2 = sech^2 = 4 e^-2|z| / (1 + e^-2|z|)^2


def _relu(z: Array) -> tuple[Array, Array]:
    return np.maximum(z, 0.0), (z > 0).astype(np.float64)  # the slope at the kink z = 0 is 0


def _softmax(z: Array) -> Array:
    with np.errstate(over="ignore"):  # a spread beyond 1.8e308 gives -inf, and e^-inf = 0 exactly
        e = np.exp(z - np.max(z, axis=0))  # shifted by the largest entry: every exponent is <= 0
    return e / np.sum(e, axis=0)


def _softmax_vjp(s: Array, g: Array) -> Array:
    # J^T g = s (.) (g - <s, g>), column by column. g_i - <s, g> is summed as sum_j s_j (g_i - g_j)
    # (equal, as sum_j s_j = 1), so an entry keeps its digits when s_i is close to 1.
    return s * np.sum(s[None] * (g[:, None] - g[None]), axis=1)


def _public(f: Callable[[Array], tuple[Array, Array]], part: int, name: str,
            doc: str) -> Callable[[Any], Array]:
    def checked(z: Any) -> Array:
        return f(as_finite_array(z, "z"))[part]
    checked.__name__ = checked.__qualname__ = name
    checked.__doc__ = doc
    return checked


sigmoid = _public(_sigmoid, 0, "sigmoid", "sigma(z) = 1 / (1 + e^-z), elementwise.")
sigmoid_prime = _public(_sigmoid, 1, "sigmoid_prime", "sigma'(z) = sigma(z) (1 - sigma(z)).")
tanh = _public(_tanh, 0, "tanh", "Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), elementwise.")
tanh_prime = _public(_tanh, 1, "tanh_prime", "tanh'(z) = 1 - tanh(z)^2, elementwise.")
relu = _public(_relu, 0, "relu", "Rectified linear unit max(0, z), elementwise.")
relu_prime = _public(_relu, 1, "relu_prime", "ReLU'(z): 1 where z > 0, else 0 (0 at z = 0).")


def softmax(x: Any, axis: int = 0) -> Array:
    """s_i = e^{x_i} / sum_j e^{x_j} along ``axis`` (0: each column of a batch is one sample)."""
    x = as_finite_array(x, "x", ndims=(1, 2))
    axis = check_axis(axis, x.shape)
    return np.moveaxis(_softmax(np.moveaxis(x, axis, 0)), 0, axis)


def softmax_jacobian(x: Any) -> Array:
    """ds_i/dx_j = s_i (delta_ij - s_j), i.e. J = diag(s) - s s^T, of one sample: (n,) -> (n, n)."""
    s = softmax(as_finite_array(x, "x", ndims=(1,)))
    jacobian = np.diag(s) - np.outer(s, s)
    # The diagonal s_i (1 - s_i) once more, with 1 - s_i summed from the other s_j: no digit is
    # lost where s_i rounds to 1.
    np.fill_diagonal(jacobian, s * ((1 - np.eye(len(s))) @ s))
    return jacobian


@no_overflow
def softmax_vjp(x: Any, g: Any) -> Array:
    """J^T g = s (.) (g - <s, g>) per column, without forming J; x and g of shape (n,) or (n, m)."""
    x, g = as_finite_array(x, "x", ndims=(1, 2)), as_finite_array(g, "g")
    if g.shape != x.shape:
        raise ValueError(f"g must have the shape of x, {x.shape}, got {g.shape}")
    return _softmax_vjp(_softmax(x), g)


@dataclass(frozen=True)
class Activation:
    """An activation as a Network uses it: ``forward(z)`` = (a, f'(z)) in one pass (f'(z) is None
    for softmax, which is not elementwise); ``vjp(z, g)`` = (da/dz)^T g, which BP1 needs."""

    name: str
    forward: Callable[[Array], tuple[Array, Array | None]]

    def fn(self, z: Array) -> Array:
        """a = f(z)."""
        return self.forward(z)[0]

    def prime(self, z: Array) -> Array | None:
        """f'(z), elementwise (None for softmax)."""
        return self.forward(z)[1]

    def vjp(self, z: Array, g: Array) -> Array:
        """(da/dz)^T g: g (.) f'(z) for an elementwise f, J^T g for softmax."""
        a, prime = self.forward(z)
        return _softmax_vjp(a, g) if prime is None else g * prime


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", _sigmoid),
    "tanh": Activation("tanh", _tanh),
    "relu": Activation("relu", _relu),
    "softmax": Activation("softmax", lambda z: (_softmax(z), None)),
}


def get_activation(name: Any, *, output: bool = False) -> Activation:
    """The Activation called ``name`` (softmax on the output layer only)."""
    allowed = tuple(ACTIVATIONS) if output else ("sigmoid", "tanh", "relu")
    if not output and isinstance(name, str) and name == "softmax":  # not elementwise
        raise ValueError("softmax is for the output layer only (output_activation='softmax')")
    kind = "output " if output else "hidden-layer "
    return ACTIVATIONS[check_name(name, allowed, "activation", kind)]
