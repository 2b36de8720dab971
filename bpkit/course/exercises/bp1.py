"""Exercises of 03_bp1: predict delta^L at a new target; complete BP1 for the quadratic cost; transfer BP1 to a
tanh output layer."""

from __future__ import annotations

import numpy as np
import sympy as sp

import bpkit

from ...activations import sigmoid, sigmoid_prime
from . import ExpressionExercise, FunctionExercise, NumberExercise, register
from ._example import example

_TARGET = 0.1  # a target the notebook never uses: the output 0.5518 now lies above it


def _parts() -> tuple[float, float, float]:
    """z^L, a^L and sigma'(z^L) of the worked example's output neuron."""
    _, grads, _ = example()
    z = float(grads.trace.zs[-1][0])
    return z, float(grads.trace.output[0]), float(sigmoid_prime(z))


def _delta(target: float, factor: float = 1.0) -> float:
    z, a, slope = _parts()
    return factor * (a - target) * slope


register(NumberExercise(
    id="bp1.delta8", notebook="03_bp1", kind="predict",
    statement=f"The worked example's output neuron has $z^L = I_8 \\approx {_parts()[0]:.4f}$ and $a^L = O_8 \\approx "
              f"{_parts()[1]:.4f}$. Change its target to $y = {_TARGET:g}$. Predict $\\delta^L = \\partial C/\\partial "
              "z^L$ for the quadratic cost $C = \\frac12 (y - a^L)^2$. Answer with a number, e.g. "
              "`delta8_guess = 0.5`.",
    why=f"BP1: $\\delta^L = (a^L - y)\\,\\sigma'(z^L) = ({_parts()[1]:.4f} - {_TARGET:g}) \\cdot {_parts()[2]:.4f}$. "
        "Positive now: the output is above the target, so raising $z^L$ would raise the cost.",
    value=lambda: _delta(_TARGET),
    mistakes={"check the sign: Nielsen's delta is dC/dz = (a - y) sigma'(z), and here a is above y.":
                  lambda: -_delta(_TARGET),
              "that is delta^L for the worked example's target 0.9; the question moves the target.":
                  lambda: _delta(0.9),
              "that is the worked example's delta (target 0.9) with its sign flipped; the question moves the target "
              "to 0.1, and delta^L = dC/dz^L.": lambda: -_delta(0.9),
              "BP1 multiplies the output error by sigma'(z^L): a factor is missing.":
                  lambda: _parts()[1] - _TARGET,
              "sigma'(z) = sigma(z)(1 - sigma(z)), not sigma(z).":
                  lambda: (_parts()[1] - _TARGET) * _parts()[1],
              "with C = 1/2 (y - a)^2, dC/da = a - y: the 1/2 cancels the 2 of the square.":
                  lambda: _delta(_TARGET, 2.0),
              "take the slope at z^L = I_8: sigma'(z^L) = a^L (1 - a^L), not sigma'(a^L).":
                  lambda: (_parts()[1] - _TARGET) * float(sigmoid_prime(_parts()[1]))},
    generic="BP1: multiply the output error a^L - y, with the new target, by the slope sigma'(z^L) = a^L (1 - a^L).",
))


