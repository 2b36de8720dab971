"""Exercises of 15_activations: complete ReLU' with bpkit's convention; predict how much a chain of sigmoids
shrinks delta; why the sigmoid's first-layer delta falls on a straight line against depth; and a transfer: GELU'."""

from __future__ import annotations

import numpy as np
import sympy as sp

import bpkit

from ...activations import Activation, relu, relu_prime
from ...network import Network
from . import ChoiceExercise, ExpressionExercise, FunctionExercise, NumberExercise, register


def _trials(rng: np.random.Generator) -> list[tuple[np.ndarray]]:
    cases = []
    for shape in ((7,), (3, 4), (5,)):
        z = rng.normal(size=shape)
        z.flat[::3] = 0.0  # exact zeros: the convention at the kink is part of the question
        cases.append((z,))
    return cases


def _relu_prime(z: np.ndarray) -> np.ndarray:
    """ReLU'(z) elementwise: 1 where z > 0, else 0 (bpkit's 0 at the kink: the test is strict)."""
    return (z > 0).astype(float)


register(FunctionExercise(
    id="activations.relu_prime", notebook="15_activations", kind="complete",
    statement="Complete `def relu_prime(z):` returning ReLU'(z) elementwise for an array `z` of any shape, with "
              "bpkit's convention at the kink (the value bpkit takes at z = 0, section 2, Step 3). NumPy only: not "
              "`bpkit.relu_prime` nor `bpkit.ACTIVATIONS`. Answer with the function, e.g. "
              "`relu_prime_answer = my_relu_prime`.",
    why="ReLU(z) = max(0, z) has slope 1 where z > 0 and 0 where z < 0; at z = 0 it has no derivative, and bpkit "
        "takes 0 (the test z > 0), a valid subgradient, as most libraries do.",
    reference=_relu_prime, trials=_trials,
    mistakes={"at exactly z = 0 your function gives 1: bpkit's test is a strict inequality.":
                  lambda z: (z >= 0).astype(float),
              "at exactly z = 0 your function gives 1/2 (SymPy's Heaviside convention); bpkit takes another value.":
                  lambda z: np.heaviside(z, 0.5),
              "that is ReLU itself, max(0, z): the question asks for its slope.":
                  lambda z: relu(z),
              "negative inputs have slope 0 (ReLU is flat there), not -1.":
                  lambda z: np.sign(z)},
    forbidden={"bpkit.relu_prime": relu_prime, "bpkit.ACTIVATIONS[...].prime": Activation.prime},
    wrong=((relu_prime, "bpkit.relu_prime"), (lambda z: relu_prime(z), "bpkit.relu_prime"),
           (lambda z: bpkit.ACTIVATIONS["relu"].prime(z), "bpkit.ACTIVATIONS[...].prime")),
))


def _chain(layers: int = 10) -> Network:
    """A chain of ``layers`` sigmoid neurons, all weights 1, biases that put every z at 0 for the input 0."""
    return Network([np.ones((1, 1))] * layers, [np.zeros(1)] + [np.full(1, -0.5)] * (layers - 1))


def _ratio(layers: int = 10) -> float:
    """delta_1 / delta_L for the chain, by bpkit's backprop."""
    deltas = _chain(layers).backprop([0.0], [1.0]).deltas
    return float(deltas[0][0] / deltas[-1][0])


register(NumberExercise(
    id="activations.chain", notebook="15_activations", kind="predict",
    statement="A chain of $L = 10$ sigmoid layers with one neuron each: every weight is 1, and the biases are such "
              "that every weighted input is $z_l = 0$ (input 0, $b_1 = 0$, $b_l = -\\frac12$ for $l \\ge 2$). Predict "
              "the ratio $\\delta_1 / \\delta_{10}$ of the first layer's error to the output layer's. Answer with a "
              "number, e.g. `chain_ratio = 0.5`.",
    why="BP2 from layer 10 down to layer 1 multiplies by $w\\,\\sigma'(0) = 1 \\cdot \\frac14$ nine times: one factor "
        "per layer below the output. At $z = 0$ the sigmoid is at its steepest, so this is the best case: $\\delta$ "
        "cannot shrink more slowly through sigmoids with weights of size 1.",
    value=_ratio,
    generic="apply BP2 once for every layer from the output down to layer 1, and multiply the factors it applies.",
    mistakes={"count the factors: BP2 runs once per layer below the output, not once per layer.":
                  lambda: _ratio() / 4.0,
              "count the factors again: one is missing. BP2 runs once for every layer below the output, layer 1 "
              "included.": lambda: _ratio() * 4.0,
              "that is one factor: it compounds, once for every layer that BP2 passes through.":
                  lambda: 0.25,
              "that uses sigma(0), the activation, where BP2 needs the slope sigma'(0).":
                  lambda: 0.5 ** 9,
              "that is delta_10 / delta_1, upside down: delta shrinks on its way down to layer 1, so "
              "delta_1 / delta_10 is below 1.":
                  lambda: 1.0 / _ratio()},
))

