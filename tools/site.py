"""The course as lecture slides and as an HTML book, both opening offline from ``file://``.

``python -m tools.site slides --assets web/node_modules --out build/slides notebooks/*.ipynb`` writes one
reveal.js deck per notebook and an index; ``... book --out build/book ...`` writes one HTML page per notebook
and a contents page. Both use the committed outputs (nothing is executed) and nbconvert templates from
``web/templates/``; every script, style sheet and font comes from ``_static/`` beside the pages, copied from the
npm packages pinned in ``web/package-lock.json`` (reveal.js 4.0.2, MathJax 2.7.7, require.js, jQuery 2).

What reaches a slide:
- cells tagged ``remove-cell`` are dropped; ``remove-input`` / ``remove-output`` drop the input or the outputs;
- ``hide-input`` keeps only a code cell's outputs, and so does every code cell longer than ``LONG_INPUT`` lines
  and every code cell whose outputs are all figures, Markdown or HTML (plotting and plumbing: the figure or
  table stays), unless it is tagged ``show-input``;
- speaker notes live in a cell's metadata (``speaker_notes``, Markdown), out of the learner's view in JupyterLab
  and out of the book; each deck gets them as notes of the slide where that cell stands (press ``s``).
In the book every cell is shown; code that the slides hide is folded under "Show the code".
A widget cannot run in a static page: its output says to run the notebook in JupyterLab instead.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.filters import markdown2html
from nbconvert.preprocessors import Preprocessor
from traitlets import Int, Unicode
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "web" / "templates"
LONG_INPUT = 12
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_REPR = re.compile(r"^(VBox|HBox|Box|GridBox|Tab|Accordion|interactive|FloatSlider|IntSlider|Output|Button)\(")
PRESENTATION = ("image/png", "image/jpeg", "image/svg+xml", "text/markdown", "text/html")
WIDGET_NOTE = ('<p class="bpkit-widget-note">An interactive widget: open the notebook in JupyterLab and run all '
               "cells to use it.</p>")

# What a page may load, relative to the npm packages' folder; copied into <out>/_static/.
MATHJAX = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/element",
           "jax/input/TeX", "jax/output/CommonHTML", "fonts/HTML-CSS/TeX/woff", "fonts/HTML-CSS/TeX/otf",
           "localization/en", "LICENSE"]
REVEAL = ["dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
          "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js", "LICENSE"]
MATHJAX_URL = "_static/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"


class CourseCells(Preprocessor):
    """Hide plumbing on slides (fold it in the book) and replace widget outputs by a note."""

    mode = Unicode("slides", help="'slides': hidden inputs are removed; 'book': they are folded").tag(config=True)
    long_input = Int(LONG_INPUT, help="code cells with more lines than this are hidden or folded").tag(config=True)

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        if cell.cell_type != "code":
            return cell, resources
        tags = set(cell.metadata.get("tags", []))
        outputs = cell.get("outputs", [])
        shows_only = bool(outputs) and all(o.get("output_type") in ("display_data", "execute_result")
                                           and any(m in o.get("data", {}) for m in PRESENTATION) for o in outputs)
        plumbing = (len(cell.source.splitlines()) > self.long_input or shows_only) and "show-input" not in tags
        if "hide-input" in tags or plumbing:
            if self.mode == "slides":
                cell.metadata.setdefault("transient", {})["remove_source"] = True
            else:
                cell.metadata.setdefault("bpkit", {})["fold"] = True
        for out in outputs:
            data = out.get("data")
            if data is None:
                continue
            if WIDGET_VIEW in data or WIDGET_REPR.match(str(data.get("text/plain", ""))):
                out["data"] = {"text/html": WIDGET_NOTE}
        return cell, resources


def _config(template: str) -> Config:
    c = Config()
    c.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.TemplateExporter.extra_template_paths = [str(TEMPLATES)]  # for bpkit-common/macros.j2
    c.TemplateExporter.template_name = template
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    c.HTMLExporter.mathjax_url = MATHJAX_URL
    c.HTMLExporter.require_js_url = "_static/require.js"
    return c


def slides_exporter() -> SlidesExporter:
    c = _config("bpkit-slides")
    c.SlidesExporter.reveal_url_prefix = "_static/reveal.js"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_transition = "none"
    c.SlidesExporter.jquery_url = "_static/jquery.min.js"
    c.SlidesExporter.exclude_input_prompt = True
    c.SlidesExporter.exclude_output_prompt = True
    exporter = SlidesExporter(config=c)
    exporter.register_preprocessor(CourseCells(mode="slides"), enabled=True)
    return exporter


def book_exporter() -> HTMLExporter:
    exporter = HTMLExporter(config=_config("bpkit-book"))
    exporter.register_preprocessor(CourseCells(mode="book"), enabled=True)
    return exporter


def copy_assets(node_modules: Path, static: Path, slides: bool) -> None:
    """Copy what the pages load from the pinned npm packages into ``static`` (replacing an older copy)."""
    if not (node_modules / "mathjax" / "MathJax.js").is_file():
        raise SystemExit(f"error: no MathJax in {node_modules}: run `npm ci` in the web assets folder first")
    if static.exists():
        shutil.rmtree(static)
    parts = [("mathjax", MATHJAX)]
    if slides:
        parts.append(("reveal.js", REVEAL))
    for package, paths in parts:
        for rel in paths:
            src, dst = node_modules / package / rel, static / package / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst)
            else:
                shutil.copy2(src, dst)
    if slides:
        shutil.copy2(node_modules / "requirejs" / "require.js", static / "require.js")
        shutil.copy2(node_modules / "jquery" / "dist" / "jquery.min.js", static / "jquery.min.js")


def title(nb: Any) -> str:
    """The notebook's title: the first line of its first cell, without the Markdown '#'."""
    first = nb.cells[0].source.splitlines()[0] if nb.cells else ""
    return first.lstrip("#").strip()


