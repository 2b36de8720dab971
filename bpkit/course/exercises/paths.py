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
              "a weight $w^1_{jk}$ of the first layer to the cost? Answer with a string or SymPy expression in `n` "
              "and `D`, e.g. `paths_count = \"n*D\"`.",
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


_WEIGHT = "w24"  # reaches the cost along 4 -> 6 -> 8 and 4 -> 7 -> 8


def _terms() -> dict[int, float]:
    """Each path's product for the weight, by the neuron of the second hidden layer it passes."""
    ex, _, _ = example()
    l, j, k = ex.weight_position(_WEIGHT)
    return {ex.layers[2][p[1]]: v for p, v in path_terms(ex.network(), ex.x, ex.y, l, j, k).items()}


def _start_factor() -> float:
    ex, _, _ = example()
    l, j, k = ex.weight_position(_WEIGHT)
    return rate_factors(ex.network(), ex.x, ex.y, l, k, (j, 1, 0))[0]


def _given() -> str:
    """The numbers the statement gives: slopes sigma'(z) of neurons 4, 7, 8, the weights, O_2, O_8 and y."""
    ex, grads, _ = example()
    primes = {n: float(sigmoid_prime(grads.trace.zs[layer - 1][q])) for n, (layer, q) in
              ((n, ex.neuron_position(n)) for n in (4, 7, 8))}
    return (f"$\\sigma'(z_4) = {primes[4]:.6f}$, $\\sigma'(z_7) = {primes[7]:.6f}$, "
            f"$\\sigma'(z_8) = {primes[8]:.6f}$, $O_2 = {ex.x[1]:g}$, $w_{{47}} = {ex.weights['w47']:g}$, "
            f"$w_{{78}} = {ex.weights['w78']:g}$, $O_8 = {grads.trace.output[0]:.6f}$, $y = {ex.y[0]:g}$")


register(NumberExercise(
    id="paths.via_7", notebook="09_big_picture", kind="predict",
    statement="In the worked example the weight $w_{24}$ reaches the cost along two paths, through neuron 6 and "
              "through neuron 7. Predict the product of the rate factors along $w_{24} \\to 4 \\to 7 \\to 8 \\to C$ "
              "(eq. (53), Nielsen's sign: $\\partial a_4/\\partial w_{24} = \\sigma'(z_4) O_2$, then "
              "$\\sigma'(z_7) w_{47}$, then $\\sigma'(z_8) w_{78}$, then $\\partial C/\\partial a_8 = O_8 - y$), "
              f"with {_given()}. Answer with a number, e.g. `via_7 = 0.001`.",
    why="Each factor $\\sigma' \\le 1/4$ shrinks the path; $w_{78} < 0$ and $O_8 - y < 0$ cancel in sign, so this "
        "path adds a small positive amount to $\\partial C/\\partial w_{24}$. The path through neuron 6 is positive "
        "too ($w_{46} < 0$ and $O_8 - y < 0$) and several times larger; the gradient is the sum of the two.",
    value=lambda: _terms()[7],
    mistakes={"that is the path through neuron 6; the question asks for the one through neuron 7.":
                  lambda: _terms()[6],
              "that is the sum of both paths; the question asks for one path.": lambda: sum(_terms().values()),
              "check the sign: Nielsen's dC/dw, with dC/da_8 = O_8 - y (the article's delta has the other sign).":
                  lambda: -_terms()[7],
              "the path starts at the weight: its first factor is da_4/dw_24 = sigma'(z_4) O_2, which is missing.":
                  lambda: _terms()[7] / _start_factor()},
    generic="multiply the four factors the statement lists, in order, each with its sign.",
))

register(ChoiceExercise(
    id="paths.growth", notebook="09_big_picture", kind="explain",
    statement="In the left panel of the growth figure (log scale), the curves of the sum over paths are nearly "
              "straight lines rising with depth, and backprop's curves rise slowly and bend flat. What does that "
              "say? (a) the path sum grows exponentially with depth, by about the width per added layer, and "
              "backprop grows linearly, by the same amount per added layer; (b) both grow exponentially, backprop "
              "with a smaller base; (c) the path sum grows quadratically with depth; (d) backprop's cost does not "
              "depend on the depth at all. Answer with a letter, e.g. `growth_reading = \"a\"`.",
    why="A straight line on a log scale is exponential growth: every added layer multiplies the number of paths by "
        "its width. Backprop adds one BP2 and one BP4 per layer, a fixed number of multiplications, so its curve is "
        "a straight line on a linear scale, which looks flat on a log scale.",
    options={"a": "exponential against linear", "b": "both exponential", "c": "quadratic", "d": "constant"},
    correct="a",
    hints={"b": "an exponential curve is a straight line on a log scale; backprop's curves are not straight there.",
           "c": "a power of the depth bends on a log scale; the path-sum curves are straight: read the axis type.",
           "d": "backprop's curves do rise: each added layer adds one BP2 and one BP4."},
))
