"""Plumbing for notebook 17, learning real digits: the network's start, a progress bar, the pictures
and the "Try it" panel.

The notebook keeps the lesson: the split, the scaling, the one-hot targets, the training loop and the
checks. Images are (m, 8, 8) grey levels, labels (m,) digits 0..9; a network's input is a column of 64.
The progress bar is shown as a widget view only (no text form), so a saved notebook keeps no trace of
it and nbval has nothing of it to compare; ``close`` removes it from the page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.figure import Figure

from .. import Network
from .panels import slider
from .plotting import style
from .training import check_count, train

Array = np.ndarray
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def network(sizes: Sequence[int], seed: int = 0) -> Network:
    """tanh hidden layers and a softmax output; weights and biases uniform in +-sqrt(6/(n_in + n_out)),
    scikit-learn's rule for tanh, from a generator seeded by ``seed``; sizes [n_0, ..., n_L]."""
    sizes = [check_count(n, "each layer size", 1) for n in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes must name at least two layers, got {sizes}")
    rng = np.random.default_rng(check_count(seed, "seed", 0))
    ws, bs = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        bound = np.sqrt(6.0 / (n_in + n_out))
        ws.append(rng.uniform(-bound, bound, (n_out, n_in)))
        bs.append(rng.uniform(-bound, bound, n_out))
    return Network(ws, bs, activation="tanh", output_activation="softmax")


class Progress:
    """A progress bar for a loop of ``total`` steps: ``update(k)`` after step k, ``close()`` at the end."""

    def __init__(self, total: int, description: str = "epoch") -> None:
        self.bar = widgets.IntProgress(max=check_count(total, "total", 1), description=description)
        display({WIDGET_VIEW: self.bar._repr_mimebundle_()[WIDGET_VIEW]}, raw=True)  # no text/plain

    def update(self, value: int) -> None:
        """Show ``value`` steps of ``total`` done."""
        if check_count(value, "value", 0) > self.bar.max:
            raise ValueError(f"value must be at most total = {self.bar.max}, got {value}")
        self.bar.value = int(value)

    def close(self) -> None:
        """Remove the bar from the page."""
        self.bar.close()


def _images(images: Any, labels: Any) -> tuple[Array, Array]:
    images, labels = np.asarray(images, dtype=float), np.asarray(labels)
    if images.ndim != 3 or images.shape[1:] != (8, 8):
        raise ValueError(f"images must have shape (m, 8, 8), got {images.shape}")
    if labels.shape != images.shape[:1]:
        raise ValueError(f"labels must have shape ({len(images)},) to match the images, "
                         f"got {labels.shape}")
    return images, labels


def mosaic(tiles: Array, per_row: int, gap: tuple = (1, 1)) -> tuple[Array, list[tuple[int, int]]]:
    """8x8 tiles (n, 8, 8) laid out ``per_row`` to a row in one array, NaN (blank) between them:
    the array and the top-left corner (row, column) of each tile; ``gap``: blank rows, columns."""
    per_row, (gy, gx) = check_count(per_row, "per_row", 1), gap
    rows = -(-len(tiles) // per_row)
    out = np.full((rows * (8 + gy) - gy, per_row * (8 + gx) - gx), np.nan)
    corners = [((q // per_row) * (8 + gy), (q % per_row) * (8 + gx)) for q in range(len(tiles))]
    for tile, (r, c) in zip(tiles, corners, strict=True):
        out[r:r + 8, c:c + 8] = tile
    return out, corners


def _bare(ax: plt.Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def grid(images: Any, labels: Any, per_class: int = 10) -> Figure:
    """The first ``per_class`` images of each digit 0..9, one row per digit (dark: grey level 16)."""
    images, labels = _images(images, labels)
    per_class = check_count(per_class, "per_class", 1)
    tiles = np.zeros((10 * per_class, 8, 8))
    for k in range(10):
        chosen = np.flatnonzero(labels == k)[:per_class]
        tiles[k * per_class:k * per_class + len(chosen)] = images[chosen]
    picture, _ = mosaic(tiles, per_class)
    fig, ax = plt.subplots(figsize=(0.5 * per_class + 0.8, 5.6), layout="constrained")
    ax.imshow(picture, cmap="gray_r", vmin=0, vmax=16)
    _bare(ax)
    ax.set_yticks(np.arange(10) * 9 + 3.5, [str(k) for k in range(10)])
    ax.tick_params(left=False)
    ax.set_ylabel("digit")
    ax.set_title("the first images of each digit (grey levels 0..16)")
    return fig


def curves(accuracy: Mapping[str, Sequence[float]], costs: Mapping[str, Sequence[float]],
           target: float = 0.95) -> Figure:
    """Left: accuracy after each epoch (index 0: before training), bpkit's colour, one line style per
    data set (e.g. "train", "test"), and the ``target`` as a grey line. Right: the training cost of
    each epoch (the mean over its batches), one line per library ("bpkit" in backprop's colour, the
    others grey)."""
    fig, (ax_a, ax_c) = plt.subplots(1, 2, figsize=(10.0, 3.9), layout="constrained")
    blue = style("backprop")["color"]
    for (name, acc), ls in zip(accuracy.items(), ("--", "-", ":"), strict=False):
        ax_a.plot(range(len(acc)), acc, color=blue, ls=ls, lw=2, label=f"bpkit, {name} digits")
    ax_a.axhline(target, color=style("other")["color"], ls=":", lw=1.5,
                 label=f"{100 * target:.0f}%")
    ax_a.set_ylim(0.8, 1.005)
    ax_a.set_xlabel("epoch")
    ax_a.set_ylabel("accuracy (fraction right)")
    ax_a.set_title("accuracy after each epoch (epoch 0 is off the scale)")
    ax_a.legend(loc="lower right")
    for name, cost in costs.items():
        look = style("backprop" if name == "bpkit" else "other")
        ax_c.plot(range(1, len(cost) + 1), cost, lw=2, ms=4, label=name, **look)
    ax_c.set_yscale("log")
    ax_c.set_xlabel("epoch")
    ax_c.set_ylabel("cross-entropy, mean over the epoch's batches")
    ax_c.set_title("training cost per epoch")
    ax_c.legend(loc="upper right")
    return fig


def confusion_figure(matrix: Any) -> Figure:
    """A confusion matrix (row: true digit, column: predicted digit), every count written in its cell;
    shading marks the mistakes only (the diagonal, the right answers, stays white)."""
    matrix = np.asarray(matrix)
    if matrix.shape != (10, 10) or not np.issubdtype(matrix.dtype, np.integer):
        raise ValueError(f"matrix must be a (10, 10) array of counts, got {matrix.dtype} "
                         f"{matrix.shape}")
    errors = matrix * (1 - np.eye(10, dtype=matrix.dtype))
    fig, ax = plt.subplots(figsize=(5.0, 4.8), layout="constrained")
    ax.imshow(errors, cmap="Oranges", vmin=0, vmax=2 * max(int(errors.max()), 1))  # light shades
    for (i, j), n in np.ndenumerate(matrix):
        if n:
            ax.text(j, i, str(n), ha="center", va="center", fontsize=9,
                    fontweight="bold" if i == j else "normal")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title("test digits by true and predicted digit\n(bold: right; shaded: mistakes, darker: more)")
    return fig


def misclassified(images: Any, labels: Any, predicted: Any, per_row: int = 10) -> Figure:
    """Every image whose ``predicted`` digit differs from its label, "predicted p, true t" under it."""
    images, labels = _images(images, labels)
    predicted = np.asarray(predicted)
    if predicted.shape != labels.shape:
        raise ValueError(f"predicted must have shape {labels.shape}, got {predicted.shape}")
    wrong = np.flatnonzero(predicted != labels)
    if len(wrong) == 0:
        raise ValueError("no image is misclassified: there is nothing to show")
    per_row = min(check_count(per_row, "per_row", 1), len(wrong))
    picture, corners = mosaic(images[wrong], per_row, gap=(6, 3))
    rows = -(-len(wrong) // per_row)
    fig, ax = plt.subplots(figsize=(1.1 * per_row + 0.4, 1.35 * rows + 0.5), layout="constrained")
    ax.imshow(picture, cmap="gray_r", vmin=0, vmax=16)
    ax.set_ylim(picture.shape[0] + 4.5, -0.5)  # room for the labels under the last row
    for q, (r, c) in zip(wrong, corners, strict=True):
        ax.text(c + 3.5, r + 8.2, f"predicted {predicted[q]}\ntrue {labels[q]}", ha="center",
                va="top", fontsize=8, linespacing=1.1)
    _bare(ax)
    ax.set_title(f"the {len(wrong)} misclassified test digits")
    return fig


def hidden_units(w: Any, per_row: int = 10) -> Figure:
    """Each row of w^1 (n_1, 64), the weights into one hidden neuron, as an 8x8 image on one colour
    scale symmetric about 0 (red: positive, blue: negative; the largest 1% of |w| clipped), numbered
    j = 1, 2, ..."""
    w = np.asarray(w, dtype=float)
    if w.ndim != 2 or w.shape[1] != 64:
        raise ValueError(f"w must have shape (n_1, 64), got {w.shape}")
    per_row = min(check_count(per_row, "per_row", 1), len(w))
    picture, corners = mosaic(w.reshape(-1, 8, 8), per_row, gap=(4, 2))
    rows = -(-len(w) // per_row)
    top = float(np.percentile(np.abs(w), 99)) or 1.0
    fig, ax = plt.subplots(figsize=(0.95 * per_row + 1.4, 1.15 * rows + 0.6), layout="constrained")
    shown = ax.imshow(picture, cmap="RdBu_r", vmin=-top, vmax=top)
    ax.set_ylim(picture.shape[0] - 0.5, -3.5)  # room for the numbers over the first row
    for j, (r, c) in enumerate(corners, start=1):
        ax.text(c + 3.5, r - 0.7, f"j = {j}", ha="center", va="bottom", fontsize=7)
    _bare(ax)
    fig.colorbar(shown, ax=ax, shrink=0.9, extend="both", label="weight $w^1_{jk}$")
    ax.set_title("weights into each hidden neuron $j$, pixel $k$ at its place in the image")
    return fig


PANEL_GAMMA, PANEL_BATCH = 0.9, 32


def sliders(hidden: float, alpha: float, epochs: float) -> dict[str, widgets.FloatSlider]:
    """The panel's sliders: hidden neurons, the learning rate alpha and the number of epochs."""
    return {"hidden": slider("hidden neurons", hidden, 2, 60, 2, ".0f"),
            "alpha": slider("learning rate α", alpha, 0.01, 0.50, 0.01),
            "epochs": slider("epochs", epochs, 1, 40, 1, ".0f")}


def readout(x_train: Any, y_train: Any, x_test: Any, y_test: Any,
            seed: int = 0) -> Callable[..., str]:
    """The panel's readout for these data (inputs (64, m), one-hot targets (10, m)): a 64-n-10
    network from ``network`` trained by ``training.train`` (cross-entropy, momentum 0.9, batches of
    32, seeded), with its training and test accuracy. Runs are cached by their settings."""
    x_train, x_test = np.asarray(x_train, dtype=float), np.asarray(x_test, dtype=float)
    y_train, y_test = np.asarray(y_train, dtype=float), np.asarray(y_test, dtype=float)
    if x_test.shape[0] != 64 or y_test.shape != (10, x_test.shape[1]):
        raise ValueError(f"x_test must be (64, m) and y_test (10, m), got {x_test.shape} and "
                         f"{y_test.shape}")

    @functools.lru_cache(maxsize=64)
    def run(hidden: int, alpha: float, epochs: int) -> str:
        h = train(network([64, hidden, 10], seed), x_train, y_train, alpha, PANEL_GAMMA, epochs,
                  cost="cross_entropy", batch_size=PANEL_BATCH, seed=seed)
        right = h.outputs[-1].argmax(axis=0) == y_train.argmax(axis=0)
        right_test = h.network.forward(x_test).output.argmax(axis=0) == y_test.argmax(axis=0)
        updates = epochs * -(-x_train.shape[1] // PANEL_BATCH)
        return (f"64-{hidden}-10, alpha = {alpha:.2f}, gamma = {PANEL_GAMMA}, batches of "
                f"{PANEL_BATCH}, {epochs} epoch{'s' * (epochs != 1)} ({updates} updates)\n"
                f"training-set cost {h.costs[0]:.3f} -> {h.costs[-1]:.3f}; accuracy: training "
                f"{np.mean(right):.3f}, test {np.mean(right_test):.3f} "
                f"({int(np.sum(~right_test))} of {len(right_test)} test digits wrong)")

    def render(hidden: float, alpha: float, epochs: float) -> str:
        return run(int(round(hidden)), round(float(alpha), 2), int(round(epochs)))
    return render
