"""Plumbing for the notebooks on BP2, BP3 and BP4 (03, 04, 05): SymPy helpers, tables, pictures, panel readouts.

The notebooks keep the ideas (the derivations and their asserts); this module only names SymPy's pieces,
computes the cost as a function of one layer's weighted inputs, formats tables and draws the network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.simplify.simplify import factor_sum

from .. import bp2, bp3, bp4, numerical_gradient, sigmoid_prime
from ..network import Gradients, Network, Trace
from .examples import WorkedExample
from .plotting import draw_network, node_positions
from .report import fmt, format_table

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


def entry(matrix_expr: sp.MatrixExpr, i: sp.Expr, j: sp.Expr = 1, index: sp.Symbol | None = None) -> sp.Expr:
    """Entry (i, j), counted from 1, of a product of matrix symbols of any size, written with ``IndexedBase``
    entries counted from 1 (a column vector v gives v[k]) and its sum running over ``index`` from 1."""
    e = matrix_expr[i - 1, j - 1]
    if index is not None:
        e = e.replace(lambda s: isinstance(s, sp.Sum),
                      lambda s: s.change_index(s.variables[0], s.variables[0] + 1, index))

    def indexed(m: MatrixElement) -> sp.Expr:
        base = sp.IndexedBase(m.parent.name)
        return base[m.i + 1] if m.parent.shape[1] == 1 else base[m.i + 1, m.j + 1]

    return e.replace(lambda s: isinstance(s, MatrixElement), indexed)


def rename_applied(expr: sp.Expr, f: type, names: Mapping[sp.IndexedBase, sp.IndexedBase]) -> sp.Expr:
    """Replace each application f(...) by names[B][i], for the first base B of ``names`` whose entry B[i] it holds."""
    def name_of(u: sp.Expr) -> sp.Expr:
        for base, name in names.items():
            held = [a for a in u.atoms(sp.Indexed) if a.base == base]
            if held:
                return name[held[0].indices]
        return u

    return expr.replace(lambda u: isinstance(u, f), name_of)


def tidy_sums(expr: sp.Expr) -> sp.Expr:
    """For display: factor every sum's summand and move the factors that do not depend on its index outside it."""
    tidy = expr.replace(lambda u: isinstance(u, sp.Sum), lambda u: factor_sum(sp.Sum(sp.factor(u.function), *u.limits)))
    return tidy if tidy.has(sp.Sum) else sp.factor(tidy)


# ---------------------------------------------------------------- the cost seen from one layer


def cost_from_z(net: Network, y: np.ndarray, l: int, z_l: np.ndarray) -> float:
    """The quadratic cost as a function of z^l alone: the activation of layer l, then the layers l+1 .. L of ``net``."""
    a = (net.hidden if l < len(net.weights) else net.output).forward(z_l)[0]
    for m in range(l, len(net.weights)):
        z = net.weights[m] @ a + (net.biases[m] if net.biases is not None else 0.0)
        a = (net.output if m == len(net.weights) - 1 else net.hidden).forward(z)[0]
    return 0.5 * float(np.sum((a - y) ** 2))


def neuron_deltas(ex: WorkedExample, deltas: Sequence[np.ndarray]) -> dict[int, float]:
    """delta (Nielsen's sign) of each non-input neuron, by the article's neuron number."""
    return {n: float(deltas[layer - 1][j]) for layer, neurons in enumerate(ex.layers[1:], start=1)
            for j, n in enumerate(neurons)}


def deltas_table(ex: WorkedExample, deltas: Sequence[np.ndarray]) -> str:
    """Every delta with its article name, Nielsen's name, and both signs."""
    rows = []
    for n, d in neuron_deltas(ex, deltas).items():
        layer, j = ex.neuron_position(n)
        rows.append([f"delta{n}", f"delta^{layer}_{j + 1}", fmt(d), fmt(-d)])
    return format_table(["article name", "Nielsen", "dC/dz (Nielsen)", "-dC/dz (article sign)"], rows)


def paths(ex: WorkedExample, n: int) -> list[tuple[int, ...]]:
    """Every path of neurons from neuron ``n`` forward to an output neuron."""
    layer = ex.neuron_position(n)[0]
    found = [(n,)]
    for nxt in ex.layers[layer + 1:]:
        found = [p + (m,) for p in found for m in nxt]
    return found


def path_terms(ex: WorkedExample, trace: Trace, delta_out: Mapping[int, float], n: int) -> dict[str, float]:
    """Nielsen's sum over paths: for each path from neuron ``n`` to an output o, delta_o times the rate factor
    w_ij sigma'(z_i) of every edge i -> j on it (sigmoid layers)."""
    def slope(i: int) -> float:
        layer, j = ex.neuron_position(i)
        return float(sigmoid_prime(trace.zs[layer - 1][j]))

    out = {}
    for p in paths(ex, n):
        term = delta_out[p[-1]]
        for i, j in pairwise(p):
            term *= ex.weights[f"w{i}{j}"] * slope(i)
        out[" -> ".join(map(str, p))] = term
    return out


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


