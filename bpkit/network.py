"""A fully connected network in Nielsen's layout, with backprop written as BP1-BP4.

Layer l = 1..L has weights w^l of shape (n_l, n_{l-1}) (``w[j, k]`` is w^l_jk, from neuron k of layer l-1 to
neuron j of layer l) and optional biases b^l (n_l,). A sample is a vector (n_0,); a minibatch a matrix
(n_0, m) of columns. z^l = w^l a^{l-1} + b^l, a^l = sigma(z^l), C = 1/2 ||y - a^L||^2 (or cross-entropy).
Input is checked once, where it enters; the steps bp1..bp4 trust what they are given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import as_finite_array
from .activations import Activation, get_activation
from .losses import Cost, cost_named

Array = np.ndarray


@dataclass(frozen=True)
class Trace:
    """What the forward pass keeps for the backward pass: ``zs[l-1]`` is z^l, ``activations[l]`` is a^l
    (``activations[0]`` is a read-only view of the input x), ``primes[l-1]`` is sigma'(z^l) (None for softmax)."""

    zs: list[Array]
    activations: list[Array]
    primes: list[Array | None] | None = None
    output = property(lambda self: self.activations[-1], doc="The network's output a^L.")


@dataclass(frozen=True)
class Gradients:
    """Backprop's result: ``nabla_w[l-1]`` = dC/dw^l, ``nabla_b[l-1]`` = dC/db^l, ``deltas[l-1]`` = delta^l. For a
    minibatch, ``nabla_w``, ``nabla_b`` and ``cost`` are means over the batch; ``deltas`` keep one column per sample.
    ``nabla_b`` is given for a network without biases too (dC/db at b = 0, by BP3)."""

    nabla_w: list[Array]
    nabla_b: list[Array]
    deltas: list[Array]
    cost: float
    trace: Trace


def bp1(cost: Cost, z_L: Array, a_L: Array, y: Array, output: Activation, prime: Array | None = None) -> Array:
    """BP1: delta^L = grad_a C (.) sigma'(z^L), in the cost's form (a^L - y for cross-entropy); prime: sigma'(z^L)."""
    return cost.delta(z_L, a_L, y, output, prime)


def bp2(w_next: Array, delta_next: Array, sigma_prime_z: Array) -> Array:
    """BP2: delta^l = ((w^{l+1})^T delta^{l+1}) (.) sigma'(z^l)."""
    return (w_next.T @ delta_next) * sigma_prime_z


def bp3(delta: Array) -> Array:
    """BP3: dC/db^l_j = delta^l_j (averaged over the columns of a minibatch)."""
    return delta.copy() if delta.ndim == 1 else delta.mean(axis=1)


def bp4(delta: Array, a_prev: Array) -> Array:
    """BP4: dC/dw^l_jk = a^{l-1}_k delta^l_j, i.e. delta^l (a^{l-1})^T (averaged over a minibatch)."""
    if delta.size == len(delta):  # shape (n,) or (n, 1): np.outer, much faster than matmul with inner size 1
        return np.outer(delta, a_prev)
    m = delta.shape[1]  # divide by m the smaller of delta (n_l, m) and the product (n_l, n_{l-1})
    return (delta / m) @ a_prev.T if m < len(a_prev) else delta @ a_prev.T / m


def _finite(a: Array, *factors: Array) -> bool:
    """True if no entry of a is inf or NaN: one sum of squares, then entry by entry only if that sum overflows. For
    a = BP4(delta, a_prev), if delta and a_prev are smaller, a_jk^2 <= ||delta||^2 ||a_prev||^2 (Cauchy-Schwarz)."""
    bound = math.prod(float(np.vdot(f, f)) for f in factors) if 0 < sum(f.size for f in factors) < a.size else math.inf
    return math.isfinite(bound) or math.isfinite(np.vdot(a, a)) or bool(np.isfinite(a).all())


