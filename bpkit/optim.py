"""Gradient descent with momentum, in the article's form dw(t) = -alpha dC/dw + gamma dw(t-1)."""

from __future__ import annotations

import numpy as np

from ._checks import check_number
from .network import Gradients, Network


class Momentum:
    """Keeps the previous changes dw(t-1), db(t-1); ``step`` returns the updated network, never mutating it."""

    def __init__(self, alpha: float, gamma: float = 0.0) -> None:
        """alpha: learning rate (> 0); gamma: momentum in [0, 1)."""
        self.alpha = check_number(alpha, "alpha", 0.0, np.inf, open_low=True)
        self.gamma = check_number(gamma, "gamma", 0.0, 1.0)
        self._dw: list[np.ndarray] | None = None
        self._db: list[np.ndarray] | None = None

    def changes(self, grads: Gradients) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """dw(t) = -alpha nabla_w + gamma dw(t-1) (likewise db), remembered for the next step; returns copies."""
        if not isinstance(grads, Gradients):
            raise TypeError(f"grads must be the Gradients that Network.backprop returns, got {type(grads).__name__}")
        shapes = [g.shape for g in grads.nabla_w]
        if self._dw is not None and [d.shape for d in self._dw] != shapes:
            raise ValueError(f"these gradients have shapes {shapes}, but the previous step's were "
                             f"{[d.shape for d in self._dw]}: use one Momentum per network")
        prev_w = self._dw or [np.zeros_like(g) for g in grads.nabla_w]
        prev_b = self._db or [np.zeros_like(g) for g in grads.nabla_b]
        self._dw = [-self.alpha * g + self.gamma * p for g, p in zip(grads.nabla_w, prev_w, strict=True)]
        self._db = [-self.alpha * g + self.gamma * p for g, p in zip(grads.nabla_b, prev_b, strict=True)]
        return [d.copy() for d in self._dw], [d.copy() for d in self._db]

    def step(self, net: Network, grads: Gradients) -> Network:
        """One update w <- w + dw(t) (and b <- b + db(t) if the network has biases), as a new Network."""
        if [w.shape for w in net.weights] != [g.shape for g in grads.nabla_w]:
            raise ValueError(f"the gradients (shapes {[g.shape for g in grads.nabla_w]}) do not belong to this "
                             f"network (weight shapes {[w.shape for w in net.weights]})")
        dw, db = self.changes(grads)
        weights = [w + d for w, d in zip(net.weights, dw, strict=True)]
        biases = None if net.biases is None else [b + d for b, d in zip(net.biases, db, strict=True)]
        return net.replace(weights, biases)
