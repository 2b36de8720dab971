"""Counting the work of three ways to the gradient: SymPy's naive derivative, finite differences and backprop.

The unit is one arithmetic operation as ``sympy.count_ops`` counts it (+, -, *, /, a power, exp): a multiply-add
counts as two. Forward pass and backprop are written as straight-line programs in SymPy (one line per neuron,
intermediate values named by symbols, so nothing is computed twice); ``forward_ops`` and ``backprop_ops`` are
their sizes in closed form, and the notebook checks the formulas against ``count_ops`` of the programs. Finite
differences repeat the forward pass twice per parameter. SymPy's naive derivative is one formula per parameter
with nothing shared, measured with ``count_ops`` (only for small networks: it grows too fast to build).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from .. import Network, numerical_gradient
from .report import format_table

Program = list[tuple[sp.Symbol, sp.Expr]]

# ---------------------------------------------------------------- sizes and closed-form counts


def sizes_of(width: int, depth: int, inputs: int = 2, outputs: int = 1) -> list[int]:
    """Layer sizes [inputs, width, ..., width, outputs] of a network with ``depth`` weight layers."""
    return [inputs] + [width] * (depth - 1) + [outputs]


def parameters(sizes: Sequence[int]) -> int:
    """P = sum_l n_l (n_{l-1} + 1): every weight and every bias."""
    return sum(n * (k + 1) for k, n in zip(sizes[:-1], sizes[1:], strict=True))


def forward_ops(sizes: Sequence[int]) -> int:
    """Operations of one forward pass and the quadratic cost: z = w a + b costs 2 n_{l-1} per neuron, the sigmoid 4,
    the cost 1/2 sum (a - y)^2 costs 4 n_L - 1."""
    return sum(n * (2 * k + 4) for k, n in zip(sizes[:-1], sizes[1:], strict=True)) + 4 * sizes[-1] - 1


def backward_ops(sizes: Sequence[int]) -> int:
    """Operations of the backward pass: BP1 4 per output neuron, BP2 2 n_{l+1} + 2 per hidden neuron, BP3 none,
    BP4 one product per weight."""
    bp2 = sum(n * (2 * n_next + 2) for n, n_next in zip(sizes[1:-1], sizes[2:], strict=True))
    bp4 = sum(n * k for k, n in zip(sizes[:-1], sizes[1:], strict=True))
    return 4 * sizes[-1] + bp2 + bp4


def backprop_ops(sizes: Sequence[int]) -> int:
    """Operations of backprop: one forward pass (which stores z, a) and one backward pass."""
    return forward_ops(sizes) + backward_ops(sizes)


def finite_difference_ops(sizes: Sequence[int]) -> int:
    """Operations of central differences: two forward passes per parameter, and 4 more per parameter
    (theta + eps, theta - eps, C+ - C-, the division by 2 eps)."""
    p = parameters(sizes)
    return 2 * p * forward_ops(sizes) + 4 * p


# ---------------------------------------------------------------- the same in SymPy: programs and expressions


def _symbols(sizes: Sequence[int]) -> tuple[list[sp.Symbol], list[sp.Symbol], list[sp.Matrix], list[sp.Matrix]]:
    x = list(sp.symbols(f"x_1:{sizes[0] + 1}"))
    y = list(sp.symbols(f"y_1:{sizes[-1] + 1}"))
    w = [sp.Matrix(n, k, lambda j, i, l=l: sp.Symbol(f"w^{l}_{j + 1}{i + 1}"))
         for l, (k, n) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1)]
    b = [sp.Matrix(n, 1, lambda j, _, l=l: sp.Symbol(f"b^{l}_{j + 1}")) for l, n in enumerate(sizes[1:], start=1)]
    return x, y, w, b


def _sigmoid(z: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-z))


def programs(sizes: Sequence[int]) -> tuple[Program, Program]:
    """Backprop as two straight-line SymPy programs (forward, backward): each line (name, expression) computes
    one number from inputs, parameters and names defined above it."""
    x, y, w, b = _symbols(sizes)
    L = len(w)
    a = [x]
    forward: Program = []
    for l in range(1, L + 1):
        z_l, a_l = sp.symbols(f"z^{l}_1:{sizes[l] + 1}"), sp.symbols(f"a^{l}_1:{sizes[l] + 1}")
        for j in range(sizes[l]):
            forward.append((z_l[j], sum((w[l - 1][j, k] * a[-1][k] for k in range(sizes[l - 1])), b[l - 1][j])))
            forward.append((a_l[j], _sigmoid(z_l[j])))
        a.append(list(a_l))
    forward.append((sp.Symbol("C"), sum((a[L][j] - y[j]) ** 2 for j in range(sizes[L])) / 2))
    backward: Program = []
    d = [list(sp.symbols(f"delta^{l}_1:{sizes[l] + 1}")) for l in range(1, L + 1)]
    for j in range(sizes[L]):
        backward.append((d[L - 1][j], (a[L][j] - y[j]) * a[L][j] * (1 - a[L][j])))           # BP1
    for l in range(L - 1, 0, -1):
        for j in range(sizes[l]):
            back = sum(w[l][k, j] * d[l][k] for k in range(sizes[l + 1]))
            backward.append((d[l - 1][j], back * a[l][j] * (1 - a[l][j])))                  # BP2
    for l in range(1, L + 1):
        for j in range(sizes[l]):
            backward.append((sp.Symbol(f"dC/db^{l}_{j + 1}"), d[l - 1][j]))                  # BP3
            for k in range(sizes[l - 1]):
                backward.append((sp.Symbol(f"dC/dw^{l}_{j + 1}{k + 1}"), d[l - 1][j] * a[l - 1][k]))  # BP4
    return forward, backward


def program_ops(program: Program) -> int:
    """The size of a straight-line program: count_ops summed over its lines."""
    return sum(int(sp.count_ops(rhs)) for _, rhs in program)


def run_program(program: Program, values: dict[sp.Symbol, Any]) -> dict[sp.Symbol, sp.Expr]:
    """Run a program line by line from ``values`` (exact SymPy numbers); returns every named value."""
    env = dict(values)
    for name, rhs in program:
        env[name] = rhs.xreplace(env)
    return env


def cost_expression(sizes: Sequence[int]) -> tuple[sp.Expr, list[sp.Symbol]]:
    """The quadratic cost as one SymPy expression of inputs, targets and parameters (nothing named, nothing
    shared), and the parameters in the order w^1, b^1, w^2, b^2, ..."""
    x, y, w, b = _symbols(sizes)
    a = sp.Matrix(x)
    for W, B in zip(w, b, strict=True):
        a = (W * a + B).applyfunc(_sigmoid)
    params = [s for W, B in zip(w, b, strict=True) for s in [*W, *B]]
    return sum((a[j] - y[j]) ** 2 for j in range(sizes[-1])) / 2, params


@cache
def naive_derivatives(sizes: tuple[int, ...]) -> tuple[sp.Expr, ...]:
    """SymPy's derivative of the whole cost expression by each parameter, one formula each."""
    cost, params = cost_expression(sizes)
    return tuple(sp.diff(cost, p) for p in params)


