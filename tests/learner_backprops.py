"""Correct backprops in the learner's layout, written three ways as a learner would (a per-sample loop, batched,
with np.einsum), as source text: ``learner`` compiles one, optionally with one line changed (a planted mistake), so
that an exception can quote the learner's line. Shared by the diagnosis' tests and the exercise-form tests."""

from __future__ import annotations

import linecache

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


# Nielsen's network.py, one sample at a time: sums the per-sample gradients, then divides by m.
LOOP = '''
def backprop(weights, biases, x, y):
    nabla_w = [np.zeros(w.shape) for w in weights]
    nabla_b = [np.zeros(b.shape) for b in biases]
    m = x.shape[1]
    for k in range(m):
        activation = x[:, k]
        activations, zs = [activation], []
        for w, b in zip(weights, biases):
            z = w @ activation + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y[:, k]) * sigmoid_prime(zs[-1])
        nabla_b[-1] += delta
        nabla_w[-1] += np.outer(delta, activations[-2])
        for l in range(2, len(weights) + 1):
            delta = (weights[-l + 1].T @ delta) * sigmoid_prime(zs[-l])
            nabla_b[-l] += delta
            nabla_w[-l] += np.outer(delta, activations[-l - 1])
    return [nw / m for nw in nabla_w], [nb / m for nb in nabla_b]
'''

# The whole minibatch at once, one column per sample.
BATCHED = '''
def backprop(weights, biases, x, y):
    m = x.shape[1]
    a, activations, zs = x, [x], []
    for w, b in zip(weights, biases):
        z = w @ a + b[:, None]
        a = sigmoid(z)
        zs.append(z)
        activations.append(a)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    deltas = [delta]
    for l in range(len(weights) - 1, 0, -1):
        delta = (weights[l].T @ delta) * sigmoid_prime(zs[l - 1])
        deltas.insert(0, delta)
    nabla_b = [d.sum(axis=1) / m for d in deltas]
    nabla_w = [d @ a_prev.T / m for d, a_prev in zip(deltas, activations)]
    return nabla_w, nabla_b
'''

# With np.einsum and a mean: the same sums, spelled with indices.
EINSUM = '''
def backprop(weights, biases, x, y):
    acts, zs = [x], []
    for w, b in zip(weights, biases):
        zs.append(np.einsum("jk,km->jm", w, acts[-1]) + b[:, np.newaxis])
        acts.append(sigmoid(zs[-1]))
    delta = (acts[-1] - y) * acts[-1] * (1 - acts[-1])
    nabla_w, nabla_b = [], []
    for l in range(len(weights) - 1, -1, -1):
        nabla_w.insert(0, np.einsum("jm,km->jk", delta, acts[l]) / x.shape[1])
        nabla_b.insert(0, np.mean(delta, axis=1))
        if l > 0:
            delta = np.einsum("jk,jm->km", weights[l], delta) * acts[l] * (1 - acts[l])
    return nabla_w, nabla_b
'''

_compiled = 0


def learner(source: str, old: str = "", new: str = ""):
    """Compile a learner's function (replacing ``old`` by ``new`` exactly once), with its lines known to
    ``linecache`` as a notebook cell's are, so an exception can quote them."""
    global _compiled
    if old:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    _compiled += 1
    name = f"<learner-cell-{_compiled}>"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    namespace = {"np": np, "sigmoid": sigmoid, "sigmoid_prime": sigmoid_prime}
    exec(compile(source, name, "exec"), namespace)
    return namespace["backprop"]
