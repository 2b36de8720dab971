"""Exercises of 18_appendix_notation: Zhou Zhihua's threshold in numbers, and his hidden-layer error in Nielsen's
symbols (a step the appendix does not show: BP2 read through the crosswalk)."""

from __future__ import annotations

from ...activations import sigmoid
from . import ChoiceExercise, NumberExercise, register
from ._example import example

THETA = 0.2  # Zhou's threshold on the example's output neuron, in the exercise


def _I8() -> float:
    return example()[2]["I8"]


register(NumberExercise(
    id="notation.threshold", notebook="18_appendix_notation", kind="predict",
    statement="Zhou Zhihua feeds an output neuron with $\\beta_j - \\theta_j$. Give the example's output neuron a "
              "threshold $\\theta = 0.2$ in his notation and keep every weight. What is its output "
              "$\\hat y = f(\\beta - \\theta)$, with $f$ the sigmoid? Answer with a number.",
    why="$\\beta$ is the weighted sum of the hidden outputs, Nielsen's $z^3_1$ without a bias; Zhou subtracts the "
        "threshold, so $\\hat y = \\sigma(z^3_1 - 0.2)$: Nielsen's bias $b^3_1 = -\\theta = -0.2$.",
    value=lambda: float(sigmoid(_I8() - THETA)),
    mistakes={
        "Zhou SUBTRACTS his threshold: $\\theta = 0.2$ is Nielsen's bias $b = -0.2$, not $+0.2$.":
            lambda: float(sigmoid(_I8() + THETA)),
        "that is the output without a threshold: $\\theta$ enters the input sum before $f$.":
            lambda: float(sigmoid(_I8())),
        "that is the input $\\beta - \\theta$; the question asks for the output $f(\\beta - \\theta)$.":
            lambda: _I8() - THETA,
        "the threshold is subtracted from the input sum, inside $f$, not from the output.":
            lambda: float(sigmoid(_I8())) - THETA,
    },
    generic="take $\\beta = z^3_1$ from section 3, subtract the threshold, and apply the sigmoid.",
))


register(ChoiceExercise(
    id="notation.hidden_error", notebook="18_appendix_notation", kind="derive",
    statement="Zhou's hidden-layer error is $e_h = b_h (1 - b_h) \\sum_j w_{hj} g_j$, where $b_h = a^1_h$ is the "
              "sigmoid output of hidden neuron $h$, $w_{hj} = w^2_{jh}$ and $g_j = -\\delta^2_j$ (claim 2). Which "
              "of Nielsen's quantities is $e_h$? (a) $\\delta^1_h$, (b) $\\partial C / \\partial a^1_h$, "
              "(c) $-\\delta^1_h$, (d) $-\\delta^2_h$. Answer with one letter.",
    why="$b_h (1 - b_h) = \\sigma'(z^1_h)$, so $e_h = \\sigma'(z^1_h) \\sum_j w^2_{jh} (-\\delta^2_j) "
        "= -[((w^2)^T \\delta^2) \\odot \\sigma'(z^1)]_h = -\\delta^1_h$ by BP2: Zhou's hidden error keeps the "
        "sign of his $g_j$, minus Nielsen's.",
    options={"a": "$\\delta^1_h$", "b": "$\\partial C / \\partial a^1_h$", "c": "$-\\delta^1_h$",
             "d": "$-\\delta^2_h$"},
    correct="c",
    hints={"a": "$g_j = -\\delta^2_j$ carries a minus sign into the sum, and nothing in $e_h$ takes it out.",
           "b": "$b_h (1 - b_h) = \\sigma'(z^1_h)$ multiplies the sum: that makes it an error with respect to "
                "$z^1_h$, not $a^1_h$ (and mind the sign of $g_j$).",
           "d": "$e_h$ belongs to hidden neuron $h$ of layer 1: BP2 carries $\\delta^2$ back one layer."},
))
