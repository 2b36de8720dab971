"""Exercises of 06_bp4: complete BP4; predict a weight change of the worked example for another target; one
gradient step with L2 regularisation (transfer)."""

from __future__ import annotations

import numpy as np

import bpkit

from . import FunctionExercise, NumberExercise, register
from ._example import example


def _bp4(delta: np.ndarray, a_prev: np.ndarray) -> np.ndarray:
    """dC/dw^l = delta^l (a^{l-1})^T, shape (n_l, n_{l-1}): entry (j, k) is a^{l-1}_k delta^l_j."""
    return np.outer(delta, a_prev)


register(FunctionExercise(
    id="bp4.complete", notebook="06_bp4", kind="complete",
    statement="Complete `def bp4(delta, a_prev):` returning $\\partial C/\\partial w^l$ (shape $(n_l, n_{l-1})$) "
              "from $\\delta^l$ (shape $(n_l,)$) and $a^{l-1}$ (shape $(n_{l-1},)$), one sample, without calling "
              "`bpkit.bp4`. Answer with the function, e.g. `bp4_answer = my_bp4`.",
    why="BP4: $\\partial C/\\partial w^l_{jk} = a^{l-1}_k \\delta^l_j$, the outer product $\\delta^l (a^{l-1})^T$: "
        "row $j$ belongs to the neuron the weights go into, column $k$ to the one they come from.",
    reference=_bp4,
    trials=lambda rng: [(rng.normal(size=m), rng.normal(size=n)) for m, n in ((2, 3), (4, 1), (3, 5))],
    mistakes={"check the sign: BP4 has none of its own.": lambda d, a: -np.outer(d, a),
              "an elementwise product (*) pairs delta_j with a_j only; BP4 needs a^{l-1}_k delta^l_j for every "
              "pair (j, k): the outer product delta^l (a^{l-1})^T.": lambda d, a: d * a,
              "a dot product (@ of two vectors) sums over one index; BP4 keeps both, j and k: the outer product "
              "delta^l (a^{l-1})^T.": lambda d, a: d @ a},
    forbidden={"bpkit.bp4": bpkit.bp4},
    wrong=((bpkit.bp4, "bpkit.bp4"), (lambda delta, a_prev: bpkit.bp4(delta, a_prev), "bpkit.bp4"),
           (lambda delta, a_prev: delta * a_prev, "elementwise"), (lambda delta, a_prev: delta @ a_prev, "dot")),
))


Y_NEW = 0.3  # a new target for the worked example (the article's is 0.9)


def _dw68(y: float, slope: bool = True) -> float:
    """-alpha dC/dw68 = -alpha O6 delta_8 (Nielsen's sign) for target y; without sigma'(z_8) if not ``slope``."""
    ex, _, v = example()
    delta8 = (v["O8"] - y) * (v["O8"] * (1 - v["O8"]) if slope else 1.0)
    return -ex.alpha * v["O6"] * delta8


register(NumberExercise(
    id="bp4.dw68", notebook="06_bp4", kind="predict",
    statement=f"Change the target to $y = {Y_NEW:g}$, weights and input as in the example, so the forward pass "
              f"is unchanged: $O_6 \\approx {example()[2]['O6']:.4f}$, $O_8 \\approx {example()[2]['O8']:.4f}$. "
              f"Predict the first weight change $\\Delta w_{{68}} = -\\alpha\\,\\partial C/\\partial w_{{68}}$ with "
              f"$\\alpha = {example()[0].alpha:g}$. Answer with a number, e.g. `dw68_guess = 0.1`.",
    why="BP1 gives $\\delta_8 = (O_8 - y)\\,O_8(1 - O_8)$, now positive (the output is above the target), and BP4 "
        "$\\partial C/\\partial w_{68} = O_6\\,\\delta_8$: the output of the neuron the weight comes FROM times the "
        "error of the one it goes INTO. So $\\Delta w_{68} = -\\alpha\\, O_6\\, \\delta_8 < 0$: the weight shrinks "
        "to lower the output.",
    value=lambda: _dw68(Y_NEW),
    mistakes={"that is the change for the example's target 0.9: the target enters through BP1, "
              "delta_8 = (O_8 - y) sigma'(z_8).": lambda: _dw68(example()[0].y[0]),
              "check the sign: the change goes against the gradient, dw = -alpha dC/dw, and with the output above "
              "the target delta_8 > 0.": lambda: -_dw68(Y_NEW),
              "dw_68 uses the output of the neuron the weight comes FROM (O_6), not O_8.":
                  lambda: _dw68(Y_NEW) / example()[2]["O6"] * example()[2]["O8"],
              "the learning rate alpha multiplies the gradient: a factor is missing.":
                  lambda: _dw68(Y_NEW) / example()[0].alpha,
              "BP1: delta_8 = (O_8 - y) sigma'(z_8), and sigma'(z_8) = O_8 (1 - O_8) is missing.":
                  lambda: _dw68(Y_NEW, slope=False),
              "a factor 2 too many: the 1/2 of the quadratic cost cancels the 2 from differentiating the square.":
                  lambda: 2 * _dw68(Y_NEW)},
    hint_rtol=2e-3,  # the O_8 mistake lies 1.5% from the value: only an answer that close to it gets its hint
    generic="BP1 first, delta_8 = (O_8 - y) O_8 (1 - O_8) with the new y; then BP4, dC/dw_68 = O_6 delta_8; then "
            "dw_68 = -alpha dC/dw_68.",
))

