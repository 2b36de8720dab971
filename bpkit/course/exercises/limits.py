"""What keeps a check from freezing the kernel: a time limit on every check, and a size limit on answers.

``run_with_time_limit(work, seconds)`` runs ``work()`` and raises ``CheckTimeout`` when it runs longer. In the
main thread on a POSIX system (where a Jupyter kernel runs its cells) a repeating ``SIGALRM`` timer interrupts
the work, a sleep or an endless loop included; a learner's ``except Exception`` cannot swallow the interruption,
since ``CheckTimeout`` is not an ``Exception`` (a bare ``except:`` in an endless loop can, as it can swallow
Jupyter's own interrupt: that one answer is not stopped). Elsewhere (another
thread, no ``SIGALRM``, or a timer already in use) the work runs in a helper thread that is waited for at most
``seconds`` and then asked to stop.

``refuse_oversized(answer)`` says why an answer is too large to work on (or returns ``None``), before SymPy or
NumPy touch it: huge integers, SymPy trees with too many nodes, powers with huge exponents, huge strings.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from types import FrameType
from typing import Any

import numpy as np
import sympy as sp

TIME_LIMIT = 3.0  # seconds for one check
MAX_BITS = 4096  # an integer (or a numerator, a denominator) with more bits is refused
MAX_NODES = 2000  # a SymPy expression with more nodes is refused
MAX_EXPONENT = 1000  # a power with a larger exponent (in absolute value) is refused
MAX_CHARS = 5000  # a string answer with more characters is refused


class CheckTimeout(BaseException):  # noqa: N818 - not an Exception on purpose: a learner's except cannot catch it
    """The check ran out of time."""


class TooLarge(ValueError):
    """The answer is too large to be worked on safely."""


def run_with_time_limit(work: Callable[[], Any], seconds: float) -> Any:
    """``work()``, or ``CheckTimeout`` once it has run ``seconds``."""
    main = threading.current_thread() is threading.main_thread()
    if main and hasattr(signal, "setitimer") and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0):
        return _with_alarm(work, seconds)
    return _with_thread(work, seconds)


class _Alarm:
    armed = False


def _with_alarm(work: Callable[[], Any], seconds: float) -> Any:
    alarm = _Alarm()

    def ring(signum: int, frame: FrameType | None) -> None:
        if alarm.armed:
            raise CheckTimeout

    def disarm() -> None:
        alarm.armed = False  # first: a signal after this line is harmless
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, previous)

    previous = signal.signal(signal.SIGALRM, ring)
    alarm.armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)  # rings again every 50 ms until disarmed
    try:
        try:
            return work()
        finally:
            disarm()
    except CheckTimeout:
        disarm()  # the alarm may have rung inside the first disarm, before it finished
        raise


def _with_thread(work: Callable[[], Any], seconds: float) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread below
            box["error"] = exc

    helper = threading.Thread(target=target, name="bpkit-check", daemon=True)
    helper.start()
    helper.join(seconds)
    if helper.is_alive():  # ask it to stop at its next bytecode (a C call such as sleep ends first)
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(helper.ident), ctypes.py_object(CheckTimeout))
        helper.join(0.1)
        raise CheckTimeout
    if "error" in box:
        raise box["error"]
    return box["value"]


def refuse_oversized(answer: Any) -> str | None:
    """Why ``answer`` is too large to check, or ``None``; cheap, and never evaluates the answer."""
    if isinstance(answer, int) and not isinstance(answer, bool) and answer.bit_length() > MAX_BITS:
        return f"an integer of {answer.bit_length():,} bits is far larger than any answer here"
    if isinstance(answer, Fraction) and max(abs(answer.numerator).bit_length(),
                                            answer.denominator.bit_length()) > MAX_BITS:
        return f"a fraction with more than {MAX_BITS:,} bits is far larger than any answer here"
    if isinstance(answer, Decimal) and answer.is_finite() and answer and abs(answer.adjusted()) > MAX_BITS // 4:
        return "a decimal number with so large or so small an exponent is far from any answer here"
    if isinstance(answer, str) and len(answer) > MAX_CHARS:
        return f"a text of {len(answer):,} characters is longer than any answer here (at most {MAX_CHARS:,})"
    if isinstance(answer, np.ndarray) and answer.size > 10**6:
        return f"an array of {answer.size:,} entries is larger than any answer here"
    if isinstance(answer, sp.Basic):
        return expression_too_large(answer)
    return None


def expression_too_large(expr: sp.Basic) -> str | None:
    """Why a SymPy tree is too large to simplify, or ``None``: node count, huge numbers, huge exponents. The walk
    uses its own stack (no recursion, however deep the tree) and checks a node after its parts, so a power's
    exponent is known to be small before it is evaluated."""
    nodes, stack = 0, [(expr, False)]
    while stack:
        node, parts_checked = stack.pop()
        if not parts_checked:
            nodes += 1
            if nodes > MAX_NODES:
                return f"the expression has more than {MAX_NODES:,} parts, far more than any answer here"
            stack.append((node, True))
            stack.extend((arg, False) for arg in node.args if isinstance(arg, sp.Basic))
        elif (why := _node_too_large(node)) is not None:
            return why
    return None


def _node_too_large(node: sp.Basic) -> str | None:
    if isinstance(node, sp.Rational) and max(abs(node.p).bit_length(), node.q.bit_length()) > MAX_BITS:
        return f"it contains a number of more than {MAX_BITS:,} bits, far larger than any answer here"
    if isinstance(node, sp.Float) and node.is_finite and node != 0:
        mantissa, exponent = node._mpf_[1], node._mpf_[2]
        if abs(exponent + int(mantissa).bit_length()) > MAX_BITS:
            return "it contains a decimal number far larger or smaller than any answer here"
    if isinstance(node, sp.Pow) and node.exp.is_number and _exponent_too_large(node.exp):
        return f"it contains a power with an exponent beyond {MAX_EXPONENT:,}, far larger than any answer here"
    return None


def _exponent_too_large(exponent: sp.Expr) -> bool:
    """True when a constant exponent is larger than ``MAX_EXPONENT``; its own parts are already checked."""
    if isinstance(exponent, sp.Rational):
        return abs(exponent.p) > MAX_EXPONENT or exponent.q > MAX_EXPONENT
    value = sp.Abs(exponent).evalf(15)
    return not value.is_finite or value > MAX_EXPONENT
