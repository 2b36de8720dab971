"""The network in SymPy: the cost as one exact expression, differentiated exactly.

The independent oracle for backprop: no BP1-BP4, only the chain rule as SymPy applies it to the
whole composed cost. ``network`` builds it in symbols (an undefined ``sp.Function("sigma")`` keeps
the activation abstract); ``build`` puts in a bpkit ``Network``'s numbers, floats read as the
decimals they print as (0.56 -> 14/25). Imported on demand: ``import bpkit`` does not load SymPy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ._checks import as_finite_array, check_cost_output, check_digits, check_one_sample, check_sizes
from .activations import get_activation
from .losses import cost_named
from .network import Gradients, Network, Trace

MIN_DIGITS = 20  # float64 needs 17 significant digits; a few more guard the last one


def exact(v: Any) -> sp.Rational:
    """The exact rational a float prints as: exact(0.56) == Rational(14, 25)."""
    return sp.Rational(repr(float(as_finite_array(v, "v", ndims=(0,)))))


def sym_sigmoid(z: sp.Expr) -> sp.Expr:
    """sigma(z) = 1 / (1 + e^-z) as a SymPy expression."""
    return 1 / (1 + sp.exp(-z))


def sym_relu(z: sp.Expr) -> sp.Expr:
    """max(0, z) with derivative 0 at z = 0, as bpkit's relu_prime (Max's is Heaviside(0) = 1/2)."""
    return sp.Piecewise((z, z > 0), (0, True))


SYMBOLIC_ACTIVATIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sigmoid": sym_sigmoid, "tanh": sp.tanh, "relu": sym_relu}


def _layer(f: Any) -> Callable[[sp.Matrix], sp.Matrix]:
    """z -> a for a column z: softmax, or f (a name or a SymPy function, sigma) on each entry."""
    if f == "softmax":
        return lambda z: z.applyfunc(sp.exp) / sum(z.applyfunc(sp.exp))
    fn = SYMBOLIC_ACTIVATIONS.get(f) if isinstance(f, str) else f
    if not callable(fn):
        names = (*SYMBOLIC_ACTIVATIONS, "softmax")
        raise ValueError(f"activation must be one of {names} or a SymPy function, got {f!r}")
    return lambda z: z.applyfunc(fn)


@dataclass(frozen=True)
class SymbolicNetwork:
    """Symbols ``w[l-1][j, k]`` = w^l_jk, ``b[l-1][j]`` = b^l_j (none without biases), input
    ``x``, target ``y``; in them ``zs[l-1]`` = z^l, ``activations[l]`` = a^l (``activations[0]``
    = x) and ``cost``. ``values`` maps each weight and bias to a Network's number."""

    w: list[sp.Matrix]
    b: list[sp.Matrix]
    x: sp.Matrix
    y: sp.Matrix
    zs: list[sp.Matrix]
    activations: list[sp.Matrix]
    cost: sp.Expr
    values: dict[sp.Symbol, sp.Rational]


def symbols(sizes: Sequence[int]) -> tuple[sp.Matrix, sp.Matrix, list[sp.Matrix], list[sp.Matrix]]:
    """Columns x = (x_1, ...), y = (y_1, ...) and, for each layer l, the matrix w^l of symbols
    w^l_jk and the column b^l of symbols b^l_j."""
    layers = range(1, len(sizes))
    ws = [sp.Matrix(sizes[l], sizes[l - 1], lambda j, k, l=l: sp.Symbol(f"w^{l}_{j + 1}{k + 1}"))
          for l in layers]
    bs = [sp.Matrix([sp.Symbol(f"b^{l}_{j + 1}") for j in range(sizes[l])]) for l in layers]
    x, y = sp.symbols(f"x_1:{sizes[0] + 1}"), sp.symbols(f"y_1:{sizes[-1] + 1}")
    return sp.Matrix(x), sp.Matrix(y), ws, bs


