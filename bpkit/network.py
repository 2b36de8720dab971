"""A fully connected network in Nielsen's layout, with backprop written as BP1-BP4.

Layer l = 1..L has weights w^l of shape (n_l, n_{l-1}) (so ``w[j, k]`` is w^l_jk, from neuron k of
layer l-1 to neuron j of layer l) and optional biases b^l of shape (n_l,). A sample is a vector of
shape (n_0,); a minibatch is a matrix of shape (n_0, m) whose columns are samples.

    z^l = w^l a^{l-1} + b^l,   a^l = sigma(z^l),   C = 1/2 ||y - a^L||^2   (or cross-entropy)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import losses
from ._checks import as_finite_array, check_ndim
from .activations import ACTIVATIONS, check_activation, softmax, softmax_vjp


@dataclass(frozen=True)
class Trace:
    """What the forward pass keeps for the backward pass: ``zs[l-1]`` is z^l, ``activations[l]`` is a^l.

    ``activations[0]`` is the input x, so ``activations`` has L + 1 entries and ``zs`` has L.
    """

    zs: list[np.ndarray]
    activations: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        """The network's output a^L."""
        return self.activations[-1]


@dataclass(frozen=True)
class Gradients:
    """The result of backprop: ``nabla_w[l-1]`` = dC/dw^l, ``nabla_b[l-1]`` = dC/db^l, ``deltas[l-1]`` = delta^l.

    For a minibatch, ``nabla_w`` and ``nabla_b`` are means over the batch, while ``deltas`` keep one
    column per sample (delta^{x,l} = dC_x/dz^l). ``nabla_b`` is given even for a network without
    biases: it is the gradient with respect to a bias held at zero (BP3).
    """

    nabla_w: list[np.ndarray]
    nabla_b: list[np.ndarray]
    deltas: list[np.ndarray]
    cost: float
    trace: Trace


def _activate(z: np.ndarray, name: str) -> np.ndarray:
    if name == "softmax":
        return softmax(z, axis=0)
    return ACTIVATIONS[name][0](z)


def bp1(grad_a: np.ndarray, z_L: np.ndarray, activation: str) -> np.ndarray:
    """BP1: delta^L = grad_a C (.) sigma'(z^L); for softmax, the vector-Jacobian product J^T grad_a C."""
    if activation == "softmax":
        return softmax_vjp(z_L, grad_a, axis=0)
    return grad_a * ACTIVATIONS[activation][1](z_L)


def bp2(w_next: np.ndarray, delta_next: np.ndarray, z: np.ndarray, activation: str) -> np.ndarray:
    """BP2: delta^l = ((w^{l+1})^T delta^{l+1}) (.) sigma'(z^l)."""
    return (w_next.T @ delta_next) * ACTIVATIONS[activation][1](z)


def bp3(delta: np.ndarray) -> np.ndarray:
    """BP3: dC/db^l_j = delta^l_j (averaged over the columns of a minibatch)."""
    return delta if delta.ndim == 1 else delta.mean(axis=1)


def bp4(delta: np.ndarray, a_prev: np.ndarray) -> np.ndarray:
    """BP4: dC/dw^l_jk = a^{l-1}_k delta^l_j, i.e. delta^l (a^{l-1})^T (averaged over a minibatch)."""
    if delta.ndim == 1:
        return np.outer(delta, a_prev)
    return delta @ a_prev.T / delta.shape[1]


