"""``diagnose_backprop``: each typical mistake, planted in an otherwise correct learner's backprop, gets its own
diagnosis; correct implementations written in different ways are accepted; a bad function is reported, never
raised. The planted versions are the correct sources of
``learner_backprops`` with one line changed (the change must apply)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from learner_backprops import BATCHED, EINSUM, LOOP, learner, sigmoid, sigmoid_prime

from bpkit.course.diagnose import diagnose_backprop

PLANTED = [  # (source, old line part, planted, words the diagnosis must contain)
    (BATCHED, "weights[l].T @ delta", "weights[l] @ delta", ["missing transpose in BP2"]),
    (LOOP, "weights[-l + 1].T @ delta", "weights[-l + 1] @ delta", ["missing transpose in BP2"]),
    (BATCHED, "d @ a_prev.T / m", "d @ a_prev / m", ["missing transpose in BP4"]),
    (BATCHED, "(weights[l].T @ delta) * sigmoid_prime(zs[l - 1])", "weights[l].T @ delta",
     ["missing sigma' in BP2"]),
    (LOOP, "(activations[-1] - y[:, k]) * sigmoid_prime(zs[-1])", "activations[-1] - y[:, k]",
     ["missing sigma' in BP1"]),
    (BATCHED, "(activations[-1] - y)", "(y - activations[-1])", ["flipped sign: the gradient"]),
    (BATCHED, "d @ a_prev.T / m", "-d @ a_prev.T / m", ["nabla_b is right", "flipped sign in BP4"]),
    (BATCHED, "d.sum(axis=1) / m", "-d.sum(axis=1) / m", ["nabla_w is right", "flipped sign in BP3"]),
    (BATCHED, "(activations[-1] - y) *", "2 * (activations[-1] - y) *", ["twice the right one"]),
    (BATCHED, "w @ a + b[:, None]", "w @ a", ["without the bias"]),
    (BATCHED, "d.sum(axis=1) / m", "d.sum(axis=0) / m", ["(`axis=1`), not over the neurons"]),
    (LOOP, "range(2, len(weights) + 1)", "range(2, len(weights))", ["nabla_w[0] (all zeros: never filled in?)"]),
    (LOOP, "[nw / m for nw in nabla_w], [nb / m for nb in nabla_b]", "nabla_w, nabla_b", ["sum where the mean"]),
    (BATCHED, "nabla_w, nabla_b\n", "[nw / m for nw in nabla_w], [nb / m for nb in nabla_b]\n", ["doubled 1/m"]),
    (EINSUM, "np.mean(delta, axis=1)", "np.sum(delta, axis=1)", ["nabla_w is right", "nabla_b: a sum where"]),
    (BATCHED, "w @ a + b[:, None]", "w @ a + b", ["broadcasting that hides a shape error", "b[:, None]"]),
    (LOOP, """            delta = (weights[-l + 1].T @ delta) * sigmoid_prime(zs[-l])
            nabla_b[-l] += delta
            nabla_w[-l] += np.outer(delta, activations[-l - 1])""",
     """            nabla_b[-l] += delta
            nabla_w[-l] += np.outer(delta, activations[-l - 1])
            delta = (weights[-l + 1].T @ delta) * sigmoid_prime(zs[-l])""",
     ["wrong layer", "delta^{l+1}"]),
    (LOOP, "activations[-l - 1])", "activations[-l])", ["wrong layer", "BP4 uses a^l"]),
    (BATCHED, "zip(deltas, activations)", "zip(deltas, activations[1:])", ["wrong layer", "a^{l-1}"]),
    (LOOP, "weights[-l + 1].T", "weights[-l].T", ["wrong layer", "BP2 uses w^l"]),
    (BATCHED, "sigmoid_prime(zs[l - 1])", "sigmoid_prime(zs[l])", ["wrong layer", "sigma'(z^{l+1})"]),
    (BATCHED, "sigmoid_prime(zs[-1])", "sigmoid_prime(activations[-1])", ["sigma' of the activation in BP1:"]),
    (LOOP, "sigmoid_prime(zs[-l])", "sigmoid_prime(activations[-l])", ["sigma' of the activation in BP2:"]),
    (EINSUM, "acts[l] * (1 - acts[l])", "sigmoid(acts[l]) * (1 - sigmoid(acts[l]))",
     ["sigma' of the activation in BP2:"]),
]


@pytest.mark.parametrize("source", [LOOP, BATCHED, EINSUM], ids=["loop", "batched", "einsum"])
def test_correct_implementations_written_differently_are_right(source: str) -> None:
    result = diagnose_backprop(learner(source))
    assert result.ok and result.answered and result.message.startswith("Right"), result.message
    assert diagnose_backprop(learner(source), seed=7).ok


@pytest.mark.parametrize(("source", "old", "new", "words"), PLANTED, ids=[p[3][-1] for p in PLANTED])
def test_each_planted_mistake_is_named(source: str, old: str, new: str, words: list[str]) -> None:
    result = diagnose_backprop(learner(source, old, new))
    assert not result.ok and result.answered
    assert result.message.startswith("Not yet: ")
    for word in words:
        assert word in result.message, result.message


def raises(weights, biases, x, y):
    a = x
    for w, b in zip(weights, biases, strict=True):
        a = sigmoid(w @ a + b[:, None])
    delta = (a - y) @ sigmoid_prime(a)  # a matrix product where an elementwise one is due
    return [delta], [delta]


def test_an_exception_is_reported_with_its_line() -> None:
    result = diagnose_backprop(raises)
    assert not result.ok
    assert "raised ValueError" in result.message, result.message
    assert "`delta = (a - y) @ sigmoid_prime(a)" in result.message, result.message


def test_an_exception_in_a_helper_of_the_learner_quotes_the_deepest_own_line() -> None:
    def helper(z):
        return z.not_an_attribute

    def fn(weights, biases, x, y):
        return helper(x)

    result = diagnose_backprop(fn)
    assert "raised AttributeError" in result.message and "`return z.not_an_attribute`" in result.message


def test_wrong_shapes_are_named() -> None:
    right = learner(BATCHED)

    def transposed(weights, biases, x, y):
        nabla_w, nabla_b = right(weights, biases, x, y)
        return [nw.T for nw in nabla_w], nabla_b

    def keepdims(weights, biases, x, y):
        nabla_w, nabla_b = right(weights, biases, x, y)
        return nabla_w, [nb[:, None] for nb in nabla_b]

    def one_list(weights, biases, x, y):
        return right(weights, biases, x, y)[0]

    message = diagnose_backprop(transposed).message
    assert "wrong shape returned" in message and "nabla_w[0] has shape (3, 5)" in message, message
    message = diagnose_backprop(keepdims).message
    assert "broadcasting that hides a shape error" in message and "(5, 1)" in message, message
    message = diagnose_backprop(one_list).message
    assert "wrong shape returned" in message and "3 things" in message, message
    assert "forget `return" in diagnose_backprop(lambda w, b, x, y: None).message
    for old, new, words in [("d.sum(axis=1) / m", "np.mean(d)", "BP3 keeps one entry per neuron"),
                            ("d.sum(axis=1) / m", "d / m", "`delta.mean(axis=1)`, without `keepdims=True`"),
                            ("d @ a_prev.T / m", "np.outer(d, a_prev) / m", "`np.outer` flattens its inputs"),
                            ("return nabla_w, nabla_b", "return nabla_w[::-1], nabla_b[::-1]", "Reverse the list"),
                            ("return nabla_w, nabla_b", "return nabla_b, nabla_w", "the pair in the wrong order")]:
        message = diagnose_backprop(learner(BATCHED, old, new)).message
        assert words in message, (new, message)
    unset = diagnose_backprop(lambda w, b, x, y: ([None] + [np.zeros_like(v) for v in w[1:]], b)).message
    assert "nabla_w[0] is None: it was never set" in unset, unset
    int_start = learner(LOOP.replace("[np.zeros(w.shape) for w in weights]", "[0 for w in weights]"),
                        "range(2, len(weights) + 1)", "range(2, len(weights))")
    assert "nabla_w[0] is 0.0: it was never set" in diagnose_backprop(int_start).message


def test_writing_into_the_inputs_is_reported() -> None:
    right = learner(BATCHED)

    def writes_weights(weights, biases, x, y):
        out = right(weights, biases, x, y)
        weights[0] -= 0.1 * out[0][0]  # a gradient step inside the gradient
        return out

    def writes_x(weights, biases, x, y):
        x *= 1.0 + 1e-3
        return right(weights, biases, x, y)

    message = diagnose_backprop(writes_weights).message
    assert "modified in place" in message and "`weights`" in message, message
    message = diagnose_backprop(writes_x).message
    assert "modified in place" in message and "`x`" in message, message


def test_bad_functions_are_reported_never_raised() -> None:
    assert diagnose_backprop(...).answered is False
    assert "the answer is a function (def ...), passed by its name without (), got ndarray" in diagnose_backprop(
        np.zeros(3)).message
    assert "not a list of arrays" in diagnose_backprop(lambda w, b, x, y: (["a"], ["b"])).message

    def loops(weights, biases, x, y):
        while True:
            pass

    start = time.perf_counter()
    result = diagnose_backprop(loops, seconds=0.3)
    assert not result.ok and "took too long" in result.message
    assert time.perf_counter() - start < 3


def test_an_unrelated_wrong_answer_is_not_given_a_false_name() -> None:
    right = learner(BATCHED)

    def last_layer_off(weights, biases, x, y):
        nabla_w, nabla_b = right(weights, biases, x, y)
        return nabla_w[:-1] + [1.5 * nabla_w[-1]], nabla_b

    message = diagnose_backprop(last_layer_off).message
    assert message == message.replace("missing", "").replace("flipped", "") and "nabla_b is right" in message
    assert "nabla_w[2] differ from the gradient" in message and "no typical way" in message, message


def test_finite_differences_are_close_but_not_backprop() -> None:
    """Central differences agree with backprop to about 1e-9, not to rounding: told so, not "right"."""
    def cost(weights, biases, x, y):
        a = x
        for w, b in zip(weights, biases, strict=True):
            a = sigmoid(w @ a + b[:, None])
        return np.sum((a - y) ** 2) / (2 * x.shape[1])

    def central(weights, biases, x, y, h=1e-5):
        params, grads = weights + biases, []
        for i, p in enumerate(params):
            g = np.zeros_like(p)
            for j in np.ndindex(p.shape):
                up, down = [q.copy() for q in params], [q.copy() for q in params]
                up[i][j] += h
                down[i][j] -= h
                L = len(weights)
                g[j] = (cost(up[:L], up[L:], x, y) - cost(down[:L], down[L:], x, y)) / (2 * h)
            grads.append(g)
        return grads[:len(weights)], grads[len(weights):]

    message = diagnose_backprop(central).message
    assert message.startswith("Not yet: close to the gradient, not to rounding: finite differences"), message
    assert "1e-12 relative" in diagnose_backprop(learner(BATCHED)).message
