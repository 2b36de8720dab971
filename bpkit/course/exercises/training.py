"""Exercises of 14_training: why a bias-free tanh network fails the 3-bit task; momentum's long-run step; the
minibatch BP4 with a planted bug."""

from __future__ import annotations

import numpy as np

from ...network import Gradients, bp4
from ...optim import Momentum
from . import ChoiceExercise, FunctionExercise, NumberExercise, register

register(ChoiceExercise(
    id="training.no_biases", notebook="14_training", kind="explain",
    statement="Trained without biases, the tanh network of the 3-bit task never gets more than 7 of the 8 patterns "
              "right, however long it trains and however many hidden neurons it has. Why? "
              "(a) Without biases the network is odd, $N(-x) = -N(x)$, and the patterns $(+1, +1, +1)$ and "
              "$(-1, -1, -1)$ both want the response $-1$. "
              "(b) The learning rate is too small to reach the last pattern. "
              "(c) Two hidden neurons are too few for eight patterns. "
              "(d) tanh never reaches $\\pm 1$ exactly, so the last pattern cannot be hit. "
              "Answer with a letter, e.g. `why_seven = \"b\"`.",
    why="Each bias-free tanh layer maps $-a$ to $-\\tanh(wa)$, so the whole network is odd (the Derivation's "
        "assert, for every width): its outputs at $x$ and $-x$ have opposite signs, and one of the two patterns "
        "whose responses are both $-1$ is always wrong. A bias breaks the symmetry.",
    options={"a": "odd network, equal targets at x and -x", "b": "learning rate too small",
             "c": "too few hidden neurons", "d": "tanh never reaches +-1"},
    correct="a",
    hints={"b": "a different step size changes how fast the network learns, not what it can represent: compare "
                "what the network gives for x and for -x.",
           "c": "more hidden neurons do not help: the limit holds for every width. Compare the outputs at x and -x.",
           "d": "a pattern counts as right when the output has the target's sign; it need not reach the target. "
                "Compare the outputs at x and -x."},
))

_ALPHA, _GAMMA, _SLOPE = 0.1, 0.8, 0.5


def _constant_gradient() -> Gradients:
    return Gradients([np.array([[_SLOPE]])], [np.zeros(1)], [np.zeros(1)], 0.0, None)


def _long_run_change(steps: int = 400) -> float:
    opt, grads = Momentum(_ALPHA, _GAMMA), _constant_gradient()
    for _ in range(steps):
        dw, _db = opt.changes(grads)
    return float(dw[0][0, 0])


register(NumberExercise(
    id="training.momentum_limit", notebook="14_training", kind="predict",
    statement=f"A weight sees the same gradient $\\partial C/\\partial w = {_SLOPE}$ at every step. With the "
              f"article's update $\\Delta w(t) = -\\alpha\\, \\partial C/\\partial w + \\gamma\\, \\Delta w(t-1)$, "
              f"$\\alpha = {_ALPHA}$, $\\gamma = {_GAMMA}$ and $\\Delta w(-1) = 0$, what does the change "
              "$\\Delta w(t)$ approach as $t$ grows? Predict it, then check with `bpkit.Momentum`. "
              "Answer with a number, e.g. `long_run_change = 0.1`.",
    why="Unrolled, $\\Delta w(t) = -\\alpha g \\sum_{s=0}^{t} \\gamma^{s} \\to -\\alpha g/(1 - \\gamma)$: with a "
        "steady gradient, momentum multiplies the learning rate by $1/(1 - \\gamma)$ (here 5), and the change points "
        "downhill.",
    value=_long_run_change, rtol=1e-3,
    mistakes={"check the sign: the change goes against the gradient.": lambda: -_long_run_change(),
              "that is the first step alone: momentum keeps adding gamma times the previous change.":
                  lambda: -_ALPHA * _SLOPE,
              "that counts only one earlier step; all earlier steps add up, a geometric series.":
                  lambda: -_ALPHA * _SLOPE * (1 + _GAMMA),
              "the geometric series 1 + gamma + gamma^2 + ... sums to 1/(1 - gamma), not 1/(1 + gamma).":
                  lambda: -_ALPHA * _SLOPE / (1 + _GAMMA)},
    generic="write out Delta w(0), Delta w(1), Delta w(2): each adds gamma times the previous change; then sum "
            "the series.",
))


def _trials(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(rng.normal(size=(n, m)), rng.normal(size=(k, m))) for n, k, m in ((2, 3, 5), (4, 2, 7), (1, 3, 10))]


register(FunctionExercise(
    id="training.batch_nabla_w", notebook="14_training", kind="find-the-bug",
    statement="A training loop computes BP4 for a minibatch as `def batch_nabla_w(delta, a_prev): return delta @ "
              "a_prev.T`, with `delta` of shape $(n_l, m)$ and `a_prev` of shape $(n_{l-1}, m)$ (one column per "
              "sample). It trains with batches of 10 but blows up with batches of 100 at the same learning rate. "
              "Fix it: return $\\partial C/\\partial w^l$ for the minibatch cost $C = \\frac{1}{m}\\sum_x C_x$. Answer "
              "with the function, e.g. `batch_nabla_w_answer = my_function`.",
    why="The minibatch gradient is the mean of the per-sample gradients $\\delta^x (a^x)^T$ (the Derivation's assert, "
        "for every $m$), i.e. $\\delta A^T / m$; the sum grows with $m$, so the same learning rate takes $m$ times "
        "larger steps.",
    reference=lambda delta, a_prev: bp4(delta, a_prev),
    trials=_trials,
    mistakes={"that adds the per-sample gradients; the cost is a mean over the batch, so each sample counts 1/m.":
                  lambda d, a: d @ a.T,
              "divide by the number of samples (columns), not by the number of neurons (rows).":
                  lambda d, a: d @ a.T / d.shape[0],
              "the mean of the products is not the product of the means: average the outer products of each "
              "sample's delta and activation.":
                  lambda d, a: np.outer(d.mean(axis=1), a.mean(axis=1))},
))
