"""The course as a book (Sphinx, myst-nb, sphinx-book-theme) from the committed outputs, offline from ``file://``.

``python -m tools.book --assets build/web/node_modules --out build/book notebooks/*.ipynb`` writes one page per
notebook, in reading order (sorted by file name), and ``index.html`` with the contents. Jupyter Book's Sphinx stack:
the whole course in the left sidebar of every page, the page's contents on the right, previous/next links, full-text
search, code folds. Nothing is executed (``nb_execution_mode = "off"``) and ``notebooks/`` is only read: the Sphinx
sources are copies under ``build/book-src/``. The configuration is ``web/book/conf.py``.

What the copies change, cell by cell:
- code is folded ("Show the code") exactly where the slides hide it (``tools.site.hidden_on_slides``: cells tagged
  ``hide-input``, code cells longer than ``LONG_INPUT`` lines, and code cells whose outputs are all figures,
  Markdown or HTML, unless tagged ``show-input``); myst-nb's own ``hide-input`` tag does the folding;
- speaker notes (``metadata.speaker_notes``) are dropped: they belong to the slides;
- a widget cannot run in a static page: its output says to run the notebook in JupyterLab instead;
- figures keep their alt text (myst-nb drops an output's alt: ``web/book/conf.py`` puts it back).

Offline: MathJax 2.7.7 is copied into ``_static/mathjax`` from the pinned npm package (``web/package-lock.json``).
Sphinx's search page loads ``searchindex.js`` by a script tag, which works from ``file://``, but it asks
``fetch()`` for each result page to show a summary, and Chromium refuses ``fetch()`` on ``file://``: the search
page therefore also loads ``_static/bpkit-search-pages.js`` (the text of every page, by section) and
``web/book/static/book-search.js`` answers those requests from it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import io
import json
import re
import shutil
import sys
import time
import warnings as python_warnings
from pathlib import Path
from typing import Any

import nbformat

# The slides' rules, shared: which code the slides hide (the book folds it), widget outputs and their note, and
# what a page may load from the MathJax package (copied into <out>/_static/mathjax/).
from tools.site import DISPLAY_MATH, MATHJAX, WIDGET_NOTE, break_display, has_printed_table, hidden_on_slides, is_widget

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "web" / "book"
SEARCH_PAGES = "bpkit-search-pages.js"
ALT_TEXT = "_bpkit_alt_text.json"  # in the Sphinx sources; read by web/book/conf.py


def book_copy(nb: Any, alt_text: dict[str, str]) -> Any:
    """A copy of ``nb`` for the book: folds as myst-nb tags, no speaker notes, widget outputs as a note.

    myst-nb names an image output file by the SHA-256 of its bytes and ignores the output's alt text: ``alt_text``
    collects hash -> alt for ``web/book/conf.py`` to put back."""
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    copy.metadata.pop("widgets", None)  # embedded widget state would make myst-nb load a widget manager
    for cell in copy.cells:
        cell.metadata.pop("speaker_notes", None)
        if cell.cell_type == "markdown":  # a long displayed formula in lines, as on the slides
            cell.source = DISPLAY_MATH.sub(lambda m: f"$${break_display(m.group(1))}$$", cell.source)
        if cell.cell_type != "code":
            continue
        if any(has_printed_table(out.get("text", "")) for out in cell.get("outputs", [])):
            cell.metadata.setdefault("tags", []).append("printed-table")  # book.css: its columns stay aligned
        if hidden_on_slides(cell):
            tags = cell.metadata.setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
            lines = len(cell.source.splitlines())
            cell.metadata["mystnb"] = {"code_prompt_show": f"Show the code ({lines} line{'s' * (lines != 1)})",
                                       "code_prompt_hide": "Hide the code"}
        for out in cell.get("outputs", []):
            data = out.get("data")
            for mime in ("image/png", "image/jpeg"):
                alt = out.get("metadata", {}).get(mime, {}).get("alt")
                if data and mime in data and alt:
                    alt_text[hashlib.sha256(base64.b64decode(data[mime])).hexdigest()] = alt
            if data is not None and is_widget(data):
                out["data"] = {"text/html": WIDGET_NOTE}
                out["metadata"] = {}
    return copy


def intro(nb: Any) -> str:
    """The first paragraph after the title, as Markdown (empty if there is none)."""
    body = nb.cells[0].source.split("\n\n", 1) if nb.cells else []
    return body[1].split("\n\n")[0].strip() if len(body) > 1 else ""


def index_page(stems: list[str], nbs: list[Any]) -> str:
    """The home page (MyST Markdown): what the course is, every chapter with its first paragraph, the toctree."""
    items = []
    for stem, nb in zip(stems, nbs, strict=True):
        first = intro(nb)
        items.append(f"- {{doc}}`{stem}`" + ("\n\n  " + first.replace("\n", "\n  ") if first else ""))
    toctree = "\n".join(stems)
    return f"""# bpkit course: backpropagation, derived and checked

Backpropagation derived with SymPy and checked number by number with `bpkit`, one chapter per notebook, in
reading order. The sidebar lists every chapter; the search box searches them all. Code that is plumbing
(plotting, long set-up) is folded under "Show the code".

## Chapters

{chr(10).join(items)}

## Running the notebooks

