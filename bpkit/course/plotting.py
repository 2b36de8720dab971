"""Pictures the notebooks share: the worked example's network with values on its nodes and edges."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .examples import WorkedExample


def node_positions(ex: WorkedExample) -> dict[int, tuple[float, float]]:
    """(x, y) of each neuron: one column per layer, each column centred on y = 0."""
    pos = {}
    for x, layer in enumerate(ex.layers):
        top = (len(layer) - 1) / 2
        for i, n in enumerate(layer):
            pos[n] = (3.0 * x, 1.6 * (top - i))
    return pos


def draw_network(
    ex: WorkedExample,
    edge_labels: Mapping[str, str] | None = None,
    node_labels: Mapping[int, str] | None = None,
    title: str = "",
    ax: Any = None,
    label_t: float | Mapping[str, float] = 0.26,
) -> Any:
    """Draw the network; ``edge_labels`` maps 'w13' to text (default: the weights), ``node_labels`` maps
    neuron numbers to text shown under each node; edge labels sit ``label_t`` of the way along their edge,
    near the source, where the edges leaving one neuron fan out (the middle is where edges cross);
    ``label_t`` may also map edge names to their own fractions (others take 0.26).
    Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.8))
    pos = node_positions(ex)
    labels = edge_labels if edge_labels is not None else {k: f"{v:g}" for k, v in ex.weights.items()}
    for name in ex.weights:
        i, j = int(name[1]), int(name[2])
        (x0, y0), (x1, y1) = pos[i], pos[j]
        ax.plot([x0, x1], [y0, y1], color="0.6", lw=1.2, zorder=1)
        if name in labels:
            t = label_t.get(name, 0.26) if isinstance(label_t, Mapping) else label_t
            ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), labels[name], fontsize=8, ha="center",
                    va="center", zorder=3, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "0.8"})
    for n, (x, y) in pos.items():
        layer = next(k for k, lay in enumerate(ex.layers) if n in lay)
        color = "#cde" if layer == 0 else ("#fdb" if layer == len(ex.layers) - 1 else "#dfd")
        ax.add_patch(plt.Circle((x, y), 0.38, fc=color, ec="0.2", zorder=2))
        ax.text(x, y, str(n), ha="center", va="center", fontsize=12, weight="bold", zorder=4)
        if node_labels and n in node_labels:
            ax.text(x, y - 0.55, node_labels[n], ha="center", va="top", fontsize=8, zorder=4,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.set_aspect("equal")
    ax.set_xlim(-0.8, 3.0 * (len(ex.layers) - 1) + 0.8)
    ax.set_ylim(-3.4 if node_labels else -2.9, 2.5)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
