"""Exercises of 16_training: the target a bias-free tanh network can never fit; how soon momentum reaches 90% of
its long-run step; the minibatch BP4 with a planted bug; and a transfer: one step of momentum with L2 weight decay."""

from __future__ import annotations

import numpy as np
import sympy as sp

import bpkit

from ...network import Gradients
from ...optim import Momentum
from . import ChoiceExercise, ExpressionExercise, FunctionExercise, NumberExercise, register

register(ChoiceExercise(
    id="training.no_biases", notebook="16_training", kind="explain",
    statement="The 3-bit task's eight inputs $x \\in \\{-1, +1\\}^3$ get a new target. For which target can a "
              "bias-free tanh network, of any width and depth and however long it trains, never get all eight "
              "right? "
              "(a) $y = x_1$. "
              "(b) $y = \\mathrm{sign}(x_1 + x_2 + x_3)$, the majority. "
              "(c) $y = x_1 x_2$. "
              "(d) $y = x_1 x_2 x_3$. "
              "Answer with one letter.",
    why="A bias-free tanh network is odd, $N(-x) = -N(x)$ (the Derivation, every width and depth), so its outputs "
        "at $x$ and $-x$ have opposite signs. $x_1 x_2$ is even, $(-x_1)(-x_2) = x_1 x_2$: each of the four pairs "
        "$x, -x$ wants the same sign twice, so at most 4 of the 8 are right. The other three targets are odd, "
        "like the network, so the symmetry does not rule them out.",
    options={"a": "x1", "b": "the majority", "c": "x1 x2", "d": "x1 x2 x3"},
    correct="c",
    hints={"a": "x_1 flips sign with the input, as the network's output does: tanh(w x_1) gets all eight. Look for "
                "a target that keeps its sign at -x.",
           "b": "the majority flips with the input, sign(-x_1 - x_2 - x_3) = -sign(x_1 + x_2 + x_3), as the "
                "network's output does. Look for a target that keeps its sign at -x.",
           "d": "(-x_1)(-x_2)(-x_3) = -x_1 x_2 x_3: it flips sign with the input, as the network's output does. "
                "Look for a target that keeps its sign at -x."},
))

_ALPHA, _GAMMA, _SLOPE, _SHARE = 0.1, 0.8, 0.5, 0.9


def _constant_gradient() -> Gradients:
    return Gradients([np.array([[_SLOPE]])], [np.zeros(1)], [np.zeros(1)], 0.0, None)


def _changes(steps: int = 400) -> list[float]:
    """Delta w(0), Delta w(1), ... under the steady gradient, by bpkit.Momentum."""
    opt, grads = Momentum(_ALPHA, _GAMMA), _constant_gradient()
    return [float(opt.changes(grads)[0][0][0, 0]) for _ in range(steps)]


def _first_step(share: float = _SHARE) -> int:
    """The first t at which Delta w(t) reaches ``share`` of its limit (the change after 400 steps)."""
    changes = _changes()
    return next(t for t, dw in enumerate(changes) if dw / changes[-1] >= share)


