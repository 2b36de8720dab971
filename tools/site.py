"""The course as lecture slides, opening offline from ``file://`` (the book is ``tools/book.py``).

``python -m tools.site slides --assets web/node_modules --out build/slides notebooks/*.ipynb`` writes one
reveal.js deck per notebook and an index, from the committed outputs (nothing is executed), with the nbconvert
template in ``web/templates/``; every script, style sheet and font comes from ``_static/`` beside the decks, copied
from the npm packages pinned in ``web/package-lock.json`` (reveal.js 4.0.2, MathJax 2.7.7, require.js, jQuery 2).

What reaches a slide:
- cells tagged ``remove-cell`` are dropped; ``remove-input`` / ``remove-output`` drop the input or the outputs;
- ``hide-input`` keeps only a code cell's outputs, and so does every code cell longer than ``LONG_INPUT`` (8) lines
  and every code cell whose outputs are all figures, Markdown or HTML (plotting and plumbing: the figure or
  table stays), unless it is tagged ``show-input`` (``hidden_on_slides``; the book folds the same cells);
- what a lecture hall can read on one 1280x720 slide (``slide_notebook``): Markdown of more than ``MD_WORDS``
  words is cut into consecutive slides at paragraphs, list items or sentences (never inside mathematics or code),
  tables after ``TABLE_ROWS`` rows with the header repeated (wider than ``MAX_TABLE_COLUMNS`` columns: in groups
  of columns), printed tables and long text outputs likewise, long displayed formulas into lines; a new slide
  starts where one would hold more than ``SLIDE_WORDS`` words or ``MAX_CODE_LINES`` lines of code. The deck's
  script continues on a new slide whatever is still too tall, and navigation is linear (every key that means
  "next" visits every slide in order);
- speaker notes live in a cell's metadata (``speaker_notes``, Markdown), out of the learner's view in JupyterLab
  and out of the book; each deck gets them, their mathematics as MathML (the speaker view loads no MathJax), as
  notes of the slide where that cell starts (press ``s``); a slide cut from it repeats them, marked continued.
A widget cannot run in a static page: its output says to run the notebook in JupyterLab instead.
"""

from __future__ import annotations

import argparse
import copy
import html
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import latex2mathml.converter
import nbformat
from nbconvert import SlidesExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "web" / "templates"
LONG_INPUT = 8
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


def hidden_on_slides(cell: Any) -> bool:
    """Whether the slides leave out this code cell's source and show only its outputs (the book folds the same
    cells, ``tools/book.py``): tagged ``hide-input``; or, unless tagged ``show-input``, longer than ``LONG_INPUT``
    lines or with outputs that are all figures, Markdown or HTML (plotting and plumbing: the figure or table stays)."""
    if cell.cell_type != "code":
        return False
    tags = set(cell.metadata.get("tags", []))
    outputs = cell.get("outputs", [])
    shows_only = bool(outputs) and all(o.get("output_type") in ("display_data", "execute_result")
                                       and any(m in o.get("data", {}) for m in PRESENTATION) for o in outputs)
    plumbing = (len(cell.source.splitlines()) > LONG_INPUT or shows_only) and "show-input" not in tags
    return "hide-input" in tags or plumbing


def is_widget(data: dict) -> bool:
    """Whether an output's data is a widget (its view, or the text repr a widget leaves without one)."""
    return WIDGET_VIEW in data or bool(WIDGET_REPR.match(str(data.get("text/plain", ""))))


class CourseCells(Preprocessor):
    """Replace widget outputs by a note (a widget cannot run in a static page)."""

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data")
            if data is not None and is_widget(data):
                out["data"] = {"text/html": WIDGET_NOTE}
        return cell, resources


def slides_exporter() -> SlidesExporter:
    c = Config()
    c.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.TemplateExporter.extra_template_paths = [str(TEMPLATES)]  # for bpkit-common/macros.j2
    c.TemplateExporter.template_name = "bpkit-slides"
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    c.HTMLExporter.mathjax_url = MATHJAX_URL
    c.HTMLExporter.require_js_url = "_static/require.js"
    c.SlidesExporter.reveal_url_prefix = "_static/reveal.js"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_transition = "none"
    c.SlidesExporter.jquery_url = "_static/jquery.min.js"
    c.SlidesExporter.exclude_input_prompt = True
    c.SlidesExporter.exclude_output_prompt = True
    exporter = SlidesExporter(config=c)
    exporter.register_preprocessor(CourseCells(), enabled=True)
    return exporter


