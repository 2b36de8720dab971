"""Plumbing for the notebooks on the sigmoid's derivative and on BP1 (01, 03): tables, curves, panel readouts.

The notebooks keep the ideas (the SymPy derivations and their asserts); this module only formats columns of
numbers, draws the activation and error curves, and renders the text and pictures of the "Try it" panels.
Every delta it computes comes from ``bpkit.bp1``; the curve a - y beside them is drawn as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import ACTIVATIONS, COSTS, bp1, sigmoid, sigmoid_prime
from .plotting import style
from .report import format_table

SIGMOID = ACTIVATIONS["sigmoid"]
PEAK = 0.25  # sigma'(0), the largest value of sigma'


# ---------------------------------------------------------------- numbers and tables


def table(columns: Mapping[str, Sequence[Any]], fmt: str = ".10f", formats: Mapping[str, str] | None = None) -> str:
    """An aligned table of named columns: floats with ``fmt`` (or their ``formats`` entry), the rest as text."""
    formats = formats or {}

    def cell(name: str, v: Any) -> str:
        return format(v, formats.get(name, fmt)) if isinstance(v, float) else str(v)

    names = list(columns)
    rows = zip(*(columns[n] for n in names), strict=True)
    return format_table(names, [[cell(n, v) for n, v in zip(names, row, strict=True)] for row in rows])


def saturation_z(threshold: float) -> float:
    """The z > 0 where sigma'(z) = threshold t < 1/4: s(1 - s) = t gives z = ln((1 + q)/(1 - q)), q = sqrt(1 - 4t)."""
    q = np.sqrt(1.0 - 4.0 * threshold)
    return float(np.log((1.0 + q) / (1.0 - q)))


# ---------------------------------------------------------------- notebook 01: the sigmoid and its derivative


def sigmoid_figure(I: np.ndarray, neurons: Sequence[int], threshold: float = 0.01) -> Figure:
    """Left: sigma, sigma', the bound e^-|z| and the saturated zones on [-8, 8]; right: a close-up of sigma' with
    the worked example's neurons at (I_j, sigma'(I_j))."""
    z = np.linspace(-8.0, 8.0, 801)
    z_sat = saturation_z(threshold)
    fp = sigmoid_prime(I)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12.5, 4.8), gridspec_kw={"width_ratios": [1.25, 1]})
    for side in (-1, 1):
        ax1.axvspan(side * z_sat, side * 8.0, color="0.85", zorder=0)
        ax1.text(side * 6.3, 0.62 if side < 0 else 0.42, f"saturated\n$\\sigma' < {threshold:g}$", ha="center",
                 fontsize=9, color="0.3")
    ax1.plot(z, sigmoid(z), color="tab:blue", lw=2, label=r"$\sigma(z)$")
    ax1.plot(z, sigmoid_prime(z), color="tab:orange", lw=2, label=r"$\sigma'(z) = \sigma(z)(1 - \sigma(z))$")
    ax1.plot(z, np.exp(-np.abs(z)), ":", color="0.4", label=r"bound $e^{-|z|}$")
    ax1.plot([0.0], [PEAK], "o", color="tab:red", zorder=4)
    ax1.annotate(r"peak $\sigma'(0) = \frac{1}{4}$", xy=(0.0, PEAK), xytext=(-5.0, 0.3), fontsize=10,
                 arrowprops={"arrowstyle": "->", "color": "tab:red"})
    ax1.plot(I, fp, "o", ms=4, color="k", zorder=4)
    x0, x1, y0, y1 = -0.9, 2.7, 0.06, 0.285
    ax1.plot([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], color="k", lw=0.8)
    ax1.text(x1 + 0.15, y0, "close-up\n(right)", fontsize=8, va="bottom")
    ax1.set(xlim=(-8, 8), ylim=(0.0, 1.05), xlabel="input sum $z = I_j$", ylabel="value",
            title=r"$\sigma$ and $\sigma'$")
    ax1.legend(loc="upper left", fontsize=9)

    zoom = np.linspace(x0, x1, 400)
    ax2.plot(zoom, sigmoid_prime(zoom), color="tab:orange", lw=2)
    ax2.plot(I, fp, "o", color="k", zorder=4)
    offsets = {3: (-8, 16), 6: (6, 22), 8: (22, 6), 5: (-14, -18), 4: (10, 8), 7: (10, 8)}  # label placement (points)
    for v, p, n in zip(I, fp, neurons, strict=True):
        ax2.annotate(f"{n}", xy=(v, p), xytext=offsets.get(n, (10, 8)), textcoords="offset points", fontsize=11,
                     weight="bold", ha="center", va="center", arrowprops={"arrowstyle": "-", "color": "0.4", "lw": 0.8})
    ax2.axhline(PEAK, color="tab:red", lw=0.8, ls="--")
    ax2.text(x1 - 0.05, PEAK + 0.004, r"$\frac{1}{4}$", color="tab:red", ha="right", va="bottom", fontsize=11)
    ax2.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="input sum $I_j$", ylabel=r"$f'(I_j)$",
            title="the worked example's neurons 3..8")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def sigmoid_readout(z: float) -> str:
    """The 01 panel's text: sigma, sigma' (bpkit), sigma (1 - sigma) at z, and sigma' as a share of its peak 1/4."""
    s, p = float(sigmoid(z)), float(sigmoid_prime(z))
    return (f"σ(z) = {s:.8f}  σ'(z) = {p:.8f}  σ(z)(1 − σ(z)) = {s * (1 - s):.8f}  "
            f"({p / PEAK:.2%} of the peak 1/4)")


