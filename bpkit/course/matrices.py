"""Plumbing for the notebook on matrices and minibatches (10): the shapes picture and the minibatch panel's data.

The notebook keeps the ideas (the elementwise proofs of dX = dY W^T and dW = X^T dY, the row layout next to
Nielsen's columns, the minibatch mean, the tables and readouts it prints); this module draws and holds the panel's
fixed data set. Matrix entries as sums are in ``sums``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import Network

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
