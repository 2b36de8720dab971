"""bpkit.course.report: the leaf formatter for tables and numbers."""

import ast
from pathlib import Path

from bpkit.course import report
from bpkit.course.report import fmt, format_table


def test_numbers_right_text_left_one_rule():
    text = format_table(["name", "value"], [["a", "1.5"], ["long name", -12], ["b", "0.25"]])
    lines = text.splitlines()
    assert lines[0] == "name       value"
    assert lines[1] == "---------  -----"
    assert lines[2:] == ["a            1.5", "long name    -12", "b           0.25"]


def test_a_column_with_any_text_is_left_aligned_and_no_line_ends_in_spaces():
    lines = format_table(["x", "note"], [["1", "ok"], ["2", ""], ["10", "n/a"]]).splitlines()
    assert lines[2:] == [" 1  ok", " 2", "10  n/a"]
    assert format_table(["a", "b"], []).splitlines() == ["a  b", "-  -"]


def test_fmt_fixes_the_decimals_and_never_shows_minus_zero():
    assert fmt(0.1234567891) == "0.12345679"
    assert fmt(2.5, 3) == "2.500" and fmt(-2.5, 0) == "-2"
    assert fmt(-1e-12, 6) == "0.000000" and fmt(-0.0, 2) == "0.00"


def test_the_formatter_imports_nothing_from_bpkit():
    """A leaf: only the standard library, so any module (and the command) can use it without cycles."""
    tree = ast.parse(Path(report.__file__).read_text(encoding="utf-8"))
    modules = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    modules += [("." * n.level) + (n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert sorted(modules) == ["__future__", "collections.abc", "typing"]


def test_band_names_the_first_limit_an_error_is_under_and_prints_the_rest_in_full():
    from bpkit.course.report import band

    assert band(2.5e-16) == "< 1e-14"
    assert band(3.7e-9) == "< 1e-07"
    assert band(0.0) == "< 1e-14"
    assert band(0.031) == "3.1e-02"
    assert band(5e-10, limits=(1e-12,)) == "5.0e-10"
