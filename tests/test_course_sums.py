"""bpkit.course.sums: a matrix entry as its sum, and the one tidy form for sums."""

import numpy as np
import pytest
import sympy as sp

from bpkit.course.sums import entry, tidy_sums

i, j, k, p, q = sp.symbols("i j k p q", integer=True, positive=True)
n, m = sp.symbols("n m", integer=True, positive=True)
x, y, w = sp.IndexedBase("x"), sp.IndexedBase("y"), sp.IndexedBase("w")
c = sp.Symbol("c")


def written_out(e):
    """Every sum written out term by term, outermost index first, so bounds that use an outer index work too."""
    while ready := [s for s in e.atoms(sp.Sum) if all(b.is_number for b in s.limits[-1][1:])]:
        *inner, (v, lo, hi) = ready[0].limits
        body = sp.Sum(ready[0].function, *inner) if inner else ready[0].function
        e = e.xreplace({ready[0]: sp.Add(*[body.subs(v, t) for t in range(int(lo), int(hi) + 1)])})
    return e


def values_of(expr, sizes, arrays):
    """``expr`` with the sizes given, its sums written out, and every IndexedBase entry (from 1) taken from arrays."""
    done = written_out(expr.subs(sizes))
    return done.replace(lambda u: isinstance(u, sp.Indexed),
                        lambda u: sp.Float(arrays[u.base.name][tuple(int(v) - 1 for v in u.indices)]))


def test_entry_writes_a_product_entry_as_its_sum_with_named_indices_from_one():
    e = entry(sp.MatrixSymbol("w", m, n).T * sp.MatrixSymbol("d", m, 1), j, 1, k)
    assert e == sp.Sum(sp.IndexedBase("d")[k] * w[k, j], (k, 1, m))   # a column vector has one index


def test_entry_agrees_with_numpy_for_concrete_sizes():
    rng = np.random.default_rng(0)
    X, W, V = rng.standard_normal((2, 3)), rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    I, K, P, J = sp.symbols("I K P J", integer=True, positive=True)
    product = sp.MatrixSymbol("X", I, K) * sp.MatrixSymbol("W", K, P) * sp.MatrixSymbol("V", P, J)
    e = entry(product, i, j, k, p)
    assert {lim[0] for lim in e.limits} == {k, p} and all(lim[1] == 1 for lim in e.limits)
    sizes = {I: 2, K: 3, P: 4, J: 2}
    for a in (1, 2):
        for b in (1, 2):
            got = values_of(e.subs({i: a, j: b}), sizes, {"X": X, "W": W, "V": V})
            assert float(got) == pytest.approx((X @ W @ V)[a - 1, b - 1], rel=1e-12)


def test_entry_without_names_still_counts_from_one():
    e = entry(sp.MatrixSymbol("A", n, n) * sp.MatrixSymbol("B", n, n), 1, 2)
    (lim,) = e.limits
    assert lim[1:] == (1, n)
    A, B = np.arange(9.0).reshape(3, 3), np.arange(9.0, 18.0).reshape(3, 3)
    assert float(values_of(e, {n: 3}, {"A": A, "B": B})) == (A @ B)[0, 1]


def test_nested_sums_become_one_sum_with_sorted_limits():
    nested = c * sp.Sum(x[p] * sp.Sum(w[p, q] * y[q], (q, 1, m)), (p, 1, n))
    assert tidy_sums(nested) == sp.Sum(c * x[p] * w[p, q] * y[q], (p, 1, n), (q, 1, m))
    other_order = sp.Sum(sp.Sum(c * y[q] * w[p, q] * x[p], (p, 1, n)), (q, 1, m))
    assert tidy_sums(nested) == tidy_sums(other_order)
    assert tidy_sums(nested - other_order) == 0


def test_terms_over_the_same_limits_are_added_into_one_sum():
    e = sp.Sum(x[i], (i, 1, n)) + sp.Sum(c * (y[i] + x[i]), (i, 1, n)) + c
    out = tidy_sums(e)
    sums = [t for t in sp.Add.make_args(out) if isinstance(t, sp.Sum)]
    assert len(sums) == 1 and sp.expand(sums[0].function - (x[i] + c * y[i] + c * x[i])) == 0
    assert out - sums[0] == c


def test_tidy_keeps_the_value_and_does_not_reorder_dependent_bounds():
    rng = np.random.default_rng(1)
    arrays = {"x": rng.standard_normal(4), "y": rng.standard_normal(4), "w": rng.standard_normal((4, 4))}
    triangle = sp.Sum(x[p] * sp.Sum(w[p, q] * y[q], (q, 1, p)), (p, 1, n))   # q runs up to p
    out = tidy_sums(triangle)
    assert [lim[0] for lim in out.limits] == [q, p]                          # q's bound needs p: order kept
    for e in (out, tidy_sums(triangle, display=True)):
        assert float(values_of(e, {n: 4}, arrays)) == pytest.approx(float(values_of(triangle, {n: 4}, arrays)))


def test_a_factor_that_uses_a_summation_index_is_not_moved_in():
    e = x[i] * sp.Sum(y[i], (i, 1, n))    # the i outside is free, the i inside is bound
    assert tidy_sums(e) == e


def test_display_moves_constant_factors_out_and_factors_the_summand():
    summand = 2 * c * x[i] * (1 - y[i]) * y[i]
    shown = tidy_sums(sp.Sum(summand, (i, 1, n)) / 2, display=True)
    assert isinstance(shown, sp.Mul) and c in shown.args
    (inner,) = shown.atoms(sp.Sum)
    assert not inner.function.has(c) and sp.expand(shown / inner * inner.function - summand / 2) == 0
    assert tidy_sums((2 * x[j] - 2) * y[j] / 2, display=True) == (x[j] - 1) * y[j]   # no sum: factored
