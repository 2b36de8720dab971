"""Widget panels for the "Try it" sections: sliders and a text readout that always agree.

``Panel(render, x=slider(...), ...)`` shows its sliders and, below them, ``render(x=..., ...)`` as
preformatted text; moving a slider re-renders. ``panel.set(x=...)`` moves sliders from code and returns
the new text, so a notebook can print what the panel shows and the panel keeps showing the last value
printed. Slider values always lie on the slider's grid (min + k step), so the browser never snaps them.
A saved notebook keeps only the panel's plain-text form, which says to run the notebook.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt


def on_grid(value: float, lo: float, step: float) -> float:
    """``value`` moved onto the grid lo + k step (rounded to the step's decimals)."""
    k = round((value - lo) / step)
    decimals = max(0, -int(f"{step:e}".split("e")[1])) + 2
    return round(lo + k * step, decimals)


def slider(description: str, value: float, lo: float, hi: float, step: float, fmt: str = ".2f",
           width: str = "460px") -> widgets.FloatSlider:
    """A FloatSlider whose value is on its grid and inside [lo, hi]; updates when released."""
    if not lo <= value <= hi:
        raise ValueError(f"slider {description!r}: value {value} is outside [{lo}, {hi}]")
    return widgets.FloatSlider(value=on_grid(value, lo, step), min=lo, max=hi, step=step, description=description,
                               readout_format=fmt, continuous_update=False, style={"description_width": "initial"},
                               layout=widgets.Layout(width=width))


class Panel(widgets.VBox):
    """Sliders by keyword and a readout computed from their values by ``render``."""

    def __init__(self, render: Callable[..., str], plot: Callable[..., Any] | None = None,
                 **sliders: widgets.FloatSlider) -> None:
        """``render`` takes the sliders' values as keyword arguments and returns the readout text; ``plot``,
        if given, takes the same and returns a matplotlib Figure, shown under the readout."""
        self._render = render
        self._plot = plot
        self.sliders = sliders
        self.readout = widgets.HTML()
        self.image = widgets.Image(format="png")
        super().__init__([*sliders.values(), self.readout] + ([self.image] if plot else []))
        for s in sliders.values():
            s.observe(self._update, names="value")
        self._update()

    def _update(self, change: Any = None) -> None:
        self.text = self._render(**{name: s.value for name, s in self.sliders.items()})
        self.readout.value = f"<pre style='font-size: 12px'>{html.escape(self.text)}</pre>"
        if self._plot is not None:
            fig = self._plot(**{name: s.value for name, s in self.sliders.items()})
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            plt.close(fig)
            self.image.value = buf.getvalue()

    def set(self, **values: float) -> str:
        """Move the named sliders (values are put on their grids) and return the new readout."""
        for name, v in values.items():
            if name not in self.sliders:
                raise ValueError(f"no slider {name!r}; this panel has {list(self.sliders)}")
            s = self.sliders[name]
            if not s.min <= v <= s.max:
                raise ValueError(f"{name} = {v} is outside the slider's range [{s.min}, {s.max}]")
            s.value = on_grid(v, s.min, s.step)
        return self.text

    def __repr__(self) -> str:
        values = ", ".join(f"{name} = {s.value:{s.readout_format}}" for name, s in self.sliders.items())
        return f"[panel: {values}; run the notebook to move the sliders]"
