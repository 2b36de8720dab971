"""Expression exercises: an answer is compared exactly with the reference, whatever its form or its symbols.

The learner's symbols are matched to the question's by name (``Symbol('t', real=True)`` and ``Symbol('t')`` are
the same ``t`` here), and the statement's constraints (e.g. ``s2 = 1 - s1`` for two softmax outputs) are
substituted before comparing; a string is read as copied from a statement (− is -, · is *, ``t²`` is ``t**2``,
``s₁`` is ``s1``, π is pi, τ the question's ``tau``, ``e`` Euler's number). Comparison is exact: decimals in a
string answer are read as the exact decimals they are (``"1 - t**2 + 1e-30"`` is not ``1 - t**2``), and a SymPy
object with decimals in it is refused with a hint, since SymPy rounds decimals as it builds the expression
(``1 - t**2 + 1e-30`` arrives as ``1.0 - t**2``). Two expressions are equal when their difference simplifies to 0
(as it stands, with erf for erfc, or with real symbols, exp and expanded logs) or, with no branch (Abs, Max, ...)
random points could miss, is 0 to 30 digits at 12 random points; a numeric screen first rules out most others.

A function the question allows may be written in its usual spellings (``sigma``, ``σ`` or ``sigmoid``); a
derivative left for SymPy (``diff``, ``Derivative``) is refused: every expression exercise asks for it written out.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from sympy.core.evalf import PrecisionExhausted
from sympy.core.function import AppliedUndef
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

from .checking import Exercise
from .limits import TooLarge, expression_too_large

_TRANSFORMATIONS = (*standard_transformations, convert_xor)
#: The usual spellings of the functions a question may allow (each accepted only where the question allows it).
ALIASES = {"sigma": ("σ", "sigmoid"), "Phi": ("Φ",), "phi": ("φ", "ϕ")}
_LEFT_TO_SYMPY = re.compile(r"\b(diff|Derivative)\b")
_WRITE_IT_OUT = ("your answer leaves a derivative for SymPy to take (diff or Derivative): the question asks you to "
                 "derive it, so write the derivative out.")
_PLAIN = str.maketrans("\u2212\u2013\u2014\u2012\u2010\u2011\ufe63\uff0d\u00b7\u22c5\u00d7\u2217₀₁₂₃₄₅₆₇₈₉",
                       "--------****0123456789") | {ord("π"): " pi ", ord("{"): "(", ord("}"): ")"}  # n^{D-1} too
_SUPERSCRIPT, _FROM_SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+"), str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_GREEK = re.compile(r"GREEK (?:SMALL |(CAPITAL ))?(?:LETTER )?(?:FINAL |LUNATE )?([A-Z]+)")
_BRANCHES = (sp.Abs, sp.sign, sp.Piecewise, sp.Max, sp.Min, sp.Heaviside, sp.DiracDelta, sp.floor, sp.ceiling,
             sp.frac, sp.Mod)  # branches random points could miss: no numeric verdict with one of them
_EXACT = "write exact numbers (1, sp.Rational(1, 2)) or give the answer as a string such as \"(1 - t)/2\""


class NotAnExpression(ValueError):
    """The answer cannot be read as an expression in the question's symbols; the text is the hint."""


def exact_decimals(expr: sp.Basic) -> sp.Basic:
    """``expr`` with every Float replaced by the exact decimal it prints as (``0.1`` -> ``1/10``)."""
    return expr.xreplace({f: sp.Rational(str(f)) for f in expr.atoms(sp.Float)})


def _functions(names: dict[str, Any]) -> dict[str, Any]:
    """The functions among the question's names (e.g. Phi, sigma), each also under its usual spellings."""
    given = {k: v for k, v in names.items() if not isinstance(v, sp.Symbol) and callable(v)}
    return {alias: f for k, f in given.items() for alias in ALIASES.get(k, ())} | given


def _greek(letter: str, names: dict[str, Any]) -> str:
    """The question's name for a Greek letter (τ -> tau, λ -> lam or lambda, Φ -> Phi), or the letter itself."""
    found = _GREEK.match(unicodedata.name(letter, ""))
    words = () if not found else ("lamda", "lam", "lambda") if found[2] == "LAMDA" else (found[2].lower(),)
    return next((f" {w} " for w in (w.capitalize() if found[1] else w for w in words) if w in names), letter)


def normalise(text: str, names: dict[str, Any]) -> str:
    """``text`` as SymPy reads it: − -> -, · and × -> *, t² -> t**(2), s₁ -> s1, π -> pi, τ -> the question's tau."""
    text = _SUPERSCRIPT.sub(lambda m: f"**({m[0].translate(_FROM_SUPERSCRIPT)})", text).translate(_PLAIN)
    return "".join(_greek(c, names) for c in text)


