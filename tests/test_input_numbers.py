"""Numbers that are not usable: alpha, gamma and the finite-difference step h, f's results, and
what Momentum is given. Each case is checked by exception type and message.

The finite-difference oracle must never return a silently wrong slope: a step h that rounding at x
would change much (down to x + h == x, slope 0) or that overflows (NaN) is refused, naming the
usable bound, and every h it accepts gives the slope of a line to the documented 5e-5.
"""

import dataclasses
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import bpkit
from bpkit._checks import MIN_SPACINGS

NET = bpkit.Network.random([2, 2], seed=0)
X, Y = np.array([0.1, 0.2]), np.array([0.3, 0.6])
GRADS = NET.backprop(X, Y)

#: (id, argument name, call with the bad value, the interval the message states)
PARAMETERS = [
    ("Momentum alpha", "alpha", lambda v: bpkit.Momentum(alpha=v), r"\(0.0, inf\)"),
    ("Momentum gamma", "gamma", lambda v: bpkit.Momentum(0.1, gamma=v), r"\[0.0, 1.0\)"),
    ("numerical_gradient h", "h", lambda v: bpkit.numerical_gradient(lambda t: float(t[0]), [0.5], h=v),
     r"\(0.0, inf\)"),
    ("network_numerical_gradients h", "h", lambda v: bpkit.network_numerical_gradients(NET, X, Y, h=v),
     r"\(0.0, inf\)"),
]

NOT_REAL = "must be a finite real number, got"
#: (id, bad value, exception type, message after "<name> "; {interval} is filled in)
BAD_NUMBERS = [
    ("int beyond float64", 10**400, ValueError, "must be in {interval}, got an integer of about 401 digits, beyond"),
    ("negative int beyond float64", -(10**400), ValueError, "must be in {interval}, got an integer of about 401"),
    ("int of 5000 digits", 10**5000, ValueError,
     "must be in {interval}, got an integer of about 5001 digits, beyond float64's range"),
    ("Fraction beyond float64", Fraction(10**400, 3), ValueError,
     r"must be in {interval}, got a Fraction of about 10\^399, beyond"),
    ("Decimal beyond float64", Decimal("1e400"), ValueError,
     r"must be in {interval}, got Decimal\('1E\+400'\), beyond"),
    ("string", "0.3", TypeError, f"{NOT_REAL} '0.3'"),
    ("None", None, TypeError, f"{NOT_REAL} None"),
    ("True", True, TypeError, f"{NOT_REAL} True"),
    ("numpy True", np.True_, TypeError, f"{NOT_REAL} np.True_"),
    ("NaN", float("nan"), TypeError, f"{NOT_REAL} nan"),
    ("inf", float("inf"), TypeError, f"{NOT_REAL} inf"),
    ("-inf", float("-inf"), TypeError, f"{NOT_REAL} -inf"),
    ("numpy NaN", np.float64("nan"), TypeError, f"{NOT_REAL} np.float64\\(nan\\)"),
    ("Decimal NaN", Decimal("NaN"), TypeError, f"{NOT_REAL} Decimal\\('NaN'\\)"),
    ("Decimal sNaN", Decimal("sNaN"), TypeError, f"{NOT_REAL} Decimal\\('sNaN'\\)"),
    ("complex", 0.3 + 0j, TypeError, f"{NOT_REAL} \\(0.3\\+0j\\)"),
    ("list", [0.3], TypeError, f"{NOT_REAL} \\[0.3\\]"),
    ("1-element array", np.array([0.3]), TypeError, f"{NOT_REAL} array\\(\\[0.3\\]\\)"),
    ("0-d bool array", np.array(True), TypeError, f"{NOT_REAL} array\\(True\\)"),
    ("object", object(), TypeError, f"{NOT_REAL} <object object"),
]


@pytest.mark.parametrize("call, name, value, kind, match", [
    pytest.param(call, name, value, kind, match.format(interval=interval), id=f"{pid}: {vid}")
    for pid, name, call, interval in PARAMETERS for vid, value, kind, match in BAD_NUMBERS])
def test_every_number_argument_refuses_what_is_not_a_usable_real_number(call, name, value, kind, match):
    with pytest.raises(kind, match=f"^{name} {match}"):
        call(value)


@pytest.mark.parametrize("value", [Decimal("0.3"), Fraction(3, 10), np.float32(0.3), np.array(0.3), np.int64(1), 1],
                         ids=["Decimal", "Fraction", "float32", "0-d array", "np.int64", "int"])
def test_every_real_number_type_is_accepted_at_its_float_value(value):
    assert bpkit.Momentum(alpha=value).alpha == float(value)
    assert bpkit.Momentum(0.1, gamma=value / 2).gamma == float(value / 2)


def test_a_fraction_of_huge_terms_is_read_at_its_value():
    assert bpkit.Momentum(alpha=Fraction(10**5000 + 1, 10**4999)).alpha == 10.0
    with pytest.raises(ValueError, match=r"^gamma must be in \[0.0, 1.0\), got 10.0$"):
        bpkit.Momentum(0.1, gamma=Fraction(10**5000 + 1, 10**4999))


