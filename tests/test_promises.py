"""What bpkit promises beyond agreeing with an oracle on friendly inputs.

- For every activation, output activation and cost it accepts, its gradient is the derivative of its
  own ``cost``, including saturated outputs (|z^L| up to 50) and targets at the edges of what is allowed.
- Every derivative is accurate to a relative 1e-12 against mpmath for |z| up to 700, and below -708 too.
- Results never alias the caller's arrays or each other; nothing is written into the repository.
"""

from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.configuration import storage_directory

import bpkit

ROOT = Path(__file__).resolve().parent.parent
COMBINATIONS = [(h, o, c) for h in ("sigmoid", "tanh", "relu") for o in ("sigmoid", "tanh", "relu", "softmax")
                for c in ("quadratic", "cross_entropy") if c == "quadratic" or o in ("sigmoid", "softmax")]


@st.composite
def saturated_problems(draw, hidden, output, cost):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    if output == "softmax":
        sizes[-1] = max(sizes[-1], 2)
    seed = draw(st.integers(0, 2**16))
    m = draw(st.sampled_from([None, 3]))
    net = bpkit.Network.random(sizes, seed=seed, activation=hidden, output_activation=output)
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal((sizes[0],) if m is None else (sizes[0], m))
    # Scale the last layer so that the largest |z^L| is the drawn size: z^L is linear in (w^L, b^L).
    top = draw(st.sampled_from([0.5, 5.0, 20.0, 50.0]))
    z_L = net.forward(x).zs[-1]
    c = top / max(float(np.max(np.abs(z_L))), 1e-3)
    net = net.replace(net.weights[:-1] + [net.weights[-1] * c], net.biases[:-1] + [net.biases[-1] * c])
    shape = z_L.shape
    if cost == "cross_entropy" and output == "softmax":  # one-hot, or a distribution with entries at 0
        kind = draw(st.sampled_from(["one-hot", "edge"]))
        y = np.zeros(shape)
        cols = y.reshape(shape[0], -1)
        for col in range(cols.shape[1]):
            cols[rng.integers(shape[0]), col] = 1.0 if kind == "one-hot" else 0.5
            cols[:, col] += 0 if kind == "one-hot" else (1 - cols[:, col].sum()) / shape[0]
        y = cols.reshape(shape)
    elif cost == "cross_entropy":  # targets 0, 1 and in between
        y = rng.choice([0.0, 1.0, 0.3], size=shape)
    else:
        y = rng.choice([-1.0, 0.0, 1.0, 2.0], size=shape)
    return net, x, y


@pytest.mark.parametrize("hidden, output, cost", COMBINATIONS)
def test_gradient_is_the_derivative_of_bpkits_own_cost(hidden, output, cost):
    @given(saturated_problems(hidden, output, cost))
    def check(problem):
        net, x, y = problem
        g = net.backprop(x, y, cost)
        num_w, num_b = bpkit.network_numerical_gradients(net, x, y, cost)
        for ours, numeric in zip(g.nabla_w + g.nabla_b, num_w + num_b, strict=True):
            # Central differences resolve slopes down to about 1e-10 of the cost; below that both are ~0.
            scale = max(float(np.max(np.abs(numeric))), float(np.max(np.abs(ours))), 1e-2 * max(1.0, g.cost))
            assert float(np.max(np.abs(ours - numeric))) <= 1e-5 * scale

    check()


Z = np.concatenate([np.linspace(-700, 700, 141), [-354.0, -300.5, -36.7, -18.2, -1e-3, 0.0, 1e-8, 0.3, 18.4, 36.0,
                                                   354.0, 355.0, 699.9]])
TINY = np.finfo(float).tiny  # below it float64 is subnormal: fewer digits, so only the last bits are checked
# Below z = -708 e^-z overflows, so the sigmoid takes its other branch, for the whole array: check both branches.
Z_BELOW_708 = np.concatenate([Z, [-708.0, -708.5, -709.0, -720.0, -745.0, -800.0, -1e4]])


def _mp(f, z):
    mpmath.mp.dps = 60
    return np.array([float(f(mpmath.mpf(float(v)))) for v in z])


