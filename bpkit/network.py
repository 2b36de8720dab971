"""A fully connected network in Nielsen's layout, with backprop written as BP1-BP4.

Layer l = 1..L has weights w^l of shape (n_l, n_{l-1}) (``w[j, k]`` is w^l_jk, from neuron k
of layer l-1 to neuron j of layer l) and optional biases b^l (n_l,). A sample is a vector (n_0,),
a minibatch a matrix (n_0, m) of columns. z^l = w^l a^{l-1} + b^l, a^l = sigma(z^l), and the
cost is C = 1/2 ||y - a^L||^2 or cross-entropy. Input is checked once, where it enters; after
that the code is the mathematics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import as_finite_array, check_parameters, check_sizes, check_y, no_overflow, set_once
from .activations import Activation, get_activation
from .losses import Cost, cost_named

Array = np.ndarray


@dataclass(frozen=True)
class Trace:
    """What the forward pass keeps for the backward pass: ``zs[l-1]`` is z^l, ``activations[l]`` is
    a^l (``activations[0]`` is the input x, read-only) and ``primes[l-1]`` is sigma'(z^l) (None for
    a softmax output; None in a trace that did not compute them)."""

    zs: list[Array]
    activations: list[Array]
    primes: list[Array | None] | None = None

    @property
    def output(self) -> Array:
        """The network's output a^L."""
        return self.activations[-1]


@dataclass(frozen=True)
class Gradients:
    """Backprop's result: ``nabla_w[l-1]`` = dC/dw^l, ``nabla_b[l-1]`` = dC/db^l (also without
    biases: dC/db at b = 0), ``deltas[l-1]`` = delta^l. For a minibatch, ``nabla_w``, ``nabla_b``
    and ``cost`` are means over the batch; ``deltas`` keep one column per sample."""

    nabla_w: list[Array]
    nabla_b: list[Array]
    deltas: list[Array]
    cost: float
    trace: Trace


def bp1(cost: Cost, z_L: Array, a_L: Array, y: Array, output: Activation) -> Array:
    """BP1: delta^L = grad_a C (.) sigma'(z^L), as the cost writes it: (a^L - y) (.) sigma'(z^L)
    for the quadratic cost (J^T (a^L - y) on a softmax output), a^L - y for cross-entropy (on a
    softmax output, a^L sum_j y_j - y). All arrays (n_L,) for a sample, (n_L, m) for a batch."""
    return cost.delta(z_L, a_L, y, output)


def bp2(w_next: Array, delta_next: Array, sigma_prime_z: Array) -> Array:
    """BP2: delta^l = ((w^{l+1})^T delta^{l+1}) (.) sigma'(z^l), with w_next (n_{l+1}, n_l) and
    delta_next (n_{l+1},) or (n_{l+1}, m); sigma_prime_z and the result (n_l,) or (n_l, m)."""
    return (w_next.T @ delta_next) * sigma_prime_z


def bp3(delta: Array) -> Array:
    """BP3: dC/db^l_j = delta^l_j; for a minibatch (n_l, m), the mean over its m columns."""
    return delta.mean(axis=1) if delta.ndim == 2 else delta.copy()


def bp4(delta: Array, a_prev: Array) -> Array:
    """BP4: dC/dw^l_jk = a^{l-1}_k delta^l_j, i.e. delta^l (a^{l-1})^T; for a minibatch (n_l, m),
    the mean over its m columns."""
    return np.outer(delta, a_prev) if delta.ndim == 1 else delta @ a_prev.T / delta.shape[1]


