"""The exercises of 12_autodiff, by routes independent of their checkers: the softplus backward is the derivative
that finite differences measure; one backward pass seeded with ones gives the gradient of the sum of the outputs; adding
the contributions where branches meet gives the derivative of x * x, assigning them does not."""

import numpy as np
import pytest

from bpkit import numerical_gradient
from bpkit.course.exercises import EXERCISES, check
from bpkit.course.exercises.autodiff import K_OUTPUTS, N_INPUTS


@pytest.mark.parametrize("shape", [(5,), (3, 4)])
def test_the_softplus_backward_is_the_measured_derivative(shape):
    rng = np.random.default_rng(21)
    z, dout = rng.normal(scale=2.0, size=shape), rng.normal(size=shape)
    measured = numerical_gradient(lambda z_: float(np.sum(dout * np.log1p(np.exp(z_)))), z)  # C = <dout, softplus>
    got = EXERCISES["autodiff.softplus_backward"].solution()(dout, z)
    np.testing.assert_allclose(got, measured, rtol=1e-7, atol=1e-10)
    assert check("autodiff.softplus_backward", lambda d, z_: d * np.exp(z_) / (1 + np.exp(z_))).ok


def test_one_backward_pass_seeded_with_ones_gives_the_gradient_of_the_sum():
    rng = np.random.default_rng(12)
    n, k = 7, 3  # the exercise's n = 784, k = 10, scaled down: the count is 1 whatever n and k are
    w, x = rng.normal(size=(k, n)), rng.normal(size=n)

    def backward(seed):                                                  # one reverse pass of y = tanh(w x): J^T seed
        return w.T @ ((1 - np.tanh(w @ x) ** 2) * seed)

    rows = np.array([backward(e) for e in np.eye(k)])                    # k passes, one-hot seeds: the Jacobian
    fd = np.array([numerical_gradient(lambda x_, j=j: float(np.tanh(w @ x_)[j]), x) for j in range(k)])
    np.testing.assert_allclose(rows, fd, rtol=1e-7, atol=1e-10)
    of_sum = numerical_gradient(lambda x_: float(np.sum(np.tanh(w @ x_))), x)
    np.testing.assert_allclose(backward(np.ones(k)), of_sum, rtol=1e-7, atol=1e-10)  # one pass, seeded with ones
    np.testing.assert_allclose(backward(np.ones(k)), rows.sum(axis=0), rtol=1e-12)
    ex = EXERCISES["autodiff.reverse_passes"]
    assert ex.solution() == 1 and f"$n = {N_INPUTS}$" in ex.statement and f"$k = {K_OUTPUTS}$" in ex.statement
    assert check("autodiff.reverse_passes", 1).ok
    assert "more than needed" in check("autodiff.reverse_passes", K_OUTPUTS).message
    assert "forward mode" in check("autodiff.reverse_passes", N_INPUTS).message
    assert "backward passes only" in check("autodiff.reverse_passes", 2).message


def test_branches_add_where_they_meet():
    x = 3.0
    parents, local, upstream = ("x", "x"), (x, x), 1.0                   # f = x * x: x is both parents
    added, assigned = 0.0, 0.0
    for _, d in zip(parents, local, strict=True):
        added += d * upstream
        assigned = d * upstream
    slope = numerical_gradient(lambda v: float(v[0] * v[0]), np.array([x]))[0]
    assert added == pytest.approx(slope, rel=1e-9) and assigned == pytest.approx(slope / 2, rel=1e-9)
    ex = EXERCISES["autodiff.why_add"]
    assert ex.solution() == "a" and set(ex.hints) == set(ex.options) - {"a"}
