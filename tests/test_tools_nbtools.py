"""The notebook runner (tools/nbtools.py) never leaves a notebook half-written."""

from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from tools import nbtools
from tools.nbtools import WIDGET_VIEW, tidy


def _notebook(text: str) -> nbformat.NotebookNode:
    return v4.new_notebook(cells=[v4.new_markdown_cell(text)])


def test_a_write_that_fails_midway_leaves_the_old_notebook_whole(tmp_path: Path, monkeypatch):
    path = tmp_path / "00_x.ipynb"
    nbformat.write(_notebook("the old text"), path)
    before = path.read_bytes()
    real_write = nbformat.write

    def write_then_fail(nb, f, *args, **kwargs):
        f.write('{"cells": [')  # part of a notebook, as an interrupted write leaves it
        raise OSError("disk full")

    monkeypatch.setattr(nbformat, "write", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        nbtools.write_atomically(_notebook("the new text"), path)
    monkeypatch.setattr(nbformat, "write", real_write)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["00_x.ipynb"], "the temporary file must be removed"


def test_a_write_that_succeeds_replaces_the_notebook_and_keeps_its_mode(tmp_path: Path):
    path = tmp_path / "00_x.ipynb"
    nbformat.write(_notebook("the old text"), path)
    path.chmod(0o640)
    nbtools.write_atomically(_notebook("the new text"), path)
    assert nbformat.read(path, as_version=4).cells[0].source == "the new text"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["00_x.ipynb"]


def test_a_cell_that_raises_leaves_the_notebook_unchanged(tmp_path: Path):
    path = tmp_path / "00_x.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("raise RuntimeError('planted')")]), path)
    before = path.read_bytes()
    with pytest.raises(Exception, match="planted"):
        nbtools.execute(path, timeout=60)
    assert path.read_bytes() == before


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
