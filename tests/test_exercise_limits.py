"""No answer freezes the kernel: every check has a time limit, oversized answers are refused before SymPy or NumPy
work on them, and after a refusal the process is as it was (no timer left running, the SIGALRM handler restored,
the next check works)."""

import signal
import sys
import threading
import time

import pytest
import sympy as sp

from bpkit.course.exercises import EXERCISES, check, limits
from bpkit.course.exercises.checking import UNCHECKED

LIMIT = 0.5  # seconds: the tests shorten the limit to stay fast; the mechanism is the same at 3 s


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(limits, "TIME_LIMIT", LIMIT)
    before = signal.getsignal(signal.SIGALRM)
    yield
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0), "a timer was left running"
    assert signal.getsignal(signal.SIGALRM) is before, "the SIGALRM handler was not restored"
    time.sleep(0.15)  # an alarm left armed would interrupt this
    assert check("bp4.complete", EXERCISES["bp4.complete"].solution()).ok


def _sleeps(z):
    time.sleep(60)


def _loops_and_swallows(z):
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # noqa: BLE001 - what a hostile answer does; CheckTimeout is not an Exception
            pass


def _recurses(z):
    return _recurses(z)


@pytest.mark.parametrize("answer", [_sleeps, _loops_and_swallows], ids=["sleeps", "loops"])
def test_a_function_that_never_returns_is_stopped_within_the_limit(short_limit, answer):
    start = time.perf_counter()
    r = check("activations.relu_prime", answer)
    took = time.perf_counter() - start
    assert not r.ok and r.answered and r.message.startswith(UNCHECKED) and "took too long" in r.message
    assert LIMIT <= took < LIMIT + 10, took  # stopped, not hung (no tight bound: CI machines are busy)


def test_endless_recursion_is_reported_not_raised(short_limit):
    r = check("activations.relu_prime", _recurses)
    assert not r.ok and r.message.startswith("Not yet. Hint:") and "RecursionError" in r.message
    assert sys.getrecursionlimit() >= 1000


@pytest.mark.parametrize("answer", [
    10**5000, -(10**5000), sp.Pow(10, 10**8, evaluate=False), sp.Pow(sp.Integer(10), sp.Pow(10, 8, evaluate=False),
                                                                      evaluate=False),
    "10**10**8", "(1 + t)**100000", sp.Add(*sp.symbols("t0:3000")), "t*" * 3000 + "t", sp.Float("1e100000"),
    sp.Integer(2) ** 5000, sp.Rational(1, 2**5000),
], ids=["int", "negative int", "pow", "nested pow", "text pow", "text power of sum", "3000 terms", "long text",
        "huge float", "sympy int", "tiny rational"])
def test_oversized_answers_are_refused_at_once(short_limit, answer):
    for exercise_id in ("sigmoid.tanh_prime", "cheap.fd_passes"):
        r = check(exercise_id, answer)  # refused by size, so never by the time limit ("took too long")
        assert not r.ok and r.answered, r.message
        if isinstance(answer, str) and len(answer) < limits.MAX_CHARS and exercise_id == "cheap.fd_passes":
            assert "not text" in r.message  # a number exercise never parses text
        else:
            assert r.message.startswith(UNCHECKED) and ("far" in r.message or "longer than" in r.message), r.message


def test_the_time_limit_also_works_outside_the_main_thread(short_limit):
    box = {}
    worker = threading.Thread(target=lambda: box.update(r=check("activations.relu_prime", _sleeps)))
    worker.start()
    worker.join(LIMIT + 15)
    assert not worker.is_alive()
    assert "took too long" in box["r"].message


def test_the_limit_runs_the_work_and_leaves_no_timer():
    assert limits.run_with_time_limit(lambda: 42, 1.0) == 42
    with pytest.raises(ZeroDivisionError):
        limits.run_with_time_limit(lambda: 1 / 0, 1.0)
    with pytest.raises(limits.CheckTimeout):
        limits.run_with_time_limit(lambda: time.sleep(5), 0.2)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_timer_already_running_is_left_alone():
    """Someone else's SIGALRM timer (e.g. a test runner's) is not replaced: the check waits in a helper thread."""
    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *a: rang.append(1))
    signal.setitimer(signal.ITIMER_REAL, 0.6)
    try:
        with pytest.raises(limits.CheckTimeout):
            limits.run_with_time_limit(lambda: time.sleep(0.4), 0.2)
        time.sleep(0.6)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, previous)
    assert rang == [1]
