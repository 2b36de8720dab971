"""Exercises of 07_softmax_jacobian: fix the diagonal-only gradient; an entry of the Jacobian of softmax with a
temperature, by hand (the notebook derives it without one); the log-softmax vector-Jacobian product (a transfer:
the notebook derives softmax's, not log-softmax's)."""

from __future__ import annotations

import numpy as np
import sympy as sp

import bpkit

from ...activations import Activation, softmax
from . import ExpressionExercise, FunctionExercise, register

_s1, _s2 = sp.symbols("s1 s2")
_tau = sp.Symbol("tau", positive=True)
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
              "dC/dx (shape of x), using `bpkit.softmax` but none of `bpkit.softmax_vjp`, "
              "`bpkit.softmax_jacobian` or the `vjp` of `bpkit.ACTIVATIONS`. Answer with the function, e.g. "
              "`softmax_backward_answer = my_function`.",
    why="Every output depends on every logit, so dC/dx = J^T g with J = diag(s) - s s^T, i.e. "
        "s * (g - s @ g): the diagonal alone, s (1 - s) g, misses the terms -s_i s_k g_k, k != i, that the other "
        "outputs contribute.",
    reference=_by_hand,
    trials=lambda rng: [(rng.normal(size=n), rng.normal(size=n)) for n in (2, 3, 6)],
    mistakes={"that uses only the Jacobian's diagonal: each s_i depends on every x_j, not only on x_i.":
                  _diagonal_only,
              "the off-diagonal entries are -s_i s_j: check the sign of the s s^T term.":
                  lambda x, g: softmax(x) * (g + softmax(x) @ g),
              "a factor s is missing: every entry of the Jacobian, ds_i/dx_j = s_i([i = j] - s_j), has s_i in "
              "front, and J is symmetric, so J^T g keeps it.": lambda x, g: g - softmax(x) @ g,
              "that uses the Jacobian I - 1 s^T, entries [i = j] - s_j; softmax's is diag(s) - s s^T, entries "
              "s_i([i = j] - s_j): row i has a factor s_i.": lambda x, g: g - softmax(x) * g.sum(),
              "check the sign: raising x_i raises s_i, so the diagonal entries ds_i/dx_i are positive; only the "
              "off-diagonal ones carry a minus.": lambda x, g: -_by_hand(x, g)},
    wrong=((lambda x, g: bpkit.softmax_jacobian(x).T @ g, "softmax_jacobian"),
           (lambda x, g: bpkit.softmax_vjp(x, g), "softmax_vjp"),
           (lambda x, g: bpkit.ACTIVATIONS["softmax"].vjp(x, g), "ACTIVATIONS")),
    forbidden={"bpkit.softmax_vjp": bpkit.softmax_vjp, "bpkit.softmax_jacobian": bpkit.softmax_jacobian,
               'bpkit.ACTIVATIONS["softmax"].vjp': Activation.vjp},
))


def _tempered_entry() -> sp.Expr:
    """ds_1/dx_2 for s = softmax(x / tau): the chain rule through u = x / tau multiplies J_12 = -s_1 s_2 by 1/tau."""
    return -_s1 * _s2 / _tau


register(ExpressionExercise(
    id="softmax.entry", notebook="07_softmax_jacobian", kind="derive",
    statement="Distillation and sampling divide the logits by a temperature $\\tau > 0$: "
              "$s = \\mathrm{softmax}(x/\\tau)$, $s_i = e^{x_i/\\tau} / \\sum_{k=1}^3 e^{x_k/\\tau}$ for three logits. "
              "Derive $\\partial s_1/\\partial x_2$ by hand and write it in terms of $s_1$, $s_2$ and $\\tau$. Answer "
              "with a string or SymPy expression in `s1`, `s2`, `tau`, e.g. `ds1_dx2 = \"s1 + tau\"`.",
    why="With $u = x/\\tau$, $s = \\mathrm{softmax}(u)$ and the chain rule gives $\\partial s_1/\\partial x_2 = "
        "(\\partial s_1/\\partial u_2)(\\partial u_2/\\partial x_2) = -s_1 s_2 \\cdot \\frac1\\tau$: the softmax "
        "Jacobian $s_i(\\delta_{ij} - s_j)$ at $x/\\tau$, divided by $\\tau$.",
    expected=_tempered_entry, names=lambda: {"s1": _s1, "s2": _s2, "tau": _tau},
    mistakes={"that is the entry without the temperature: the chain rule through u = x/tau adds a factor du/dx = "
              "1/tau.": lambda: -_s1 * _s2,
              "the inner derivative of x/tau is 1/tau, not tau: the chain rule divides by the temperature.":
                  lambda: -_s1 * _s2 * _tau,
              "check the sign: raising x_2 raises the denominator only, so s_1 falls.": lambda: _s1 * _s2 / _tau,
              "that is the diagonal entry ds_1/dx_1; x_2 enters s_1 only through the denominator.":
                  lambda: _s1 * (1 - _s1) / _tau,
              "that is the diagonal entry ds_1/dx_1 without the temperature; x_2 enters s_1 only through the "
              "denominator, and u = x/tau adds a factor 1/tau.": lambda: _s1 * (1 - _s1)},
    generic="write s_1 = e^{u_1} / sum_k e^{u_k} with u = x/tau; differentiate by u_2 (the quotient rule), then "
            "multiply by du_2/dx_2.",
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