@cache
def naive_ops(sizes: tuple[int, ...]) -> int:
    """The size of SymPy's naive gradient: count_ops summed over the derivative formulas (nothing shared)."""
    return sum(int(sp.count_ops(d)) for d in naive_derivatives(tuple(sizes)))


@cache
def cse_ops(sizes: tuple[int, ...]) -> int:
    """The size of the same formulas after ``sympy.cse`` names every repeated subexpression once (memoization)."""
    named, reduced = sp.cse(list(naive_derivatives(tuple(sizes))))
    return sum(int(sp.count_ops(e)) for _, e in named) + sum(int(sp.count_ops(e)) for e in reduced)


# ---------------------------------------------------------------- the chain of the Russian collection


@dataclass(frozen=True)
class Chain:
    """A chain of one neuron per layer, h_l = R(w_l h_{l-1}) with an arbitrary activation R, cost (h_L - y)^2 / 2;
    ``program`` is backprop with memoization (E_l = dC/dz_l), ``stored`` the forward values its names stand for."""

    w: tuple[sp.Symbol, ...]
    cost: sp.Expr
    program: Program
    grads: tuple[sp.Symbol, ...]
    stored: dict[sp.Symbol, sp.Expr]


def chain(L: int) -> Chain:
    """The chain of depth L: SymPy's cost expression, and the memoized backward program
    E_L = (h_L - y) R'(z_L), E_l = E_{l+1} w_{l+1} R'(z_l), dC/dw_l = E_l h_{l-1}."""
    R, u = sp.Function("R"), sp.Dummy("u")
    x, y = sp.symbols("x y")
    w = sp.symbols(f"w_1:{L + 1}")
    h_names, r_names, E = (sp.symbols(f"{v}_0:{L + 1}") for v in ("h", "R'", "E"))
    stored: dict[sp.Symbol, sp.Expr] = {h_names[0]: x}
    h = x
    for l in range(1, L + 1):
        z = w[l - 1] * h
        h = R(z)
        stored[h_names[l]] = h
        stored[r_names[l]] = sp.diff(R(u), u).subs(u, z)
    grads = sp.symbols(f"dC/dw_1:{L + 1}")
    program: Program = [(E[L], (h_names[L] - y) * r_names[L])]
    program += [(E[l], E[l + 1] * w[l] * r_names[l]) for l in range(L - 1, 0, -1)]
    program += [(grads[l - 1], E[l] * h_names[l - 1]) for l in range(1, L + 1)]
    return Chain(tuple(w), (h - y) ** 2 / 2, program, tuple(grads), stored)