SLOPE_2 = lambda t: 2.0 * float(t.flat[0])  # noqa: E731
STEP = [
    # h below the spacing of x: x + h == x, and the slope would come out 0 instead of 2
    ("h under half a spacing", [1e8], 1e-10, ValueError,
     r"^h = 1e-10 is too small for x\[0\] = 100000000: float64's spacing there is 1.5e-08 \(x \+ h == x "
     r"there, so the slope would be 0\).*expected h >= 0.00015 \(10000 spacings\)"),
    ("h of 0.6 spacings", [1.0], 0.6 * np.spacing(1.0), ValueError,
     r"^h = 1.33e-16 is too small for x\[0\] = 1: .* off by up to 0.83 of itself; expected h >= 2.3e-12"),
    ("default h at 1e6", [0.5, 1e6], 1e-6, ValueError, r"too small for x\[1\] = 1000000: .*expected h >= 1.2e-06"),
    ("2-D x", [[0.5, 0.1], [2e9, 0.3]], 1e-6, ValueError, r"^h = 1e-06 is too small for x\[1, 0\] = 2000000000"),
    ("0-d x", 3e12, 1e-6, ValueError, r"^h = 1e-06 is too small for x = 3000000000000"),
    # h so large that 2 h or x +- h overflows: NaN or inf
    ("h 1e308", [1.0], 1e308, ValueError,
     r"^h = 1e\+308 is too large: x\[0\] \+- h or 2 h .* overflows float64; expected h <= 8.9e\+307"),
    ("x + h overflows", [1.7e308], 1e307, ValueError, r"too large: .* \(\|x\[0\]\| = 1.7e\+308\).*h <= 9.7e\+306"),
    ("2 h overflows", [0.0], 9e307, ValueError, r"too large: .*expected h <= 8.9e\+307"),
    # what f does with the steps
    ("difference overflows", [0.0], 1.0, ValueError,
     r"^the slope at x\[0\] overflowed float64 \(f = 1.5e\+308 and -1.5e\+308, h = 1\); expected"),
    ("slope overflows", [0.0], 1e-300, ValueError,
     r"^the slope at x\[0\] overflowed float64 \(f = 1e\+300 and -1e\+300, h = 1e-300\); expected a larger step h"),
]
F = {"difference overflows": lambda t: float(t[0]) * 1.5e308,
     "slope overflows": lambda t: 1e300 if t[0] > 0 else -1e300}


@pytest.mark.parametrize("case, x, h, kind, match", [pytest.param(*s, id=s[0]) for s in STEP])
def test_numerical_gradient_refuses_steps_that_would_give_a_wrong_slope(case, x, h, kind, match):
    with pytest.raises(kind, match=match):
        bpkit.numerical_gradient(F.get(case, SLOPE_2), x, h=h)


@pytest.mark.parametrize("x", [0.0, 1e-300, 0.3, -7.0, 1e8, -3e15, 1e300])
def test_every_accepted_eps_gives_the_slope_to_the_documented_bound(x):
    """At the smallest accepted h, rounding x +- h changes the step by at most 5e-5 of itself."""
    h = MIN_SPACINGS * float(np.spacing(abs(x)))
    slope = bpkit.numerical_gradient(lambda t: float(t[0]), [x], h=h)[0]
    assert abs(slope - 1.0) <= 5e-5
    with pytest.raises(ValueError, match="too small"):
        bpkit.numerical_gradient(lambda t: float(t[0]), [x], h=h * 0.99)


def test_f_that_writes_into_its_argument_cannot_spoil_the_next_entry():
    def f(t):
        t *= 1000.0  # in place, on the copy it was given
        return float(np.sum(t)) / 1000.0
    assert np.allclose(bpkit.numerical_gradient(f, [1.0, 2.0, 3.0]), [1.0, 1.0, 1.0], rtol=1e-8)


RESULTS = [
    ("int beyond float64", lambda t: 10**400, ValueError,
     "^f must return a finite number, got an integer of about 401"),
    ("Decimal beyond float64", lambda t: Decimal("1e400"), ValueError, r"^f must return a finite number, got Decimal"),
    ("Decimal sNaN", lambda t: Decimal("sNaN"), ValueError, r"^f must return a finite number, got Decimal\('sNaN'\)"),
    ("inf", lambda t: float("inf"), ValueError, "^f must return a finite number, got inf"),
    ("bool", lambda t: True, TypeError, "^f must return one real number, got bool"),
    ("numpy bool", lambda t: np.True_, TypeError, "^f must return one real number, got bool"),
    ("1-element array", lambda t: t[:1] * 2, TypeError, r"^f must return one real number, got ndarray \(1,\)"),
    ("None", lambda t: None, TypeError, "^f must return one real number, got NoneType"),
    ("complex", lambda t: 1j, TypeError, "^f must return one real number, got complex"),
    ("0-d bool array", lambda t: np.array(False), TypeError, r"^f must return one real number, got ndarray \(\)"),
]


@pytest.mark.parametrize("f, kind, match", [r[1:] for r in RESULTS], ids=[r[0] for r in RESULTS])
def test_numerical_gradient_refuses_results_of_f_that_are_not_one_finite_number(f, kind, match):
    with pytest.raises(kind, match=match):
        bpkit.numerical_gradient(f, [0.5, 0.25])