def read_expression(answer: Any, names: dict[str, Any]) -> tuple[sp.Expr, bool]:
    """``answer`` as an exact SymPy expression in the question's symbols, and whether it had decimals."""
    if isinstance(answer, str):
        if _LEFT_TO_SYMPY.search(answer):
            raise NotAnExpression(_WRITE_IT_OUT)
        try:
            raw = parse_expr(normalise(answer, names), local_dict={"e": sp.E} | names | _functions(names),
                             transformations=_TRANSFORMATIONS, evaluate=False)
        except (SyntaxError, TypeError, ValueError, AttributeError, NameError) as exc:
            keyword = " `lambda` is a Python word: use the question's name for it (e.g. `lam`)." \
                if "lambda" in answer else ""
            raise NotAnExpression(f"SymPy cannot read {answer[:80]!r} ({type(exc).__name__}): check the brackets, "
                                  f"and write products with * (2*t, not 2t) and powers with **.{keyword}") from exc
        if isinstance(raw, sp.Basic) and (why := expression_too_large(raw)):
            raise TooLarge(why)
        expr, decimals = raw, False
        if isinstance(raw, sp.Basic):  # decimals made exact before SymPy evaluates (and rounds) the sums
            decimals, expr = bool(raw.atoms(sp.Float)), exact_decimals(raw).doit()
    elif isinstance(answer, (bool, np.bool_)):
        raise NotAnExpression("True and False are not expressions: answer with a SymPy expression or a string.")
    elif isinstance(answer, (int, np.integer)):
        expr, decimals = sp.Integer(int(answer)), False
    elif isinstance(answer, (float, np.floating)):
        if not np.isfinite(float(answer)):
            raise NotAnExpression("the answer must be finite, not NaN or infinity.")
        expr, decimals = sp.Rational(repr(float(answer))), True
    elif isinstance(answer, (Fraction, Decimal)):
        expr, decimals = sp.Rational(str(answer)), False
    elif isinstance(answer, (sp.Basic, sp.MatrixBase)):  # a (mutable) 1 x 1 Matrix counts as its entry
        expr, decimals = answer, bool(answer.atoms(sp.Float))
    else:
        got = "None (did a function forget to return?)" if answer is None else type(answer).__name__
        raise NotAnExpression(f"the answer is a SymPy expression or a string, got {got}.")
    return _in_question_symbols(expr, names), decimals


def _in_question_symbols(expr: Any, names: dict[str, Any]) -> sp.Expr:
    if isinstance(expr, sp.MatrixBase) and expr.shape == (1, 1):
        expr = expr[0, 0]
    if isinstance(expr, sp.logic.boolalg.BooleanFunction):
        raise NotAnExpression("that is a logical expression: in Python, ^ is exclusive or; write powers with **.")
    if isinstance(expr, sp.Equality):
        raise NotAnExpression("give the expression itself, not an equation.")
    if not isinstance(expr, sp.Expr):
        raise NotAnExpression(f"the answer is one expression, got {type(expr).__name__}.")
    if expr.has(sp.Derivative):
        raise NotAnExpression(_WRITE_IT_OUT)
    if expr.has(sp.Integral, sp.Sum, sp.Product):
        expr = expr.doit()
    symbols = {k: v for k, v in names.items() if isinstance(v, sp.Symbol)}
    given = _functions(names)  # e.g. Phi, sigma and its spellings σ, sigmoid
    parts = [*symbols, *(f"{k}(...)" for k in given if k in names)]
    allowed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else ", ".join(parts)
    expr = expr.replace(lambda e: isinstance(e, AppliedUndef) and str(e.func) in given,
                        lambda e: given[str(e.func)](*e.args))
    undefined = sorted({str(f.func) for f in expr.atoms(AppliedUndef)})
    if undefined:
        raise NotAnExpression(f"your answer uses {', '.join(undefined)}(...), which the question wants written out: "
                              f"use only {allowed}.")
    unknown = sorted(s.name for s in expr.free_symbols if getattr(s, "name", None) not in symbols)
    if unknown:
        raise NotAnExpression(f"your answer uses {', '.join(unknown)}, which the question does not: write it with "
                              f"{allowed} only.")
    if expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise NotAnExpression("the answer must be finite, not NaN or infinity.")
    return expr.xreplace({s: symbols[s.name] for s in expr.free_symbols})


def _points(symbols: set[sp.Symbol], count: int = 3, wide: bool = False) -> list[dict[sp.Symbol, sp.Rational]]:
    """``count`` seeded points: 2..7 for an integer symbol, else in (0.1, 0.9) (``wide``: (-4, 4); (0.1, 4) if >= 0)."""
    rng, (low, high) = random.Random(int(wide)), ((-388, 388) if wide else (11, 89))  # numerators over 97
    return [{s: sp.Integer(rng.randint(2, 7)) if s.is_integer else
             sp.Rational(rng.randint(max(low, 10) if s.is_nonnegative else low, high), 97)
             for s in sorted(symbols, key=str)} for _ in range(count)]


