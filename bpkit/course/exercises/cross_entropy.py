"""Exercises of 14_cross_entropy: delta of a weighted cross-entropy; the first gradient of a saturated neuron;
which cost is slow from the mirrored start; and a transfer: delta of a softplus output under the quadratic cost."""

from __future__ import annotations

import sympy as sp

from ... import Network
from . import ChoiceExercise, ExpressionExercise, NumberExercise, register

_a, _y, _beta = sp.symbols("a y beta")


def _cost(beta: sp.Expr) -> sp.Expr:
    """-[beta y ln a + (1 - y) ln(1 - a)]: the cross-entropy with the positive class weighted by beta."""
    return -(beta * _y * sp.log(_a) + (1 - _y) * sp.log(1 - _a))


def _delta(cost: sp.Expr) -> sp.Expr:
    """dC/dz = dC/da * sigma'(z), with sigma'(z) = a (1 - a), as an expression in a (BP1 for one neuron)."""
    return sp.factor(sp.diff(cost, _a) * _a * (1 - _a))


register(ExpressionExercise(
    id="cross_entropy.weighted", notebook="14_cross_entropy", kind="derive",
    statement="Classes are often weighted: with $a = \\sigma(z)$ and a weight $\\beta > 0$ on the positive "
              "class, $C = -[\\beta\\, y \\ln a + (1 - y)\\ln(1 - a)]$. Derive $\\delta = \\partial C/\\partial z$ by "
              "hand and write it in terms of `a`, `y` and `beta` (no $z$, no $\\sigma$). Answer with a string or SymPy "
              "expression, e.g. `delta_weighted = \"beta*a\"`.",
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


#: The neuron of the prediction exercise: saturated like Nielsen's (z = 4), but with input 2, so that the gradient
#: is none of the numbers the notebook prints.
_X, _W, _B = 2.0, 1.0, 2.0


def _first(cost: str) -> float:
    """dC/dw at the start for the neuron (input _X, weight _W, bias _B, target 0), by bpkit."""
    return float(Network([[[_W]]], [[_B]]).backprop([_X], [0.0], cost).nabla_w[0][0, 0])


def _sig(z: float) -> float:
    """sigma(z), to double precision."""
    return float(sp.N(1 / (1 + sp.exp(-z))))


register(NumberExercise(
    id="cross_entropy.first_gradient", notebook="14_cross_entropy", kind="predict",
    statement="A saturated sigmoid neuron: input $x = 2$, weight $w = 1$, bias $b = 2$, target $y = 0$, and the "
              "**cross-entropy** cost. Before running anything, predict $\\partial C/\\partial w$ at the start (four "
              "digits are enough). Answer with a number, e.g. `dw_guess = 0.5`.",
    why="The forward pass gives $z = wx + b = 4$ and $a = \\sigma(4)$; BP1 gives $\\delta = a - y = \\sigma(4)$, "
        "and BP4 multiplies by the input $x = 2$. The quadratic cost would carry the extra factor "
        "$\\sigma'(4) \\approx 0.018$.",
    value=lambda: _first("cross_entropy"),
    mistakes={"that carries the factor sigma'(z): the cross-entropy's delta has none.":
                  lambda: _first("quadratic"),
              "check the sign: the output is above the target, so raising w raises the cost.":
                  lambda: -_first("cross_entropy"),
              "that is delta = dC/db: BP4 multiplies delta by the input x.":
                  lambda: _sig(4.0),
              "that is sigma'(z) times x: the cross-entropy's delta is the error a - y itself.":
                  lambda: _X * _sig(4.0) * (1 - _sig(4.0)),
              "forward pass: z = w x + b, so the input x multiplies w before the bias is added.":
                  lambda: _X * _sig(_W + _B),
              "forward pass: the bias b is part of z = w x + b.":
                  lambda: _X * _sig(_W * _X)},
    generic="forward pass first (z = w x + b, then a), then the cross-entropy's delta, then BP4 multiplies by the "
            "input x.",
))

register(ChoiceExercise(
    id="cross_entropy.plateau", notebook="14_cross_entropy", kind="explain",
    statement="Mirror Nielsen's neuron: start it at $w = b = -2$, so $a = \\sigma(-4) \\approx 0.018$, with target "
              "$y = 1$ and the same $\\alpha = 0.15$. Which cost now learns slowly at first, and why?\n\n"
              "- (a) The quadratic cost: its $\\delta = (a - y)\\,\\sigma'(z)$, and $\\sigma'(-4) = \\sigma'(4) "
              "\\approx 0.018$: a large error, a tiny gradient.\n"
              "- (b) Neither: the sigmoid saturates only near $a = 1$, so a start near $a = 0$ learns fast with both "
              "costs.\n"
              "- (c) Both: the neuron is saturated, and every cost's $\\delta$ carries the factor $\\sigma'(z)$.\n"
              "- (d) The quadratic cost, because the target 1 is farther from 0.018 than the target 0 was from "
              "0.98.\n\n"
              "Answer with one letter.",
    why="$\\sigma'$ is even, $\\sigma'(-z) = \\sigma'(z)$ (as $\\sigma(-z) = 1 - \\sigma(z)$), so the sigmoid is "
        "just as flat at $a = 0.018$ as at $a = 0.98$. The quadratic cost's $\\delta = (a - y)\\,\\sigma'(z)$ "
        "carries that factor, the cross-entropy's $\\delta = a - y$ does not: the same slowdown, mirrored.",
    options={"a": "quadratic: sigma'(-4) is tiny too", "b": "neither", "c": "both",
             "d": "quadratic: the error is larger"},
    correct="a",
    hints={"b": "sigma'(z) = a (1 - a) is small at both ends: compute sigma'(-4) and compare it with sigma'(4).",
           "c": "the cross-entropy's delta is a - y (Step 1): its sigma' cancels, on either side of the sigmoid.",
           "d": "the two errors are the same size, |0.018 - 1| = |0.98 - 0| = 0.982: compare the factors in delta "
                "instead."},
))

_z, _t = sp.symbols("z t")
_sigma = sp.Lambda(_t, 1 / (1 + sp.exp(-_t)))
_softplus = sp.log(1 + sp.exp(_z))


def _softplus_delta() -> sp.Expr:
    """SymPy's dC/dz for a = ln(1 + e^z) and C = (a - y)^2 / 2."""
    return sp.diff((_softplus - _y) ** 2 / 2, _z)


register(ExpressionExercise(
    id="cross_entropy.softplus_output", notebook="14_cross_entropy", kind="derive",
    statement="A regression network ends in a **softplus** neuron, $a = \\ln(1 + e^{z})$ (always positive), trained "
              "with the quadratic cost $C = \\frac12 (a - y)^2$. Derive $\\delta = \\partial C/\\partial z$ by hand. "
              "Write it with `z` and `y`; `a` and `sigma(z)` (the sigmoid) may appear too. Answer with a string or "
              "SymPy expression.",
    why="$\\partial C/\\partial a = a - y$, and the softplus's slope is $e^z/(1 + e^z) = \\sigma(z)$: "
        "$\\delta = (a - y)\\,\\sigma(z)$. The slope tends to 1 for large $z$, so a softplus output too large learns "
        "at full speed; for very negative $z$ it tends to 0, and learning slows as with a saturated sigmoid.",
    expected=_softplus_delta,
    names=lambda: {"z": _z, "y": _y, "a": _a, "sigma": _sigma},
    constraints=lambda: {_a: _softplus},
    mistakes={"a(1 - a) is the sigmoid's slope written in its output; here the output is ln(1 + e^z): differentiate "
              "that.": lambda: (_softplus - _y) * _softplus * (1 - _softplus),
              "BP1 multiplies dC/da = a - y by the slope of the output activation, d/dz ln(1 + e^z).":
                  lambda: _softplus - _y,
              "that is the cross-entropy's delta for a sigmoid output; here the cost is quadratic and the output a "
              "softplus.": lambda: _sigma(_z) - _y,
              "d/dz ln(u) = u'/u: the inner derivative u' = e^z is missing.":
                  lambda: (_softplus - _y) / (1 + sp.exp(_z)),
              "check the sign: dC/da = a - y, and the slope of ln(1 + e^z) is positive.":
                  lambda: (_y - _softplus) * _sigma(_z),
              "sigma(z)(1 - sigma(z)) is the sigmoid's own slope; the softplus's slope is one derivative less.":
                  lambda: (_softplus - _y) * _sigma(_z) * (1 - _sigma(_z)),
              "a factor 2 too many: the 1/2 of C = 1/2 (a - y)^2 cancels the 2 from differentiating the square.":
                  lambda: 2 * (_softplus - _y) * _sigma(_z)},
    generic="BP1 for one output: dC/da times the slope of ln(1 + e^z); take that slope with the chain rule through "
            "the logarithm.",
))