def test_f_may_return_any_real_number_type():
    for f in (lambda t: Decimal(str(t[0])), lambda t: np.array(float(t[0])), lambda t: np.float32(t[0])):
        assert abs(bpkit.numerical_gradient(f, [0.5], h=1e-3)[0] - 1.0) < 1e-3


def _grads(**change):
    return dataclasses.replace(GRADS, **change)


STEPS = [
    ("grads a list", lambda: bpkit.Momentum(0.3).step(NET, [np.zeros((2, 2))]), TypeError,
     "^grads must be the Gradients that Network.backprop returns, got list"),
    ("grads None", lambda: bpkit.Momentum(0.3).step(NET, None), TypeError, "^grads must be the Gradients .*NoneType"),
    ("grads a Network", lambda: bpkit.Momentum(0.3).step(NET, NET), TypeError,
     "^grads must be the Gradients .*Network"),
    ("changes of a dict", lambda: bpkit.Momentum(0.3).changes({"nabla_w": []}), TypeError, "got dict"),
    ("net a string", lambda: bpkit.Momentum(0.3).step("net", GRADS), TypeError, "^net must be a Network, got str"),
    ("net None", lambda: bpkit.Momentum(0.3).step(None, GRADS), TypeError, "^net must be a Network, got NoneType"),
    ("net the weights", lambda: bpkit.Momentum(0.3).step(NET.weights, GRADS), TypeError, "got list"),
    ("nabla_w NaN", lambda: bpkit.Momentum(0.3).step(NET, _grads(nabla_w=[np.full((2, 2), np.nan)])), ValueError,
     r"^grads.nabla_w\[0\] must be finite, but it contains NaN or inf"),
    ("nabla_w masked", lambda: bpkit.Momentum(0.3).step(NET, _grads(nabla_w=[np.ma.zeros((2, 2))])), TypeError,
     r"^grads.nabla_w\[0\] must be a plain array"),
    ("nabla_w with a bool", lambda: bpkit.Momentum(0.3).changes(_grads(nabla_w=[[[0.1, True], [0.0, 0.0]]])),
     TypeError, r"^grads.nabla_w\[0\] must be an array of real numbers, got an element True"),
    ("nabla_b too short", lambda: bpkit.Momentum(0.3).step(NET, _grads(nabla_b=[np.zeros(1)])), ValueError,
     r"^grads.nabla_b\[0\] must have shape \(2,\) to match grads.nabla_w\[0\] of shape \(2, 2\), got \(1,\)"),
    ("nabla_b 2-D", lambda: bpkit.Momentum(0.3).changes(_grads(nabla_b=[np.zeros((2, 1))])), ValueError,
     r"^grads.nabla_b\[0\] must be 1-D, got shape \(2, 1\)"),
    ("nabla_w an array", lambda: bpkit.Momentum(0.3).changes(_grads(nabla_w=np.zeros((1, 2, 2)))), TypeError,
     "^grads.nabla_w and grads.nabla_b must be non-empty lists of arrays"),
    ("nabla lengths differ", lambda: bpkit.Momentum(0.3).changes(_grads(nabla_b=[])), TypeError,
     "of the same length"),
    ("change overflows", lambda: bpkit.Momentum(1e308).changes(_grads(nabla_w=[np.full((2, 2), 1e10)])), ValueError,
     r"^float64 overflowed in changes \(overflow encountered in multiply\); expected"),
    ("new weights overflow", lambda: bpkit.Momentum(1.0).step(bpkit.Network([np.full((2, 2), 1.7e308)]),
                                                             _grads(nabla_w=[np.full((2, 2), -1e308)])),
     ValueError, r"^float64 overflowed in step \(overflow encountered in add\)"),
]


@pytest.mark.parametrize("call, kind, match", [s[1:] for s in STEPS], ids=[s[0] for s in STEPS])
def test_momentum_refuses_what_is_not_its_network_and_gradients(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


def test_a_refused_step_leaves_the_momentum_as_it_was():
    m = bpkit.Momentum(0.3, 0.5)
    first = m.changes(GRADS)
    with pytest.raises(ValueError):
        m.changes(_grads(nabla_w=[np.full((2, 2), np.nan)]))
    again = bpkit.Momentum(0.3, 0.5)
    again.changes(GRADS)
    assert all(np.array_equal(a, b) for a, b in zip(m.changes(GRADS)[0], again.changes(GRADS)[0], strict=True))
    assert first[0][0].shape == (2, 2)


@pytest.mark.parametrize("a, b, expected", [([1e308], [-1e308], 1.0), ([1.7e308, 1.0], [1.7e308, 1.0], 0.0),
                                            ([1.7e308], [0.85e308], 1 / 3), ([5e-324], [0.0], 1.0)],
                         ids=["opposite huge", "equal huge", "a third", "subnormal"])
def test_relative_error_is_exact_near_the_limits_of_float64(a, b, expected):
    assert bpkit.relative_error(a, b) == pytest.approx(expected, rel=1e-15)
