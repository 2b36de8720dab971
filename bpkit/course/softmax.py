"""Plumbing for the softmax Jacobian notebook: the picture, the "Try it" readout and the BP1 table.

The notebook keeps the ideas (the SymPy proofs and the asserts); this module only draws, formats and
tabulates what bpkit computes.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import relative_error, softmax, softmax_jacobian
from .panels import slider
from .report import format_table


def vec(v: Sequence[float], places: int = 4, sign: bool = False) -> str:
    """A vector as "(v1, v2, ...)" with fixed decimals, and a + on positive entries if ``sign``; an entry that
    rounds to zero prints as 0, never as -0."""
    return "(" + ", ".join(f"{round(float(a), places) + 0.0:{'+' if sign else ''}.{places}f}" for a in v) + ")"


def against(reference: np.ndarray, candidates: dict[str, np.ndarray], label: str = "finite differences") -> str:
    """A table of vectors and each one's relative error against ``reference`` (the reference row first)."""
    rows = [[name, vec(v, 6, sign=True), f"{relative_error(v, reference):.2f}"]
            for name, v in {label: reference, **candidates}.items()]
    return format_table(["", "vector", f"relative error vs {label}"], rows)


def jacobian_figure(x0: np.ndarray, lo: float = -4.0, hi: float = 4.0) -> plt.Figure:
    """J at ``x0`` as a heat map, then s_i and ds_i/dx_1 as x_1 runs over [lo, hi] with the other logits fixed."""
    fig, (ax_j, ax_s, ax_d) = plt.subplots(1, 3, figsize=(14, 4.2), gridspec_kw={"width_ratios": [1, 1.15, 1.15]})
    J = softmax_jacobian(x0)
    n = len(x0)
    im = ax_j.imshow(J, cmap="RdBu", vmin=-0.25, vmax=0.25)
    for i in range(n):
        for j in range(n):
            ax_j.text(j, i, f"{J[i, j]:+.4f}", ha="center", va="center", fontsize=10,
                      color="white" if abs(J[i, j]) > 0.15 else "black")
    ax_j.set_xticks(range(n), [f"$x_{j + 1}$" for j in range(n)])
    ax_j.set_yticks(range(n), [f"$s_{i + 1}$" for i in range(n)])
    ax_j.set_xlabel("logit $x_j$ (column)")
    ax_j.set_ylabel("output $s_i$ (row)")
    ax_j.set_title(r"$J_{ij} = \partial s_i/\partial x_j$ at $x = $" + vec(x0, 1))
    fig.colorbar(im, ax=ax_j, shrink=0.8, label=r"$\partial s_i/\partial x_j$")

    t = np.linspace(lo, hi, 161)
    xs = np.tile(np.asarray(x0, dtype=float)[:, None], (1, t.size))
    xs[0] = t
    s_along = softmax(xs)
    column = np.array([softmax_jacobian(xs[:, m])[:, 0] for m in range(t.size)]).T
    for i in range(n):
        ax_s.plot(t, s_along[i], color=f"C{i}", label=f"$s_{i + 1}$")
        ax_d.plot(t, column[i], color=f"C{i}", label=rf"$\partial s_{i + 1}/\partial x_1$")
    for ax in (ax_s, ax_d):
        ax.axvline(x0[0], color="0.6", lw=0.8, ls=":")
        ax.set_xlabel(f"logit $x_1$ (others fixed: {', '.join(f'$x_{i + 1}$ = {x0[i]:.1f}' for i in range(1, n))})")
    ax_s.set_ylim(-0.02, 1.02)
    ax_s.set_ylabel("softmax output $s_i$")
    ax_s.set_title("outputs along $x_1$: they always sum to 1")
    ax_s.legend(loc="upper left")
    ax_d.axhline(0, color="0.6", lw=0.8)
    ax_d.set_ylim(-0.3, 0.3)
    ax_d.set_ylabel(r"first column of $J$: $\partial s_i/\partial x_1$")
    ax_d.set_title("what $s_1$ gains, $s_2$ and $s_3$ lose")
    ax_d.legend(loc="lower left")
    fig.tight_layout()
    return fig


def alt_text(x0: np.ndarray, lo: float = -4.0, hi: float = 4.0) -> str:
    """The alt text of ``jacobian_figure(x0, lo, hi)``."""
    return (f"Heat map of the softmax Jacobian at x = {vec(x0, 1)}, positive on the diagonal and negative off it; "
            f"then the softmax outputs and their derivatives by x1 as x1 runs from {lo:g} to {hi:g} with the other "
            "logits fixed: s1 rises while the others fall, and the derivative of s1 is minus the sum of the others'.")


def sliders(x0: np.ndarray, lo: float = -5.0, hi: float = 5.0) -> dict[str, widgets.FloatSlider]:
    """One slider per logit, named x1, x2, ..., starting at ``x0``."""
    return {f"x{q + 1}": slider(f"x{q + 1}", float(v), lo, hi, 0.1, ".1f") for q, v in enumerate(x0)}


def readout(x1: float, x2: float, x3: float) -> str:
    """The "Try it" text: s, the rows of J with their sums, and s - y for the one-hot target y = (1, 0, 0)."""
    x = np.array([x1, x2, x3])
    s, J = softmax(x), softmax_jacobian(x)
    lines = [f"s = {vec(s)}"]
    lines += [f"J row {i + 1}: {vec(J[i], sign=True)}, sum {abs(J[i].sum()):.4f}" for i in range(3)]
    return "\n".join(lines + [f"s - y = {vec(s - np.array([1.0, 0.0, 0.0]), sign=True)}"])


def delta_table(checks: Sequence[tuple[str, np.ndarray, np.ndarray, float]], places: int = 8) -> str:
    """Rows (cost, delta^L from bp1, J^T grad_a C, backprop's relative error against finite differences) as a table."""
    rows = [[cost, vec(delta, places, sign=True), vec(via_j, places, sign=True),
             "< 1e-7" if err < 1e-7 else f"{err:.1e}"] for cost, delta, via_j, err in checks]
    return format_table(["cost", "delta^L = bp1(...)", "J^T grad_a C", "backprop vs finite diff."], rows)
