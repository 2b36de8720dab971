"""Plumbing for the notebooks on BP2, BP3, BP4 and matrices (04, 05, 06, 10): SymPy helpers, names, pictures.

The notebooks keep the ideas (the derivations and their asserts, the tables and readouts they print); this module
only names SymPy's pieces, computes the cost as a function of one layer's weighted inputs, looks up the worked
example's neurons and weights, and draws the network. Matrix entries as sums are in ``sums``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from ..network import Gradients, Network
from .examples import WorkedExample
from .plotting import draw_network, node_positions, style

# ---------------------------------------------------------------- SymPy: naming the pieces of a derivative

#: The arbitrary cost of the derivations: a SymPy function of which nothing is known.
COST = sp.Function("C")


def named_gradient(z_expr: sp.Matrix, wrt: Sequence[sp.Expr], delta: sp.Matrix,
                   cost: Any = COST) -> sp.Matrix:
    """SymPy's derivative of an arbitrary cost C(z_1, ..., z_n) of ``z_expr`` by each of ``wrt``, with every
    dC/dz_i that SymPy writes (as a ``Subs``) renamed delta_i."""
    total = cost(*z_expr)
    out = []
    for v in wrt:
        d = sp.diff(total, v)
        out.append(d.xreplace({s: delta[s.expr.expr.args.index(s.expr.variables[0])] for s in d.atoms(sp.Subs)}))
    return sp.Matrix(out)


def rename_applied(expr: sp.Expr, f: type, names: Mapping[sp.IndexedBase, sp.IndexedBase]) -> sp.Expr:
    """Replace each application f(...) by names[B][i], for the first base B of ``names`` whose entry B[i] it holds."""
    def name_of(u: sp.Expr) -> sp.Expr:
        for base, name in names.items():
            held = [a for a in u.atoms(sp.Indexed) if a.base == base]
            if held:
                return name[held[0].indices]
        return u

    return expr.replace(lambda u: isinstance(u, f), name_of)


# ---------------------------------------------------------------- the cost seen from one layer


def cost_from_z(net: Network, y: np.ndarray, l: int, z_l: np.ndarray) -> float:
    """The quadratic cost as a function of z^l alone: the activation of layer l, then the layers l+1 .. L of ``net``."""
    a = (net.hidden if l < len(net.weights) else net.output).fn(z_l)
    for m in range(l, len(net.weights)):
        z = net.weights[m] @ a + (net.biases[m] if net.biases is not None else 0.0)
        a = (net.output if m == len(net.weights) - 1 else net.hidden).fn(z)
    return 0.5 * float(np.sum((a - y) ** 2))


# ---------------------------------------------------------------- the worked example's deltas (notebook 04)


def neuron_deltas(ex: WorkedExample, deltas: Sequence[np.ndarray]) -> dict[int, float]:
    """delta (Nielsen's sign) of each non-input neuron, by the article's neuron number."""
    return {n: float(deltas[layer - 1][j]) for layer, neurons in enumerate(ex.layers[1:], start=1)
            for j, n in enumerate(neurons)}


def message_figure(ex: WorkedExample, grads: Gradients) -> Figure:
    """BP2 on the network: delta (Nielsen's sign) under each neuron, and on each edge i -> j the term w_ij delta_j
    carried back to i, as an arrow (red negative, blue positive, thicker for larger)."""
    delta = neuron_deltas(ex, grads.deltas)
    msgs = {name: ex.weights[name] * delta[int(name[2])] for name in ex.weights if int(name[1]) in delta}
    fig, ax = plt.subplots(figsize=(10, 5.2))
    draw_network(ex, edge_labels={k: f"{v:+.4f}" for k, v in msgs.items()},
                 node_labels={n: f"δ = {d:+.5f}" for n, d in delta.items()},
                 title="BP2 on the worked example\nnodes: δ = ∂C/∂z (Nielsen's sign); edges: w·δ carried back",
                 ax=ax, label_t=0.36, t_range=(0.14, 0.5))
    pos = node_positions(ex)
    biggest = max(abs(v) for v in msgs.values())
    for name, m in msgs.items():
        (x0, y0), (x1, y1) = pos[int(name[1])], pos[int(name[2])]
        ax.annotate("", xy=(x0 + 0.58 * (x1 - x0), y0 + 0.58 * (y1 - y0)),
                    xytext=(x0 + 0.86 * (x1 - x0), y0 + 0.86 * (y1 - y0)),
                    arrowprops={"arrowstyle": "-|>", "color": "tab:red" if m < 0 else "tab:blue",
                                "lw": 1.0 + 3.0 * abs(m) / biggest, "mutation_scale": 14}, zorder=5)
    return fig


def with_weights(ex: WorkedExample, net: Network, **weights: float) -> Network:
    """``net`` with some of the article's weights (by name, e.g. w78=0.5) replaced."""
    ws = [w.copy() for w in net.weights]
    for name, value in weights.items():
        l, j, k = ex.weight_position(name)
        ws[l - 1][j, k] = value
    return net.replace(weights=ws)


# ---------------------------------------------------------------- biases (notebook 05)


def with_bias(ex: WorkedExample, network: Network, n: int, value: float) -> Network:
    """``network`` with neuron n's bias set to ``value``."""
    l, j = ex.neuron_position(n)
    biases = [b.copy() for b in network.biases]
    biases[l - 1][j] = value
    return network.replace(biases=biases)


def bias_figure(ex: WorkedExample, network: Network, grads: Gradients) -> Figure:
    """The network with the article's weights on the edges and, under each neuron, its bias and dC/db = delta."""
    labels = {n: f"x = {v:g}" for n, v in zip(ex.layers[0], ex.x, strict=True)}
    for n, d in neuron_deltas(ex, grads.deltas).items():
        l, j = ex.neuron_position(n)
        labels[n] = f"b = {network.biases[l - 1][j]:+.1f}\nδ = {d:+.5f}"
    fig, ax = plt.subplots(figsize=(10, 5.4))
    draw_network(ex, node_labels=labels, ax=ax,
                 title="Case (b): the gradient ∂C/∂b of each bias is its neuron's δ (Nielsen's sign)")
    return fig


def bias_slope_figure(ex: WorkedExample, network: Network, grads: Gradients, on_target: float,
                      span: float = 4.0) -> Figure:
    """C as a function of the bias of neuron 8 and of neuron 6, each with the tangent of slope delta at the current
    bias. Both panels have the same scales (one y-axis, x-ranges of the same width 2 ``span``), so a steeper
    tangent on the page is a larger slope."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    curve, tangent = style("other")["color"], style("backprop")
    for ax, n in zip(axes, (8, 6), strict=True):
        l, j = ex.neuron_position(n)
        b0, d0 = network.biases[l - 1][j], grads.deltas[l - 1][j]
        grid = np.linspace(b0 - span, b0 + span, 301)
        c0 = grads.cost
        ax.plot(grid, [with_bias(ex, network, n, v).cost(ex.x, ex.y) for v in grid], color=curve, lw=2,
                label=f"C as a function of $b_{n}$")
        near = np.linspace(b0 - 0.3 * span, b0 + 0.3 * span, 2)
        ax.plot(near, c0 + d0 * (near - b0), "--", lw=1.8, color=tangent["color"],
                label=f"tangent, slope δ{n} = {d0:+.5f} (backprop)")
        ax.plot([b0], [c0], ls="none", ms=7, zorder=3, **tangent)
        ax.annotate(f"$b_{n}$ = {b0:+.1f}, C = {c0:.5f}", xy=(b0, c0), xytext=(-10, -12),
                    textcoords="offset points", ha="right", va="top", fontsize=9)
        if n == 8:
            ax.axvline(on_target, color=style("target")["color"], ls=":", lw=1.5,
                       label=f"O8 = target, b8 = {on_target:.2f}")
        ax.set_xlabel(f"bias $b_{n}$ of neuron {n}")
        ax.set_title(f"neuron {n} ({'output' if n == 8 else 'hidden layer 2'})")
        ax.grid(alpha=0.3)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
    axes[0].set_ylabel("cost C (same scale in both panels)")
    fig.suptitle("BP3: the slope of C along a bias is that neuron's δ (case (b))")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- weights (notebook 06)


def by_name(ex: WorkedExample, arrays: Sequence[np.ndarray]) -> dict[str, float]:
    """Per-layer weight-shaped arrays as a dict by the article's weight names."""
    out = {}
    for name in ex.weights:
        l, j, k = ex.weight_position(name)
        out[name] = float(arrays[l - 1][j, k])
    return out


def change_figure(ex: WorkedExample, grads: Gradients, changes: Sequence[np.ndarray]) -> Figure:
    """Each edge its weight change (units of 1e-4), each neuron its delta (Nielsen's sign, dC/dz)."""
    nodes = {n: f"δ = {d:+.4f}" for n, d in neuron_deltas(ex, grads.deltas).items()}
    fig, ax = plt.subplots(figsize=(10, 5.6))
    draw_network(ex, edge_labels={k: f"{v * 1e4:+.2f}" for k, v in by_name(ex, changes).items()},
                 node_labels=nodes, ax=ax,
                 title="First weight changes Δw (units of 1e-4) and deltas δ = ∂C/∂z (Nielsen's sign)")
    return fig