def intro(nb: Any) -> str:
    """The first paragraph after the title, as Markdown (empty if there is none)."""
    body = nb.cells[0].source.split("\n\n", 1)
    return body[1].split("\n\n")[0].strip() if len(body) > 1 else ""


def _index(heading: str, lead: str, items: list[str], head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(heading)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5;
       color: #222; }}
ul {{ padding-left: 0; list-style: none; }}
li {{ margin: 0.9rem 0; }}
li a {{ font-weight: 600; color: #1565c0; text-decoration: none; }}
li a:hover {{ text-decoration: underline; }}
li p {{ margin: 0.2rem 0; color: #444; }}
.hint {{ color: #555; font-size: 0.95rem; }}
</style>
{head}
</head>
<body>
<h1>{html.escape(heading)}</h1>
<p class="hint">{lead}</p>
<ul>
{"".join(items)}
</ul>
</body>
</html>
"""


def with_speaker_notes(nb: Any) -> Any:
    """A copy of ``nb`` with each cell's ``metadata.speaker_notes`` as a notes cell right after it."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if notes := cell.metadata.get("speaker_notes"):
            cells.append(nbformat.v4.new_markdown_cell(notes, metadata={"slideshow": {"slide_type": "notes"}}))
    copy = nbformat.from_dict(dict(nb))
    copy.cells = cells
    return copy


def build_slides(notebooks: list[Path], out: Path, node_modules: Path) -> list[Path]:
    """One deck per notebook, ``<stem>.slides.html``, and ``index.html`` listing them in reading order."""
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(node_modules, out / "_static", slides=True)
    exporter = slides_exporter()
    items, written = [], []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(with_speaker_notes(nb),
                                              resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        items.append(f'<li><a href="{target.name}">{html.escape(title(nb))}</a></li>\n')
        print(f"slides: {target}", flush=True)
    lead = ("One reveal.js deck per notebook, in reading order. Arrow keys or space move on; <kbd>s</kbd> opens the "
            "speaker notes; <kbd>f</kbd> goes full screen; <kbd>Esc</kbd> shows every slide. Works offline.")
    (out / "index.html").write_text(_index("bpkit course: lecture slides", lead, items), encoding="utf-8")
    print(f"slides: {out / 'index.html'}", flush=True)
    return written


def build_book(notebooks: list[Path], out: Path, node_modules: Path) -> list[Path]:
    """One page per notebook, ``<stem>.html``, with previous/next links, and ``index.html`` as contents."""
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(node_modules, out / "_static", slides=False)
    exporter = book_exporter()
    nbs = [nbformat.read(p, as_version=4) for p in notebooks]
    pages = [{"href": f"{p.stem}.html", "title": title(nb)} for p, nb in zip(notebooks, nbs, strict=True)]
    items, written = [], []
    for i, (path, nb) in enumerate(zip(notebooks, nbs, strict=True)):
        book = {"prev": pages[i - 1] if i > 0 else None, "next": pages[i + 1] if i + 1 < len(pages) else None}
        resources = {"metadata": {"name": path.stem, "path": str(path.parent)}, "book": book}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        target = out / pages[i]["href"]
        target.write_text(body, encoding="utf-8")
        written.append(target)
        items.append(f'<li><a href="{target.name}">{html.escape(pages[i]["title"])}</a>'
                     f"{markdown2html(intro(nb))}</li>\n")
        print(f"book: {target}", flush=True)
    lead = ("Backpropagation derived with SymPy and checked number by number with bpkit, one chapter per notebook, "
            "in reading order. The pages show the notebooks' saved outputs; to move the sliders, open the notebooks "
            "in JupyterLab (<code>make lab</code>) and run all cells.")
    mathjax = (f'<script type="text/x-mathjax-config">MathJax.Hub.Config({{messageStyle: "none", showMathMenu: false, '
               f'tex2jax: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], processEscapes: true}}}});</script>\n'
               f'<script src="{MATHJAX_URL}"></script>')
    (out / "index.html").write_text(_index("bpkit course: backpropagation, derived and checked", lead, items,
                                           head=mathjax), encoding="utf-8")
    print(f"book: {out / 'index.html'}", flush=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.site", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["slides", "book"])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="output folder (build/slides or build/book)")
    parser.add_argument("--assets", type=Path, required=True, help="node_modules with the pinned web packages")
    args = parser.parse_args(argv)
    notebooks = sorted(args.notebooks, key=lambda p: p.name)
    build = build_slides if args.what == "slides" else build_book
    build(notebooks, args.out, args.assets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
