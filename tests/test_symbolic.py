"""bpkit.symbolic: the network in SymPy, and the exact gradients it gives as an oracle for backprop."""

import numpy as np
import pytest
import sympy as sp

import bpkit
from bpkit.symbolic import MIN_DIGITS, build, exact, exact_gradients, network, sym_relu, symbols


def _agree(g: bpkit.Gradients, r: bpkit.Gradients, rtol: float = 1e-12) -> None:
    for got, want in zip(g.nabla_w + g.nabla_b, r.nabla_w + r.nabla_b, strict=True):
        assert got.shape == want.shape
        assert np.allclose(got, want, rtol=rtol, atol=1e-16)
    assert g.cost == pytest.approx(r.cost, rel=1e-13)


@pytest.mark.parametrize("hidden, output, cost", [
    ("sigmoid", "sigmoid", "quadratic"), ("tanh", "sigmoid", "cross_entropy"), ("sigmoid", "softmax", "quadratic"),
    ("relu", "softmax", "cross_entropy"), ("tanh", "tanh", "quadratic")])
def test_exact_gradients_equal_backprop_for_every_activation_and_cost(hidden, output, cost):
    net = bpkit.Network.random([3, 4, 3], seed=2, activation=hidden, output_activation=output)
    x = np.array([0.2, -0.4, 1.0])
    y = np.array([0.0, 1.0, 0.0]) if cost == "cross_entropy" else np.array([0.1, 0.7, -0.2])
    _agree(net.backprop(x, y, cost), exact_gradients(net, x, y, cost))


def test_a_layer_with_one_input_or_one_output_keeps_matrix_shapes():
    net = bpkit.Network.random([1, 3, 1], seed=1)
    x, y = [0.3], [0.2]
    r, g = exact_gradients(net, x, y), net.backprop(x, y)
    assert [w.shape for w in r.nabla_w] == [(3, 1), (1, 3)] == [w.shape for w in g.nabla_w]
    assert [b.shape for b in r.nabla_b] == [(3,), (1,)]
    _agree(g, r)


def test_at_the_relu_kink_the_oracle_takes_the_derivative_0_as_bpkit_does():
    # z^1_1 = 0.5 * 1 - 0.5 * 1 = 0 exactly: neuron 1 of layer 1 sits on the kink
    net = bpkit.Network([[[1.0, -1.0], [2.0, 1.0]], [[1.5, -0.5]]], [[0.0, 0.0], [0.1]], "relu", "sigmoid")
    x, y = np.array([0.5, 0.5]), np.array([0.2])
    g, r = net.backprop(x, y), exact_gradients(net, x, y)
    assert g.trace.zs[0][0] == 0.0 and r.trace.zs[0][0] == 0.0
    assert np.array_equal(r.nabla_w[0][0], [0.0, 0.0]) and r.nabla_b[0][0] == 0.0   # ReLU'(0) = 0, not 1/2
    _agree(g, r, rtol=1e-14)
    z = sp.Symbol("z")
    assert sp.diff(sym_relu(z), z).subs(z, 0) == 0 and sym_relu(sp.Integer(-2)) == 0 and sym_relu(z).subs(z, 3) == 3


