"""Exercises of 12_autodiff: complete the backward of a softplus layer; count the backward passes of reverse mode for
the gradient of a sum of outputs; where the autograd's += matters (a Value used twice)."""

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
              "d/dz ln(u) = u'/u: the inner derivative u' = e^z is missing (or z has the wrong sign: the slope of "
              "ln(1 + e^z) rises from 0 to 1 as z grows).":
                  lambda dout, z: dout * sigmoid(-z),
              "the chain rule for ln(u) gives u'/u: e^z / (1 + e^z), not e^z alone.":
                  lambda dout, z: dout * np.exp(z),
              "an elementwise layer's backward multiplies entry by entry (`*`): each z_i affects only out_i, so "
              "no sum over entries (`@`, np.dot).": lambda dout, z: dout @ sigmoid(z)},
    generic="differentiate ln(1 + e^z) with the chain rule (ln, then 1 + e^z), then multiply by dout entry by entry.",
))

N_INPUTS, K_OUTPUTS = 784, 10  # a layer of Nielsen's digit network: 784 pixels in, 10 digits out


register(NumberExercise(
    id="autodiff.reverse_passes", notebook=NOTEBOOK, kind="predict",
    statement=f"A function maps $n = {N_INPUTS}$ inputs to $k = {K_OUTPUTS}$ outputs $y_1, \\dots, y_{{{K_OUTPUTS}}}$. "
              f"After one forward pass, how many backward passes does reverse mode need, at the fewest, for the "
              f"gradient of $y_1 + \\dots + y_{{{K_OUTPUTS}}}$ by all {N_INPUTS} inputs? Answer with a number, e.g. "
              "`backward_passes = 50`.",
    why="A backward pass seeded with $\\bar y$ returns $J^T \\bar y$, for any $\\bar y$. Seeded with "
        "$\\bar y = (1, \\dots, 1)$ it returns $\\sum_j \\partial y_j/\\partial x_i$, the gradient of the sum: one "
        "pass, not one per output (the same as adding a node $s = \\sum_j y_j$ and starting from $\\bar s = 1$). "
        "A cost summed over a batch gets its gradient this way.",
    value=lambda: 1.0, rtol=0.0, digits=None,  # a count: exact
    mistakes={"that works (one pass per output, one row of the Jacobian each, then their sum) but is more "
              "than needed. A backward pass seeded with y-bar returns J^T y-bar for any y-bar: which seed gives "
              "the sum of the rows?": lambda: float(K_OUTPUTS),
              "that counts the forward pass too, and one backward pass per output: the question asks for backward "
              "passes only, and the fewest that give the gradient of the sum.": lambda: float(K_OUTPUTS + 1),
              "that is forward mode's count, one pass per input; a backward pass gives the derivatives by every "
              "input at once.": lambda: float(N_INPUTS),
              "the question counts the backward passes only: the one forward pass comes first and is shared.":
                  lambda: 2.0,
              "the forward pass gives values, not derivatives: the gradient needs a backward pass.": lambda: 0.0},
    generic="write what one backward pass seeded with y-bar returns (J^T y-bar), then ask which seeds give the "
            "gradient of the sum.",
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
