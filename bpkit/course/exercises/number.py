"""Number exercises: every real number type is read exactly and compared with the reference by a stated rule.

An answer may be an ``int``, a ``float``, a NumPy scalar (or an array of one entry), a SymPy number or a constant
SymPy expression (``sp.Rational(1, 9)``, ``-sp.exp(1)/9``), a ``fractions.Fraction`` or a ``decimal.Decimal``. It is
turned into an exact fraction (a float into the fraction it stores), so no rounding of the checker's own decides.
It counts as right within ``rtol`` of the reference, or when it is the reference rounded to ``digits`` or more
significant digits (a learner who rounds is right). A bool, a complex number, NaN, infinity, a string are refused
with a hint that says what was expected.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .checking import Exercise


class NotAReal(ValueError):
    """The answer is not one finite real number; the text is the hint."""


@dataclass(frozen=True)
class Reading:
    """An answer read exactly; ``decimal`` is the decimal the learner typed, when there is one (for rounding)."""

    exact: Fraction
    decimal: Decimal | None = None


def read_real(answer: Any) -> Reading:
    """``answer`` as an exact number, or ``NotAReal`` with a hint that names what was expected."""
    if isinstance(answer, (np.ndarray, sp.MatrixBase)):  # a 1 x 1 array or SymPy Matrix is its one entry
        if np.prod(answer.shape) != 1:
            raise NotAReal(f"the answer is one number, got an array of shape {tuple(answer.shape)}.")
        answer = answer[(0,) * len(answer.shape)]
    if isinstance(answer, (bool, np.bool_)):
        raise NotAReal("True and False are not numbers here: answer with a number.")
    if isinstance(answer, (int, np.integer)):
        return Reading(Fraction(int(answer)))
    if isinstance(answer, (float, np.floating)):
        x = float(answer)
        text = repr(x) if isinstance(answer, (float, np.float64)) else np.format_float_scientific(answer, unique=True)
        return Reading(Fraction(_finite(x)), Decimal(text))
    if isinstance(answer, Fraction):
        return Reading(Fraction(int(answer.numerator), int(answer.denominator)))
    if isinstance(answer, Decimal):
        if not answer.is_finite():
            raise NotAReal("the answer must be a finite number, not NaN or infinity.")
        plain = Decimal(answer)
        return Reading(Fraction(plain), plain)
    if isinstance(answer, (complex, np.complexfloating)):
        raise NotAReal("the answer is a real number, not a complex one: check for the square root of a negative "
                       "number, or take the real part if the imaginary part is 0.")
    if isinstance(answer, sp.Basic):
        return _read_sympy(answer)
    if isinstance(answer, numbers.Real):  # e.g. mpmath's mpf
        return read_real(float(answer))
    if isinstance(answer, str):
        raise NotAReal("the answer is a number, not text: remove the quotes.")
    if isinstance(answer, (list, tuple)):
        raise NotAReal(f"the answer is one number, not a {type(answer).__name__} of them.")
    got = "None (did a function forget to return?)" if answer is None else type(answer).__name__
    raise NotAReal(f"the answer is one number (a float), got {got}.")


def _finite(x: float) -> float:
    if not np.isfinite(x):
        raise NotAReal("the answer must be a finite number, not NaN or infinity: look for a division by 0 or an "
                       "overflowing exp.")
    return x


def _read_sympy(answer: sp.Basic) -> Reading:
    if isinstance(answer, sp.Rational):
        return Reading(Fraction(int(answer.p), int(answer.q)))
    if isinstance(answer, sp.Float):
        return Reading(_fraction(answer), Decimal(str(answer)))
    if not isinstance(answer, sp.Expr) or answer.is_Boolean:
        raise NotAReal(f"the answer is one number, got a SymPy {type(answer).__name__}.")
    if answer.free_symbols:
        names = ", ".join(sorted(str(s) for s in answer.free_symbols))
        raise NotAReal(f"the answer is one number, but yours still contains {names}: put in their values.")
    if answer.has(sp.nan, sp.oo, -sp.oo, sp.zoo):
        raise NotAReal("the answer must be a finite number, not NaN or infinity.")
    exact = sp.simplify(answer)  # a constant that is a fraction stays exact: 47720 + sin(1)**2 + cos(1)**2 - 1
    if isinstance(exact, sp.Rational):
        return Reading(_fraction(exact))
    value = exact.evalf(30)
    real, imag = value.as_real_imag()
    if imag != 0:
        raise NotAReal("the answer is a real number, not a complex one: check for the square root of a negative "
                       "number.")
    if not isinstance(real, sp.Number) or not real.is_finite:
        raise NotAReal("the answer must be a finite number that SymPy can evaluate.")
    return Reading(_fraction(real))


def _fraction(x: sp.Number) -> Fraction:
    """The exact value of a SymPy number (a Float's stored binary fraction)."""
    exact = sp.Rational(x)
    return Fraction(int(exact.p), int(exact.q))


def rounded(value: Fraction, digits: int) -> set[Decimal]:
    """``value`` rounded to ``digits`` significant digits, half to even and half up (either counts)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator) if value else Decimal(0)
    if not exact:
        return {Decimal(0)}
    unit = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    return {exact.quantize(unit, rounding=mode) for mode in (ROUND_HALF_EVEN, ROUND_HALF_UP)}


@dataclass
class NumberExercise(Exercise):
    """A number: right within ``rtol`` of ``value`` or as ``value`` rounded to at least ``digits`` significant
    digits (``digits=None``: no rounding counts, e.g. for a count). ``mistakes`` maps a hint to the value a typical
    mistake gives; an answer at or near one (``hint_rtol``) gets its hint."""

    value: Callable[[], float] = field(default=lambda: 0.0)
    mistakes: dict[str, Callable[[], float]] = field(default_factory=dict)
    rtol: float = 1e-3
    generic: str = "recompute it step by step from the quantities the statement names."
    digits: int | None = 3
    hint_rtol: float = 1e-2

    def solution(self) -> float:
        """The reference number."""
        return float(self.value())

    @property
    def tolerance(self) -> str:
        """The rule that decides, as the messages state it."""
        rules = []
        if self.rtol:
            rules.append(f"a number within {self.rtol * 100:g}% of the exact value")
        if self.digits:
            rules.append(f"the exact value rounded to {self.digits} or more significant digits")
        return "Counted as right: " + (", or ".join(rules) if rules else "the exact number only")

    def _prepare(self) -> tuple[Fraction, list[tuple[str, Fraction]]]:
        return Fraction(self.solution()), [(hint, Fraction(float(wrong()))) for hint, wrong in self.mistakes.items()]

    def _matches(self, got: Reading, target: Fraction, rtol: float, digits: int | None) -> bool:
        if abs(got.exact - target) <= Fraction(Decimal(repr(rtol))) * abs(target):
            return True
        if got.decimal is None or digits is None:
            return False
        return any(got.decimal in rounded(target, d) for d in range(digits, 18))

    def _judge(self, answer: Any, prepared: tuple[Fraction, list[tuple[str, Fraction]]]) -> tuple[bool, str]:
        value, mistakes = prepared
        try:
            got = read_real(answer)
        except NotAReal as exc:
            return False, str(exc)
        if self._matches(got, value, self.rtol, self.digits):
            return True, ""
        return False, f"{self._hint(got, value, mistakes)} ({self.tolerance}.)"

    def _hint(self, got: Reading, value: Fraction, mistakes: list[tuple[str, Fraction]]) -> str:
        """The hint of the mistake the answer is (as precise as a right answer would be), else "too few digits"
        when it is the right value rounded too far, else the hint of a mistake rounded to 2 digits, or of the
        nearest mistake within ``hint_rtol`` that is nearer than the right value, else the generic hint."""
        for h, m in mistakes:
            if self._matches(got, m, self.rtol, self.digits):
                return h
        if self.digits and got.decimal is not None and any(got.decimal in rounded(value, d)
                                                           for d in range(1, self.digits)):
            return f"close, but give at least {self.digits} significant digits."
        for h, m in mistakes:
            if self._matches(got, m, 0.0, 2):
                return h
        near = [(abs(got.exact - m) / abs(m), h) for h, m in mistakes
                if m and abs(got.exact - m) <= min(abs(got.exact - value),
                                                   Fraction(Decimal(repr(self.hint_rtol))) * abs(m))]
        return min(near)[1] if near else self.generic
