"""Pictures the notebooks share: one colour and marker per concept, and the worked example's network.

``CONCEPTS`` gives each route to a number the same colour and marker in every figure (backprop, finite
differences, SymPy, the article), from the Okabe-Ito palette, which colour-blind readers can tell apart; the
markers differ too, so a figure reads in grey. ``style(concept)`` returns them as plot keywords.

``draw_network`` places every edge label on its own edge where it covers no neuron, no neuron's label and no
other edge label, and, where it can, crosses no other edge: it starts at the fraction ``label_t`` of the way
along the edge and moves along it only as far as it must.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .examples import WorkedExample

#: Okabe-Ito colours (colour-blind safe) and a marker for each concept the figures compare.
CONCEPTS: dict[str, dict[str, str]] = {
    "backprop": {"color": "#0072B2", "marker": "o"},  # blue, circles: bpkit's BP1-BP4
    "finite differences": {"color": "#E69F00", "marker": "s"},  # orange, squares: the numerical oracle
    "SymPy": {"color": "#009E73", "marker": "^"},  # green, triangles: the exact oracle
    "article": {"color": "#D55E00", "marker": "x"},  # vermillion, crosses: the article's printed numbers
    "target": {"color": "#CC79A7", "marker": "*"},  # purple, stars: the target y
    "other": {"color": "#999999", "marker": "."},  # grey: context (axes, guides, the rest)
}


def style(concept: str) -> dict[str, str]:
    """Plot keywords (``color``, ``marker``) of a concept in ``CONCEPTS``."""
    if concept not in CONCEPTS:
        raise ValueError(f"unknown concept {concept!r}; expected one of {tuple(CONCEPTS)}")
    return dict(CONCEPTS[concept])

#: Where an edge label may sit along its edge (fractions from the source neuron), searched nearest first.
CANDIDATE_T = np.round(np.arange(0.14, 0.87, 0.02), 2)
#: Extra room around a label's box, in pixels, when labels are tested for overlap; and, larger, for other edges
#: passing near it (so that no label sits at a crossing, where it could be read as the other edge's).
PAD_PX = 2.0
EDGE_MARGIN_PX = 8.0


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
    avoid: bool = True,
    t_range: tuple[float, float] = (0.14, 0.86),
) -> Any:
    """Draw the network; ``edge_labels`` maps 'w13' to text (default: the weights), ``node_labels`` maps
    neuron numbers to text shown under each node; edge labels start ``label_t`` of the way along their edge
    (a float, or a mapping from edge names to fractions, others 0.26) and, if ``avoid``, move along it (within
    ``t_range``) to the nearest place free of overlaps. Edge labels are the first texts of the Axes, in
    ``ex.weights`` order.
    Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.8))
    pos = node_positions(ex)
    labels = edge_labels if edge_labels is not None else {k: f"{v:g}" for k, v in ex.weights.items()}
    segments, texts, preferred = {}, {}, {}
    for name in ex.weights:
        i, j = int(name[1]), int(name[2])
        segments[name] = (np.array(pos[i]), np.array(pos[j]))
        ax.plot([pos[i][0], pos[j][0]], [pos[i][1], pos[j][1]], color="0.6", lw=1.2, zorder=1)
        if name in labels:
            t = label_t.get(name, 0.26) if isinstance(label_t, Mapping) else label_t
            preferred[name] = float(t)
            x, y = _along(segments[name], t)
            texts[name] = ax.text(x, y, labels[name], fontsize=8, ha="center", va="center", zorder=3,
                                  bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "0.8"})
    circles, node_texts = [], []
    for n, (x, y) in pos.items():
        layer = next(k for k, lay in enumerate(ex.layers) if n in lay)
        color = "#cde" if layer == 0 else ("#fdb" if layer == len(ex.layers) - 1 else "#dfd")
        circles.append(ax.add_patch(plt.Circle((x, y), 0.38, fc=color, ec="0.2", zorder=2)))
        ax.text(x, y, str(n), ha="center", va="center", fontsize=12, weight="bold", zorder=4)
        if node_labels and n in node_labels:
            node_texts.append(ax.text(x, y - 0.55, node_labels[n], ha="center", va="top", fontsize=8, zorder=4,
                                      bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                                            "alpha": 0.85}))
    ax.set_aspect("equal")
    ax.set_xlim(-0.8, 3.0 * (len(ex.layers) - 1) + 0.8)
    ax.set_ylim(-3.4 if node_labels else -2.9, 2.5)
    ax.axis("off")
    if title:
        ax.set_title(title)
    if avoid and texts:
        candidates = [t for t in CANDIDATE_T if t_range[0] <= t <= t_range[1]]
        _place_edge_labels(ax, texts, segments, preferred, circles, node_texts, candidates)
    return ax


def _along(segment: tuple[np.ndarray, np.ndarray], t: float) -> tuple[float, float]:
    """The point a fraction ``t`` of the way along a segment."""
    p0, p1 = segment
    x, y = p0 + t * (p1 - p0)
    return float(x), float(y)


def _place_edge_labels(ax: Any, texts: Mapping[str, Any], segments: Mapping[str, tuple[np.ndarray, np.ndarray]],
                       preferred: Mapping[str, float], circles: list[Any], node_texts: list[Any],
                       candidates: list[float]) -> None:
    """Move each edge label along its edge: first free of neurons, neuron labels and earlier edge labels, then
    crossing as few other edges as possible, then as near its preferred place as possible."""
    get_renderer = getattr(ax.figure.canvas, "get_renderer", None)
    if get_renderer is None:  # a canvas that cannot measure text (not Agg): keep the preferred places
        return
    renderer = get_renderer()
    ax.apply_aspect()
    to_px = ax.transData.transform
    discs = [(to_px(c.center), abs(to_px(c.center + np.array([c.radius, 0]))[0] - to_px(c.center)[0]))
             for c in circles]
    blocked = [_box(t, renderer) for t in node_texts]
    lines = {name: (to_px(p0), to_px(p1)) for name, (p0, p1) in segments.items()}
    for name, text in texts.items():
        best = None
        for t in sorted(candidates, key=lambda c: (abs(c - preferred[name]), c)):
            text.set_position(_along(segments[name], float(t)))
            box = _box(text, renderer)
            hard = sum(_box_hits_disc(box, c, r) for c, r in discs) + sum(_boxes_overlap(box, b) for b in blocked)
            near = (box[0] - EDGE_MARGIN_PX, box[1] - EDGE_MARGIN_PX, box[2] + EDGE_MARGIN_PX, box[3] + EDGE_MARGIN_PX)
            soft = sum(_box_hits_segment(near, *seg) for other, seg in lines.items() if other != name)
            score = (hard, soft, abs(t - preferred[name]))
            if best is None or score < best[0]:
                best = (score, float(t))
            if score[:2] == (0, 0):
                break
        text.set_position(_along(segments[name], best[1]))
        blocked.append(_box(text, renderer))


def _box(text: Any, renderer: Any) -> tuple[float, float, float, float]:
    """A text's box in pixels (x0, y0, x1, y1), with its background patch and PAD_PX around it."""
    patch = text.get_bbox_patch()
    if patch is None:
        ext = text.get_window_extent(renderer)
    else:
        text.update_bbox_position_size(renderer)
        ext = patch.get_window_extent(renderer)
    return ext.x0 - PAD_PX, ext.y0 - PAD_PX, ext.x1 + PAD_PX, ext.y1 + PAD_PX


def _boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """True if two pixel boxes overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _box_hits_disc(box: tuple[float, ...], centre: np.ndarray, radius: float) -> bool:
    """True if a pixel box overlaps a disc."""
    nearest = np.clip(centre, [box[0], box[1]], [box[2], box[3]])
    return bool(np.hypot(*(nearest - centre)) < radius)


def _box_hits_segment(box: tuple[float, ...], p0: np.ndarray, p1: np.ndarray, samples: int = 200) -> bool:
    """True if a line segment (pixels) passes through a pixel box."""
    pts = p0 + np.linspace(0.0, 1.0, samples)[:, None] * (p1 - p0)
    inside = (pts[:, 0] > box[0]) & (pts[:, 0] < box[2]) & (pts[:, 1] > box[1]) & (pts[:, 1] < box[3])
    return bool(inside.any())