register(ChoiceExercise(
    id="activations.fastest", notebook="15_activations", kind="explain",
    statement="In the right plot of section 4, the sigmoid's first-layer $\\delta$ (over the output layer's) falls "
              "along a nearly straight line on the log axis as the network grows deeper. Why a straight line?\n\n"
              "- (a) Deeper sigmoid networks saturate more, so each extra layer loses more than the one before.\n"
              "- (b) Each extra layer adds one more BP2 factor of about the same size: $\\delta^1$ decays "
              "geometrically with depth.\n"
              "- (c) The weights are scaled by $1/\\sqrt{n}$, and that factor shrinks as the network grows deeper.\n"
              "- (d) A deeper network has a smaller cost, so its $\\delta^L$, and every $\\delta$ with it, is "
              "smaller.\n\n"
              "Answer with one letter.",
    why="From layer L down to layer 1, BP2 multiplies $\\delta$ by $\\mathrm{diag}(\\sigma'(z^l))\\,(w^{l+1})^T$ "
        "once per layer. With weights of the same scale in every layer, each factor shrinks $\\delta$ by about the "
        "same amount (about 0.23 here), so $\\delta^1/\\delta^L \\approx 0.23^{L-1}$: on a log axis, every added "
        "layer takes the same step down.",
    options={"a": "more saturation in deeper networks", "b": "one more factor of the same size per layer",
             "c": "the weight scale shrinks with depth", "d": "a smaller cost"},
    correct="b",
    hints={"a": "then each step down would be larger than the last and the curve would bend downwards: count the "
                "factors BP2 applies between layer L and layer 1, and compare their sizes.",
           "c": "n is the width of a layer, 32 at every depth: every network's weights are scaled alike. Count the "
                "factors BP2 applies between layer L and layer 1.",
           "d": "the plot divides by the output layer's delta^L, so the cost's size cancels: count the factors BP2 "
                "applies between layer L and layer 1."},
))

_z, _t = sp.symbols("z t")
_Phi = sp.Lambda(_t, (1 + sp.erf(_t / sp.sqrt(2))) / 2)  # the standard normal CDF
_phi = sp.Lambda(_t, sp.exp(-_t**2 / 2) / sp.sqrt(2 * sp.pi))  # its density


register(ExpressionExercise(
    id="activations.gelu_prime", notebook="15_activations", kind="derive",
    statement="Transformers often use GELU, $\\mathrm{GELU}(z) = z\\,\\Phi(z)$, where $\\Phi$ is the standard normal "
              "distribution function (CDF) and $\\varphi(z) = e^{-z^2/2}/\\sqrt{2\\pi}$ the normal density. Derive "
              "$\\mathrm{GELU}'(z)$ by hand. Write it with `z`, `Phi(z)` and `phi(z)` (or with `erf` and `exp`), as a "
              "string or SymPy expression; SymPy checks it exactly.",
    why="Product rule: $(z)'\\,\\Phi(z) + z\\,\\Phi'(z) = \\Phi(z) + z\\,\\varphi(z)$, since a CDF's derivative is its "
        "density. Like ReLU' it tends to 0 on the left and 1 on the right, but smoothly, and it is negative for "
        "$z < -0.75$: GELU is not monotonic.",
    expected=lambda: sp.diff(_z * _Phi(_z), _z),  # SymPy differentiates GELU itself
    names=lambda: {"z": _z, "Phi": _Phi, "phi": _phi},
    mistakes={"GELU is a product, z times Phi(z): the product rule gives two terms, and you have the first only.":
                  lambda: _Phi(_z),
              "the product rule gives two terms: you have z Phi'(z); add the derivative of z times Phi(z).":
                  lambda: _z * _phi(_z),
              "Phi and phi are swapped: the CDF Phi stays in the term where z was differentiated, and Phi' = phi "
              "goes with z.": lambda: _phi(_z) + _z * _Phi(_z),
              "Phi is not its own derivative: the derivative of a CDF is its density phi.":
                  lambda: _Phi(_z) + _z * _Phi(_z),
              "the first term is Phi(z) itself (z' = 1 times Phi), not its derivative phi.":
                  lambda: _phi(_z) + _z * _phi(_z),
              "check the sign: Phi increases, so Phi'(z) = phi(z) > 0.":
                  lambda: _Phi(_z) - _z * _phi(_z),
              "phi(z) is the density exp(-z^2/2)/sqrt(2 pi): the factor 1/sqrt(2 pi) is missing.":
                  lambda: _Phi(_z) + _z * sp.exp(-_z**2 / 2)},
    generic="use the product rule on z times Phi(z), one factor at a time; the derivative of a distribution "
            "function is its density.",
))