def copy_assets(node_modules: Path, static: Path) -> None:
    """Copy what the decks load from the pinned npm packages into ``static`` (replacing an older copy)."""
    if not (node_modules / "mathjax" / "MathJax.js").is_file():
        raise SystemExit(f"error: no MathJax in {node_modules}: run `npm ci` in the web assets folder first")
    if static.exists():
        shutil.rmtree(static)
    for package, paths in [("mathjax", MATHJAX), ("reveal.js", REVEAL)]:
        for rel in paths:
            src, dst = node_modules / package / rel, static / package / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst)
            else:
                shutil.copy2(src, dst)
    shutil.copy2(node_modules / "requirejs" / "require.js", static / "require.js")
    shutil.copy2(node_modules / "jquery" / "dist" / "jquery.min.js", static / "jquery.min.js")


def title(nb: Any) -> str:
    """The notebook's title: the first line of its first cell, without the Markdown '#'."""
    first = nb.cells[0].source.splitlines()[0] if nb.cells else ""
    return first.lstrip("#").strip()


def _index(heading: str, lead: str, items: list[str]) -> str:
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


# ---------------------------------------------------------------------------------------------------------------
# Slides for a lecture hall: what a slide may hold, and the builder that makes the notebooks' cells fit it.
# The browser check (tests/test_web.py) measures each of these on every deck.

MAX_CODE_LINES = 8    # lines of code on one slide (code cells and fenced code in Markdown)
MD_WORDS = 60         # a Markdown cell with more words of prose is split into consecutive slides
SLIDE_WORDS = 68      # words of prose on one slide, all its cells and fragments together
MAX_SLIDE_WORDS = 70  # what the browser check allows: a check's short reply may fill a slide up to it
TABLE_ROWS = 10       # body rows of one table on one slide (the header is repeated on the next)
OUTPUT_LINES = 14     # lines of one text output on one slide (wrapped lines count)
OUTPUT_CHARS = 104    # characters of a text-output line at the slides' code size; wider printed tables split
MAX_TABLE_COLUMNS = 4  # a wider Markdown table is split into groups of columns, its first column repeated
ORPHAN_WORDS = 20     # a one-line code cell whose outputs have at most this many words never starts a slide
DISPLAY_CHARS = 90    # TeX characters on one line of a displayed formula; longer ones break at \quad and \qquad
ABBREVIATIONS = {"e.g.", "i.e.", "cf.", "ch.", "eq.", "eqs.", "vs.", "fig.", "no.", "p.", "pp.", "et", "al."}
MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
CODE_SPAN = re.compile(r"`[^`\n]+`")
LIST_ITEM = re.compile(r"([-*+]|\d+[.)])\s")
TABLE_RULE = re.compile(r" *-+(?: +-+)*")
NOTES_MATH = re.compile(r"BPKITMATH(\d+)X")
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
ALIGNED_COMMENT = re.compile(r"(?<=[^\s#])  +#(?=[^\n\"']*$)", re.M)  # a trailing comment's padding (not in a string)
SEPARATOR = re.compile(r"\\[{}]|\\begin\{[^}]*\}|\\end\{[^}]*\}|\\\\|[{}]|\s*\\q?quad\b\s*")


def _slide_type(cell: Any) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-") or "-"


def _set_slide_type(cell: Any, kind: str) -> None:
    cell.metadata.setdefault("slideshow", {})["slide_type"] = kind


