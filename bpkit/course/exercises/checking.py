"""The common part of every exercise: the ``Result`` of a check, and ``Exercise.check``, which refuses oversized
answers, prepares the reference values once (outside the time limit), and judges the answer within
``limits.TIME_LIMIT`` seconds. Each kind (number, expression, function, choice) supplies ``_prepare`` and
``_judge``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import limits


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
UNCHECKED = "Your answer could not be checked: "


def timeout_message(seconds: float) -> str:
    """What a learner reads when a check runs out of time."""
    return (f"{UNCHECKED}the check took too long (more than {seconds:g} s) and was stopped. A function that "
            "sleeps, loops or recurses without end, or an expression too large to simplify, does that. The kernel "
            "is fine: change the answer and run the cell again.")


@dataclass
class Exercise:
    """Common part: id, notebook, kind, statement, why the right answer is right, and the checker."""

    id: str
    notebook: str
    kind: str  # "predict", "derive", "find-the-bug", "complete" or "explain"
    statement: str  # the one source of the statement: the notebook shows this text (tests/test_exercise_statements)
    why: str  # shown with a right answer: why it is right
    wrong: Sequence[tuple[Any, str]] = field(default_factory=tuple)  # typical wrong answers and a hint word each
    _prepared: Any = field(default=None, init=False, repr=False, compare=False)

    def check(self, answer: Any) -> Result:
        """Check ``answer``; ``...`` gives an unanswered Result, never an exception for a malformed answer."""
        if answer is Ellipsis:
            return Result(False, UNANSWERED, answered=False)
        try:
            too_large = limits.refuse_oversized(answer)
        except Exception as exc:  # noqa: BLE001 - an object that breaks even a look at its size
            too_large = f"{type(exc).__name__}: {_short(exc)}"
        if too_large:
            return Result(False, f"{UNCHECKED}{too_large}.")
        if self._prepared is None:
            self._prepared = self._prepare()  # reference values: computed once, not counted in the time limit
        try:
            ok, hint = limits.run_with_time_limit(lambda: self._judge(answer, self._prepared), limits.TIME_LIMIT)
        except limits.CheckTimeout:
            return Result(False, timeout_message(limits.TIME_LIMIT))
        except limits.TooLarge as exc:
            return Result(False, f"{UNCHECKED}{exc}.")
        except RecursionError:
            return Result(False, f"{UNCHECKED}it is nested too deeply to work on (RecursionError).")
        except Exception as exc:  # noqa: BLE001 - a learner's answer may fail in any way; say how, do not crash
            return Result(False, f"{UNCHECKED}{type(exc).__name__}: {_short(exc)}")
        return Result(True, f"Right. {self.why}") if ok else Result(False, f"Not yet. Hint: {hint}")

    def solution(self) -> Any:
        """The reference answer, in the form ``check`` accepts."""
        raise NotImplementedError

    def _prepare(self) -> Any:
        """Reference values the judge compares with (computed once per exercise)."""
        return None

    def _judge(self, answer: Any, prepared: Any) -> tuple[bool, str]:
        raise NotImplementedError


def _short(exc: BaseException, limit: int = 300) -> str:
    """An exception's text, cut to ``limit`` characters (a learner's object may print at any length)."""
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - an answer's __str__ may fail too
        text = "(no text)"
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass
class ChoiceExercise(Exercise):
    """Multiple choice: ``options`` maps a letter to its text; ``hints`` maps each wrong letter to its hint."""

    options: dict[str, str] = field(default_factory=dict)
    correct: str = "a"
    hints: dict[str, str] = field(default_factory=dict)

    def solution(self) -> str:
        """The right letter."""
        return self.correct

    def _judge(self, answer: Any, prepared: Any) -> tuple[bool, str]:
        key = answer.strip().strip("().").strip().lower() if isinstance(answer, str) else None
        if key not in self.options:
            return False, f"answer with one of the letters {', '.join(repr(k) for k in self.options)}."
        return key == self.correct, self.hints.get(key, "reread the question and the figure it refers to.")