class Network:
    """A fully connected feed-forward network; weights in Nielsen's layout, biases optional.
    It never changes: its parameters are read-only, and a training step makes a new Network."""

    def __init__(self, weights: Sequence[Any], biases: Sequence[Any] | None = None,
                 activation: str = "sigmoid", output_activation: str | None = None) -> None:
        """Check and copy the parameters: ``weights[l-1]`` is w^l, of shape (n_l, n_{l-1}), and
        ``biases[l-1]`` is b^l, of shape (n_l,)."""
        self.hidden = get_activation(activation)  # hidden layers (output too by default)
        self.output = get_activation(activation if output_activation is None else output_activation,
                                     output=True)
        self.activation, self.output_activation = self.hidden.name, self.output.name
        self.weights, self.biases = check_parameters(weights, biases, self.output.name)

    __setattr__ = set_once  # weights and biases are set once, here: a changed network is a new one

    @classmethod
    def random(cls, sizes: Sequence[int], seed: int = 0, biases: bool = True,
               activation: str = "sigmoid", output_activation: str | None = None) -> Network:
        """Standard-normal weights (and biases) from a seeded generator; sizes [n_0, ..., n_L]."""
        sizes = check_sizes(sizes, seed, biases)
        rng = np.random.default_rng(int(seed))
        ws = [rng.standard_normal((n, k)) for k, n in zip(sizes[:-1], sizes[1:], strict=True)]
        bs = [rng.standard_normal(n) for n in sizes[1:]] if biases else None
        return cls(ws, bs, activation=activation, output_activation=output_activation)

    @property
    def sizes(self) -> list[int]:
        """Neurons per layer, [n_0, n_1, ..., n_L]."""
        return [self.weights[0].shape[1]] + [len(w) for w in self.weights]

    def __repr__(self) -> str:
        bias = "biases" if self.biases is not None else "no biases"
        return f"Network(sizes={self.sizes}, {self.activation}/{self.output_activation}, {bias})"

    def replace(self, weights: Sequence[Any] | None = None,
                biases: Sequence[Any] | None = None) -> Network:
        """A copy of this network with new weights and/or biases (the old ones where not given)."""
        return Network(self.weights if weights is None else weights,
                       self.biases if biases is None else biases,
                       activation=self.activation, output_activation=self.output_activation)

    def _check(self, x: Any, y: Any = None, cost: Any = ...) -> tuple[Array, Array, Cost]:
        """The door: x of shape (n_0,) or (n_0, m); with a cost, y of the output's shape."""
        x = as_finite_array(x, "x", ndims=(1, 2)).view()
        x.flags.writeable = False  # a^0 in the trace is x itself: bpkit never writes to it
        n_0, n_L = self.sizes[0], self.sizes[-1]
        if x.shape[0] != n_0:
            raise ValueError(f"x must have shape ({n_0},) or ({n_0}, m) for this network, "
                             f"got {x.shape}")
        if cost is ...:  # the forward pass: no target, no cost
            return x, x, cost
        cost = cost_named(cost)
        return x, check_y(y, x, n_L, cost.name, self.output.name), cost

    @no_overflow
    def forward(self, x: Any) -> Trace:
        """Forward pass for a sample (n_0,) or a batch (n_0, m): z^l = w^l a^{l-1} + b^l and
        a^l = sigma(z^l), keeping every z^l and a^l."""
        return self._forward(self._check(x)[0])

    def _forward(self, a: Array) -> Trace:
        zs, activations, primes = [], [a], []
        for l, w in enumerate(self.weights, start=1):
            z = w @ a
            if self.biases is not None:
                z = z + (self.biases[l - 1] if z.ndim == 1 else self.biases[l - 1][:, None])
            a, prime = (self.output if l == len(self.weights) else self.hidden).forward(z)
            zs.append(z)
            activations.append(a)
            primes.append(prime)
        return Trace(zs, activations, primes)

    @no_overflow
    def cost(self, x: Any, y: Any, cost: str | Cost = "quadratic") -> float:
        """The cost C for input x and target y (the mean over the columns of a batch)."""
        x, y, c = self._check(x, y, cost)
        trace = self._forward(x)
        return float(np.mean(c.fn(trace.zs[-1], trace.output, y, self.output)))

    @no_overflow
    def backprop(self, x: Any, y: Any, cost: str | Cost = "quadratic") -> Gradients:
        """Gradients of C for a sample or a batch: BP1 at the output, BP2 down the layers, then
        BP3 and BP4 in every layer."""
        x, y, c = self._check(x, y, cost)
        trace = self._forward(x)
        zs, activations, primes = trace.zs, trace.activations, trace.primes
        deltas = [bp1(c, zs[-1], activations[-1], y, self.output)]  # BP1: delta^L
        for l in range(len(self.weights) - 1, 0, -1):  # l = L-1, ..., 1; weights[l] is w^{l+1}
            deltas.insert(0, bp2(self.weights[l], deltas[0], primes[l - 1]))  # BP2
        nabla_b = [bp3(delta) for delta in deltas]  # BP3
        nabla_w = [bp4(delta, a) for delta, a in zip(deltas, activations[:-1], strict=True)]  # BP4
        cost_value = float(np.mean(c.fn(zs[-1], activations[-1], y, self.output)))
        return Gradients(nabla_w, nabla_b, deltas, cost_value, trace)
