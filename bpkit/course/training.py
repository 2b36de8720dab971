"""Training on data (notebook 14): the data sets, minibatches from a seed, accuracy, a training loop with a history.

Everything is built on the core: ``Network.backprop`` gives the minibatch gradient (a mean over the batch's
columns) and ``Momentum`` makes the update. The tasks use tanh neurons and targets of +1/-1, so a sample is
right when the output has the target's sign. Every random choice (initial weights, the spiral's noise, the
order of the samples in each epoch) comes from a seeded generator, so a run is the same every time.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.figure import Figure

from .. import Momentum, Network
from .panels import slider
from .report import format_table

Array = np.ndarray


# ---------------------------------------------------------------- full-batch training (the worked example)


@dataclass
class History:
    """What ``train`` records: ``outputs[t]`` and ``costs[t]`` after t steps (t = 0 .. steps), the final network."""

    outputs: list[np.ndarray] = field(default_factory=list)
    costs: list[float] = field(default_factory=list)
    network: Network | None = None

    def steps_below(self, tol: float) -> int | None:
        """The first step t with costs[t] < tol, or None if the cost never gets there."""
        return next((t for t, c in enumerate(self.costs) if c < tol), None)


def train(net: Network, x: Any, y: Any, alpha: float, gamma: float = 0.0, steps: int = 1,
          cost: str = "quadratic") -> History:
    """Run ``steps`` full-batch updates with momentum on (x, y); returns the history and final network."""
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    opt = Momentum(alpha, gamma)
    history = History()
    for t in range(steps + 1):
        grads = net.backprop(x, y, cost)
        history.outputs.append(grads.trace.output.copy())
        history.costs.append(grads.cost)
        if t < steps:
            net = opt.step(net, grads)
    history.network = net
    return history


# ---------------------------------------------------------------- the data sets


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


def spiral(per_class: int = 100, turns: float = 2.0, noise: float = 0.04, seed: int = 0) -> Task:
    """Two interleaved spirals (class +1 and class -1, the second turned by half a circle), with seeded noise."""
    rng = np.random.default_rng(seed)
    t = np.sqrt(np.linspace(0.02, 1.0, per_class))  # denser towards the outside, where the arms are longer
    arms = []
    for shift in (0.0, np.pi):
        angle = 2 * np.pi * turns * t + shift
        arms.append(np.vstack([t * np.cos(angle), t * np.sin(angle)]) + noise * rng.standard_normal((2, per_class)))
    y = np.concatenate([np.ones(per_class), -np.ones(per_class)])[None, :]
    return Task("spiral", np.hstack(arms), y)


# ---------------------------------------------------------------- networks, minibatches, accuracy


def network(sizes: Sequence[int], seed: int = 0, spread: float = 0.5, biases: bool = True) -> Network:
    """A tanh network, weights and biases uniform in [-spread, spread] (the 3-bit lesson starts from 0.5)."""
    rng = np.random.default_rng(seed)
    ws = [rng.uniform(-spread, spread, (n, k)) for k, n in zip(sizes[:-1], sizes[1:], strict=True)]
    bs = [rng.uniform(-spread, spread, n) for n in sizes[1:]] if biases else None
    return Network(ws, bs, activation="tanh")


def minibatches(m: int, batch_size: int, rng: np.random.Generator) -> Iterator[Array]:
    """One epoch: the sample indices 0..m-1 shuffled by ``rng``, cut into batches of ``batch_size`` (the last may be
    shorter)."""
    order = rng.permutation(m)
    for start in range(0, m, batch_size):
        yield order[start:start + batch_size]


def right(net: Network, x: Array, y: Array) -> Array:
    """For each sample (column), whether the output has the sign of the target."""
    return np.sign(net.forward(x).output[0]) == np.sign(y[0])


def accuracy(net: Network, x: Array, y: Array) -> float:
    """The fraction of samples whose output has the sign of the target."""
    return float(np.mean(right(net, x, y)))


# ---------------------------------------------------------------- the training loop


@dataclass
class Run:
    """A training run: cost and accuracy on the whole data set after each epoch (index 0: before training)."""

    network: Network
    alpha: float
    gamma: float
    batch_size: int
    costs: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)
    updates_per_epoch: int = 1

    epochs = property(lambda self: len(self.costs) - 1, doc="Epochs trained.")
    updates = property(lambda self: self.epochs * self.updates_per_epoch, doc="Updates (steps) made.")

    def solved_at(self) -> int | None:
        """The first epoch after which every sample is right, or None."""
        return next((e for e, a in enumerate(self.accuracies) if a == 1.0), None)

    def right_from(self) -> int | None:
        """The first epoch from which every sample stays right to the end of the run, or None."""
        wrong = [e for e, a in enumerate(self.accuracies) if a < 1.0]
        last = wrong[-1] if wrong else -1
        return None if last == self.epochs else last + 1


def fit(net: Network, task: Task, alpha: float, gamma: float = 0.0, batch_size: int | None = None,
        epochs: int = 100, seed: int = 0, until_solved: bool = False,
        progress: Callable[[int], None] | None = None) -> Run:
    """Minibatch gradient descent with momentum: each epoch shuffles the samples (seeded) and makes one update per
    batch; stops early after an epoch with every sample right if ``until_solved``. ``progress(epoch)`` is called
    after every epoch."""
    m = task.size
    batch_size = m if batch_size is None else batch_size
    rng = np.random.default_rng(seed)
    opt = Momentum(alpha, gamma)
    run = Run(net, alpha, gamma, batch_size, updates_per_epoch=-(-m // batch_size))
    run.costs.append(net.cost(task.x, task.y))
    run.accuracies.append(accuracy(net, task.x, task.y))
    for epoch in range(1, epochs + 1):
        for batch in minibatches(m, batch_size, rng):
            net = opt.step(net, net.backprop(task.x[:, batch], task.y[:, batch]))  # backprop, then momentum
        run.costs.append(net.cost(task.x, task.y))
        run.accuracies.append(accuracy(net, task.x, task.y))
        if progress is not None:
            progress(epoch)
        if until_solved and run.accuracies[-1] == 1.0:
            break
    run.network = net
    return run


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """Show an ipywidgets progress bar while the block runs and replace it by one line of text when it ends.

    Yields the callback for ``fit(progress=...)``. The bar is displayed with a display handle whose plain-text form
    is already the final line, so a saved notebook (and nbval) sees only that line, never the bar.
    """
    bar = widgets.IntProgress(value=0, min=0, max=total, description=label, style={"description_width": "initial"})
    line = f"{label}: done (a progress bar shows here while the cell runs)"
    bundle = {**bar._repr_mimebundle_(), "text/plain": line}
    handle = display(bundle, raw=True, display_id=True)

    def tick(epoch: int) -> None:
        bar.value = min(epoch, total)

    try:
        yield tick
    finally:
        handle.update({"text/plain": line}, raw=True)
        bar.close()


# ---------------------------------------------------------------- tables and pictures


def results_table(runs: dict[str, tuple[Task, Run]]) -> str:
    """Per task: sizes, batch, alpha, gamma, epochs and updates run, when every sample was first right (and from
    which epoch on it stayed so), the final cost and accuracy."""
    rows = []
    for name, (task, run) in runs.items():
        first, stays = run.solved_at(), run.right_from()
        rows.append([name, "-".join(map(str, run.network.sizes)), f"{task.size}/{run.batch_size}",
                     f"{run.alpha:.2f}", f"{run.gamma:.2f}", run.epochs, run.updates,
                     "never" if first is None else f"{first} ({first * run.updates_per_epoch})",
                     "-" if stays is None else stays, f"{run.costs[-1]:.5f}", f"{run.accuracies[-1]:.3f}"])
    return format_table(["task", "sizes", "m/batch", "alpha", "gamma", "epochs", "updates", "all right at",
                         "right from", "final cost", "accuracy"], rows)


def predictions_table(net: Network, task: Task) -> str:
    """Each sample of a small task: inputs, target, the network's output and whether its sign is right."""
    out = net.forward(task.x).output[0]
    ok = right(net, task.x, task.y)
    rows = [[" ".join(f"{v:+.0f}" for v in task.x[:, q]), f"{task.y[0, q]:+.0f}", f"{out[q]:+.4f}",
             "yes" if ok[q] else "no"] for q in range(task.size)]
    return format_table(["input", "target", "output", "right"], rows)


