"""Nielsen's big picture (ch. 2, eq. (47)-(53)) for notebook 09: paths from a weight to the cost, their rate
factors and products, in floats and in SymPy; how many paths there are; pictures and readouts.

Layers are Nielsen's: ``sizes[0]`` inputs, layers l = 1..L, ``w^l`` of shape (n_l, n_{l-1}). A path from the weight
w^l_jk is a tuple of neuron indices (j, q, ..., m), one neuron in each layer l, l+1, ..., L. Its rate factors, in
the activation form of eq. (53), start at the weight:
da^l_j/dw^l_jk, then da^{l+1}_q/da^l_j and so on, and end with dC/da^L_m. Every walk is a loop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise, product
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from ..network import Network
from .examples import WorkedExample
from .plotting import draw_network, node_positions
from .report import fmt, format_table

# ---------------------------------------------------------------------- paths and how many


def paths_from(sizes: Sequence[int], l: int, j: int) -> list[tuple[int, ...]]:
    """Every path (j, q, ..., m) from neuron j of layer l through one neuron of each later layer (a loop that
    extends every path found so far by each neuron of the next layer)."""
    found = [(j,)]
    for n in sizes[l + 1:]:
        found = [p + (q,) for p in found for q in range(n)]
    return found


def count_paths(sizes: Sequence[int], l: int) -> int:
    """The number of paths from a weight of layer l to the cost: the product of the widths of layers l+1..L."""
    return math.prod(sizes[l + 1:])


@dataclass(frozen=True)
class Counts:
    """What a network of the given sizes costs: weights, path terms over all weights (eq. (53) for each), the
    multiplications that chain the factors of those terms, and the multiplications of backprop's BP1, BP2, BP4."""

    sizes: tuple[int, ...]
    weights: int
    path_terms: int
    path_mults: int
    backprop_mults: int


def counts(sizes: Sequence[int]) -> Counts:
    """Counts from the formulas: a weight of layer l has prod(n_{l+1..L}) paths of L - l + 2 factors each;
    backprop multiplies n_L times in BP1, n_{l+1} n_l + n_l times in each BP2 and n_l n_{l-1} times in each BP4."""
    L = len(sizes) - 1
    weights = sum(sizes[l] * sizes[l - 1] for l in range(1, L + 1))
    terms = sum(sizes[l] * sizes[l - 1] * count_paths(sizes, l) for l in range(1, L + 1))
    mults = sum(sizes[l] * sizes[l - 1] * count_paths(sizes, l) * (L - l + 1) for l in range(1, L + 1))
    backprop = sizes[L] + sum(sizes[l + 1] * sizes[l] + sizes[l] for l in range(1, L)) + weights
    return Counts(tuple(sizes), weights, terms, mults, backprop)


def enumerated(sizes: Sequence[int]) -> tuple[int, int]:
    """(path terms, multiplications) by listing every path of every weight and counting its factors."""
    L, terms, mults = len(sizes) - 1, 0, 0
    for l in range(1, L + 1):
        for j, _k in product(range(sizes[l]), range(sizes[l - 1])):
            for p in paths_from(sizes, l, j):
                terms += 1
                mults += (len(p) + 1) - 1  # factors: da/dw, one da/da per step, dC/da^L
    return terms, mults


def uniform(depth: int, width: int) -> list[int]:
    """Sizes of a network with ``width`` inputs, ``depth`` hidden layers of ``width`` neurons and one output."""
    return [width] * (depth + 1) + [1]


# ---------------------------------------------------------------------- the path sum in floats


