"""Exercises with automatic feedback: one registry for notebooks, lecturers and tests.

``EXERCISES`` maps an exercise id (e.g. ``"bp1.delta8"``) to an exercise with ``.check(answer)`` -> ``Result``
(``.ok``, ``.message``) and ``.solution()`` (the reference answer, in the form ``check`` accepts). Feedback
points at the step (a sign, a transpose, a missing sigma', a shape), never at the value; an unanswered
exercise (``...``) says so without failing; a right answer says why it is right. Answers are checked by
computation: exact SymPy equivalence, a stated tolerance on numbers, behaviour on random inputs, never string
comparison. Every check runs within a time limit (``limits.TIME_LIMIT`` seconds) and refuses oversized answers
before working on them, so no answer freezes the kernel.

The kinds live in their own modules: ``checking`` (``Result``, the common ``Exercise``, ``ChoiceExercise``),
``number``, ``expression``, ``function``, and ``limits`` (the time and size limits). The statement registered here
is the one source of each exercise's text; ``tests/test_exercise_statements.py`` checks that the notebooks show it.

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
from typing import Any

from .checking import UNANSWERED, ChoiceExercise, Exercise, Result
from .expression import ExpressionExercise
from .function import FunctionExercise
from .number import NumberExercise

__all__ = ["EXERCISES", "UNANSWERED", "ChoiceExercise", "Exercise", "ExpressionExercise", "FunctionExercise",
           "NumberExercise", "Result", "check", "register", "statement"]

EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to the registry (ids are unique)."""
    if exercise.id in EXERCISES:
        raise ValueError(f"exercise id {exercise.id!r} registered twice")
    EXERCISES[exercise.id] = exercise
    return exercise


def check(exercise_id: str, answer: Any) -> Result:
    """Check an answer to the exercise ``exercise_id`` (what a notebook's check cell calls)."""
    return _known(exercise_id).check(answer)


def statement(exercise_id: str) -> str:
    """The exercise's statement, as Markdown."""
    return _known(exercise_id).statement


def _known(exercise_id: Any) -> Exercise:
    if not isinstance(exercise_id, str) or exercise_id not in EXERCISES:
        raise ValueError(f"no exercise {exercise_id!r}; known: {sorted(EXERCISES)}")
    return EXERCISES[exercise_id]


for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
