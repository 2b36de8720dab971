"""Function exercises: the answer runs once per test case, on a fresh copy of the inputs, and its outputs are
compared with the reference's, computed before it ran. An answer that changes its inputs in place is told so
(the caller, e.g. backprop's stored trace, still needs them)."""

from __future__ import annotations

import copy
import dis
import inspect
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .checking import Exercise

Case = tuple[Any, ...]


def _unchanged(before: Case, after: Case) -> bool:
    """True when every argument still holds what it held before the call (same type, shape, values)."""
    for a, b in zip(before, after, strict=True):
        if type(a) is not type(b) or np.shape(a) != np.shape(b):
            return False
        if not np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True):
            return False
    return True


def _shapes(args: Case) -> str:
    return ", ".join(str(np.shape(a)) for a in args)


def _shape_fix(got: tuple[int, ...], want: tuple[int, ...]) -> str:
    """What to check when an output has the wrong shape."""
    if len(got) != len(want) and [n for n in got if n != 1] == [n for n in want if n != 1]:  # the same values
        return ("the right number of values with extra axes of length 1: drop them (e.g. no `keepdims=True`)."
                if len(got) > len(want) else
                "the right number of values, but an axis of length 1 is missing: keep it (an array, not a number).")
    if len(got) < len(want) <= 1:
        return "return every value asked for, in one array."
    if len(got) != len(want) and np.prod(got) == np.prod(want):
        return "as many values, in another shape: reshape the result (after a loop over `.ravel()`) or build it " \
               "in that shape (`np.outer`, not `np.kron`)."
    return "check which side the transpose goes on, and rows versus columns."


def _as_array(got: Any) -> np.ndarray | str:
    """The output as a float array, or a hint saying why it is not one."""
    if got is None:
        return "your function returns None: did it forget `return`?"
    if callable(got):
        return "your function returns a function: return the value itself."
    try:
        if np.iscomplexobj(got):
            return "your function returns complex numbers: every entry should be real."
        return np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"your function returns a {type(got).__name__}, not an array of numbers."


def _from_bpkit(value: Any) -> bool:
    """A bpkit module, function or class, or a dict of bpkit objects (``ACTIVATIONS``)."""
    if isinstance(value, dict):
        return any(_from_bpkit(v) for v in value.values())
    if isinstance(value, types.ModuleType):
        return value.__name__.split(".")[0] == "bpkit"
    return str(getattr(value, "__module__", None) or type(value).__module__).split(".")[0] == "bpkit"


def _same(value: Any, f: Callable[..., Any]) -> bool:
    """``value`` is ``f``: itself, f bound to an object, or one wrapping the other (bpkit.bp4 wraps network.bp4)."""
    return any(v is g for v in (value, getattr(value, "__func__", None), inspect.unwrap(value) if callable(value)
                                else None) for g in (f, inspect.unwrap(f)))


def _contents(cell: Any) -> Any:
    """A closure cell's value, or None if it is empty (its variable not yet assigned)."""
    try:
        return cell.cell_contents
    except ValueError:
        return None


def _owned(value: Any, owner: str) -> bool:
    """``value`` is bpkit's class ``owner``, an instance of it, or a dict of those (``ACTIVATIONS``)."""
    if isinstance(value, dict):
        return any(_owned(v, owner) for v in value.values())
    cls = value if isinstance(value, type) else type(value)
    return cls.__name__ == owner and _from_bpkit(cls)


def calls(answer: Callable[..., Any], f: Callable[..., Any], _seen: set[int] | None = None) -> bool:
    """True if ``answer`` is ``f``, or its code (or a function defined or called in it that the learner wrote)
    reaches ``f``: through a global, closure or import bound to it (``bp4`` imported from bpkit), as an attribute
    of a bpkit module (``bpkit.bp4``), or, for a method, on bpkit's class or its objects
    (``Network(w, b).backprop``, ``ACTIVATIONS["relu"].prime``). A learner's own function or class of the same
    name is not ``f``."""
    seen = set() if _seen is None else _seen
    if id(answer) in seen:
        return False
    seen.add(id(answer))
    if _same(answer, f):
        return True
    scope = getattr(answer, "__globals__", {})
    cells = [_contents(c) for c in getattr(answer, "__closure__", None) or ()]
    loaded, attributes, imported = set(), set(), set()
    codes = [answer.__code__] if hasattr(answer, "__code__") else []
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        for op in dis.get_instructions(code):
            if op.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                loaded.add(op.argval)
            elif op.opname in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM"):  # bpkit.bp4, from bpkit import bp4
                attributes.add(op.argval)
            elif op.opname == "IMPORT_NAME":
                imported.add(str(op.argval))
    values = [v for v in [scope.get(name) for name in loaded] + cells if v is not None]
    modules = [v for v in values if isinstance(v, types.ModuleType)]
    modules += [sys.modules[m] for m in imported if m in sys.modules]
    values += [getattr(m, a) for m in modules if _from_bpkit(m) for a in attributes if hasattr(m, a)]
    owner = f.__qualname__.rpartition(".")[0]  # "Network" for Network.backprop; "" for a function
    if any(_same(v, f) for v in values) or (owner and f.__name__ in attributes
                                            and any(_owned(v, owner) for v in values)):
        return True
    mine = getattr(answer, "__module__", None)  # the learner's own helpers live where the answer does
    return any(calls(v, f, seen) for v in values if inspect.isfunction(v) and v.__module__ == mine)


