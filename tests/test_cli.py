"""`python -m bpkit worked-example [--errata]`: the tables a learner reads in a terminal, and bad input."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bpkit
from bpkit.course import cli
from bpkit.course.cli import main
from bpkit.course.errata import errata, verdict_summary, verdict_table
from bpkit.course.examples import WORKED_EXAMPLE_FILE, worked_example

EX = worked_example()


def _run(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "bpkit", *args], capture_output=True, text=True, timeout=timeout)


def test_tables_show_every_printed_number(capsys):
    assert main(["worked-example"]) == 0
    out = capsys.readouterr().out
    for name, printed in EX.printed_flat.items():
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert str(printed) in line.split()


def test_errata_table_has_the_verdict_columns(capsys):
    assert main(["worked-example", "--errata"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("quantity"))
    assert header.split() == ["quantity", "article", "exact", "article-precision", "verdict"]
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in
            EX.printed_flat and len(line.split()) == 5}
    assert len(rows) == 46
    assert rows["delta3"][-1] == "error" and rows["I7"][-1] == "rounding" and rows["I3"][-1] == "match"


@pytest.mark.parametrize("flags", [[], ["--errata"]])
def test_the_command_prints_the_notebooks_verdict_table(capsys, flags):
    """One table for the command and the notebook: the command's output contains errata.verdict_table verbatim."""
    assert main(["worked-example", *flags]) == 0
    out = capsys.readouterr().out
    rows = errata(EX)
    assert verdict_table(EX, rows) in out
    assert (verdict_summary(rows) in out) == bool(flags)


def test_module_runs_as_a_program():
    r = _run("worked-example")
    assert r.returncode == 0 and "Forward pass" in r.stdout and "New weights" in r.stdout and r.stderr == ""
    assert bpkit.__name__ == "bpkit"


# ---------------------------------------------------------------- bad input: exit 2, one line "error: ..."


