"""Every "Try it" panel at the corners of its sliders: what a learner reaches by dragging each slider to an end.

Each notebook runs in a fresh kernel, in memory (nothing is written back); then one more cell sets every
``course.Panel`` of the notebook's namespace to each combination of its sliders' minima and maxima, with NumPy's
floating-point errors and every warning raised as errors. A corner fails if its readout or plot raises, or if the
readout shows ``nan`` or ``inf``. ``make panels``; ``python -m tools.panel_corners notebooks/15_activations.ipynb``
for some. A maintainer's check (about 90 s on 2 cores), not part of ``make test``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import itertools as _it, json as _json, re as _re, warnings as _warnings
import numpy as _np
import bpkit.course as _course
_report = {"panels": [], "failures": []}
for _name, _panel in [(k, v) for k, v in list(globals().items()) if isinstance(v, _course.Panel) and k[0] != "_"]:
    _report["panels"].append(_name)
    _ends = {key: (s.min, s.max) for key, s in _panel.sliders.items()}
    for _corner in _it.product(*_ends.values()):
        _values = dict(zip(_ends, _corner))
        try:
            with _warnings.catch_warnings(), _np.errstate(all="raise"):
                _warnings.simplefilter("error")
                _text = _panel.set(**_values)
            if _re.search(r"\b(nan|-?inf)\b", _text, _re.I):
                _report["failures"].append(f"{_name} at {_values}: the readout shows nan or inf")
        except Exception as _e:
            _report["failures"].append(f"{_name} at {_values}: {type(_e).__name__}: {_e}")
print(_json.dumps(_report))
"""


def corners(path: Path) -> dict[str, list[str]]:
    """Run the notebook, then the probe; the probe's report: the panels found and the failing corners."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "".join(out.get("text", "") for out in nb.cells[-1].outputs if out.get("name") == "stdout")
    return json.loads(text.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    failed = 0
    for path in paths:
        report = corners(path)
        print(f"{path.name}: panels {', '.join(report['panels']) or 'none'}; "
              f"{len(report['failures'])} failing corner(s)")
        for line in report["failures"]:
            print("    " + line)
        failed += len(report["failures"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
