"""Exercises of 13_why_cheap: forward passes for finite differences; the slopes of the plot; the memoized chain
with a linear output neuron."""

from __future__ import annotations

import sympy as sp

from ..costcount import Chain, chain, multiplications, parameters
from . import ChoiceExercise, NumberExercise, register

NOTEBOOK = "13_why_cheap"
MNIST = [784, 30, 10]  # Nielsen's network for handwritten digits


def _weights_only(sizes: list[int]) -> int:
    return sum(k * n for k, n in zip(sizes[:-1], sizes[1:], strict=True))


register(NumberExercise(
    id="cheap.fd_passes", notebook=NOTEBOOK, kind="predict",
    statement="Nielsen's network for handwritten digits has layers of 784, 30 and 10 neurons, with biases. How many "
              "forward passes (cost evaluations) does the central-difference gradient of its cost need, for one "
              "training sample? Answer with a number, e.g. `fd_passes = 1000`.",
    why="Central differences evaluate $C(\\theta + h e_p)$ and $C(\\theta - h e_p)$ for every "
        "parameter $p$, and the network has $784 \\cdot 30 + 30 + 30 \\cdot 10 + 10$ parameters: two forward passes "
        "each. Backprop gets all of them from one forward and one backward pass.",
    value=lambda: 2 * parameters(MNIST), rtol=0.0, digits=None,  # a count: exact
    mistakes={"central differences evaluate the cost twice per parameter: once a little above, once a little below.":
                  lambda: parameters(MNIST),
              "that is one-sided differences (one shared evaluation at theta plus one per parameter); the statement "
              "asks for central ones.": lambda: parameters(MNIST) + 1,
              "biases are parameters too: each needs its own pair of cost evaluations.":
                  lambda: 2 * _weights_only(MNIST)},
    generic="count the parameters layer by layer (weights and biases), then count the cost evaluations per parameter.",
))

register(ChoiceExercise(
    id="cheap.slopes", notebook=NOTEBOOK, kind="explain",
    statement="In the left panel of the picture (log-log, growing wider), the finite-difference line is about twice "
              "as steep as backprop's. Why? (a) finite differences need a smaller step $h$ when the network "
              "is wider; (b) backprop skips the sigmoid in the backward pass; (c) finite differences repeat a forward "
              "pass, whose work grows like $n^2$, twice per parameter, and the number of parameters also grows like "
              "$n^2$; (d) backprop works with matrices, finite differences with single numbers. Answer with one "
              "letter.",
    why="Work of finite differences = (parameters) x (work of a forward pass) ~ $n^2 \\cdot n^2 = n^4$, while backprop "
        "does a constant number of passes, ~ $n^2$: on log-log axes the slopes are about 4 and 2.",
    options={"a": "smaller steps", "b": "no sigmoid backwards", "c": "passes per parameter times parameters",
             "d": "matrices against numbers"},
    correct="c",
    hints={"a": "the step size changes how accurate a difference is, not how many operations it takes.",
           "b": "the backward pass does use sigma' (BP1, BP2), and that costs only a few operations per neuron.",
           "d": "the counts are of arithmetic operations, however they are grouped; a matrix product does as many."},
))

HIDDEN = 10  # the Russian collection's chain: 10 hidden layers and an output layer


def _linear_chain() -> Chain:
    """The chain of 11 weights with a linear output neuron, a_11 = z_11."""
    return chain(HIDDEN + 1, linear_output=True)


def _memo_multiplications() -> int:
    return sum(multiplications(rhs) for _, rhs in _linear_chain().program)


def _unshared_multiplications(linear_output: bool = True) -> int:
    """Each derivative multiplied out anew: L^2 for the linear output, L^2 + L with R at the output."""
    ch = chain(HIDDEN + 1, linear_output=linear_output)
    return sum(multiplications(sp.diff(ch.cost, w)) for w in ch.w)


register(NumberExercise(
    id="cheap.chain_memo", notebook=NOTEBOOK, kind="predict",
    statement="The Russian collection's chain has 10 hidden layers of one neuron and an output neuron, so 11 weights "
              "$w_1, \\dots, w_{11}$; now its output neuron has no activation: $a_{11} = z_{11}$. With memoization "
              "(store $\\delta_l = \\partial C/\\partial z_l$ and reuse it), how many multiplications does backprop "
              "need for all 11 derivatives $\\partial C/\\partial w_l$, given the stored forward values $a_l$ and "
              "$R'(z_l)$? Answer with a number, e.g. `chain_mults = 50`.",
    why="$\\delta_{11} = a_{11} - y$ needs no multiplication, each $\\delta_l = \\delta_{l+1} w_{l+1} R'(z_l)$ costs 2 "
        "(10 of them), and each $\\partial C/\\partial w_l = \\delta_l a_{l-1}$ costs 1 (11 of them): $3L - 2$ for "
        "$L = 11$, one fewer than with $R$ at the output.",
    value=lambda: float(_memo_multiplications()), rtol=0.0, digits=None,  # a count: exact
    mistakes={"that is 3L - 1, the chain with R at the output: here delta_11 = a_11 - y has no R'(z_11) to multiply "
              "by.":
                  lambda: float(_memo_multiplications() + 1),
              "that is the count without memoization: every derivative's product written out anew.":
                  lambda: float(_unshared_multiplications()),
              "that is L^2 + L, the count without memoization for the chain with R at the output: the exercise asks "
              "for the memoized program, and here the output is linear.":
                  lambda: float(_unshared_multiplications(linear_output=False)),
              "each weight's derivative still needs one product delta_l a_{l-1} at the end.":
                  lambda: float(_memo_multiplications() - (HIDDEN + 1)),
              "each step back delta_l = delta_{l+1} w_{l+1} R'(z_l) multiplies three factors: two multiplications.":
                  lambda: float(_memo_multiplications() - HIDDEN)},
    generic="write the memoized program for this chain (delta_11, each delta_l for l = 10..1, each dC/dw_l), count the "
            "multiplications of each line, then add.",
))