def loss_figure(runs: dict[str, Run]) -> Figure:
    """The cost on the whole data set after each epoch, one line per run, on a log scale."""
    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    for q, (name, run) in enumerate(runs.items()):
        ax.plot(range(run.epochs + 1), run.costs, color=f"C{q}", label=name)
        if (e := run.solved_at()) is not None:
            ax.plot([e], [run.costs[e]], "o", color=f"C{q}", ms=6)
    ax.set_yscale("log")
    ax.set_xlabel("epoch (one pass over the shuffled data)")
    ax.set_ylabel("quadratic cost $C$ (mean over the data)")
    ax.set_title("cost per epoch; dot: the first epoch with every sample right")
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


def _boundary(ax: plt.Axes, net: Network, task: Task, lim: float, grid: int) -> Any:
    g = np.linspace(-lim, lim, grid)
    gx, gy = np.meshgrid(g, g)
    out = net.forward(np.vstack([gx.ravel(), gy.ravel()])).output[0].reshape(gx.shape)
    filled = ax.contourf(gx, gy, out, levels=np.linspace(-1, 1, 21), cmap="RdBu", alpha=0.8)
    if out.min() < 0 < out.max():
        ax.contour(gx, gy, out, levels=[0.0], colors="k", linewidths=1.5)
    for target, marker, color in ((1.0, "o", "C0"), (-1.0, "s", "C3")):
        pts = task.x[:, task.y[0] == target]
        ax.scatter(pts[0], pts[1], marker=marker, s=70 if task.size < 20 else 24, c=color, edgecolors="k",
                   linewidths=0.6, label=f"target {target:+.0f}")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("input $x_1$")
    ax.set_ylabel("input $x_2$")
    return filled


