"""Exercises of 04_bp2: complete BP2; find the article's sign slip in delta_3."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ...activations import sigmoid, sigmoid_prime
from ..errata import fprime
from . import FunctionExercise, NumberExercise, register
from ._example import example


def _reference(w_next: np.ndarray, delta_next: np.ndarray, z: np.ndarray) -> np.ndarray:
    return (w_next.T @ delta_next) * sigmoid_prime(z)


def _trials(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    return [(rng.normal(size=(m, n)), rng.normal(size=m), rng.normal(size=n)) for m, n in ((2, 3), (4, 2), (1, 5))]


register(FunctionExercise(
    id="bp2.complete", notebook="04_bp2", kind="complete",
    statement="Complete `def bp2(w_next, delta_next, z):` returning $\\delta^l$ from $w^{l+1}$ (shape "
              "$(n_{l+1}, n_l)$), $\\delta^{l+1}$ (shape $(n_{l+1},)$) and $z^l$ (shape $(n_l,)$), sigmoid "
              "activation. Answer with the function, e.g. `bp2_answer = my_bp2`.",
    why="BP2: $\\delta^l = ((w^{l+1})^T \\delta^{l+1}) \\odot \\sigma'(z^l)$; the transpose carries each error back "
        "along the weights it came through, and $\\sigma'$ scales it by the neuron's slope.",
    reference=_reference, trials=_trials,
    mistakes={"the backward step needs sigma'(z^l): a factor is missing.": lambda w, d, z: w.T @ d,
              "multiply by the slope sigma'(z^l), not by sigma(z^l).": lambda w, d, z: (w.T @ d) * sigmoid(z),
              "check the sign: BP2 has none of its own.": lambda w, d, z: -(w.T @ d) * sigmoid_prime(z)},
))


def _p(name: str) -> str:
    return str(example()[0].printed_flat[name])


def _w(name: str) -> str:
    return f"{example()[0].weights[name]:g}"


def _delta3_article() -> float:
    ex, _, _ = example()
    p = ex.printed_flat
    w = {k: Decimal(repr(v)) for k, v in ex.weights.items()}
    return float((p["delta7"] * w["w37"] + p["delta6"] * w["w36"]) * fprime(p["O3"]))


register(NumberExercise(
    id="bp2.delta3", notebook="04_bp2", kind="find-the-bug",
    statement=f"The article prints $\\delta_3 = {_p('delta3')}$ (its sign: $\\delta = -\\partial C/\\partial I$). "
              "Redo its step with its own printed numbers: $\\delta_3 = (\\delta_7 w_{37} + \\delta_6 w_{36})\\, "
              f"O_3 (1 - O_3)$ with $\\delta_7 = {_p('delta7')}$, $\\delta_6 = {_p('delta6')}$, $w_{{37}} = "
              f"{_w('w37')}$, $w_{{36}} = {_w('w36')}$, $O_3 = {_p('O3')}$. What does the article's own arithmetic "
              "give? Answer with a number, e.g. `delta3_redone = 0.1`.",
    why="The bracket $\\delta_7 w_{37} + \\delta_6 w_{36}$ is positive (the large $\\delta_6 w_{36}$ wins) and "
        "$O_3(1 - O_3) > 0$, so $\\delta_3 > 0$: the printed minus sign is a slip, and $\\Delta w_{13}$, "
        "$\\Delta w_{23}$ inherit it.",
    value=_delta3_article, digits=2,  # the article prints two significant digits
    mistakes={"that is the article's printed value: redo its step with its own numbers, starting with the sign of "
              "the bracket.": lambda: float(example()[0].printed_flat["delta3"]),
              "that has the printed sign, which is the slip you are looking for: recompute the sign of the bracket.":
                  lambda: -_delta3_article(),
              "the bracket is multiplied by f'(I_3) = O_3 (1 - O_3): a factor is missing.":
                  lambda: _delta3_article() / float(fprime(example()[0].printed_flat["O3"]))},
    generic="redo the step with the article's printed numbers: first the bracket delta_7 w_37 + delta_6 w_36, then "
            "the factor O_3 (1 - O_3).",
))
