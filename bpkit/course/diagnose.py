"""A diagnosis, not just a number: ``diagnose_backprop(fn)`` names the kind of mistake in a learner's backprop.

``fn(weights, biases, x, y) -> (nabla_w, nabla_b)`` in Nielsen's layout (``weights[l]`` (n_{l+1}, n_l), ``biases[l]``
(n_{l+1},), ``x`` (n_0, m), one sample per column, ``y`` (n_L, m)), sigmoid layers, C = (1/2m) sum ||a^L - y||^2.
It runs on seeded random networks (non-square ones, and one whose layers all have m neurons, where most mistakes
still run) and compares with ``Network.backprop`` and with each typical mistake of ``mistakes.py`` planted:
"right" only to rounding (1e-12 relative; finite differences reach about 1e-9); a mistake is named only when the
output agrees with its formula.
"""

from __future__ import annotations

import copy
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np

from ..network import Network
from .exercises.checking import UNANSWERED, Result, _short, timeout_message
from .exercises.limits import TIME_LIMIT, CheckTimeout, run_with_time_limit
from .mistakes import BP34, MISTAKES, variant

Array = np.ndarray
NETWORKS = [([3, 5, 4, 2], 1), ([3, 5, 4, 2], 5), ([4, 3, 6, 1], 1), ([4, 3, 6, 1], 5), ([4, 4, 4, 4], 4)]
RTOL = 1e-12
PARTS = ("nabla_w", "nabla_b")
NEAR = "close to the gradient, not to rounding: finite differences or float32 give that. Write BP1-BP4, in float64."

def _cases(seed: int) -> list[tuple[list[Array], list[Array], Array, Array]]:
    """The test networks: standard-normal weights and biases, x standard normal, y in (0, 1)."""
    rng, cases = np.random.default_rng(seed), []
    for sizes, m in NETWORKS:
        ws = [rng.standard_normal((n, k)) for k, n in zip(sizes[:-1], sizes[1:], strict=True)]
        bs = [rng.standard_normal(n) for n in sizes[1:]]
        cases.append((ws, bs, rng.standard_normal((sizes[0], m)), rng.uniform(0.05, 0.95, (sizes[-1], m))))
    return cases


def _close(got: list[Array], want: list[Array], rtol: float = RTOL) -> bool:
    return all(np.linalg.norm(g - w) <= rtol * np.linalg.norm(w) + 1e-300 for g, w in zip(got, want, strict=True))


def _where(case: tuple) -> str:
    return f"on a network of sizes {[case[0][0].shape[1]] + [len(w) for w in case[0]]} with m = {case[2].shape[1]}"


def _raised(exc: Exception, fn: Callable[..., Any]) -> str:
    """The exception, and the deepest line of fn's own file it passed through, quoted."""
    code = getattr(fn, "__code__", None)
    frames = traceback.extract_tb(exc.__traceback__)[1:]  # the first frame is this module's call
    own = [f for f in frames if code is not None and f.filename == code.co_filename] or frames[-1:]
    where = f" at line {own[-1].lineno}: `{own[-1].line}`" if own and own[-1].line else ""
    return f"your function raised {type(exc).__name__}: {_short(exc, 200).strip()}{where}"


