"""Training on data: the one training loop ``train``, the data sets, accuracy, pictures and the spiral panel.

``train`` is the minibatch loop that notebook 16 writes out for the learner; notebooks 08 and 17, the cross-entropy
and digits modules and the panels run it too. The tasks use tanh neurons and targets of +1/-1 (right when the
output has the target's sign). Every random choice comes from a seeded generator: a run is the same every time.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import Momentum, Network
from .depth import ACT_STYLE
from .panels import slider

Array = np.ndarray


@dataclass
class History:
    """What ``train`` records after each epoch t = 0 .. epochs (t = 0: the start): ``outputs[t]``, the output a^L
    for every sample (shaped like y), ``costs[t]``, the cost on the whole data set; and the final ``network``."""

    outputs: list[Array] = field(default_factory=list)
    costs: list[float] = field(default_factory=list)
    network: Network | None = None

    def record(self, net: Network, x: Any, y: Any, cost: str = "quadratic") -> None:
        """Append the network's output on x and its cost on (x, y)."""
        self.outputs.append(net.forward(x).output)
        self.costs.append(net.cost(x, y, cost))

    def first_below(self, tol: float) -> int | None:
        """The first epoch t with costs[t] < tol, or None if the cost never gets there."""
        return next((t for t, c in enumerate(self.costs) if c < tol), None)