def _reference(z_L: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (sigmoid(z_L) - y) * sigmoid_prime(z_L)


register(FunctionExercise(
    id="bp1.complete", notebook="03_bp1", kind="complete",
    statement="Complete `def bp1_quadratic(z_L, y):` returning $\\delta^L$ (shape of `z_L`) for a sigmoid output "
              "layer and the quadratic cost $C = \\frac12\\lVert y - a^L\\rVert^2$; use `bpkit.sigmoid` and "
              "`bpkit.sigmoid_prime`, not `bpkit.bp1`. Answer with the function, e.g. "
              "`bp1_quadratic = my_function`.",
    why="$\\nabla_a C = a^L - y$ for the quadratic cost, and BP1 multiplies it elementwise by $\\sigma'(z^L)$.",
    reference=_reference,
    trials=lambda rng: [(rng.normal(0, 2, n), rng.uniform(0, 1, n)) for n in (1, 3, 5)],
    mistakes={"check the sign of the output error: grad_a C = a - y for C = 1/2 ||y - a||^2.":
                  lambda z, y: (y - sigmoid(z)) * sigmoid_prime(z),
              "BP1 multiplies the output error by sigma'(z^L): a factor is missing.": lambda z, y: sigmoid(z) - y,
              "multiply by sigma'(z^L), the slope, not by sigma(z^L).": lambda z, y: (sigmoid(z) - y) * sigmoid(z),
              "take the slope at z^L: sigma'(z^L), not sigma'(a^L) = sigma'(sigma(z^L)).":
                  lambda z, y: (sigmoid(z) - y) * sigmoid_prime(sigmoid(z)),
              "sigma'(z^L) = sigma(z^L)(1 - sigma(z^L)), not z^L (1 - z^L): the form a(1 - a) takes the output "
              "a^L = sigma(z^L), not z^L.": lambda z, y: (sigmoid(z) - y) * z * (1 - z),
              "with C = 1/2 ||y - a||^2, grad_a C = a - y: the 1/2 cancels the 2 of the square.":
                  lambda z, y: 2 * (sigmoid(z) - y) * sigmoid_prime(z),
              "BP1 multiplies elementwise (the Hadamard product, *): delta^L_j = (a_j - y_j) sigma'(z_j) for "
              "each neuron j, not a matrix product (@), which sums over the neurons.":
                  lambda z, y: (sigmoid(z) - y) @ sigmoid_prime(z)},
    forbidden={"bpkit.bp1": bpkit.bp1, "bpkit.COSTS['quadratic'].delta": bpkit.COSTS["quadratic"].delta},
    wrong=((lambda z_L, y: bpkit.bp1(bpkit.COSTS["quadratic"], z_L, bpkit.sigmoid(z_L), y,
                                     bpkit.ACTIVATIONS["sigmoid"]), "bpkit.bp1"),
           (lambda z_L, y: bpkit.COSTS["quadratic"].delta(z_L, bpkit.sigmoid(z_L), y, bpkit.ACTIVATIONS["sigmoid"]),
            "bpkit.COSTS['quadratic'].delta"),
           (lambda z_L, y: (bpkit.sigmoid(z_L) - y) @ bpkit.sigmoid_prime(z_L), "elementwise")),
))

_a, _y = sp.symbols("a y")

register(ExpressionExercise(
    id="bp1.tanh_output", notebook="03_bp1", kind="derive",
    statement="A tanh output layer, $a^L_j = \\tanh(z^L_j)$, with the quadratic cost "
              "$C = \\frac12\\lVert y - a^L\\rVert^2$. The notebook proved BP1 for any activation but worked it out "
              "only for the sigmoid. Write $\\delta^L_j = \\partial C/\\partial z^L_j$ in terms of $a = a^L_j$ and "
              "$y = y_j$ only (no $z$). Answer with a string or a SymPy expression in `a`, `y`, e.g. "
              "`delta_tanh = \"a*y\"`.",
    why="BP1 with the activation $\\tanh$: $\\delta^L_j = (a - y)\\tanh'(z^L_j)$, and $\\tanh' = 1 - \\tanh^2$, so "
        "$\\delta^L_j = (a - y)(1 - a^2)$. Like the sigmoid's, tanh's slope is known from the output alone; it "
        "peaks at 1, not at 1/4 (notebook 15 compares the activations).",
    expected=lambda: (_a - _y) * (1 - _a**2), names=lambda: {"a": _a, "y": _y},
    mistakes={"that uses the sigmoid's slope a(1 - a); tanh has its own: write tanh'(z) in terms of tanh(z) "
              "(notebook 01, exercise 2).": lambda: (_a - _y) * _a * (1 - _a),
              "BP1 multiplies dC/da by the activation's slope at z^L: the factor tanh'(z^L) is missing.":
                  lambda: _a - _y,
              "check the sign: Nielsen's delta is dC/dz, and for the quadratic cost dC/da = a - y.":
                  lambda: (_y - _a) * (1 - _a**2),
              "1 - a is not tanh'(z): write tanh'(z) through t = tanh(z), as in notebook 01's exercise 2: which "
              "power of a appears?": lambda: (_a - _y) * (1 - _a),
              "BP1's first factor is dC/da = a - y, the output error: it is missing.": lambda: 1 - _a**2,
              "a factor 2 too many: the 1/2 of the cost cancels the 2 from differentiating the square.":
                  lambda: 2 * (_a - _y) * (1 - _a**2)},
    generic="BP1 for one output: delta = dC/da times tanh'(z); write dC/da for the quadratic cost and tanh'(z) "
            "through a = tanh(z).",
    wrong=(("(a - y)*(1 - a)", "which power of a"),),
))
