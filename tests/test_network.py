"""Backprop against two oracles: central finite differences (property tests) and SymPy's exact derivatives."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bpkit
from bpkit.symbolic import exact_gradients


@st.composite
def problems(draw, activations=("sigmoid", "tanh")):
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=5))  # 1 to 4 weight layers
    biases = draw(st.booleans())
    activation = draw(st.sampled_from(activations))
    m = draw(st.sampled_from([None, 1, 3]))  # one sample, or a minibatch of m
    seed = draw(st.integers(0, 2**16))
    net = bpkit.Network.random(sizes, seed=seed, biases=biases, activation=activation)
    rng = np.random.default_rng(seed + 1)
    shape = () if m is None else (m,)
    x = rng.standard_normal((sizes[0], *shape))
    y = rng.uniform(0.05, 0.95, (sizes[-1], *shape))
    return net, x, y


def assert_matches_finite_differences(net, x, y, cost="quadratic"):
    g = net.backprop(x, y, cost)
    num_w, num_b = bpkit.network_numerical_gradients(net, x, y, cost)
    for l in range(len(net.weights)):
        assert g.nabla_w[l].shape == net.weights[l].shape
        assert g.nabla_b[l].shape == (net.weights[l].shape[0],)
        assert bpkit.relative_error(g.nabla_w[l], num_w[l]) < 1e-6, f"w^{l + 1}"
        assert bpkit.relative_error(g.nabla_b[l], num_b[l]) < 1e-6, f"b^{l + 1}"


@given(problems())
def test_backprop_equals_finite_differences(problem):
    assert_matches_finite_differences(*problem)


@given(problems(activations=("sigmoid",)))
def test_cross_entropy_backprop_equals_finite_differences(problem):
    assert_matches_finite_differences(*problem, cost="cross_entropy")


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("m", [None, 4])
def test_softmax_output_layer(cost, m):
    net = bpkit.Network.random([3, 4, 3], seed=5, output_activation="softmax")
    rng = np.random.default_rng(6)
    shape = () if m is None else (m,)
    x = rng.standard_normal((3, *shape))
    y = bpkit.softmax(rng.standard_normal((3, *shape)))
    assert_matches_finite_differences(net, x, y, cost)


def test_finite_difference_check_fails_on_a_wrong_gradient():
    """The oracle must be able to fail: drop sigma' from BP2 and the check sees it."""
    net = bpkit.Network.random([2, 3, 2], seed=3)
    x, y = np.array([0.4, -0.8]), np.array([0.2, 0.7])
    g = net.backprop(x, y)
    t = g.trace
    wrong_delta = net.weights[1].T @ g.deltas[1]  # BP2 without the sigma'(z) factor
    wrong = bpkit.bp4(wrong_delta, t.activations[0])
    num_w, _ = bpkit.network_numerical_gradients(net, x, y)
    assert bpkit.relative_error(g.nabla_w[0], num_w[0]) < 1e-6
    assert bpkit.relative_error(wrong, num_w[0]) > 1e-2


@pytest.mark.parametrize("activation, biases", [("sigmoid", True), ("tanh", True), ("sigmoid", False)])
def test_backprop_equals_sympy_exact_gradient(activation, biases):
    net = bpkit.Network.random([3, 2, 2], seed=11, biases=biases, activation=activation)
    x, y = np.array([0.5, -1.0, 0.25]), np.array([0.3, 0.6])
    g = net.backprop(x, y)
    r = exact_gradients(net, x, y)
    for l in range(2):
        assert np.allclose(g.nabla_w[l], r.nabla_w[l], rtol=1e-12, atol=1e-15)
        assert np.allclose(g.nabla_b[l], r.nabla_b[l], rtol=1e-12, atol=1e-15)
    assert g.cost == pytest.approx(r.cost, rel=1e-13)


# Fewer and more samples than the layers have neurons (m = 2 and 5).
@pytest.mark.parametrize("m", [2, 5])
def test_minibatch_gradient_is_the_mean_of_sample_gradients(m):
    net = bpkit.Network.random([3, 4, 2], seed=7)
    rng = np.random.default_rng(8)
    x, y = rng.standard_normal((3, m)), rng.random((2, m))
    batch = net.backprop(x, y)
    singles = [net.backprop(x[:, i], y[:, i]) for i in range(m)]
    for l in range(2):
        assert np.allclose(batch.nabla_w[l], np.mean([s.nabla_w[l] for s in singles], axis=0))
        assert np.allclose(batch.nabla_b[l], np.mean([s.nabla_b[l] for s in singles], axis=0))
        assert np.allclose(batch.deltas[l][:, m - 1], singles[m - 1].deltas[l])


