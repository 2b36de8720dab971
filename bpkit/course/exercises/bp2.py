"""Exercises of 04_bp2: complete BP2; delta_3 after a weight change, by BP2 by hand; BP2 through a skip
connection (transfer)."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

import bpkit

from ...activations import sigmoid, sigmoid_prime
from ..layers import with_weights
from . import ExpressionExercise, FunctionExercise, NumberExercise, register
from ._example import example


def _reference(w_next: np.ndarray, delta_next: np.ndarray, z: np.ndarray) -> np.ndarray:
    return (w_next.T @ delta_next) * sigmoid_prime(z)


def _trials(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    sizes = ((2, 3), (4, 2), (1, 5), (3, 3))  # a square layer too, where a product in the wrong order still runs
    return [(rng.normal(size=(m, n)), rng.normal(size=m), rng.normal(size=n)) for m, n in sizes]


register(FunctionExercise(
    id="bp2.complete", notebook="04_bp2", kind="complete",
    statement="Complete `def bp2(w_next, delta_next, z):` returning $\\delta^l$ from $w^{l+1}$ (shape "
              "$(n_{l+1}, n_l)$), $\\delta^{l+1}$ (shape $(n_{l+1},)$) and $z^l$ itself (shape $(n_l,)$; "
              "`bpkit.bp2` takes $\\sigma'(z^l)$ instead), sigmoid activation, without calling `bpkit.bp2`. Answer "
              "with the function, e.g. `bp2_answer = my_bp2`.",
    why="BP2: $\\delta^l = ((w^{l+1})^T \\delta^{l+1}) \\odot \\sigma'(z^l)$; the transpose carries each error back "
        "along the weights it came through, and $\\sigma'$ scales it by the neuron's slope.",
    reference=_reference, trials=_trials,
    mistakes={"the backward step needs sigma'(z^l): a factor is missing.": lambda w, d, z: w.T @ d,
              "multiply by the slope sigma'(z^l), not by sigma(z^l).": lambda w, d, z: (w.T @ d) * sigmoid(z),
              "check the sign: BP2 has none of its own.": lambda w, d, z: -(w.T @ d) * sigmoid_prime(z),
              "the third argument is z^l itself, not sigma'(z^l) as in bpkit.bp2: apply sigma' to it first.":
                  lambda w, d, z: (w.T @ d) * z,
              "take the slope at z^l: sigma'(z^l), not sigma'(a^l) = sigma'(sigma(z^l)).":
                  lambda w, d, z: (w.T @ d) * sigmoid_prime(sigmoid(z)),
              "sigma'(z^l) = sigma(z^l)(1 - sigma(z^l)), not z^l (1 - z^l): the form a(1 - a) takes the output "
              "a^l = sigma(z^l), not z^l.": lambda w, d, z: (w.T @ d) * z * (1 - z),
              "sigma'(z^l) belongs to layer l: first carry delta^{l+1} back through (w^{l+1})^T, then multiply "
              "by sigma'(z^l) (it cannot act on delta^{l+1}, a vector of layer l+1).":
                  lambda w, d, z: w.T @ (d * sigmoid_prime(z)),
              "(w^{l+1})^T delta^{l+1} is a matrix-vector product (`@`), a sum over the neurons of layer l+1; "
              "`*` multiplies entry by entry.": lambda w, d, z: (w.T * d) * sigmoid_prime(z)},
    forbidden={"bpkit.bp2": bpkit.bp2},
    wrong=((lambda w_next, delta_next, z: bpkit.bp2(w_next, delta_next, bpkit.sigmoid_prime(z)), "bpkit.bp2"),),
))

# ---------------------------------------------------------------- delta_3 after w68 changes sign

W68_NEW = -0.75  # the example's w68 = 0.75 with its sign flipped


@cache
def _changed() -> dict[str, float]:
    """The example with w68 = W68_NEW: the new delta_6, delta_7, delta_3 (Nielsen's sign), O_3, and the old
    delta_3, delta_7 and forward pass, for the typical mistakes."""
    ex, grads, _ = example()
    new = with_weights(ex, ex.network(), w68=W68_NEW).backprop(ex.x, ex.y)
    return {"d6": float(new.deltas[1][0]), "d7": float(new.deltas[1][1]), "d3": float(new.deltas[0][0]),
            "O3": float(new.trace.activations[1][0]), "d3_old": float(grads.deltas[0][0])}


def _bracket(w_from_6: str, w_from_7: str) -> float:
    """delta_6 w + delta_7 w' after the change, for two of the example's weights."""
    c, w = _changed(), example()[0].weights
    return c["d6"] * w[w_from_6] + c["d7"] * w[w_from_7]


def _slope3() -> float:
    return _changed()["O3"] * (1 - _changed()["O3"])


register(NumberExercise(
    id="bp2.delta3", notebook="04_bp2", kind="predict",
    statement=f"Flip the sign of $w_{{68}}$ ($= w^3_{{11}}$) to ${W68_NEW:g}$, every other weight unchanged. "
              f"Backprop now gives $\\delta_6 = {_changed()['d6']:.4g}$ and $\\delta_7 = {_changed()['d7']:.4g}$ "
              "(Nielsen's sign). Neuron 3 lies before the change, so its output stays "
              f"$O_3 = {_changed()['O3']:.4f}$. Use BP2 to find the new $\\delta_3$. Answer with a number, e.g. "
              "`delta3_new = 0.1`.",
    why="$z_3$ does not depend on $w_{68}$, so $\\sigma'(z_3) = O_3(1 - O_3)$ stays; the change reaches $\\delta_3$ "
        "only through $\\delta_6$ and $\\delta_7$. $\\delta_6$ changed sign with $w_{68}$, and since the path "
        "$3 \\to 6 \\to 8$ dominates, $\\delta_3 = (w_{36}\\delta_6 + w_{37}\\delta_7)\\,\\sigma'(z_3)$ changed sign "
        "too.",
    value=lambda: _bracket("w36", "w37") * _slope3(),
    mistakes={"that is delta_3 before the change: redo BP2 with the new delta_6 and delta_7.":
                  lambda: _changed()["d3_old"],
              "check the sign: BP2 has none of its own, so delta_3 has the sign of the bracket "
              "w_36 delta_6 + w_37 delta_7.": lambda: -_bracket("w36", "w37") * _slope3(),
              "the bracket w_36 delta_6 + w_37 delta_7 is multiplied by sigma'(z_3) = O_3 (1 - O_3): a factor "
              "is missing.": lambda: _bracket("w36", "w37"),
              "multiply by the slope sigma'(z_3) = O_3 (1 - O_3), not by sigma(z_3) = O_3.":
                  lambda: _bracket("w36", "w37") * _changed()["O3"],
              "neuron 3 feeds neuron 7 too: BP2 sums over every neuron it sends to, so add w_37 delta_7.":
                  lambda: _changed()["d6"] * example()[0].weights["w36"] * _slope3(),
              "BP2 sends the errors back along the weights OUT of neuron 3 (w_36, w_37: column 1 of w^2, hence "
              "the transpose), not along the weights into it.": lambda: _bracket("w13", "w23") * _slope3()},
    generic="BP2 for one neuron: delta_3 = (w_36 delta_6 + w_37 delta_7) sigma'(z_3), with sigma'(z_3) = "
            "O_3 (1 - O_3) and the new delta_6, delta_7.",
))

# ---------------------------------------------------------------- transfer: BP2 through a skip connection

_w11, _w12, _w21, _w22 = sp.symbols("w11 w12 w21 w22")
_u11, _u12, _u21, _u22 = sp.symbols("u11 u12 u21 u22")
_d1, _d2, _e1, _e2, _s1 = sp.symbols("d1 d2 e1 e2 s1")
_W, _U = sp.Matrix([[_w11, _w12], [_w21, _w22]]), sp.Matrix([[_u11, _u12], [_u21, _u22]])
_D, _E = sp.Matrix([_d1, _d2]), sp.Matrix([_e1, _e2])


def _skip_names() -> dict[str, sp.Symbol]:
    return {str(s): s for s in (_w11, _w12, _w21, _w22, _u11, _u12, _u21, _u22, _d1, _d2, _e1, _e2, _s1)}


def _skip(w: sp.Matrix, u: sp.Matrix, slope_both: bool = True) -> sp.Expr:
    """(w^T delta^{l+1} + u^T delta^{l+2})_1 times s1 (or s1 on the first term only)."""
    first, second = (w.T * _D)[0], (u.T * _E)[0]
    return _s1 * (first + second) if slope_both else _s1 * first + second


register(ExpressionExercise(
    id="bp2.skip", notebook="04_bp2", kind="derive",
    statement="A **skip connection**: layer $l$ also feeds layer $l+2$ directly, $z^{l+2} = w^{l+2} a^{l+1} + "
              "u\\, a^l + b^{l+2}$, with skip weights $u$ of shape $(n_{l+2}, n_l)$. Take two neurons in each of "
              "the layers $l$, $l+1$, $l+2$. Derive $\\delta^l_1 = \\partial C/\\partial z^l_1$ in terms of the "
              "errors $\\delta^{l+1} = (d_1, d_2)$ and $\\delta^{l+2} = (e_1, e_2)$, the entries $w_{kj}$ of "
              "$w^{l+1}$ and $u_{kj}$ of $u$, and $s_1 = \\sigma'(z^l_1)$. Answer with a string in "
              "`w11, w12, w21, w22, u11, u12, u21, u22, d1, d2, e1, e2, s1`.",
    why="$a^l_1$ feeds $z^{l+1}$ through column 1 of $w^{l+1}$ and $z^{l+2}$ through column 1 of $u$. The chain "
        "rule adds the two routes, and both leave through $a^l_1 = \\sigma(z^l_1)$: "
        "$\\delta^l = \\big((w^{l+1})^T \\delta^{l+1} + u^T \\delta^{l+2}\\big) \\odot \\sigma'(z^l)$. This is "
        "how the errors of a residual network reach early layers.",
    expected=lambda: _skip(_W, _U), names=_skip_names,
    mistakes={"a^l_1 also reaches z^{l+2} directly, through the skip weights u_k1: a second term, "
              "(u^T delta^{l+2})_1, is missing.": lambda: _skip(_W, sp.zeros(2, 2)),
              "neuron 1 of layer l sends along column 1 of w^{l+1} and of u (w_k1, u_k1: the weights out of it), "
              "not row 1: a transpose is missing.": lambda: _skip(_W.T, _U.T),
              "the skip term needs the transpose too: neuron 1 sends along u_k1 (column 1 of u), not u_1k.":
                  lambda: _skip(_W, _U.T),
              "both routes leave layer l through a^l_1 = sigma(z^l_1): the factor s1 = sigma'(z^l_1) is missing.":
                  lambda: (_W.T * _D)[0] + (_U.T * _E)[0],
              "the skip starts at a^l_1 = sigma(z^l_1) too, so s1 = sigma'(z^l_1) multiplies the skip term as "
              "well.": lambda: _skip(_W, _U, slope_both=False),
              "check the sign: BP2 carries no minus of its own, both routes add with a plus, and s1 = "
              "sigma'(z^l_1) is positive.": lambda: -_skip(_W, _U)},
    generic="follow z^l_1 forward: it reaches C through a^l_1, which feeds z^{l+1} (weights w_k1) and z^{l+2} "
            "(skip weights u_k1); add what comes back along each route, then multiply by s1.",
))
