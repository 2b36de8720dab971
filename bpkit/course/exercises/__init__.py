"""Exercises with automatic feedback: one registry for notebooks, lecturers and tests.

``EXERCISES`` maps an exercise id (e.g. ``"bp1.delta8"``) to an exercise with ``.check(answer)`` -> ``Result``
(``.ok``, ``.message``) and ``.solution()`` (the reference answer, in the form ``check`` accepts). Feedback
points at the step (a sign, a transpose, a missing sigma', a shape), never at the value; an unanswered
exercise (``...``) says so without failing; a right answer says why it is right. Answers are checked by
computation: SymPy equivalence, a tolerance on numbers, behaviour on random inputs, never string comparison.

Each notebook's exercises live in a module of this package (``bp1.py``, ...) that calls ``register``;
every module here is imported when the package is, so the registry is complete.

In a notebook::

    answer = ...  # replace ... with your answer
    course.exercises.check("bp1.delta8", answer)

Lecturers: ``python -m bpkit solutions`` prints every statement with its reference solution.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp


@dataclass(frozen=True)
class Result:
    """The outcome of a check: ``ok`` and a ``message`` that teaches; ``answered`` is False for ``...``."""

    ok: bool
    message: str
    answered: bool = True

    def __repr__(self) -> str:
        mark = "✓" if self.ok else ("…" if not self.answered else "✗")
        return f"{mark} {self.message}"

    def _repr_markdown_(self) -> str:
        return repr(self)


UNANSWERED = "Not answered yet: replace `...` with your answer and run the cell again."


@dataclass
class Exercise:
    """Common part: id, notebook, kind, statement, why the right answer is right, and the checker."""

    id: str
    notebook: str
    kind: str  # "predict", "derive", "find-the-bug", "complete" or "explain"
    statement: str
    why: str  # shown with a right answer: why it is right
    wrong: Sequence[tuple[Any, str]] = field(default_factory=tuple)  # typical wrong answers and a hint word each

    def check(self, answer: Any) -> Result:
        """Check ``answer``; ``...`` gives an unanswered Result, never an exception for a malformed answer."""
        if answer is Ellipsis:
            return Result(False, UNANSWERED, answered=False)
        try:
            ok, hint = self._judge(answer)
        except Exception as exc:  # noqa: BLE001 - a learner's answer may fail in any way; say how, do not crash
            return Result(False, f"Your answer could not be checked: {type(exc).__name__}: {exc}")
        return Result(True, f"Right. {self.why}") if ok else Result(False, f"Not yet. Hint: {hint}")

    def solution(self) -> Any:
        """The reference answer, in the form ``check`` accepts."""
        raise NotImplementedError

    def _judge(self, answer: Any) -> tuple[bool, str]:
        raise NotImplementedError


@dataclass
class NumberExercise(Exercise):
    """A number, right within ``rtol``; ``mistakes`` maps a hint to the value a typical mistake gives."""

    value: Callable[[], float] = field(default=lambda: 0.0)
    mistakes: dict[str, Callable[[], float]] = field(default_factory=dict)
    rtol: float = 1e-3
    generic: str = "recompute it step by step from the quantities the statement names."

    def solution(self) -> float:
        """The reference number."""
        return float(self.value())

    def _close(self, a: float, b: float) -> bool:
        return abs(a - b) <= self.rtol * max(abs(b), 1e-12)

    def _judge(self, answer: Any) -> tuple[bool, str]:
        if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)) and not (
                isinstance(answer, np.ndarray) and answer.size == 1):
            return False, f"the answer is one number (a float), got {type(answer).__name__}."
        a = float(np.asarray(answer).reshape(-1)[0])
        if not np.isfinite(a):
            return False, "the answer must be a finite number."
        if self._close(a, self.solution()):
            return True, ""
        for hint, wrong in self.mistakes.items():
            if self._close(a, float(wrong())):
                return False, hint
        return False, self.generic


@dataclass
class ExpressionExercise(Exercise):
    """A SymPy expression (or a string SymPy parses with ``names``), right when it equals ``expected``."""

    expected: Callable[[], sp.Expr] = field(default=lambda: sp.Integer(0))
    names: Callable[[], dict[str, Any]] = field(default=dict)
    mistakes: dict[str, Callable[[], sp.Expr]] = field(default_factory=dict)
    generic: str = "differentiate once more, one factor at a time, and compare with the chain rule."

    def solution(self) -> sp.Expr:
        """The reference expression."""
        return self.expected()

    def _parse(self, answer: Any) -> sp.Expr:
        if isinstance(answer, str):
            return sp.sympify(answer, locals=self.names())
        if isinstance(answer, (sp.Basic, int, float)) and not isinstance(answer, bool):
            return sp.sympify(answer)
        raise TypeError(f"expected a SymPy expression or a string, got {type(answer).__name__}")

    def _judge(self, answer: Any) -> tuple[bool, str]:
        expr = self._parse(answer)
        if sp.simplify(expr - self.solution()) == 0:
            return True, ""
        for hint, wrong in self.mistakes.items():
            if sp.simplify(expr - wrong()) == 0:
                return False, hint
        return False, self.generic


@dataclass
class FunctionExercise(Exercise):
    """A function, right when it behaves like ``reference`` on ``trials`` (random inputs from a seeded rng).

    ``mistakes`` maps a hint to a typical wrong implementation; a function that behaves like one gets that
    hint. A result of the wrong shape gets a hint about shapes.
    """

    reference: Callable[..., Any] = field(default=lambda: None)
    trials: Callable[[np.random.Generator], list[tuple[Any, ...]]] = field(default=lambda rng: [])
    mistakes: dict[str, Callable[..., Any]] = field(default_factory=dict)
    generic: str = "test your function on a small case you can do by hand."

    def solution(self) -> Callable[..., Any]:
        """The reference implementation."""
        return self.reference

    def _agrees(self, f: Callable[..., Any], g: Callable[..., Any], cases: list[tuple[Any, ...]]) -> bool:
        for args in cases:
            want, got = np.asarray(g(*args), dtype=float), np.asarray(f(*args), dtype=float)
            if got.shape != want.shape or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
                return False
        return True

    def _judge(self, answer: Any) -> tuple[bool, str]:
        if not callable(answer):
            return False, f"the answer is a function (def ...), got {type(answer).__name__}."
        cases = self.trials(np.random.default_rng(0))
        for args in cases:
            want = np.asarray(self.reference(*args))
            try:
                got = np.asarray(answer(*args))
            except (ValueError, IndexError) as exc:
                shapes = ", ".join(str(np.shape(a)) for a in args)
                return False, f"your function raised {type(exc).__name__} on arguments of shapes {shapes}: check " \
                              f"which matrix is transposed and which side of the product it stands on."
            if got.shape != want.shape:
                return False, f"your function returns shape {got.shape} where {want.shape} is expected: check " \
                              f"which side the transpose goes on, and rows versus columns."
        if any(np.asarray(answer(*args)).size and not np.all(np.isfinite(np.asarray(answer(*args), dtype=float)))
               for args in cases):
            return False, "your function returns NaN or inf on ordinary inputs."
        if self._agrees(answer, self.reference, cases):
            return True, ""
        for hint, wrong in self.mistakes.items():
            if self._agrees(answer, wrong, cases):
                return False, hint
        return False, self.generic


@dataclass
class ChoiceExercise(Exercise):
    """Multiple choice: ``options`` maps a letter to its text; ``hints`` maps each wrong letter to its hint."""

    options: dict[str, str] = field(default_factory=dict)
    correct: str = "a"
    hints: dict[str, str] = field(default_factory=dict)

    def solution(self) -> str:
        """The right letter."""
        return self.correct

    def _judge(self, answer: Any) -> tuple[bool, str]:
        if not isinstance(answer, str) or answer.strip().lower() not in self.options:
            return False, f"answer with one of the letters {', '.join(repr(k) for k in self.options)}."
        key = answer.strip().lower()
        return key == self.correct, self.hints.get(key, "reread the question and the figure it refers to.")


EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to the registry (ids are unique)."""
    if exercise.id in EXERCISES:
        raise ValueError(f"exercise id {exercise.id!r} registered twice")
    EXERCISES[exercise.id] = exercise
    return exercise


def check(exercise_id: str, answer: Any) -> Result:
    """Check an answer to the exercise ``exercise_id`` (what a notebook's check cell calls)."""
    if exercise_id not in EXERCISES:
        raise ValueError(f"no exercise {exercise_id!r}; known: {sorted(EXERCISES)}")
    return EXERCISES[exercise_id].check(answer)


def statement(exercise_id: str) -> str:
    """The exercise's statement, as Markdown."""
    return EXERCISES[exercise_id].statement


for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
