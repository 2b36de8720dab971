"""Plumbing for the cross-entropy notebook (12): SymPy's gradient of the log-loss network, the slowdown runs,
their figure and the "Try it" readout.

The notebook keeps the ideas (the SymPy proofs and the asserts); this module differentiates whole networks in
SymPy, runs ``course.training.train`` with both costs, draws and formats. Every gradient it reports comes from bpkit or
from SymPy, never from a hand-written formula.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from .. import Network
from ..symbolic import build
from .report import format_table
from .training import History, train

COSTS = ("quadratic", "cross_entropy")
LABELS = {"quadratic": "quadratic cost", "cross_entropy": "cross-entropy"}
COLORS = {"quadratic": "tab:orange", "cross_entropy": "tab:blue"}


def sympy_gradients(net: Network, x: np.ndarray, y: np.ndarray, digits: int = 30
                    ) -> tuple[list[np.ndarray], list[np.ndarray], float]:
    """SymPy's exact dC/dw^l, dC/db^l and C for the cross-entropy of a sigmoid-output network, means over the
    columns of x (m samples), evaluated to ``digits`` digits: no BP1-BP4, only SymPy's differentiation."""
    xs, ys = np.atleast_2d(x.T).T if x.ndim == 1 else x, np.atleast_2d(y.T).T if y.ndim == 1 else y
    cost, sym = sp.Integer(0), None
    for col in range(xs.shape[1]):
        sym = build(net, xs[:, col], np.zeros(net.sizes[-1]))
        t = [sp.Rational(repr(float(v))) for v in ys[:, col]]
        a = sym.activations[-1]
        cost += -sum((ti * sp.log(ai) + (1 - ti) * sp.log(1 - ai) for ti, ai in zip(t, a, strict=True)),
                     sp.Integer(0))
    cost /= xs.shape[1]

    def grad(M: sp.Matrix) -> np.ndarray:
        values = [float(sp.N(sp.diff(cost, s).xreplace(sym.values), digits)) for s in M]
        return np.array(values).reshape(M.shape if M.shape[1] > 1 else -1)

    return [grad(W) for W in sym.w], [grad(B) for B in sym.b], float(sp.N(cost.xreplace(sym.values), digits))


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


def slowdown_table(runs: dict[str, History], y: Any, tols: tuple[float, ...] = (0.5, 0.1)) -> str:
    """Per cost: the largest |a - y| at t = 0, 10, 50 and the end, and the steps until it is below each tol."""
    end = len(next(iter(runs.values())).outputs) - 1
    checkpoints = [t for t in (0, 10, 50) if t < end] + [end]
    rows = []
    for cost, h in runs.items():
        err = largest_error(h, y)
        reached = [steps_to(h, y, tol) for tol in tols]
        rows.append([LABELS[cost]] + [f"{err[t]:.4f}" for t in checkpoints]
                    + ["never" if s is None else str(s) for s in reached])
    return format_table(["cost"] + [f"|a-y| at t={t}" for t in checkpoints]
                        + [f"steps to |a-y| < {tol:g}" for tol in tols], rows)


def slowdown_figure(runs: dict[str, History], y: Any, title: str) -> Figure:
    """Left: the largest error |a^L - y| against the step for both costs; right: each run's cost, log axis."""
    fig, (ax_a, ax_c) = plt.subplots(1, 2, figsize=(12, 4.3))
    for cost, h in runs.items():
        t = np.arange(len(h.outputs))
        ax_a.plot(t, largest_error(h, y), color=COLORS[cost], lw=2, label=LABELS[cost])
        ax_c.semilogy(t, h.costs, color=COLORS[cost], lw=2, label=f"{LABELS[cost]} C")
    ax_a.set(xlabel="training step t (full-batch gradient descent)", ylabel="error $|a^L - y|$ (largest over samples)",
             title=title, ylim=(-0.03, 1.03))
    ax_a.legend(loc="center")
    ax_c.set(xlabel="training step t", ylabel="cost C (log scale; each run its own cost)",
             title="cost curves: a flat start for the quadratic cost")
    ax_c.legend(loc="upper right")
    fig.tight_layout()
    return fig


def readout(w: float, alpha: float) -> str:
    """The "Try it" text: the neuron w = b on input 1, target 0, 300 steps of each cost at learning rate alpha."""
    runs = train_both(saturated_neuron(w), [1.0], [0.0], alpha, 300)
    z0 = 2 * w
    lines = [f"start: z = w + b = {z0:+.2f}, a = {float(runs['quadratic'].outputs[0][0]):.4f}, target y = 0"]
    for cost, h in runs.items():
        s = steps_to(h, [0.0], 0.1)
        lines.append(f"{LABELS[cost]:>14}: a after 300 steps = {float(h.outputs[-1][0]):.4f}, steps to a < 0.1: "
                     f"{'more than 300' if s is None else s}")
    return "\n".join(lines)


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
