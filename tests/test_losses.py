"""Costs: values, gradients against finite differences, finiteness at outputs 0 and 1."""

import numpy as np
import pytest

import bpkit

rng = np.random.default_rng(2)


def test_quadratic_value_and_gradient():
    a, y = rng.random(4), rng.random(4)
    assert bpkit.quadratic(a, y) == pytest.approx(0.5 * np.sum((y - a) ** 2))
    num = bpkit.numerical_gradient(lambda v: bpkit.quadratic(v, y), a)
    assert bpkit.relative_error(bpkit.quadratic_grad(a, y), num) < 1e-8


def test_batch_cost_is_the_mean_of_sample_costs():
    a, y = rng.random((3, 5)), rng.random((3, 5))
    per = [bpkit.quadratic(a[:, i], y[:, i]) for i in range(5)]
    assert bpkit.quadratic(a, y) == pytest.approx(np.mean(per))


@pytest.mark.parametrize("cost, grad", [
    (bpkit.cross_entropy, bpkit.cross_entropy_grad),
    (bpkit.binary_cross_entropy, bpkit.binary_cross_entropy_grad),
])
def test_cross_entropy_gradients(cost, grad):
    a = rng.uniform(0.1, 0.9, 3)
    y = np.array([0.2, 0.5, 0.3])
    num = bpkit.numerical_gradient(lambda v: cost(v, y), a)
    assert bpkit.relative_error(grad(a, y), num) < 1e-7


def test_cross_entropy_is_finite_at_outputs_zero_and_one():
    a = np.array([0.0, 1.0])
    for y in (np.array([1.0, 0.0]), np.array([0.0, 1.0])):
        for f in (bpkit.cross_entropy, bpkit.binary_cross_entropy):
            assert np.isfinite(f(a, y))
        for g in (bpkit.cross_entropy_grad, bpkit.binary_cross_entropy_grad):
            assert np.all(np.isfinite(g(a, y)))
    assert bpkit.binary_cross_entropy(np.array([1.0]), np.array([1.0])) < 1e-12
