"""Exercises of 05_bp3: the bias gradient of a biased output neuron; why BP3 holds."""

from __future__ import annotations

import numpy as np

from . import ChoiceExercise, NumberExercise, register
from ._example import example


def _with_bias(b8: float) -> float:
    ex, _, _ = example()
    net = ex.network()
    biases = [np.zeros(len(w)) for w in net.weights]
    biases[-1][0] = b8
    return float(net.replace(biases=biases).backprop(ex.x, ex.y).nabla_b[-1][0])


register(NumberExercise(
    id="bp3.b8", notebook="05_bp3", kind="predict",
    statement="Give the worked example's output neuron a bias $b_8 = 0.5$ (every weight unchanged). Predict "
              "$\\partial C/\\partial b_8$ (Nielsen's sign). Hint of the method, not the value: BP3 says it is "
              "$\\delta_8$, and $\\delta_8$ depends on $z_8$. Answer with a number, e.g. `db8_guess = 0.1`.",
    why="By BP3, $\\partial C/\\partial b_8 = \\delta_8 = (a_8 - y)\\sigma'(z_8)$ at the NEW $z_8 = I_8 + 0.5$: the "
        "bias moves the output closer to the target, so the gradient is smaller in size than without it.",
    value=lambda: _with_bias(0.5),
    mistakes={"the bias changes z_8 and so delta_8: redo the forward pass with b_8 = 0.5 first.":
                  lambda: _with_bias(0.0),
              "check the sign: Nielsen's delta is dC/dz = (a - y) sigma'(z).": lambda: -_with_bias(0.5)},
    generic="redo the output neuron's forward pass with b_8 = 0.5 (z_8 = I_8 + 0.5), then BP1; BP3 gives the rest.",
))

register(ChoiceExercise(
    id="bp3.why", notebook="05_bp3", kind="explain",
    statement="Why is $\\partial C/\\partial b^l_j$ exactly $\\delta^l_j$, for every network and cost? "
              "(a) $b^l_j$ enters only $z^l_j$, with $\\partial z^l_j/\\partial b^l_j = 1$; "
              "(b) biases start at zero; (c) the cost is quadratic; (d) $\\sigma'(z) = 1$ at the bias. "
              "Answer with a letter, e.g. `why_bp3 = \"a\"`.",
    why="$z^l_j = \\sum_k w^l_{jk} a^{l-1}_k + b^l_j$ is the only place $b^l_j$ appears, and its derivative there is "
        "1, so the chain rule gives $\\partial C/\\partial b^l_j = \\delta^l_j \\cdot 1$.",
    options={"a": "b enters only z, with dz/db = 1", "b": "biases start at zero", "c": "the cost is quadratic",
             "d": "sigma'(z) = 1 at the bias"},
    correct="a",
    hints={"b": "the identity holds at any bias value: look at how b enters z.",
           "c": "BP3 never uses the cost's form, only how b enters z.",
           "d": "sigma' never appears in dz/db: the bias is added before the activation."},
))
