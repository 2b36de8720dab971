"""Every argument that takes an array refuses what NumPy would silently turn into other numbers.

``np.asarray`` reads ``[1.0, True]`` as ``[1.0, 1.0]``, a masked array as the values under its mask,
``bytearray(b"ab")`` as ``[97, 98]``; float128 beyond float64 becomes inf. Each bad kind is tried at
every entry point that takes an array, and each must end in a TypeError/ValueError that names the
argument and says what was wrong (checked by type and message).
"""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import bpkit

NET = bpkit.Network.random([2, 2], seed=0)
X2, Y2 = np.array([0.1, 0.2]), np.array([0.3, 0.6])

#: (id, argument name as the message writes it, shape the argument takes here, call taking the bad value).
#: Each bad value is made in that shape, so that it fails for what it holds, never for its shape.
ENTRY_POINTS = [
    ("Network weights", r"weights\[0\] \(w\^1\)", (2, 2), lambda v: bpkit.Network([v])),
    ("Network biases", r"biases\[0\] \(b\^1\)", (2,), lambda v: bpkit.Network([np.ones((2, 2))], [v])),
    ("forward x", "x", (2, 3), lambda v: NET.forward(v)),
    ("backprop y", "y", (2,), lambda v: NET.backprop(X2, v)),
    ("cost y", "y", (2,), lambda v: NET.cost(X2, v, "quadratic")),
    ("sigmoid", "z", (2, 2), bpkit.sigmoid),
    ("relu_prime", "z", (2,), bpkit.relu_prime),
    ("softmax", "x", (2, 2), bpkit.softmax),
    ("softmax_jacobian", "x", (2,), bpkit.softmax_jacobian),
    ("softmax_vjp g", "g", (2,), lambda v: bpkit.softmax_vjp(X2, v)),
    ("numerical_gradient x", "x", (2, 2), lambda v: bpkit.numerical_gradient(lambda t: 0.0, v)),
    ("relative_error b", "b", (2,), lambda v: bpkit.relative_error(X2, v)),
    ("network_numerical_gradients x", "x", (2,), lambda v: bpkit.network_numerical_gradients(NET, v, Y2)),
]


def nest(shape, first, fill=0.5):
    """Nested lists of ``shape`` holding ``first`` and then ``fill``."""
    items = iter([first] + [fill] * (math.prod(shape) - 1))

    def build(dims):
        return [next(items) if len(dims) == 1 else build(dims[1:]) for _ in range(dims[0])]
    return build(shape)


def masked(shape, **kw):
    return np.ma.array(np.full(shape, 0.5), **kw)


def rows(shape, first):
    """A list of arrays (rows), the first of them ``first``-like: np.asarray stacks them into one array."""
    return [np.full(shape[1:], first) if i == 0 else np.full(shape[1:], 0.5) for i in range(shape[0])]


def by_bytes(shape):
    return bytearray(b"ab") if len(shape) == 1 else [bytearray(b"ab"), bytearray(b"cd")]


MASKED = "must be a plain array; got a masked array"
DTYPE = r"must be an array of real numbers \(int or float\), got dtype "
ELEMENT = "must be an array of real numbers, got an element"
BIG = np.longdouble("1e400") if np.finfo(np.longdouble).max > 1e400 else None