def rate_factors(net: Network, x: np.ndarray, y: np.ndarray, l: int, k: int,
                 path: tuple[int, ...]) -> list[float]:
    """Eq. (53)'s factors along one path from w^l_{jk} (j = path[0]), for a sigmoid network and the quadratic
    cost: sigma'(z^l_j) a^{l-1}_k, then sigma'(z^{m+1}_q) w^{m+1}_{qp} for each step p -> q, then a^L_m - y_m."""
    trace = net.forward(x)
    act = [net.hidden] * (len(net.weights) - 1) + [net.output]
    slope = [act[i].forward(z)[1] for i, z in enumerate(trace.zs)]  # slope[l-1] = sigma'(z^l)
    factors = [float(slope[l - 1][path[0]] * trace.activations[l - 1][k])]
    for step, (p, q) in enumerate(pairwise(path), start=l + 1):
        factors.append(float(slope[step - 1][q] * net.weights[step - 1][q, p]))
    factors.append(float(trace.output[path[-1]] - y[path[-1]]))
    return factors


def path_terms(net: Network, x: np.ndarray, y: np.ndarray, l: int, j: int, k: int) -> dict[tuple[int, ...], float]:
    """Each path's product of rate factors, for the weight w^l_jk."""
    return {p: math.prod(rate_factors(net, x, y, l, k, p)) for p in paths_from(net.sizes, l, j)}