class Network:
    """A fully connected feed-forward network; weights in Nielsen's layout, biases optional."""

    def __init__(
        self,
        weights: Sequence[Any],
        biases: Sequence[Any] | None = None,
        activation: str = "sigmoid",
        output_activation: str | None = None,
    ) -> None:
        """Check and copy the parameters: ``weights[l-1]`` is w^l of shape (n_l, n_{l-1})."""
        self.activation = check_activation(activation)
        out = activation if output_activation is None else output_activation
        self.output_activation = check_activation(out, output=True)
        if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or not weights:
            raise TypeError("weights must be a non-empty list of 2-D arrays, one per layer")
        self.weights = []
        for l, w in enumerate(weights, start=1):
            w = as_finite_array(w, f"weights[{l - 1}] (w^{l})")
            check_ndim(w, f"weights[{l - 1}] (w^{l})", (2,))
            if self.weights and w.shape[1] != self.weights[-1].shape[0]:
                raise ValueError(
                    f"w^{l} has shape {w.shape}, but layer {l - 1} has {self.weights[-1].shape[0]} "
                    f"neurons: expected shape ({w.shape[0]}, {self.weights[-1].shape[0]})"
                )
            self.weights.append(w.copy())
        self.biases: list[np.ndarray] | None = None
        if biases is not None:
            if isinstance(biases, np.ndarray) or not isinstance(biases, Sequence):
                raise TypeError("biases must be None or a list of 1-D arrays, one per layer")
            if len(biases) != len(self.weights):
                raise ValueError(f"expected {len(self.weights)} bias vectors, got {len(biases)}")
            self.biases = []
            for l, (b, w) in enumerate(zip(biases, self.weights, strict=True), start=1):
                b = as_finite_array(b, f"biases[{l - 1}] (b^{l})")
                if b.shape != (w.shape[0],):
                    raise ValueError(f"b^{l} must have shape ({w.shape[0]},), got {b.shape}")
                self.biases.append(b.copy())

    @classmethod
    def random(
        cls,
        sizes: Sequence[int],
        seed: int = 0,
        biases: bool = True,
        activation: str = "sigmoid",
        output_activation: str | None = None,
    ) -> Network:
        """A network with standard-normal weights (and biases), from a seeded generator."""
        if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n >= 1 for n in sizes):
            raise ValueError(f"sizes must be at least two positive integers, got {list(sizes)}")
        rng = np.random.default_rng(seed)
        ws = [rng.standard_normal((n, k)) for k, n in zip(sizes[:-1], sizes[1:], strict=True)]
        bs = [rng.standard_normal(n) for n in sizes[1:]] if biases else None
        return cls(ws, bs, activation=activation, output_activation=output_activation)

    @property
    def sizes(self) -> list[int]:
        """Neurons per layer, [n_0, n_1, ..., n_L]."""
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    def __repr__(self) -> str:
        bias = "biases" if self.biases is not None else "no biases"
        return f"Network(sizes={self.sizes}, {self.activation}/{self.output_activation}, {bias})"

    def replace(self, weights: Sequence[Any] | None = None, biases: Sequence[Any] | None = None) -> Network:
        """A copy of this network with new weights and/or biases (the old ones where not given)."""
        return Network(
            self.weights if weights is None else weights,
            self.biases if biases is None else biases,
            activation=self.activation,
            output_activation=self.output_activation,
        )

    def _check_x(self, x: Any) -> np.ndarray:
        x = as_finite_array(x, "x")
        check_ndim(x, "x", (1, 2))
        if x.shape[0] != self.sizes[0]:
            want = f"({self.sizes[0]},) or ({self.sizes[0]}, m)"
            raise ValueError(f"x must have shape {want} for this network, got {x.shape}")
        return x

    def _check_y(self, y: Any, x: np.ndarray) -> np.ndarray:
        y = as_finite_array(y, "y")
        want = (self.sizes[-1],) + x.shape[1:]
        if y.shape != want:
            raise ValueError(f"y must have shape {want} to match x of shape {x.shape}, got {y.shape}")
        return y

    def forward(self, x: Any) -> Trace:
        """Forward pass for a sample (n_0,) or a batch (n_0, m): z^l = w^l a^{l-1} + b^l, a^l = sigma(z^l)."""
        a = self._check_x(x)
        zs, activations = [], [a]
        for l, w in enumerate(self.weights):
            z = w @ a
            if self.biases is not None:
                z = z + (self.biases[l] if z.ndim == 1 else self.biases[l][:, None])
            last = l == len(self.weights) - 1
            a = _activate(z, self.output_activation if last else self.activation)
            zs.append(z)
            activations.append(a)
        return Trace(zs, activations)

    def feedforward(self, x: Any) -> np.ndarray:
        """The output a^L for a sample or a batch."""
        return self.forward(x).output

    def cost(self, x: Any, y: Any, cost: str = "quadratic") -> float:
        """The cost C of the output for input x and target y (mean over a batch)."""
        x = self._check_x(x)
        return _cost_value(cost, self.output_activation, self.forward(x).output, self._check_y(y, x))

    def backprop(self, x: Any, y: Any, cost: str = "quadratic") -> Gradients:
        """Gradients of C for a sample or a batch, by BP1 (output), BP2 (down the layers), BP3 and BP4."""
        x = self._check_x(x)
        y = self._check_y(y, x)
        trace = self.forward(x)
        a_L, z_L = trace.output, trace.zs[-1]
        if cost == "cross_entropy":
            # With sigmoid or softmax outputs, BP1 collapses to a^L - y (see the softmax notebook).
            delta = a_L - y
        else:
            delta = bp1(losses.quadratic_grad(a_L, y), z_L, self.output_activation)
        value = _cost_value(cost, self.output_activation, a_L, y)
        deltas = [delta]
        for l in range(len(self.weights) - 1, 0, -1):
            delta = bp2(self.weights[l], delta, trace.zs[l - 1], self.activation)
            deltas.insert(0, delta)
        nabla_b = [bp3(d) for d in deltas]
        nabla_w = [bp4(d, a) for d, a in zip(deltas, trace.activations[:-1], strict=True)]
        return Gradients(nabla_w, nabla_b, deltas, value, trace)


def _cost_value(cost: str, output_activation: str, a: np.ndarray, y: np.ndarray) -> float:
    if cost == "quadratic":
        return losses.quadratic(a, y)
    if cost == "cross_entropy":
        if output_activation == "softmax":
            return losses.cross_entropy(a, y)
        if output_activation == "sigmoid":
            return losses.binary_cross_entropy(a, y)
        raise ValueError(
            f"cross_entropy needs a sigmoid or softmax output layer, got {output_activation!r}"
        )
    raise ValueError(f"unknown cost {cost!r}; expected one of {losses.COSTS}")
