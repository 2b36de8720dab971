"""Input validation at bpkit's entry points: a clear TypeError/ValueError instead of a NumPy surprise."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np


def as_finite_array(x: Any, name: str, *, copy: bool = False, finite: bool = True,
                    ndims: tuple[int, ...] | None = None) -> np.ndarray:
    """``x`` as a float64 array of finite real numbers (a copy if ``copy``), else an error naming ``name``.

    Refused: None, strings, bools, complex numbers, other objects, integers beyond float64, NaN and inf
    (unless ``finite=False``: then the caller checks), and, if ``ndims`` is given, other ranks or empty axes.
    """
    if x is None or isinstance(x, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(x).__name__}")
    arr = np.asarray(x)
    if arr.dtype == object:
        bad = next((v for v in arr.flat if not is_real_number(v)), None)
        if bad is not None or arr.size == 0:
            raise TypeError(f"{name} must be an array of real numbers, got an element {bad!r} "
                            f"of type {type(bad).__name__}")
        try:
            arr = arr.astype(np.float64)
        except OverflowError:
            raise ValueError(f"{name} must be finite in float64, but it holds an integer beyond +-1.8e308") from None
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers (int or float), got dtype {arr.dtype}")
    arr = np.array(arr, dtype=np.float64, copy=copy or None)
    if finite and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, but it contains NaN or inf")
    if ndims is not None and arr.ndim not in ndims:
        raise ValueError(f"{name} must be {' or '.join(f'{d}-D' for d in ndims)}, got shape {arr.shape}")
    if ndims is not None and arr.size == 0:
        raise ValueError(f"{name} must not be empty (every axis at least 1), got shape {arr.shape}")
    return arr


def is_real_number(v: Any) -> bool:
    """True for int, float and NumPy real scalars; False for bool, complex, str and the rest."""
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def check_number(v: Any, name: str, low: float, high: float, *, open_low: bool = False) -> float:
    """``v`` as a float in [low, high) (or (low, high) if ``open_low``), else TypeError/ValueError."""
    if not is_real_number(v) or not np.isfinite(float(v)):
        raise TypeError(f"{name} must be a finite real number, got {v!r}")
    if not (low < float(v) < high or (float(v) == low and not open_low)):
        raise ValueError(f"{name} must be in {'(' if open_low else '['}{low}, {high}), got {float(v)}")
    return float(v)
