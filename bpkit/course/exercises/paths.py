"""Exercises of 09_big_picture: count the paths; one path's product in the worked example; how the width's cost
grows with the depth."""

from __future__ import annotations

import sympy as sp

from ...activations import sigmoid_prime
from ..paths import count_paths, counts, path_terms, rate_factors, uniform
from . import ChoiceExercise, ExpressionExercise, NumberExercise, register
from ._example import example

_n, _D = sp.symbols("n D", integer=True, positive=True)


def _count_expected() -> sp.Expr:
    """n^(D-1) paths from a weight of the second hidden layer, with D hidden layers of n and n outputs; checked
    against ``count_paths`` (which multiplies the widths) for 2..7 hidden layers of 1..5."""
    formula = _n ** (_D - 1)
    if any(formula.subs({_n: n, _D: d}) != count_paths([n] * (d + 2), 2) for d in range(2, 8) for n in range(1, 6)):
        raise RuntimeError("the path-count formula disagrees with count_paths")
    return formula


register(ExpressionExercise(
    id="paths.count", notebook="09_big_picture", kind="derive",
    statement="A network has $D \\ge 2$ hidden layers of $n$ neurons each and an output layer of $n$ neurons. "
              "How many paths lead from a weight $w^2_{jk}$ of the second hidden layer to the cost? Answer with an "
              "expression in `n` and `D` (a string or SymPy), e.g. `paths_count = \"n*D\"`.",
    why="The path starts at neuron $j$ of hidden layer 2, fixed by the weight; then it picks one of $n$ neurons in "
        "each of the hidden layers $3, \\dots, D$ and one of the $n$ outputs: $n^{D-2} \\cdot n = n^{D-1}$ "
        "choices, which multiply.",
    expected=_count_expected, names=lambda: {"n": _n, "D": _D},
    mistakes={"the weight already fixes its neuron in hidden layer 2: do not choose it again.": lambda: _n ** _D,
              "each choice in one layer combines with every choice in the next: the counts multiply, they do not "
              "add.": lambda: _n * (_D - 1),
              "count the output layer too: a path picks one of its n neurons.": lambda: _n ** (_D - 2),
              "n is the width and D the number of hidden layers: the base is the number of choices in one layer.":
                  lambda: _D ** (_n - 1)},
    generic="count the choices: after the weight's neuron, a path picks one neuron in each later hidden layer and "
            "one output neuron; how many choices per layer, how many layers, and do the choices add or multiply?",
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


def _width_growth(depth: int) -> tuple[float, float, float]:
    """At ``depth`` hidden layers, from width 3 to width 6: the growth of the path sum's multiplications, of
    backprop's, and of their ratio; the ratio's growth checked to be about 2^(depth - 1) (between half and twice):
    about 8 at 4 hidden layers, about 2^9 at 10."""
    before, after = counts(uniform(depth, 3)), counts(uniform(depth, 6))
    paths_grow, bp_grow = after.path_mults / before.path_mults, after.backprop_mults / before.backprop_mults
    if not 2 ** (depth - 1) / 2 < paths_grow / bp_grow < 2 * 2 ** (depth - 1):
        raise RuntimeError(f"the ratio does not grow by about 2^{depth - 1} at {depth} hidden layers")
    return paths_grow, bp_grow, paths_grow / bp_grow


register(ChoiceExercise(
    id="paths.growth", notebook="09_big_picture", kind="explain",
    statement="The right panel of the growth figure is drawn at 4 hidden layers. At 10 hidden layers, from width 3 "
              "to width 6, by about what factor does the ratio of the path sum's multiplications to backprop's grow? "
              "(a) about 8, as at 4 hidden layers; (b) about $2^9$, hundreds; (c) about 2, as the width doubles; "
              "(d) about 1, as both counts grow with the width. Answer with one letter.",
    why="A path from a first-layer weight picks one neuron in every later hidden layer, so with $D$ hidden layers "
        "of width $n$ the path sum's work grows like $n^{D+1}$: from width 3 to 6 at 10 hidden layers it grows "
        f"{_width_growth(10)[0]:,.0f} times, near $2^{{11}}$. Backprop's work grows like the number of weights, "
        f"$n^2$, at any depth ({_width_growth(10)[1]:.2f} times). So the ratio grows about $2^9 = 512$ times "
        f"({_width_growth(10)[2]:,.0f} here), against about $2^3 = 8$ at 4 hidden layers "
        f"({_width_growth(4)[2]:.1f}): the deeper the network, the more the width costs the path sum.",
    options={"a": "about 8", "b": "about 2^9", "c": "about 2", "d": "about 1"},
    correct="b",
    hints={"a": "at 10 hidden layers a path from a first-layer weight picks a neuron in more layers than at 4, so the "
                "width enters the path count more often: count the choices per path.",
           "c": "the path count is not proportional to the width: a path picks one of n neurons in every later "
                "layer, and those choices multiply.",
           "d": "both counts grow, but not alike: backprop's like the number of weights, n^2, the path count like a "
                "power of n that rises with the depth."},
))