#: (id, make the bad value of a shape, exception type, message after the argument's name)
KINDS = [
    ("masked array", lambda s: masked(s, mask=np.arange(math.prod(s)).reshape(s) == 0), TypeError, MASKED),
    ("masked, nothing masked", lambda s: masked(s), TypeError, MASKED),
    ("masked constant in a list", lambda s: nest(s, np.ma.masked), TypeError, f"{MASKED} \\(np.ma\\) inside a list"),
    ("masked rows in a list", lambda s: [masked(s[1:]) for _ in range(s[0])], TypeError,
     f"{MASKED} \\(np.ma\\) inside a list"),
    ("bool in a float list", lambda s: nest(s, True), TypeError, f"{ELEMENT} True of type bool"),
    ("numpy bool in a list", lambda s: nest(s, np.True_), TypeError, f"{ELEMENT} np.True_ of type bool"),
    ("bool in a tuple", lambda s: tuple(nest(s, False)), TypeError, f"{ELEMENT} False"),
    ("bool rows in a list", lambda s: rows(s, True), TypeError,
     rf"{ELEMENT} array\(\[? ?True.* of type ndarray of dtype bool$"),
    ("bool in an object array", lambda s: np.array(nest(s, True), dtype=object), TypeError, f"{ELEMENT} True"),
    ("numpy bool array", lambda s: np.ones(s, dtype=bool), TypeError, f"{DTYPE}bool"),
    ("bytearray", by_bytes, TypeError, r"must be an array of real numbers, got (an element )?bytearray"),
    ("memoryview of bytes", lambda s: memoryview(bytes(range(97, 97 + math.prod(s)))).cast("B", list(s)), TypeError,
     "must be an array of real numbers, got memoryview"),
    ("bytes in a list", lambda s: nest(s, b"a"), TypeError, f"{ELEMENT} b'a' of type bytes"),
    ("string in a list", lambda s: nest(s, "0.5"), TypeError, f"{ELEMENT} '0.5' of type str"),
    ("ragged list", lambda s: nest(s, [0.1, 0.2, 0.3] if len(s) == 1 else [0.1]), ValueError,
     r"must be a rectangular array of real numbers \(rows of equal length\), got a ragged list"),
    ("complex", lambda s: nest(s, 1j), TypeError, f"{DTYPE}complex128"),
    ("datetime64", lambda s: np.full(s, np.datetime64("2024-01-01")), TypeError, rf"{DTYPE}datetime64\[D\]"),
    ("timedelta64", lambda s: np.full(s, 1, dtype="timedelta64[s]"), TypeError, rf"{DTYPE}timedelta64\[s\]"),
    ("structured", lambda s: np.zeros(s, dtype=[("a", float)]), TypeError, rf"{DTYPE}\[\('a', '<f8'\)\]"),
    ("None inside", lambda s: nest(s, None), TypeError, f"{ELEMENT} None of type NoneType"),
    ("Decimal NaN inside", lambda s: nest(s, Decimal("NaN")), ValueError, "must be finite, but it contains NaN"),
    ("Decimal sNaN inside", lambda s: nest(s, Decimal("sNaN")), ValueError,
     "must hold finite real numbers, but an element cannot be read as a float"),
    ("int beyond float64", lambda s: nest(s, 10**400), ValueError, "must be finite in float64, but it holds a number"),
    ("Fraction beyond float64", lambda s: nest(s, Fraction(10**400, 3)), ValueError, "must be finite in float64"),
] + ([("float128 beyond float64", lambda s: np.full(s, BIG), ValueError, "must be finite in float64")]
     if BIG is not None else [])

CASES = [pytest.param(call, arg, shape, *kind[1:], id=f"{name}: {kind[0]}")
         for name, arg, shape, call in ENTRY_POINTS for kind in KINDS]


@pytest.mark.parametrize("call, arg, shape, make, kind, match", CASES)
def test_every_array_argument_refuses_what_numpy_would_change(call, arg, shape, make, kind, match):
    with pytest.raises(kind, match=f"^{arg} {match}"):
        call(make(shape))


GOOD = [
    ("Fractions", [Fraction(1, 3), Fraction(2, 3)]),
    ("Decimals", [Decimal("0.1"), Decimal("-2.5")]),
    ("ints", [1, -2]),
    ("float32", np.array([0.1, 0.2], dtype=np.float32)),
    ("NumPy float scalars", [np.float64(0.1), np.float32(0.2)]),
    ("tuple", (0.1, 0.2)),
    ("read-only array", np.array([0.1, 0.2])[::-1].copy().view()),
]


@pytest.mark.parametrize("value", [g[1] for g in GOOD], ids=[g[0] for g in GOOD])
def test_real_numbers_of_any_type_are_read_as_their_float64_values(value):
    as_floats = [float(v) for v in value]
    assert np.array_equal(bpkit.sigmoid(value), bpkit.sigmoid(np.array(as_floats)))
    assert np.array_equal(NET.forward(value).output, NET.forward(as_floats).output)
