"""Input validation at bpkit's entry points: a clear TypeError/ValueError, not a NumPy surprise."""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

_NOT_NUMBERS = (str, bytes, bytearray, bool, np.bool_)


def as_finite_array(x: Any, name: str, *, copy: bool = False, finite: bool = True,
                    ndims: tuple[int, ...] | None = None) -> np.ndarray:
    """``x`` as a float64 array of finite real numbers (a copy if ``copy``), else an error naming
    ``name``.

    Refused: None, strings, bytes, bools (also inside lists), complex numbers, masked arrays,
    ragged lists, other objects, numbers beyond float64, NaN and inf (unless ``finite=False``:
    then the caller checks), and, if ``ndims`` is given, other ranks or empty axes.
    """
    if (x is None or isinstance(x, _NOT_NUMBERS)
            or isinstance(x, memoryview) and x.format in ("b", "B", "c")):
        raise TypeError(f"{name} must be an array of real numbers, got {type(x).__name__}")
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(f"{name} must be a plain array; got a masked array (np.ma), whose masked "
                        f"entries would be used as numbers: fill or compress it first")
    if isinstance(x, (list, tuple)):
        _check_elements(x, name)
    try:
        arr = np.asarray(x)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array of real numbers (rows of equal "
                         f"length), got a ragged {type(x).__name__}") from None
    if arr.dtype == object:
        arr = _from_objects(arr, name)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers (int or float), "
                        f"got dtype {arr.dtype}")
    src = arr
    with np.errstate(over="ignore"):  # a float128 beyond float64 becomes inf: refused below
        arr = np.array(arr, dtype=np.float64, copy=copy or None)
    if finite and not _all_finite(arr):
        if np.isfinite(src).all():
            raise _beyond(name)
        raise ValueError(f"{name} must be finite, but it contains NaN or inf")
    if ndims is not None and arr.ndim not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(f"{name} must be {want}, got shape {arr.shape}")
    if ndims is not None and arr.size == 0:
        raise ValueError(f"{name} must not be empty (every axis at least 1), got shape {arr.shape}")
    return arr


def _all_finite(a: np.ndarray) -> bool:
    """True if no entry is NaN or inf. A finite sum of squares (one BLAS call, no temporary array)
    proves it for the whole array; only where that sum overflows are the entries read one by one."""
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(np.vdot(a, a))) or bool(np.isfinite(a).all())


def _beyond(name: str) -> ValueError:
    return ValueError(f"{name} must be finite in float64, but it holds a number beyond +-1.8e308")


def _refuse(name: str, v: Any) -> TypeError:
    kind = f"ndarray of dtype {v.dtype}" if isinstance(v, np.ndarray) else type(v).__name__
    return TypeError(f"{name} must be an array of real numbers, got an element {_short(v)} "
                     f"of type {kind}")


def _check_elements(x: list | tuple, name: str) -> None:
    """Refuse what np.asarray would silently make a number: [1.0, True] -> [1.0, 1.0], masks."""
    stack = [(x, 1)]
    while stack:
        seq, depth = stack.pop()
        if depth > 32:  # NumPy allows 64 axes; bpkit's arrays have at most 2
            raise ValueError(f"{name} must be an array of at most 32 axes, got lists nested "
                             f"more than 32 deep")
        if set(map(type, seq)) <= {float, int}:  # the common case, at C speed
            continue
        for v in seq:
            if isinstance(v, (list, tuple)):
                stack.append((v, depth + 1))
            elif isinstance(v, np.ma.MaskedArray):
                raise TypeError(f"{name} must be a plain array; got a masked array (np.ma) inside "
                                f"a list: fill or compress it first")
            elif isinstance(v, _NOT_NUMBERS) or isinstance(v, np.ndarray) and v.dtype.kind == "b":
                raise _refuse(name, v)


def _from_objects(arr: np.ndarray, name: str) -> np.ndarray:
    for v in arr.flat:
        if not is_real_number(v):
            raise _refuse(name, v)
    try:
        return arr.astype(np.float64)
    except OverflowError:
        raise _beyond(name) from None
    except (TypeError, ValueError) as exc:  # e.g. Decimal('sNaN')
        raise ValueError(f"{name} must hold finite real numbers, but an element cannot be "
                         f"read as a float: {exc}") from None