register(NumberExercise(
    id="training.momentum_limit", notebook="16_training", kind="predict",
    statement=f"A weight sees the same gradient $\\partial C/\\partial w = {_SLOPE}$ at every step. With the "
              f"article's update $\\Delta w(t) = -\\alpha\\, \\partial C/\\partial w + \\gamma\\, \\Delta w(t-1)$, "
              f"$\\alpha = {_ALPHA}$, $\\gamma = {_GAMMA}$ and $\\Delta w(-1) = 0$, the changes "
              "$\\Delta w(0), \\Delta w(1), \\dots$ approach a limit. At which step $t$ does $\\Delta w(t)$ "
              f"first reach {_SHARE:.0%} of that limit? Predict it, then check with `bpkit.Momentum`. "
              "Answer with a whole number, e.g. `t_90 = 3`.",
    why="Unrolled, $\\Delta w(t) = -\\alpha g (1 + \\gamma + \\dots + \\gamma^t) = -\\alpha g\\,(1 - \\gamma^{t+1})"
        "/(1 - \\gamma)$: after step $t$ the change holds the share $1 - \\gamma^{t+1}$ of its limit. It reaches "
        "0.9 once $\\gamma^{t+1} \\le 0.1$: $0.8^{10} \\approx 0.107$ is not yet, $0.8^{11} \\approx 0.086$ is, "
        "so $t + 1 = 11$, $t = 10$. The larger $\\gamma$, the larger the limit and the longer it takes to build up.",
    value=_first_step, rtol=0.0, digits=None,  # a step: exact
    mistakes={"Delta w(0) is the first change: Delta w(t) sums t + 1 terms, gamma^0 to gamma^t, so it holds the "
              "share 1 - gamma^(t+1) of the limit.": lambda: _first_step() + 1,
              "at that step the change is still below 90% of the limit: gamma^(t+1) must fall to 0.1 or below.":
                  lambda: _first_step() - 1,
              "t counts whole steps: take the first whole t at which 1 - gamma^(t+1) reaches 0.9.":
                  lambda: np.log(1 - _SHARE) / np.log(_GAMMA) - 1,
              "that is 90% of the limit, a change; the question asks for the step t at which Delta w(t) gets there.":
                  lambda: _SHARE * _changes()[-1],
              "that is 90% of the limit's size, a change (and the changes are negative, against the gradient); the "
              "question asks for the step t at which Delta w(t) gets there.": lambda: -_SHARE * _changes()[-1],
              "that is the limit itself, -alpha g/(1 - gamma), a change; the question asks for the step t at which "
              "Delta w(t) first reaches 90% of it.": lambda: _changes()[-1],
              "that is the limit's size, alpha g/(1 - gamma), a change; the question asks for the step t at which "
              "Delta w(t) first reaches 90% of the limit.": lambda: -_changes()[-1],
              "ln 0.1/ln 0.8 solves gamma^t = 0.1, but Delta w(t) holds the share 1 - gamma^(t+1) (t + 1 terms), and "
              "t counts whole steps: the first whole t with gamma^(t+1) <= 0.1.":
                  lambda: np.log(1 - _SHARE) / np.log(_GAMMA),
              "1/(1 - gamma) = 5 sets the size of the limit, not the time to reach it: write the share of the limit "
              "that Delta w(t) holds after step t.": lambda: 1 / (1 - _GAMMA)},
    generic="write out Delta w(0), Delta w(1), Delta w(2) as multiples of the first change, sum the geometric "
            "series, and compare with its limit.",
))


def _trials(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(rng.normal(size=(n, m)), rng.normal(size=(k, m))) for n, k, m in ((2, 3, 5), (4, 2, 7), (1, 3, 10))]


def _batch_nabla_w(delta: np.ndarray, a_prev: np.ndarray) -> np.ndarray:
    """BP4 for a minibatch: the mean over the m columns of delta^x (a^x)^T, i.e. delta A^T / m."""
    return delta @ a_prev.T / delta.shape[1]


register(FunctionExercise(
    id="training.batch_nabla_w", notebook="16_training", kind="find-the-bug",
    statement="A training loop computes BP4 for a minibatch as `def batch_nabla_w(delta, a_prev): return delta @ "
              "a_prev.T`, with `delta` $(n_l, m)$ and `a_prev` $(n_{l-1}, m)$, one column per sample. It blows up "
              "with batches of 100 where batches of 10 train well. Fix it, without calling `bpkit.bp4`: return "
              "$\\partial C/\\partial w^l$ for $C = \\frac{1}{m}\\sum_x C_x$. Answer with the function, e.g. "
              "`batch_nabla_w_answer = my_function`.",
    why="The minibatch gradient is the mean of the per-sample gradients $\\delta^x (a^x)^T$ (notebook 10 proves it "
        "for every $m$), i.e. $\\delta A^T / m$; the sum grows with $m$, so the same learning rate takes $m$ times "
        "larger steps.",
    reference=_batch_nabla_w,
    trials=_trials,
    mistakes={"that adds the per-sample gradients; the cost is a mean over the batch, so each sample counts 1/m.":
                  lambda d, a: d @ a.T,
              "divide by the number of samples (columns), not by the number of neurons (rows).":
                  lambda d, a: d @ a.T / d.shape[0],
              "divide by the number of samples m (the columns of a_prev), not by the number of neurons of layer "
              "l - 1 (its rows).": lambda d, a: d @ a.T / a.shape[0],
              "delta.size counts every entry, n_l times m; the mean over the batch divides by m alone, the number "
              "of columns.": lambda d, a: d @ a.T / d.size,
              "the mean of the products is not the product of the means: average the outer products of each "
              "sample's delta and activation.":
                  lambda d, a: np.outer(d.mean(axis=1), a.mean(axis=1)),
              "check the sign: BP4 has none of its own; the minus of gradient descent belongs to the update "
              "w - alpha dC/dw, not to the gradient.": lambda d, a: -(d @ a.T) / d.shape[1]},
    forbidden={"bpkit.bp4": bpkit.bp4},
    wrong=((bpkit.bp4, "bpkit.bp4"), (lambda delta, a_prev: bpkit.bp4(delta, a_prev), "bpkit.bp4")),
))