def prose_words(markdown: str) -> int:
    """Words of prose in Markdown as a slide shows them: code, mathematics, markup and link targets not counted."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = MATH_SPAN.sub(" ", CODE_SPAN.sub(" ", text))
    text = re.sub(r"<[^>]+>", " ", re.sub(r"\]\([^)]*\)", "] ", text))
    return sum(1 for token in text.split() if re.search(r"[^\W_]", token))


def _protect(text: str) -> tuple[str, list[str]]:
    """``text`` with code spans and mathematics replaced by placeholders (nothing splits inside them)."""
    kept: list[str] = []

    def keep(m: re.Match) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"
    return MATH_SPAN.sub(keep, CODE_SPAN.sub(keep, text)), kept


def _restore(text: str, kept: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut at sentence ends (never inside code or mathematics, never after an abbreviation)."""
    text, kept = _protect(paragraph)
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[)\"']?\s+(?=[A-Z*_(\[])", text):
        last_word = text[start:m.start() + 1].split()[-1].lower()
        if last_word in ABBREVIATIONS or re.fullmatch(r"\(?[a-z]\.", last_word):
            continue
        out.append(text[start:m.start() + len(m.group(0).rstrip())].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [_restore(s, kept) for s in out if s]


def break_display(tex: str) -> str:
    """A long displayed formula in lines: ``a, \\quad b, \\qquad c`` becomes a ``gathered`` block broken at its
    top-level quads after a comma (never inside braces or environments) into lines of about DISPLAY_CHARS
    characters of TeX."""
    if len(tex) <= DISPLAY_CHARS:
        return tex
    parts, seps, depth, start = [], [], 0, 0
    for m in SEPARATOR.finditer(tex):
        token = m.group(0)
        if token == "{" or token.startswith("\\begin"):
            depth += 1
        elif token == "}" or token.startswith("\\end"):
            depth -= 1
        elif token == "\\\\" and depth == 0:
            return tex  # already in lines
        elif "quad" in token and depth == 0 and tex[:m.start()].rstrip()[-1:] in (",", ";", "."):
            parts.append(tex[start:m.start()])
            seps.append(token)
            start = m.end()
    parts.append(tex[start:])
    if len(parts) < 2:
        return tex
    lines, current = [], parts[0]
    for sep, part in zip(seps, parts[1:], strict=True):
        if len(current) + len(sep) + len(part) > DISPLAY_CHARS and len(part.strip()) > 12:
            lines.append(current)
            current = part
        else:
            current += sep + part
    lines.append(current)
    if len(lines) < 2:
        return tex
    return "\\begin{gathered}" + " \\\\\n".join(line.strip() for line in lines) + "\\end{gathered}"


def _table_groups(lines: list[str]) -> list[list[str]]:
    """A Markdown table with more than MAX_TABLE_COLUMNS columns as several tables: its first column and two
    others each."""
    protected, kept = _protect("\n".join(lines))
    rows = [[c.strip() for c in row.strip().strip("|").split("|")] for row in protected.split("\n")]
    if len(rows[0]) <= MAX_TABLE_COLUMNS:
        return [lines]
    out = []
    for first in range(1, len(rows[0]), 2):
        cols = [0, *range(first, min(first + 2, len(rows[0])))]
        out.append([_restore("| " + " | ".join(row[c] if c < len(row) else "" for c in cols) + " |", kept)
                    for row in rows])
    return out


def _blocks(source: str) -> list[tuple[str, list[str]]]:
    """Markdown as (kind, units): heading, paragraph (sentences), list (items), table (header, rows), code (the
    fenced lines) and math (a $$ block)."""
    lines, blocks, i = source.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith(("```", "~~~")):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(stripped[:3]):
                j += 1
            blocks.append(("code", lines[i:j + 1]))
            i = j + 1
        elif stripped.startswith("$$") and stripped.count("$$") == 1:
            j = i + 1
            while j < len(lines) and "$$" not in lines[j]:
                j += 1
            blocks.append(("math", ["\n".join(lines[i:j + 1])]))
            i = j + 1
        elif stripped.startswith("#"):
            blocks.append(("heading", [line]))
            i += 1
        elif stripped.startswith("|"):
            j = i
            while j < len(lines) and lines[j].strip().startswith("|"):
                j += 1
            groups = _table_groups(lines[i:j])
            blocks += [("table" if len(groups) == 1 else "columns", group) for group in groups]
            i = j
        elif LIST_ITEM.match(line):
            items: list[str] = []
            j = i
            while j < len(lines):
                if LIST_ITEM.match(lines[j]):
                    items.append(lines[j])
                elif lines[j].strip() and (lines[j].startswith(" ") or items):
                    items[-1] += "\n" + lines[j]
                elif not lines[j].strip():
                    k = j
                    while k < len(lines) and not lines[k].strip():
                        k += 1
                    if k == len(lines) or not (LIST_ITEM.match(lines[k]) or lines[k].startswith(" ")):
                        break
                    items[-1] += "\n"
                else:
                    break
                j += 1
            blocks.append(("list", [item.rstrip("\n") for item in items]))
            i = j
        else:
            j = i
            while j < len(lines) and lines[j].strip() and not lines[j].strip().startswith(("#", "```", "|")):
                j += 1
            blocks.append(("paragraph", sentences("\n".join(lines[i:j]))))
            i = j
    return blocks


def _pack(units: list[dict], budget: int) -> list[list[dict]]:
    """Consecutive units in the fewest pieces of at most ``budget`` words (a table's header counted where it is
    repeated), MAX_CODE_LINES lines of code and TABLE_ROWS rows of one table, each group of columns of a wide table
    starting a piece; among those, the pieces that break fewest blocks (a paragraph, a list, a table), never end
    with a heading or with a sentence that introduces what follows (':'), and have the most even lengths."""
    n = len(units)

    def fits(i: int, j: int) -> bool:
        piece = units[i:j]
        if len(piece) == 1:
            return True
        words = sum(u["words"] for u in piece)
        if piece[0]["kind"] == "row":
            words += prose_words("\n".join(piece[0]["header"]))
        rows: dict[int, int] = {}
        for u in piece:
            if u["kind"] == "row":
                rows[u["block"]] = rows.get(u["block"], 0) + 1
        return (words <= budget and sum(u["code"] for u in piece) <= MAX_CODE_LINES
                and not any(u.get("alone") for u in piece[1:]) and max(rows.values(), default=0) <= TABLE_ROWS)

    def penalty(j: int) -> int:  # for a break before unit j
        before, after = units[j - 1], units[j]
        return ((before["block"] == after["block"]) + 5 * (before["kind"] == "heading")
                + 3 * (before["text"].rstrip().endswith(":") and before["block"] != after["block"]))
    best: list[tuple[int, int, int, int]] = [(0, 0, 0, 0)]  # pieces, penalties, sum of squared words, start
    for j in range(1, n + 1):
        options = []
        for i in range(j - 1, -1, -1):
            if not fits(i, j):
                break
            pieces, pens, squares, _ = best[i]
            words = sum(u["words"] for u in units[i:j])
            options.append((pieces + 1, pens + (penalty(i) if i else 0), squares + words * words, i))
        best.append(min(options))
    cuts, j = [], n
    while j:
        cuts.insert(0, best[j][3])
        j = best[j][3]
    return [units[i:k] for i, k in zip(cuts, [*cuts[1:], n], strict=True)]


def split_markdown(source: str, budget: int = MD_WORDS) -> list[str]:
    """Markdown cut into consecutive slides of at most ``budget`` words of prose (at paragraph, list-item and
    sentence boundaries, never inside mathematics or code), MAX_CODE_LINES lines of fenced code and TABLE_ROWS
    table rows (the header repeated), balanced so that the pieces have about the same length."""
    units, blocks = [], _blocks(source)
    for b, (kind, parts) in enumerate(blocks):
        if kind in ("table", "columns"):
            header, rows = parts[:2], parts[2:]
            units.append({"kind": "table", "block": b, "text": "\n".join(header), "words": prose_words(
                "\n".join(header)), "code": 0, "header": header, "alone": kind == "columns"})
            units += [{"kind": "row", "block": b, "text": r, "words": prose_words(r), "code": 0, "header": header}
                      for r in rows]
        elif kind == "code":
            fence, body = parts[0], parts[1:-1] if len(parts) > 1 and parts[-1].strip().startswith("`") else parts[1:]
            units += [{"kind": "line", "block": b, "text": line, "words": 0, "code": 1, "fence": fence.strip()}
                      for line in body]
        else:
            units += [{"kind": {"paragraph": "sentence", "list": "item"}.get(kind, kind), "block": b, "text": t,
                       "words": prose_words(t), "code": 0} for t in parts]
    total = sum(u["words"] for u in units)
    long_table = any(sum(1 for u in units if u["kind"] == "row" and u["block"] == b) > TABLE_ROWS
                     for b in {u["block"] for u in units})
    code = sum(u["code"] for u in units)
    columns = any(kind == "columns" for kind, _ in blocks)
    if total <= budget and code <= MAX_CODE_LINES and not long_table and not columns:
        return [source]
    return [_join(p) for p in _pack(units, budget)]


def _join(piece: list[dict]) -> str:
    """Markdown for one piece: units of one block joined as that block joins them, blocks apart by a blank line."""
    out: list[str] = []
    for n, u in enumerate(piece):
        first = n == 0 or piece[n - 1]["block"] != u["block"]
        last = n + 1 == len(piece) or piece[n + 1]["block"] != u["block"]
        if u["kind"] == "row" and first:
            out.append("\n\n" + "\n".join(u["header"]) + "\n" + u["text"])
        elif u["kind"] == "line":
            out.append(("\n\n" + u["fence"] + "\n" if first else "\n") + u["text"] + ("\n```" if last else ""))
        elif first:
            out.append("\n\n" + u["text"])
        else:
            out.append((" " if u["kind"] == "sentence" else "\n") + u["text"])
    return "".join(out).strip("\n")


def _columns(line: str, starts: list[int], cols: list[int]) -> str:
    """The columns ``cols`` of a printed table's line whose columns start at ``starts``."""
    spans = [(starts[k], starts[k + 1] if k + 1 < len(starts) else None) for k in cols]
    return "".join(line[a:b] if b is not None else line[a:] for a, b in spans).rstrip()


def has_printed_table(text: str) -> bool:
    """True if ``text`` holds a printed table: a header line over a rule of dashes (TABLE_RULE)."""
    lines = text.rstrip("\n").split("\n")
    return any(a.strip() and TABLE_RULE.fullmatch(b.rstrip()) for a, b in zip(lines, lines[1:], strict=False))


def split_text(text: str) -> list[str]:
    """A text output in pages that fit a slide: printed tables (a header over a rule of dashes) in TABLE_ROWS rows
    with the header repeated, and in column groups (the first column repeated) when wider than OUTPUT_CHARS; other
    text in OUTPUT_LINES lines (a line wider than OUTPUT_CHARS counts as the lines it wraps to)."""
    lines = text.rstrip("\n").split("\n")
    chunks: list[list[str]] = []  # atomic groups of lines, in order
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and lines[i].strip() and TABLE_RULE.fullmatch(lines[i + 1].rstrip()):
            header, rule = lines[i], lines[i + 1].rstrip()
            j = i + 2
            while j < len(lines) and lines[j].strip():
                j += 1
            rows = lines[i + 2:j]
            starts = [m.start() for m in re.finditer(r"-+", rule)]
            groups = [list(range(len(starts)))]
            if max(len(x) for x in [header, rule, *rows]) > OUTPUT_CHARS and len(starts) > 2:
                groups, width = [[0]], starts[1]
                for k in range(1, len(starts)):
                    end = starts[k + 1] if k + 1 < len(starts) else max(len(x) for x in [header, rule, *rows])
                    if width + end - starts[k] > OUTPUT_CHARS and len(groups[-1]) > 1:
                        groups.append([0])
                        width = starts[1]
                    groups[-1].append(k)
                    width += end - starts[k]
            title = chunks.pop() if chunks and len(chunks[-1]) == 1 and chunks[-1][0].strip() else []
            per = -(-len(rows) // max(1, -(-len(rows) // TABLE_ROWS))) or 1  # balanced: 14 rows are 7 and 7
            for cols in groups:
                for r in range(0, max(len(rows), 1), per):
                    chunks.append(title + [_columns(x, starts, cols) for x in [header, rule, *rows[r:r + per]]])
            i = j
        else:
            chunks.append([lines[i]])
            i += 1
    pages: list[list[str]] = [[]]

    def size(page: list[str]) -> int:
        return sum(max(1, -(-len(x) // OUTPUT_CHARS)) for x in page)
    for chunk in chunks:
        is_table = len(chunk) > 1
        if pages[-1] and (size(pages[-1]) + size(chunk) > OUTPUT_LINES
                          or (is_table and any(TABLE_RULE.fullmatch(x.rstrip()) for x in pages[-1]))):
            pages.append([])
        if not pages[-1] and chunk == [""]:
            continue
        pages[-1] += chunk
    return ["\n".join(p).strip("\n") + "\n" for p in pages if "".join(p).strip()]


def _text_of(output: Any) -> str | None:
    """The text a slide shows in a <pre> for this output (stream, or plain text alone), else None."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    if set(data) == {"text/plain"} and not WIDGET_REPR.match(str(data["text/plain"])):
        return data["text/plain"]
    return None


def _with_text(output: Any, text: str) -> Any:
    """A copy of a text output with ``text`` instead of its own."""
    out = nbformat.from_dict(dict(output))
    if out.get("output_type") == "stream":
        out["text"] = text
    else:
        out["data"] = {"text/plain": text}
    return out


def _output_words(output: Any) -> int:
    """Words of prose a slide shows for this output (Markdown, HTML, or the note that replaces a widget)."""
    data = output.get("data", {})
    if is_widget(data):
        return prose_words(re.sub(r"<[^>]+>", " ", WIDGET_NOTE))
    for mime in ("text/markdown", "text/html"):
        if mime in data:
            return prose_words(re.sub(r"<(style|script).*?</\1>|<[^>]+>", " ", str(data[mime]), flags=re.S))
    return 0


def code_pieces(source: str) -> list[str]:
    """Code longer than MAX_CODE_LINES in pieces of at most that many lines, for consecutive slides: cut at blank
    lines, and a longer block (a function) before its body's statements, in as few and as even pieces as can be."""
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", source.strip("\n")):
        lines = block.split("\n")
        for part in _cut(lines):
            text = "\n".join(part)
            if pieces and part is lines and len(f"{pieces[-1]}\n\n{text}".split("\n")) <= MAX_CODE_LINES:
                pieces[-1] = f"{pieces[-1]}\n\n{text}"
            else:
                pieces.append(text)
    return pieces


def _cut(lines: list[str]) -> list[list[str]]:
    """``lines`` whole if they fit on a slide, else cut where a line is no deeper than the block's body (any line
    if that cannot fit): the fewest pieces, then the shortest longest piece."""
    n = len(lines)
    if n <= MAX_CODE_LINES:
        return [lines]
    depth = [len(line) - len(line.lstrip()) for line in lines]
    body = min(depth[1:])
    for allowed in ({i for i in range(1, n) if depth[i] <= body}, set(range(1, n))):
        best: dict[int, tuple[int, int, list[int]]] = {0: (0, 0, [])}  # start of the rest -> pieces, longest, cuts
        for i in range(1, n + 1):
            if i < n and i not in allowed:
                continue
            options = [(p + 1, max(m, i - j), cuts + [i]) for j, (p, m, cuts) in best.items()
                       if 0 < i - j <= MAX_CODE_LINES]
            if options:
                best[i] = min(options)
        if n in best:
            bounds = [0] + best[n][2]
            return [lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return [lines]


def _split_cell(cell: Any) -> list[Any]:
    """One notebook cell as one or more slide cells, each with its words of prose and lines of code."""
    tags = set(cell.metadata.get("tags", []))
    if cell.cell_type == "markdown":
        pieces = split_markdown(DISPLAY_MATH.sub(lambda m: f"$${break_display(m.group(1))}$$", cell.source))
        out = []
        for n, text in enumerate(pieces):
            piece = nbformat.from_dict(dict(cell)) if n == 0 else nbformat.v4.new_markdown_cell(text)
            piece.source = text
            if n:
                piece.id = f"{cell.get('id', 'cell')}-{n + 1}"
                _set_slide_type(piece, "subslide")
            fences = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
            piece.metadata["bpkit_size"] = {"words": prose_words(text),
                                            "code": sum(len(f.rstrip("\n").split("\n")) for f in fences)}
            out.append(piece)
        return out
    if cell.cell_type != "code":
        cell.metadata["bpkit_size"] = {"words": 0, "code": 0}
        return [cell]
    hidden = hidden_on_slides(cell) or "remove-input" in tags
    if not hidden:  # comments aligned far right wrap on a slide: two spaces before each is enough there
        cell.source = ALIGNED_COMMENT.sub("  #", cell.source)
    if not hidden and len(cell.source.splitlines()) > MAX_CODE_LINES:  # tagged show-input: the code over slides
        *shown, last = code_pieces(cell.source)
        pieces = [nbformat.from_dict(dict(cell)) if n == 0 else nbformat.v4.new_code_cell() for n in range(len(shown))]
        rest = nbformat.v4.new_code_cell(last, outputs=cell.get("outputs", []), metadata={"tags": sorted(tags)})
        for n, (piece, text) in enumerate(zip(pieces + [rest], shown + [last], strict=True)):
            piece.source, piece.execution_count = text, cell.get("execution_count")
            if n:
                piece.id = f"{cell.get('id', 'cell')}-code{n + 1}"
                _set_slide_type(piece, "subslide")
        for piece in pieces:
            piece.outputs = []
            piece.metadata["bpkit_size"] = {"words": 0, "code": len(piece.source.splitlines())}
        return pieces + _split_cell(rest)
    if hidden:
        cell.metadata.setdefault("transient", {})["remove_source"] = True
    outputs = [o for o in ([] if "remove-output" in tags else cell.get("outputs", []))
               if o.get("output_type") not in ("display_data", "execute_result") or o.get("data")]
    if hidden and not outputs and "remove-input" not in tags:  # say what ran, so "...:" does not end in nothing
        lines = len(cell.source.splitlines())
        names = re.findall(r"^(?:def|class) (\w+)", cell.source, re.M)
        defines = f", defining {', '.join(names)}" if names else ""
        ran = ": every assert in them passes" if re.search(r"^\s*assert\b", cell.source, re.M) else ""
        said = f"[{lines} lines of code in the notebook{defines}{ran}]"
        outputs = [nbformat.v4.new_output("stream", name="stdout", text=said)]
    groups: list[list[Any]] = [[]]
    for output in outputs:
        text = _text_of(output)
        pages = split_text(text) if text is not None and text.strip() else None
        if not pages:
            groups[-1].append(output)
            continue
        groups[-1].append(_with_text(output, pages[0]))
        groups += [[_with_text(output, page)] for page in pages[1:]]
    out = []
    for n, group in enumerate(groups):
        piece = cell if n == 0 else nbformat.v4.new_code_cell("", outputs=group)
        piece.outputs = group
        if n:
            piece.id = f"{cell.get('id', 'cell')}-{n + 1}"
            piece.execution_count = cell.get("execution_count")
            piece.metadata["transient"] = {"remove_source": True}
            _set_slide_type(piece, "subslide")
        shown = 0 if n or hidden else len(cell.source.splitlines())
        piece.metadata["bpkit_size"] = {"words": sum(_output_words(o) for o in group), "code": shown}
        out.append(piece)
    return out


def _paginate(cells: list[Any]) -> None:
    """Start a new slide (a subslide) wherever the next cell would take a slide past SLIDE_WORDS words of prose or
    MAX_CODE_LINES lines of code; a Markdown cell goes along with the code cell right after it, and a one-line cell
    with a short reply (an exercise's check) stays with the slide before it."""
    words = code = 0
    start = None
    for i, cell in enumerate(cells):
        size = cell.metadata["bpkit_size"]
        if start is None or _slide_type(cell) in ("slide", "subslide"):
            words, code, start = size["words"], size["code"], i
            continue
        stays = (cell.cell_type == "code" and size["code"] <= 1 and size["words"] <= ORPHAN_WORDS  # a check's reply
                 and words + size["words"] <= MAX_SLIDE_WORDS and code + size["code"] <= MAX_CODE_LINES)
        if not stays and (words + size["words"] > SLIDE_WORDS or code + size["code"] > MAX_CODE_LINES):
            j = i - 1 if cell.cell_type == "code" and i - 1 > start and cells[i - 1].cell_type == "markdown" else i
            _set_slide_type(cells[j], "subslide")
            start = j
            words = sum(c.metadata["bpkit_size"]["words"] for c in cells[j:i + 1])
            code = sum(c.metadata["bpkit_size"]["code"] for c in cells[j:i + 1])
        else:
            words += size["words"]
            code += size["code"]


def mathml(tex: str, display: bool) -> str:
    """TeX as MathML (Chromium and Firefox render it natively: the speaker view loads no MathJax)."""
    try:
        out = latex2mathml.converter.convert(tex, display="block" if display else "inline")
    except Exception as error:  # noqa: BLE001 - any failure of the converter falls back to the source
        out = ""
        print(f"warning: speaker notes: cannot convert ${tex}$ to MathML ({error})", file=sys.stderr)
    if not out or re.search(r">\\[A-Za-z]", out):
        print(f"warning: speaker notes: ${tex}$ has a command MathML cannot show", file=sys.stderr)
        return f"<code>{html.escape(tex)}</code>"
    return out


def notes_html(markdown: str) -> str:
    """Speaker notes (Markdown with $...$ and $$...$$) as HTML with the mathematics in MathML."""
    maths: list[str] = []

    def keep(m: re.Match) -> str:
        tex = next(g for g in m.groups() if g is not None)
        maths.append(mathml(tex.strip(), m.group(0).startswith(("$$", "\\["))))
        return f"BPKITMATH{len(maths) - 1}X"
    parts = re.split(r"(`[^`\n]*`)", markdown)
    text = "".join(p if p.startswith("`") else MATH_SPAN.sub(keep, p) for p in parts)
    return NOTES_MATH.sub(lambda m: maths[int(m.group(1))], markdown2html_mistune(text))


CONTINUED = '<p class="bpkit-continued">(continued from the previous slide)</p>\n'


def slide_notebook(nb: Any) -> Any:
    """A copy of ``nb`` laid out for slides: cells cut to fit (split_markdown, split_text, the code rule), new
    slides where a slide would hold too much (_paginate), and each cell's ``metadata.speaker_notes`` (and notes
    cells) as HTML with MathML in ``metadata.bpkit_notes`` of the first slide cell made from that cell. A slide
    that the builder made by cutting an authored slide (a slide or subslide cell and what follows it) repeats
    that slide's notes, marked as continued (``metadata.bpkit_notes_continued``), unless it has notes of its own."""
    nb = nbformat.from_dict(copy.deepcopy(dict(nb)))
    cells: list[Any] = []
    waiting: list[str] = []  # notes of left-out cells before the first shown one
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        kind = _slide_type(cell)
        notes = [n for n in (cell.metadata.get("speaker_notes"), cell.source if kind == "notes" else None) if n]
        if "remove-cell" in tags or kind in ("skip", "notes"):
            if cells:
                cells[-1].metadata.setdefault("bpkit_notes", []).extend(notes)
            else:
                waiting += notes
            continue
        pieces = _split_cell(cell)
        pieces[0].metadata["bpkit_notes"] = waiting + notes
        pieces[0].metadata["bpkit_authored"] = kind in ("slide", "subslide") or not cells
        waiting = []
        cells += pieces
    _paginate(cells)
    authored = ""
    for cell in cells:
        notes = "\n".join(notes_html(n) for n in cell.metadata.pop("bpkit_notes", []))
        if cell.metadata.pop("bpkit_authored", False):
            authored = notes
        elif _slide_type(cell) in ("slide", "subslide") and not notes and authored:
            cell.metadata["bpkit_notes_continued"] = CONTINUED + authored
        if notes:
            cell.metadata["bpkit_notes"] = notes
    nb.cells = cells
    return nb


def build_slides(notebooks: list[Path], out: Path, node_modules: Path) -> list[Path]:
    """One deck per notebook, ``<stem>.slides.html``, and ``index.html`` listing them in reading order."""
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(node_modules, out / "_static")
    exporter = slides_exporter()
    items, written = [], []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(slide_notebook(nb),
                                              resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        items.append(f'<li><a href="{target.name}">{html.escape(title(nb))}</a></li>\n')
        print(f"slides: {target}", flush=True)
    lead = ("One reveal.js deck per notebook, in reading order. The right arrow, space or Page Down show the next "
            "step, every slide in order; <kbd>s</kbd> opens the speaker view with the notes; <kbd>f</kbd> goes full "
            "screen; <kbd>Esc</kbd> shows every slide. Works offline.")
    (out / "index.html").write_text(_index("bpkit course: lecture slides", lead, items), encoding="utf-8")
    print(f"slides: {out / 'index.html'}", flush=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.site", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["slides"])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="output folder (build/slides)")
    parser.add_argument("--assets", type=Path, required=True, help="node_modules with the pinned web packages")
    args = parser.parse_args(argv)
    notebooks = sorted(args.notebooks, key=lambda p: p.name)
    build_slides(notebooks, args.out, args.assets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
