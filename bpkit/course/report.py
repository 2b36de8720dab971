"""Plain-text tables for the notebooks and the terminal: fixed formatting, so outputs are stable.

A leaf: it formats what it is given and imports nothing from the course or the core.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An aligned text table; numbers right-aligned, text left-aligned, one header rule."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in cells) if cells else False for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(list(headers)), rule] + [line(r) for r in cells])


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def fmt(v: float, places: int = 8) -> str:
    """A float with a fixed number of decimals and -0 shown as 0."""
    text = f"{v:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def band(err: float, limits: Sequence[float] = (1e-14, 1e-7)) -> str:
    """A relative error as the first limit it is under ("< 1e-14": float64 rounding, "< 1e-07": finite
    differences), else in full: the last bits of a rounding error differ between machines, the band does not."""
    return next((f"< {limit:.0e}" for limit in limits if err < limit), f"{err:.1e}")