def test_large_finite_values_are_not_mistaken_for_an_overflow():
    # nabla_w = delta x = 1e100 * 1e100 is finite, and so is z = 1e160.
    net = bpkit.Network([np.ones((1, 1))], None, "relu", "relu")
    g = net.backprop([1e100], [0.0])
    assert g.nabla_w[0][0, 0] == pytest.approx(1e200) and g.nabla_b[0][0] == pytest.approx(1e100)
    assert net.forward([1e160]).zs[0][0] == 1e160


# x = 1e200 gives dC/dw = 1e300 (finite, kept) and x = 1e250 gives 1e350 (inf, refused with a clear error).
@pytest.mark.parametrize("m", [1, 2])
def test_an_overflowing_gradient_is_refused_and_a_large_finite_one_kept(m):
    net = bpkit.Network([np.eye(5) * 1e-100], None, "relu", "relu")
    g = net.backprop(np.full((5, m), 1e200).squeeze(), np.zeros((5, m)).squeeze())
    assert np.allclose(g.nabla_w[0], np.full((5, 5), 1e300), rtol=1e-12) and np.isfinite(g.cost)
    with pytest.raises(ValueError, match="float64 overflowed in backprop"):
        net.backprop(np.full((5, m), 1e250).squeeze(), np.zeros((5, m)).squeeze())


def test_the_steps_take_integer_arrays():
    w, delta, prime, a = np.array([[1, 2], [3, 4]]), np.array([[1, 2], [3, 5]]), np.array([[1, 1], [2, 2]]), np.eye(2)
    assert np.array_equal(bpkit.bp2(w, delta, prime), (w.T @ delta) * prime)
    for a_prev in (a[:1], np.array([[1, 2], [3, 4], [5, 6]])):
        assert np.allclose(bpkit.bp4(delta, a_prev), delta @ a_prev.T / 2)
    assert np.array_equal(bpkit.bp4(np.array([1, 2]), np.array([3, 4])), [[3, 4], [6, 8]])


def test_backprop_is_pure_and_repeatable():
    net = bpkit.Network.random([2, 3, 1], seed=9)
    before = [w.copy() for w in net.weights]
    x, y = np.array([0.1, 0.2]), np.array([0.5])
    g1, g2 = net.backprop(x, y), net.backprop(x, y)
    for a, b, w0, w in zip(g1.nabla_w, g2.nabla_w, before, net.weights, strict=True):
        assert np.array_equal(a, b)
        assert np.array_equal(w0, w)


def test_forward_trace_shapes_follow_nielsen():
    net = bpkit.Network.random([2, 3, 1], seed=0)
    t = net.forward(np.zeros((2, 4)))
    assert [z.shape for z in t.zs] == [(3, 4), (1, 4)]
    assert [a.shape for a in t.activations] == [(2, 4), (3, 4), (1, 4)]
    assert net.sizes == [2, 3, 1]


def test_momentum_is_the_articles_update():
    net = bpkit.Network.random([2, 2, 1], seed=4, biases=False)
    x, y = np.array([0.6, 0.7]), np.array([0.9])
    opt = bpkit.Momentum(alpha=0.3, gamma=0.1)
    g1 = net.backprop(x, y)
    net1 = opt.step(net, g1)
    g2 = net1.backprop(x, y)
    dw2, _ = opt.changes(g2)
    for l in range(2):
        dw1 = -0.3 * g1.nabla_w[l]
        assert np.allclose(net1.weights[l], net.weights[l] + dw1)
        assert np.allclose(dw2[l], -0.3 * g2.nabla_w[l] + 0.1 * dw1)
    assert net1.biases is None


def test_exact_forward_matches_the_float_forward_pass():
    from bpkit.symbolic import exact_forward

    net = bpkit.Network.random([3, 2, 2], seed=12, biases=True, activation="tanh")
    x = np.array([0.5, -1.0, 0.25])
    zs, acts = exact_forward(net, x)
    t = net.forward(x)
    for l in range(2):
        assert np.allclose(np.array(zs[l].evalf(30), dtype=float).ravel(), t.zs[l], rtol=1e-14)
        assert np.allclose(np.array(acts[l + 1].evalf(30), dtype=float).ravel(), t.activations[l + 1], rtol=1e-14)
