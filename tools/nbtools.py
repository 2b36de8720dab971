"""Execute the course notebooks in place so that a second run changes nothing (a build tool, not part of bpkit).

``python -m tools.nbtools notebooks/*.ipynb`` runs each notebook top to bottom with the ``python3``
kernel, then removes what would differ from run to run or what JupyterLab would rewrite on save:
the widget state with its random model ids (``metadata.widgets``) and the widget-view outputs that point
at those ids (each widget also has a ``text/plain`` output, which stays and which nbval compares), and
per-cell execution metadata. The kernelspec is set to the one ``make`` installs, so opening a notebook in
JupyterLab does not mark it changed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def merge_streams(outputs: list) -> list:
    """Join adjacent stdout (or stderr) pieces into one output: where the kernel splits them depends on timing."""
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream"
                and last.get("name") == out.get("name")):
            last["text"] = "".join(last["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop widget state, widget-view outputs and execution metadata; merge split streams; pin the kernelspec."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = merge_streams(cell.outputs)
        for out in cell.outputs:
            data = out.get("data")
            if data is not None and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
    return nb


def execute(path: Path, timeout: int = 600) -> None:
    """Run one notebook in its own folder and write it back, tidied."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    write_atomically(tidy(nb), path)


def write_atomically(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write to a temporary file beside ``path``, then rename it into place: an interrupted or failed write
    leaves the old notebook whole, never a truncated one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str]) -> int:
    """Execute every notebook named on the command line."""
    for name in argv:
        print(f"executing {name}", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
