"""Gradient descent with momentum, in the article's form dw(t) = -alpha dC/dw + gamma dw(t-1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._checks import as_finite_array
from .network import Gradients, Network


class Momentum:
    """Keeps the previous changes dw(t-1), db(t-1); ``step`` returns the updated network, never mutating it."""

    def __init__(self, alpha: float, gamma: float = 0.0) -> None:
        """alpha: learning rate (> 0); gamma: momentum in [0, 1)."""
        for name, v in (("alpha", alpha), ("gamma", gamma)):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v):
                raise TypeError(f"{name} must be a finite number, got {v!r}")
        if alpha <= 0:
            raise ValueError(f"alpha must be positive, got {alpha}")
        if not 0 <= gamma < 1:
            raise ValueError(f"gamma must be in [0, 1), got {gamma}")
        self.alpha = float(alpha)
        self.gamma = float(gamma)
        self.dw: list[np.ndarray] | None = None
        self.db: list[np.ndarray] | None = None

    def changes(self, grads: Gradients) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The changes dw(t) = -alpha nabla_w + gamma dw(t-1) (likewise db), remembered for the next step."""
        prev_w = self.dw or [np.zeros_like(g) for g in grads.nabla_w]
        prev_b = self.db or [np.zeros_like(g) for g in grads.nabla_b]
        self.dw = [-self.alpha * g + self.gamma * p for g, p in zip(grads.nabla_w, prev_w, strict=True)]
        self.db = [-self.alpha * g + self.gamma * p for g, p in zip(grads.nabla_b, prev_b, strict=True)]
        return self.dw, self.db

    def step(self, net: Network, grads: Gradients) -> Network:
        """Apply one update w <- w + dw(t) (and b <- b + db(t) if the network has biases)."""
        dw, db = self.changes(grads)
        weights = [w + d for w, d in zip(net.weights, dw, strict=True)]
        biases = None if net.biases is None else [b + d for b, d in zip(net.biases, db, strict=True)]
        return net.replace(weights, biases)


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
    x = as_finite_array(x, "x")
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
