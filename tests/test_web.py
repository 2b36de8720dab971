"""The slides and the book in a real browser, offline: mathematics typeset, figures loaded, slides that fit 1280x720.

``make web-check`` builds ``build/slides`` and ``build/book``, installs Debian's chromium if it is missing, and runs
this file with ``BPKIT_WEB=1``; without that variable the file is skipped, so ``make test`` stays fast. Playwright
drives ``/usr/bin/chromium`` (no browser download). Every request that leaves the machine (anything but ``file:``,
``data:``, ``about:`` and ``blob:``) is blocked and counted, and a page that tried one fails. Screenshots (title slide
and tallest slide of every deck, every overflowing slide, the top of every book page) and a report
(``report.md``, ``report.json``) go to ``build/screenshots/``.
"""

from __future__ import annotations

import base64
import importlib
import io
import json
import os
import re
from pathlib import Path

import nbformat
import pytest

if os.environ.get("BPKIT_WEB") != "1":
    pytest.skip("browser check: run `make web-check` (sets BPKIT_WEB=1)", allow_module_level=True)

sync_api = importlib.import_module("playwright.sync_api")  # with BPKIT_WEB=1 a missing Playwright is an error

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
NODE_MODULES = BUILD / "web" / "node_modules"
SHOTS = BUILD / "screenshots"
CHROMIUM = os.environ.get("BPKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
WIDTH, HEIGHT = 1280, 720
LOCAL = ("file:", "data:", "about:", "blob:")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DECKS = [BUILD / "slides" / f"{p.stem}.slides.html" for p in NOTEBOOKS]
BOOK = [BUILD / "book" / "index.html"] + [BUILD / "book" / f"{p.stem}.html" for p in NOTEBOOKS]
REPORT: dict[str, dict] = {"decks": {}, "book": {}}

# Unrendered mathematics in the visible text: $...$, $$, \( or \[ (code, outputs in <pre> and notes excluded).
RAW_TEX = re.compile(r"\$\$|\$[^$\s][^$\n]{0,200}?\$|\\\(|\\\[")

VISIBLE_TEXT = """() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('script, style, pre, code, textarea, aside.notes, .MathJax_Preview, .mjx-chtml, '
      + '.MathJax_CHTML, .MJX_Assistive_MathML, .MJXc-display, .MathJax, .MathJax_Display').forEach(e => e.remove());
  return clone.textContent;
}"""

MATH = """() => ({
  typeset: document.querySelectorAll('.mjx-chtml.MathJax_CHTML').length,
  errors: Array.from(document.querySelectorAll('.mjx-merror, .MathJax_Error')).map(e => e.textContent.slice(0, 120)),
})"""

IMAGES = """() => Array.from(document.images).map(i => ({
  src: i.getAttribute('src').slice(0, 60), loaded: i.complete && i.naturalWidth > 0, alt: i.getAttribute('alt') || '',
  cell: ((i.closest('.jp-Cell') || {}).id || '').replace('cell-id=', ''),
}))"""

# Every leaf slide (a section without sections inside) with its size after layout and the cells it holds.
SLIDES = """() => {
  const leaves = Array.from(document.querySelectorAll('.reveal .slides section'))
    .filter(s => !s.querySelector('section'));
  const id = c => ((c && c.id) || '').replace('cell-id=', '');
  return leaves.map((s, n) => {
    const i = Reveal.getIndices(s);
    const cells = Array.from(s.querySelectorAll('.jp-Cell')).filter(c => !c.closest('aside'))
      .map(c => ({id: id(c), height: c.offsetHeight, width: c.scrollWidth,
                  input: (c.querySelector('.jp-CodeCell .jp-Cell-inputWrapper') || {}).offsetHeight || 0}));
    const cut = Array.from(s.querySelectorAll('pre, table, .jp-OutputArea-output, .MJXc-display, img'))
      .filter(e => e.scrollWidth > e.clientWidth + 4 || e.offsetWidth > s.clientWidth + 4)  // 4 px: a stroke
      .map(e => id(e.closest('.jp-Cell')));
    return {number: n + 1, h: i.h, v: i.v, height: s.scrollHeight, width: s.scrollWidth, cells: cells,
            cut: Array.from(new Set(cut)), math: s.querySelectorAll('.mjx-chtml.MathJax_CHTML').length};
  });
}"""

SHOW_SLIDE = """([h, v]) => {
  Reveal.slide(h, v, 0);
  for (let k = 0; k < 200 && Reveal.nextFragment(); k++) {}
  return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(Reveal.getIndices()))));
}"""


class OfflinePage:
    """A browser page on which every non-local request is blocked and counted, and errors are collected."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        self.blocked: list[str] = []
        self.missing: list[str] = []
        self.errors: list[str] = []
        self.context.route(lambda url: not url.startswith(LOCAL), self._route)  # local files load untouched
        self.context.on("request", self._request)
        self.context.on("page", self._watch)
        self.page = self.context.new_page()

    def _route(self, route):
        route.abort()  # counted by _request

    def _request(self, request):
        if not request.url.startswith(LOCAL):
            self.blocked.append(request.url)

    def _watch(self, page):
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("requestfailed", lambda r: self.missing.append(r.url) if r.url.startswith("file:") else None)
        page.on("websocket", lambda ws: self.blocked.append(ws.url))

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        return self.page

    def assert_clean(self, what: str):
        assert not self.blocked, f"{what} tried to reach the network ({len(self.blocked)} requests): {self.blocked[:5]}"
        assert not self.missing, f"{what}: local files missing: {self.missing[:5]}"
        assert not self.errors, f"{what}: errors in the browser: {self.errors[:5]}"

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no browser at {CHROMIUM}: `make web-check` installs Debian's chromium (apt-get, as root)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
    write_report()


@pytest.fixture
def offline(browser):
    page = OfflinePage(browser)
    yield page
    page.close()


def cells_of(stem: str) -> dict[str, dict]:
    """Cell id -> index, slide type, tags and first line, to name the cells of a slide in the report."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    out = {}
    for i, c in enumerate(nb.cells):
        first = next((line for line in c.source.splitlines() if line.strip()), "")
        out[c.get("id", "")] = {"index": i, "type": c.cell_type, "tags": c.metadata.get("tags", []),
                                "slide_type": c.metadata.get("slideshow", {}).get("slide_type", "-"),
                                "lines": len(c.source.splitlines()), "first": first[:70]}
    return out


def check_text_and_math(page, what: str, expect_math: bool = True) -> dict:
    math = page.evaluate(MATH)
    assert not math["errors"], f"{what}: MathJax errors: {math['errors'][:5]}"
    if expect_math:
        assert math["typeset"] > 0, f"{what}: no typeset mathematics (MathJax did not run)"
    text = page.evaluate(VISIBLE_TEXT)
    raw = [text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ") for m in RAW_TEX.finditer(text)]
    assert not raw, f"{what}: raw LaTeX left in the visible text: {raw[:5]}"
    return math


def check_images(page, what: str) -> list[dict]:
    images = page.evaluate(IMAGES)
    broken = [i for i in images if not i["loaded"]]
    assert not broken, f"{what}: images that did not load: {broken[:5]}"
    return images


def wait_for_mathjax(page):
    page.wait_for_function("window.MathJax && window.MathJax.Hub && window.MathJax.Hub.Register", timeout=30_000)
    # The hook must not return the queue's callback: MathJax would wait for it inside its own startup.
    done = page.evaluate("""() => Promise.race([
      new Promise(r => MathJax.Hub.Register.StartupHook('End', () => { MathJax.Hub.Queue(() => r('typeset')); })),
      new Promise(r => setTimeout(() => r('timeout'), 30000))])""")
    assert done == "typeset", "MathJax did not finish typesetting within 30 s"
    page.evaluate("() => document.fonts.ready.then(() => true)")  # the fonts MathJax asked for


def test_every_page_was_built():
    missing = [str(p.relative_to(ROOT)) for p in DECKS + BOOK + [BUILD / "slides" / "index.html"] if not p.exists()]
    assert not missing, f"not built (run `make slides book`): {missing}"


def test_slide_index_lists_every_deck_in_reading_order(offline):
    page = offline.open(BUILD / "slides" / "index.html")
    links = page.eval_on_selector_all("ul a", "as => as.map(a => a.getAttribute('href'))")
    assert links == [d.name for d in DECKS]
    offline.assert_clean("slides/index.html")


@pytest.mark.parametrize("deck", DECKS, ids=lambda p: p.name.split(".")[0])
def test_deck(offline, deck):
    stem = deck.name.split(".")[0]
    page = offline.open(deck)
    page.wait_for_selector("body[data-bpkit-ready]", timeout=60_000)
    page.add_style_tag(content="* { transition: none !important; }")  # screenshots without fading fragments
    math = check_text_and_math(page, deck.name)
    images = check_images(page, deck.name)
    no_alt = [i["cell"] for i in images if not i["alt"] or i["alt"].startswith("No description")]

    # Navigation: the keyboard and Reveal.next() both move on from the title slide.
    page.evaluate("() => Reveal.slide(0, 0, 0)")
    start = page.evaluate("() => Reveal.getIndices()")
    page.keyboard.press("ArrowRight")
    after_key = page.evaluate("() => Reveal.getIndices()")
    page.evaluate("() => Reveal.slide(0, 0, 0)")
    after_next = page.evaluate("() => { Reveal.next(); return Reveal.getIndices(); }")
    total = page.evaluate("() => Reveal.getTotalSlides()")
    assert total > 1 and after_key != start and after_next != start, f"{deck.name}: navigation does not move"
    notes = page.evaluate("() => Array.from(document.querySelectorAll('aside.notes')).map(a => a.textContent)")
    assert any("Speaker notes" in n for n in notes), f"{deck.name}: no speaker notes (a cell of slide type notes)"

    slides = page.evaluate(SLIDES)
    cells = cells_of(stem)
    tallest = max(slides, key=lambda s: s["height"])
    shots = []
    for name, s in [("1-title", slides[0]), (f"2-tallest-{tallest['number']}", tallest)]:
        page.evaluate(SHOW_SLIDE, [s["h"], s["v"]])
        shot = SHOTS / f"{stem}-{name}.png"
        page.screenshot(path=str(shot))
        shots.append(shot.name)

    overflows = []
    for s in slides:
        if s["height"] <= HEIGHT and s["width"] <= WIDTH and not s["cut"]:
            continue
        named = [{**cells.get(c["id"], {"index": "?", "first": "?"}), "id": c["id"], "height": c["height"],
                  "input": c["input"]} for c in s["cells"]]
        overflows.append({"slide": s["number"], "hash": f"#/{s['h']}/{s['v']}", "height": s["height"],
                          "width": s["width"], "cut": s["cut"], "cells": named})
        if len(overflows) <= 8:
            page.evaluate(SHOW_SLIDE, [s["h"], s["v"]])
            page.screenshot(path=str(SHOTS / f"{stem}-3-overflow-{s['number']}.png"))

    REPORT["decks"][stem] = {"slides": len(slides),
                             "tallest": {"slide": tallest["number"], "height": tallest["height"]},
                             "equations": math["typeset"], "images": len(images), "images_without_alt": no_alt,
                             "notes": len(notes),
                             "overflows": overflows, "screenshots": shots, "blocked": len(offline.blocked)}
    offline.assert_clean(deck.name)
    assert not overflows, f"{deck.name}: slides larger than {WIDTH}x{HEIGHT}:\n" + "\n".join(
        describe(stem, o) for o in overflows)


def suggest(o: dict) -> list[str]:
    """What would make an overflowing slide fit: which code to hide, where to start sub-slides (a split keeps a
    Markdown cell with the code cell right after it)."""
    cells = o["cells"]
    budget = HEIGHT - max(0, o["height"] - sum(c["height"] for c in cells)) - 8
    out, heights = [], []
    for c in cells:
        height = c["height"]
        if height > budget and c.get("input") and height - c["input"] <= budget:
            out.append(f"tag cell {c['index']} [{c['id']}] hide-input (its code is {c['input']} px)")
            height -= c["input"]
        elif height > budget:
            out.append(f"cell {c['index']} [{c['id']}] alone is {height} px: split or shorten its output")
        heights.append(height)
    start, used = 0, 0
    for n, c in enumerate(cells):
        if n > start and used + heights[n] > budget:
            code_after_text = c.get("type") == "code" and cells[n - 1].get("type") == "markdown"
            if code_after_text and n - 1 == start and c.get("input") and used + heights[n] - c["input"] <= budget:
                out.append(f"tag cell {c['index']} [{c['id']}] hide-input (its code is {c['input']} px)")
                heights[n] -= c["input"]
            else:
                k = n - 1 if code_after_text and n - 1 > start else n
                out.append(f"cell {cells[k]['index']} [{cells[k]['id']}] -> subslide")
                start, used = k, sum(heights[k:n])
        used += heights[n]
    if o["width"] > WIDTH or o["cut"]:
        out.append(f"too wide for {WIDTH} px in cells {o['cut']}: shorten lines or make the output narrower")
    return out


def describe(stem: str, o: dict) -> str:
    """One overflowing slide, its cells and a suggested fix, for the failure message and the report."""
    lines = [f"  {stem} slide {o['slide']} ({o['hash']}): {o['width']} x {o['height']} px"
             + (f", content cut in cells {o['cut']}" if o["cut"] else "")]
    for c in o["cells"]:
        lines.append(f"    cell {c['index']} [{c['id']}] {c.get('type', '?')} '{c.get('slide_type', '?')}' "
                     f"{c['height']} px, {c.get('lines', '?')} lines: {c['first']!r}")
    lines += [f"    fix: {f}" for f in suggest(o)]
    return "\n".join(lines)


@pytest.mark.parametrize("page_path", BOOK, ids=lambda p: p.stem)
def test_book_page(offline, page_path):
    page = offline.open(page_path)
    wait_for_mathjax(page)
    page.wait_for_load_state("load")
    math = check_text_and_math(page, f"book/{page_path.name}")
    images = check_images(page, f"book/{page_path.name}")
    no_alt = [i["cell"] for i in images if not i["alt"] or i["alt"].startswith("No description")]
    assert not no_alt, f"book/{page_path.name}: figures without alt text (cells {no_alt})"
    if page_path.stem != "index":
        nav = page.eval_on_selector_all("nav.bpkit-nav-top a", "as => as.map(a => a.getAttribute('href'))")
        assert "index.html" in nav
    width = page.evaluate("() => document.documentElement.scrollWidth")
    shot = SHOTS / f"book-{page_path.stem}.png"
    page.screenshot(path=str(shot))
    REPORT["book"][page_path.stem] = {"equations": math["typeset"], "images": len(images), "page_width": width,
                                      "height": page.evaluate("() => document.documentElement.scrollHeight")}
    offline.assert_clean(f"book/{page_path.name}")
    assert width <= WIDTH, f"book/{page_path.name} is {width} px wide: something does not wrap"


def fixture_notebook() -> nbformat.NotebookNode:
    """A small notebook exercising every rule of the build: tags, long cells, notes, figures, widgets."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().plot([0, 1], [0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    png = base64.b64encode(buf.getvalue()).decode()
    v4 = nbformat.v4

    def cell(kind, source, slide="-", tags=(), outputs=()):
        c = v4.new_markdown_cell(source) if kind == "md" else v4.new_code_cell(source, outputs=list(outputs))
        if kind == "code":
            c.execution_count = 1
        c.metadata["slideshow"] = {"slide_type": slide}
        if tags:
            c.metadata["tags"] = list(tags)
        return c

    long_source = "LONG_INPUT_MARKER = 0\n" + "\n".join(f"x{i} = {i}" for i in range(13))
    cells = [
        cell("md", "# 99 · Fixture\n\nInline $a^2 + b^2 = c^2$, display $$\\frac{\\partial C}{\\partial z}$$", "slide"),
        cell("code", "HIDDEN_INPUT_MARKER = 1\nprint('VISIBLE-OUTPUT')", "subslide", ["hide-input"],
             [v4.new_output("stream", name="stdout", text="VISIBLE-OUTPUT\n")]),
        cell("code", "REMOVED_CELL_MARKER = 1", "-", ["remove-cell"],
             [v4.new_output("stream", name="stdout", text="REMOVED-OUTPUT\n")]),
        cell("code", long_source, "slide", (),
             [v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"},
                            metadata={"image/png": {"alt": "A FIXTURE FIGURE"}})]),
        cell("code", "FIGURE_ONLY_MARKER = 3", "subslide", (),
             [v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"},
                            metadata={"image/png": {"alt": "ANOTHER FIGURE"}})]),
        cell("code", "SHORT_INPUT_MARKER = 2", "-", (),
             [v4.new_output("display_data", data={"text/plain": "VBox(children=(FloatSlider(value=0.0),))"})]),
    ]
    cells[0].metadata["speaker_notes"] = "Say NOTES-FIRST here.\n\nAnd NOTES-SECOND, with $x^2$."
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


def test_build_rules_and_speaker_notes_on_a_fixture(offline, tmp_path):
    from tools import site

    src = tmp_path / "99_fixture.ipynb"
    nbformat.write(fixture_notebook(), src)
    deck = site.build_slides([src], tmp_path / "slides", NODE_MODULES)[0]
    page_path = site.build_book([src], tmp_path / "book", NODE_MODULES)[0]

    html = deck.read_text(encoding="utf-8")
    for absent in ("HIDDEN_INPUT_MARKER", "REMOVED_CELL_MARKER", "REMOVED-OUTPUT", "LONG_INPUT_MARKER", "VBox(",
                   "FIGURE_ONLY_MARKER"):
        assert absent not in html, f"slides: {absent} should not be on a slide"
    for present in ("VISIBLE-OUTPUT", "SHORT_INPUT_MARKER", "A FIXTURE FIGURE", "ANOTHER FIGURE", "run all cells",
                    "NOTES-FIRST"):
        assert present in html, f"slides: {present} missing"
    book = page_path.read_text(encoding="utf-8")
    assert "REMOVED_CELL_MARKER" not in book and "VBox(" not in book
    assert "NOTES-FIRST" not in book, "speaker notes are for the slides, not the book"
    folded = re.findall(r"<details class=\"bpkit-fold\">(.*?)</details>", book, re.S)
    assert any("LONG_INPUT_MARKER" in f for f in folded) and any("HIDDEN_INPUT_MARKER" in f for f in folded)

    page = offline.open(deck)
    page.wait_for_selector("body[data-bpkit-ready]", timeout=60_000)
    check_text_and_math(page, "fixture deck")
    check_images(page, "fixture deck")
    notes = page.evaluate("() => { Reveal.slide(0, 0, 0); return Reveal.getSlideNotes(); }")
    assert "NOTES-FIRST" in notes and "NOTES-SECOND" in notes, f"speaker notes of slide 1: {notes!r}"
    assert "NOTES-FIRST" not in page.evaluate("() => document.body.innerText"), "notes must not show on the slide"
    with page.expect_popup() as popup_info:
        page.keyboard.press("s")
    speaker = popup_info.value
    speaker.wait_for_function("() => (document.querySelector('.speaker-controls-notes') || {}).textContent"
                              "?.includes('NOTES-FIRST')", timeout=20_000)
    speaker.screenshot(path=str(SHOTS / "fixture-speaker-view.png"))
    offline.assert_clean("fixture deck")

    book_page = offline.open(page_path)
    wait_for_mathjax(book_page)
    check_text_and_math(book_page, "fixture book page")
    check_images(book_page, "fixture book page")
    offline.assert_clean("fixture book page")


def write_report():
    """build/screenshots/report.json and report.md: what the browser saw, deck by deck and page by page."""
    (SHOTS / "report.json").write_text(json.dumps(REPORT, indent=1), encoding="utf-8")
    lines = ["# Browser check", "", f"Viewport {WIDTH}x{HEIGHT}, Chromium at {CHROMIUM}, network blocked.", "",
             "| deck | slides | tallest slide | equations | images | without alt | notes | overflowing slides |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for stem, d in REPORT["decks"].items():
        over = ", ".join(str(o["slide"]) for o in d["overflows"]) or "none"
        lines.append(f"| {stem} | {d['slides']} | {d['tallest']['slide']}: {d['tallest']['height']} px | "
                     f"{d['equations']} | {d['images']} | {len(d['images_without_alt'])} | {d['notes']} | {over} |")
    lines += ["", "| book page | equations | images | height |", "| --- | --- | --- | --- |"]
    for stem, b in REPORT["book"].items():
        lines.append(f"| {stem} | {b['equations']} | {b['images']} | {b['height']} px |")
    details = [describe(stem, o) for stem, d in REPORT["decks"].items() for o in d["overflows"]]
    if details:
        lines += ["", "## Overflowing slides", "", "```", *details, "```"]
    (SHOTS / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
