"""Every notebook follows the course template, is fully executed (so nbval compares every cell) and is slide-ready."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HEADINGS = ["## 1. Goal", "## 2. Derivation", "## 3. In numbers", "## 4. Picture", "## 5. Try it", "## 6. Summary",
            "## 7. Exercises"]
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_course_has_its_notebooks_in_reading_order():
    names = [p.stem for p in NOTEBOOKS]
    expected = ["00_overview", "01_sigmoid_derivative", "02_chain_rule", "03_bp1", "04_bp2", "05_bp3", "06_bp4",
                "07_softmax_jacobian", "08_worked_example", "09_big_picture", "10_matrices_minibatches",
                "11_write_backprop", "12_autodiff", "13_why_cheap", "14_cross_entropy", "15_activations",
                "16_training", "17_digits", "18_appendix_notation"]
    assert names == expected
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"{n}.ipynb" in readme for n in names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_template_slides_and_execution(path):
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# " + path.stem[:2])
    for i, cell in enumerate(cells):
        slide = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert slide in SLIDE_TYPES, f"cell {i} has no slideshow metadata"
        if cell["cell_type"] == "code":
            assert cell["execution_count"] is not None, f"cell {i} is not executed: nbval would not compare it"
    assert not any(c.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes" for c in cells), \
        "speaker notes as a cell: learners would see them; put them in the cell metadata speaker_notes"
    assert any(c.get("metadata", {}).get("speaker_notes") for c in cells), "no speaker notes (metadata speaker_notes)"
    text = [("".join(c["source"]), c["cell_type"]) for c in cells]
    positions = [next((i for i, (s, t) in enumerate(text) if t == "markdown" and h in s), None) for h in HEADINGS]
    missing = [h for h, p in zip(HEADINGS, positions, strict=True) if p is None]
    assert not missing, f"missing template headings: {missing}"
    assert positions == sorted(positions), "template sections out of order"
    derivation = "\n".join(s for s, t in text[positions[1]:positions[2]] if t == "code")
    assert re.search(r"^\s*assert ", derivation, re.M), "the derivation must end in an exact assertion"
    assert any("widgets." in s or "Panel(" in s for s, t in text[positions[4]:positions[5]] if t == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercises_are_committed_unanswered_and_registered(path):
    from bpkit.course.exercises import EXERCISES

    cells = load(path)["cells"]
    start = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## 7. Exercises"))
    code = ["".join(c["source"]) for c in cells[start:] if c["cell_type"] == "code"]
    checks = [re.search(r'course\.exercises\.check\("([\w.]+)", (\w+)\)', s) for s in code]
    checks = [m for m in checks if m]
    assert len(checks) >= 2, "at least two exercises per notebook"
    for m in checks:
        assert m[1] in EXERCISES and EXERCISES[m[1]].notebook == path.stem
        assert any(re.match(rf"{m[2]} = \.\.\.(\s|$)", s) for s in code), f"{m[2]} must be committed as ..."
    outputs = [o for c in cells[start:] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" for o in outputs)


#: The widest text line an output may have: JupyterLab 4.6 in Chromium shows 107 characters of output on a
#: 1280-pixel laptop screen with the file browser open (measured); a longer line wraps in the middle of a number.
OUTPUT_WIDTH = 107


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_fit_a_laptop_screen(path):
    wide = []
    for i, cell in enumerate(load(path)["cells"]):
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out["output_type"] == "stream" else out.get("data", {}).get("text/plain", "")
            wide += [f"cell {i}: {line[:60]}... ({len(line)})" for line in "".join(text).split("\n")
                     if len(line) > OUTPUT_WIDTH]
    assert not wide, f"output lines wider than {OUTPUT_WIDTH} characters (they wrap mid-number in JupyterLab): {wide}"