def deltas_text(ex: WorkedExample, net: Network, **weights: float) -> str:
    """The "Try it" readout of notebook 03: every delta, both signs, with the named weights changed; delta^L from
    backprop's BP1, the others from ``bpkit.bp2`` run down the layers."""
    changed = with_weights(ex, net, **weights)
    grads = changed.backprop(ex.x, ex.y)
    deltas = [grads.deltas[-1]]
    for l in range(len(changed.weights) - 1, 0, -1):
        deltas.insert(0, bp2(changed.weights[l], deltas[0], sigmoid_prime(grads.trace.zs[l - 1])))
    head = ", ".join(f"{k} = {v:+.2f}" for k, v in weights.items())
    lines = [f"{n}: δ{n} = {fmt(d, 6):>9} (Nielsen sign), {fmt(-d, 6):>9} (article sign)"
             for n, d in sorted(neuron_deltas(ex, deltas).items(), reverse=True)]
    return "\n".join([head] + lines)


# ---------------------------------------------------------------- biases (notebook 04)


def bias_rows(ex: WorkedExample, network: Network, grads: Gradients, fd: Sequence[np.ndarray],
              oracle: Sequence[np.ndarray]) -> str:
    """dC/db for every neuron: its bias, delta, ``bpkit.bp3(delta)``, finite differences and SymPy, Nielsen's sign."""
    rows = []
    for n in neuron_deltas(ex, grads.deltas):
        l, j = ex.neuron_position(n)
        bias = 0.0 if network.biases is None else network.biases[l - 1][j]
        rows.append([str(n), f"b^{l}_{j + 1}", f"{bias:+.1f}", fmt(grads.deltas[l - 1][j]),
                     fmt(bp3(grads.deltas[l - 1])[j]), fmt(fd[l - 1][j]), fmt(oracle[l - 1][j])])
    return format_table(["neuron", "bias", "value", "delta", "bp3(delta)", "finite diff.", "SymPy exact"], rows)


def threshold_rows(ex: WorkedExample, network: Network, grads: Gradients, fd_theta: Sequence[np.ndarray],
                   eta: float) -> str:
    """For thresholds theta = -b: delta, dC/dtheta by finite differences, Zhou's name, and one step of each."""
    rows = []
    for n in neuron_deltas(ex, grads.deltas):
        l, j = ex.neuron_position(n)
        d = grads.deltas[l - 1][j]
        zhou = "g" if l == len(network.weights) else "e"
        rows.append([str(n), f"{-network.biases[l - 1][j]:+.1f}", fmt(d), fmt(fd_theta[l - 1][j]), f"{zhou}_{n}",
                     fmt(eta * d), fmt(-eta * d)])
    return format_table(["neuron", "theta", "delta", "dC/dtheta (fin. diff.)", "Zhou's g/e", "Delta theta",
                         "Delta b"], rows)


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


def bias_slope_figure(ex: WorkedExample, network: Network, grads: Gradients, on_target: float) -> Figure:
    """C as a function of the bias of neuron 8 and of neuron 6, with the tangent of slope delta at the current bias."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    for ax, n, span in ((axes[0], 8, 4.0), (axes[1], 6, 6.0)):
        l, j = ex.neuron_position(n)
        b0, d0 = network.biases[l - 1][j], grads.deltas[l - 1][j]
        grid = np.linspace(b0 - span, b0 + span, 301)
        c0 = grads.cost
        ax.plot(grid, [with_bias(ex, network, n, v).cost(ex.x, ex.y) for v in grid], color="tab:blue",
                label=f"C as a function of $b_{n}$")
        near = np.linspace(b0 - 0.3 * span, b0 + 0.3 * span, 2)
        ax.plot(near, c0 + d0 * (near - b0), "--", color="tab:red", label=f"tangent, slope δ{n} = {d0:+.5f}")
        ax.plot([b0], [c0], "o", color="tab:red", zorder=3)
        ax.annotate(f"$b_{n}$ = {b0:+.1f}, C = {c0:.5f}", xy=(b0, c0), xytext=(-10, -12),
                    textcoords="offset points", ha="right", va="top", fontsize=9)
        if n == 8:
            ax.axvline(on_target, color="tab:green", ls=":", lw=1.2, label=f"O8 = target, b8 = {on_target:.2f}")
        ax.set_xlabel(f"bias $b_{n}$ of neuron {n}")
        ax.set_ylabel("cost C")
        ax.set_title(f"neuron {n} ({'output' if n == 8 else 'hidden layer 2'})")
        ax.grid(alpha=0.3)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
    fig.suptitle("BP3: the slope of C along a bias is that neuron's δ (case (b))")
    fig.tight_layout()
    return fig


def bias_text(ex: WorkedExample, network: Network, b8: float) -> str:
    """The "Try it" readout of notebook 04: O8, C, delta8 = dC/db8 by backprop and the finite-difference slope."""
    grads = with_bias(ex, network, 8, b8).backprop(ex.x, ex.y)
    slope = numerical_gradient(lambda v: with_bias(ex, network, 8, float(v[0])).cost(ex.x, ex.y), np.array([b8]))[0]
    d8 = bp3(grads.deltas[-1])[0]
    return "\n".join([
        f"b8 = {b8:+.2f}:  O8 = {grads.trace.output[0]:.6f}  (target {ex.y[0]:g}),  C = {grads.cost:.6f}",
        f"dC/db8 = bp3(delta8):        {fmt(d8, 6)}   (article sign {fmt(-d8, 6)})",
        f"finite-difference slope:     {fmt(slope, 6)}",
    ])


# ---------------------------------------------------------------- weights (notebook 05)


def by_name(ex: WorkedExample, arrays: Sequence[np.ndarray]) -> dict[str, float]:
    """Per-layer weight-shaped arrays as a dict by the article's weight names."""
    out = {}
    for name in ex.weights:
        l, j, k = ex.weight_position(name)
        out[name] = float(arrays[l - 1][j, k])
    return out


