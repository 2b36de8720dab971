"""Costs: exact values from the weighted input, BP1 in each cost's form against the textbook product,
and the targets each cost accepts."""

from math import log1p

import mpmath
import numpy as np
import pytest

import bpkit
from bpkit.activations import ACTIVATIONS
from bpkit.losses import log_softmax, softplus

SIG, SOFT = ACTIVATIONS["sigmoid"], ACTIVATIONS["softmax"]
Q, CE = bpkit.COSTS["quadratic"], bpkit.COSTS["cross_entropy"]


def test_softplus_and_log_softmax_against_their_definitions_where_those_are_safe():
    t = np.linspace(-30, 30, 61)
    assert np.allclose(softplus(t), np.log1p(np.exp(t)), rtol=1e-14, atol=0)
    assert softplus(np.array([1000.0]))[0] == 1000.0 and softplus(np.array([-1000.0]))[0] == 0.0
    z = np.array([[0.3, 5.0], [-1.2, -3.0], [2.0, 0.0]])
    assert np.allclose(log_softmax(z), np.log(np.exp(z) / np.exp(z).sum(axis=0)), rtol=1e-14)


@pytest.mark.parametrize("shape", [(3,), (3, 1), (3, 5)])
def test_the_batch_cost_is_the_mean_of_the_sample_costs(shape):
    """fn per sample against sums written out; the network's cost of a batch is the mean of fn."""
    rng = np.random.default_rng(4)
    z, y = rng.standard_normal(shape), rng.random(shape)
    z2, y2 = z.reshape(3, -1), y.reshape(3, -1)  # columns are samples
    for cost, out in ((Q, SIG), (CE, SIG), (Q, SOFT), (CE, SOFT)):
        if cost is CE and out is SOFT:
            y2 = y2 / y2.sum(axis=0)  # a distribution per sample
            y = y2.reshape(shape)
        a, a2 = out.fn(z), out.fn(z2)
        per_sample = [float(np.sum(cost.fn(z2[:, i], a2[:, i], y2[:, i], out))) for i in range(z2.shape[1])]
        if cost is Q:
            assert per_sample == pytest.approx([0.5 * sum((a2[j, i] - y2[j, i]) ** 2 for j in range(3))
                                                for i in range(z2.shape[1])], rel=1e-14)
        assert np.mean(cost.fn(z, a, y, out)) == pytest.approx(sum(per_sample) / len(per_sample), rel=1e-14)


@pytest.mark.parametrize("z, y", [(-50.0, 1.0), (50.0, 0.0), (-700.0, 1.0), (36.0, 0.0), (-3.0, 0.25)])
def test_sigmoid_cross_entropy_is_exact_where_the_output_rounds_to_0_or_1(z, y):
    """-[y ln s + (1-y) ln(1-s)] at s = sigma(z), against mpmath at 50 digits: no clipping, no 34.54."""
    mpmath.mp.dps = 50
    s = 1 / (1 + mpmath.exp(-z))
    exact = float(-(y * mpmath.log(s) + (1 - y) * mpmath.log(1 - s)))
    net = bpkit.Network([np.array([[z]])], output_activation="sigmoid")
    assert net.cost([1.0], [y], "cross_entropy") == pytest.approx(exact, rel=1e-14)


def test_softmax_cross_entropy_is_exact_for_far_apart_logits():
    z = np.array([[-800.0], [0.0], [800.0]])
    y = np.array([[1.0], [0.0], [0.0]])
    assert CE.fn(z, bpkit.softmax(z), y, SOFT)[0] == 1600.0  # -ln s_1 = 1600 exactly; clipping gave 34.5