These pages show the notebooks' saved outputs. To change a number, move a slider or try an exercise, open the
notebooks in JupyterLab (`make lab`) and run all cells.

```{{toctree}}
:hidden:
:maxdepth: 2

{toctree}
```
"""


def write_sources(notebooks: list[Path], src: Path) -> list[str]:
    """The Sphinx source tree: ``index.md`` and a book copy of every notebook. Returns the page names in order."""
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    nbs = [nbformat.read(p, as_version=4) for p in notebooks]
    stems = [p.stem for p in notebooks]
    alt_text: dict[str, str] = {}
    for stem, nb in zip(stems, nbs, strict=True):
        nbformat.write(book_copy(nb, alt_text), src / f"{stem}.ipynb")
    (src / ALT_TEXT).write_text(json.dumps(alt_text, indent=1, sort_keys=True), encoding="utf-8")
    (src / "index.md").write_text(index_page(stems, nbs), encoding="utf-8")
    return stems


def run_sphinx(src: Path, html_dir: Path, doctrees: Path) -> None:
    """Sphinx's HTML builder, quiet; any warning fails the build (all of them are printed)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    # Deprecations inside the theme (Sphinx API it still uses) are not the book's to fix, nor a reason to fail.
    with patch_docutils(CONF), docutils_namespace(), python_warnings.catch_warnings():
        python_warnings.simplefilter("ignore", DeprecationWarning)
        python_warnings.simplefilter("ignore", PendingDeprecationWarning)
        app = Sphinx(str(src), str(CONF), str(html_dir), str(doctrees), "html", status=None, warning=warnings,
                     freshenv=True, parallel=0)
        app.build(force_all=True)
    problems = [line for line in warnings.getvalue().splitlines() if line.strip()]
    if problems or app.statuscode:
        raise SystemExit("error: the book build has warnings:\n" + "\n".join(problems))


def mathjax_package(node_modules: Path) -> Path:
    """The pinned MathJax package in ``node_modules`` (an error that says what to do if it is missing)."""
    package = node_modules / "mathjax"
    if not (package / "MathJax.js").is_file():
        raise SystemExit(f"error: no MathJax in {node_modules}: run `make book` (it runs `npm ci` once for it)")
    return package


def copy_mathjax(node_modules: Path, static: Path) -> None:
    """MathJax 2.7.7 from the pinned npm package into ``static/mathjax``."""
    package = mathjax_package(node_modules)
    for rel in MATHJAX:
        source, target = package / rel, static / "mathjax" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)


def _outline(node: Any) -> str:
    """The text of ``node`` (code inputs left out) as HTML that keeps only the sections (with their ids)."""
    from bs4 import NavigableString, Tag

    parts = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(html.escape(str(child), quote=False))
        elif isinstance(child, Tag):
            classes = child.get("class", [])
            if child.name in ("script", "style", "img", "summary") or {"headerlink", "cell_input"} & set(classes):
                continue  # summaries quote the prose and the outputs, not the code
            inner = _outline(child)
            if child.name == "section" and child.get("id"):
                parts.append(f'<section id="{html.escape(child["id"])}">{inner}</section>')
            else:
                parts.append(inner)
    return re.sub(r"\s+", " ", "".join(parts))


def write_search_pages(out: Path, pages: list[str]) -> Path:
    """``_static/bpkit-search-pages.js``: each page's main text by section, for the search results' summaries."""
    from bs4 import BeautifulSoup

    texts = {}
    for name in pages:
        soup = BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one('[role="main"] article')
        if main is None:
            raise SystemExit(f"error: {name}.html has no article in its [role=main] block: the summaries need it")
        texts[f"{name}.html"] = f'<div role="main">{_outline(main)}</div>'
    target = out / "_static" / SEARCH_PAGES
    target.write_text("window.BPKIT_SEARCH_PAGES = " + json.dumps(texts, ensure_ascii=False) + ";\n",
                      encoding="utf-8")
    return target


def build_book(notebooks: list[Path], out: Path, node_modules: Path, work: Path | None = None) -> list[Path]:
    """Build the book into ``out`` (replaced). Returns the notebook pages written, in reading order."""
    notebooks = sorted(notebooks, key=lambda p: p.name)
    mathjax_package(node_modules)  # before the build, not after
    work = work or out.parent / f"{out.name}-src"
    src, build = work / "src", work / "_build"
    if build.exists():
        shutil.rmtree(build)
    stems = write_sources(notebooks, src)
    run_sphinx(src, build / "html", build / "doctrees")
    if out.exists():
        shutil.rmtree(out)
    shutil.move(str(build / "html"), str(out))
    shutil.rmtree(out / "_sources", ignore_errors=True)  # empty: html_copy_source = False
    (out / ".buildinfo").unlink(missing_ok=True)
    copy_mathjax(node_modules, out / "_static")
    write_search_pages(out, ["index", *stems])
    return [out / f"{stem}.html" for stem in stems]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.book", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="output folder (build/book)")
    parser.add_argument("--assets", type=Path, required=True, help="node_modules with the pinned web packages")
    parser.add_argument("--work", type=Path, help="where the Sphinx sources go (default: <out>-src)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pages = build_book(args.notebooks, args.out, args.assets, args.work)
    print(f"book: {len(pages)} chapters and the contents in {args.out} ({time.perf_counter() - start:.1f} s)",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
