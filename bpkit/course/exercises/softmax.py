"""Exercises of 07_softmax_jacobian: fix the diagonal-only gradient; one Jacobian entry by hand."""

from __future__ import annotations

import numpy as np
import sympy as sp

from ...activations import softmax, softmax_vjp
from . import ExpressionExercise, FunctionExercise, register

_s1, _s2 = sp.symbols("s1 s2")


def _diagonal_only(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    s = softmax(x)
    return s * (1 - s) * g  # the planted bug: only the Jacobian's diagonal


register(FunctionExercise(
    id="softmax.fix_backward", notebook="07_softmax_jacobian", kind="find-the-bug",
    statement="A widely copied library computed the softmax backward step as `s * (1 - s) * g` (with "
              "`s = softmax(x)`, `g` = dC/ds, one sample). Write a correct `def softmax_backward(x, g):` returning "
              "dC/dx (shape of x), using `bpkit.softmax` but not `bpkit.softmax_vjp`. Answer with the function, "
              "e.g. `softmax_backward_answer = my_function`.",
    why="Every output depends on every logit, so dC/dx = J^T g with J = diag(s) - s s^T, i.e. "
        "s * (g - s @ g): the diagonal alone misses the term -s_i <s, g> that the other outputs contribute.",
    reference=lambda x, g: softmax_vjp(x, g),
    trials=lambda rng: [(rng.normal(size=n), rng.normal(size=n)) for n in (2, 3, 6)],
    mistakes={"that uses only the Jacobian's diagonal: each s_i depends on every x_j, not only on x_i.":
                  _diagonal_only,
              "the off-diagonal entries are -s_i s_j: check the sign of the s s^T term.":
                  lambda x, g: softmax(x) * (g + softmax(x) @ g)},
))

register(ExpressionExercise(
    id="softmax.entry", notebook="07_softmax_jacobian", kind="derive",
    statement="For two logits, $s_1 = e^{x_1}/(e^{x_1} + e^{x_2})$. Differentiate by hand and write "
              "$\\partial s_1/\\partial x_2$ in terms of $s_1$ and $s_2$. Answer with a string or SymPy expression in "
              "`s1`, `s2`, e.g. `ds1_dx2 = \"s1 + s2\"`.",
    why="The quotient rule gives $-e^{x_1}e^{x_2}/(e^{x_1}+e^{x_2})^2 = -s_1 s_2$: the off-diagonal entry "
        "$s_i(\\delta_{ij} - s_j)$ with $i \\ne j$; raising $x_2$ takes probability away from $s_1$.",
    expected=lambda: -_s1 * _s2, names=lambda: {"s1": _s1, "s2": _s2},
    mistakes={"i and j differ here, so the Kronecker delta is 0: there is no s_1 term on its own.":
                  lambda: _s1 * (1 - _s2),
              "check the sign: raising x_2 lowers s_1.": lambda: _s1 * _s2,
              "that is the diagonal entry ds_1/dx_1.": lambda: _s1 * (1 - _s1)},
    constraints=lambda: {_s2: 1 - _s1},  # two outputs: s1 + s2 = 1, so answers in s1 alone count too
    generic="apply the quotient rule to e^{x_1}/(e^{x_1} + e^{x_2}) with respect to x_2, then write the result "
            "with s_1 and s_2.",
))