@pytest.mark.parametrize("ours, exact", [
    (bpkit.sigmoid_prime, lambda z: mpmath.exp(-z) / (1 + mpmath.exp(-z)) ** 2),
    (bpkit.tanh_prime, lambda z: mpmath.sech(z) ** 2),
    (bpkit.relu_prime, lambda z: mpmath.mpf(1 if z > 0 else 0)),
    (bpkit.sigmoid, lambda z: 1 / (1 + mpmath.exp(-z))),
    (bpkit.tanh, mpmath.tanh),
], ids=["sigmoid_prime", "tanh_prime", "relu_prime", "sigmoid", "tanh"])
@pytest.mark.parametrize("z", [Z, Z_BELOW_708], ids=["z to -700", "z to -1e4"])
def test_every_derivative_is_accurate_to_1e12_against_mpmath(ours, exact, z):
    got, want = ours(z), _mp(exact, z)
    normal = np.abs(want) >= TINY
    rel = np.abs(got[normal] - want[normal]) / np.abs(want[normal])
    assert float(np.max(rel, initial=0.0)) < 1e-12
    assert np.all(np.abs(got[~normal] - want[~normal]) <= 4 * 5e-324)


@pytest.mark.parametrize("x", [[700.0, 0.0, -700.0], [0.3, -1.2, 2.0], [30.0, 29.0, -40.0], [-700.0, 699.0]])
def test_softmax_jacobian_is_accurate_to_1e12_against_mpmath(x):
    mpmath.mp.dps = 800  # 1 - s_i is e^-1400 here: far more digits than 60 to see it
    e = [mpmath.exp(mpmath.mpf(v)) for v in x]
    s = [v / sum(e) for v in e]
    want = np.array([[float(s[i] * ((1 if i == j else 0) - s[j])) for j in range(len(x))] for i in range(len(x))])
    got = bpkit.softmax_jacobian(x)
    normal = np.abs(want) >= TINY
    assert float(np.max(np.abs(got - want)[normal] / np.abs(want[normal]), initial=0.0)) < 1e-12
    assert np.all(np.abs(got - want)[~normal] <= 4 * 5e-324)


def test_nothing_aliases_the_callers_arrays_or_each_other():
    w = [np.ones((2, 2)), np.ones((1, 2))]
    net = bpkit.Network(w)
    w[0][0, 0] = 99.0
    assert net.weights[0][0, 0] == 1.0
    x = np.array([0.1, 0.2])
    g = net.backprop(x, np.array([0.5]))
    with pytest.raises(ValueError, match="read-only"):
        g.trace.activations[0][0] = 99.0  # a^0 is a read-only view of x (documented): bpkit never writes to x
    assert x[0] == 0.1 and np.shares_memory(g.trace.activations[0], x)
    assert all(b is not d for b, d in zip(g.nabla_b, g.deltas, strict=True))
    g.nabla_b[0][0] = 42.0
    assert g.deltas[0][0] != 42.0
    opt = bpkit.Momentum(0.3, 0.5)
    dw, _ = opt.changes(g)
    dw[0][:] = 1e6
    dw2, _ = opt.changes(g)
    assert np.allclose(dw2[0], -0.3 * g.nabla_w[0] * 1.5)


def test_backprop_twice_gives_the_same_answer():
    net = bpkit.Network.random([3, 4, 2], seed=2)
    x, y = np.array([0.1, -0.5, 0.9]), np.array([0.2, 0.8])
    a, b = net.backprop(x, y), net.backprop(x, y)
    assert all(np.array_equal(p, q) for p, q in zip(a.nabla_w + a.nabla_b, b.nabla_w + b.nabla_b, strict=True))


def test_no_warning_at_any_size():
    """The suite runs with warnings as errors; these inputs used to overflow somewhere inside NumPy."""
    for big in (1e4, 1e300, -1e300, 1.7e308):  # 1.7e308: -2|z| and a spread of 2|z| overflow to -inf
        z = np.array([big, -big, 0.0])
        for f in (bpkit.sigmoid, bpkit.sigmoid_prime, bpkit.tanh, bpkit.tanh_prime, bpkit.softmax):
            assert np.all(np.isfinite(f(z)))
        assert np.all(np.isfinite(bpkit.softmax_jacobian(z)))
    assert np.array_equal(bpkit.softmax([1.7e308, -1.7e308]), [1.0, 0.0])
    assert bpkit.Network([np.array([[1.0]])], activation="tanh").forward([1.7e308]).output[0] == 1.0
    net = bpkit.Network([np.array([[1e3, -1e3]])], output_activation="sigmoid")
    assert net.cost([1.0, 0.0], [0.0], "cross_entropy") == pytest.approx(1e3)


def test_a_vector_jacobian_product_that_would_overflow_is_refused():
    """g_i - g_j overflows for g of size 1e308: a clear error, not a silent inf."""
    with pytest.raises(ValueError, match="float64 overflowed in softmax_vjp"):
        bpkit.softmax_vjp([0.0, 0.0], [-1e308, 1e308])


def test_hypothesis_writes_nothing_into_the_repository():
    assert ROOT not in storage_directory("x", intent_to_write=False).path.parents
