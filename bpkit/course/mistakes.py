"""The typical mistakes of a learner's backprop, each planted in a correct one: ``MISTAKES`` pairs the flags of
``planted_backprop`` with what the learner reads; ``diagnose_backprop`` (``diagnose.py``) names the one whose
gradients a learner's function reproduces."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import sigmoid, sigmoid_prime

Array = np.ndarray
BP34 = {"t4", "scale", "d_off", "a_off", "a_top", "flip"}  # the flags of mistakes in BP3 and BP4 only
WRONG_LAYER = "a quantity from the wrong layer: "

# One typical mistake each: the flags of ``planted_backprop``, and what the learner reads.
MISTAKES: list[tuple[dict[str, Any], str]] = [
    ({"t2": False}, "a missing transpose in BP2: delta^l = ((w^{l+1})^T delta^{l+1}) * sigma'(z^l) needs "
                    "`w.T @ delta`, not `w @ delta` (the shapes only fit when two layers have the same size)."),
    ({"t4": False}, "a missing transpose in BP4: nabla_w^l = delta^l (a^{l-1})^T, i.e. `delta @ a_prev.T`."),
    ({"p2": False}, "a missing sigma' in BP2: multiply (w^{l+1})^T delta^{l+1} elementwise by sigma'(z^l)."),
    ({"p1": False}, "a missing sigma' in BP1: delta^L = (a^L - y) * sigma'(z^L)."),
    ({"p1": False, "p2": False}, "a missing sigma' in BP1 and in BP2: every delta^l carries a factor "
                                 "sigma'(z^l)."),
    *(({"sp_a": bp}, f"sigma' of the activation in {' and '.join('BP' + n for n in bp)}: delta^l needs "
       "sigma'(z^l); sigma'(a^l) applies sigma twice. With a^l stored, sigma'(z^l) = a^l (1 - a^l).")
      for bp in ("12", "1", "2")),
    ({"sign": -1}, "a flipped sign: the gradient of C = 1/2 ||a^L - y||^2 with respect to a^L is a^L - y, "
                   "not y - a^L."),
    *(({"flip": bp}, f"a flipped sign in BP{bp} (or, giving the same numbers, one in BP1 and one in BP{other}): "
       f"{g} = delta^l{a}, with no minus sign (delta^l = dC/dz^l already has the gradient's sign; the minus "
       "belongs to the update step).")
      for bp, other, g, a in (("4", "3", "nabla_w^l", " (a^{l-1})^T"), ("3", "4", "nabla_b^l", ""))),
    ({"half": False}, "every gradient twice the right one: the 1/2 of C = 1/2 ||a^L - y||^2 cancels the 2 of the "
                      "square's derivative, so BP1 is delta^L = (a^L - y) * sigma'(z^L), without a factor 2."),
    ({"bias": False}, "a forward pass without the bias: z^l = w^l a^{l-1} + b^l. Backprop uses the z^l and a^l of the "
                      "forward pass, so every gradient is off."),
    ({"scale": "sum"}, "a sum where the mean is due: C averages over the m samples, so nabla_w and nabla_b are "
                       "sums over the columns divided by m."),
    ({"scale": "mean2"}, "a doubled 1/m: the gradients are divided by m twice (e.g. a mean of something already "
                         "divided by m). Divide the sum over the m columns once."),
    ({"bias_axis": 1}, "broadcasting that hides a shape error: `w @ a + b` with b of shape (n,) and a of shape "
                       "(n_prev, m) adds b[k] to column k, not b[j] to row j. Use `b[:, None]` (or "
                       "`b.reshape(-1, 1)`); for m = 1 the same line silently makes z an (n, n) matrix."),
    ({"d_off": 1}, WRONG_LAYER + "nabla_b^l and nabla_w^l use delta^{l+1}, the delta of the layer above "
                   "(updating delta after using it in the loop, not before?). BP3 and BP4 for layer l use delta^l."),
    *(({"a_off": 1, "a_top": top}, WRONG_LAYER + "BP4 uses a^l; nabla_w^l = delta^l (a^{l-1})^T takes the "
       "activation of the layer below (`activations[-l-1]` in Nielsen's loop).") for top in (True, False)),
    ({"w_off": -1}, WRONG_LAYER + "BP2 uses w^l; delta^l = ((w^{l+1})^T delta^{l+1}) * sigma'(z^l) takes "
                    "the weights of the layer above."),
    ({"sp_off": 1}, WRONG_LAYER + "BP2 uses sigma'(z^{l+1}); delta^l needs sigma'(z^l) of its own layer."),
]


def planted_backprop(ws: list[Array], bs: list[Array], x: Array, y: Array, t2: bool = True, t4: bool = True,
                     p1: bool = True, p2: bool = True, sign: int = 1, flip: str = "", scale: str = "mean",
                     bias_axis: int = 0, bias: bool = True, half: bool = True, d_off: int = 0, a_off: int = 0,
                     a_top: bool = True, w_off: int = 0, sp_off: int = 0, sp_a: str = "") -> tuple[list, list]:
    """Backprop in the learner's layout with the flagged mistakes planted (the defaults are right); raises where
    they do not run, as a learner's code would. 0-based: ws[i] is w^{i+1}, zs[i] is z^{i+1}, acts[i] is a^i."""
    L, m = len(ws), x.shape[1]
    acts, zs = [x], []
    for w, b in zip(ws, bs, strict=True):
        zs.append(w @ acts[-1] + (b[:, None] if bias_axis == 0 else b[None, :]) * bias)
        acts.append(sigmoid(zs[-1]))
    sps = [sigmoid_prime(z) for z in zs]  # sigma'(z^l); sp_a: sigma'(a^l) in BP1 ("1"), BP2 ("2")
    sp1, sp2 = ([sigmoid_prime(a) for a in acts[1:]] if n in sp_a else sps for n in "12")
    deltas = [sign * (acts[-1] - y) * (sp1[-1] if p1 else 1.0) * (1 if half else 2)]  # BP1
    for i in range(L - 2, -1, -1):  # BP2 for delta^{i+1}
        w = ws[i + 1 + w_off]
        deltas.insert(0, ((w.T if t2 else w) @ deltas[0]) * (sp2[min(i + sp_off, L - 1)] if p2 else 1.0))
    f = {"mean": 1 / m, "sum": 1.0, "mean2": 1 / m**2}[scale]
    used = [deltas[min(i + d_off, L - 1)] for i in range(L)]
    s3, s4 = (-1 if bp in flip else 1 for bp in "34")  # flip: a sign flipped in BP3 ("3"), BP4 ("4")
    nabla_b = [s3 * d.sum(axis=1) * f for d in used]  # BP3
    a_prev = [acts[i + (a_off if a_top or i < L - 1 else 0)] for i in range(L)]  # a^{l-1}
    nabla_w = [s4 * (d @ (a.T if t4 else a)) * f for d, a in zip(used, a_prev, strict=True)]  # BP4
    return nabla_w, nabla_b


def variant(ws: list[Array], bs: list[Array], x: Array, y: Array, **flags: Any) -> tuple[list, list] | None:
    """``planted_backprop``'s gradients, or None where they do not run or miss the parameters' shapes."""
    try:
        nabla_w, nabla_b = planted_backprop(ws, bs, x, y, **flags)
    except ValueError:  # the mistake does not run on these shapes
        return None
    fits = all(g.shape == p.shape for g, p in zip(nabla_w + nabla_b, ws + bs, strict=True))
    return (nabla_w, nabla_b) if fits else None
