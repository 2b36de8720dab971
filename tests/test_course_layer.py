"""The course layer: the core stays small and NumPy-only, panels agree with what they print, notebooks stay still."""

import subprocess
import sys
from pathlib import Path

import pytest

import bpkit.course as course

ROOT = Path(__file__).resolve().parent.parent


def test_import_bpkit_loads_neither_sympy_nor_matplotlib():
    code = "import sys, bpkit; print(sorted(m for m in ('sympy', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_core_reads_in_one_sitting():
    """The mathematics a learner reads is at most 700 lines; validation lives at the door, _checks.py."""
    counts = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "bpkit").glob("*.py")}
    lines = sum(n for name, n in counts.items() if name != "_checks.py")
    assert lines <= 700, f"the core has {lines} lines besides _checks.py: {counts}"
    assert counts["_checks.py"] <= 460, counts  # the door: the checked bp1..bp4, the target y, set-once parameters
    long = [f"{p.name}:{i}" for p in sorted((ROOT / "bpkit").glob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if len(line) > 100]
    assert not long, f"lines over 100 characters in the core: {long}"


def test_backprop_shows_bp1_to_bp4_and_nothing_else():
    """Network.backprop is a short loop: the check at the door, the forward pass, BP1..BP4, the result."""
    import inspect

    import bpkit

    body = inspect.getsource(bpkit.Network.backprop).split('"""')[-1].strip().splitlines()
    assert len(body) <= 12, body
    for tag in ("# BP1", "# BP2", "# BP3", "# BP4"):
        assert sum(tag in line for line in body) == 1, tag
    for trick in ("errstate", ":=", "np.outer", "isfinite"):
        assert not any(trick in line for line in body), trick


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


def test_every_notebook_named_in_the_package_exists():
    """Docstrings and comments name notebooks by file stem (``09_big_picture``) or number (``notebook 09``)."""
    import re

    stems = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    numbers = {s[:2] for s in stems}
    for path in (ROOT / "bpkit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for stem in re.findall(r"\b(\d\d_[a-z][a-z_]*[a-z])\b", text):
            assert any(s.startswith(stem) for s in stems), f"{path.name} names {stem}, which is not a notebook"
        for number in re.findall(r"\bnotebooks? (\d\d)\b", text):
            assert number in numbers, f"{path.name} names notebook {number}"


def test_no_course_module_is_over_250_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in (ROOT / "bpkit" / "course").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 250}
    assert not long, long


def test_the_course_layer_never_imports_the_command_and_the_table_formatter_imports_no_domain_module():
    import ast

    for path in (ROOT / "bpkit" / "course").rglob("*.py"):
        if path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m.endswith("cli") for m in names), f"{path.name} imports the command"
    report = ast.parse((ROOT / "bpkit" / "course" / "report.py").read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(report) if isinstance(n, ast.ImportFrom) and n.level > 0]
