"""Exercises of 05_bp3: the bias gradient of a biased output neuron; a bias that enters twice (why BP3 holds); a
bias shared by a layer (transfer)."""

from __future__ import annotations

import numpy as np

from ...activations import sigmoid
from ...network import Gradients
from . import ChoiceExercise, NumberExercise, register
from ._example import example


def _biased(case_b: bool, b8: float | None = None) -> Gradients:
    """Backprop of the worked example with every bias 0, or as in notebook 05's case (b) (seeded, one decimal
    each); b_8 set to ``b8`` if given."""
    ex, _, _ = example()
    net = ex.network()
    rng = np.random.default_rng(0)
    biases = [np.round(rng.uniform(-0.5, 0.5, len(w)), 1) if case_b else np.zeros(len(w)) for w in net.weights]
    if b8 is not None:
        biases[-1][0] = b8
    return net.replace(biases=biases).backprop(ex.x, ex.y)


def _with_bias(b8: float, case_b: bool = False) -> float:
    """dC/db_8 with b_8 set; every other bias 0, or as in case (b)."""
    return float(_biased(case_b, b8).nabla_b[-1][0])


def _from_printed_I8(b8: float) -> float:
    """delta_8 = (a_8 - y) sigma'(z_8) at z_8 = the article's rounded I_8 + b8 (a slip: I_8 is not rounded)."""
    ex, _, _ = example()
    a8 = float(sigmoid(float(ex.printed_flat["I8"]) + b8))
    return (a8 - float(ex.y[0])) * a8 * (1 - a8)


#: I_8 exact (to 4 places) and as the article prints it, for the hints
_I8 = f"{float(example()[1].trace.zs[-1][0]):.4f}"
_I8_PRINTED = str(example()[0].printed_flat["I8"])


register(NumberExercise(
    id="bp3.b8", notebook="05_bp3", kind="predict",
    statement="Give the worked example's output neuron a bias $b_8 = 0.5$, every other bias $0$ as in the article "
              "(not case (b)) and every weight unchanged. Predict "
              "$\\partial C/\\partial b_8$ (Nielsen's sign). Hint of the method, not the value: BP3 says it is "
              "$\\delta_8$, and $\\delta_8$ depends on $z_8$. Answer with a number, e.g. `db8_guess = 0.1`.",
    why="By BP3, $\\partial C/\\partial b_8 = \\delta_8 = (a_8 - y)\\sigma'(z_8)$ at the NEW $z_8 = I_8 + 0.5$: the "
        "bias moves the output closer to the target, so the gradient is smaller in size than without it.",
    value=lambda: _with_bias(0.5),
    mistakes={"the bias changes z_8 and so delta_8: redo the forward pass with b_8 = 0.5 first.":
                  lambda: _with_bias(0.0),
              "check the sign: Nielsen's delta is dC/dz = (a - y) sigma'(z).": lambda: -_with_bias(0.5),
              "that is case (b), where every neuron has a bias (the Try-it panel); here only b_8 = 0.5, every other "
              "bias 0.": lambda: _with_bias(0.5, case_b=True),
              f"that starts from the article's I_8 = {_I8_PRINTED}, a rounding: use the exact I_8 = {_I8} "
              "(trace.zs[-1]).": lambda: _from_printed_I8(0.5),
              "a factor 2 too many: the 1/2 of the quadratic cost cancels the 2 from differentiating the square.":
                  lambda: 2 * _with_bias(0.5)},
    hint_rtol=2e-3,  # the mistakes lie close to the value: only an answer that close to one gets its hint
    generic=f"redo the output neuron's forward pass with b_8 = 0.5 and every other bias 0 (z_8 = I_8 + 0.5, with "
            f"the exact I_8 = {_I8} (trace.zs[-1]), not the article's rounded {_I8_PRINTED}), then BP1; BP3 gives "
            "the rest.",
))

register(ChoiceExercise(
    id="bp3.why", notebook="05_bp3", kind="explain",
    statement="A layer adds each bias twice: $z^l_j = \\sum_k w^l_{jk} a^{l-1}_k + 2 b^l_j$ (any network and cost "
              "otherwise, $\\delta^l_j = \\partial C/\\partial z^l_j$ as before). What is "
              "$\\partial C/\\partial b^l_j$? (a) $\\delta^l_j$: BP3 holds for every network; "
              "(b) $\\delta^l_j / 2$; (c) $2\\,\\delta^l_j$; (d) $2\\,\\delta^l_j\\,\\sigma'(z^l_j)$. "
              "Answer with one letter.",
    why="$b^l_j$ still enters only $z^l_j$, now with $\\partial z^l_j/\\partial b^l_j = 2$, so the chain rule "
        "gives $\\delta^l_j \\cdot 2$. BP3's $\\partial C/\\partial b^l_j = \\delta^l_j$ is this rule with the "
        "usual coefficient 1.",
    options={"a": "delta: BP3 holds for every network", "b": "delta / 2", "c": "2 delta",
             "d": "2 delta sigma'(z)"},
    correct="c",
    hints={"a": "BP3's proof used dz/db = 1: find dz/db for this z, then use the chain rule.",
           "b": "the chain rule multiplies by dz/db, it does not divide by it.",
           "d": "sigma' is already inside delta = dC/dz: the bias is added before the activation."},
))

# ---------------------------------------------------------------- transfer: one bias shared by a layer


def _first_layer_deltas(case_b: bool = False) -> np.ndarray:
    """delta^1 (neurons 3, 4, 5; Nielsen's sign) of the worked example, biases 0 or as in case (b)."""
    return _biased(case_b).deltas[0]


register(NumberExercise(
    id="bp3.tied", notebook="05_bp3", kind="derive",
    statement="Tie the biases of the first hidden layer (neurons 3, 4, 5) to one parameter $c$: "
              "$b^1_j = c$ for every $j$, with $c = 0$ (so the network is that of case (a)). What is "
              "$\\partial C/\\partial c$ (Nielsen's sign)? Derive it with the chain rule first. Answer with a "
              "number, e.g. `dC_dc = 0.1`.",
    why="$c$ enters every $z^1_j$ with coefficient 1, so the chain rule adds one $\\delta^1_j$ per neuron: "
        "$\\partial C/\\partial c = \\sum_j \\delta^1_j = \\delta_3 + \\delta_4 + \\delta_5$. A shared "
        "parameter collects the gradients of all its uses (as in a convolution's shared weights).",
    value=lambda: float(_first_layer_deltas().sum()),
    mistakes={"c moves all three z^1_j at once, and the chain rule adds the three routes: a sum, not a mean.":
                  lambda: float(_first_layer_deltas().mean()),
              "c is the bias of every neuron of the layer, not of neuron 3 only: it reaches C through z_3, "
              "z_4 and z_5.": lambda: float(_first_layer_deltas()[0]),
              "check the sign: in Nielsen's sign each dC/db^1_j is delta^1_j itself.":
                  lambda: -float(_first_layer_deltas().sum()),
              "those are the deltas of case (b), whose biases are not 0: with c = 0 the network is that of case "
              "(a).": lambda: float(_first_layer_deltas(case_b=True).sum())},
    generic="c enters z_3, z_4 and z_5, each with coefficient 1: write dC/dc with the chain rule over those "
            "three weighted inputs and use BP3 for each.",
))
