"""The course layer: the core stays small and NumPy-only, panels agree with what they print, notebooks stay still."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import bpkit.course as course
from bpkit.course.nbtools import WIDGET_VIEW, tidy

ROOT = Path(__file__).resolve().parent.parent


def test_import_bpkit_loads_neither_sympy_nor_matplotlib():
    code = "import sys, bpkit; print(sorted(m for m in ('sympy', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_core_reads_in_one_sitting():
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "bpkit").glob("*.py"))
    assert lines <= 700, f"the core has {lines} lines"


def test_panel_prints_what_it_shows_and_keeps_values_on_the_grid():
    panel = course.Panel(lambda z: f"z = {z:+.2f}", z=course.slider("z", 0.0, -10.0, 10.0, 0.01))
    assert panel.text == "z = +0.00"
    assert panel.set(z=2.283) == "z = +2.28"
    assert panel.sliders["z"].value == 2.28 and "z = 2.28" in repr(panel)
    assert "+2.28" in panel.readout.value
    with pytest.raises(ValueError, match=r"z = 11 is outside the slider's range \[-10.0, 10.0\]"):
        panel.set(z=11)
    with pytest.raises(ValueError, match="no slider 'y'"):
        panel.set(y=1.0)


def test_slider_values_are_put_on_the_grid():
    s = course.slider("alpha", 0.3, 0.05, 3.0, 0.05)
    assert (s.value - s.min) / s.step == pytest.approx(round((s.value - s.min) / s.step), abs=1e-9)
    with pytest.raises(ValueError, match="outside"):
        course.slider("alpha", 5.0, 0.05, 3.0, 0.05)


def test_figures_need_alt_text():
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt text"):
        course.show(fig, "")
    plt.close(fig)


def test_tidy_drops_widget_state_and_views_and_is_idempotent():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    out = nbformat.v4.new_output("display_data", data={"text/plain": "[panel]", WIDGET_VIEW: {"model_id": "abc"}})
    cell = nbformat.v4.new_code_cell("x", outputs=[out], execution_count=1)
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    nb.cells.append(cell)
    once = nbformat.writes(tidy(nb))
    assert "widgets" not in nb.metadata and WIDGET_VIEW not in once and "iopub" not in once
    assert nbformat.writes(tidy(nbformat.reads(once, as_version=4))) == once
    assert nb.metadata["kernelspec"]["name"] == "python3"