def check_count(value: Any, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def train(net: Network, x: Any, y: Any, alpha: float, gamma: float = 0.0, epochs: int = 1,
          cost: str = "quadratic", batch_size: int | None = None, seed: int = 0) -> History:
    """Minibatch gradient descent with momentum on the samples (columns) of x (n_0, m) and y (n_L, m).

    Each epoch shuffles the samples with a generator seeded by ``seed``, cuts them into batches of ``batch_size``
    (default: all of them, so one update per epoch; the last batch may be shorter), and per batch makes the update
    dw(t) = -alpha dC/dw + gamma dw(t-1) with backprop's gradient of the batch's mean cost. A single sample x (n_0,)
    is a data set of one. Returns the History: output and cost after each epoch, and the final network.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    epochs, seed = check_count(epochs, "epochs", 0), check_count(seed, "seed", 0)
    opt = Momentum(alpha, gamma)  # checks alpha and gamma
    history = History()
    history.record(net, x, y, cost)  # checks x, y and the cost; epoch 0
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    xs, ys = (xs[:, None], ys[:, None]) if xs.ndim == 1 else (xs, ys)  # one sample: a data set of one
    n_samples = xs.shape[1]
    batch_size = n_samples if batch_size is None else check_count(batch_size, "batch_size", 1)
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n_samples)  # shuffle
        for start in range(0, n_samples, batch_size):
            batch = order[start:start + batch_size]
            grads = net.backprop(xs[:, batch], ys[:, batch], cost)  # BP1-BP4, the mean over the batch
            net = opt.step(net, grads)  # the momentum update
        history.record(net, x, y, cost)
    history.network = net
    return history


@dataclass(frozen=True)
class Task:
    """A data set: inputs ``x`` (n_0, m) and targets ``y`` (1, m) of +1/-1, one column per sample."""

    name: str
    x: Array
    y: Array

    size = property(lambda self: self.x.shape[1], doc="The number of samples m.")


def three_bit() -> Task:
    """The Russian collection's 3-bit task: all eight inputs of +1/-1 and the lesson's table of responses."""
    x = np.array([[a, b, c] for a in (-1, 1) for b in (-1, 1) for c in (-1, 1)], dtype=float).T
    y = np.array([[-1, 1, -1, 1, -1, 1, -1, -1]], dtype=float)  # the lesson's table, row by row
    return Task("3-bit", x, y)


def xor() -> Task:
    """XOR on +1/-1: the output is +1 exactly when the two inputs differ."""
    x = np.array([[-1, -1, 1, 1], [-1, 1, -1, 1]], dtype=float)
    return Task("XOR", x, -(x[0] * x[1])[None, :])


def spiral(per_class: int = 100, turns: float = 2.0, noise: float = 0.04, seed: int = 0,
           random_positions: bool = False) -> Task:
    """Two interleaved spirals (class +1 and class -1, the second turned by half a circle), with seeded noise, at
    fixed positions along the arms (the same for every seed) or, with ``random_positions``, at seeded new ones."""
    rng = np.random.default_rng(seed)
    u = np.sort(rng.uniform(0.02, 1.0, per_class)) if random_positions else np.linspace(0.02, 1.0, per_class)
    t = np.sqrt(u)  # denser towards the outside, where the arms are longer
    arms = []
    for shift in (0.0, np.pi):
        angle = 2 * np.pi * turns * t + shift
        arms.append(np.vstack([t * np.cos(angle), t * np.sin(angle)]) + noise * rng.standard_normal((2, per_class)))
    y = np.concatenate([np.ones(per_class), -np.ones(per_class)])[None, :]
    return Task("spiral", np.hstack(arms), y)


def network(sizes: Sequence[int], seed: int = 0, spread: float = 0.5, biases: bool = True) -> Network:
    """A tanh network, weights and biases uniform in [-spread, spread] (the 3-bit lesson starts from 0.5)."""
    rng = np.random.default_rng(seed)
    ws = [rng.uniform(-spread, spread, (n, k)) for k, n in zip(sizes[:-1], sizes[1:], strict=True)]
    bs = [rng.uniform(-spread, spread, n) for n in sizes[1:]] if biases else None
    return Network(ws, bs, activation="tanh")


def accuracies(history: History, y: Any) -> list[float]:
    """After each epoch: the fraction of samples whose output has the sign of the target y (1, m)."""
    target = np.sign(np.asarray(y, dtype=float))
    return [float(np.mean(np.sign(out) == target)) for out in history.outputs]


def first_all_right(history: History, y: Any) -> int | None:
    """The first epoch after which every sample is right, or None."""
    return next((t for t, a in enumerate(accuracies(history, y)) if a == 1.0), None)


#: Every network here is a tanh network: its runs share tanh's colour (as in notebook 15) and differ by line style.
TANH = ACT_STYLE["tanh"]["color"]
RUN_STYLES = ("-", "--", ":", "-.")
#: The samples on a map of the output: white circles (target +1) and black squares (target -1), each with an edge
#: of the other shade, so every marker stands out from the blue and red regions behind it, right or wrong.
MARKERS = {1.0: {"marker": "o", "c": "white", "edgecolors": "black"},
           -1.0: {"marker": "s", "c": "black", "edgecolors": "white"}}


def loss_figure(runs: Mapping[str, tuple[History, Task]], title: str = "") -> Figure:
    """The cost on the whole data set after each epoch, one line style per run, on a log scale; a diamond marks
    the first epoch with every sample right."""
    fig, ax = plt.subplots(figsize=(8.0, 4.4), layout="constrained")
    for q, (name, (h, task)) in enumerate(runs.items()):
        ls = RUN_STYLES[q % len(RUN_STYLES)]
        ax.plot(range(len(h.costs)), h.costs, color=TANH, ls=ls, lw=2.5 if ls == ":" else 2, label=name)
        if (e := first_all_right(h, task.y)) is not None:
            ax.plot([e], [h.costs[e]], "D", color=TANH, mfc="white", mew=1.5, ms=7)
    ax.set_yscale("log")
    ax.set_xlabel("epoch (one pass over the shuffled data)")
    ax.set_ylabel("quadratic cost $C$ (mean over the data)")
    ax.set_title(title or "cost per epoch; diamond: the first epoch with every sample right")
    fig.legend(loc="outside lower center", ncol=2, frameon=False)
    return fig


def _boundary(ax: plt.Axes, net: Network, task: Task, lim: float, grid: int) -> Any:
    g = np.linspace(-lim, lim, grid)
    gx, gy = np.meshgrid(g, g)
    out = net.forward(np.vstack([gx.ravel(), gy.ravel()])).output[0].reshape(gx.shape)
    filled = ax.contourf(gx, gy, out, levels=np.linspace(-1, 1, 21), cmap="RdBu", alpha=0.65)
    if out.min() < 0 < out.max():
        ax.contour(gx, gy, out, levels=[0.0], colors="k", linewidths=1.5)
    for target, look in MARKERS.items():
        pts = task.x[:, task.y[0] == target]
        ax.scatter(pts[0], pts[1], s=80 if task.size < 20 else 26, linewidths=1.0, label=f"target {target:+.0f}",
                   zorder=3, **look)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("input $x_1$")
    ax.set_ylabel("input $x_2$")
    return filled


def boundary_figure(panels: Mapping[str, tuple[Network, Task, float]], grid: int = 161) -> Figure:
    """For each title: (network, task, half-width of the square shown): the network's output over the plane as
    filled contours, the decision boundary (output 0) as a black line, and the samples marked by target."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5.0 * len(panels) + 1.0, 5.0), squeeze=False,
                             layout="constrained")
    for ax, (title, (net, task, lim)) in zip(axes[0], panels.items(), strict=True):
        filled = _boundary(ax, net, task, lim, grid)
        ax.set_title(title)
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="outside lower center", ncol=2)
    fig.colorbar(filled, ax=list(axes[0]), shrink=0.85, label="network output $a^L$ (black line: $a^L = 0$)")
    return fig


