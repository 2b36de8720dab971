"""tools.panel_corners finds a panel that fails at a slider's end, and passes one that does not."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tools.panel_corners import corners

PANELS = '''import numpy as np
import bpkit.course as course
log = course.Panel(lambda z: f"ln z = {np.log(np.float64(z)):.3f}", z=course.slider("z", 1.0, 0.0, 2.0, 0.5))
fine = course.Panel(lambda z: f"z = {z}", z=course.slider("z", 1.0, 0.0, 2.0, 0.5))
shows = course.Panel(lambda z, h: f"x = {float('nan') if z > 1.5 else z + h}",
                     z=course.slider("z", 1.0, 0.0, 2.0, 0.5), h=course.slider("h", 0.0, 0.0, 1.0, 0.5))
'''


def test_corners_reports_errors_and_nan_readouts(tmp_path: Path) -> None:
    path = tmp_path / "panels.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PANELS)]
    nbformat.write(nb, path)
    report = corners(path)
    assert report["panels"] == ["log", "fine", "shows"]
    assert report["failures"] == [
        "log at {'z': 0.0}: FloatingPointError: divide by zero encountered in log",
        "shows at {'z': 2.0, 'h': 0.0}: the readout shows nan or inf",
        "shows at {'z': 2.0, 'h': 1.0}: the readout shows nan or inf",
    ]
