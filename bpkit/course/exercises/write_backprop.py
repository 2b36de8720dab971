"""Exercises of 11_write_backprop: the whole backward pass, judged by ``diagnose_backprop`` (the main one); the best
central-difference step in float32; a gradient check at a ReLU kink."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpkit import Network, bp1, bp2, bp3, bp4  # as a learner imports them (bp1..bp4 wrap network's)

from ..mistakes import planted_backprop
from . import ChoiceExercise, FunctionExercise, NumberExercise, Result, register
from .function import calls

NOTEBOOK = "11_write_backprop"
Array = np.ndarray


def _sigmoid(z: Array) -> Array:
    return 1 / (1 + np.exp(-z))


def _sigmoid_prime(z: Array) -> Array:
    return _sigmoid(z) * (1 - _sigmoid(z))


def backprop(weights: list[Array], biases: list[Array], x: Array, y: Array) -> tuple[list, list]:
    """(nabla_w, nabla_b) of C = 1/(2m) sum ||a^L - y||^2, sigmoid on every layer, x of shape (n_0, m) (one sample
    per column): a forward pass keeping z^l and a^l, then BP1, BP2 down the layers, BP3 and BP4. nabla_w[l] has the
    shape of weights[l] (n_{l+1}, n_l), nabla_b[l] that of biases[l] (n_{l+1},)."""
    zs, activations = [], [x]
    for w, b in zip(weights, biases, strict=True):
        zs.append(w @ activations[-1] + b[:, None])  # b^l added to every column
        activations.append(_sigmoid(zs[-1]))
    m = x.shape[1]
    delta = (activations[-1] - y) * _sigmoid_prime(zs[-1])  # BP1
    nabla_w, nabla_b = [np.zeros(0)] * len(weights), [np.zeros(0)] * len(weights)
    for l in range(len(weights) - 1, -1, -1):  # weights[l] is w^{l+1}
        nabla_b[l] = delta.sum(axis=1) / m  # BP3
        nabla_w[l] = delta @ activations[l].T / m  # BP4
        if l > 0:
            delta = (weights[l].T @ delta) * _sigmoid_prime(zs[l - 1])  # BP2
    return nabla_w, nabla_b


def _planted(**flags: Any) -> Callable[..., Any]:
    """A learner's backprop with the flagged mistake of ``mistakes.planted_backprop`` (whose diagnosis names it)."""
    def planted(weights: list[Array], biases: list[Array], x: Array, y: Array) -> tuple[list, list]:
        return planted_backprop(weights, biases, x, y, **flags)
    return planted


@dataclass
class BackpropExercise(FunctionExercise):
    """A whole backprop function, judged by ``diagnose_backprop``: right when it agrees with backprop on every
    test network, else a hint naming the kind of mistake. ``mistakes`` maps the start of a hint to a function
    that makes that mistake; an answer that calls a ``forbidden`` function of bpkit is told which."""

    def check(self, answer: Any) -> Result:
        """``diagnose_backprop(answer)`` (with its own time limit), worded as every exercise's feedback."""
        from ..diagnose import diagnose_backprop  # here: diagnose imports this package

        used = [name for name, f in self.forbidden.items() if calls(answer, f)]
        if used:
            return Result(False, f"Not yet. Hint: your function calls `{used[0]}`; the exercise asks for the "
                                 "forward pass and BP1-BP4 written by you, in NumPy.")
        result = diagnose_backprop(answer)
        if result.ok:
            return Result(True, f"Right. {self.why}")
        if result.message.startswith("Not yet: "):
            return Result(False, "Not yet. Hint: " + result.message.removeprefix("Not yet: "))
        return result  # unanswered, or could not be checked (time limit)


MAIN: dict[str, Callable[..., Any]] = {  # the start of the diagnosis (mistakes.MISTAKES) -> the mistake
    "a missing transpose in BP2: ": _planted(t2=False),
    "a missing sigma' in BP2: ": _planted(p2=False),
    "sigma' of the activation in BP1 and BP2: ": _planted(sp_a="12"),
    "a flipped sign: ": _planted(sign=-1),
    "a sum where the mean is due: ": _planted(scale="sum"),
    "broadcasting that hides a shape error: ": _planted(bias_axis=1),
}
FORBIDDEN = {"bpkit.Network.backprop": Network.backprop, "bpkit.bp1": bp1, "bpkit.bp2": bp2, "bpkit.bp3": bp3,
             "bpkit.bp4": bp4}


def _by_network(weights: list[Array], biases: list[Array], x: Array, y: Array) -> tuple[list, list]:
    """bpkit's backprop called, not written: refused."""
    g = Network(weights, biases).backprop(x, y)
    return g.nabla_w, g.nabla_b


def _with_bp3_bp4(weights: list[Array], biases: list[Array], x: Array, y: Array) -> tuple[list, list]:
    """Backprop with BP3 and BP4 by bpkit.bp3 and bpkit.bp4 (``from bpkit import bp3, bp4``, as above): the right
    numbers, refused."""
    zs, activations = [], [x]
    for w, b in zip(weights, biases, strict=True):
        zs.append(w @ activations[-1] + b[:, None])
        activations.append(_sigmoid(zs[-1]))
    delta, nabla_w, nabla_b = (activations[-1] - y) * _sigmoid_prime(zs[-1]), [], []
    for l in range(len(weights) - 1, -1, -1):
        nabla_w.insert(0, bp4(delta, activations[l]))
        nabla_b.insert(0, bp3(delta))
        if l > 0:
            delta = (weights[l].T @ delta) * _sigmoid_prime(zs[l - 1])
    return nabla_w, nabla_b


