"""Exercises of 10_matrices_minibatches: the gradient of a per-feature gain, Y = X diag(s); one entry of dX for
Y = XWV by hand; the batch mean; and a transfer, the gradient of tied weights (w^2 = (w^1)^T)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import ExpressionExercise, FunctionExercise, NumberExercise, register
from ._example import example

NOTEBOOK = "10_matrices_minibatches"


def _grad_s(X: np.ndarray, dY: np.ndarray) -> np.ndarray:
    """dC/ds for Y = X diag(s) (samples in rows): the diagonal of the rule's X^T dY, sum_a X_ak dY_ak."""
    return np.sum(X * dY, axis=0)


def _trials(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """(X, dY), m x K with m > 1 and m != K: a mean differs from the sum, a sum over the wrong axis has the wrong
    shape."""
    return [(rng.normal(size=(m, k)), rng.normal(size=(m, k))) for m, k in ((4, 3), (2, 5), (6, 2))]


register(FunctionExercise(
    id="matrices.gain_grad", notebook=NOTEBOOK, kind="complete",
    statement="LayerNorm's gain scales each feature by its own weight: $Y = X\\,\\mathrm{diag}(s)$, i.e. "
              "$Y_{ak} = X_{ak}\\, s_k$, with $X$ $m \\times K$, one sample per row. Complete "
              "`def grad_s(X, dY):` returning $\\partial C/\\partial s$ (shape $(K,)$) from $X$ and "
              "$dY = \\partial C/\\partial Y$ ($m \\times K$). Answer with the function, e.g. "
              "`grad_s_answer = my_grad_s`.",
    why="$Y = XW$ with $W = \\mathrm{diag}(s)$: the rule gives $X^T dY$ for every entry of $W$, but only the "
        "diagonal is free, $W_{kk} = s_k$. So $\\partial C/\\partial s_k = (X^T dY)_{kk} = \\sum_a X_{ak}\\, "
        "dY_{ak}$, every sample $a$ adding its share: `(X * dY).sum(axis=0)`.",
    reference=_grad_s, trials=_trials,
    mistakes={"that is the gradient of a bias added to Y (1^T dY): s_k multiplies X_ak, so sample a's share is "
              "X_ak dY_ak.": lambda X, dY: dY.sum(axis=0),
              "Y = X diag(s) has no 1/m: each sample (row) adds its own share. Averaging belongs to the cost, "
              "which then puts the 1/m into dY.": lambda X, dY: (X * dY).mean(axis=0),
              "only the diagonal of X^T dY belongs to s (W = diag(s) keeps its other entries at 0): take entry "
              "(k, k), not the sum of column k.": lambda X, dY: (X.T @ dY).sum(axis=0),
              "only the diagonal of X^T dY belongs to s (W = diag(s) keeps its other entries at 0): take entry "
              "(k, k), not the sum of row k.": lambda X, dY: (X.T @ dY).sum(axis=1),
              "the sum of the products is not the product of the sums: multiply each sample's X_ak by its own "
              "dY_ak, then add over the samples.": lambda X, dY: X.sum(axis=0) * dY.sum(axis=0),
              "that is X^T dY, the gradient of a full K x K matrix W; s is only its diagonal (W = diag(s)): keep "
              "the entries (k, k).": lambda X, dY: X.T @ dY,
              "s_k collects one share per sample: add over the samples, the rows (axis=0), not over the features.":
                  lambda X, dY: (X * dY).sum(axis=1),
              "X_ak dY_ak is sample a's share of dC/ds_k: add the shares over the samples, the rows (axis=0), to "
              "get one number per feature.": lambda X, dY: X * dY,
              "check the sign: Y_ak = X_ak s_k has no minus, so dY_ak/ds_k = X_ak enters as it is; the minus of "
              "gradient descent belongs to the update, not to dC/ds.": lambda X, dY: -_grad_s(X, dY)},
    generic="write Y = XW with W = diag(s), take the rule's dW = X^T dY, and keep the entries that are s.",
    wrong=((lambda X, dY: (X * dY).sum(axis=0, keepdims=True), "extra axes of length 1"),
           (lambda X, dY: (X * dY).sum(axis=1), "add over the samples, the rows (axis=0)")),
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
    """dC/dw^3_11 (the article's w68) of the worked example for the article's input and for the swapped one."""
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
              f"$\\partial C/\\partial w^3_{{11}} = {_per_sample()[0]:.8f}$ and ${_per_sample()[1]:.8f}$ (the "
              "article's $w_{68}$). Predict `net.backprop(x_batch, y_batch).nabla_w[2][0, 0]` for the batch "
              "(samples and targets as the columns of `x_batch` and `y_batch`). Answer with a number, e.g. "
              "`batch_dw68 = 0.1`.",
    why="bpkit's cost for a batch is the mean of the per-sample costs, so its gradient is the mean of the "
        "per-sample gradients: BP4 for a batch is $\\Delta A^T / m$.",
    value=_batch,
    mistakes={"bpkit's batch cost is the mean over the columns, not the sum: so is its gradient.":
                  lambda: 2 * _batch(),
              "both samples count: the batch gradient combines them.": lambda: _per_sample()[0],
              "both samples count, the first one too: the batch gradient combines them.": lambda: _per_sample()[1],
              "check the sign: both per-sample gradients are negative, and the batch combines them as they are.":
                  lambda: -_batch()},
    generic="combine the two per-sample gradients the way bpkit's batch cost combines the per-sample costs.",
))


def _tied_grad(delta1: np.ndarray, a0: np.ndarray, delta2: np.ndarray, a1: np.ndarray) -> np.ndarray:
    """dC/dW when w^1 = W and w^2 = W^T: both uses add (branches add), BP4 of the second one transposed:
    delta^1 (a^0)^T + (delta^2 (a^1)^T)^T = delta^1 (a^0)^T + a^1 (delta^2)^T, of W's shape (n_1, n_0)."""
    return np.outer(delta1, a0) + np.outer(a1, delta2)


def _tied_trials(rng: np.random.Generator) -> list[tuple[np.ndarray, ...]]:
    """delta^1 (n_1), a^0 (n_0), delta^2 (n_0), a^1 (n_1). Square W (n_1 = n_0), so that a forgotten transpose
    keeps the shape and gets its own hint rather than a shape error."""
    return [(rng.normal(size=n), rng.uniform(0, 1, n), rng.normal(size=n), rng.uniform(0, 1, n)) for n in (3, 4, 2)]


register(FunctionExercise(
    id="matrices.tied", notebook=NOTEBOOK, kind="derive",
    statement="An autoencoder ties its weights: it uses one matrix $W$ twice, $w^1 = W$ and $w^2 = W^T$, so the "
              "output $a^2$ has the input's size. Backprop runs as usual and gives, for one sample, $\\delta^1$, "
              "$\\delta^2$ and the activations $a^0$, $a^1$. Derive $\\partial C/\\partial W$ and complete "
              "`def tied_grad(delta1, a0, delta2, a1):` returning it (the shape of $W$). Answer with the function, "
              "e.g. `tied_answer = my_tied_grad`.",
    why="$W_{jk}$ enters the cost twice: as $w^1_{jk}$ and as $w^2_{kj}$. The two routes add (branches add, "
        "notebook 02), each by BP4: $\\delta^1_j a^0_k + \\delta^2_k a^1_j$, that is "
        "$\\delta^1 (a^0)^T + \\big(\\delta^2 (a^1)^T\\big)^T$.",
    reference=_tied_grad, trials=_tied_trials,
    mistakes={"W is used twice, and its second use, w^2 = W^T, changes the cost too: add the BP4 term of w^2.":
                  lambda d1, a0, d2, a1: np.outer(d1, a0),
              "W is used twice, and its first use, w^1 = W, changes the cost too: add the BP4 term of w^1.":
                  lambda d1, a0, d2, a1: np.outer(a1, d2),
              "the BP4 term of w^2, delta^2 (a^1)^T, is shaped like w^2 = W^T: transpose it before adding it to "
              "the gradient of W.": lambda d1, a0, d2, a1: np.outer(d1, a0) + np.outer(d2, a1),
              "the two uses of W add (branches add), they are not averaged.":
                  lambda d1, a0, d2, a1: (np.outer(d1, a0) + np.outer(a1, d2)) / 2,
              "that is the transpose of dC/dW: BP4 for w^1 = W is delta^1 (a^0)^T, one row per neuron of layer 1.":
                  lambda d1, a0, d2, a1: np.outer(a0, d1) + np.outer(d2, a1),
              "check the sign: BP4 has none of its own, and the two uses add; the minus of gradient descent "
              "belongs to the update, not to dC/dW.": lambda d1, a0, d2, a1: -_tied_grad(d1, a0, d2, a1)},
    generic="W_jk appears in the network twice, as w^1_jk and as w^2_kj: write BP4 for each use, then combine.",
))