def multiplications(expr: sp.Expr) -> int:
    """Multiplications a product needs: its number of factors minus one (0 for a single factor)."""
    return len(sp.Mul.make_args(expr)) - 1


# ---------------------------------------------------------------- counting the passes finite differences make


def counted_finite_differences(net: Network, x: np.ndarray, y: np.ndarray) -> tuple[int, np.ndarray]:
    """Central differences of ``net``'s cost in all its parameters at once, counting the cost evaluations
    (each one a forward pass): returns (evaluations, gradient as one flat vector w^1, b^1, w^2, ...)."""
    shapes = [(w.shape, (len(w),)) for w in net.weights]
    theta0 = np.concatenate([np.concatenate([w.ravel(), b]) for w, b in zip(net.weights, net.biases, strict=True)])
    calls = 0

    def cost(theta: np.ndarray) -> float:
        nonlocal calls
        calls += 1
        ws, bs, i = [], [], 0
        for (sw, sb) in shapes:
            ws.append(theta[i:i + sw[0] * sw[1]].reshape(sw))
            i += sw[0] * sw[1]
            bs.append(theta[i:i + sb[0]])
            i += sb[0]
        return net.replace(ws, bs).cost(x, y)

    grad = numerical_gradient(cost, theta0)
    return calls, grad


def flat(nabla_w: Sequence[np.ndarray], nabla_b: Sequence[np.ndarray]) -> np.ndarray:
    """Gradients as one vector in the order w^1, b^1, w^2, b^2, ... (the order of ``cost_expression``)."""
    return np.concatenate([np.concatenate([w.ravel(), b]) for w, b in zip(nabla_w, nabla_b, strict=True)])


# ---------------------------------------------------------------- tables, fits and the picture


@dataclass(frozen=True)
class Counts:
    """The work of each method for one network (``naive``/``cse`` are None where not measured)."""

    sizes: tuple[int, ...]
    parameters: int
    forward: int
    backprop: int
    finite_differences: int
    naive: int | None
    cse: int | None


def counts(sizes: Sequence[int], measure: bool = True) -> Counts:
    """Every count for a network of these sizes; SymPy's naive derivative is built only if ``measure``."""
    s = tuple(int(n) for n in sizes)
    return Counts(s, parameters(s), forward_ops(s), backprop_ops(s), finite_difference_ops(s),
                  naive_ops(s) if measure else None, cse_ops(s) if measure else None)


def _ratio(a: int | None, b: int) -> str:
    return "-" if a is None else f"{a / b:.1f}"


def counts_table(rows: Sequence[Counts]) -> str:
    """Counts and ratios as a table: one row per network."""
    head = ["sizes", "P", "forward", "backprop", "bp/fwd", "finite diff.", "FD/bp", "SymPy naive", "naive/bp",
            "after cse", "cse/bp"]
    body = [["-".join(map(str, c.sizes)), c.parameters, c.forward, c.backprop, f"{c.backprop / c.forward:.2f}",
             c.finite_differences, _ratio(c.finite_differences, c.backprop),
             "-" if c.naive is None else c.naive, _ratio(c.naive, c.backprop),
             "-" if c.cse is None else c.cse, _ratio(c.cse, c.backprop)] for c in rows]
    return format_table(head, body)


METHODS: dict[str, Callable[[Counts], int | None]] = {
    "SymPy naive derivative": lambda c: c.naive,
    "finite differences": lambda c: c.finite_differences,
    "backprop": lambda c: c.backprop,
    "SymPy after cse": lambda c: c.cse,
    "forward pass": lambda c: c.forward,
}


def loglog_slope(x: Sequence[float], y: Sequence[float]) -> float:
    """The exponent k of y ~ x^k: the slope of log y against log x, fitted by least squares (numpy.polyfit)."""
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])


def growth_factor(x: Sequence[float], y: Sequence[float]) -> float:
    """The factor g of y ~ g^x: exp of the slope of log y against x, fitted by least squares (numpy.polyfit)."""
    return float(np.exp(np.polyfit(np.asarray(x, float), np.log(np.asarray(y, float)), 1)[0]))


def fits(x: Sequence[int], rows: Sequence[Counts]) -> dict[str, tuple[float, float]]:
    """For each method known on every row: (exponent k of x^k, factor g of g^x), both fitted over ``x``."""
    out = {}
    for name, get in METHODS.items():
        ys = [get(c) for c in rows]
        if all(v is not None for v in ys):
            out[name] = (loglog_slope(x, ys), growth_factor(x, ys))
    return out