def network(sizes: Sequence[int], activation: Any = "sigmoid", output_activation: Any = None,
            cost: str = "quadratic", biases: bool = True, x: Any = None, y: Any = None
            ) -> SymbolicNetwork:
    """One sample's cost in symbols w^l_jk, b^l_j (none if not ``biases``), x_k, y_j (or the x, y
    given as columns): quadratic 1/2 sum_j (a^L_j - y_j)^2, or cross-entropy
    -sum_j [y_j ln a^L_j + (1 - y_j) ln(1 - a^L_j)] (-sum_j y_j ln a^L_j on a softmax output)."""
    cost, sizes = cost_named(cost).name, check_sizes(sizes)  # a clear error for others
    out = activation if output_activation is None else output_activation
    hidden, output = _layer(activation), _layer(out)  # a name or a SymPy function
    if isinstance(activation, str):
        get_activation(activation)  # a Network's rule for a name: softmax on the output layer only
    check_cost_output(cost, out)
    xs, ys, ws, bs = symbols(sizes)
    x, y = xs if x is None else x, ys if y is None else y
    zs, acts = [], [x]
    for l, (W, B) in enumerate(zip(ws, bs, strict=True), start=1):
        zs.append(W * acts[-1] + B if biases else W * acts[-1])
        acts.append((output if l == len(sizes) - 1 else hidden)(zs[-1]))
    a, n = acts[-1], range(sizes[-1])
    if cost == "quadratic":
        c = sum((a[j] - y[j]) ** 2 for j in n) / 2
    elif out == "softmax":
        c = -sum(y[j] * sp.log(a[j]) for j in n)
    else:
        c = -sum(y[j] * sp.log(a[j]) + (1 - y[j]) * sp.log(1 - a[j]) for j in n)
    return SymbolicNetwork(ws, bs if biases else [], x, y, zs, acts, c, {})


def build(net: Network, x: Any, y: Any, cost: str = "quadratic") -> SymbolicNetwork:
    """``net``'s cost for one sample x, y (exact numbers) in symbolic weights and biases, with
    ``values`` the network's weights and biases (0 where it has none)."""
    x, y, cost = check_one_sample(net, x, y, cost)  # as a Network's door takes them, one sample
    sym = network(net.sizes, net.activation, net.output_activation, cost,
                  x=sp.Matrix([exact(v) for v in x]), y=sp.Matrix([exact(v) for v in y]))
    biases = net.biases or [np.zeros(len(B)) for B in sym.b]
    values = {s: exact(v) for M, m in zip(sym.w + sym.b, net.weights + biases, strict=True)
              for s, v in zip(M, m.ravel(), strict=True)}
    return replace(sym, values=values)


def exact_forward(net: Network, x: Any) -> tuple[list[sp.Matrix], list[sp.Matrix]]:
    """The forward pass in exact arithmetic: (zs, activations) as SymPy columns, like ``Trace``."""
    sym = build(net, x, np.zeros(net.sizes[-1]))
    v = sym.values
    return [z.xreplace(v) for z in sym.zs], [a.xreplace(v) for a in sym.activations]


def exact_gradients(net: Network, x: Any, y: Any, cost: str = "quadratic", digits: int = 30
                    ) -> Gradients:
    """dC/dw^l (n_l, n_{l-1}), dC/db^l (n_l,) and C for one sample by SymPy's differentiation of the
    whole cost, evaluated to ``digits`` >= 20 significant digits, then rounded to float64."""
    digits = check_digits(digits, MIN_DIGITS)
    sym = build(net, x, y, cost)
    params = [s for M in sym.w + sym.b for s in M]
    exprs = ([sp.diff(sym.cost, s) for s in params] + [sym.cost]
             + [e for M in sym.zs + sym.activations for e in M])
    f = sp.lambdify(params, exprs, modules="mpmath", cse=True)  # shared parts evaluated once
    with mpmath.workdps(int(digits)):
        exact_params = [mpmath.mpf(sym.values[s].p) / sym.values[s].q for s in params]
        values = iter([float(v) for v in f(*exact_params)])

    def take(M: sp.Matrix, shape: tuple[int, ...] = (-1,)) -> np.ndarray:  # the next len(M) values
        return np.array([next(values) for _ in M]).reshape(shape)
    nabla_w = [take(W, W.shape) for W in sym.w]  # a matrix even with one column, as in backprop
    nabla_b, c = [take(B) for B in sym.b], next(values)
    trace = Trace([take(z) for z in sym.zs], [take(a) for a in sym.activations])
    return Gradients(nabla_w, nabla_b, nabla_b, c, trace)