register(BackpropExercise(
    id="write.backprop", notebook=NOTEBOOK, kind="complete",
    statement="Write `my_backprop(weights, biases, x, y)` for any list of layer sizes: a forward pass that keeps "
              "every $z^l$ and $a^l$, then BP1, BP2 down the layers, BP3 and BP4, in NumPy (not bpkit's "
              "`Network.backprop` or `bp1`-`bp4`). `weights[l]` has shape "
              "$(n_{l+1}, n_l)$, `biases[l]` has shape $(n_{l+1},)$, `x` is $n_0 \\times m$ (one sample per column) "
              "and `y` is $n_L \\times m$; every layer applies $\\sigma$, and "
              "$C = \\frac{1}{2m}\\sum_x \\lVert a^L - y \\rVert^2$. Return `(nabla_w, nabla_b)`, lists in the shapes "
              "of `weights` and `biases`. Answer with the function, e.g. "
              "`backprop = my_backprop`.",
    why="nabla_w and nabla_b agree with backprop to rounding (1e-12 relative) on five random networks: non-square "
        "ones with m = 1 and m = 5, and one whose layers all have m neurons, where most mistakes would still run.",
    reference=backprop, mistakes=MAIN, forbidden=FORBIDDEN,
    wrong=((_by_network, "bpkit.Network.backprop"), (_with_bp3_bp4, "bpkit.bp3")),
))

F32_EPS = float(np.finfo(np.float32).eps)  # 2^-23
TABLE_H32 = 1e-2  # section 3's table, float32 row, as printed ("1.0e-02"; a test compares with the notebook)


def _best_h(eps: float, factor: float = 3.0) -> float:
    """The minimum of E(h) = |f'''| h^2 / 6 + eps |f| / h for f = exp at 0 (f = f''' = 1): (3 eps)^(1/3)."""
    return (factor * eps) ** (1 / 3)


register(NumberExercise(
    id="write.best_h32", notebook=NOTEBOOK, kind="predict",
    statement="Take $f(x) = e^x$ at $x = 0$, computed in float32, whose machine epsilon is "
              "`np.finfo(np.float32).eps`. In the model of section 2, the central difference has the error "
              "$E(h) = \\lvert f'''\\rvert h^2/6 + \\epsilon_{\\text{mach}} \\lvert f \\rvert / h$. Which step $h$ "
              "makes it smallest? Answer with a number, e.g. `best_h32 = 0.1`.",
    why="$E'(h) = \\lvert f'''\\rvert h/3 - \\epsilon \\lvert f\\rvert/h^2 = 0$ at "
        "$h^* = (3\\epsilon \\lvert f\\rvert/\\lvert f'''\\rvert)^{1/3}$, and $f = f''' = 1$ at 0: "
        "$(3 \\cdot 2^{-23})^{1/3}$, about $2^{29/3} \\approx 800$ times float64's best step.",
    value=lambda: _best_h(F32_EPS), rtol=0.02, digits=2,
    mistakes={"the factor 3 is missing: d/dh (h^2/6) = h/3, so h^3 = 3 eps |f|/|f'''|.":
                  lambda: _best_h(F32_EPS, 1.0),
              "that is the forward difference's rule of thumb, sqrt(eps): its truncation error falls like h, the "
              "central difference's like h^2.": lambda: F32_EPS ** 0.5,
              "that uses float64's machine epsilon (2^-52); float32 keeps 23 bits after the point: 2^-23.":
                  lambda: _best_h(float(np.finfo(np.float64).eps)),
              "that is section 3's best h for the bias b^2_1, where f is the network's cost; here f = e^x at 0, "
              "so f(0) = f'''(0) = 1.": lambda: TABLE_H32,
              "np.finfo(np.float32).eps is 2^-23, the gap between 1 and the next float32 (2^-24 is half of it).":
                  lambda: _best_h(F32_EPS / 2),
              "the round-off term eps |f| / h grows as h shrinks: the best step is far larger than eps itself.":
                  lambda: F32_EPS},
    generic="set the derivative of E(h) to zero, solve for h, and put in f(0), f'''(0) and float32's epsilon.",
))

register(ChoiceExercise(
    id="write.relu_kink", notebook=NOTEBOOK, kind="explain",
    statement="In section 3 the check of a ReLU network failed for one bias: its neuron has $z = 3 \\cdot 10^{-7}$ "
              "and the step was $h = 10^{-5}$. Which change makes the check of that bias agree with backprop? "
              "(a) $h = 10^{-3}$, a larger step, so that round-off matters less; (b) $h = 10^{-5}$ in float32 instead "
              "of float64; (c) none: differences cannot check a ReLU network; (d) $h = 10^{-8}$, a smaller step. "
              "Answer with one letter.",
    why="With $h < z$, both $z - h$ and $z + h$ are positive: the step stays on one side of the kink, where ReLU "
        "is linear with slope 1, the slope backprop uses. Round-off at $h = 10^{-8}$ still leaves about 7 digits.",
    options={"a": "a larger step", "b": "float32", "c": "cannot be checked", "d": "a smaller step"},
    correct="d",
    hints={"a": "a larger step straddles the kink all the more: (relu(z + h) - relu(z - h))/(2h) = 1/2 + z/(2h) "
                "comes closer to 1/2.",
           "b": "float32 only adds round-off; the step still straddles the kink at z = 0.",
           "c": "where no z lies within h of the kink, ReLU is linear across the whole step and the difference "
                "is exact up to round-off."},
))
