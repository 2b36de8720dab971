"""The same network in SymPy: an exact cost expression, differentiated exactly.

This is the independent oracle for backprop: no BP1-BP4, only the chain rule as SymPy applies it
to the whole composed cost. Floats are read as the decimals they print as (0.56 -> 14/25).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ._checks import as_finite_array, check_ndim
from .network import Network


def exact(v: Any) -> sp.Rational:
    """The exact rational a float prints as: exact(0.56) == Rational(14, 25)."""
    return sp.Rational(repr(float(v)))


def sym_sigmoid(z: sp.Expr) -> sp.Expr:
    """sigma(z) = 1 / (1 + e^-z) as a SymPy expression."""
    return 1 / (1 + sp.exp(-z))


SYMBOLIC_ACTIVATIONS = {"sigmoid": sym_sigmoid, "tanh": sp.tanh, "relu": lambda z: sp.Max(0, z)}


def exact_forward(net: Network, x: Any) -> tuple[list[sp.Matrix], list[sp.Matrix]]:
    """The forward pass in exact arithmetic: (zs, activations) as SymPy column matrices, like ``Trace``."""
    if net.output_activation == "softmax" or net.activation not in SYMBOLIC_ACTIVATIONS:
        raise ValueError("the symbolic oracle supports elementwise sigmoid, tanh and relu layers")
    x = as_finite_array(x, "x")
    if x.shape != (net.sizes[0],):
        raise ValueError(f"x must have shape ({net.sizes[0]},), got {x.shape}")
    a = sp.Matrix([exact(v) for v in x])
    zs, acts = [], [a]
    for l, w in enumerate(net.weights):
        z = sp.Matrix(w.shape[0], w.shape[1], lambda j, k, w=w: exact(w[j, k])) * a
        if net.biases is not None:
            z += sp.Matrix([exact(b) for b in net.biases[l]])
        f = net.output_activation if l == len(net.weights) - 1 else net.activation
        a = z.applyfunc(SYMBOLIC_ACTIVATIONS[f])
        zs.append(z)
        acts.append(a)
    return zs, acts


@dataclass(frozen=True)
class SymbolicNetwork:
    """Symbols ``w[l-1][j, k]`` = w^l_jk, ``b[l-1][j]`` = b^l_j, the cost C and the layer expressions."""

    w: list[sp.Matrix]
    b: list[sp.Matrix]
    zs: list[sp.Matrix]
    activations: list[sp.Matrix]
    cost: sp.Expr


def build(net: Network, x: Any, y: Any) -> SymbolicNetwork:
    """C = 1/2 ||y - a^L||^2 for one sample, as an expression in symbolic weights and biases of ``net``'s shape."""
    if net.output_activation == "softmax" or net.activation not in SYMBOLIC_ACTIVATIONS:
        raise ValueError("the symbolic oracle supports elementwise sigmoid, tanh and relu layers")
    x = as_finite_array(x, "x")
    check_ndim(x, "x", (1,))
    y = as_finite_array(y, "y")
    if x.shape != (net.sizes[0],) or y.shape != (net.sizes[-1],):
        raise ValueError(f"x and y must have shapes ({net.sizes[0]},) and ({net.sizes[-1]},), "
                         f"got {x.shape} and {y.shape}")
    f_hidden = SYMBOLIC_ACTIVATIONS[net.activation]
    f_out = SYMBOLIC_ACTIVATIONS[net.output_activation]
    a = sp.Matrix([exact(v) for v in x])
    ws, bs, zs, acts = [], [], [], [a]
    for l, w in enumerate(net.weights, start=1):
        W = sp.Matrix(w.shape[0], w.shape[1], lambda j, k, l=l: sp.Symbol(f"w^{l}_{j + 1}{k + 1}"))
        B = sp.Matrix(w.shape[0], 1, lambda j, _, l=l: sp.Symbol(f"b^{l}_{j + 1}"))
        z = W * a + B
        f = f_out if l == len(net.weights) else f_hidden
        a = z.applyfunc(f)
        ws.append(W)
        bs.append(B)
        zs.append(z)
        acts.append(a)
    cost = sum(((exact(t) - o) ** 2 for t, o in zip(y, a, strict=True)), sp.Integer(0)) / 2
    return SymbolicNetwork(ws, bs, zs, acts, cost)


def values(net: Network, sym: SymbolicNetwork) -> dict[sp.Symbol, sp.Rational]:
    """The substitution {symbol: exact value} for ``net``'s weights and biases (0 where it has none)."""
    subs = {}
    for l, W in enumerate(sym.w):
        for j, k in np.ndindex(net.weights[l].shape):
            subs[W[j, k]] = exact(net.weights[l][j, k])
        for j in range(W.shape[0]):
            subs[sym.b[l][j]] = exact(net.biases[l][j]) if net.biases is not None else sp.Integer(0)
    return subs


@dataclass(frozen=True)
class ExactResult:
    """Exact gradients, evaluated to ``digits`` significant digits, and the exact forward values."""

    nabla_w: list[np.ndarray]
    nabla_b: list[np.ndarray]
    zs: list[np.ndarray]
    activations: list[np.ndarray]
    cost: float


def exact_gradients(net: Network, x: Any, y: Any, digits: int = 30) -> ExactResult:
    """dC/dw^l and dC/db^l by SymPy's differentiation of the whole network's cost, then evaluated."""
    sym = build(net, x, y)
    subs = values(net, sym)

    def ev(e: sp.Expr) -> float:
        return float(sp.N(e.xreplace(subs), digits))

    nabla_w = [np.array([[ev(sp.diff(sym.cost, W[j, k])) for k in range(W.shape[1])]
                         for j in range(W.shape[0])]) for W in sym.w]
    nabla_b = [np.array([ev(sp.diff(sym.cost, B[j])) for j in range(B.shape[0])]) for B in sym.b]
    zs = [np.array([ev(e) for e in z]) for z in sym.zs]
    acts = [np.array([ev(e) for e in a]) for a in sym.activations]
    return ExactResult(nabla_w, nabla_b, zs, acts, ev(sym.cost))
