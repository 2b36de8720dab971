"""Computational graphs for the chain-rule notebook (02): nodes, local derivatives, routes, drawing.

A graph is a staged computation, one named node per step, as the computational-graph notes draw it::

    g = Graph([("x", ""), ("y", ""), ("s", "x + y"), ("r", "1/s"), ("f", "x*r")])

Inputs have an empty formula; every other node's formula uses earlier names only (``sigma`` is the logistic
sigmoid), so the order of the steps is a topological order and every walk over the graph is a plain loop, never
a recursion. The last node is the output f. Each edge p -> c carries the local derivative dc/dp of c's formula
(SymPy, in the node symbols). The backward pass that turns them into gradients is notebook 02's own code: the
drawing takes it as an argument, ``backward(g, local) -> (gradients by node, messages by edge)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from ..symbolic import sym_sigmoid

Edge = tuple[str, str]  # (parent, child): the forward direction
#: The backward pass: (graph, local derivative by edge) -> (df/dnode by node, message by edge).
Backward = Callable[["Graph", Mapping[Edge, float]], tuple[Mapping[str, float], Mapping[Edge, float]]]
#: Where an edge's backward message is written, as a fraction of its last segment (from the parent's side).
LABEL_T = 0.64


@dataclass(frozen=True)
class Node:
    """One step: its name, its formula in the symbols of earlier nodes (None for an input) and those inputs."""

    name: str
    formula: sp.Expr | None
    inputs: tuple[str, ...]
    text: str  # the formula as written in the step list, shown in the drawing


class Graph:
    """A staged computation: nodes in topological order, the last one the output."""

    def __init__(self, steps: Sequence[tuple[str, str]]) -> None:
        """``steps`` is a list of (name, formula); an empty formula makes an input. Formulas may use earlier
        names, numbers, the usual SymPy functions and ``sigma``."""
        if not steps:
            raise ValueError("a graph needs at least one step")
        self.sym: dict[str, sp.Symbol] = {}
        self.nodes: dict[str, Node] = {}
        for name, text in steps:
            if not name.isidentifier() or name in self.nodes or name == "sigma":
                raise ValueError(f"node name {name!r} must be a new identifier other than 'sigma'")
            symbol = sp.Symbol(name)
            if text.strip():
                formula = sp.sympify(text, locals={**self.sym, "sigma": sym_sigmoid})
                unknown = {s.name for s in formula.free_symbols} - set(self.sym)
                if unknown:
                    raise ValueError(f"step {name} = {text!r} uses {sorted(unknown)} before they are defined")
                inputs = tuple(n for n in self.sym if self.sym[n] in formula.free_symbols)
                self.nodes[name] = Node(name, formula, inputs, text.strip())
            else:
                self.nodes[name] = Node(name, None, (), "")
            self.sym[name] = symbol
        self.output = steps[-1][0]
        self.inputs = [n for n, node in self.nodes.items() if node.formula is None]
        self.edges: list[Edge] = [(p, c) for c, node in self.nodes.items() for p in node.inputs]


    def local(self) -> dict[Edge, sp.Expr]:
        """The local derivative d child / d parent on every edge, by SymPy, in the node symbols."""
        return {(p, c): sp.diff(self.nodes[c].formula, self.sym[p]) for p, c in self.edges}

    def in_inputs(self, expr: Any) -> sp.Expr:
        """``expr`` with every intermediate node symbol replaced by its formula, down to the inputs (one loop,
        from the last node back, since a formula only uses earlier nodes)."""
        expr = sp.sympify(expr)
        for name in reversed(list(self.nodes)):
            node = self.nodes[name]
            if node.formula is not None:
                expr = expr.xreplace({self.sym[name]: node.formula})
        return expr

    def whole(self) -> sp.Expr:
        """The output as one expression in the inputs (what SymPy differentiates without the graph)."""
        return self.in_inputs(self.sym[self.output])

    def edge_symbols(self) -> dict[Edge, sp.Symbol]:
        """A free symbol for every edge's local derivative, written d_{child,parent}."""
        return {(p, c): sp.Symbol(f"d_{{{c},{p}}}") for p, c in self.edges}


    def routes(self, source: str) -> list[tuple[str, ...]]:
        """Every route (path of nodes) from ``source`` to the output, found with an explicit stack."""
        children: dict[str, list[str]] = {n: [] for n in self.nodes}
        for p, c in self.edges:
            children[p].append(c)
        found, stack = [], [(source,)]
        while stack:
            route = stack.pop()
            if route[-1] == self.output:
                found.append(route)
            stack.extend(route + (c,) for c in reversed(children[route[-1]]))
        return sorted(found, key=lambda r: (len(r), r))

    def route_sum(self, source: str, local: Mapping[Edge, Any]) -> tuple[dict[tuple[str, ...], Any], Any]:
        """Each route's product of local derivatives and the sum over all routes from ``source``."""
        products = {}
        for route in self.routes(source):
            term: Any = 1
            for p, c in zip(route, route[1:], strict=False):
                term = term * local[(p, c)]
            products[route] = term
        return products, sum(products.values())


    def forward(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every node's value for the given inputs: exact SymPy numbers for exact inputs (ints, Rationals)."""
        out = {n: sp.sympify(values[n]) for n in self.inputs}
        for name, node in self.nodes.items():
            if node.formula is not None:
                out[name] = node.formula.xreplace({self.sym[p]: out[p] for p in node.inputs})
        return out

    def local_at(self, values: Mapping[str, Any]) -> dict[Edge, Any]:
        """Every edge's local derivative at the given node values."""
        return {(p, c): d.xreplace({self.sym[n]: values[n] for n in self.nodes[c].inputs})
                for (p, c), d in self.local().items()}

    def numeric(self, values: Mapping[str, float]) -> tuple[dict[str, float], dict[Edge, float]]:
        """Floats: every node's forward value and every edge's local derivative, evaluated with NumPy."""
        def at(expr: sp.Expr, names: Sequence[str]) -> float:
            return float(sp.lambdify([self.sym[n] for n in names], expr, "numpy")(*[fwd[n] for n in names]))

        fwd: dict[str, float] = {n: float(values[n]) for n in self.inputs}
        for name, node in self.nodes.items():
            if node.formula is not None:
                fwd[name] = at(node.formula, node.inputs)
        return fwd, {(p, c): at(d, self.nodes[c].inputs) for (p, c), d in self.local().items()}

    def function(self) -> Any:
        """The output as a NumPy function of the vector of inputs (for finite differences)."""
        f = sp.lambdify([self.sym[n] for n in self.inputs], self.whole(), "numpy")
        return lambda v: float(f(*np.asarray(v, dtype=float)))



def signed(v: float, places: int = 6) -> str:
    """A float with its sign and fixed decimals, -0 shown as +0."""
    text = f"{v:+.{places}f}"
    return "+" + text[1:] if float(text) == 0 else text


def layout(g: Graph) -> tuple[dict[str, tuple[float, float]], dict[Edge, list[tuple[float, float]]]]:
    """Node positions and each edge's polyline: a column per longest distance from the inputs; an edge that
    spans several columns gets a waypoint in each column it crosses; within a column, nodes and waypoints are
    ordered by the mean height of their neighbours (sweeps forward and back, all loops), evenly spaced."""
    col: dict[str, int] = {}
    for name, node in g.nodes.items():
        col[name] = 0 if not node.inputs else 1 + max(col[p] for p in node.inputs)
    chains = {(p, c): [p] + [f"{p}>{c}@{d}" for d in range(col[p] + 1, col[c])] + [c] for p, c in g.edges}
    column: dict[str, int] = dict(col)
    links: list[tuple[str, str]] = []
    for chain in chains.values():
        for d, point in enumerate(chain[1:-1], start=col[chain[0]] + 1):
            column[point] = d
        links += list(zip(chain, chain[1:], strict=False))
    order: dict[int, list[str]] = {}
    for point, d in column.items():
        order.setdefault(d, []).append(point)
    rank = {p: float(i) for ps in order.values() for i, p in enumerate(ps)}
    ups = {p: [a for a, b in links if b == p] for p in column}
    downs = {p: [b for a, b in links if a == p] for p in column}
    for sweep in range(8):
        forward = sweep % 2 == 0
        for d in sorted(order, reverse=not forward):
            near = ups if forward else downs
            for p in order[d]:
                if near[p]:
                    rank[p] = float(np.mean([rank[q] for q in near[p]]))
            order[d].sort(key=lambda p: rank[p])
            top = (len(order[d]) - 1) / 2
            for i, p in enumerate(order[d]):
                rank[p] = i - top
    pos = {p: (3.2 * column[p], -1.5 * rank[p]) for p in column}
    return {n: pos[n] for n in g.nodes}, {e: [pos[p] for p in chain] for e, chain in chains.items()}


def draw(g: Graph, values: Mapping[str, float], backward: Backward, ax: Any, title: str = "") -> Any:
    """Draw the graph: each node a box with its formula and forward value (black); each edge an arrow forward
    with the backward message df/dchild * dchild/dparent on it (red); under the inputs, the output and every node
    with several edges out, its gradient df/dnode, the sum of its messages (red), all from ``backward``."""
    fwd, local = g.numeric(values)
    grads, messages = backward(g, local)
    pos, lines = layout(g)
    boxes = {}
    for name, node in g.nodes.items():
        x, y = pos[name]
        shown = node.text.replace("sigma", "σ").replace("**2", "²").replace("*", "·")
        head = name if node.formula is None else f"{name} = {shown}"
        boxes[name] = ax.text(x, y, f"{head}\n{signed(fwd[name], 4)}", ha="center", va="center", fontsize=9, zorder=4,
                              bbox={"boxstyle": "round,pad=0.3", "fc": "#e3eefc" if node.formula is None else "#f4f4f4",
                                    "ec": "0.3"})
        if node.formula is not None and name != g.output and sum(p == name for p, _ in g.edges) == 1:
            continue  # one route out: its gradient is the message on that edge
        ax.text(x, y - 0.4, f"∂{g.output}/∂{name} = {signed(grads[name], 4)}", ha="center", va="top", color="tab:red",
                fontsize=8, zorder=4, bbox={"boxstyle": "round,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.9})
    for (p, c), m in messages.items():
        pts = lines[(p, c)]
        if len(pts) > 2:
            ax.plot([q[0] for q in pts[1:-1]], [q[1] for q in pts[1:-1]], color="0.55", lw=1.1, zorder=1)
        segments = list(zip(pts, pts[1:], strict=False))
        for i, (a, b) in enumerate(segments):
            last = i == len(segments) - 1
            ax.annotate("", xy=b, xytext=a, zorder=1, arrowprops={
                "arrowstyle": "-|>" if last else "-", "color": "0.55", "lw": 1.1, "shrinkA": 0, "shrinkB": 0,
                "patchA": boxes[p].get_bbox_patch() if i == 0 else None,
                "patchB": boxes[c].get_bbox_patch() if last else None})
        (x0, y0), (x1, y1) = segments[-1]
        ax.text(x0 + LABEL_T * (x1 - x0), y0 + LABEL_T * (y1 - y0), signed(m, 4), color="tab:red", fontsize=8,
                ha="center", va="center", zorder=3,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.9})
    xs, ys = [q[0] for q in pos.values()], [q[1] for ps in lines.values() for q in ps]
    ax.set_xlim(min(xs) - 1.1, max(xs) + 1.1)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.5)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def figure(graphs: Sequence[tuple[Graph, Mapping[str, float], str]], backward: Backward,
           sizes: Sequence[float] | None = None, cols: int = 1) -> Figure:
    """The graphs (graph, input values, title) in rows of ``cols``, each drawn with ``draw`` and the given
    backward pass; ``sizes`` are the rows' heights."""
    rows = -(-len(graphs) // cols)
    heights = list(sizes) if sizes is not None else [3.0] * rows
    fig, axes = plt.subplots(rows, cols, figsize=(13, sum(heights)), gridspec_kw={"height_ratios": heights},
                             squeeze=False)
    for ax, (g, values, title) in zip(axes.flat, graphs, strict=False):
        draw(g, values, backward, ax, title)
    for ax in list(axes.flat)[len(graphs):]:
        ax.axis("off")
    fig.tight_layout()
    return fig
