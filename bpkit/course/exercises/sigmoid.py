"""Exercises of 01_sigmoid_derivative: sigma' at a point, and tanh' from sigma'."""

from __future__ import annotations

import math

import sympy as sp

from ...activations import sigmoid, sigmoid_prime
from . import ExpressionExercise, NumberExercise, register

_t = sp.Symbol("t")
_S2 = float(sigmoid(2.0))

register(NumberExercise(
    id="sigmoid.prime_at_2", notebook="01_sigmoid_derivative", kind="predict",
    statement=f"Predict $\\sigma'(2)$ to three significant digits, using only $\\sigma(2) \\approx {_S2:.4f}$ and "
              "the result of this notebook. Answer with a number, e.g. `prime_guess = 0.5`.",
    why=f"$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$, so $\\sigma'(2) = {_S2:.4f} \\cdot {1 - _S2:.4f}$: a saturating "
        "sigmoid has a small slope, which is why saturated neurons learn slowly.",
    value=lambda: float(sigmoid_prime(2.0)),
    mistakes={"that is sigma(2) itself; the derivative is sigma times (1 - sigma).": lambda: float(sigmoid(2.0)),
              "you need both factors, sigma(z) and 1 - sigma(z).": lambda: 1 - float(sigmoid(2.0)),
              "at z = 0 the slope is 1/4, but the question asks about z = 2.": lambda: 0.25,
              "round to three significant digits rather than cut: look at the fourth digit.":
                  lambda: math.floor(float(sigmoid_prime(2.0)) * 1000) / 1000},
    generic="use sigma'(z) = sigma(z) (1 - sigma(z)) with the value of sigma(2) the statement gives.",
))

register(ExpressionExercise(
    id="sigmoid.tanh_prime", notebook="01_sigmoid_derivative", kind="derive",
    statement="$\\tanh(z) = 2\\sigma(2z) - 1$. Using $\\sigma' = \\sigma(1 - \\sigma)$ and the chain rule, write "
              "$\\tanh'(z)$ in terms of $t = \\tanh(z)$ only. Answer with a string or a SymPy expression in `t`, "
              "e.g. `tanh_prime = \"1 + t\"`.",
    why="$\\tanh'(z) = 2 \\cdot 2\\,\\sigma'(2z) = 4\\sigma(1-\\sigma)$ with $\\sigma = (1 + t)/2$, which is "
        "$(1 + t)(1 - t) = 1 - t^2$: like the sigmoid, tanh's slope is a function of its own value.",
    expected=lambda: 1 - _t**2, names=lambda: {"t": _t},
    mistakes={"the inner function 2z contributes a factor 2 of its own (chain rule).": lambda: (1 - _t**2) / 2,
              "check the sign in front of t^2: the slope is largest at t = 0.": lambda: 1 + _t**2,
              "write sigma(2z) in terms of t first: sigma = (1 + t)/2, and square what needs squaring.":
                  lambda: 1 - _t,
              "two factors 2 are missing: the outer 2 of 2 sigma(2z) and the inner one of 2z (chain rule).":
                  lambda: (1 - _t**2) / 4},
    generic="differentiate 2 sigma(2z) - 1 with the chain rule, write sigma(2z) as (1 + t)/2, and simplify.",
))
