"""Exercises of 08_worked_example: a second step with momentum, for w78 and for w13 (whose first change the
article prints with the wrong sign)."""

from __future__ import annotations

from ...optim import Momentum
from . import NumberExercise, register
from ._example import example


def _second_change(name: str, gamma: float | None = None, first: float | None = None) -> float:
    """Delta w(2) = -alpha dC/dw at the weights after the first step + gamma Delta w(1), from the article's weights;
    ``first`` replaces Delta w(1) in the momentum term (the first step itself stays exact)."""
    ex, grads, _ = example()
    g = ex.gamma if gamma is None else gamma
    opt = Momentum(ex.alpha, g)
    net = opt.step(ex.network(), grads)
    l, j, k = ex.weight_position(name)
    gradient = float(net.backprop(ex.x, ex.y).nabla_w[l - 1][j, k])
    dw1 = float(opt.dw[l - 1][j, k]) if first is None else first
    return -ex.alpha * gradient + g * dw1


def _printed(name: str) -> float:
    return float(example()[0].printed_flat[name])


def _with_rounded_delta3() -> float:
    """The FIRST change alpha delta^art_3 O_1 from the article's printed delta^art_3 (0.0087), sign corrected."""
    ex, _, _ = example()
    return ex.alpha * abs(_printed("delta3")) * float(ex.x[0])


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
                  lambda: example()[2]["dw78"],
              "check the sign: a change is MINUS alpha times the gradient, plus gamma times the first change.":
                  lambda: -_second_change("w78")},
    generic="first -alpha times the gradient at the NEW weights, then add gamma times the first change.",
))

register(NumberExercise(
    id="worked.dw13", notebook="08_worked_example", kind="find-the-bug",
    statement="The article prints $\\Delta w_{13} = " + str(example()[0].printed_flat["dw13"]) + "$ for the first "
              "step; training on by hand carries it into the momentum term. What is the correct SECOND change "
              "$\\Delta w_{13}(2) = -\\alpha\\,\\partial C/\\partial w_{13} + \\gamma\\,\\Delta w_{13}(1)$, the "
              "gradient taken after the corrected first step (in which every weight moves, $w_{13}$ and $w_{23}$ "
              f"by ${example()[2]['dw13']:+.7f}$ and ${example()[2]['dw23']:+.7f}$)? Answer with a number to 5 "
              "significant digits (some slips move it by less than 0.1%), e.g. `dw13_second = 0.1`.",
    why="The exact $\\delta_3^{art} = -\\delta_3$ is positive, so the first change $\\Delta w_{13}(1)$ is "
        "positive, not the printed negative one; the second step's gradient points the same way and momentum adds "
        "$\\gamma$ times the corrected first change.",
    value=lambda: _second_change("w13"), rtol=1e-4, digits=5, hint_rtol=2e-4,
    mistakes={"the momentum term takes the first change as computed, not the article's printed 0.00157 with its "
              "sign fixed: at 5 digits the rounding shows.":
                  lambda: _second_change("w13", first=abs(_printed("dw13"))),
              "that takes the gradient at the OLD weights, so it is (1 + gamma) times the first change: the second "
              "step's gradient is taken after the first change.":
                  lambda: (1 + example()[0].gamma) * example()[2]["dw13"],
              "the momentum term is gamma times the FIRST change, not the new gradient term again.":
                  lambda: _second_change("w13", first=_second_change("w13", gamma=0.0)),
              "that is the article's printed change of the FIRST step, and it carries the sign slip of "
              "delta^art_3: check its sign, then take the second step.": lambda: _printed("dw13"),
              "that is the first change from the article's rounded delta^art_3 (0.0087): the question asks for the "
              "SECOND change, with the gradient at the new weights plus gamma times the first change.":
                  _with_rounded_delta3,
              "that is the exact first change: the second one uses the gradient at the NEW weights, plus gamma "
              "times the first change.": lambda: example()[2]["dw13"],
              "the momentum term uses the article's printed first change, which carries delta^art_3's sign slip: "
              "use the corrected first change (the article's delta^art_3 has the wrong sign).":
                  lambda: _second_change("w13", first=_printed("dw13")),
              "that is the second step without momentum: add gamma times the (corrected) first change.":
                  lambda: _second_change("w13", gamma=0.0),
              "check the sign: a change is MINUS alpha times the gradient; with the article's delta it is "
              "+alpha delta^art_3 O_1, and the exact delta^art_3 is positive.":
                  lambda: -_second_change("w13")},
    generic="train one step from the article's weights, take the gradient there, then dw(2) = -alpha dC/dw13 + "
            "gamma dw(1) with the corrected (positive) first change.",
))
