"""Exercises of 03_bp1: predict delta^L of the worked example; complete BP1 for the quadratic cost."""

from __future__ import annotations

import numpy as np

from ...activations import sigmoid, sigmoid_prime
from . import FunctionExercise, NumberExercise, register
from ._example import example


def _delta8() -> float:
    return float(example()[1].deltas[-1][0])


def _parts() -> tuple[float, float, float]:
    ex, grads, _ = example()
    z, a = float(grads.trace.zs[-1][0]), float(grads.trace.output[0])
    return z, a, float(ex.y[0])


register(NumberExercise(
    id="bp1.delta8", notebook="03_bp1", kind="predict",
    statement=f"Before looking at bpkit's output: the worked example's output neuron has $z^L = I_8 \\approx "
              f"{_parts()[0]:.4f}$, $a^L = O_8 \\approx {_parts()[1]:.4f}$ and target $y = {_parts()[2]:g}$. Predict "
              "Nielsen's $\\delta^L = \\partial C/\\partial z^L$ for the quadratic cost. Answer with a number, e.g. "
              "`delta8_guess = 0.1`.",
    why=f"BP1: $\\delta^L = (a^L - y)\\,\\sigma'(z^L) = ({_parts()[1]:.4f} - {_parts()[2]:g}) \\cdot "
        f"{float(sigmoid_prime(_parts()[0])):.4f}$; negative, because raising $z^L$ brings the output closer to the "
        "target and lowers the cost.",
    value=_delta8,
    mistakes={"check the sign: Nielsen's delta is dC/dz = (a - y) sigma'(z); the article's delta is minus that.":
                  lambda: -_delta8(),
              "BP1 multiplies the output error by sigma'(z^L): a factor is missing.":
                  lambda: _parts()[1] - _parts()[2],
              "sigma'(z) = sigma(z)(1 - sigma(z)), not sigma(z).":
                  lambda: (_parts()[1] - _parts()[2]) * _parts()[1]},
    generic="BP1: multiply the output error a^L - y by the slope sigma'(z^L), with the numbers the statement gives.",
))


def _reference(z_L: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (sigmoid(z_L) - y) * sigmoid_prime(z_L)


register(FunctionExercise(
    id="bp1.complete", notebook="03_bp1", kind="complete",
    statement="Complete `def bp1_quadratic(z_L, y):` returning $\\delta^L$ (shape of `z_L`) for a sigmoid output "
              "layer and the quadratic cost $C = \\frac12\\lVert y - a^L\\rVert^2$; `bpkit.sigmoid` and "
              "`bpkit.sigmoid_prime` are allowed. Answer with the function, e.g. `bp1_quadratic = my_function`.",
    why="$\\nabla_a C = a^L - y$ for the quadratic cost, and BP1 multiplies it elementwise by $\\sigma'(z^L)$.",
    reference=_reference,
    trials=lambda rng: [(rng.normal(0, 2, n), rng.uniform(0, 1, n)) for n in (1, 3, 5)],
    mistakes={"check the sign of the output error: grad_a C = a - y for C = 1/2 ||y - a||^2.":
                  lambda z, y: (y - sigmoid(z)) * sigmoid_prime(z),
              "BP1 multiplies the output error by sigma'(z^L): a factor is missing.": lambda z, y: sigmoid(z) - y,
              "multiply by sigma'(z^L), the slope, not by sigma(z^L).": lambda z, y: (sigmoid(z) - y) * sigmoid(z)},
))