@pytest.mark.parametrize("digits", [0, 1, 19])
def test_too_few_digits_are_refused(digits):
    net = bpkit.Network.random([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="digits must be at least 20"):
        exact_gradients(net, [0.1, 0.2], [0.3], digits=digits)


@pytest.mark.parametrize("digits", [1.5, True, "30", None])
def test_digits_that_are_not_an_integer_are_refused(digits):
    net = bpkit.Network.random([2, 2, 1], seed=0)
    with pytest.raises(TypeError, match="digits must be an integer"):
        exact_gradients(net, [0.1, 0.2], [0.3], digits=digits)


def test_the_fewest_digits_allowed_give_the_same_floats_as_many_more():
    net = bpkit.Network.random([2, 3, 2], seed=3)
    x, y = [0.6, -0.7], [0.9, 0.1]
    few, many = exact_gradients(net, x, y, digits=MIN_DIGITS), exact_gradients(net, x, y, digits=80)
    for a, b in zip(few.nabla_w + few.nabla_b, many.nabla_w + many.nabla_b, strict=True):
        assert np.allclose(a, b, rtol=1e-15, atol=0)


def test_a_network_of_symbols_with_an_undefined_activation():
    sigma = sp.Function("sigma")
    sym = network([2, 2, 1], sigma, biases=False)
    x1, x2 = sym.x
    w = sym.w
    z1 = w[0][0, 0] * x1 + w[0][0, 1] * x2
    assert sym.zs[0][0] == z1 and sym.activations[1][0] == sigma(z1)       # no biases: z = w a
    assert sym.b == []                                                     # no bias symbols at all
    # BP1 and BP4 for the output weight: dC/dw^2_11 = (a^2 - y) sigma'(z^2) a^1_1, whatever sigma is
    u = sp.Dummy("u")
    bp = (sym.activations[2][0] - sym.y[0]) * sp.diff(sigma(u), u).subs(u, sym.zs[1][0]) * sym.activations[1][0]
    assert sp.expand(sp.diff(sym.cost, w[1][0, 0]) - bp) == 0


def test_the_costs_are_the_textbook_formulas():
    x, y, ws, bs = symbols([2, 2])
    z = ws[0] * x + bs[0]
    sig = [1 / (1 + sp.exp(-z[j])) for j in range(2)]
    ce = network([2, 2], cost="cross_entropy").cost
    assert sp.simplify(ce + sum(y[j] * sp.log(sig[j]) + (1 - y[j]) * sp.log(1 - sig[j]) for j in range(2))) == 0
    soft = [sp.exp(z[j]) / (sp.exp(z[0]) + sp.exp(z[1])) for j in range(2)]
    sm = network([2, 2], output_activation="softmax", cost="cross_entropy").cost
    assert sp.simplify(sm + sum(y[j] * sp.log(soft[j]) for j in range(2))) == 0
    quad = network([2, 2], "tanh").cost
    assert sp.expand(quad - sum((sp.tanh(z[j]) - y[j]) ** 2 for j in range(2)) / 2) == 0


def test_build_holds_the_networks_numbers_exactly():
    net = bpkit.Network([[[0.56, -1.0]], [[2.5]]], None)
    sym = build(net, [0.6, 0.7], [0.9])
    assert exact(0.56) == sp.Rational(14, 25) and sym.values[sym.w[0][0, 0]] == sp.Rational(14, 25)
    assert all(sym.values[b] == 0 for B in sym.b for b in B)             # no biases: b = 0
    assert sym.x == sp.Matrix([sp.Rational(3, 5), sp.Rational(7, 10)])
    assert float(sym.cost.xreplace(sym.values)) == pytest.approx(net.cost([0.6, 0.7], [0.9]), rel=1e-15)


@pytest.mark.parametrize("call, match", [
    (lambda net: network([2, 1], cost="hinge"), "unknown cost 'hinge'"),
    (lambda net: network([2, 1], "swish"), "activation must be"),
    (lambda net: network([2]), "sizes must be a list of at least two"),
    (lambda net: build(net, [0.1, 0.2, 0.3], [0.0]), r"x must have shape \(2,\)"),
    (lambda net: build(net, [[0.1], [0.2]], [[0.0]]), "x must be one sample"),
    (lambda net: exact_gradients(net, [1, 2], [2.0], cost="cross_entropy"), r"targets y must lie in \[0, 1\]"),
    (lambda net: exact_gradients(bpkit.Network.random([2, 1], activation="tanh"), [1, 2], [0.5], "cross_entropy"),
     "needs a sigmoid or softmax output"),
])
def test_bad_input_gets_a_clear_error(call, match):
    """The SymPy oracle refuses what a Network refuses, with the Network's messages."""
    with pytest.raises(ValueError, match=match):
        call(bpkit.Network.random([2, 1], seed=0))
    with pytest.raises(TypeError, match="net must be a bpkit Network, got int"):
        exact_gradients(3, [1, 2], [1.0])
