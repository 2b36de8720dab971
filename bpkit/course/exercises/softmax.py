"""Exercises of 07_softmax_jacobian: fix the diagonal-only gradient; a second derivative of log-sum-exp by hand
(a Jacobian entry the learner must find first); the log-softmax vector-Jacobian product (a transfer: the notebook
derives softmax's, not log-softmax's)."""

from __future__ import annotations

import numpy as np
import sympy as sp

import bpkit

from ...activations import softmax
from . import ExpressionExercise, FunctionExercise, register

_s1, _s2 = sp.symbols("s1 s2")
_s = sp.symbols("s1:4")
_g = sp.symbols("g1:4")


def log_softmax_vjp_entry() -> sp.Expr:
    """(J_l^T g)_1 for l = log softmax(x) and three logits: J_l = I - 1 s^T, so J_l^T g = g - s sum(g)."""
    return _g[0] - _s[0] * sum(_g)


def _softmax_vjp_entry() -> sp.Expr:
    """(J^T g)_1 for softmax itself: s_1 (g_1 - <s, g>), the wrong Jacobian for log-softmax."""
    return _s[0] * (_g[0] - sum(si * gi for si, gi in zip(_s, _g, strict=True)))


def _diagonal_only(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    s = softmax(x)
    return s * (1 - s) * g  # the planted bug: only the Jacobian's diagonal


def _by_hand(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    s = softmax(x)
    return s * (g - s @ g)  # J^T g = s * (g - <s, g>), one sample


register(FunctionExercise(
    id="softmax.fix_backward", notebook="07_softmax_jacobian", kind="find-the-bug",
    statement="A widely copied library computed the softmax backward step as `s * (1 - s) * g` (with "
              "`s = softmax(x)`, `g` = dC/ds, one sample). Write a correct `def softmax_backward(x, g):` returning "
              "dC/dx (shape of x), using `bpkit.softmax` but neither `bpkit.softmax_vjp` nor "
              "`bpkit.softmax_jacobian`. Answer with the function, e.g. `softmax_backward_answer = my_function`.",
    why="Every output depends on every logit, so dC/dx = J^T g with J = diag(s) - s s^T, i.e. "
        "s * (g - s @ g): the diagonal alone misses the term -s_i <s, g> that the other outputs contribute.",
    reference=_by_hand,
    trials=lambda rng: [(rng.normal(size=n), rng.normal(size=n)) for n in (2, 3, 6)],
    mistakes={"that uses only the Jacobian's diagonal: each s_i depends on every x_j, not only on x_i.":
                  _diagonal_only,
              "the off-diagonal entries are -s_i s_j: check the sign of the s s^T term.":
                  lambda x, g: softmax(x) * (g + softmax(x) @ g)},
    wrong=((lambda x, g: bpkit.softmax_jacobian(x).T @ g, "softmax_jacobian"),
           (lambda x, g: bpkit.softmax_vjp(x, g), "softmax_vjp")),
    forbidden={"bpkit.softmax_vjp": bpkit.softmax_vjp, "bpkit.softmax_jacobian": bpkit.softmax_jacobian},
))

register(ExpressionExercise(
    id="softmax.entry", notebook="07_softmax_jacobian", kind="derive",
    statement="For two logits, take the log-sum-exp $\\mathrm{LSE}(x) = \\ln(e^{x_1} + e^{x_2})$. Differentiate it "
              "by hand, first by $x_1$, then the result by $x_2$, and write "
              "$\\partial^2 \\mathrm{LSE}/\\partial x_2\\,\\partial x_1$ in terms of the softmax outputs $s_1$, "
              "$s_2$. Answer with a string or SymPy expression in `s1`, `s2`, e.g. `d2lse = \"s1 + s2\"`.",
    why="$\\partial\\,\\mathrm{LSE}/\\partial x_1 = e^{x_1}/(e^{x_1}+e^{x_2}) = s_1$, and the quotient rule gives "
        "$\\partial s_1/\\partial x_2 = -e^{x_1}e^{x_2}/(e^{x_1}+e^{x_2})^2 = -s_1 s_2$: the gradient of log-sum-exp "
        "is softmax, so its second derivatives are the softmax Jacobian $s_i(\\delta_{ij} - s_j)$, which is why "
        "$J$ is symmetric.",
    expected=lambda: -_s1 * _s2, names=lambda: {"s1": _s1, "s2": _s2},
    mistakes={"x_2 enters s_1 only through the denominator, so the second derivative has no s_1 term on its own.":
                  lambda: _s1 * (1 - _s2),
              "check the sign: raising x_2 lowers s_1 = dLSE/dx_1.": lambda: _s1 * _s2,
              "that is the diagonal entry d^2 LSE/dx_1^2, the derivative of s_1 by x_1.": lambda: _s1 * (1 - _s1),
              "that is the first derivative dLSE/dx_1 = s_1: differentiate it once more, by x_2.": lambda: _s1,
              "that is the first derivative dLSE/dx_2 = s_2: differentiate it once more, by x_1.": lambda: _s2},
    constraints=lambda: {_s2: 1 - _s1},  # two outputs: s1 + s2 = 1, so answers in s1 alone count too
    generic="differentiate ln(e^{x_1} + e^{x_2}) by x_1 (you get a softmax output), then apply the quotient rule "
            "to that with respect to x_2, and write the result with s_1 and s_2.",
))

register(ExpressionExercise(
    id="softmax.log_vjp", notebook="07_softmax_jacobian", kind="derive",
    statement="Libraries feed cross-entropy from log-softmax, $\\ell = \\log \\mathrm{softmax}(x)$, i.e. "
              "$\\ell_i = x_i - \\ln \\sum_k e^{x_k}$. Derive its Jacobian $\\partial \\ell_i/\\partial x_j$ by "
              "hand, then its vector-Jacobian product for three logits: with $g = \\partial C/\\partial \\ell$ "
              "from the next layer, what is $\\partial C/\\partial x_1$? Answer with a string or SymPy expression "
              "in `s1, s2, s3` (the softmax outputs) and `g1, g2, g3`, e.g. `dC_dx1 = \"g1 - s2\"`.",
    why="$\\partial \\ell_i/\\partial x_j = \\delta_{ij} - s_j$ (the log-sum's derivative is $s_j$), so "
        "$J_\\ell = I - \\mathbf 1 s^T$ and $J_\\ell^T g = g - s \\sum_i g_i$: $g_1 - s_1(g_1 + g_2 + g_3)$. With "
        "$C = -\\sum_i y_i \\ell_i$, $g = -y$ and this is $s_1 \\sum_i y_i - y_1$, the cross-entropy gradient "
        "proved above.",
    expected=log_softmax_vjp_entry,
    names=lambda: {str(v): v for v in (*_s, *_g)},
    mistakes={"that is J g, row 1 of the Jacobian times g; backprop needs J^T g, column 1: how x_1 moves every "
              "l_i, each weighted by its own g_i.": lambda: _g[0] - sum(si * gi for si, gi in zip(_s, _g, strict=True)),
              "the s_1 term collects the gradient of every output: dl_i/dx_1 = [i = 1] - s_1 for every i, so -s_1 "
              "multiplies g_1 + g_2 + g_3, not 1.": lambda: _g[0] - _s[0],
              "that keeps only l_1's dependence on x_1: every l_i depends on x_1 through ln sum_k e^{x_k}, so -s_1 "
              "multiplies the sum of all the g_i.": lambda: _g[0] * (1 - _s[0]),
              "that is softmax's vector-Jacobian product: the log divides ds_i by s_i, so dl_i/dx_j = [i = j] - s_j, "
              "with no factor s_i in front.": _softmax_vjp_entry,
              "check the sign: l_1 rises with x_1, and the log-sum term enters with a minus.":
                  lambda: -log_softmax_vjp_entry()},
    constraints=lambda: {_s[2]: 1 - _s[0] - _s[1]},  # softmax outputs sum to 1
    generic="write dl_i/dx_1 for i = 1, 2, 3 (the derivative of ln sum_k e^{x_k} by x_1 is s_1), then sum "
            "g_i times it over i.",
))