def is_real_number(v: Any) -> bool:
    """True for int, float, Fraction, Decimal and NumPy real scalars (not bool, complex, str)."""
    return isinstance(v, (numbers.Real, Decimal)) and not isinstance(v, (bool, np.bool_))


def check_number(v: Any, name: str, low: float, high: float, *, open_low: bool = False) -> float:
    """``v`` as a float in [low, high) (or (low, high) if ``open_low``), else TypeError/ValueError.

    Accepted: int, float, Fraction, Decimal, NumPy real scalars and 0-d real arrays.
    """
    if isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind in "iuf":
        v = v[()]
    interval = f"{'(' if open_low else '['}{low}, {high})"
    if not is_real_number(v):
        raise TypeError(f"{name} must be a finite real number, got {_short(v)}")
    try:
        f = float(v)
    except (OverflowError, ValueError):  # beyond float64; Decimal('sNaN')
        f = np.inf if not isinstance(v, Decimal) or v.is_finite() else np.nan
    if not np.isfinite(f):
        if isinstance(v, (numbers.Rational, Decimal)) and not (isinstance(v, Decimal)
                                                               and not v.is_finite()):
            raise ValueError(f"{name} must be in {interval}, got {_short(v)}, "
                             f"beyond float64's range")
        raise TypeError(f"{name} must be a finite real number, got {_short(v)}")
    if not (low < f < high or (f == low and not open_low)):
        raise ValueError(f"{name} must be in {interval}, got {f}")
    return f


def _short(v: Any) -> str:
    """repr(v), shortened; for a big integer its size (str() refuses ints of over 4300 digits)."""
    if isinstance(v, numbers.Integral) and abs(int(v)).bit_length() > 64:
        return f"an integer of about {int(abs(int(v)).bit_length() * 0.30103) + 1} digits"
    if isinstance(v, numbers.Rational) and max(abs(v.numerator), v.denominator).bit_length() > 64:
        bits = abs(v.numerator).bit_length() - v.denominator.bit_length()
        return f"a {type(v).__name__} of about 10^{int(bits * 0.30103)}"
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


#: The step h must be at least this many float64 spacings at every x_i (see numerical_gradient).
MIN_SPACINGS = 1e4


def check_step(x: np.ndarray, h: float, name: str = "x") -> None:
    """Refuse a step h that rounding would change much at some x_i, or that overflows x_i +- h:
    h must be at least ``MIN_SPACINGS`` float64 spacings at every x_i, and x_i +- h finite."""
    if x.size == 0:
        return
    k = int(np.argmax(np.abs(x)))  # the largest |x_i| has the largest spacing
    where = f"{name}[{', '.join(map(str, np.unravel_index(k, x.shape)))}]" if x.ndim else name
    top = float(np.abs(x).flat[k])
    if not (math.isfinite(top + h) and math.isfinite(2.0 * h)):
        most = min(_MAX - top, _MAX / 2)
        raise ValueError(f"h = {h:.3g} is too large: {where} +- h or 2 h (|{where}| = "
                         f"{top:.3g}) overflows float64; expected h <= {_round(most, up=False)}")
    spacing = float(np.spacing(top + h))  # x_i + h may round into the next binade
    if h < (need := MIN_SPACINGS * spacing):
        lost = " (x + h == x there, so the slope would be 0)" if top + h == top else ""
        raise ValueError(f"h = {h:.3g} is too small for {where} = {x.flat[k]:.17g}: float64's "
                         f"spacing there is {spacing:.2g}{lost}, and x +- h would round to a "
                         f"step off by up to {min(spacing / (2 * h), 1):.2g} of itself; expected "
                         f"h >= {_round(need, up=True)} ({MIN_SPACINGS:g} spacings)")


_MAX = float(np.finfo(np.float64).max)


def _round(v: float, up: bool) -> str:
    """v > 0 to two significant digits, rounded up or down (so that the bound shown holds)."""
    e = math.floor(math.log10(v)) - 1
    digits = (math.ceil if up else math.floor)(v / 10.0**e)
    return f"{float(f'{digits}e{e}'):.2g}"


def check_scalar(v: Any) -> float:
    """What a function f returned, as a float, if it is one finite real number."""
    if isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind in "iuf":
        v = v[()]
    if not is_real_number(v):
        shape = getattr(v, "shape", "")
        raise TypeError(f"f must return one real number, got {type(v).__name__} {shape}".rstrip())
    try:
        value = float(v)
    except (OverflowError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"f must return a finite number, got {_short(v)}")
    return value


