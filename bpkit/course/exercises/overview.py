"""Exercises of 00_overview: reading the notation, one forward step by hand."""

from __future__ import annotations

from ...activations import sigmoid
from . import ChoiceExercise, NumberExercise, register
from ._example import example


def _nielsen(name: str) -> str:
    ex, _, _ = example()
    l, j, k = ex.weight_position(name)
    return f"$w^{l}_{{{j + 1}{k + 1}}}$"


def _options() -> dict[str, str]:
    ex, _, _ = example()
    l, j, k = ex.weight_position("w57")
    return {"a": _nielsen("w57"), "b": f"$w^{l}_{{{k + 1}{j + 1}}}$", "c": f"$w^{l - 1}_{{{j + 1}{k + 1}}}$",
            "d": f"$w^{l + 1}_{{{j + 1}{k + 1}}}$"}


_W57 = _options()
register(ChoiceExercise(
    id="overview.w57", notebook="00_overview", kind="explain",
    statement="The article's weight $w_{57}$ runs from neuron 5 to neuron 7. Which of Nielsen's names is it? "
              + ", ".join(f"({k}) {v}" for k, v in _W57.items()) + ". Answer with a letter, e.g. `w57_name = \"a\"`.",
    why="Nielsen writes $w^l_{jk}$ for the weight INTO neuron $j$ of layer $l$ FROM neuron $k$ of layer $l-1$; "
        "neuron 7 is the 2nd neuron of layer 2 (input layer = 0) and neuron 5 the 3rd of layer 1.",
    options=_W57, correct="a",
    hints={"b": "Nielsen's first subscript is the neuron the weight goes TO, the second the one it comes FROM.",
           "c": "count the layers from the input layer, which is layer 0: into which layer does the weight lead?",
           "d": "count the layers from the input layer, which is layer 0: into which layer does the weight lead?"},
))


def _I4() -> float:
    return example()[2]["I4"]


register(NumberExercise(
    id="overview.I4", notebook="00_overview", kind="predict",
    statement="Before running the forward pass: compute the article's input sum $I_4 = \\sum_i O_i w_{i4}$ of "
              "neuron 4 from the inputs $O_1 = 0.6$, $O_2 = 0.7$ and the weights into neuron 4. "
              "Answer with a number, e.g. `I4_guess = 1.23`.",
    why="$I_4 = O_1 w_{14} + O_2 w_{24}$: the sum over the neurons that feed neuron 4, each output times the weight "
        "from it to neuron 4 (Nielsen's $z^1_2 = w^1_{21} a^0_1 + w^1_{22} a^0_2$).",
    value=_I4,
    mistakes={
        "that is the output O4 = f(I4); the question asks for the input sum before the sigmoid.":
            lambda: float(sigmoid(_I4())),
        "use the weights INTO neuron 4 (w14 and w24), not those into neuron 3.": lambda: example()[2]["I3"],
        "the sum has one term per input neuron: both O1 and O2 feed neuron 4.":
            lambda: 0.6 * example()[0].weights["w14"],
    },
    generic="look up the two weights into neuron 4, multiply each by the output it comes from, and add.",
))