def _layers(arrays: Any, what: str) -> Sequence[Any]:
    if isinstance(arrays, (np.ndarray, str)) or not isinstance(arrays, Sequence) or len(arrays) == 0:
        raise TypeError(f"{what} must be a non-empty list of arrays, one per layer, got {type(arrays).__name__}")
    return arrays


class Network:
    """A fully connected feed-forward network; weights in Nielsen's layout, biases optional."""

    def __init__(self, weights: Sequence[Any], biases: Sequence[Any] | None = None,
                 activation: str = "sigmoid", output_activation: str | None = None) -> None:
        """Check and copy the parameters: ``weights[l-1]`` is w^l of shape (n_l, n_{l-1}), ``biases[l-1]`` b^l."""
        self.hidden = get_activation(activation)
        self.output = get_activation(activation if output_activation is None else output_activation, output=True)
        self.weights: list[Array] = []
        for l, w in enumerate(_layers(weights, "weights"), start=1):
            w = as_finite_array(w, f"weights[{l - 1}] (w^{l})", copy=True, ndims=(2,))
            if self.weights and w.shape[1] != (n := self.weights[-1].shape[0]):
                raise ValueError(f"w^{l} has shape {w.shape}, but layer {l - 1} has {n} neurons: "
                                 f"expected shape ({w.shape[0]}, {n})")
            self.weights.append(w)
        self.biases: list[Array] | None = None
        if biases is not None:
            if len(_layers(biases, "biases")) != len(self.weights):
                raise ValueError(f"expected {len(self.weights)} bias vectors, got {len(biases)}")
            self.biases = [as_finite_array(b, f"biases[{l}] (b^{l + 1})", copy=True) for l, b in enumerate(biases)]
            for l, (b, w) in enumerate(zip(self.biases, self.weights, strict=True), start=1):
                if b.shape != (w.shape[0],):
                    raise ValueError(f"b^{l} must have shape ({w.shape[0]},), got {b.shape}")

    @classmethod
    def random(cls, sizes: Sequence[int], seed: int = 0, biases: bool = True, activation: str = "sigmoid",
               output_activation: str | None = None) -> Network:
        """A network with standard-normal weights (and biases) from a seeded generator; sizes [n_0, ..., n_L]."""
        if (isinstance(sizes, (str, np.ndarray)) or not isinstance(sizes, Sequence) or len(sizes) < 2
                or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in sizes)):
            raise ValueError(f"sizes must be a list of at least two positive integers, got {sizes!r}")
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
            raise TypeError(f"seed must be a non-negative integer, got {seed!r}")
        if not isinstance(biases, (bool, np.bool_)):
            raise TypeError(f"biases must be True or False, got {biases!r}")
        rng = np.random.default_rng(int(seed))
        ws = [rng.standard_normal((n, k)) for k, n in zip(sizes[:-1], sizes[1:], strict=True)]
        bs = [rng.standard_normal(n) for n in sizes[1:]] if biases else None
        return cls(ws, bs, activation=activation, output_activation=output_activation)

    activation = property(lambda self: self.hidden.name, doc="Name of the hidden layers' activation.")
    output_activation = property(lambda self: self.output.name, doc="Name of the output layer's activation.")
    sizes = property(lambda self: [self.weights[0].shape[1]] + [len(w) for w in self.weights],
                     doc="Neurons per layer, [n_0, n_1, ..., n_L].")

    def __repr__(self) -> str:
        bias = "biases" if self.biases is not None else "no biases"
        return f"Network(sizes={self.sizes}, {self.activation}/{self.output_activation}, {bias})"

    def replace(self, weights: Sequence[Any] | None = None, biases: Sequence[Any] | None = None) -> Network:
        """A copy of this network with new weights and/or biases (the old ones where not given)."""
        return Network(self.weights if weights is None else weights, self.biases if biases is None else biases,
                       activation=self.activation, output_activation=self.output_activation)

    def _check(self, x: Any, y: Any = None, cost: Cost | None = None) -> tuple[Array, Array]:
        x = as_finite_array(x, "x", finite=False, ndims=(1, 2)).view()  # NaN and inf in x show up in z^1
        x.flags.writeable = False  # the trace's a^0: a read-only view of x, not a copy (a copy costs a pass over x)
        if x.shape[0] != (n_0 := self.weights[0].shape[1]):  # n_0 and n_L without building the list self.sizes
            raise ValueError(f"x must have shape ({n_0},) or ({n_0}, m) for this network, got {x.shape}")
        if cost is None:
            return x, x
        y = as_finite_array(y, "y")
        if y.shape != (want := (len(self.weights[-1]),) + x.shape[1:]):
            raise ValueError(f"y must have shape {want} to match x of shape {x.shape}, got {y.shape}")
        cost.check_target(y, self.output)
        return x, y

    def forward(self, x: Any) -> Trace:
        """Forward pass for a sample (n_0,) or a batch (n_0, m): z^l = w^l a^{l-1} + b^l, a^l = sigma(z^l)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self._forward(self._check(x)[0])

    def _forward(self, a: Array) -> Trace:
        zs, activations, primes = [], [a], []
        for l, w in enumerate(self.weights):
            z = w @ a
            if self.biases is not None:
                z += self.biases[l] if z.ndim == 1 else self.biases[l][:, None]
            if not _finite(z):
                as_finite_array(activations[0], "x")  # says "x must be finite" if that is the cause
                raise ValueError(f"z^{l + 1} overflowed float64 (max |w^{l + 1}| {np.max(np.abs(w)):.3g}, max |a^{l}| "
                                 f"{np.max(np.abs(a)):.3g}); expected smaller weights or inputs")
            a, prime = (self.output if l == len(self.weights) - 1 else self.hidden).forward(z)
            zs.append(z)
            activations.append(a)
            primes.append(prime)
        return Trace(zs, activations, primes)

    def cost(self, x: Any, y: Any, cost: str | Cost = "quadratic") -> float:
        """The cost C of the output for input x and target y (mean over the columns of a batch)."""
        x, y = self._check(x, y, c := cost_named(cost))
        with np.errstate(over="ignore", invalid="ignore"):
            return self._cost(c, self._forward(x), y)

    def _cost(self, c: Cost, trace: Trace, y: Array) -> float:
        value = c.mean(trace.zs[-1], trace.output, y, self.output)
        if not math.isfinite(value):
            raise ValueError(f"the {c.name} cost overflowed float64; expected targets y of moderate size "
                             f"(largest |y| is {np.max(np.abs(y)):.3g})")
        return value

    def backprop(self, x: Any, y: Any, cost: str | Cost = "quadratic") -> Gradients:
        """Gradients of C for a sample or a batch: BP1 at the output, BP2 down the layers, then BP3 and BP4."""
        x, y = self._check(x, y, c := cost_named(cost))
        with np.errstate(over="ignore", invalid="ignore"):
            trace = self._forward(x)
            value = self._cost(c, trace, y)
            deltas = [bp1(c, trace.zs[-1], trace.output, y, self.output, trace.primes[-1])]  # BP1
            for l in range(len(self.weights) - 1, 0, -1):
                deltas.insert(0, bp2(self.weights[l], deltas[0], trace.primes[l - 1]))  # BP2
            nabla_b = [bp3(d) for d in deltas]  # BP3
            nabla_w = [bp4(d, a) for d, a in zip(deltas, trace.activations[:-1], strict=True)]  # BP4
            if not (all(map(_finite, nabla_w, deltas, trace.activations[:-1])) and all(map(_finite, nabla_b))):
                raise ValueError("the gradient overflowed float64; expected weights small enough that "
                                 "(w^{l+1})^T delta^{l+1} stays finite")
        return Gradients(nabla_w, nabla_b, deltas, value, trace)