def no_overflow(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``method`` with NumPy raising on float64 overflow, turned into a ValueError."""
    @functools.wraps(method)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            with np.errstate(over="raise", invalid="raise"):
                return method(*args, **kwargs)
        except FloatingPointError as exc:
            raise ValueError(f"float64 overflowed in {method.__name__} ({exc}); expected "
                             "weights, inputs, targets and steps small enough that every "
                             "result stays finite") from None
    return guarded


def check_gradients(nabla_w: Any, nabla_b: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """nabla_w and nabla_b as lists of finite float arrays, (n_l, n_{l-1}) and (n_l,)."""
    if not (isinstance(nabla_w, (list, tuple)) and isinstance(nabla_b, (list, tuple))
            and len(nabla_w) == len(nabla_b) > 0):
        raise TypeError("grads.nabla_w and grads.nabla_b must be non-empty lists of arrays, "
                        "one per layer, of the same length")
    nabla_w = [as_finite_array(g, f"grads.nabla_w[{l}]", ndims=(2,)) for l, g in enumerate(nabla_w)]
    nabla_b = [as_finite_array(g, f"grads.nabla_b[{l}]", ndims=(1,)) for l, g in enumerate(nabla_b)]
    for l, (gw, gb) in enumerate(zip(nabla_w, nabla_b, strict=True)):
        if gb.shape != gw.shape[:1]:
            raise ValueError(f"grads.nabla_b[{l}] must have shape {gw.shape[:1]} to match "
                             f"grads.nabla_w[{l}] of shape {gw.shape}, got {gb.shape}")
    return nabla_w, nabla_b


def check_net_and_gradients(net: Any, grads: Any) -> None:
    """``net`` a Network, and ``grads`` (if Gradients) of its weights' shapes."""
    from .network import Gradients, Network

    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    if isinstance(grads, Gradients) and ([w.shape for w in net.weights]
                                         != [np.shape(g) for g in grads.nabla_w]):
        raise ValueError(f"the gradients (shapes {[np.shape(g) for g in grads.nabla_w]}) do "
                         f"not belong to this network (weight shapes "
                         f"{[w.shape for w in net.weights]})")


def check_layers(arrays: Any, what: str) -> Sequence[Any]:
    """``arrays`` if it is a non-empty list (or tuple) with one array per layer."""
    if (isinstance(arrays, (np.ndarray, str)) or not isinstance(arrays, Sequence)
            or len(arrays) == 0):
        raise TypeError(f"{what} must be a non-empty list of arrays, one per layer, "
                        f"got {type(arrays).__name__}")
    return arrays


def check_sizes(sizes: Any, seed: Any = 0, biases: Any = True) -> list[int]:
    """[n_0, ..., n_L]: at least two positive integers, at most 1e8 weights per layer; with the
    ``seed`` (an integer >= 0) and ``biases`` (True or False) of ``Network.random``."""
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"seed must be a non-negative integer, got {_short(seed)}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    if not isinstance(biases, (bool, np.bool_)):
        raise TypeError(f"biases must be True or False, got {_short(biases)}")
    if (isinstance(sizes, (str, np.ndarray)) or not isinstance(sizes, Sequence) or len(sizes) < 2
            or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1
                       for n in sizes)):
        raise ValueError(f"sizes must be a list of at least two positive integers, got {sizes!r}")
    if any(k * n > 10**8 for k, n in zip(sizes[:-1], sizes[1:], strict=True)):
        raise ValueError(f"sizes {sizes} give a layer too large: expected at most 1e8 weights "
                         "per layer")
    return [int(n) for n in sizes]


def check_target(cost: str, y: np.ndarray, output: str) -> None:
    """Any finite target for the quadratic cost; for cross-entropy, probabilities in [0, 1] on a
    sigmoid or softmax output, each column a distribution (summing to 1) on softmax."""
    if cost != "cross_entropy":
        return
    check_cost_output(cost, output)
    if np.any(y < 0) or np.any(y > 1):
        raise ValueError(f"cross_entropy targets y must lie in [0, 1], "
                         f"got values from {y.min():g} to {y.max():g}")
    sums = np.sum(y, axis=0).reshape(-1)
    if output == "softmax" and (bad := np.flatnonzero(np.abs(sums - 1.0) > 1e-9)).size:
        raise ValueError(f"cross_entropy with a softmax output needs each column of y to sum "
                         f"to 1 (a distribution such as one-hot), but column {bad[0]} sums to "
                         f"{sums[bad[0]]:g}")