def _shape_problem(out: Any, ws: list[Array], bs: list[Array], m: int) -> str | list[list[Array]]:
    """The output as [nabla_w, nabla_b] of float arrays, or why it is not in the parameters' shapes (m samples)."""
    if out is None:
        return "your function returns None: did it forget `return nabla_w, nabla_b`?"
    try:
        parts = list(out)
    except TypeError:
        return f"your function returns a {type(out).__name__}; return the pair `(nabla_w, nabla_b)`."
    if len(parts) != 2:
        return f"the wrong shape returned: {len(parts)} things, where the pair `(nabla_w, nabla_b)` is due."
    arrays: list[list[Array]] = []
    for name, got, params in zip(("nabla_w", "nabla_b"), parts, (ws, bs), strict=True):
        unset = [l for l, g in enumerate(got) if g is None or np.ndim(g) == 0 and g == 0] \
            if isinstance(got, (list, tuple)) else []  # None, or the 0 a list was started with
        if unset:
            return (f"{name}[{unset[0]}] is {got[unset[0]]!r}: it was never set. Does your loop over the layers reach "
                    f"every layer, down to layer 1 (`{name}[0]`)?")
        try:
            got = [np.asarray(g, dtype=float) for g in got]
        except (TypeError, ValueError) as exc:
            return f"{name} is not a list of arrays of numbers ({type(exc).__name__}: {_short(exc, 100)})."
        if len(got) != len(params):
            return f"the wrong shape returned: {name} has {len(got)} entries, one per layer ({len(params)}) is due."
        shapes, want = [g.shape for g in got], [p.shape for p in params]
        if name == "nabla_w" and shapes == [b.shape for b in bs]:
            return "the pair in the wrong order: you returned (nabla_b, nabla_w); return (nabla_w, nabla_b)."
        if len(params) > 1 and shapes != want and shapes == want[::-1]:
            return (f"{name} runs from the output layer down: {name}[0] belongs to the first layer, w^1. Reverse "
                    "the list, or fill it by index.")
        for l, (g, p) in enumerate(zip(got, params, strict=True)):
            if g.shape == p.shape:
                continue
            say = f"{name}[{l}] has shape {g.shape} where the parameter has {p.shape}"
            if g.shape == p.shape[::-1]:
                return f"the wrong shape returned: {say}, its transpose (nabla_w^l = delta^l (a^{{l-1}})^T)."
            if name == "nabla_w" and m > 1 and g.shape == (p.shape[0] * m, p.shape[1] * m):
                return (f"the wrong shape returned: {say}. `np.outer` flattens its inputs: right for one sample; "
                        "for m columns BP4 is `delta @ a_prev.T / m`.")
            if name == "nabla_b" and g.ndim == 1:
                return (f"the wrong shape returned: {say}. BP3 averages delta^l over the m samples, its columns "
                        "(`axis=1`), not over the neurons.")
            check = ("BP3 keeps one entry per neuron: the mean of delta^l over its m columns, `delta.mean(axis=1)`, "
                     "without `keepdims=True`." if name == "nabla_b" else
                     "Check where a column (n, 1) meets a vector (n,), e.g. `keepdims=True`.")
            try:
                np.broadcast_shapes(g.shape, p.shape)
            except ValueError:
                return f"the wrong shape returned: {say}. {check}" if name == "nabla_b" else \
                    f"the wrong shape returned: {say}."
            return (f"broadcasting that hides a shape error: {say}; `param - alpha * {name}[{l}]` would "
                    f"broadcast to {np.broadcast_shapes(g.shape, p.shape)} without an error. {check}")
        arrays.append(got)
    return arrays


def _same(after: Any, before: Any) -> bool:
    """True when an argument (an array, or a list of arrays) still holds what it held before the call."""
    try:
        return isinstance(after, type(before)) and all(np.array_equal(u, v) for u, v in zip(after, before, strict=True))
    except Exception:  # noqa: BLE001 - whatever fn left there (a list of another length too), it is not the input
        return False


def _run(fn: Callable[..., Any], cases: list[tuple]) -> list[tuple[str, Any]]:
    """fn on a copy of each case: ("raised", text), ("shape", text), ("inplace", text) or ("ok", [nw, nb])."""
    outcomes: list[tuple[str, Any]] = []
    for case in cases:
        args = copy.deepcopy(case)
        try:
            out = fn(*args)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way; report it
            outcomes.append(("raised", _raised(exc, fn)))
            continue
        for name, a, b in zip(("weights", "biases", "x", "y"), args, case, strict=True):
            if not _same(a, b):
                outcomes.append(("inplace", f"inputs modified in place: your function writes into `{name}`; it "
                                 "must leave its inputs as they were (the caller still needs them): build new arrays, "
                                 "and avoid `-=`, `*=` or `[...] =` on them."))
                break
        else:
            got = _shape_problem(out, case[0], case[1], case[2].shape[1])
            outcomes.append(("shape", got) if isinstance(got, str) else ("ok", got))
    return outcomes


def _named(got: list[tuple[int, list[Array]]], variants: list[list[list[Array] | None]], right: list) -> str:
    """The first mistake whose formula agrees with every output in ``got`` (case index, arrays) and differs
    from the right gradient on one of them; "" when none does."""
    for (_, text), outs in zip(MISTAKES, variants, strict=True):
        if all(outs[i] is not None and _close(g, outs[i]) for i, g in got) and \
                any(not _close(outs[i], right[i]) for i, _ in got):
            return text
    return ""


