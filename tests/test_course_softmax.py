"""bpkit.course.softmax: the notebook's table, readout and figure state what the numbers are."""

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from bpkit.course import softmax as sm


def test_vec_formats_fixed_decimals_and_signs():
    assert sm.vec([0.5, -0.25], 2) == "(0.50, -0.25)"
    assert sm.vec([0.5, -0.25], 1, sign=True) == "(+0.5, -0.2)"


def test_against_lists_the_reference_first_and_each_relative_error():
    ref = np.array([1.0, 0.0])
    text = sm.against(ref, {"same": ref.copy(), "opposite": -ref})
    rows = [line for line in text.splitlines() if "finite differences" in line or "same" in line
            or "opposite" in line]
    assert "0.00" in rows[1] and "1.00" in rows[-1]


def test_readout_rows_of_the_jacobian_sum_to_zero_and_s_sums_to_one():
    text = sm.readout(0.0, 0.0, 0.0)
    assert "s = (0.3333, 0.3333, 0.3333)" in text
    assert text.count("sum 0.0000") == 3
    assert "s - y = (-0.6667, +0.3333, +0.3333)" in text


def test_sliders_start_at_the_logits():
    s = sm.sliders(np.array([0.3, -1.2, 2.0]))
    assert list(s) == ["x1", "x2", "x3"] and [w.value for w in s.values()] == [0.3, -1.2, 2.0]


def test_delta_table_reports_small_errors_as_below_1e7():
    d = np.array([0.1, -0.1])
    text = sm.delta_table([("quadratic", d, d, 1e-9), ("cross_entropy", d, d, 3e-3)])
    assert "< 1e-7" in text and "3.0e-03" in text


def test_figure_and_alt_text():
    x0 = np.array([1.0, 0.0, -1.0])
    fig = sm.jacobian_figure(x0)
    assert len(fig.axes) >= 3
    plt.close(fig)
    assert "x = (1.0, 0.0, -1.0)" in sm.alt_text(x0)


def test_the_log_softmax_exercise_answer_is_sympys_vector_jacobian_product():
    """softmax.log_vjp: J_l^T g = g - s sum(g) for l = log softmax(x), by SymPy for three logits and for every n."""
    from bpkit.course import kronecker_doit
    from bpkit.course.exercises.softmax import log_softmax_vjp_entry

    x, g = sp.symbols("x1:4"), sp.symbols("g1:4")
    Z = sum(sp.exp(v) for v in x)
    J = sp.Matrix([v - sp.log(Z) for v in x]).jacobian(x)
    assert (J - (sp.eye(3) - sp.ones(3, 1) * sp.Matrix([[sp.exp(v) / Z for v in x]]))).applyfunc(sp.cancel) == \
        sp.zeros(3, 3)  # J_l = I - 1 s^T
    vjp = (J.T * sp.Matrix(g))[0]
    answer = log_softmax_vjp_entry().xreplace({sp.Symbol(f"s{i + 1}"): sp.exp(v) / Z for i, v in enumerate(x)})
    assert sp.cancel(vjp - answer) == 0

    i, j, k = sp.symbols("i j k", integer=True, positive=True)
    r = sp.Symbol("r", integer=True, nonnegative=True)
    X, G = sp.IndexedBase("x"), sp.IndexedBase("g")
    S = sp.Sum(sp.exp(X[k]), (k, 1, j + r))
    dl = kronecker_doit(sp.diff(X[i] - sp.log(S), X[j]))  # dl_i/dx_j
    assert sp.simplify(dl - (sp.KroneckerDelta(i, j) - sp.exp(X[j]) / S)) == 0
    vjp_n = kronecker_doit(sp.Sum(dl * G[i], (i, 1, j + r)))  # (J_l^T g)_j, any n >= j
    assert sp.simplify(vjp_n - (G[j] - sp.exp(X[j]) / S * sp.Sum(G[i], (i, 1, j + r)))) == 0
