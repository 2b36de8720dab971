"""Exercises of 08_worked_example: the corrected weight change; a second step with momentum."""

from __future__ import annotations

from ...optim import Momentum
from . import NumberExercise, register
from ._example import example


def _second_change(name: str, gamma: float | None = None) -> float:
    ex, grads, _ = example()
    net = ex.network()
    opt = Momentum(ex.alpha, ex.gamma if gamma is None else gamma)
    net = opt.step(net, grads)
    dw, _ = opt.changes(net.backprop(ex.x, ex.y))
    l, j, k = ex.weight_position(name)
    return float(dw[l - 1][j, k])


def _with_rounded_delta3() -> float:
    """alpha delta_3 O_1 with the article's printed delta_3 rounded to 0.0087, its sign corrected."""
    ex, _, _ = example()
    return ex.alpha * abs(float(ex.printed_flat["delta3"])) * float(ex.x[0])


register(NumberExercise(
    id="worked.dw13", notebook="08_worked_example", kind="find-the-bug",
    statement="The article prints $\\Delta w_{13} = " + str(example()[0].printed_flat["dw13"]) + "$. Compute the "
              "correct first change $\\Delta w_{13} = \\alpha\\,\\delta_3 O_1$ from the exact $\\delta_3$ "
              "(article's sign). Answer with a number, e.g. `dw13_fixed = 0.1`.",
    why="The exact $\\delta_3$ is positive, so $\\Delta w_{13} = \\alpha\\,\\delta_3 O_1 > 0$; the printed change "
        "has the sign of the article's slipped $\\delta_3$ and moves the cost uphill.",
    value=lambda: example()[2]["dw13"],
    mistakes={"that is the article's printed change, which carries delta_3's sign slip: check the sign of "
              "delta_3 first.": lambda: float(example()[0].printed_flat["dw13"]),
              "that has the sign of the article's printed change, which carries delta_3's sign slip: check the "
              "sign of delta_3 first.": lambda: -example()[2]["dw13"],
              "that uses the article's rounded delta_3 (0.0087): the question asks for the exact delta_3.":
                  _with_rounded_delta3,
              "dw_13 uses O_1, the output of the neuron the weight comes FROM.":
                  lambda: example()[2]["dw13"] / example()[0].x[0] * example()[2]["O3"]},
    generic="dw_13 = alpha delta_3 O_1, with the exact delta_3 from the deltas table (article's sign).",
))

register(NumberExercise(
    id="worked.momentum", notebook="08_worked_example", kind="predict",
    statement="Train one more step after the article's: with $\\alpha = " + f"{example()[0].alpha:g}" + "$ and "
              "momentum $\\gamma = " + f"{example()[0].gamma:g}" + "$, what is the SECOND change "
              "$\\Delta w_{78}(2) = -\\alpha\\,\\partial C/\\partial w_{78} + \\gamma\\,\\Delta w_{78}(1)$? Use bpkit "
              "(`bpkit.Momentum`) or compute by hand. Answer with a number, e.g. `dw78_second = 0.1`.",
    why="The gradient at the new weights gives $-\\alpha\\,\\partial C/\\partial w_{78}$, and momentum adds "
        "$\\gamma$ times the first change, which points the same way: the step grows a little.",
    value=lambda: _second_change("w78"), rtol=1e-3,
    mistakes={"that is the step without momentum: add gamma times the first change.":
                  lambda: _second_change("w78", gamma=0.0),
              "that is the first change; the second uses the gradient at the NEW weights.":
                  lambda: example()[2]["dw78"]},
    generic="first -alpha times the gradient at the NEW weights, then add gamma times the first change.",
))