def diagnose_backprop(fn: Callable[..., Any], seed: int = 0, seconds: float = TIME_LIMIT) -> Result:
    """Run ``fn(weights, biases, x, y) -> (nabla_w, nabla_b)`` on seeded random networks and say whether it is
    right, or which kind of mistake it makes; never raises for a bad ``fn``."""
    if fn is Ellipsis:
        return Result(False, UNANSWERED, answered=False)
    if not callable(fn):
        return Result(False, "Not yet: the answer is a function (def ...), passed by its name without (), got "
                             f"{'None' if fn is None else type(fn).__name__}.")
    cases = _cases(seed)
    right = [(g.nabla_w, g.nabla_b) for g in (Network(ws, bs).backprop(x, y) for ws, bs, x, y in cases)]
    try:
        outcomes = run_with_time_limit(lambda: _run(fn, cases), seconds)
    except CheckTimeout:
        return Result(False, timeout_message(seconds))
    return _verdict(outcomes, cases, right)


def _part(k: int, outs: list, flags: dict[str, Any], outcomes: list[tuple[str, Any]]) -> list:
    """Part k (0: nabla_w, 1: nabla_b) of a mistake's gradients on each case. A mistake made before BP3 and BP4
    changes every delta, so it counts for one part only where it also gives the learner's other part (else None)."""
    return [v[k] if v and (flags.keys() <= BP34 or _close(v[1 - k], out[1 - k])) else None
            for v, (_, out) in zip(outs, outcomes, strict=True)]


def _verdict(outcomes: list[tuple[str, Any]], cases: list[tuple], right: list) -> Result:
    """The message: a failure (unless a named mistake explains the outputs that ran), else each part's mistake."""
    variants = [[variant(*case, **flags) for case in cases] for flags, _ in MISTAKES]
    ran = [(i, out) for i, (kind, out) in enumerate(outcomes) if kind == "ok"]
    failed = [(i, text) for i, (kind, text) in enumerate(outcomes) if kind != "ok"]
    if failed:
        i, text = failed[0]
        flat = [[v and v[0] + v[1] for v in vs] for vs in variants]
        named = _named([(j, out[0] + out[1]) for j, out in ran], flat, [r[0] + r[1] for r in right]) if ran else ""
        if named:
            return Result(False, f"Not yet: {named} (Where the shapes do not fit, {_where(cases[i])}, "
                                 f"{text.rstrip('.')}.)")
        return Result(False, f"Not yet: {text} ({_where(cases[i])})")
    wrong = {}
    for k, name in enumerate(PARTS):
        got = [(i, out[k]) for i, out in ran]
        bad = [(i, g) for i, g in got if not _close(g, right[i][k])]
        fits = [_part(k, vs, flags, outcomes) for vs, (flags, _) in zip(variants, MISTAKES, strict=True)]
        if bad:
            wrong[name] = _named(got, fits, [r[k] for r in right]) or (
                NEAR if all(_close(g, right[j][k], 1e-4) for j, g in bad) else "")
    if blank := [k for k, name in enumerate(PARTS) if wrong.get(name) == ""]:  # one text for what is in no list
        i, out = next((i, out) for i, out in ran if any(not _close(out[k], right[i][k]) for k in blank))
        layers = [f"{PARTS[k]}[{l}]" + (" (all zeros: never filled in?)" if not np.any(g) else "") for k in blank
                  for l, (g, r) in enumerate(zip(out[k], right[i][k], strict=True)) if not _close([g], [r])]
        text = (f"{', '.join(layers)} differ from the gradient {_where(cases[i])}, in no typical way. Check the "
                "layers from the output down: BP1, then BP2, BP3 and BP4.")
        wrong.update({PARTS[k]: text for k in blank})
    if not wrong:
        sizes = "; ".join(f"{s} with m = {m}" for s, m in NETWORKS)
        return Result(True, f"Right: nabla_w and nabla_b agree with backprop to {RTOL:g} relative on every test "
                            f"network ({sizes}).")
    if len(set(wrong.values())) == 1 and len(wrong) == 2:
        return Result(False, f"Not yet: {wrong['nabla_w']}")
    good = "" if len(wrong) == 2 else f"{({'nabla_w', 'nabla_b'} - set(wrong)).pop()} is right; "
    return Result(False, "Not yet: " + good + " ".join(f"{name}: {text}" for name, text in wrong.items()))
