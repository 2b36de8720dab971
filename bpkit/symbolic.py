"""The same network in SymPy: an exact cost expression, differentiated exactly.

This is the independent oracle for backprop: no BP1-BP4, only the chain rule as SymPy applies it to the
whole composed cost. Floats are read as the decimals they print as (0.56 -> 14/25). Imported on demand:
``import bpkit`` does not load SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ._checks import as_finite_array
from .network import Gradients, Network, Trace


def exact(v: Any) -> sp.Rational:
    """The exact rational a float prints as: exact(0.56) == Rational(14, 25)."""
    return sp.Rational(repr(float(v)))


def sym_sigmoid(z: sp.Expr) -> sp.Expr:
    """sigma(z) = 1 / (1 + e^-z) as a SymPy expression."""
    return 1 / (1 + sp.exp(-z))


SYMBOLIC_ACTIVATIONS = {"sigmoid": sym_sigmoid, "tanh": sp.tanh, "relu": lambda z: sp.Max(0, z)}


@dataclass(frozen=True)
class SymbolicNetwork:
    """Symbols ``w[l-1][j, k]`` = w^l_jk and ``b[l-1][j]`` = b^l_j; ``zs``, ``activations`` and ``cost`` in them."""

    w: list[sp.Matrix]
    b: list[sp.Matrix]
    zs: list[sp.Matrix]
    activations: list[sp.Matrix]
    cost: sp.Expr
    values: dict[sp.Symbol, sp.Rational]  # the network's own weights and biases (0 where it has none)


def build(net: Network, x: Any, y: Any) -> SymbolicNetwork:
    """C = 1/2 ||y - a^L||^2 for one sample x, in symbolic weights and biases of ``net``'s shape."""
    if net.output_activation not in SYMBOLIC_ACTIVATIONS or net.activation not in SYMBOLIC_ACTIVATIONS:
        raise ValueError("the symbolic oracle supports elementwise sigmoid, tanh and relu layers, "
                         f"got {net.activation}/{net.output_activation}")
    x, y = as_finite_array(x, "x"), as_finite_array(y, "y")
    if x.shape != (net.sizes[0],) or y.shape != (net.sizes[-1],):
        raise ValueError(f"x and y must have shapes ({net.sizes[0]},) and ({net.sizes[-1]},), "
                         f"got {x.shape} and {y.shape}")
    a = sp.Matrix([exact(v) for v in x])
    ws, bs, zs, acts, values = [], [], [], [a], {}
    for l, w in enumerate(net.weights, start=1):
        W = sp.Matrix(*w.shape, lambda j, k, l=l: sp.Symbol(f"w^{l}_{j + 1}{k + 1}"))
        B = sp.Matrix(w.shape[0], 1, lambda j, _, l=l: sp.Symbol(f"b^{l}_{j + 1}"))
        values.update({W[j, k]: exact(w[j, k]) for j, k in np.ndindex(w.shape)})
        values.update({B[j]: exact(net.biases[l - 1][j]) if net.biases else sp.Integer(0) for j in range(len(B))})
        z = W * a + B
        a = z.applyfunc(SYMBOLIC_ACTIVATIONS[net.output_activation if l == len(net.weights) else net.activation])
        ws.append(W)
        bs.append(B)
        zs.append(z)
        acts.append(a)
    cost = sum(((exact(t) - o) ** 2 for t, o in zip(y, a, strict=True)), sp.Integer(0)) / 2
    return SymbolicNetwork(ws, bs, zs, acts, cost, values)


def exact_forward(net: Network, x: Any) -> tuple[list[sp.Matrix], list[sp.Matrix]]:
    """The forward pass in exact arithmetic: (zs, activations) as SymPy column matrices, like ``Trace``."""
    sym = build(net, x, np.zeros(net.sizes[-1]))
    return ([z.xreplace(sym.values) for z in sym.zs], [a.xreplace(sym.values) for a in sym.activations])


def exact_gradients(net: Network, x: Any, y: Any, digits: int = 30) -> Gradients:
    """dC/dw^l, dC/db^l by SymPy's differentiation of the whole cost, to ``digits`` digits (deltas = dC/db^l)."""
    sym = build(net, x, y)
    params = [s for M in sym.w + sym.b for s in M]
    exprs = [sp.diff(sym.cost, s) for s in params] + [sym.cost] + [e for M in sym.zs + sym.activations for e in M]
    f = sp.lambdify(params, exprs, modules="mpmath", cse=True)  # exact expressions, shared parts evaluated once
    with mpmath.workdps(digits):
        values = iter([float(v) for v in f(*[mpmath.mpf(sym.values[s].p) / sym.values[s].q for s in params])])

    def take(M: sp.Matrix) -> np.ndarray:  # the next len(M) values, in M's shape (a vector for a column)
        return np.array([next(values) for _ in M]).reshape(M.shape if M.shape[1] > 1 else -1)
    grads, cost = [take(M) for M in sym.w + sym.b], next(values)  # in the order of exprs
    trace = Trace([take(z) for z in sym.zs], [take(a) for a in sym.activations])
    return Gradients(grads[:len(sym.w)], grads[len(sym.w):], grads[len(sym.w):], cost, trace)
