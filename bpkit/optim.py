"""Gradient descent with momentum, in the article's form dw(t) = -alpha dC/dw + gamma dw(t-1)."""

from __future__ import annotations

import numpy as np

from ._checks import check_gradients, check_net_and_gradients, check_number, no_overflow
from .network import Gradients, Network


class Momentum:
    """Keeps the previous changes dw(t-1), db(t-1); ``step`` returns the updated network and never
    changes the one it is given."""

    def __init__(self, alpha: float, gamma: float = 0.0) -> None:
        """alpha: learning rate (> 0); gamma: momentum in [0, 1)."""
        self.alpha = check_number(alpha, "alpha", 0.0, np.inf, open_low=True)
        self.gamma = check_number(gamma, "gamma", 0.0, 1.0)
        self.dw: list[np.ndarray] | None = None  # dw(t-1), None before the first step
        self.db: list[np.ndarray] | None = None

    @no_overflow
    def changes(self, grads: Gradients) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """dw(t) = -alpha nabla_w + gamma dw(t-1), likewise db(t), remembered for the next step;
        returns copies."""
        if not isinstance(grads, Gradients):
            raise TypeError(f"grads must be the Gradients that Network.backprop returns, "
                            f"got {type(grads).__name__}")
        nabla_w, nabla_b = check_gradients(grads.nabla_w, grads.nabla_b)
        if self.dw is not None and [d.shape for d in self.dw] != [g.shape for g in nabla_w]:
            raise ValueError(f"these gradients have shapes {[g.shape for g in nabla_w]}, but the "
                             f"previous step's were {[d.shape for d in self.dw]}: use one "
                             "Momentum per network")
        prev_w = self.dw or [np.zeros_like(g) for g in nabla_w]
        prev_b = self.db or [np.zeros_like(g) for g in nabla_b]
        self.dw = [-self.alpha * g + self.gamma * d for g, d in zip(nabla_w, prev_w, strict=True)]
        self.db = [-self.alpha * g + self.gamma * d for g, d in zip(nabla_b, prev_b, strict=True)]
        return [d.copy() for d in self.dw], [d.copy() for d in self.db]

    @no_overflow
    def step(self, net: Network, grads: Gradients) -> Network:
        """One update w <- w + dw(t), and b <- b + db(t) if the network has biases."""
        check_net_and_gradients(net, grads)
        dw, db = self.changes(grads)
        weights = [w + d for w, d in zip(net.weights, dw, strict=True)]
        biases = net.biases and [b + d for b, d in zip(net.biases, db, strict=True)]
        return net.replace(weights, biases)