Outcome = np.ndarray | type  # a function's result on one case, or the type of the exception it raised


def _outcome(f: Callable[..., Any], args: Case) -> Outcome:
    """What a typical mistake does with a fresh copy of ``args``: its result as an array, or its exception's type."""
    try:
        return np.asarray(f(*copy.deepcopy(args)), dtype=float)
    except Exception as exc:  # noqa: BLE001 - a planted mistake may fail as a learner's code does
        return type(exc)


def _agrees(outputs: list[Outcome], wanted: list[Outcome]) -> bool:
    return all(g is w if isinstance(g, type) or isinstance(w, type)
               else g.shape == w.shape and np.allclose(g, w, rtol=1e-9, atol=1e-12)
               for g, w in zip(outputs, wanted, strict=True))


@dataclass
class FunctionExercise(Exercise):
    """A function, right when it behaves like ``reference`` on ``trials`` (random inputs from a seeded rng).

    ``mistakes`` maps a hint to a typical wrong implementation; a function that behaves like one gets that
    hint, also where it returns another shape or raises (a matrix product where an elementwise one is due).
    Otherwise a result of the wrong shape gets a hint about shapes; one that changes its input is told so; one
    that calls a ``forbidden`` function (the one it is asked to write) is told which.
    """

    reference: Callable[..., Any] = field(default=lambda: None)
    trials: Callable[[np.random.Generator], list[Case]] = field(default=lambda rng: [])
    mistakes: dict[str, Callable[..., Any]] = field(default_factory=dict)
    generic: str = "test your function on a small case you can do by hand."
    forbidden: dict[str, Callable[..., Any]] = field(default_factory=dict)  # "bpkit.bp4": a function it must not call

    def solution(self) -> Callable[..., Any]:
        """The reference implementation."""
        return self.reference

    def _prepare(self) -> tuple[list[Case], list[np.ndarray], list[tuple[str, list[np.ndarray]]]]:
        """The test cases, and every expected output, computed on copies before any answer runs."""
        cases = self.trials(np.random.default_rng(0))

        expected = [np.asarray(self.reference(*copy.deepcopy(args)), dtype=float) for args in cases]
        return cases, expected, [(h, [_outcome(m, args) for args in cases]) for h, m in self.mistakes.items()]

    def _judge(self, answer: Any, prepared: tuple) -> tuple[bool, str]:
        if not callable(answer):
            got = "None" if answer is None else type(answer).__name__
            return False, f"the answer is a function (def ...), passed by its name without (), got {got}."
        used = next((name for name, f in self.forbidden.items() if calls(answer, f)), None)
        if used:
            return False, f"your function calls `{used}`, which already does what the exercise asks: write it yourself."
        cases, expected, wrong = prepared
        outputs: list[Outcome] = []
        problem, changed = "", False  # the first problem seen, said if no typical mistake explains the answer
        for args, want in zip(cases, expected, strict=True):
            fresh = copy.deepcopy(args)
            try:
                got = _as_array(answer(*fresh))
            except RecursionError:
                return False, "your function calls itself without end (RecursionError): it needs no recursion."
            except (ValueError, IndexError) as exc:
                outputs.append(type(exc))
                fix = ("an `if`, `and` or `or` on an array asks about many numbers at once: work on whole "
                       "arrays (comparisons, np.where)." if "truth value of an array" in str(exc) else
                       "check the shapes in each step: `@` or `*`, which matrix is transposed and on which side "
                       "it stands, which arrays are stacked or joined.")
                problem = problem or (f"your function raised {type(exc).__name__} on arguments of shapes "
                                      f"{_shapes(args)}: {fix}")
                continue
            except Exception as exc:  # noqa: BLE001 - the learner's code may fail in any way; say which
                outputs.append(type(exc))
                problem = problem or (f"your function raised {type(exc).__name__} ({str(exc)[:120]}) on arguments "
                                      f"of shapes {_shapes(args)}.")
                continue
            if isinstance(got, str):
                return False, got
            if got.shape != want.shape:
                problem = problem or f"your function returns shape {got.shape} where {want.shape} is expected: " \
                                     + _shape_fix(got.shape, want.shape)
            elif got.size and not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
                problem = problem or "your function returns NaN or inf on ordinary inputs."
            changed = changed or not _unchanged(args, fresh)
            outputs.append(got)
        if problem:
            return False, next((h for h, w in wrong if _agrees(outputs, w)), problem)
        right = _agrees(outputs, expected)
        hint = "" if right else next((h for h, w in wrong if _agrees(outputs, w)), self.generic)
        if changed:
            in_place = ("your function changes its input in place (it writes into the array it was given), and "
                        "the caller still needs that input: compute the result in a new array (e.g. with np.where "
                        "or a copy).")
            return False, in_place + (f" Its values are not right either: {hint}" if hint else "")
        return right, hint