_w, _g, _dw, _alpha, _gamma, _lam = sp.symbols("w g dw alpha gamma lam")


def _decay_step() -> sp.Expr:
    """w + dw(t), with dw(t) = -alpha dC_lam/dw + gamma dw(t-1) and C_lam = C + lam w^2 / 2, C's slope g."""
    c = sp.Function("C")
    slope = sp.diff(c(_w) + _lam * _w**2 / 2, _w).subs(sp.Derivative(c(_w), _w), _g)  # SymPy: g + lam w
    return _w + (-_alpha * slope + _gamma * _dw)


register(ExpressionExercise(
    id="training.decay_update", notebook="16_training", kind="derive",
    statement="**L2 weight decay** trains on $C_\\lambda = C + \\frac{\\lambda}{2} w^2$ instead of $C$, with the "
              "momentum update of the Goal. At one step the weight is `w`, backprop gives `g` "
              "$= \\partial C/\\partial w$ (the data cost alone) and the previous change is `dw` "
              "$= \\Delta w(t-1)$. Derive the new weight $w + \\Delta w(t)$ and write it with `w`, `g`, `dw`, "
              "`alpha`, `gamma` and `lam` ($\\lambda$). Answer with a string or a SymPy expression, e.g. "
              "`new_weight = \"w - dw\"`.",
    why="$\\partial C_\\lambda/\\partial w = g + \\lambda w$, so the new weight is "
        "$w - \\alpha(g + \\lambda w) + \\gamma\\,\\Delta w(t-1) = (1 - \\alpha\\lambda)\\,w - \\alpha g + "
        "\\gamma\\,\\Delta w(t-1)$: every step first shrinks the weight by the factor $1 - \\alpha\\lambda$ (hence "
        "\"decay\"), and momentum carries the decay along with the rest of the change.",
    expected=_decay_step,
    names=lambda: {"w": _w, "g": _g, "dw": _dw, "alpha": _alpha, "gamma": _gamma, "lam": _lam},
    mistakes={"the penalty (lambda/2) w^2 has a gradient of its own, lambda w, which adds to g.":
                  lambda: _w - _alpha * _g + _gamma * _dw,
              "differentiate (lambda/2) w^2 once more: the 2 of the square cancels the 1/2.":
                  lambda: _w - _alpha * (_g + _lam * _w / 2) + _gamma * _dw,
              "alpha multiplies the whole gradient of C_lambda, the penalty's lambda w included (what you wrote is "
              "'decoupled' weight decay, another method).":
                  lambda: _w - _alpha * _g - _lam * _w + _gamma * _dw,
              "check the sign of the penalty's gradient: lambda w points away from 0, and the step goes against it.":
                  lambda: _w - _alpha * (_g - _lam * _w) + _gamma * _dw,
              "momentum adds gamma times the previous change dw.":
                  lambda: _w - _alpha * (_g + _lam * _w),
              "momentum adds the previous change dw scaled by gamma, not dw itself.":
                  lambda: _w - _alpha * (_g + _lam * _w) + _dw,
              "check the sign of the momentum term: the previous change is added, +gamma dw.":
                  lambda: _w - _alpha * (_g + _lam * _w) - _gamma * _dw,
              "that is the change Delta w(t); the question asks for the new weight w + Delta w(t).":
                  lambda: -_alpha * (_g + _lam * _w) + _gamma * _dw,
              "the decay acts on the weight w, not on the previous change dw.":
                  lambda: _w - _alpha * (_g + _lam * _dw) + _gamma * _dw,
              "a factor 2 too many: the lambda/2 in front cancels the 2 from differentiating w^2.":
                  lambda: _w - _alpha * (_g + 2 * _lam * _w) + _gamma * _dw},
    generic="differentiate C_lambda = C + (lambda/2) w^2 by w (C's part is g), put it into the momentum update, "
            "then add the change to w.",
))