# ---------------------------------------------------------------- transfer: a step with L2 regularisation


def _l2_step(w: np.ndarray, b: np.ndarray, nabla_w: np.ndarray, nabla_b: np.ndarray, alpha: float, lam: float,
             ) -> np.ndarray:
    return np.column_stack((w - alpha * (nabla_w + lam * w), b - alpha * nabla_b))


def _l2_trials(rng: np.random.Generator) -> list[tuple]:
    cases = []
    for n, m in ((2, 3), (1, 2), (4, 4)):
        cases.append((rng.normal(size=(n, m)), rng.normal(size=n), rng.normal(size=(n, m)), rng.normal(size=n),
                      float(rng.uniform(0.1, 0.5)), float(rng.uniform(0.05, 0.5))))
    return cases


register(FunctionExercise(
    id="bp4.l2", notebook="06_bp4", kind="derive",
    statement="L2 regularisation adds $\\frac{\\lambda}{2}\\sum w^2$ (the squares of all weights, no biases) to "
              "the cost. Derive the gradient of the new cost, then complete "
              "`def l2_step(w, b, nabla_w, nabla_b, alpha, lam):` returning one gradient-descent step on the "
              "regularised cost, new weights and new biases side by side: `np.column_stack((w_new, b_new))`, "
              "leaving `w` and `b` unchanged (the caller keeps them). "
              "`nabla_w` and `nabla_b` are the gradients of $C$ alone (BP4, BP3). Answer with the function, e.g. "
              "`l2_answer = my_l2_step`.",
    why="$\\partial/\\partial w_{jk}$ of $\\frac{\\lambda}{2}\\sum w^2$ is $\\lambda w_{jk}$ (the 2 of the square "
        "cancels the 1/2), so $w \\leftarrow w - \\alpha(\\nabla_w C + \\lambda w) = (1 - \\alpha\\lambda)\\,w - "
        "\\alpha \\nabla_w C$: every step first shrinks the weights (weight decay). The biases are not in the "
        "penalty, so their step is unchanged.",
    reference=_l2_step, trials=_l2_trials,
    mistakes={"the penalty has a gradient too: lambda w is added to dC/dw.":
                  lambda w, b, gw, gb, a, lam: np.column_stack((w - a * gw, b - a * gb)),
              "check the sign: the gradient of (lambda/2) w^2 is +lambda w, and the step goes against the whole "
              "gradient, so the weights shrink toward 0.":
                  lambda w, b, gw, gb, a, lam: np.column_stack((w - a * (gw - lam * w), b - a * gb)),
              "the learning rate multiplies the whole gradient, lambda w included: a factor alpha is missing.":
                  lambda w, b, gw, gb, a, lam: np.column_stack((w - a * gw - lam * w, b - a * gb)),
              "the derivative of (lambda/2) w^2 is lambda w: the 2 of the square cancels the 1/2, so no factor "
              "1/2 is left.":
                  lambda w, b, gw, gb, a, lam: np.column_stack((w - a * (gw + lam * w / 2), b - a * gb)),
              "the penalty sums the squares of the weights only: the biases keep their plain step b - alpha dC/db.":
                  lambda w, b, gw, gb, a, lam: np.column_stack((w - a * (gw + lam * w), b - a * (gb + lam * b))),
              "check the sign of the step: gradient descent goes against the gradient, w - alpha (...) and "
              "b - alpha dC/db; with + it climbs the cost.":
                  lambda w, b, gw, gb, a, lam: np.column_stack((w + a * (gw + lam * w), b + a * gb)),
              "a factor 2 too many: the lambda/2 in front cancels the 2 from differentiating w^2.":
                  lambda w, b, gw, gb, a, lam: np.column_stack((w - a * (gw + 2 * lam * w), b - a * gb))},
    generic="differentiate C + (lambda/2) sum w^2 by one weight w_jk (one square depends on it) and by one bias, "
            "then step against each gradient.",
))
