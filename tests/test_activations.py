"""Activations: values against their definitions, derivatives against SymPy and finite differences, stability."""

import numpy as np
import pytest
import sympy as sp

import bpkit

Z = np.linspace(-30, 30, 121)


def test_sigmoid_matches_definition_where_the_naive_form_is_safe():
    assert np.allclose(bpkit.sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-14, atol=0)


def test_sigmoid_prime_is_sigma_times_one_minus_sigma():
    s = bpkit.sigmoid(Z)
    # 1 - sigma(z) cancels badly for large z; sigma(-z) is the same number computed accurately.
    assert np.allclose(bpkit.sigmoid_prime(Z), s * bpkit.sigmoid(-Z), rtol=1e-13, atol=0)
    small = np.abs(Z) <= 5
    assert np.allclose(bpkit.sigmoid_prime(Z[small]), s[small] * (1 - s[small]), rtol=1e-12)


@pytest.mark.parametrize("f, f_prime, sym", [
    (bpkit.sigmoid, bpkit.sigmoid_prime, lambda z: 1 / (1 + sp.exp(-z))),
    (bpkit.tanh, bpkit.tanh_prime, sp.tanh),
])
def test_derivatives_match_sympy_and_finite_differences(f, f_prime, sym):
    z = sp.Symbol("z")
    d = sp.lambdify(z, sp.diff(sym(z), z), "math")
    pts = np.array([-4.0, -1.3, -0.2, 0.0, 0.7, 2.5, 5.0])
    assert np.allclose(f_prime(pts), [d(float(p)) for p in pts], rtol=1e-12)
    numeric = np.array([bpkit.numerical_gradient(lambda x: float(f(x)[0]), [p])[0] for p in pts])
    assert bpkit.relative_error(f_prime(pts), numeric) < 1e-8


def test_relu_and_its_derivative():
    z = np.array([-2.0, 0.0, 3.0])
    assert np.array_equal(bpkit.relu(z), [0.0, 0.0, 3.0])
    assert np.array_equal(bpkit.relu_prime(z), [0.0, 0.0, 1.0])


def test_softmax_columns_sum_to_one_and_ignore_shifts():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 5))
    s = bpkit.softmax(x)
    assert np.allclose(s.sum(axis=0), 1)
    assert np.allclose(bpkit.softmax(x + 7.5), s)
    assert np.allclose(bpkit.softmax(x.T, axis=1), s.T)


def test_softmax_jacobian_matches_sympy_and_finite_differences():
    xs = sp.symbols("x1:4")
    e = [sp.exp(v) for v in xs]
    s = sp.Matrix([v / sum(e) for v in e])
    J = s.jacobian(xs)
    x = np.array([0.3, -1.2, 2.0])
    exact = np.array(J.subs(dict(zip(xs, x, strict=True))).evalf(30), dtype=float)
    assert np.allclose(bpkit.softmax_jacobian(x), exact, rtol=1e-13, atol=1e-16)
    for i in range(3):
        row = bpkit.numerical_gradient(lambda v, i=i: float(bpkit.softmax(v)[i]), x)
        assert bpkit.relative_error(row, bpkit.softmax_jacobian(x)[i]) < 1e-8


def test_softmax_vjp_equals_jacobian_transpose_product_per_column():
    rng = np.random.default_rng(1)
    x, g = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    vjp = bpkit.softmax_vjp(x, g)
    for c in range(4):
        assert np.allclose(vjp[:, c], bpkit.softmax_jacobian(x[:, c]).T @ g[:, c])


def test_diagonal_only_softmax_gradient_is_caught():
    """The classic bug: using s (1 - s) alone. The check must see it is wrong."""
    x, g = np.array([0.5, 1.5, -0.5]), np.array([1.0, -2.0, 0.5])
    s = bpkit.softmax(x)
    wrong = s * (1 - s) * g
    assert bpkit.relative_error(wrong, bpkit.softmax_vjp(x, g)) > 0.1


@pytest.mark.parametrize("big", [1e4, -1e4, 1e300, -1e300])
def test_sigmoid_family_is_stable_at_extremes(big):
    z = np.array([big, -big, 0.0])
    for f in (bpkit.sigmoid, bpkit.sigmoid_prime, bpkit.tanh, bpkit.tanh_prime):
        assert np.all(np.isfinite(f(z)))
    assert bpkit.sigmoid(np.array([big]))[0] == (1.0 if big > 0 else 0.0)


def test_softmax_is_stable_for_logits_spread_by_1e4():
    x = np.array([-1e4, 0.0, 1e4])
    s = bpkit.softmax(x)
    assert np.all(np.isfinite(s)) and np.allclose(s, [0, 0, 1])
    assert np.all(np.isfinite(bpkit.softmax_jacobian(x)))


@pytest.mark.parametrize("axis, error, match", [
    (2, ValueError, r"axis must be one of \[-2, -1, 0, 1\] for x of shape \(3, 2\), got 2"),
    (-3, ValueError, r"axis must be one of \[-2, -1, 0, 1\]"),
    (0.5, TypeError, "axis must be an integer, got float 0.5"),
    (None, TypeError, "axis must be an integer, got NoneType"),
    (True, TypeError, "axis must be an integer, got bool"),
    (10**400, ValueError, "got an integer of about 401 digits"),
])
def test_softmax_names_a_wrong_axis(axis, error, match):
    with pytest.raises(error, match=match):
        bpkit.softmax(np.zeros((3, 2)), axis=axis)


def test_softmax_along_either_axis_sums_to_one_there():
    x = np.array([[0.3, -1.0], [2.0, 0.5], [-0.7, 0.0]])
    assert np.allclose(bpkit.softmax(x, axis=0).sum(axis=0), 1.0)
    assert np.allclose(bpkit.softmax(x, axis=1), bpkit.softmax(x.T, axis=0).T)
    assert np.allclose(bpkit.softmax(x, axis=-1), bpkit.softmax(x, axis=1))
