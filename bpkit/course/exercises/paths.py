"""Exercises of 09_big_picture: count the paths; one path's product in the worked example; read the growth plot."""

from __future__ import annotations

import sympy as sp

from ...activations import sigmoid_prime
from ..paths import count_paths, path_terms, rate_factors, uniform
from . import ChoiceExercise, ExpressionExercise, NumberExercise, register
from ._example import example

_n, _D = sp.symbols("n D", integer=True, positive=True)


def _count_expected() -> sp.Expr:
    """n^(D-1), checked against ``count_paths`` (which multiplies the widths) for 1..6 hidden layers of 1..5."""
    formula = _n ** (_D - 1)
    if any(formula.subs({_n: n, _D: d}) != count_paths(uniform(d, n), 1) for d in range(1, 7) for n in range(1, 6)):
        raise RuntimeError("the path-count formula disagrees with count_paths")
    return formula


register(ExpressionExercise(
    id="paths.count", notebook="09_big_picture", kind="derive",
    statement="A network has $D$ hidden layers of $n$ neurons each and one output neuron. How many paths lead from "
              "a weight $w^1_{jk}$ of the first layer to the cost? Answer with an expression in `n` and `D` (a "
              "string or SymPy), e.g. `paths_count = \"n*D\"`.",
    why="The path starts at neuron $j$ of hidden layer 1, fixed by the weight; then it picks one of $n$ neurons in "
        "each of the hidden layers $2, \\dots, D$ and the one output: $n^{D-1} \\cdot 1$ choices, which multiply.",
    expected=_count_expected, names=lambda: {"n": _n, "D": _D},
    mistakes={"the weight already fixes its neuron in hidden layer 1: do not choose it again.": lambda: _n ** _D,
              "each choice in one layer combines with every choice in the next: the counts multiply, they do not "
              "add.": lambda: _n * (_D - 1),
              "count the layers after the weight's own layer: hidden layers 2..D.": lambda: _n ** (_D - 2),
              "n is the width and D the number of hidden layers: the base is the number of choices in one layer.":
                  lambda: _D ** (_n - 1)},
    generic="count the choices: after the weight's neuron, a path picks one neuron in each later hidden layer and "
            "then the output; how many choices per layer, how many layers, and do the choices add or multiply?",
))


_WEIGHT = "w24"  # w^1_22: reaches the cost via a^2_1 (the article's neuron 6) and a^2_2 (neuron 7)


def _terms() -> dict[int, float]:
    """Each path's product for the weight, by the neuron of layer 2 it passes (1 or 2, Nielsen's j)."""
    ex, _, _ = example()
    l, j, k = ex.weight_position(_WEIGHT)
    return {p[1] + 1: v for p, v in path_terms(ex.network(), ex.x, ex.y, l, j, k).items()}


def _start_factor() -> float:
    ex, _, _ = example()
    l, j, k = ex.weight_position(_WEIGHT)
    return rate_factors(ex.network(), ex.x, ex.y, l, k, (j, 1, 0))[0]


def _given() -> str:
    """The numbers the statement gives: the slopes sigma'(z) on the path, the weights, x_2, a^3_1 and y."""
    ex, grads, _ = example()
    zs = grads.trace.zs
    primes = {(l, j): float(sigmoid_prime(zs[l - 1][j - 1])) for l, j in ((1, 2), (2, 2), (3, 1))}
    w = ex.network().weights
    return (f"$\\sigma'(z^1_2) = {primes[1, 2]:.6f}$, $\\sigma'(z^2_2) = {primes[2, 2]:.6f}$, "
            f"$\\sigma'(z^3_1) = {primes[3, 1]:.6f}$, $x_2 = {ex.x[1]:g}$, $w^2_{{22}} = {w[1][1, 1]:g}$, "
            f"$w^3_{{12}} = {w[2][0, 1]:g}$, $a^3_1 = {grads.trace.output[0]:.6f}$, $y = {ex.y[0]:g}$")


register(NumberExercise(
    id="paths.via_7", notebook="09_big_picture", kind="predict",
    statement="In the worked example the weight $w^1_{22}$ (the article's $w_{24}$) reaches the cost through "
              "$a^2_1$ and through $a^2_2$. Predict the product of the rate factors along the path through $a^2_2$: "
              "$\\partial a^1_2/\\partial w^1_{22} = \\sigma'(z^1_2)\\,x_2$, then "
              "$\\sigma'(z^2_2)\\,w^2_{22}$, then $\\sigma'(z^3_1)\\,w^3_{12}$, then "
              "$\\partial C/\\partial a^3_1 = a^3_1 - y$, with "
              f"{_given()}. Answer with a number, e.g. `via_7 = 0.001`.",
    why="Each factor $\\sigma' \\le 1/4$ shrinks the path; $w^3_{12} < 0$ and $a^3_1 - y < 0$ cancel in sign, so "
        "this path adds a small positive amount to $\\partial C/\\partial w^1_{22}$. The path through $a^2_1$ is "
        "positive too ($w^2_{12} < 0$ and $a^3_1 - y < 0$) and several times larger; the gradient is the sum of the "
        "two.",
    value=lambda: _terms()[2],
    mistakes={"that is the path through a^2_1; the question asks for the one through a^2_2.": lambda: _terms()[1],
              "that is the sum of both paths; the question asks for one path.": lambda: sum(_terms().values()),
              "check the sign: Nielsen's dC/dw, with dC/da^3_1 = a^3_1 - y (the article's delta has the other "
              "sign).": lambda: -_terms()[2],
              "the path starts at the weight: its first factor is da^1_2/dw^1_22 = sigma'(z^1_2) x_2, which is "
              "missing.": lambda: _terms()[2] / _start_factor()},
    generic="multiply the four factors the statement lists, in order, each with its sign.",
))

register(ChoiceExercise(
    id="paths.growth", notebook="09_big_picture", kind="explain",
    statement="The left panel of the growth figure has a log scale. What do its curves say? (a) both grow "
              "exponentially, backprop with a smaller base; (b) the path sum grows exponentially with depth, by about "
              "the width per added layer, and backprop grows linearly; (c) backprop's cost does not depend on the "
              "depth; (d) the path sum grows quadratically with depth. Answer with one letter.",
    why="A straight line on a log scale is exponential growth: every added layer multiplies the number of paths by "
        "its width. Backprop adds one BP2 and one BP4 per layer, a fixed number of multiplications, so its curve is "
        "a straight line on a linear scale, which looks flat on a log scale.",
    options={"a": "both exponential", "b": "exponential against linear", "c": "constant", "d": "quadratic"},
    correct="b",
    hints={"a": "an exponential curve is a straight line on a log scale; backprop's curves are not straight there.",
           "c": "backprop's curves do rise: each added layer adds one BP2 and one BP4.",
           "d": "a power of the depth bends on a log scale; the path-sum curves are straight: read the axis type."},
))
