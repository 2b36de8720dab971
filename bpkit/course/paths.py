"""Plumbing for Nielsen's big picture (ch. 2, eq. (47)-(53)), notebook 09: the worked example's paths and their
rate factors in floats (for the figure and the exercises), how many paths and multiplications there are, and the
figures. The sum over paths itself is written in notebook 09.

Layers are Nielsen's: ``sizes[0]`` inputs, layers l = 1..L, ``w^l`` of shape (n_l, n_{l-1}). A path from the weight
w^l_jk is a tuple of neuron indices (j, q, ..., m), one neuron in each layer l, l+1, ..., L. Its rate factors, in the
activation form of eq. (53), start at the weight: da^l_j/dw^l_jk, then da^{l+1}_q/da^l_j and so on, and end with
dC/da^L_m.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise, product

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from .. import relu_prime, sigmoid_prime, tanh_prime
from ..network import Network
from .examples import WorkedExample
from .plotting import draw_network, node_positions, style

# ---------------------------------------------------------------------- how many paths


def count_paths(sizes: Sequence[int], l: int) -> int:
    """The number of paths from a weight of layer l to the cost: the product of the widths of layers l+1..L."""
    return math.prod(sizes[l + 1:])


def uniform(depth: int, width: int) -> list[int]:
    """Sizes of a network with ``width`` inputs, ``depth`` hidden layers of ``width`` neurons and one output."""
    return [width] * (depth + 1) + [1]


@dataclass(frozen=True)
class PathCounts:
    """What the gradient of a network of the given sizes costs: weights, path terms over all weights (eq. (53)
    for each), the multiplications that chain the factors of those terms, and the multiplications of backprop's
    BP1, BP2 and BP4."""

    sizes: tuple[int, ...]
    weights: int
    path_terms: int
    path_mults: int
    backprop_mults: int


def counts(sizes: Sequence[int]) -> PathCounts:
    """Counts from the formulas: a weight of layer l has prod(n_{l+1..L}) paths of L - l + 2 factors each;
    backprop multiplies n_L times in BP1, n_{l+1} n_l + n_l times in each BP2 and n_l n_{l-1} times in each BP4."""
    L = len(sizes) - 1
    weights = sum(sizes[l] * sizes[l - 1] for l in range(1, L + 1))
    terms = sum(sizes[l] * sizes[l - 1] * count_paths(sizes, l) for l in range(1, L + 1))
    mults = sum(sizes[l] * sizes[l - 1] * count_paths(sizes, l) * (L - l + 1) for l in range(1, L + 1))
    backprop = sizes[L] + sum(sizes[l + 1] * sizes[l] + sizes[l] for l in range(1, L)) + weights
    return PathCounts(tuple(sizes), weights, terms, mults, backprop)


# ---------------------------------------------------------------------- rate factors in floats

PRIMES = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime}


def rate_factors(net: Network, x: np.ndarray, y: np.ndarray, l: int, k: int,
                 path: tuple[int, ...]) -> list[float]:
    """Eq. (53)'s factors along one path from w^l_{jk} (j = path[0]) of a network with elementwise activations and
    the quadratic cost: sigma'(z^l_j) a^{l-1}_k, then sigma'(z^s_q) w^s_{qp} for each step p -> q into layer s, then
    a^L_m - y_m."""
    trace = net.forward(x)
    names = [net.activation] * (len(net.weights) - 1) + [net.output_activation]
    slope = [PRIMES[name](z) for name, z in zip(names, trace.zs, strict=True)]  # slope[s-1] = sigma'(z^s)
    factors = [float(slope[l - 1][path[0]] * trace.activations[l - 1][k])]
    for s, (p, q) in enumerate(pairwise(path), start=l + 1):
        factors.append(float(slope[s - 1][q] * net.weights[s - 1][q, p]))
    return factors + [float(trace.output[path[-1]] - y[path[-1]])]


def path_terms(net: Network, x: np.ndarray, y: np.ndarray, l: int, j: int, k: int) -> dict[tuple[int, ...], float]:
    """Each path's product of rate factors, for the weight w^l_jk (the paths pick one neuron in each later layer)."""
    paths = [(j, *rest) for rest in product(*(range(n) for n in net.sizes[l + 1:]))]
    return {p: math.prod(rate_factors(net, x, y, l, k, p)) for p in paths}


# ---------------------------------------------------------------------- figures


def article_path(ex: WorkedExample, l: int, path: tuple[int, ...]) -> str:
    """A path of neuron indices from layer l, written with the article's neuron numbers, then C."""
    return " -> ".join(str(ex.layers[l + i][q]) for i, q in enumerate(path)) + " -> C"


#: The paths' own colours: Okabe-Ito sky blue, yellow and black, which no concept of ``plotting.CONCEPTS`` uses.
PATH_COLORS = ("#56B4E9", "#F0E442", "#000000")


def nielsen_name(letter: str, l: int, *indices: int) -> str:
    """Nielsen's name for a figure, with Unicode super- and subscripts and indices counted from 0:
    ('w', 1, 0, 0) -> 'w¹₁₁', ('a', 3, 0) -> 'a³₁'."""
    sup, sub = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"), str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    return letter + str(l).translate(sup) + "".join(str(i + 1) for i in indices).translate(sub)


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
            ax.plot([x0, x1], [y0 + off, y1 + off], color=PATH_COLORS[c % 3], lw=4, alpha=0.8, zorder=1.5,
                    solid_capstyle="round")
        handles.append(plt.Line2D([], [], color=PATH_COLORS[c % 3], lw=4, alpha=0.8,
                                  label=f"via neurons {article_path(ex, l, path)}: product {term:+.6f}"))
    out = ex.layers[-1][0]
    dC = float(net.forward(ex.x).output[0] - ex.y[0])
    L = len(net.weights)
    draw_network(ex, edge_labels=labels, node_labels={out: f"∂C/∂{nielsen_name('a', L, 0)} = {dC:+.4f}"}, ax=ax,
                 label_t=0.5,
                 title=f"Every path from {nielsen_name('w', l, j, k)} (the article's {name}) to the cost, each edge "
                       "labelled with its rate factor")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=2, frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


#: The sum over paths is none of the concepts of ``plotting.CONCEPTS`` (backprop, finite differences, SymPy, the
#: article): it takes the palette's "other" colour and marker.
_PATHS = style("other")


def growth_figure(depths: Sequence[int], widths: Sequence[int], fixed_width: int, fixed_depth: int) -> Figure:
    """Log-scale counts: path terms and their multiplications against backprop's multiplications, as the depth
    grows (left, one curve per width) and as the width grows (right, at a fixed depth)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6))
    dashes = {2: ":", 3: "--", 4: "-"}
    for width in sorted({2, fixed_width, 4}):
        cs = [counts(uniform(d, width)) for d in depths]
        ls = dashes.get(width, "-.")
        left.plot(depths, [v.path_mults for v in cs], ls=ls, ms=5, **_PATHS, label=f"sum over paths, width {width}")
        left.plot(depths, [v.backprop_mults for v in cs], ls=ls, ms=4, **style("backprop"),
                  label=f"backprop, width {width}")
    cs = [counts(uniform(fixed_depth, n)) for n in widths]
    right.plot(widths, [v.path_mults for v in cs], "-", ms=5, **_PATHS, label="sum over paths")
    right.plot(widths, [v.backprop_mults for v in cs], "-", ms=4, **style("backprop"), label="backprop")
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
