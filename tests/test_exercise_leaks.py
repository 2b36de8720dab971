"""No exercise gives itself away: its answer is not printed or stated above it, its format example is not an
answer, and the right letters of the multiple-choice exercises are spread out.

For each number exercise the notebook is read from the top to the exercise's ``check`` cell: every number in the
Markdown and in the saved outputs (text, Markdown, LaTeX) above it is compared with the reference solution. A number
that the checker itself would accept as the answer (``ex.check(number).ok``) is a leak. Integer answers (counts)
are left out, as small integers appear everywhere; their exercises ask for a count the notebook never states.
For each multiple-choice exercise the text above must not say which letter is right, the code cell must not show
the right letter as an example, and no letter is right in more than half of the multiple-choice exercises.
"""

import json
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from bpkit.course.exercises import EXERCISES, ChoiceExercise, NumberExercise

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"(?<![\w.^_])[-−+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])")


def _above(exercise_id: str) -> tuple[str, str]:
    """The text a learner has seen above the exercise (Markdown and outputs), and the exercise's own code cell."""
    nb = json.loads((ROOT / "notebooks" / f"{EXERCISES[exercise_id].notebook}.ipynb").read_text(encoding="utf-8"))
    seen = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and f'check("{exercise_id}"' in source:
            return "\n".join(seen), source
        if cell["cell_type"] == "markdown":
            seen.append(source)
            continue
        for out in cell.get("outputs", []):
            seen.append("".join(out.get("text", "")))
            for kind in ("text/plain", "text/markdown", "text/latex"):
                seen.append("".join(out.get("data", {}).get(kind, "")))
    raise AssertionError(f"{exercise_id}: no check cell in its notebook")


NUMBERS = [i for i, e in EXERCISES.items() if isinstance(e, NumberExercise)
           and Fraction(str(e.solution())).denominator != 1]
CHOICES = [i for i, e in EXERCISES.items() if isinstance(e, ChoiceExercise)]


@pytest.mark.parametrize("exercise_id", NUMBERS)
def test_no_number_above_a_number_exercise_is_its_answer(exercise_id):
    text, _ = _above(exercise_id)
    ex = EXERCISES[exercise_id]
    leaks = sorted({m for m in NUMBER.findall(text.replace("−", "-"))
                    if any(ch in "123456789" for ch in m) and ex.check(float(m)).ok})
    assert not leaks, f"{exercise_id}: the answer stands above the exercise as {leaks}"


@pytest.mark.parametrize("exercise_id", CHOICES)
def test_no_choice_exercise_names_its_letter_above_or_as_an_example(exercise_id):
    text, code = _above(exercise_id)
    right = EXERCISES[exercise_id].solution()
    example = re.findall(r"""(?:e\.g\.|for example|such as)[^\n]*?["'(]([a-z])["')]""", code + "\n" + text[-600:])
    assert right not in example, f"{exercise_id}: the format example shows the right letter {right!r}"
    letter = rf"""\(?["']?{right}["']?\)?"""
    said = re.findall(rf"(?:answer|option|choice)\s+(?:is\s+)?{letter}\s+(?:is\s+)?(?:right|correct)", text, flags=re.I)
    assert not said, f"{exercise_id}: the text above says the answer is {right!r}"


def test_no_letter_is_right_in_more_than_half_of_the_choice_exercises():
    letters = Counter(EXERCISES[i].solution() for i in CHOICES)
    assert len(CHOICES) >= 2 and max(letters.values()) <= len(CHOICES) / 2, letters
