"""Sums in the derivations: a matrix entry written as its sum, and one tidy form for sums.

``entry`` writes an entry of a product of SymPy matrix symbols of any sizes as the sum a derivation compares it
with (``IndexedBase`` entries and indices counted from 1). ``tidy_sums`` writes every sum of an expression in
one form, so that two ways of writing the same multiple sum compare equal; ``display=True`` then factors each
summand and moves what does not depend on its indices outside, the form a reader expects.
"""

from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.simplify.simplify import factor_sum


def entry(matrix_expr: sp.MatrixExpr, i: sp.Expr, j: sp.Expr = 1, *indices: sp.Symbol) -> sp.Expr:
    """Entry (i, j), counted from 1, of a product of matrix symbols of any sizes, with ``IndexedBase`` entries
    counted from 1 (a column vector v gives v[k], any other matrix M gives M[k, l]). The summation indices of
    each sum are renamed ``indices``, in SymPy's order, and run from 1; indices left unnamed keep SymPy's name.

    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> j, k = sp.symbols("j k", integer=True, positive=True)
    >>> entry(sp.MatrixSymbol("w", n, n).T * sp.MatrixSymbol("d", n, 1), j, 1, k)
    Sum(d[k]*w[k, j], (k, 1, n))
    """
    def from_one(s: sp.Sum) -> sp.Sum:
        names = list(indices) + list(s.variables[len(indices):])
        for old, new in zip(list(s.variables), names, strict=False):
            s = s.change_index(old, old + 1, new)
        return s

    def indexed(m: MatrixElement) -> sp.Expr:
        base = sp.IndexedBase(m.parent.name)
        return base[m.i + 1] if m.parent.shape[1] == 1 else base[m.i + 1, m.j + 1]

    e = matrix_expr[i - 1, j - 1]
    return e.replace(lambda u: isinstance(u, sp.Sum), from_one).replace(lambda u: isinstance(u, MatrixElement), indexed)


def _merged(term: sp.Expr) -> tuple[sp.Expr, tuple]:
    """One product term as (summand, limits): the factors outside a sum moved into it, nested sums merged."""
    body, limits = term, []
    while True:
        factors = sp.Mul.make_args(body)
        sums = [f for f in factors if isinstance(f, sp.Sum)]
        if len(sums) != 1:
            break
        rest = sp.Mul(*[f for f in factors if f is not sums[0]])
        if rest.free_symbols & set(sums[0].variables):  # moving it in would capture an index
            break
        body, limits = rest * sums[0].function, list(sums[0].limits) + limits
    indices = {lim[0] for lim in limits}
    if not any(bound.has(*indices) for lim in limits for bound in lim[1:]):  # constant bounds: any order
        limits.sort(key=lambda lim: str(lim[0]))
    return body, tuple(limits)


def tidy_sums(expr: sp.Expr, display: bool = False) -> sp.Expr:
    """Every sum of ``expr`` in one form: expanded; in each term the factors outside a sum moved into it and
    nested sums merged into one sum over all their indices (limits sorted by index name when no bound depends on
    another index, as for matrix entries); terms over the same limits added into one sum. So
    c * Sum(f * Sum(g, inner), outer) becomes Sum(c f g, inner, outer) and two ways of writing the same multiple
    sum compare equal. With ``display=True`` each summand is then factored and the factors that do not depend on
    its indices are moved outside: c Sum(f g, inner, outer) when c is constant.
    """
    groups: dict[tuple, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(expr)):
        body, limits = _merged(term)
        groups[limits] = groups.get(limits, sp.Integer(0)) + body
    groups = {limits: body for limits, body in groups.items() if body != 0}
    if not display:
        return sp.Add(*[sp.Sum(body, *limits) if limits else body for limits, body in groups.items()])
    parts = [factor_sum(sp.Sum(sp.factor(body), *limits)) if limits else body for limits, body in groups.items()]
    return sp.Add(*parts) if len(groups) > 1 or () not in groups else sp.factor(parts[0])