@pytest.mark.parametrize("output", ["sigmoid", "tanh", "relu", "softmax"])
def test_quadratic_delta_is_grad_a_times_sigma_prime(output):
    """BP1 written two ways: the cost's delta, and grad_a C pushed through the Jacobian (a different formula)."""
    rng = np.random.default_rng(4)
    z, y = rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))
    act = ACTIVATIONS[output]
    a = act.fn(z)
    expected = np.stack([bpkit.softmax_jacobian(z[:, c]).T @ (a[:, c] - y[:, c]) for c in range(4)], axis=1) \
        if output == "softmax" else (a - y) * np.vectorize(lambda t: float(mpmath.diff(
            lambda u: {"sigmoid": 1 / (1 + mpmath.exp(-u)), "tanh": mpmath.tanh(u),
                       "relu": max(u, 0)}[output], t)))(z)
    assert np.allclose(Q.delta(z, a, y, act), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_cross_entropy_delta_is_grad_a_times_jacobian_away_from_saturation(output):
    rng = np.random.default_rng(5)
    z = rng.standard_normal((3, 4))
    y = bpkit.softmax(rng.standard_normal((3, 4))) if output == "softmax" else rng.uniform(0, 1, (3, 4))
    act = ACTIVATIONS[output]
    a = act.fn(z)
    g = CE.grad_a(a, y, act)
    via_jacobian = act.vjp(z, g)
    assert np.allclose(CE.delta(z, a, y, act), via_jacobian, rtol=1e-12, atol=1e-15)


def test_cross_entropy_delta_is_the_gradient_of_its_own_cost_at_saturation():
    """At z = -50, target 1: the cost is 50 + ln(1 + e^-50) and its slope -1 (bpkit used to say 0 vs -1)."""
    z = np.array([-50.0])
    cost = lambda v: float(CE.fn(v, SIG.fn(v), np.array([1.0]), SIG))  # noqa: E731
    assert cost(z) == pytest.approx(50 + log1p(np.exp(-50)), rel=1e-15)
    slope = bpkit.numerical_gradient(cost, z)[0]
    assert slope == pytest.approx(-1.0, rel=1e-8)
    assert CE.delta(z, SIG.fn(z), np.array([1.0]), SIG)[0] == pytest.approx(slope, rel=1e-8)


@pytest.mark.parametrize("y, match", [
    ([[1.0], [1.0], [0.0]], "column 0 sums to 2"),
    ([[0.0], [0.0], [0.0]], "column 0 sums to 0"),
    ([[1.5], [-0.5], [0.0]], r"must lie in \[0, 1\], got values from -0.5 to 1.5"),
])
def test_softmax_cross_entropy_refuses_targets_that_are_not_distributions(y, match):
    net = bpkit.Network.random([2, 3], seed=0, output_activation="softmax")
    with pytest.raises(ValueError, match=match):
        net.backprop(np.ones((2, 1)), y, "cross_entropy")


def test_softmax_cross_entropy_delta_is_exact_for_any_nonnegative_target():
    """The formula bpkit uses, s sum(y) - y, is the gradient of -sum y ln s for any y (not only s - y)."""
    z, y = np.array([[0.4], [-1.0], [2.0]]), np.array([[1.0], [1.0], [0.0]])
    cost = lambda v: float(CE.fn(v.reshape(3, 1), bpkit.softmax(v.reshape(3, 1)), y, SOFT)[0])  # noqa: E731
    numeric = bpkit.numerical_gradient(cost, z.ravel())
    assert bpkit.relative_error(CE.delta(z, bpkit.softmax(z), y, SOFT).ravel(), numeric) < 1e-8


@pytest.mark.parametrize("y", [[1.2], [-0.1]])
def test_binary_cross_entropy_refuses_targets_outside_0_1(y):
    net = bpkit.Network.random([2, 1], seed=0)
    with pytest.raises(ValueError, match=r"cross_entropy targets y must lie in \[0, 1\]"):
        net.backprop(np.ones(2), y, "cross_entropy")


def test_batch_cost_is_the_mean_of_sample_costs():
    net = bpkit.Network.random([3, 4, 2], seed=1)
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((3, 5)), rng.uniform(0, 1, (2, 5))
    for cost in ("quadratic", "cross_entropy"):
        per = [net.cost(x[:, i], y[:, i], cost) for i in range(5)]
        assert net.cost(x, y, cost) == pytest.approx(np.mean(per), rel=1e-14)


def test_a_saturated_softmax_keeps_the_digits_of_its_gradient():
    """z = (100, 0), y = (0, 1), quadratic cost: delta^L_1 = s_1 s_2 (g_1 - g_2) = 2 e^-100 / (1 + e^-100)^2,
    about 7.4e-44; g_1 - <s, g> with s_1 rounded to 1 would give exactly 0."""
    mpmath.mp.dps = 80
    s2 = 1 / (1 + mpmath.exp(100))
    s1 = 1 - s2
    g1, g2 = s1 - 0, s2 - 1
    exact = [float(s1 * s2 * (g1 - g2)), float(s2 * s1 * (g2 - g1))]
    z, y = np.array([100.0, 0.0]), np.array([0.0, 1.0])
    delta = Q.delta(z, bpkit.softmax(z), y, SOFT)
    assert delta[0] == pytest.approx(exact[0], rel=1e-12) and delta[0] > 7e-44
    assert delta[1] == pytest.approx(exact[1], rel=1e-12)
    assert bpkit.softmax_vjp(z, bpkit.softmax(z) - y)[0] == pytest.approx(exact[0], rel=1e-12)
    net = bpkit.Network([np.array([[100.0], [0.0]])], output_activation="softmax")
    assert net.backprop([1.0], y).nabla_w[0][0, 0] == pytest.approx(exact[0], rel=1e-12)