def path_gradient(net: Network, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    """dC/dw^l for every layer by eq. (53): for each weight, the sum over its paths (no backprop anywhere)."""
    out = []
    for l, w in enumerate(net.weights, start=1):
        g = np.zeros_like(w)
        for j, k in np.ndindex(w.shape):
            g[j, k] = sum(path_terms(net, x, y, l, j, k).values())
        out.append(g)
    return out


# ---------------------------------------------------------------------- the path sum in SymPy


@dataclass(frozen=True)
class SymbolicNet:
    """A network of the given sizes in SymPy: weights ``w[l][j, k]`` (w[0] unused), input ``x``, target ``y``,
    weighted inputs ``zs[l]`` and activations ``a[l]`` (a[0] = x), quadratic ``cost``, activation ``sigma``
    an undefined function (so what is proved holds for every activation)."""

    sizes: tuple[int, ...]
    w: list[Any]
    x: sp.Matrix
    y: sp.Matrix
    zs: list[Any]
    a: list[sp.Matrix]
    cost: sp.Expr
    sigma: Any


def symbolic_network(sizes: Sequence[int]) -> SymbolicNet:
    """Every weight, input and target a free symbol, sigma an undefined function: C = 1/2 ||a^L - y||^2."""
    sigma = sp.Function("sigma")
    x = sp.Matrix(sp.symbols(f"x_1:{sizes[0] + 1}"))
    y = sp.Matrix(sp.symbols(f"y_1:{sizes[-1] + 1}"))
    w: list[Any] = [None]
    zs: list[Any] = [None]
    a = [x]
    for l in range(1, len(sizes)):
        w.append(sp.Matrix(sizes[l], sizes[l - 1], lambda j, k, l=l: sp.Symbol(f"w^{l}_{j + 1}{k + 1}")))
        zs.append(w[l] * a[l - 1])
        a.append(zs[l].applyfunc(sigma))
    cost = sum(((a[-1][m] - y[m]) ** 2 for m in range(sizes[-1])), sp.Integer(0)) / 2
    return SymbolicNet(tuple(sizes), w, x, y, zs, a, cost, sigma)


def local_rates(sn: SymbolicNet, l: int, j: int, k: int, path: tuple[int, ...]) -> list[sp.Expr]:
    """Eq. (53)'s factors along one path as SymPy's derivatives of the local functions only: each neuron's
    a = sigma(sum_i w_i A_i) in placeholder inputs A, differentiated, then A replaced by the real activations."""
    def neuron(layer: int, q: int) -> tuple[sp.Expr, list[sp.Symbol]]:
        A = list(sp.symbols(f"A_1:{sn.sizes[layer - 1] + 1}"))
        return sn.sigma(sum(sn.w[layer][q, i] * A[i] for i in range(len(A)))), A

    def at(expr: sp.Expr, A: list[sp.Symbol], layer: int) -> sp.Expr:
        return expr.xreplace(dict(zip(A, sn.a[layer - 1], strict=True)))

    f, A = neuron(l, j)
    rates = [at(sp.diff(f, sn.w[l][j, k]), A, l)]                      # da^l_j / dw^l_jk
    for layer, (p, q) in enumerate(pairwise(path), start=l + 1):
        f, A = neuron(layer, q)
        rates.append(at(sp.diff(f, A[p]), A, layer))                    # da^{layer}_q / da^{layer-1}_p
    out = sp.Symbol("A_out")
    m = path[-1]
    rates.append(sp.diff((out - sn.y[m]) ** 2 / 2, out).xreplace({out: sn.a[-1][m]}))   # dC/da^L_m
    return rates


def symbolic_path_sum(sn: SymbolicNet, l: int, j: int, k: int) -> sp.Expr:
    """Eq. (53) for w^l_jk: the sum over all paths of the products of SymPy's local rate factors."""
    return sum((sp.Mul(*local_rates(sn, l, j, k, p)) for p in paths_from(sn.sizes, l, j)), sp.Integer(0))


def sigma_prime(sigma: Any, z: sp.Expr) -> sp.Expr:
    """sigma'(z) for an undefined sigma, in the form SymPy's own differentiation writes it (a ``Subs``)."""
    u = sp.Dummy("u")
    return sp.diff(sigma(u), u).subs(u, z)


def flat_sums(expr: sp.Expr) -> sp.Expr:
    """``expr`` expanded, each factor moved into the sums it multiplies, nested sums merged into one, and sums with
    the same limits added into one: c * Sum(f * Sum(g, inner), outer) becomes Sum(c f g, inner, outer)."""
    groups: dict[tuple, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(expr)):
        body, limits = term, []
        while True:
            factors = sp.Mul.make_args(body)
            sums = [f for f in factors if isinstance(f, sp.Sum)]
            if len(sums) != 1:
                break
            rest = sp.Mul(*[f for f in factors if f is not sums[0]])
            body, limits = rest * sums[0].function, list(sums[0].limits) + limits
        groups[tuple(limits)] = groups.get(tuple(limits), sp.Integer(0)) + body
    return sp.Add(*[sp.Sum(body, *limits) if limits else body for limits, body in groups.items()])


def same_sum(a: sp.Expr, b: sp.Expr) -> bool:
    """True if, flattened, a and b are one sum each over the same limits with summands equal after expansion."""
    fa, fb = flat_sums(a), flat_sums(b)
    return (isinstance(fa, sp.Sum) and isinstance(fb, sp.Sum) and fa.limits == fb.limits
            and sp.expand(fa.function - fb.function) == 0)


def readable(sn: SymbolicNet, expr: sp.Expr) -> sp.Expr:
    """For display: write sigma(z^l_j) as a^l_j and each weighted input as z^l_j (course.primes then shows the
    derivatives as sigma')."""
    names = {}
    for l in range(1, len(sn.sizes)):
        for j in range(sn.sizes[l]):
            names[sn.a[l][j]] = sp.Symbol(f"a^{l}_{j + 1}")
            names[sn.zs[l][j]] = sp.Symbol(f"z^{l}_{j + 1}")
    return expr.xreplace(names)


# ---------------------------------------------------------------------- the worked example: names, tables, pictures


def article_path(ex: WorkedExample, l: int, path: tuple[int, ...]) -> str:
    """A path of neuron indices from layer l, written with the article's neuron numbers, then C."""
    return " -> ".join(str(ex.layers[l + i][q]) for i, q in enumerate(path)) + " -> C"


def weight_rows(ex: WorkedExample, net: Network, by_paths: Sequence[np.ndarray], backprop: Sequence[np.ndarray],
                exact: Sequence[np.ndarray]) -> str:
    """One row per weight: its paths, dC/dw by the sum over paths, by backprop, by SymPy (Nielsen's sign)."""
    rows = []
    for name in ex.weights:
        l, j, k = ex.weight_position(name)
        rows.append([name, f"w^{l}[{j},{k}]", str(count_paths(net.sizes, l)), fmt(by_paths[l - 1][j, k], 10),
                     fmt(backprop[l - 1][j, k], 10), fmt(exact[l - 1][j, k], 10)])
    return format_table(["weight", "Nielsen", "paths", "sum over paths", "backprop", "SymPy exact"], rows)


def perturbation_rows(ex: WorkedExample, net: Network, name: str, dw: float) -> tuple[list[list[str]], float, float]:
    """Eq. (48)-(52) for the article's weight ``name`` nudged by ``dw``: for every neuron downstream, the true
    change of its activation (two forward passes) and the first-order change carried forward by the rate factors
    (eq. (48), then eq. (49) summed over the neurons of each layer); then the same for C. Returns the rows, the
    true change of C and the first-order change of C."""
    l, j, k = ex.weight_position(name)
    base = net.forward(ex.x)
    ws = [w.copy() for w in net.weights]
    ws[l - 1][j, k] += dw
    moved = net.replace(weights=ws).forward(ex.x)
    slope = [net.hidden.forward(z)[1] for z in base.zs]
    change = np.zeros(net.sizes[l])
    change[j] = slope[l - 1][j] * base.activations[l - 1][k] * dw             # eq. (48)
    rows = []
    for layer in range(l, len(net.sizes)):
        if layer > l:
            change = slope[layer - 1] * (net.weights[layer - 1] @ change)    # eq. (49), every neuron of the layer
        true = moved.activations[layer] - base.activations[layer]
        rows += [[f"a{n} = O{n}", f"{true[q]:+.6e}", f"{change[q]:+.6e}"] for q, n in enumerate(ex.layers[layer])]
    c0 = 0.5 * float(np.sum((base.output - ex.y) ** 2))
    c1 = 0.5 * float(np.sum((moved.output - ex.y) ** 2))
    first = float((base.output - ex.y) @ change)                               # dC/da^L . Delta a^L
    rows.append(["C", f"{c1 - c0:+.6e}", f"{first:+.6e}"])
    return rows, c1 - c0, first


PATH_COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:purple")


def paths_figure(ex: WorkedExample, net: Network, name: str) -> Figure:
    """The worked example with every path from the weight ``name`` to the cost drawn in its own colour, each edge
    of a path labelled with its rate factor, and each path's product in the legend."""
    l, j, k = ex.weight_position(name)
    pos = node_positions(ex)
    fig, ax = plt.subplots(figsize=(11, 4.9))
    labels, handles = {}, []
    for c, (path, term) in enumerate(path_terms(net, ex.x, ex.y, l, j, k).items()):
        factors = rate_factors(net, ex.x, ex.y, l, k, path)
        neurons = [ex.layers[l - 1][k]] + [ex.layers[l + i][q] for i, q in enumerate(path)]
        for step, (a, b) in enumerate(pairwise(neurons)):
            labels[f"w{a}{b}"] = f"{factors[step]:+.4f}"
            (x0, y0), (x1, y1) = pos[a], pos[b]
            off = 0.07 * (c - 0.5)
            ax.plot([x0, x1], [y0 + off, y1 + off], color=PATH_COLORS[c % 4], lw=3.5, alpha=0.55, zorder=1.5,
                    solid_capstyle="round")
        handles.append(plt.Line2D([], [], color=PATH_COLORS[c % 4], lw=3.5, alpha=0.55,
                                  label=f"{name} -> {article_path(ex, l, path)}: product {term:+.6f}"))
    out = ex.layers[-1][0]
    dC = float(net.forward(ex.x).output[0] - ex.y[0])
    draw_network(ex, edge_labels=labels, node_labels={out: f"∂C/∂a{out} = {dC:+.4f}"}, ax=ax, label_t=0.5,
                 title=f"Every path from {name} to the cost; on each edge its rate factor "
                       f"(∂a/∂{name} on the first, ∂a/∂a after)")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=2, frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def growth_table(depths: Sequence[int], width: int) -> str:
    """Counts for networks of ``width`` inputs, growing depth, ``width`` neurons per hidden layer, one output."""
    rows = []
    for d in depths:
        c = counts(uniform(d, width))
        rows.append([str(d), str(c.weights), str(c.path_terms), str(c.path_mults), str(c.backprop_mults),
                     f"{c.path_mults / c.backprop_mults:.1f}"])
    return format_table(["hidden layers", "weights", "path terms", "path mults", "backprop mults", "ratio"], rows)


def growth_figure(depths: Sequence[int], widths: Sequence[int], fixed_width: int, fixed_depth: int) -> Figure:
    """Log-scale counts: path terms and their multiplications against backprop's multiplications, as the depth
    grows (left, one curve per width) and as the width grows (right, at a fixed depth)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6))
    for c, width in enumerate(sorted({2, fixed_width, 4})):
        cs = [counts(uniform(d, width)) for d in depths]
        color = PATH_COLORS[c]
        left.plot(depths, [v.path_mults for v in cs], "o-", color=color, label=f"sum over paths, width {width}")
        left.plot(depths, [v.backprop_mults for v in cs], "s--", color=color, label=f"backprop, width {width}")
    cs = [counts(uniform(fixed_depth, n)) for n in widths]
    right.plot(widths, [v.path_mults for v in cs], "o-", color="tab:red", label="sum over paths")
    right.plot(widths, [v.backprop_mults for v in cs], "s--", color="tab:gray", label="backprop")
    right.plot(widths, [v.weights for v in cs], ":", color="black", label="number of weights")
    right.set_xscale("log")
    right.set_xticks(list(widths), [str(n) for n in widths])
    right.xaxis.set_minor_formatter(NullFormatter())
    for ax, xlabel, title in ((left, "hidden layers (depth)", "growing depth"),
                              (right, "neurons per hidden layer (width, log scale)",
                               f"growing width, {fixed_depth} hidden layers")):
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("multiplications for every dC/dw (log scale)")
        ax.set_title(title)
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="upper left", fontsize=8)
    fig.suptitle("Multiplications for all the gradients: the sum over paths against backprop")
    fig.tight_layout()
    return fig


def growth_rates(width: int, depths: Sequence[int], depth: int, widths: Sequence[int]) -> str:
    """Measured growth: per added layer (at ``width``), the factor of the path multiplications and the increment
    of backprop's; and the slopes of log(count) against log(width) (at ``depth``), fitted over ``widths``."""
    last = [counts(uniform(d, width)) for d in depths[-2:]]
    cs = [counts(uniform(depth, n)) for n in widths]
    logs = np.log(np.array(widths, dtype=float))
    slope_paths = np.polyfit(logs, np.log([c.path_mults for c in cs]), 1)[0]
    slope_bp = np.polyfit(logs, np.log([c.backprop_mults for c in cs]), 1)[0]
    return "\n".join([
        f"depth {depths[-2]} -> {depths[-1]} at width {width}: path multiplications x "
        f"{last[1].path_mults / last[0].path_mults:.2f}, backprop + {last[1].backprop_mults - last[0].backprop_mults}",
        f"width {widths[0]}..{widths[-1]} at {depth} hidden layers: path multiplications ~ width^{slope_paths:.2f}, "
        f"backprop ~ width^{slope_bp:.2f}",
    ])


def growth_text(depth: float, width: float) -> str:
    """The "Try it" readout: for a network of the given depth and width, paths per weight and the counts."""
    d, n = int(round(depth)), int(round(width))
    sizes = uniform(d, n)
    c = counts(sizes)
    per_layer = ", ".join(f"layer {l}: {count_paths(sizes, l)}" for l in range(1, len(sizes)))
    return "\n".join([
        f"sizes {sizes}: {c.weights} weights",
        f"paths from one weight to C, by the weight's layer: {per_layer}",
        f"path terms over all weights: {c.path_terms}, chained with {c.path_mults} multiplications",
        f"backprop (BP1, BP2, BP4): {c.backprop_mults} multiplications;"
        f" ratio {c.path_mults / c.backprop_mults:.1f}",
    ])