def fits_table(columns: Mapping[str, tuple[Mapping[str, tuple[float, float]], int]]) -> str:
    """Fitted growth as a table: one column per (fits, 0 for the exponent or 1 for the factor), one row per method."""
    rows = [[name] + [f"{fit[name][k]:.2f}" if name in fit else "-" for fit, k in columns.values()]
            for name in METHODS]
    return format_table(["method", *columns], rows)


STYLE = {"SymPy naive derivative": dict(color="C3", marker="o", ls="-"),
         "finite differences": dict(color="C1", marker="s", ls="-"),
         "backprop": dict(color="C0", marker="^", ls="-"),
         "SymPy after cse": dict(color="C2", marker="v", ls="--"),
         "forward pass": dict(color="0.45", marker="", ls=":")}


def growth_figure(by_width: Sequence[Counts], by_depth: Sequence[Counts], max_width: int = 64,
                  max_depth: int = 16) -> Figure:
    """Operations for the whole gradient against hidden width (log-log) and depth (log y): measured SymPy sizes as
    markers joined by lines, closed-form counts as lines continued to ``max_width`` and ``max_depth``."""
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2))
    depth_of_width = len(by_width[0].sizes) - 1
    width_of_depth = by_depth[-1].sizes[1]
    wide = sorted({*[c.sizes[1] for c in by_width], *np.unique(np.geomspace(1, max_width, 25).round().astype(int))})
    deep = list(range(1, max_depth + 1))
    panels = ((axes[0], [c.sizes[1] for c in by_width], by_width, wide,
               [counts(sizes_of(n, depth_of_width), measure=False) for n in wide]),
              (axes[1], [len(c.sizes) - 1 for c in by_depth], by_depth, deep,
               [counts(sizes_of(width_of_depth, L), measure=False) for L in deep]))
    for ax, xs, rows, xs_long, long_rows in panels:
        for name, get in METHODS.items():
            st = STYLE[name]
            if get(rows[0]) is None or name in ("SymPy naive derivative", "SymPy after cse"):
                ax.plot(xs, [get(c) for c in rows], marker=st["marker"], color=st["color"], ls=st["ls"],
                        label=f"{name} (measured)")
            else:
                ax.plot(xs_long, [get(c) for c in long_rows], color=st["color"], ls=st["ls"], label=name)
                if st["marker"]:
                    ax.plot(xs, [get(c) for c in rows], marker=st["marker"], color=st["color"], ls="none")
        ax.set_yscale("log")
        ax.grid(True, which="major", alpha=0.3)
        ax.set_ylabel("arithmetic operations for the whole gradient")
    axes[0].set_xscale("log")
    ticks = [v for v in (1, 2, 4, 8, 16, 32, 64, 128, 256) if v <= max_width]
    axes[0].set_xticks(ticks, [str(v) for v in ticks])
    axes[0].minorticks_off()
    axes[1].set_xticks(range(2, max_depth + 1, 2))
    axes[0].set_xlabel(f"hidden width n (network 2-n-...-n-1, {depth_of_width} weight layers)")
    axes[0].set_title("growing wider (log-log axes)")
    axes[1].set_xlabel(f"depth L = number of weight layers (hidden width {width_of_depth})")
    axes[1].set_title("growing deeper (log y axis; colours as on the left)")
    axes[0].legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig


def program_table(program: Program) -> str:
    """A program as a table: each line's name, its expression and its count_ops."""
    return format_table(["name", "expression", "operations"],
                        [[str(name), str(rhs), int(sp.count_ops(rhs))] for name, rhs in program])


# ---------------------------------------------------------------- the "Try it" readout


def cheap_to_build(width: int, depth: int) -> bool:
    """True for the networks 2-width-...-1 whose naive SymPy gradient builds in about a second at most."""
    return (width <= 2 and depth <= 6) or (width <= 3 and depth <= 4) or (width <= 5 and depth <= 3)


def readout(width: float, depth: float) -> str:
    """Counts and ratios for the network [2, width x (depth - 1), 1]; SymPy's naive size where it is cheap."""
    s = sizes_of(int(width), int(depth))
    c = counts(s, measure=cheap_to_build(int(width), int(depth)))
    lines = [f"network {'-'.join(map(str, s))}: P = {c.parameters} parameters",
             f"forward pass        {c.forward:>16,d} operations",
             f"backprop            {c.backprop:>16,d}   = {c.backprop / c.forward:6.2f} forward passes",
             f"finite differences  {c.finite_differences:>16,d}   = {c.finite_differences / c.backprop:10,.1f} "
             f"x backprop"]
    if c.naive is not None:
        lines.append(f"SymPy naive         {c.naive:>16,d}   = {c.naive / c.backprop:10,.1f} x backprop")
    else:
        lines.append("SymPy naive         (not built: too large; measured up to width 2 at depth 6, width 3 at "
                     "depth 4, width 5 at depth 3)")
    return "\n".join(lines)