def _edited(tmp_path, edit):
    data = json.loads(WORKED_EXAMPLE_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _written(tmp_path, text, name="bad.json"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _fifo(tmp_path):
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return str(path)


def _rename_printed(d):
    d["printed"]["forward"]["I3\nfake"] = d["printed"]["forward"].pop("I3")


BAD = [
    ("a directory", lambda t: ["worked-example", "--data", str(t)], "directory"),
    ("a FIFO", lambda t: ["worked-example", "--data", _fifo(t)], "pipe.json"),
    ("a missing file", lambda t: ["worked-example", "--data", str(t / "nope.json")], "nope.json"),
    ("a newline in the file name", lambda t: ["worked-example", "--data", str(t / "a\nb.json")], "b.json"),
    ("malformed JSON", lambda t: ["worked-example", "--data", _written(t, "{")], "not valid JSON"),
    ("an empty object", lambda t: ["worked-example", "--data", _written(t, "{}")], "key 'layers': missing"),
    ("a printed key with a newline", lambda t: ["worked-example", "--data", _edited(t, _rename_printed)], "I3"),
    ("an unknown command", lambda t: ["worked-exampel"], "invalid choice"),
    ("no command", lambda t: [], "required"),
    ("an unknown option", lambda t: ["worked-example", "--errata=yes"], "--errata"),
    ("--data without a file", lambda t: ["worked-example", "--data"], "--data"),
    ("an unknown exercise", lambda t: ["solutions", "no.such"], "unknown exercise ids"),
]


@pytest.mark.parametrize("argv, match", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_ends_with_exit_2_and_one_error_line(tmp_path, capsys, argv, match):
    args = argv(tmp_path)
    if any(a.endswith("pipe.json") for a in args):  # a real process with a time limit, in case a FIFO blocks
        r = _run(*args, timeout=30)
        code, out, err = r.returncode, r.stdout, r.stderr
    else:  # in-process: a new interpreter per case would cost a second each
        code = main(args)
        out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and match in lines[0], err
    assert "Traceback" not in err


@pytest.mark.parametrize("exc", [ValueError("first line\nsecond line\r\nthird"), TypeError("a\u2028b"),
                                 PermissionError(13, "Permission denied"), OSError(), ValueError()])
def test_any_value_type_or_os_error_becomes_one_line(monkeypatch, capsys, exc):
    def fail(path):
        raise exc

    monkeypatch.setattr(cli, "load_worked_example", fail)
    assert main(["worked-example"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.endswith("\n") and len(err.splitlines()) == 1 and err.startswith("error: ")
    assert err.strip() != "error:"  # an exception without a message still says what it was
    if str(exc):
        assert err == "error: " + " ".join(str(exc).splitlines()) + "\n"


def test_a_closed_pipe_ends_quietly():
    """`python -m bpkit worked-example | head -1`: the reader stops early; no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "bpkit", "worked-example"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command writes (importing takes a good part of a second)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_nothing_in_the_course_layer_imports_the_command():
    """Layers point one way: bpkit.course.cli imports the course layer, never the reverse."""
    course_dir = Path(cli.__file__).parent
    offenders = []
    for path in course_dir.rglob("*.py"):
        if path.name == "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] + [a.name for a in node.names] if isinstance(node, ast.ImportFrom)
                     else [])
            if any(n == "cli" or n.endswith(".cli") for n in names):
                offenders.append(path.name)
    assert offenders == []


# ---------------------------------------------------------------- files the decimal arithmetic must survive


def _set(section, name, value):
    return lambda d: d[section].update({name: value})


EXTREME = [  # (id, edit within the file's limits, a row that must be shown)
    ("a printed number with 30 decimals", lambda d: d["printed"]["forward"].update(I3="0." + "1" + "0" * 29), "I3"),
    ("a printed number of 36 digits", lambda d: d["printed"]["forward"].update(I3="999999." + "9" * 30), "I3"),
    ("inputs 1e6 and w13 = -10: e^(9e6) overflows a decimal",
     lambda d: (d["input"].update(I1=1e6, I2=1e6), d["weights"].update(w13=-10.0)), "O3"),
    ("every number at the limit", lambda d: (d["input"].update(I1=1e6, I2=-1e6), d.update(learning_rate=1e6),
                                            d["weights"].update({k: 1e6 for k in d["weights"]})), "dw13"),
]


@pytest.mark.parametrize("edit, row", [c[1:] for c in EXTREME], ids=[c[0] for c in EXTREME])
def test_numbers_within_the_limits_give_the_tables_not_a_traceback(tmp_path, capsys, edit, row):
    assert main(["worked-example", "--errata", "--data", _edited(tmp_path, edit)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and any(line.split()[:1] == [row] for line in out.splitlines())


def test_a_failing_decimal_step_is_one_error_line_naming_the_file_and_the_quantity(tmp_path, capsys, monkeypatch):
    import decimal
    from decimal import Decimal

    from bpkit.course import errata as er

    path = _edited(tmp_path, lambda d: (d["input"].update(I1=1e6, I2=1e6), d["weights"].update(w13=-10.0)))
    assert main(["worked-example", "--data", path]) == 0  # e^(9e6) fits the decimals' exponent range
    capsys.readouterr()

    def overflowing(v: Decimal) -> Decimal:
        raise decimal.Overflow("a decimal step that fails")
    monkeypatch.setattr(er, "_sigmoid", overflowing)
    assert main(["worked-example", "--data", path]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (f"error: {path}: the article's arithmetic for O3 fails in {er.PREC}-digit decimals "
                                 "(Overflow); expected numbers it can redo\n")
    assert er.round_half_up(Decimal("999999." + "9" * 30), 30) == Decimal("999999." + "9" * 30)


def test_the_headline_gives_the_networks_real_size(tmp_path, capsys):
    tiny = {"layers": [[1], [2]], "activation": "sigmoid", "input": {"I1": 0.5}, "target": {"O2": 1.0},
            "learning_rate": 0.5, "momentum": 0.0, "weights": {"w12": 0.3},
            "printed": {"forward": {"I2": "0.15"}, "deltas": {"delta2": "0.1"}, "weight_changes": {"dw12": "0.01"},
                        "new_weights": {"w12_new": "0.31"}}}
    assert main(["worked-example", "--data", _written(tmp_path, json.dumps(tiny), "tiny.json")]) == 0
    assert capsys.readouterr().out.startswith("2-neuron worked example (tiny.json): ")
    assert main(["worked-example"]) == 0
    assert capsys.readouterr().out.startswith(f"8-neuron worked example ({WORKED_EXAMPLE_FILE.name}): ")