def _surely_unequal(a: sp.Expr, b: sp.Expr) -> bool:
    """True when a - b is clearly not 0 at one of a few random points (evaluated to 30 digits)."""
    for point in _points(a.free_symbols | b.free_symbols):
        va, vb = a.evalf(30, subs=point), b.evalf(30, subs=point)
        if not (va.is_Number and vb.is_Number and va.is_finite and vb.is_finite):
            continue
        if abs(va - vb) > sp.Float(1e-20) * (1 + abs(vb)):
            return True
    return False


def _simplify_in_erf(diff: sp.Expr) -> sp.Expr:
    """``diff`` with erfc, erfi and erf2 written with erf, simplified (``erfc(x) = 1 - erf(x)``)."""
    return sp.simplify(diff.rewrite(sp.erf)) if diff.has(sp.erfc, sp.erfi, sp.erf2) else diff


def _real_forms(diff: sp.Expr) -> list[sp.Expr]:
    """``diff`` with real symbols (positive, integer as in the question), and that via exp, expand_log, simplify."""
    back = {sp.Dummy(s.name, real=True, positive=s.is_positive, integer=s.is_integer): s for s in diff.free_symbols}
    real = diff.xreplace({s: d for d, s in back.items()})
    return [f.xreplace(back) for f in (real, sp.simplify(sp.expand_log(real.rewrite(sp.exp), force=True)))]


def _zero_numerically(diff: sp.Expr) -> bool:
    """True when ``diff`` is 0 to 30 digits at 12 seeded wide points (``_points``), defined at 10 at least."""
    defined = 0
    for point in _points(diff.free_symbols, 12, wide=True):
        try:
            value = diff.evalf(30, subs=point, strict=True, maxn=300)
        except PrecisionExhausted:  # not told from 0 even working with 300 digits
            value = sp.Integer(0)
        except (ArithmeticError, TypeError, ValueError):
            value = sp.nan
        if value.is_finite and value != 0:
            return False
        defined += bool(value.is_finite)
    return defined >= 10


def equal(a: sp.Expr, b: sp.Expr) -> bool:
    """a = b: the difference cancels, expands or simplifies to 0 (also once written with erf, or with real symbols,
    exp and expanded logarithms), or, without branches, is 0 to 30 digits at random points."""
    diff = a - b
    if diff == 0:
        return True
    if _surely_unequal(a, b):
        return False
    forms = [diff]
    for f in (sp.cancel, sp.expand, sp.simplify, _simplify_in_erf, _real_forms):
        forms += f(diff) if f is _real_forms else [f(diff)]
        if forms[-1] == 0:
            return True
    if not any(form.has(*_BRANCHES) for form in forms):
        return _zero_numerically(forms[2])  # expanded: a tiny term hidden in a product stands out
    return diff.equals(0) is True


@dataclass
class ExpressionExercise(Exercise):
    """A SymPy expression (or a string SymPy parses with ``names``), right when it equals ``expected`` once the
    symbols are the question's and ``constraints`` (a substitution, e.g. ``{s2: 1 - s1}``) hold."""

    expected: Callable[[], sp.Expr] = field(default=lambda: sp.Integer(0))
    names: Callable[[], dict[str, Any]] = field(default=dict)
    mistakes: dict[str, Callable[[], sp.Expr]] = field(default_factory=dict)
    generic: str = "differentiate once more, one factor at a time, and compare with the chain rule."
    constraints: Callable[[], dict[sp.Symbol, sp.Expr]] = field(default=dict)

    def solution(self) -> sp.Expr:
        """The reference expression."""
        return self.expected()

    def _prepare(self) -> tuple[dict[str, Any], dict[sp.Symbol, sp.Expr], sp.Expr, list[tuple[str, sp.Expr]]]:
        return self.names(), self.constraints(), self.expected(), [(h, m()) for h, m in self.mistakes.items()]

    def _judge(self, answer: Any, prepared: tuple) -> tuple[bool, str]:
        names, constraints, expected, mistakes = prepared
        try:
            expr, decimals = read_expression(answer, names)
        except NotAnExpression as exc:
            return False, str(exc)
        exact = exact_decimals(expr)
        forms = [lambda e: e] + ([lambda e: e.xreplace(constraints)] if constraints else [])
        if any(equal(form(exact), form(expected)) for form in forms):
            if decimals and not isinstance(answer, str):
                return False, (f"right up to its decimals ({', '.join(sorted(str(f) for f in expr.atoms(sp.Float)))}"
                               f"), but SymPy rounds decimals as it builds an expression, so 1 + 1e-30 arrives as 1.0 "
                               f"and the check cannot tell: {_EXACT}.")
            return True, ""
        for form in forms:
            for hint, mistake in mistakes:
                if equal(form(exact), form(mistake)):
                    return False, hint
        note = f" Decimals count exactly here: {_EXACT}." if decimals else ""
        return False, self.generic + note