def check_name(name: Any, allowed: Sequence[str], what: str, kind: str = "") -> str:
    """``name`` if it is one of ``allowed``, else TypeError (not a string) or ValueError."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a string, one of {tuple(allowed)}, got {_short(name)}")
    if name not in allowed:
        raise ValueError(f"unknown {kind}{what} {name!r}; expected one of {tuple(allowed)}")
    return name


def check_axis(axis: Any, shape: tuple[int, ...]) -> int:
    """``axis`` if it is an integer that names an axis of an array of ``shape``."""
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__} {axis!r}")
    if not -len(shape) <= axis < len(shape):
        axes = list(range(-len(shape), len(shape)))
        raise ValueError(f"axis must be one of {axes} for x of shape {shape}, got {_short(axis)}")
    return int(axis)


def check_digits(digits: Any, least: int) -> int:
    """``digits`` if it is an integer of at least ``least`` (decimal digits of a computation)."""
    if isinstance(digits, (bool, np.bool_)) or not isinstance(digits, (int, np.integer)):
        raise TypeError(f"digits must be an integer >= {least}, got {_short(digits)}")
    if digits < least:
        raise ValueError(f"digits must be at least {least} for float64 results (17 digits and "
                         f"guard digits), got {digits}")
    return int(digits)


def check_one_sample(net: Any, x: Any, y: Any, cost: Any) -> tuple[np.ndarray, np.ndarray, str]:
    """x (n_0,), y (n_L,) and the cost's name for one sample of ``net``, as its door checks them."""
    from .network import Network

    if not isinstance(net, Network):
        raise TypeError(f"net must be a bpkit Network, got {type(net).__name__}")
    x = net._check(x)[0]
    if x.ndim != 1:
        raise ValueError(f"x must be one sample of shape ({len(x)},), got a batch {x.shape}")
    x, y, c = net._check(x, y, cost)
    return x, y, c.name


def check_cost_output(cost: str, output: Any) -> None:
    """Cross-entropy on a sigmoid or softmax output only (there delta^L = a - y)."""
    if cost == "cross_entropy" and isinstance(output, str) and output not in ("sigmoid", "softmax"):
        raise ValueError(f"cross_entropy needs a sigmoid or softmax output layer, got {output!r}")


def set_once(net: Any, name: str, value: Any) -> None:
    """A Network's ``__setattr__``: weights and biases are set once, checked, in ``__init__``."""
    if name in ("weights", "biases") and hasattr(net, "biases"):
        raise AttributeError(f"a Network's {name} are set once, checked, when it is made; for new "
                             f"ones make a new Network: net.replace({name}=...), or "
                             "Momentum(alpha).step(net, grads)")
    object.__setattr__(net, name, value)


def check_y(y: Any, x: np.ndarray, n_L: int, cost: str, output: str) -> np.ndarray:
    """The target y, finite, of the output's shape (n_L,) or (n_L, m) for x of shape (n_0,) or
    (n_0, m), and one the cost takes on this output (``check_target``)."""
    y = as_finite_array(y, "y")
    if y.shape != (n_L,) + x.shape[1:]:
        raise ValueError(f"y must have shape {(n_L,) + x.shape[1:]} to match x of shape "
                         f"{x.shape}, got {y.shape}")
    check_target(cost, y, output)
    return y


def check_parameters(weights: Any, biases: Any, output: str = ""
                     ) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """Read-only copies of ``weights`` (w^l of shape (n_l, n_{l-1})) and ``biases`` (b^l of shape
    (n_l,), or None), checked: finite real numbers, each layer's shape fitting the one before, and
    at least two neurons under a softmax ``output``."""
    ws: list[np.ndarray] = []
    for l, w in enumerate(check_layers(weights, "weights"), start=1):
        w = as_finite_array(w, f"weights[{l - 1}] (w^{l})", copy=True, ndims=(2,))
        if ws and w.shape[1] != len(ws[-1]):
            raise ValueError(f"w^{l} has shape {w.shape}, but layer {l - 1} has {len(ws[-1])} "
                             f"neurons: expected shape ({w.shape[0]}, {len(ws[-1])})")
        ws.append(w)
    if output == "softmax" and len(ws[-1]) < 2:
        raise ValueError("a softmax output layer needs at least 2 neurons (one always outputs 1, "
                         f"and nothing learns), got weights of shape {ws[-1].shape}; use a "
                         "sigmoid output for one")
    for w in ws:
        w.flags.writeable = False  # a Network never changes: a step makes a new one
    if biases is None:
        return ws, None
    if len(check_layers(biases, "biases")) != len(ws):
        raise ValueError(f"expected {len(ws)} bias vectors, got {len(biases)}")
    bs = [as_finite_array(b, f"biases[{l}] (b^{l + 1})", copy=True) for l, b in enumerate(biases)]
    for l, (b, w) in enumerate(zip(bs, ws, strict=True), start=1):
        if b.shape != (len(w),):
            raise ValueError(f"b^{l} must have shape ({len(w)},), got {b.shape}")
        b.flags.writeable = False
    return ws, bs


