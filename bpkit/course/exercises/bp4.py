"""Exercises of 06_bp4: complete BP4; predict a weight change of the worked example."""

from __future__ import annotations

import numpy as np

from . import FunctionExercise, NumberExercise, register
from ._example import example

register(FunctionExercise(
    id="bp4.complete", notebook="06_bp4", kind="complete",
    statement="Complete `def bp4(delta, a_prev):` returning $\\partial C/\\partial w^l$ (shape $(n_l, n_{l-1})$) "
              "from $\\delta^l$ (shape $(n_l,)$) and $a^{l-1}$ (shape $(n_{l-1},)$), one sample. "
              "Answer with the function, e.g. `bp4_answer = my_bp4`.",
    why="BP4: $\\partial C/\\partial w^l_{jk} = a^{l-1}_k \\delta^l_j$, the outer product $\\delta^l (a^{l-1})^T$: "
        "row $j$ belongs to the neuron the weights go into, column $k$ to the one they come from.",
    reference=lambda delta, a_prev: np.outer(delta, a_prev),
    trials=lambda rng: [(rng.normal(size=m), rng.normal(size=n)) for m, n in ((2, 3), (4, 1), (3, 5))],
    mistakes={"check the sign: BP4 has none of its own.": lambda d, a: -np.outer(d, a)},
))


def _dw(name: str) -> float:
    return example()[2][name]


register(NumberExercise(
    id="bp4.dw68", notebook="06_bp4", kind="predict",
    statement=f"With bpkit's exact values $\\delta_8 \\approx {_dw('delta8'):.4f}$ (article's sign), "
              f"$O_6 \\approx {_dw('O6'):.4f}$, $O_8 \\approx {_dw('O8'):.4f}$ and $\\alpha = "
              f"{example()[0].alpha:g}$: predict the article's first weight change "
              "$\\Delta w_{68} = -\\alpha\\,\\partial C/\\partial w_{68}$. Answer with a number, "
              "e.g. `dw68_guess = 0.1`.",
    why="BP4: $\\partial C/\\partial w_{68} = O_6 \\delta^N_8 = -O_6 \\delta_8$, so "
        "$\\Delta w_{68} = \\alpha\\,\\delta_8 O_6$: the output of the neuron the weight comes FROM "
        "times the error of the one it goes INTO.",
    value=lambda: _dw("dw68"),
    mistakes={"check the sign: the change goes against the gradient, dw = -alpha dC/dw.": lambda: -_dw("dw68"),
              "dw_ij uses the output of the neuron the weight comes FROM (O_6), not O_8.":
                  lambda: _dw("dw68") / example()[2]["O6"] * example()[2]["O8"],
              "the learning rate alpha multiplies the gradient: a factor is missing.":
                  lambda: _dw("dw68") / example()[0].alpha},
    generic="multiply alpha, the article's delta_8 and O_6: the change is alpha times delta_j times O_i.",
))
