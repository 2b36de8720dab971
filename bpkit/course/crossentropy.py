"""Plumbing for notebook 14 (cross-entropy): Nielsen's saturated neuron and a saturated network, training runs
with both costs (``course.training.train``), how fast each run gets near its targets, and the slowdown figure.

The notebook keeps the ideas (the SymPy proofs and the asserts; SymPy's gradient of the whole network comes from
``bpkit.symbolic.exact_gradients``); this module only builds the examples, trains and draws.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import Network
from .training import History, train

COSTS = ("quadratic", "cross_entropy")
LABELS = {"quadratic": "quadratic cost", "cross_entropy": "cross-entropy"}
#: One colour and line style per cost, in every figure of notebook 14: black and sky blue (Okabe-Ito), neither a
#: colour of the route concepts (``plotting.CONCEPTS``) nor of an activation (``depth.ACT_STYLE``).
STYLE = {"quadratic": {"color": "#000000", "ls": "--"}, "cross_entropy": {"color": "#56B4E9", "ls": "-"}}


def saturated_neuron(w: float = 2.0) -> Network:
    """Nielsen's one-neuron example (ch. 3): weight w and bias w on input 1; w = 2 gives a = sigma(4) = 0.982."""
    return Network([[[w]]], [[w]])


def train_both(net: Network, x: Any, y: Any, alpha: float, steps: int) -> dict[str, History]:
    """``course.training.train`` from the same start with each cost (same learning rate, no momentum)."""
    return {cost: train(net, x, y, alpha, 0.0, steps, cost) for cost in COSTS}


def steps_to(history: History, y: Any, tol: float) -> int | None:
    """The first step t at which every output is within ``tol`` of its target, or None."""
    y = np.asarray(y, dtype=float)
    return next((t for t, a in enumerate(history.outputs) if np.max(np.abs(a - y)) < tol), None)


def largest_error(history: History, y: Any) -> np.ndarray:
    """max over samples of |a^L - y| after each step t = 0 .. steps."""
    y = np.asarray(y, dtype=float)
    return np.array([float(np.max(np.abs(a - y))) for a in history.outputs])


def slowdown_figure(runs: dict[str, History], y: Any, title: str) -> Figure:
    """Left: the largest error |a^L - y| against the step for both costs (one quantity, one axis). Right: each run's
    cost as a fraction of its own start, C(t) / C(0), on a log axis: two different costs, each on its own scale."""
    fig, (ax_a, ax_c) = plt.subplots(1, 2, figsize=(12, 4.3))
    for cost, h in runs.items():
        t = np.arange(len(h.outputs))
        ax_a.plot(t, largest_error(h, y), lw=2, label=LABELS[cost], **STYLE[cost])
        costs = np.asarray(h.costs, dtype=float)
        ax_c.semilogy(t, costs / costs[0], lw=2, label=f"{LABELS[cost]}: C(t) / C(0), C(0) = {costs[0]:.3g}",
                      **STYLE[cost])
    ax_a.set(xlabel="training step t (full-batch gradient descent)", ylabel="error $|a^L - y|$ (largest over samples)",
             title=title, ylim=(-0.03, 1.03))
    ax_a.legend(loc="center")
    ax_c.set(xlabel="training step t", ylabel="C(t) / C(0): each cost over its own start (log scale)",
             title="each cost relative to its start")
    ax_c.set_ylim(bottom=min(np.min(h.costs) / h.costs[0] for h in runs.values()) / 8)
    ax_c.legend(loc="lower left")
    fig.tight_layout()
    return fig


def readout_plot(w: float, alpha: float) -> Figure:
    """The "Try it" picture: ``slowdown_figure`` for the panel's neuron."""
    return slowdown_figure(train_both(saturated_neuron(w), [1.0], [0.0], alpha, 300), [0.0],
                           f"one neuron, w = b = {w:.1f}, alpha = {alpha:.2f}")


def saturated_network(scale: float = 3.0) -> tuple[Network, np.ndarray, np.ndarray]:
    """A seeded 2-3-1 sigmoid network, weights and biases scaled by ``scale`` so that its output is stuck near 0
    on all four inputs (0/1, 0/1), with the OR targets (0, 1, 1, 1): three outputs saturated on the wrong side."""
    net = Network.random([2, 3, 1], seed=0)
    net = net.replace(weights=[w * scale for w in net.weights], biases=[b * scale for b in net.biases])
    x = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    return net, x, np.array([[0.0, 1.0, 1.0, 1.0]])
