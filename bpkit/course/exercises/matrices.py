"""Exercises of 10_matrices_minibatches: dW for Y = XW; one entry of dX for Y = XWV by hand; the batch mean."""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import ExpressionExercise, FunctionExercise, NumberExercise, register
from ._example import example

NOTEBOOK = "10_matrices_minibatches"


def _grad_w(X: np.ndarray, dY: np.ndarray) -> np.ndarray:
    """dC/dW for Y = XW with samples in rows: X^T dY."""
    return X.T @ dY


def _trials(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(rng.normal(size=(m, k)), rng.normal(size=(m, j))) for m, k, j in ((4, 3, 2), (2, 5, 3), (3, 3, 3))]


register(FunctionExercise(
    id="matrices.grad_w", notebook=NOTEBOOK, kind="complete",
    statement="A layer in the row layout computes $Y = XW$ ($X$: $m \\times K$, one sample per row; $W$: "
              "$K \\times J$). Complete `def grad_w(X, dY):` returning $\\partial C/\\partial W$ ($K \\times J$) from "
              "$X$ and $dY = \\partial C/\\partial Y$ ($m \\times J$). Answer with the function, e.g. "
              "`grad_w_answer = my_grad_w`.",
    why="$\\partial C/\\partial W_{st} = \\sum_a X_{as}\\, dY_{at}$: weight $W_{st}$ meets input $s$ of every "
        "sample $a$ and feeds output $t$, so the samples add up; that sum is $(X^T dY)_{st}$.",
    reference=_grad_w, trials=_trials,
    mistakes={"Y = XW has no 1/m: each sample (row) adds its own contribution. Averaging belongs to the cost, "
              "which then puts the 1/m into dY.": lambda X, dY: X.T @ dY / X.shape[0],
              "check the order of the factors: which index of W does X supply, and which does dY?":
                  lambda X, dY: (dY.T @ X).T if X.shape[1] != dY.shape[1] else dY.T @ X},
))

_x1, _x2 = sp.symbols("x1 x2")
_w11, _w12, _w21, _w22, _v1, _v2, _g = sp.symbols("w11 w12 w21 w22 v1 v2 g")


def _names() -> dict[str, sp.Symbol]:
    return {str(s): s for s in (_x1, _x2, _w11, _w12, _w21, _w22, _v1, _v2, _g)}


def _dC_dx2() -> sp.Expr:
    """dC/dx_2 by SymPy: y = X W V for X (1x2), W (2x2), V (2x1), and dC/dy = g."""
    X, W, V = sp.Matrix([[_x1, _x2]]), sp.Matrix([[_w11, _w12], [_w21, _w22]]), sp.Matrix([_v1, _v2])
    return _g * sp.diff((X * W * V)[0, 0], _x2)


register(ExpressionExercise(
    id="matrices.xwv_entry", notebook=NOTEBOOK, kind="derive",
    statement="Take $Y = XWV$ with $X = (x_1\\; x_2)$ ($1 \\times 2$), $W = \\begin{pmatrix} w_{11} & w_{12} \\\\ "
              "w_{21} & w_{22}\\end{pmatrix}$ and $V = \\begin{pmatrix} v_1 \\\\ v_2 \\end{pmatrix}$, so $Y$ is one "
              "number $y$, and let $\\partial C/\\partial y = g$. Derive $\\partial C/\\partial x_2$ by hand. Answer "
              "with a string in `x1, x2, w11, w12, w21, w22, v1, v2, g`, e.g. `dC_dx2 = \"g*w11*v1\"`.",
    why="$x_2$ reaches $y$ along two routes, through $M_1 = x_1 w_{11} + x_2 w_{21}$ and "
        "$M_2 = x_1 w_{12} + x_2 w_{22}$; the routes add: $g\\,(w_{21} v_1 + w_{22} v_2) = g\\,(WV)_{21}$, "
        "entry 2 of $dY\\,(WV)^T$.",
    expected=_dC_dx2, names=_names,
    mistakes={"x_2 multiplies row 2 of W (w_21, w_22), not column 2: which index of W meets x_2?":
                  lambda: _g * (_w12 * _v1 + _w22 * _v2),
              "x_2 reaches y along two routes (through both entries of M = XW): they add.":
                  lambda: _g * _w22 * _v2,
              "x_2 reaches y along two routes (through both entries of M = XW): they add, and both count.":
                  lambda: _g * _w21 * _v1,
              "the upstream gradient g = dC/dy multiplies every route.": lambda: _w21 * _v1 + _w22 * _v2},
    generic="write y as a sum of products of entries of X, W and V, keep the terms with x_2, and differentiate.",
))

_SECOND = (0.7, 0.6)  # the article's input with its two values swapped


def _per_sample() -> tuple[float, float]:
    """dC/dw68 (Nielsen's w^3_11) of the worked example for the article's input and for the swapped one."""
    ex, grads, _ = example()
    other = ex.network().backprop(np.array(_SECOND), ex.y)
    return float(grads.nabla_w[2][0, 0]), float(other.nabla_w[2][0, 0])


def _batch() -> float:
    ex, _, _ = example()
    x = np.column_stack([ex.x, _SECOND])
    return float(ex.network().backprop(x, np.column_stack([ex.y, ex.y])).nabla_w[2][0, 0])


register(NumberExercise(
    id="matrices.batch_mean", notebook=NOTEBOOK, kind="predict",
    statement="The worked example's network gets a minibatch of two samples, the article's input $(0.6, 0.7)$ and "
              "the swapped $(0.7, 0.6)$, both with target $0.9$. For each sample alone, backprop gives "
              f"$\\partial C/\\partial w_{{68}} = {_per_sample()[0]:.8f}$ and ${_per_sample()[1]:.8f}$. Predict "
              "`net.backprop(X, Y).nabla_w[2][0, 0]` for the batch (samples as columns). Answer with a number, e.g. "
              "`batch_dw68 = 0.1`.",
    why="bpkit's cost for a batch is the mean of the per-sample costs, so its gradient is the mean of the "
        "per-sample gradients: BP4 for a batch is $\\Delta A^T / m$.",
    value=_batch,
    mistakes={"bpkit's batch cost is the mean over the columns, not the sum: so is its gradient.":
                  lambda: 2 * _batch(),
              "both samples count: the batch gradient combines them.": lambda: _per_sample()[0],
              "both samples count, the first one too: the batch gradient combines them.": lambda: _per_sample()[1]},
    generic="combine the two per-sample gradients the way bpkit's batch cost combines the per-sample costs.",
))