def sigmoid_plot(z: float) -> Figure:
    """The 01 panel's picture: sigma and sigma' on [-10, 10] with the point at z marked on both."""
    grid = np.linspace(-10.0, 10.0, 401)
    fig, ax = plt.subplots(figsize=(6.0, 2.6))
    ax.plot(grid, sigmoid(grid), color="tab:blue", label=r"$\sigma(z)$")
    ax.plot(grid, sigmoid_prime(grid), color="tab:orange", label=r"$\sigma'(z)$")
    ax.plot([z, z], [float(sigmoid(z)), float(sigmoid_prime(z))], "o", color="tab:red", clip_on=False, zorder=3)
    ax.axvline(z, color="tab:red", lw=0.6)
    ax.set(xlim=(-10, 10), ylim=(-0.02, 1.02), xlabel="input sum $z$", ylabel="value")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- notebook 03: BP1


def output_delta(z: np.ndarray, y: float, cost: str = "quadratic") -> np.ndarray:
    """BP1 for one sigmoid output neuron at each weighted input in ``z`` (Nielsen's sign), by ``bpkit.bp1``."""
    z = np.atleast_1d(np.asarray(z, dtype=float))
    return bp1(COSTS[cost], z, sigmoid(z), np.full_like(z, y), SIGMOID)


def bp1_figure(y: float, z_L: float) -> Figure:
    """delta^L (bp1, quadratic cost) and dC/da = a - y for one sigmoid output with target y, against a and against
    z, with the worked example's point (z_L, sigmoid(z_L)) marked. Colours are the course's concepts: backprop for
    bp1's delta, target for y, other (grey) for a - y."""
    a_L = float(sigmoid(z_L))
    d_L = float(output_delta(z_L, y)[0])
    z = np.linspace(-8.0, 8.0, 400)
    a = np.linspace(0.001, 0.999, 400)
    z_of_a = np.log(a / (1 - a))  # the weighted input that gives output a
    bp, grey, target = style("backprop")["color"], style("other")["color"], style("target")["color"]
    point = {"marker": style("backprop")["marker"], "color": bp, "zorder": 3}
    arrow = {"arrowstyle": "->", "color": bp}
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6), sharey=True)
    ax1.plot(a, a - y, "--", color=grey, label=r"$\partial C/\partial a = a - y$ (= $\delta^L$ for cross-entropy)")
    ax1.plot(a, output_delta(z_of_a, y), color=bp, lw=2, label=r"$\delta^L = (a - y)\,a\,(1 - a)$ (quadratic)")
    ax1.plot([a_L, a_L], [a_L - y, d_L], ":", color=bp)
    ax1.plot([a_L], [d_L], ls="", **point)
    ax1.plot([a_L], [a_L - y], ls="", mfc="white", **point)
    ax1.annotate(f"worked example: $O_8$ = {a_L:.4f}\n$\\delta^L$ = {d_L:.4f}", xy=(a_L, d_L),
                 xytext=(0.05, -0.55), fontsize=9, arrowprops=arrow)
    ax1.annotate(f"$a - y$ = {a_L - y:.4f}", xy=(a_L, a_L - y), xytext=(a_L + 0.06, a_L - y - 0.12), fontsize=9,
                 arrowprops=arrow)
    ax1.axvline(y, color=target, lw=1.2)
    ax1.text(y - 0.02, 0.03, f"target y = {y:g}", color=target, ha="right", fontsize=9)
    ax1.set(xlabel="output $a = O_8$", ylabel="error signal (Nielsen's sign)", title="against the output $a$")
    ax1.legend(loc="lower right", fontsize=9)

    ax2.plot(z, sigmoid(z) - y, "--", color=grey, label=r"$a - y$ (= $\delta^L$ for cross-entropy)")
    ax2.plot(z, output_delta(z, y), color=bp, lw=2, label=r"$\delta^L = (\sigma(z) - y)\,\sigma'(z)$")
    ax2.plot([z_L], [d_L], ls="", **point)
    ax2.annotate(f"$I_8$ = {z_L:.4f}", xy=(z_L, d_L), xytext=(z_L + 1.2, -0.3), fontsize=9, arrowprops=arrow)
    ax2.annotate(f"saturated: $a - y \\approx {-y:g}$,\nbut $\\delta \\approx 0$", xy=(-6.5, 0.0),
                 xytext=(-7.6, -0.55), fontsize=9, arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax2.set(xlabel="weighted input $z = I_8$", title="against the weighted input $z$")
    ax2.legend(loc="lower right", fontsize=9)
    for ax in (ax1, ax2):
        ax.axhline(0.0, color="0.5", lw=0.6)
        ax.grid(alpha=0.3)
    fig.suptitle(f"BP1 for one sigmoid output neuron, target y = {y:g}")
    fig.tight_layout()
    return fig


def bp1_readout(y: float, z: float) -> str:
    """The 03 panel's text: O8, the error a - y, f'(I8), and delta^L = dC/dz by bpkit.bp1 for both costs."""
    a, d = float(sigmoid(z)), float(output_delta(z, y)[0])
    return "\n".join([
        f"O8 = f(I8) = {a:.6f}    error a - y = {a - y:+.6f}    f'(I8) = {float(sigmoid_prime(z)):.6f}",
        f"delta^L = dC/dz, quadratic cost:      {d:+.6f}",
        f"delta^L = a - y, cross-entropy cost:  {float(output_delta(z, y, 'cross_entropy')[0]):+.6f}",
    ])