PANEL_EPOCHS, PANEL_BATCH = 100, 20


@functools.lru_cache(maxsize=128)
def _panel_run(alpha: float, gamma: float, hidden: int) -> History:
    data = spiral()
    return train(network([2, hidden, hidden, 1], seed=0, spread=1.0), data.x, data.y, alpha, gamma, PANEL_EPOCHS,
                 batch_size=PANEL_BATCH)


def sliders(alpha: float, gamma: float, hidden: int) -> dict[str, widgets.FloatSlider]:
    """The panel's sliders: the learning rate, the momentum and the number of neurons in each hidden layer."""
    return {"alpha": slider("learning rate α", alpha, 0.01, 0.30, 0.01),
            "gamma": slider("momentum γ", gamma, 0.0, 0.95, 0.05),
            "hidden": slider("neurons per hidden layer", hidden, 2, 24, 2, ".0f")}


def _settings(alpha: float, gamma: float, hidden: float) -> tuple[float, float, int]:
    return round(alpha, 2), round(gamma, 2), int(round(hidden))


def readout(alpha: float, gamma: float, hidden: float) -> str:
    """The panel's readout: the spiral trained for 100 epochs (batches of 20) from a fixed start, and the result."""
    alpha, gamma, hidden = _settings(alpha, gamma, hidden)
    h = _panel_run(alpha, gamma, hidden)
    data = spiral()
    first = first_all_right(h, data.y)
    updates = PANEL_EPOCHS * -(-data.size // PANEL_BATCH)
    saturated = [np.mean(np.abs(z) > 3.0) for z in h.network.forward(data.x).zs]
    return (f"sizes {h.network.sizes}, alpha = {alpha:.2f}, gamma = {gamma:.2f}, "
            f"effective rate alpha/(1 - gamma) = {alpha / (1 - gamma):.2f}\n"
            f"{PANEL_EPOCHS} epochs ({updates} updates): cost {h.costs[0]:.4f} -> {h.costs[-1]:.4f}, "
            f"accuracy {accuracies(h, data.y)[-1]:.3f}, "
            + ("never all right" if first is None else f"first all right at epoch {first}") + "\n"
            "saturated neurons (|z| > 3, so tanh'(z) < 0.01), layer by layer: "
            + ", ".join(f"{100 * f:.0f}%" for f in saturated))


def readout_plot(alpha: float, gamma: float, hidden: float) -> Figure:
    """The panel's picture: the cost per epoch and the network's output over the plane after training."""
    h = _panel_run(*_settings(alpha, gamma, hidden))
    data = spiral()
    fig, (ax_c, ax_b) = plt.subplots(1, 2, figsize=(9.5, 4.0), gridspec_kw={"width_ratios": [1.2, 1]})
    ax_c.plot(h.costs, color=TANH, lw=2)
    ax_c.set_yscale("log")
    ax_c.set_xlabel("epoch")
    ax_c.set_ylabel("quadratic cost $C$")
    ax_c.set_title(f"cost per epoch (accuracy at the end {accuracies(h, data.y)[-1]:.3f})")
    _boundary(ax_b, h.network, data, 1.2, 81)
    ax_b.set_title("output: blue $+1$, red $-1$, black $a^L = 0$\n○ target $+1$, ■ target $-1$", fontsize=10)
    fig.tight_layout()
    return fig