def checked_bp() -> tuple[Callable[..., np.ndarray], ...]:
    """bp1..bp4 of ``network`` as ``bpkit`` exports them: the arrays checked (finite; one sample
    (n,) or a batch (n, m); sizes that fit), the cost and the output activation also by name, and
    the target as a Network checks it. ``Network.backprop`` calls network's own, whose input its
    door has checked."""
    from . import network
    from .activations import Activation, get_activation
    from .losses import cost_named

    def output(o: Any) -> Activation:
        return o if isinstance(o, Activation) else get_activation(o, output=True)

    def target(given: dict[str, Any]) -> None:
        check_target(given["cost"].name, given["y"], given["output"].name)
    return (_door(network.bp1, target, cost=cost_named, z_L="n.", a_L="n.", y="n.", output=output),
            _door(network.bp2, None, w_next="jk", delta_next="j.", sigma_prime_z="k."),
            _door(network.bp3, None, delta="n."), _door(network.bp4, None, delta="j.", a_prev="k."))


def _door(f: Callable[..., np.ndarray], then: Callable[[dict[str, Any]], None] | None,
          **spec: Any) -> Callable[..., np.ndarray]:
    """``f`` with its arguments checked: an array's letters name its axes ("." the batch axis m a
    sample leaves out), the same letter the same size; a function converts its argument; ``then``
    checks the converted arguments together."""
    signature = inspect.signature(f)

    @functools.wraps(f)
    def checked(*args: Any, **kwargs: Any) -> np.ndarray:
        bound = signature.bind(*args, **kwargs)
        given = bound.arguments
        given.update(fit_shapes({k: v for k, v in spec.items() if isinstance(v, str)}, given))
        given.update({k: v(given[k]) for k, v in spec.items() if callable(v)})
        if then is not None:
            then(given)
        return f(*bound.args, **bound.kwargs)
    checked.__signature__ = signature.replace(parameters=[  # type: ignore[attr-defined]
        p.replace(annotation=f"str | {p.annotation}" if callable(spec[p.name]) else "Any")
        for p in signature.parameters.values()])
    return no_overflow(checked)


def fit_shapes(spec: dict[str, str], given: dict[str, Any]) -> dict[str, np.ndarray]:
    """The arrays named in ``spec``, checked finite and shaped as its letters say."""
    arrays = {}
    for name, letters in spec.items():
        axes = letters.rstrip(".")
        ranks = (len(axes), len(axes) + 1) if letters.endswith(".") else (len(axes),)
        arrays[name] = as_finite_array(given[name], name, ndims=ranks)
    sizes: dict[str, int] = {}
    batched = {arrays[k].ndim == len(v) for k, v in spec.items() if v.endswith(".")}
    if len(batched) > 1 or any(sizes.setdefault(c, n) != n for k, v in spec.items()
                               for c, n in zip(v.rstrip(".") + "m", arrays[k].shape, strict=False)):
        want = ", ".join(f"{k} {_shape(v)}" for k, v in spec.items())
        got = ", ".join(f"{k} {a.shape}" for k, a in arrays.items())
        raise ValueError(f"shapes that do not fit: got {got}; expected {want} (a letter is one "
                         "size; all samples or all batches of m)")
    return arrays


def _shape(letters: str) -> str:
    """"jk" -> "(j, k)"; "j." -> "(j,) or (j, m)"."""
    axes = letters.rstrip(".")
    one = f"({', '.join(axes)}{',' if len(axes) == 1 else ''})"
    return one + (f" or ({', '.join(axes)}, m)" if letters.endswith(".") else "")
