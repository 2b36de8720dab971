"""Exercises of 12_autodiff: complete the backward of a softplus layer; count the backward passes of reverse mode for a
Jacobian; where the autograd's += matters (a Value used twice)."""

from __future__ import annotations

import numpy as np

from ...activations import sigmoid, sigmoid_prime
from . import ChoiceExercise, FunctionExercise, NumberExercise, register

NOTEBOOK = "12_autodiff"


def _softplus_backward(dout: np.ndarray, z: np.ndarray) -> np.ndarray:
    """dC/dz for out = ln(1 + e^z): dout (.) softplus'(z) = dout (.) sigma(z), from the cached input z."""
    return dout * sigmoid(z)


def _softplus_trials(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """(dout, z) in the shapes a layer meets: a sample, a batch, a column."""
    return [(rng.normal(size=shape), rng.normal(scale=2.0, size=shape)) for shape in ((4,), (3, 5), (2, 1))]


register(FunctionExercise(
    id="autodiff.softplus_backward", notebook=NOTEBOOK, kind="complete",
    statement="A softplus layer computes $\\mathrm{out} = \\ln(1 + e^z)$ entry by entry (a smooth ReLU) and keeps "
              "`z` as its cache. Complete `def softplus_backward(dout, z):` returning $\\partial C/\\partial z$ "
              "(the shape of `z`) from `dout` $= \\partial C/\\partial\\,\\mathrm{out}$ and the cache. Answer with "
              "the function, e.g. `softplus_backward_answer = my_softplus_backward`.",
    why="The layer is elementwise, so its vector-Jacobian product is `dout` times the local slope, entry by entry; "
        "$\\frac{d}{dz}\\ln(1 + e^z) = \\frac{e^z}{1 + e^z} = \\sigma(z)$: softplus is the integral of the "
        "sigmoid.",
    reference=_softplus_backward, trials=_softplus_trials,
    mistakes={"that is the local slope alone: a backward multiplies it by the gradient that arrives, dout.":
                  lambda dout, z: sigmoid(z),
              "that is softplus itself, ln(1 + e^z): the backward needs its slope.":
                  lambda dout, z: dout * np.log1p(np.exp(z)),
              "that is the slope of the sigmoid, sigma(z) (1 - sigma(z)): one derivative too many.":
                  lambda dout, z: dout * sigmoid_prime(z),
              "check the sign of z: the slope of ln(1 + e^z) rises from 0 to 1 as z grows.":
                  lambda dout, z: dout * sigmoid(-z),
              "the chain rule for ln(u) gives u'/u: e^z / (1 + e^z), not e^z alone.":
                  lambda dout, z: dout * np.exp(z)},
    generic="differentiate ln(1 + e^z) with the chain rule (ln, then 1 + e^z), then multiply by dout entry by entry.",
))

N_INPUTS, K_OUTPUTS = 784, 10  # a layer of Nielsen's digit network: 784 pixels in, 10 digits out


register(NumberExercise(
    id="autodiff.reverse_passes", notebook=NOTEBOOK, kind="predict",
    statement=f"A function maps $n = {N_INPUTS}$ inputs to $k = {K_OUTPUTS}$ outputs. How many backward passes "
              f"does reverse mode need for the whole ${K_OUTPUTS} \\times {N_INPUTS}$ Jacobian, after one forward "
              "pass? Answer with a number, e.g. `backward_passes = 50`.",
    why="A backward pass starts from one output $y_j$ with $\\bar y_j = 1$ and gives $\\partial y_j/\\partial x_i$ for "
        "every input at once: one row of the Jacobian. So reverse mode needs one pass per output, $k$, whatever $n$ "
        "is; forward mode would need one per input, $n$.",
    value=lambda: float(K_OUTPUTS), rtol=0.0, digits=None,  # a count: exact
    mistakes={"that is forward mode's count, one pass per input (one column each); a backward pass gives a row.":
                  lambda: float(N_INPUTS),
              "one backward pass starts from one output and gives its gradient, one row of the Jacobian; "
              "the other outputs need passes of their own.": lambda: 1.0,
              "a pass gives more than one entry: all the derivatives of one output, by every input.":
                  lambda: float(N_INPUTS * K_OUTPUTS),
              "that is central differences, two evaluations per input; reverse mode needs no differences.":
                  lambda: float(2 * N_INPUTS),
              "the question counts the backward passes only: the one forward pass comes first and is shared.":
                  lambda: float(K_OUTPUTS + 1)},
    generic="work out what one backward pass delivers (which derivatives, of which output), then count how many "
            "passes cover the whole Jacobian.",
))

register(ChoiceExercise(
    id="autodiff.why_add", notebook=NOTEBOOK, kind="explain",
    statement="`Value.backward` hands each contribution on with `parent.grad += local * v.grad`. For which of these "
              "functions would it still give the right derivative by $x$ with `=` in place of `+=`?\n\n"
              "- (a) $f = \\tanh(e^x)$\n"
              "- (b) $f = x \\cdot x$\n"
              "- (c) $f = x\\,y + x$\n"
              "- (d) $f = a + \\tanh(a)$ with $a = \\tanh(x)$\n\n"
              "Answer with one letter.",
    why="With `=`, a Value keeps only the last contribution it receives. That is harmless only where no Value is "
        "used twice: in $\\tanh(e^x)$ each Value feeds exactly one operation, a chain. In the others a Value is "
        "used twice, its two routes add (the multivariable chain rule, notebook 02), and `=` keeps one of them.",
    options={"a": "a chain, one use per Value", "b": "x used twice by one product", "c": "x used by two operations",
             "d": "a used by two operations"},
    correct="a",
    hints={"b": "x is both factors of x * x: two contributions arrive at x, and = keeps one (failing example 2).",
           "c": "x feeds both the product x y and the sum: two routes to f, two contributions, and = keeps one.",
           "d": "a = tanh(x) feeds both the sum and tanh(a): two routes to f, and = keeps only one of them."},
))
