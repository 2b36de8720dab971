"""Plumbing for the activations notebook (15): derivative tables, deep seeded networks, the size of delta per
layer, its figure and the "Try it" readout.

The notebook keeps the ideas (the SymPy proofs and the asserts); this module builds the networks, runs bpkit's
backprop on them, and formats and draws what comes out. Every delta it reports comes from ``Network.backprop``.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import Gradients, Network
from .report import band, format_table

ACTS = ("sigmoid", "tanh", "relu")
#: One colour and line style per activation, the same in every figure of notebooks 15 and 16: Paul Tol's muted
#: colours (colour-blind safe), none of them a colour of the route concepts (``plotting.CONCEPTS``).
ACT_STYLE = {"sigmoid": {"color": "#882255", "ls": "-"},   # wine
             "tanh": {"color": "#999933", "ls": "--"},     # olive
             "relu": {"color": "#332288", "ls": "-."}}     # indigo
PEAK_SLOPE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}  # max f'(z), proved in the notebook


def derivative_table(z: Sequence[float], columns: dict[str, Sequence[float]], reference: str) -> str:
    """A table of f'(z) by several routes (``columns``), each with its relative error against ``reference``:
    values to 7 digits, errors at rounding level as the band "< 1e-14" (their last bits differ between CPUs)."""
    ref = np.asarray(columns[reference], dtype=float)
    rows = []
    for q, zq in enumerate(z):
        row = [f"{zq:+g}" if zq else "0"]
        for name, values in columns.items():
            v = float(values[q])
            err = abs(v - ref[q]) / abs(ref[q]) if ref[q] != 0 else abs(v)
            row.append(f"{v:.6e}" if name == reference else f"{v:.6e} ({band(err, (1e-14,))})")
        rows.append(row)
    return format_table(["z"] + [n if n == reference else f"{n} (rel. error)" for n in columns], rows)


def deep_network(activation: str, depth: int, width: int = 32, scale: float = 1.0, seed: int = 0) -> Network:
    """``Network.random`` with ``depth`` layers of ``width`` neurons, no biases, one activation throughout, and each
    w^l rescaled by scale / sqrt(n_{l-1}) so that z^l stays of order 1 (scale 1: LeCun's; sqrt 2: He's for ReLU)."""
    net = Network.random([width] * (depth + 1), seed=seed, biases=False, activation=activation)
    return net.replace(weights=[w * scale / np.sqrt(w.shape[1]) for w in net.weights])


def deep_batch(width: int = 32, batch: int = 64, seed: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """A seeded batch: standard-normal inputs (width, batch) and uniform targets in (0, 1)."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((width, batch)), rng.uniform(0.0, 1.0, (width, batch))


def delta_sizes(grads: Gradients) -> np.ndarray:
    """mean |delta^l_j| over neurons and samples, for l = 1 .. L."""
    return np.array([float(np.mean(np.abs(d))) for d in grads.deltas])


def run(activation: str, depth: int, scale: float = 1.0, width: int = 32) -> tuple[Network, Gradients]:
    """A deep seeded network and bpkit's backprop on the seeded batch (quadratic cost)."""
    net = deep_network(activation, depth, width, scale)
    x, y = deep_batch(width)
    return net, net.backprop(x, y)


def shrink_per_layer(sizes: np.ndarray) -> float:
    """The geometric mean of mean|delta^l| / mean|delta^{l+1}| over the hidden layers l = 1 .. L-2."""
    return float((sizes[0] / sizes[-2]) ** (1.0 / (len(sizes) - 2)))


def norm_bound_ratios(net: Network, grads: Gradients) -> np.ndarray:
    """Per hidden layer l and sample: ||delta^l|| / (||w^{l+1}||_2 ||delta^{l+1}||), which BP2 bounds by max f'."""
    ratios = []
    for l in range(len(net.weights) - 1):
        spectral = np.linalg.norm(net.weights[l + 1], 2)
        below, above = (np.linalg.norm(grads.deltas[q], axis=0) for q in (l, l + 1))
        ratios.append(below / (spectral * above))
    return np.array(ratios)


def depth_figure(depth: int = 30, scale: float = 1.0, depths: Sequence[int] = tuple(range(2, 31))) -> Figure:
    """Left: mean|delta^l| / mean|delta^L| per layer of a ``depth``-layer network; right: mean|delta^1| / mean|delta^L|
    as the depth grows; one curve per hidden activation, log axes."""
    fig, (ax_l, ax_d) = plt.subplots(1, 2, figsize=(12.5, 4.6))
    layers = np.arange(1, depth + 1)
    for act in ACTS:
        sizes = delta_sizes(run(act, depth, scale)[1])
        ax_l.semilogy(layers, sizes / sizes[-1], lw=2, label=act, **ACT_STYLE[act])
        first = [(s := delta_sizes(run(act, L, scale)[1]))[0] / s[-1] for L in depths]
        ax_d.semilogy(list(depths), first, lw=2, label=act, **ACT_STYLE[act])
    ax_l.semilogy(layers, 0.25 ** (depth - layers), ":", color="#999999", label=r"$(1/4)^{L-l}$")
    ax_l.set(xlabel=f"layer l (the output layer is L = {depth})", ylabel=r"mean $|\delta^l|$ / mean $|\delta^L|$",
             title=f"delta per layer, {depth} layers of 32, weights x {scale:g}/sqrt(n)")
    ax_l.set_ylim(bottom=max(ax_l.get_ylim()[0], 1e-22))
    ax_l.legend(loc="lower right")
    ax_d.set(xlabel="depth L (number of layers)", ylabel=r"mean $|\delta^1|$ / mean $|\delta^L|$",
             title="the first layer's delta as the network grows deeper")
    ax_d.legend(loc="lower left")
    fig.tight_layout()
    return fig


def readout(depth: float, scale: float) -> str:
    """The "Try it" text: for each hidden activation, mean|delta^1| / mean|delta^L| and the factor per layer."""
    lines = [f"{int(depth)} layers of 32 neurons, weights N(0, 1) x {scale:.1f}/sqrt(n), seeded"]
    for act in ACTS:
        sizes = delta_sizes(run(act, int(depth), scale)[1])
        lines.append(f"{act:>8}: mean|delta^1| / mean|delta^L| = {sizes[0] / sizes[-1]:.2e}, "
                     f"factor per layer towards layer 1: {shrink_per_layer(sizes):.3f}")
    return "\n".join(lines)


def readout_plot(depth: float, scale: float) -> Figure:
    """The "Try it" picture: delta per layer for the panel's depth and weight scale."""
    fig, ax = plt.subplots(figsize=(7, 4))
    layers = np.arange(1, int(depth) + 1)
    for act in ACTS:
        sizes = delta_sizes(run(act, int(depth), scale)[1])
        ax.semilogy(layers, sizes / sizes[-1], lw=2, label=act, **ACT_STYLE[act])
    ax.set(xlabel="layer l", ylabel=r"mean $|\delta^l|$ / mean $|\delta^L|$",
           title=f"{int(depth)} layers, weights x {scale:.1f}/sqrt(n)")
    ax.legend(loc="best")
    fig.tight_layout()
    return fig
