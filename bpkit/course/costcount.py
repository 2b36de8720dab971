"""Plumbing for notebook 13 (why backprop is cheap): operation counts of three ways to the gradient, SymPy's naive
derivative, finite differences and backprop, in closed form and measured, and their figure.

The unit is one arithmetic operation as ``sympy.count_ops`` counts it (+, -, *, /, a power, exp): a multiply-add
counts as two. ``forward_ops`` and ``backward_ops`` are the sizes of the forward pass and of backprop written as
straight-line programs (notebook 13 writes the programs and checks these formulas against them). Finite differences
repeat the forward pass twice per parameter. SymPy's naive derivative is one formula per parameter with nothing
shared, measured with ``count_ops`` (only for small networks: it grows too fast to build).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from ..symbolic import network
from .plotting import style

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
    (theta + h, theta - h, C+ - C-, the division by 2 h)."""
    p = parameters(sizes)
    return 2 * p * forward_ops(sizes) + 4 * p


# ---------------------------------------------------------------- SymPy's naive derivative, measured


def cost_and_parameters(sizes: Sequence[int]) -> tuple[sp.Expr, list[sp.Symbol]]:
    """The quadratic cost of a sigmoid network as one SymPy expression (``bpkit.symbolic.network``: nothing named,
    nothing shared), and its parameters in the order w^1, b^1, w^2, b^2, ..."""
    sym = network(sizes)
    return sym.cost, [s for W, B in zip(sym.w, sym.b, strict=True) for s in [*W, *B]]


@cache
def naive_derivatives(sizes: tuple[int, ...]) -> tuple[sp.Expr, ...]:
    """SymPy's derivative of the whole cost expression by each parameter, one formula each."""
    cost, params = cost_and_parameters(sizes)
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
    """A chain of one neuron per layer, a_l = R(w_l a_{l-1}) with an arbitrary activation R, cost (a_L - y)^2 / 2;
    ``program`` is backprop with memoization (delta_l = dC/dz_l), ``stored`` the forward values its names stand for.
    The Russian collection writes h_l for a_l and E_l for delta_l."""

    w: tuple[sp.Symbol, ...]
    cost: sp.Expr
    program: Program
    grads: tuple[sp.Symbol, ...]
    stored: dict[sp.Symbol, sp.Expr]


def chain(L: int, linear_output: bool = False) -> Chain:
    """The chain of depth L (``bpkit.symbolic.network`` with one neuron per layer, as scalars), and the memoized
    backward program delta_L = (a_L - y) R'(z_L), delta_l = delta_{l+1} w_{l+1} R'(z_l), dC/dw_l = delta_l a_{l-1};
    with ``linear_output`` the output neuron has no activation, a_L = z_L, and delta_L = a_L - y."""
    R, u = sp.Function("R"), sp.Dummy("u")
    sym = network([1] * (L + 1), R, output_activation=(lambda v: v) if linear_output else None, biases=False)
    x, y, w = *sp.symbols("x y"), sp.symbols(f"w_1:{L + 1}")
    names = {sym.x[0]: x, sym.y[0]: y} | {W[0, 0]: w_l for W, w_l in zip(sym.w, w, strict=True)}
    a, r, delta = (sp.symbols(f"{v}_0:{L + 1}") for v in ("a", "R'", "delta"))
    stored = {a[l]: sym.activations[l][0].xreplace(names) for l in range(L + 1)}
    stored |= {r[l]: sp.diff(R(u), u).subs(u, sym.zs[l - 1][0].xreplace(names)) for l in range(1, L + 1)}
    grads = sp.symbols(f"dC/dw_1:{L + 1}")
    program: Program = [(delta[L], a[L] - y if linear_output else (a[L] - y) * r[L])]
    program += [(delta[l], delta[l + 1] * w[l] * r[l]) for l in range(L - 1, 0, -1)]
    program += [(grads[l - 1], delta[l] * a[l - 1]) for l in range(1, L + 1)]
    return Chain(tuple(w), sym.cost.xreplace(names), program, tuple(grads), stored)


def multiplications(expr: sp.Expr) -> int:
    """Multiplications a product needs: its number of factors minus one (0 for a single factor)."""
    return len(sp.Mul.make_args(expr)) - 1


# ---------------------------------------------------------------- every count of a network, and the picture


@dataclass(frozen=True)
class OpCounts:
    """The work of each method for one network (``naive``/``cse`` are None where not measured)."""

    sizes: tuple[int, ...]
    parameters: int
    forward: int
    backprop: int
    finite_differences: int
    naive: int | None
    cse: int | None


def counts(sizes: Sequence[int], measure: bool = True) -> OpCounts:
    """Every count for a network of these sizes; SymPy's naive derivative is built only if ``measure``."""
    s = tuple(int(n) for n in sizes)
    return OpCounts(s, parameters(s), forward_ops(s), backprop_ops(s), finite_difference_ops(s),
                    naive_ops(s) if measure else None, cse_ops(s) if measure else None)


def cheap_to_build(width: int, depth: int) -> bool:
    """True for the networks 2-width-...-1 whose naive SymPy gradient builds in about a second at most."""
    return (width <= 2 and depth <= 6) or (width <= 3 and depth <= 4) or (width <= 5 and depth <= 3)


METHODS: dict[str, Callable[[OpCounts], int | None]] = {
    "SymPy naive derivative": lambda c: c.naive,
    "finite differences": lambda c: c.finite_differences,
    "backprop": lambda c: c.backprop,
    "SymPy after cse": lambda c: c.cse,
    "forward pass": lambda c: c.forward,
}


#: Each method in the colour and marker of its concept (``plotting.style``): both SymPy routes in SymPy's colour,
#: naive solid with filled markers, after ``cse`` dashed with open ones; the forward pass is context ("other").
STYLE = {"SymPy naive derivative": {**style("SymPy"), "ls": "-"},
         "finite differences": {**style("finite differences"), "ls": "-"},
         "backprop": {**style("backprop"), "ls": "-"},
         "SymPy after cse": {**style("SymPy"), "ls": "--", "mfc": "white"},
         "forward pass": {**style("other"), "ls": ":"}}


def growth_figure(by_width: Sequence[OpCounts], by_depth: Sequence[OpCounts], max_width: int = 64,
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
    labels = {}
    for ax, xs, rows, xs_long, long_rows in panels:
        for name, get in METHODS.items():
            st = STYLE[name]
            if get(rows[0]) is None or name in ("SymPy naive derivative", "SymPy after cse"):
                labels[name] = f"{name} (measured)"
                ax.plot(xs, [get(c) for c in rows], **st, label=labels[name])
            else:
                labels[name] = name
                ax.plot(xs_long, [get(c) for c in long_rows], color=st["color"], ls=st["ls"], label=name)
                ax.plot(xs, [get(c) for c in rows], **{**st, "ls": "none"})
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
    axes[0].legend(handles=[plt.Line2D([], [], **STYLE[name], label=label) for name, label in labels.items()],
                   loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig
