"""The article's 8-neuron worked example in the overview and worked-example notebooks: plumbing, not lessons.

Text tables with fixed formats, the network drawn with its weights or with a verdict per printed number, the
training curves, and the readout of the training panel (the sliders' alpha and gamma; the step from which the
cost stays below TOL, as heavy momentum can dip below it and overshoot back above).
The explanations, the asserts and the arithmetic they rest on live in the notebooks; the verdicts in ``errata``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .errata import Row
from .examples import WorkedExample
from .plotting import draw_network
from .training import History, train

#: The marks and box colours of the verdicts, and their order from good to bad.
MARK = {"match": "✓", "rounding": "≈", "error": "✗"}
COLOUR = {"match": "#e8f5e9", "rounding": "#fff3cd", "error": "#f8d0d0"}
RANK = {"match": 0, "rounding": 1, "error": 2}

#: Edge labels moved along their edge: w15 and w23 cross halfway between the input and the first hidden
#: layer, so their labels sit past the crossing, each on a stretch of its own edge that no other edge is near.
LABEL_T = {"w15": 0.7, "w23": 0.7}

#: Training steps of the alpha/gamma panel, and the cost it calls reached.
STEPS = 1000
TOL = 1e-4
TOL_TEXT = "1e-4"


# ---------------------------------------------------------------- the overview

def plot_network(ex: WorkedExample) -> Figure:
    """The network with its weights on the edges, Nielsen's name under each neuron and the layers along the bottom."""
    nielsen = {n: f"$a^{{{layer}}}_{{{place + 1}}}$" for layer, neurons in enumerate(ex.layers)
               for place, n in enumerate(neurons)}
    fig, ax = plt.subplots(figsize=(10, 5.4))
    draw_network(ex, node_labels=nielsen, ax=ax, label_t=LABEL_T,
                 title="The worked example: article's neurons 1-8, weights $w_{ij}$ (from $i$ to $j$)")
    for l in range(len(ex.layers)):
        kind = "input" if l == 0 else ("output" if l == len(ex.layers) - 1 else "hidden")
        ax.text(3.0 * l, -2.85, f"{kind}, $l = {l}$", ha="center", va="bottom", fontsize=9, color="0.3")
    return fig


# ---------------------------------------------------------------- the worked example, end to end

def plot_verdicts(ex: WorkedExample, rows: Sequence[Row]) -> Figure:
    """The network after the article's step: each edge its printed new weight and verdict, each node its I, O and
    delta^art (the article's delta); nodes are drawn neutral, so that only the label boxes carry verdict colours."""
    by = {r.quantity: r for r in rows}
    edge = {w: f"{by[f'{w}_new'].article} {MARK[by[f'{w}_new'].verdict]}" for w in ex.weights}
    nodes = {n: f"I {MARK[by[f'I{n}'].verdict]}  O {MARK[by[f'O{n}'].verdict]}\n"
                f"$\\delta^{{art}}$ {MARK[by[f'delta{n}'].verdict]}" for layer in ex.layers[1:] for n in layer}
    fig, ax = plt.subplots(figsize=(10, 5.4))
    draw_network(ex, edge_labels=edge, node_labels=nodes, ax=ax, label_t=LABEL_T,
                 title="The article's step, verdicts: ✓ match, ≈ rounding, ✗ error\nedges: the new weight and its "
                       "mark, boxed green, yellow or red by the worse verdict of Δw and the new weight")
    for node in ax.patches:  # the neurons: neutral, not the layer colours of the other network figures
        node.set_facecolor("white")
    for w, text in zip(ex.weights, ax.texts, strict=False):  # draw_network writes the edge labels first
        if text.get_text() != edge[w]:
            raise ValueError(f"edge label {text.get_text()!r} is not {w}'s {edge[w]!r}")
        worst = max(by[f"d{w}"].verdict, by[f"{w}_new"].verdict, key=RANK.__getitem__)
        text.get_bbox_patch().set_facecolor(COLOUR[worst])
    return fig


def plot_training(ex: WorkedExample, runs: Mapping[float, History], alpha: float) -> Figure:
    """Two panels: the output O8 and the cost C (log scale) against the step, one curve per momentum gamma
    (``runs``: gamma -> ``train``'s History at learning rate ``alpha``)."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    for (g, h), (color, ls) in zip(runs.items(), (("tab:blue", "-"), ("tab:orange", "--"), ("tab:green", ":")),
                                   strict=False):
        t = np.arange(len(h.costs))
        label = f"γ = {g:g}" + (" (article)" if g == ex.gamma else " (no momentum)" if g == 0 else "")
        ax1.plot(t, [float(o[0]) for o in h.outputs], color=color, ls=ls, label=label)
        ax2.semilogy(t, h.costs, color=color, ls=ls, label=label)
    ax1.axhline(ex.y[0], color="0.5", lw=0.8, ls=":", label="target $O_{correct}$")
    ax2.axhline(TOL, color="0.5", lw=0.8, ls=":", label=f"C = {TOL_TEXT}")
    ax1.set(xlabel="training step t (updates of all weights)", ylabel="network output $O_8$",
            title=f"Output $O_8$, α = {alpha:g}")
    ax2.set(xlabel="training step t (updates of all weights)", ylabel="C = ½ (O_correct − O8)²",
            title="Cost (log scale)")
    ax1.legend(fontsize=9, loc="lower right")
    ax2.legend(fontsize=9, loc="upper right")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


_RUNS: dict[tuple, History] = {}


def _run(ex: WorkedExample, alpha: float, gamma: float) -> History:
    """``training.train`` for STEPS steps from the article's weights, remembered (a panel's text and plot share it)."""
    key = (tuple(ex.weights.items()), tuple(ex.x), tuple(ex.y), float(alpha), float(gamma))
    if key not in _RUNS:
        if len(_RUNS) > 64:
            _RUNS.clear()
        _RUNS[key] = train(ex.network(), ex.x, ex.y, alpha, gamma, STEPS)
    return _RUNS[key]


def stays_below(h: History, tol: float) -> int | None:
    """The first step t from which the cost stays below tol to the end of the run (costs[t:] all < tol), or None."""
    above = [t for t, c in enumerate(h.costs) if c >= tol]
    t = above[-1] + 1 if above else 0
    return t if t < len(h.costs) else None


def training_readout(ex: WorkedExample, alpha: float, gamma: float) -> str:
    """The alpha/gamma panel's readout: after STEPS steps, O8, the cost, and from which step the cost stays below
    TOL (and when it first fell below, if it went back above)."""
    h = _run(ex, alpha, gamma)
    hit, stay = h.first_below(TOL), stays_below(h, TOL)
    if hit is None:
        reached = f"C never below {TOL_TEXT} in {STEPS} steps"
    elif stay is None:
        reached = f"C below {TOL_TEXT} first at step {hit}, but above it again at step {STEPS}"
    elif stay == hit:
        reached = f"C < {TOL_TEXT} from step {stay} on"
    else:
        reached = f"C < {TOL_TEXT} from step {stay} on (first below at step {hit}, then above again)"
    c = h.costs[-1]
    cost = f"C = {c:.2e}" if c >= 1e-12 else "C < 1e-12"
    o8 = float(h.outputs[-1][0])
    return f"α = {alpha:.2f}, γ = {gamma:.2f}: after {STEPS} steps O8 = {o8:.6f}, {cost};\n  {reached}"


def training_readout_plot(ex: WorkedExample, alpha: float, gamma: float) -> Figure:
    """The alpha/gamma panel's picture: the cost against the step (log scale), with the line C = TOL."""
    h = _run(ex, alpha, gamma)
    fig, ax = plt.subplots(figsize=(4.6, 2.6))
    ax.semilogy(np.arange(len(h.costs)), np.maximum(h.costs, 1e-35), color="tab:blue")
    ax.axhline(TOL, color="0.5", lw=0.8, ls=":")
    ax.set(xlabel="training step t", ylabel="cost C", title=f"α = {alpha:.2f}, γ = {gamma:.2f}")
    fig.tight_layout()
    return fig
