"""Exercises of 00_overview: reading Nielsen's w^l_jk, and one input sum after a nudge, by hand."""

from __future__ import annotations

from ...activations import sigmoid
from . import ChoiceExercise, NumberExercise, register
from ._example import example


def _name(l: int, j: int, k: int) -> str:
    """Nielsen's name w^l_jk in LaTeX, for 1-based j and k."""
    return f"$w^{l}_{{{j}{k}}}$"


def _options() -> dict[str, str]:
    """Nielsen's name of the article's w57 and three typical misreadings, shuffled (the right one is b)."""
    ex, _, _ = example()
    l, j, k = ex.weight_position("w57")
    return {"a": _name(l, k + 1, j + 1),        # subscripts swapped: from-to instead of to-from
            "b": _name(l, j + 1, k + 1),        # right
            "c": _name(l + 1, j + 1, k + 1),    # layers counted from 1, as Nielsen's book does
            "d": _name(l - 1, j + 1, k + 1)}    # the layer the weight leaves


_W57 = _options()
register(ChoiceExercise(
    id="overview.w57", notebook="00_overview", kind="explain",
    statement="The article's weight $w_{57}$ runs from neuron 5 to neuron 7. What is its name in the course's "
              "notation, Nielsen's $w^l_{jk}$ with the input layer numbered $l = 0$? "
              + ", ".join(f"({k}) {v}" for k, v in _W57.items()) + ". Answer with one letter.",
    why="Nielsen writes $w^l_{jk}$ for the weight INTO neuron $j$ of layer $l$ FROM neuron $k$ of layer $l-1$; "
        "neuron 7 is the 2nd neuron of layer 2 (input layer = 0) and neuron 5 the 3rd of layer 1.",
    options=_W57, correct="b",
    hints={"a": "Nielsen's first subscript is the neuron the weight goes INTO, the second the one it comes FROM.",
           "c": "that is its name in Nielsen's book, which numbers the input layer 1; the question numbers it 0: in "
                "which layer is neuron 7 then?",
           "d": "the upper index is the layer the weight leads INTO (neuron 7's layer), not the layer it leaves."},
))

H = 0.1  # the nudge of the exercise


def _inputs() -> tuple[float, float, float, float]:
    """a^0_1, a^0_2 and the weights into the article's neuron 4: w^1_21 (w14), w^1_22 (w24)."""
    ex, _, _ = example()
    return float(ex.x[0]), float(ex.x[1]), ex.weights["w14"], ex.weights["w24"]


def _z12_nudged() -> float:
    a1, a2, w21, w22 = _inputs()
    return a1 * (w21 + H) + a2 * w22


register(NumberExercise(
    id="overview.I4", notebook="00_overview", kind="predict",
    statement="Section 1 nudged $w^3_{11}$. Nudge $w^1_{21}$ instead (the article's $w_{14}$), by $h = 0.1$. "
              "What is the input sum $z^1_2$ (the article's $I_4$) after the nudge? The inputs are "
              "$a^0_1 = 0.6$, $a^0_2 = 0.7$; the weights are in the picture of section 4. Answer with a number.",
    why="$z^1_2 = w^1_{21} a^0_1 + w^1_{22} a^0_2$ with $w^1_{21}$ raised by $h$: the sum moves by $h\\,a^0_1$, "
        "the nudge times the input it multiplies (that is why $\\partial z^1_2 / \\partial w^1_{21} = a^0_1$).",
    value=_z12_nudged,
    mistakes={
        "that is the input sum before the nudge: $w^1_{21}$ has grown by $h$.":
            lambda: _z12_nudged() - H * _inputs()[0],
        "the nudge enters the sum multiplied by the input it carries, $a^0_1$, not by 1.":
            lambda: _z12_nudged() - H * _inputs()[0] + H,
        "$w^1_{21}$ comes FROM input 1 (its second subscript): the nudge multiplies $a^0_1$, not $a^0_2$.":
            lambda: _z12_nudged() - H * _inputs()[0] + H * _inputs()[1],
        "that is the output $a^1_2 = \\sigma(z^1_2)$; the question asks for the input sum, before the sigmoid.":
            lambda: float(sigmoid(_z12_nudged())),
        "that is how much $z^1_2$ moved; the question asks for $z^1_2$ itself after the nudge.":
            lambda: H * _inputs()[0],
        "the sum has one term per input: $w^1_{22} a^0_2$ belongs in it too.":
            lambda: _inputs()[0] * (_inputs()[2] + H),
        "$w^1_{21}$ leads INTO neuron 2 of layer 1 (first subscript) FROM input 1 (second): it feeds "
        "$z^1_2$, not $z^1_1$.":
            lambda: example()[2]["I3"] + H * _inputs()[1],
    },
    generic="take the two weights into neuron 2 of layer 1, the nudged one with its new value, multiply each by "
            "the input it comes from, and add.",
))
