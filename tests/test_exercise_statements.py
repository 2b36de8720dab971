"""Exercise statements have one source, the registry (``bpkit.course.exercises``): every notebook shows, in the
Markdown above each check cell ``course.exercises.check("<id>", ...)``, the registered statement of that exercise,
word for word up to whitespace and Markdown emphasis. A statement edited in one place only fails here."""

import json
import re
from pathlib import Path

import pytest

from bpkit.course.exercises import EXERCISES

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
CHECK = re.compile(r'exercises\.check\("([\w.]+)"')


def normalise(text: str) -> str:
    """Whitespace collapsed, Markdown emphasis (**bold**, __bold__, *italic*, _italic_) removed."""
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text, flags=re.S)
    text = re.sub(r"(?<![\w\\*])\*(?![\s*])(.+?)(?<![\s\\])\*(?![\w*])", r"\1", text, flags=re.S)
    text = re.sub(r"(?<![\w\\])_(?![\s_])(.+?)(?<!\s)_(?!\w)", r"\1", text, flags=re.S)
    return " ".join(text.split())


def shown_statements(path: Path) -> dict[str, str]:
    """For each check cell of the notebook, the Markdown between the previous check cell and it."""
    shown, markdown = {}, []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            markdown.append(source)
        elif m := CHECK.search(source):
            shown[m[1]] = "\n\n".join(markdown)
            markdown = []
    return shown


def test_normalise_removes_emphasis_and_whitespace_only():
    assert normalise("**Exercise 1** (a *big*\n  _step_) $w_{57}$, `s * (1 - s) * g`, 2*t") == \
        "Exercise 1 (a big step) $w_{57}$, `s * (1 - s) * g`, 2*t"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_shows_each_registered_statement_above_its_check(path):
    shown = shown_statements(path)
    registered = sorted(k for k, ex in EXERCISES.items() if ex.notebook == path.stem)
    assert sorted(shown) == registered, "check cells and registered exercises differ"
    for exercise_id in registered:
        statement = normalise(EXERCISES[exercise_id].statement)
        assert statement in normalise(shown[exercise_id]), (
            f"{exercise_id}: the notebook's Markdown above its check cell does not show the registered statement:\n"
            f"{EXERCISES[exercise_id].statement}")


def test_every_registered_exercise_has_a_notebook():
    stems = {p.stem for p in NOTEBOOKS}
    assert {ex.notebook for ex in EXERCISES.values()} <= stems
