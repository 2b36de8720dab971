"""Input validation shared by bpkit's modules: clear errors instead of NumPy surprises."""

from __future__ import annotations

from typing import Any

import numpy as np


def as_finite_array(x: Any, name: str) -> np.ndarray:
    """Return ``x`` as a float64 array, or raise TypeError/ValueError naming ``name``."""
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}: {exc}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, but it contains NaN or inf")
    return arr


def check_ndim(arr: np.ndarray, name: str, allowed: tuple[int, ...]) -> None:
    """Raise ValueError unless ``arr.ndim`` is one of ``allowed``."""
    if arr.ndim not in allowed:
        want = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {want}, got shape {arr.shape}")
