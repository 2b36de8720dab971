"""Plumbing for the notebook on matrices and minibatches: matrix entries as sums, agreement tables, the shapes
picture and the minibatch panel.

The notebook keeps the ideas (the elementwise proofs of dX = dY W^T and dW = X^T dY, the row layout next to
Nielsen's columns, the minibatch mean); this module names SymPy's pieces, formats and draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from sympy.matrices.expressions.matexpr import MatrixElement

from .. import Network, relative_error
from ..network import Gradients
from .report import format_table


def entry(matrix_expr: sp.MatrixExpr, i: sp.Expr, j: sp.Expr, *names: sp.Symbol) -> sp.Expr:
    """Entry (i, j), counted from 1, of a product of matrix symbols of any sizes, with ``IndexedBase`` entries
    counted from 1 and its summation indices renamed ``names`` (in SymPy's order), each running from 1."""
    e = matrix_expr[i - 1, j - 1]

    def rename(s: sp.Sum) -> sp.Sum:
        for old, new in zip(list(s.variables), names, strict=False):
            s = s.change_index(old, old + 1, new)
        return s

    e = e.replace(lambda u: isinstance(u, sp.Sum), rename)
    return e.replace(lambda u: isinstance(u, MatrixElement),
                     lambda m: sp.IndexedBase(m.parent.name)[m.i + 1, m.j + 1])


def one_sum(expr: sp.Expr) -> sp.Expr:
    """Nested sums written as one sum over all their indices, limits sorted by index name, so that two ways of
    writing the same multiple sum compare equal (valid for the constant bounds of matrix entries)."""
    def flatten(s: sp.Sum) -> sp.Sum:
        factors = sp.Mul.make_args(s.function)
        inner = [u for u in factors if isinstance(u, sp.Sum)]
        if len(inner) == 1:
            rest = sp.Mul(*[u for u in factors if u is not inner[0]])
            if not rest.has(*inner[0].variables):
                return flatten(sp.Sum(rest * inner[0].function, *inner[0].limits, *s.limits))
        return sp.Sum(s.function, *sorted(s.limits, key=lambda lim: str(lim[0])))

    return expr.replace(lambda u: isinstance(u, sp.Sum), flatten)


def band(err: float, limits: Sequence[float] = (1e-12, 1e-7)) -> str:
    """A relative error as a band ("< 1e-12": agreement to rounding, "< 1e-07": to finite-difference accuracy), wide
    enough that printed outputs do not vary from machine to machine."""
    for limit in limits:
        if err < limit:
            return f"< {limit:.0e}"
    return f"{err:.1e}"


def agreement(pairs: Mapping[str, tuple[Sequence[np.ndarray], Sequence[np.ndarray]]], label: str) -> str:
    """A table: for each named (computed, reference) pair of array lists, the largest relative error over the list."""
    rows = [[name, band(max(relative_error(a, b) for a, b in zip(got, want, strict=True)))]
            for name, (got, want) in pairs.items()]
    return format_table(["route", f"relative error vs {label}"], rows)


def mean_of(gradients: Sequence[Gradients]) -> list[np.ndarray]:
    """The mean over samples of per-sample gradients, as one list: every dC/dw^l, then every dC/db^l."""
    layers = range(len(gradients[0].nabla_w))
    return ([np.mean([g.nabla_w[l] for g in gradients], axis=0) for l in layers]
            + [np.mean([g.nabla_b[l] for g in gradients], axis=0) for l in layers])


# ---------------------------------------------------------------- the picture: shapes decide the formula

_COLORS = {"X": "#9ecae1", "W": "#fdae6b", "Y": "#a1d99b", "G": "#fc9272"}


def _equation(ax: plt.Axes, y0: float, parts: Sequence[tuple[str, int, int, str] | str], unit: float) -> float:
    """One equation as a row of blocks and operator signs, centred on height y0; returns its width."""
    x = 0.0
    for part in parts:
        if isinstance(part, str):
            ax.text(x + 0.25, y0, part, ha="center", va="center", fontsize=15)
            x += 0.5
        else:
            label, rows, cols, kind = part
            h = rows * unit
            ax.add_patch(Rectangle((x, y0 - h / 2), cols * unit, h, facecolor=_COLORS[kind], edgecolor="0.2",
                                   lw=1.2))
            ax.text(x + cols * unit / 2, y0, label, ha="center", va="center", fontsize=12)
            ax.text(x + cols * unit / 2, y0 - h / 2 - 0.08, f"{rows}×{cols}", ha="center", va="top", fontsize=9,
                    color="0.25")
            x += cols * unit + 0.15
    return x


def shapes_figure(m: int = 4, n_in: int = 3, n_out: int = 2) -> Figure:
    """The three matrix equations of a layer in both layouts, each matrix drawn to scale with its shape:
    rows are samples (left) and columns are samples (right), the same blocks transposed."""
    unit = 0.5
    fig, axes = plt.subplots(1, 2, figsize=(13, 6.2), gridspec_kw={"width_ratios": [1, 1.25]})
    rows_layout = [
        [("Y", m, n_out, "Y"), "=", ("X", m, n_in, "X"), ("W", n_in, n_out, "W")],
        [("dX", m, n_in, "X"), "=", ("dY", m, n_out, "G"), ("Wᵀ", n_out, n_in, "W")],
        [("dW", n_in, n_out, "W"), "=", ("Xᵀ", n_in, m, "X"), ("dY", m, n_out, "G")],
    ]
    cols_layout = [
        [("Z", n_out, m, "Y"), "=", ("w", n_out, n_in, "W"), ("A", n_in, m, "X")],
        [("dA", n_in, m, "X"), "=", ("wᵀ", n_in, n_out, "W"), ("Δ", n_out, m, "G")],
        [("dw", n_out, n_in, "W"), "=", ("Δ", n_out, m, "G"), ("Aᵀ", m, n_in, "X")],
    ]
    titles = ["rows are samples (computational-graph notes, Russian collection):\nY = XW, dX = dY Wᵀ, dW = Xᵀ dY",
              "columns are samples (Nielsen, bpkit):\nZ = w A, dA = wᵀ Δ (BP2), dw = Δ Aᵀ (BP4, summed)"]
    for ax, layout, title in zip(axes, (rows_layout, cols_layout), titles, strict=True):
        width = max(_equation(ax, -r * 3.0, parts, unit) for r, parts in enumerate(layout))
        ax.text(width / 2, -8.1, f"last row: inner size m = {m}, a sum over the samples",
                ha="center", va="top", fontsize=10, style="italic", color="0.3")
        ax.set_xlim(-0.3, width + 0.3)
        ax.set_ylim(-8.6, 1.6)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=11)
    fig.text(0.5, 0.03, f"m = {m} samples, {n_in} inputs, {n_out} outputs; dY = ∂C/∂Y and Δ = ∂C/∂Z (one column "
                        "δˣ per sample): the right-hand panel is the left one transposed.", ha="center", fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


# ---------------------------------------------------------------- the "Try it" panel: minibatch estimates

DATA_SEED, DATA_SIZE = 7, 64


@cache
def dataset() -> tuple[Network, np.ndarray, np.ndarray, np.ndarray]:
    """A fixed 3-4-2 network, 64 samples (columns) with targets in (0, 1), and a fixed shuffle of them."""
    rng = np.random.default_rng(DATA_SEED)
    net = Network.random([3, 4, 2], seed=DATA_SEED)
    x = rng.standard_normal((3, DATA_SIZE))
    y = rng.uniform(0.1, 0.9, (2, DATA_SIZE))
    return net, x, y, rng.permutation(DATA_SIZE)


def minibatch_gradients(m: int) -> tuple[np.ndarray, np.ndarray]:
    """(gradient of a minibatch of the first m shuffled samples, gradient of all 64), each flattened."""
    net, x, y, order = dataset()
    batch = order[:m]

    def flat(g: object) -> np.ndarray:
        return np.concatenate([a.ravel() for a in g.nabla_w + g.nabla_b])  # type: ignore[attr-defined]

    return flat(net.backprop(x[:, batch], y[:, batch])), flat(net.backprop(x, y))


def minibatch_readout(m: float) -> str:
    """The panel's text: how far the minibatch gradient is from the full-data gradient."""
    g, full = minibatch_gradients(int(m))
    cos = float(g @ full / (np.linalg.norm(g) * np.linalg.norm(full)))
    dist = float(np.linalg.norm(g - full) / np.linalg.norm(full))
    same_sign = int(np.sum(np.sign(g) == np.sign(full)))
    return (f"minibatch of m = {int(m)} of {DATA_SIZE} samples (the mean of its per-sample gradients)\n"
            f"distance to the full-data gradient: {dist:.3f} x its length\n"
            f"cosine with the full-data gradient: {cos:+.3f}\n"
            f"entries with the right sign: {same_sign} of {g.size}")


def minibatch_plot(m: float) -> Figure:
    """Each gradient entry: minibatch estimate against the full-data value (on the diagonal when equal)."""
    g, full = minibatch_gradients(int(m))
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    lim = 1.1 * max(np.abs(full).max(), np.abs(g).max())
    ax.plot([-lim, lim], [-lim, lim], color="0.6", lw=1, label="estimate = full gradient")
    ax.scatter(full, g, s=18, color="C0", label=f"minibatch of {int(m)}")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel("entry of the full-data gradient (64 samples)")
    ax.set_ylabel("same entry, minibatch estimate")
    ax.legend(loc="lower right", fontsize=9)
    fig.tight_layout()
    return fig
