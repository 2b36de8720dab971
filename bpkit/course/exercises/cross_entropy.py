"""Exercises of 12_cross_entropy: delta of a weighted cross-entropy; the first gradient of a saturated neuron;
why the quadratic cost's curve starts flat."""

from __future__ import annotations

import sympy as sp

from ..crossentropy import saturated_neuron
from . import ChoiceExercise, ExpressionExercise, NumberExercise, register

_a, _y, _beta = sp.symbols("a y beta")


def _cost(beta: sp.Expr) -> sp.Expr:
    """-[beta y ln a + (1 - y) ln(1 - a)]: the cross-entropy with the positive class weighted by beta."""
    return -(beta * _y * sp.log(_a) + (1 - _y) * sp.log(1 - _a))


def _delta(cost: sp.Expr) -> sp.Expr:
    """dC/dz = dC/da * sigma'(z), with sigma'(z) = a (1 - a), as an expression in a (BP1 for one neuron)."""
    return sp.factor(sp.diff(cost, _a) * _a * (1 - _a))


register(ExpressionExercise(
    id="cross_entropy.weighted", notebook="12_cross_entropy", kind="derive",
    statement="Classes are often weighted: with $a = \\sigma(z)$ and a weight $\\beta > 0$ on the positive "
              "class, $C = -[\\beta\\, y \\ln a + (1 - y)\\ln(1 - a)]$. Derive $\\delta = \\partial C/\\partial z$ by "
              "hand and write it in terms of `a`, `y` and `beta` (no $z$, no $\\sigma$). Answer with a string or SymPy "
              "expression, e.g. `delta_weighted = \"a - beta*y\"`.",
    why="BP1: $\\partial C/\\partial a = -\\beta y/a + (1 - y)/(1 - a)$, times $\\sigma'(z) = a(1 - a)$, gives "
        "$-\\beta y (1 - a) + (1 - y) a$: the $a(1 - a)$ still cancels every denominator, so there is no learning "
        "slowdown; with $\\beta = 1$ it is $a - y$.",
    expected=lambda: _delta(_cost(_beta)), names=lambda: {"a": _a, "y": _y, "beta": _beta},
    mistakes={"beta weights only the y ln a term: with beta it does not reduce to the unweighted a - y.":
                  lambda: _a - _y,
              "that is dC/da: BP1 multiplies it by sigma'(z) = a (1 - a).":
                  lambda: sp.diff(_cost(_beta), _a),
              "check the sign: C has a minus in front, and delta is dC/dz.":
                  lambda: -_delta(_cost(_beta)),
              "beta multiplies y ln a, so it stays with every term that came from y, including y a.":
                  lambda: _a - _beta * _y},
    generic="differentiate C with respect to a, multiply by sigma'(z) = a (1 - a), and simplify.",
))


def _first(cost: str) -> float:
    """dC/dw at the start for Nielsen's neuron (w = b = 2, input 1, target 0), by bpkit."""
    return float(saturated_neuron(2.0).backprop([1.0], [0.0], cost).nabla_w[0][0, 0])


register(NumberExercise(
    id="cross_entropy.first_gradient", notebook="12_cross_entropy", kind="predict",
    statement="Nielsen's saturated neuron: input $x = 1$, weight $w = 2$, bias $b = 2$, target $y = 0$, sigmoid. "
              "Before running anything, predict $\\partial C/\\partial w$ at the start for the **cross-entropy** "
              "cost (four digits are enough). Answer with a number, e.g. `dw_guess = 0.5`.",
    why="BP1 gives $\\delta = a - y = \\sigma(4) - 0$ and BP4 multiplies by the input $x = 1$: the gradient is the "
        "error itself, about 56 times the quadratic cost's, which carries the extra factor $\\sigma'(4)$.",
    value=lambda: _first("cross_entropy"),
    mistakes={"that carries the factor sigma'(z): the cross-entropy's delta has none.":
                  lambda: _first("quadratic"),
              "check the sign: the output is above the target, so raising w raises the cost.":
                  lambda: -_first("cross_entropy"),
              "that is sigma'(z) alone: delta is the error a - y.":
                  lambda: float(saturated_neuron(2.0).forward([1.0]).output[0]) * (
                      1 - float(saturated_neuron(2.0).forward([1.0]).output[0]))},
    generic="forward pass first (z = w x + b), then the cross-entropy's delta, then BP4 multiplies by the input x.",
))

register(ChoiceExercise(
    id="cross_entropy.plateau", notebook="12_cross_entropy", kind="explain",
    statement="In the top figure of section 4, the quadratic cost's error stays above 0.9 for more than 170 steps, "
              "although the neuron is far from its target, while the cross-entropy's falls at once. Why?\n\n"
              "- (a) The quadratic cost's $\\delta = (a - y)\\,\\sigma'(z)$, and $\\sigma'(4) \\approx 0.018$: the "
              "error is large but the gradient is tiny until $z$ leaves the flat part of the sigmoid.\n"
              "- (b) The quadratic cost was trained with a smaller learning rate.\n"
              "- (c) The quadratic cost has a local minimum near $a = 0.98$ that the neuron must escape.\n"
              "- (d) The cross-entropy's value is larger (4.0 against 0.48), and a larger cost always has a larger "
              "gradient.\n\n"
              "Answer with a letter, e.g. `plateau_answer = \"e\"`.",
    why="For the quadratic cost $\\partial C/\\partial w = x\\,(a - y)\\,\\sigma'(z)$, and $\\sigma'$ is nearly 0 "
        "where the sigmoid is saturated; the cross-entropy's $x\\,(a - y)$ has no such factor, so it learns fastest "
        "when it is most wrong.",
    options={"a": "sigma' is tiny at saturation", "b": "smaller learning rate", "c": "a local minimum",
             "d": "a larger cost has a larger gradient"},
    correct="a",
    hints={"b": "both runs use the same learning rate alpha = 0.15: compare the factors in delta instead.",
           "c": "1/2 (a - y)^2 has its only minimum at a = y: look at what multiplies (a - y) in delta.",
           "d": "the value of a cost says nothing about its slope: compare dC/dz of both costs."},
))
