"""`python -m bpkit worked-example [--errata]`: the tables a learner reads in a terminal."""

import subprocess
import sys

import bpkit
from bpkit.course.cli import main
from bpkit.course.examples import worked_example


def test_tables_show_every_printed_number(capsys):
    assert main(["worked-example"]) == 0
    out = capsys.readouterr().out
    for name, printed in worked_example().printed_flat.items():
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert str(printed) in line.split()


def test_errata_table_has_the_verdict_columns(capsys):
    assert main(["worked-example", "--errata"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("quantity"))
    assert header.split() == ["quantity", "article", "exact", "article-precision", "verdict"]
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in
            worked_example().printed_flat and len(line.split()) == 5}
    assert len(rows) == 46
    assert rows["delta3"][-1] == "error" and rows["I7"][-1] == "rounding" and rows["I3"][-1] == "match"


def test_a_malformed_file_is_reported_not_traced(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["worked-example", "--data", str(bad)]) == 2
    assert "key 'layers': missing" in capsys.readouterr().err


def test_module_runs_as_a_program():
    r = subprocess.run([sys.executable, "-m", "bpkit", "worked-example"], capture_output=True, text=True,
                       check=True)
    assert "Forward pass" in r.stdout and "New weights" in r.stdout and r.stderr == ""
    assert bpkit.__name__ == "bpkit"