def boundary_figure(panels: dict[str, tuple[Network, Task, float]], grid: int = 161) -> Figure:
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


# ---------------------------------------------------------------- the "Try it" panel: the spiral in 100 epochs

PANEL_EPOCHS, PANEL_BATCH = 100, 20


@functools.lru_cache(maxsize=128)
def _panel_run(alpha: float, gamma: float, hidden: int) -> Run:
    return fit(network([2, hidden, hidden, 1], seed=0, spread=1.0), spiral(), alpha, gamma,
               batch_size=PANEL_BATCH, epochs=PANEL_EPOCHS)


def panel_sliders(alpha: float, gamma: float, hidden: int) -> dict[str, widgets.FloatSlider]:
    """Sliders for the learning rate, the momentum and the number of neurons in each hidden layer."""
    return {"alpha": slider("learning rate α", alpha, 0.01, 0.30, 0.01),
            "gamma": slider("momentum γ", gamma, 0.0, 0.95, 0.05),
            "hidden": slider("neurons per hidden layer", hidden, 2, 24, 2, ".0f")}


def _settings(alpha: float, gamma: float, hidden: float) -> tuple[float, float, int]:
    return round(alpha, 2), round(gamma, 2), int(round(hidden))


def panel_text(alpha: float, gamma: float, hidden: float) -> str:
    """The readout: the spiral trained for 100 epochs (batches of 20) from a fixed start, and what came of it."""
    alpha, gamma, hidden = _settings(alpha, gamma, hidden)
    run = _panel_run(alpha, gamma, hidden)
    first = run.solved_at()
    saturated = [np.mean(np.abs(z) > 3.0) for z in run.network.forward(spiral().x).zs]
    return (f"sizes {run.network.sizes}, alpha = {alpha:.2f}, gamma = {gamma:.2f}, "
            f"effective rate alpha/(1 - gamma) = {alpha / (1 - gamma):.2f}\n"
            f"{PANEL_EPOCHS} epochs ({run.updates} updates): cost {run.costs[0]:.4f} -> {run.costs[-1]:.4f}, "
            f"accuracy {run.accuracies[-1]:.3f}, "
            + ("never all right" if first is None else f"first all right at epoch {first}") + "\n"
            "saturated neurons (|z| > 3, so tanh'(z) < 0.01), layer by layer: "
            + ", ".join(f"{100 * f:.0f}%" for f in saturated))


def panel_figure(alpha: float, gamma: float, hidden: float) -> Figure:
    """The panel's picture: the cost per epoch and the network's output over the plane after training."""
    run = _panel_run(*_settings(alpha, gamma, hidden))
    fig, (ax_c, ax_b) = plt.subplots(1, 2, figsize=(9.5, 4.0), gridspec_kw={"width_ratios": [1.2, 1]})
    ax_c.plot(run.costs, color="C0")
    ax_c.set_yscale("log")
    ax_c.set_xlabel("epoch")
    ax_c.set_ylabel("quadratic cost $C$")
    ax_c.set_title(f"cost per epoch (accuracy at the end {run.accuracies[-1]:.3f})")
    _boundary(ax_b, run.network, spiral(), 1.2, 81)
    ax_b.set_title("output: blue $+1$, red $-1$; black: $a^L = 0$")
    fig.tight_layout()
    return fig
