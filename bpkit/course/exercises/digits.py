"""Exercises of 17_digits: the number of parameters one step changes; BP1 for one real output with softmax and
cross-entropy; and what BP4 does to the weights from a pixel that is blank in every image."""

from __future__ import annotations

import numpy as np

from ...activations import softmax_jacobian
from . import ChoiceExercise, NumberExercise, register

NOTEBOOK = "17_digits"
SIZES = (64, 30, 10)


def _weights(sizes: tuple[int, ...]) -> int:
    return sum(n * k for k, n in zip(sizes[:-1], sizes[1:], strict=True))


def _parameters(sizes: tuple[int, ...]) -> int:
    return _weights(sizes) + sum(sizes[1:])


register(NumberExercise(
    id="digits.parameters", notebook=NOTEBOOK, kind="predict",
    statement="One gradient step changes every weight and every bias of this notebook's 64-30-10 network. How many "
              "numbers is that? Predict it, then check with `net.weights` and `net.biases`. Answer with a number, "
              "e.g. `n_parameters = 100`.",
    why="$w^1$ is $30 \\times 64$ and $w^2$ is $10 \\times 30$ (shape $(n_l, n_{l-1})$), and each of the $30 + 10$ "
        "neurons after the input has a bias: $1920 + 300 + 40$. Backprop gets every one of their slopes from one "
        "forward and one backward pass.",
    value=lambda: _parameters(SIZES), rtol=0.0, digits=None,  # a count: exact
    mistakes={"biases change too: every neuron of the hidden and the output layer has one.":
                  lambda: _weights(SIZES),
              "the output layer's neurons have biases too, not only the hidden layer's.":
                  lambda: _weights(SIZES) + SIZES[1],
              "the hidden layer's neurons have biases too, not only the output layer's.":
                  lambda: _weights(SIZES) + SIZES[2],
              "the input layer has no biases: its 64 neurons only pass the pixels on.":
                  lambda: _parameters(SIZES) + SIZES[0],
              "that counts neurons; count the weights between layers, n_l x n_(l-1) for each w^l, and the biases.":
                  lambda: sum(SIZES),
              "weights join neighbouring layers only: add the weights of w^1 and w^2, do not multiply all three "
              "sizes.": lambda: SIZES[0] * SIZES[1] * SIZES[2]},
    generic="write the shape of w^1 and of w^2 (n_l x n_(l-1)), count their entries, then add one bias per neuron "
            "of layers 1 and 2.",
))

_A = (0.02, 0.05, 0.03, 0.04, 0.01, 0.06, 0.02, 0.62, 0.05, 0.10)  # the statement's softmax output; it sums to 1
_LABEL = 7


def _delta_true_class() -> float:
    """dC/dz^L at index 7 the long way, without BP1's shortcut: the softmax Jacobian times dC/da = -y/a."""
    a, y = np.array(_A), np.eye(10)[_LABEL]
    z = np.log(a)  # a = softmax(z), as the a sum to 1
    return float((softmax_jacobian(z).T @ (-y / a))[_LABEL])


register(NumberExercise(
    id="digits.delta_true_class", notebook=NOTEBOOK, kind="predict",
    statement="A training image is a 7. For it, the network's softmax output $a^L$ for the digits 0 to 9 is "
              f"({', '.join(f'{v:.2f}' for v in _A)}). With the cross-entropy cost, what is "
              "$\\delta^L = \\partial C/\\partial z^L$ at index 7 (the output for the digit 7, the 8th neuron)? "
              "Answer with a number, e.g. `delta_7 = 0.5`.",
    why="BP1 for softmax with cross-entropy is $\\delta^L = a^L - y$ (the Derivation), and the label 7 puts the 1 "
        "of $y$ at index 7: there $\\delta^L = a^L - 1 = 0.62 - 1 < 0$, so the step raises that output's $z^L$. "
        "Every other output has $\\delta^L = a^L > 0$ and is lowered.",
    value=_delta_true_class,
    mistakes={"check the sign: delta^L = a^L - y, and the output for the digit 7 is below its target 1.":
                  lambda: -_delta_true_class(),
              "the target counts too: y has its 1 at index 7 for an image of a 7, so subtract it.":
                  lambda: _A[_LABEL],
              "softmax with cross-entropy has no sigma'-like factor a(1 - a): the softmax Jacobian cancels it (the "
              "Derivation). That product is the habit of a sigmoid output with the quadratic cost.":
                  lambda: (_A[_LABEL] - 1) * _A[_LABEL] * (1 - _A[_LABEL]),
              "that is dC/da^L = -1/a^L at index 7 alone; the softmax between z^L and a^L turns it into "
              "dC/dz^L.":
                  lambda: -1 / _A[_LABEL],
              "that is the cost C = -ln a^L at index 7 itself; the question asks for its slope in z^L there.":
                  lambda: -np.log(_A[_LABEL])},
    generic="BP1 for softmax with cross-entropy: delta^L = a^L - y; the label says at which index y has its 1.",
))

register(ChoiceExercise(
    id="digits.dead_pixel", notebook=NOTEBOOK, kind="explain",
    statement="The top-left pixel is 0 in every one of the 1,797 images. What does training do to the weights "
              "$w^1_{j1}$ from that pixel into the hidden neurons? "
              "(a) They shrink towards 0, as under weight decay. "
              "(b) They grow, as nothing holds them back. "
              "(c) They become the same for every hidden neuron. "
              "(d) They keep their starting values. "
              "Answer with one letter.",
    why="BP4: $\\partial C/\\partial w^1_{jk} = a^0_k\\, \\delta^1_j$, and $a^0_1 = 0$ for every sample, so every "
        "gradient, every momentum change and every step of these weights is 0: they keep their random start (the "
        "speckled corners in the picture of the hidden neurons). They do no harm either: they multiply 0.",
    options={"a": "they shrink towards 0", "b": "they grow", "c": "equal across hidden neurons",
             "d": "they keep their starting values"},
    correct="d",
    hints={"a": "nothing here pulls weights towards 0: the notebook trains without weight decay. Write BP4 for "
                "this weight and put in the pixel's value.",
           "b": "a weight changes by -alpha times its gradient (plus momentum, which only sums earlier changes). "
                "Write BP4 for this weight and put in the pixel's value.",
           "c": "each hidden neuron j has its own delta^1_j; but what multiplies it in BP4 for this weight?"},
))