def weight_rows(ex: WorkedExample, columns: Mapping[str, Sequence[np.ndarray]], places: int = 9) -> str:
    """One row per weight (article name, Nielsen's place) and one column per set of weight-shaped arrays."""
    named = {title: by_name(ex, arrays) for title, arrays in columns.items()}
    rows = []
    for name in ex.weights:
        l, j, k = ex.weight_position(name)
        rows.append([name, f"w^{l}[{j},{k}]"] + [fmt(v[name], places) for v in named.values()])
    return format_table(["article", "Nielsen", *columns], rows)


def change_figure(ex: WorkedExample, grads: Gradients, changes: Sequence[np.ndarray]) -> Figure:
    """Each edge its weight change (units of 1e-4), each neuron its delta in the article's sign."""
    nodes = {n: f"δ = {-d:+.4f}" for n, d in neuron_deltas(ex, grads.deltas).items()}
    fig, ax = plt.subplots(figsize=(10, 5.6))
    draw_network(ex, edge_labels={k: f"{v * 1e4:+.2f}" for k, v in by_name(ex, changes).items()},
                 node_labels=nodes, ax=ax,
                 title="First weight changes Δw_ij (units of 1e-4) and deltas (article's sign)")
    return fig


def first_layer_text(ex: WorkedExample, net: Network, I1: float, I2: float) -> str:
    """The "Try it" readout of notebook 05: for inputs (I1, I2), the deltas of layer 1 and the six gradients
    dC/dw_ij = O_i delta_j of the first layer's weights, from ``bpkit.bp4``."""
    x = np.array([I1, I2])
    grads = net.backprop(x, ex.y)
    nabla = bp4(grads.deltas[0], x)
    lines = [f"I1 = {I1:+.2f}, I2 = {I2:+.2f}:  O8 = {grads.trace.output[0]:.4f},  C = {grads.cost:.6f}",
             "delta (Nielsen sign):  " + ", ".join(f"δ{n} = {fmt(d, 6)}" for n, d in
                                                   zip(ex.layers[1], grads.deltas[0], strict=True))]
    for i, a in zip(ex.layers[0], x, strict=True):
        k = ex.layers[0].index(i)
        cells = "  ".join(f"dC/dw{i}{n} = {fmt(nabla[j, k], 6):>9}" for j, n in enumerate(ex.layers[1]))
        lines.append(f"O{i} = {a:+.2f}:  {cells}")
    return "\n".join(lines)


def momentum_rows(ex: WorkedExample, first: Sequence[np.ndarray], second: Sequence[np.ndarray],
                  grads2: Gradients, names: Sequence[str]) -> str:
    """The second step's change split into -alpha dC/dw and gamma times the first change, for some weights."""
    rows = []
    for name in names:
        l, j, k = ex.weight_position(name)
        rows.append([name, fmt(first[l - 1][j, k]), fmt(-ex.learning_rate * grads2.nabla_w[l - 1][j, k]),
                     fmt(ex.momentum * first[l - 1][j, k]), fmt(second[l - 1][j, k])])
    return format_table(["weight", "dw(1)", "-alpha dC/dw(2)", "gamma dw(1)", "dw(2)"], rows)

