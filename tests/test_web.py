"""The slides in a real browser, offline: mathematics typeset, figures loaded, slides that fit 1280x720.

``make web-check`` builds ``build/slides`` (and the book, checked by ``tests/test_web_book.py``), installs Debian's
chromium if it is missing, and runs this file with ``BPKIT_WEB=1``; without that variable the file is skipped, so
``make test`` stays fast. Playwright drives ``/usr/bin/chromium`` (no browser download). Every request that leaves
the machine (anything but ``file:``, ``data:``, ``about:`` and ``blob:``) is blocked and counted, and a page that
tried one fails.

Every deck is measured as a lecture hall sees it, slide by slide, and fails on any miss: the right arrow (pressed),
space and page down visit every slide in order; prose at least 24 px and code 18 px (effective pixels at 1280x720);
at most 8 lines of code, 70 words of prose and 10 table rows on a slide; speaker notes of their own on at least 60 %
of the slides, with no TeX left raw in them; every slide within 1280x720. A fixture notebook checks the build's rules
and opens the speaker view. Screenshots (title, densest, longest-code, longest-table and tallest slide of every deck,
every overflowing slide, the speaker view) and a report (``report.md``, ``report.json``) go to
``build/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re

import nbformat
import pytest

if os.environ.get("BPKIT_WEB") != "1":
    pytest.skip("browser check: run `make web-check` (sets BPKIT_WEB=1)", allow_module_level=True)

from offline_browser import (  # noqa: E402 (after the skip)
    BUILD,
    CHROMIUM,
    HEIGHT,
    NODE_MODULES,
    NOTEBOOKS,
    ROOT,
    SHOTS,
    WIDTH,
    assert_no_raw_tex,
    browser_session,
    figure_png,
    fixture_cell,
    fixture_notebook_of,
    loaded_images,
    offline_page,  # noqa: F401 (the fixture `offline`)
)

DECKS = [BUILD / "slides" / f"{p.stem}.slides.html" for p in NOTEBOOKS]
REPORT: dict[str, dict] = {"decks": {}}

# Unrendered mathematics in the visible text: $...$, $$, \( or \[ (code, outputs in <pre> and notes excluded).

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

# Every leaf slide (a section without sections inside), measured as a lecture hall sees it: its size after layout and
# the cells it holds; the smallest prose, code and heading text in effective pixels (computed font size times the
# scale reveal.js applies to the 1280x720 slide in the window); words of prose (no code, no mathematics, fragments
# included); lines of code (code cells and fenced code, not outputs); body rows of its longest table and printed
# table; and its speaker notes, with any TeX left raw in them.
SLIDES = r"""() => {
  const leaves = Array.from(document.querySelectorAll('.reveal .slides section'))
    .filter(s => !s.querySelector('section'));
  const id = c => ((c && c.id) || '').replace('cell-id=', '');
  const shown = leaves.find(s => s.offsetWidth > 0);
  const scale = shown ? shown.getBoundingClientRect().width / shown.offsetWidth : Reveal.getScale();
  const MATH = 'script, style, aside.notes, math, .MathJax_Preview, .mjx-chtml, .MathJax_CHTML, .MJX_Assistive_MathML, '
    + '.MJXc-display, .MathJax, .MathJax_Display';
  const RULE = /^-+( +-+)*$/;
  const RAW = /\$|\\[A-Za-z]{2,}|\\[()[\]]/;
  return leaves.map((s, n) => {
    const i = Reveal.getIndices(s);
    const cells = Array.from(s.querySelectorAll('.jp-Cell')).filter(c => !c.closest('aside'))
      .map(c => ({id: id(c), height: c.offsetHeight, width: c.scrollWidth,
                  input: (c.querySelector('.jp-CodeCell .jp-Cell-inputWrapper') || {}).offsetHeight || 0}));
    const cut = Array.from(s.querySelectorAll('pre, table, .jp-OutputArea-output, .MJXc-display, img'))
      .filter(e => e.scrollWidth > e.clientWidth + 4 || e.offsetWidth > s.clientWidth + 4)  // 4 px: a stroke
      .map(e => id(e.closest('.jp-Cell')));
    let words = 0, body = 1e9, code = 1e9, heading = 1e9, smallest = '';
    const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement, text = t.textContent.trim();
      if (!text || el.closest(MATH) || !el.getClientRects().length) continue;
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (el.closest('pre, code, kbd, samp')) { code = Math.min(code, px); continue; }
      words += text.split(/\s+/).filter(w => /[\p{L}\p{N}]/u.test(w)).length;
      if (el.closest('h1, h2, h3, h4, h5, h6')) { heading = Math.min(heading, px); continue; }
      if (px < body) { body = px; smallest = el.tagName.toLowerCase() + ': ' + text.slice(0, 40); }
    }
    const pres = Array.from(s.querySelectorAll('pre')).filter(p => p.getClientRects().length);
    const codeLines = pres.filter(p => !p.closest('.jp-OutputArea, aside'))
      .reduce((sum, p) => sum + p.textContent.replace(/\s+$/, '').split('\n').length, 0);
    const tableRows = Math.max(0, ...Array.from(s.querySelectorAll('table')).filter(t => !t.closest('aside'))
      .map(t => t.querySelectorAll('tbody tr').length || Math.max(0, t.querySelectorAll('tr').length - 1)));
    const printedRows = Math.max(0, ...pres.filter(p => p.closest('.jp-OutputArea')).map(p => {
      const lines = p.textContent.split('\n');
      let most = 0;
      lines.forEach((line, k) => {
        if (k === 0 || !RULE.test(line.trimEnd()) || !lines[k - 1].trim()) return;
        let rows = 0;
        while (k + 1 + rows < lines.length && lines[k + 1 + rows].trim()) rows++;
        most = Math.max(most, rows);
      });
      return most;
    }));
    const asides = Array.from(s.querySelectorAll('aside.notes')).filter(a => a.closest('section') === s);
    const notes = asides.filter(a => !a.hasAttribute('data-continued'));
    const notesText = asides.map(a => {
      const c = a.cloneNode(true);
      c.querySelectorAll('math').forEach(m => m.remove());
      return c.textContent;
    }).join(' ');
    return {number: n + 1, h: i.h, v: i.v, height: s.scrollHeight, width: s.scrollWidth, cells: cells,
            cut: Array.from(new Set(cut)), math: s.querySelectorAll('.mjx-chtml.MathJax_CHTML').length,
            words: words, body: body, code: code, heading: heading, smallest: smallest, code_lines: codeLines,
            table_rows: tableRows, printed_rows: printedRows, scale: scale,
            fragments: s.querySelectorAll('.fragment').length, continued: s.hasAttribute('data-bpkit-continued'),
            notes: notes.some(a => a.textContent.trim()), continued_notes: asides.length > notes.length,
            notes_math: notes.reduce((k, a) => k + a.querySelectorAll('math').length, 0),
            notes_raw: RAW.test(notesText) ? notesText.match(/.{0,30}(\$|\\[A-Za-z]{2,}|\\[()[\]]).{0,30}/s)[0] : ''};
  });
}"""

# Every key press that moves on, logged: the slides reached, in order.
LOG_VISITS = """() => {
  Reveal.slide(0, 0, -1);
  window.bpkitVisits = [];
  if (!window.bpkitLogging) {
    Reveal.on('slidechanged', e => window.bpkitVisits.push([e.indexh, e.indexv]));
    window.bpkitLogging = true;
  }
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
  return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(Reveal.getIndices()))));
}"""

# The same key pressed ``n`` times inside the page: reveal.js's own key handler, without a round trip per key.
PRESS_IN_PAGE = """([code, n]) => {
  for (let i = 0; i < n; i++) {
    document.dispatchEvent(new KeyboardEvent('keydown', {keyCode: code, which: code, bubbles: true}));
  }
}"""

AT_END = """() => ({last: Reveal.isLastSlide(), more: Reveal.availableFragments().next, at: Reveal.getIndices(),
              visits: window.bpkitVisits})"""

SHOW_SLIDE = """([h, v]) => {
  Reveal.slide(h, v, 0);
  for (let k = 0; k < 200 && Reveal.nextFragment(); k++) {}
  return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(Reveal.getIndices()))));
}"""


@pytest.fixture(scope="module")
def browser():
    yield from browser_session(SHOTS, write_report)


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
    assert_no_raw_tex(page, VISIBLE_TEXT, what)
    return math


def check_images(page, what: str) -> list[dict]:
    images = loaded_images(page, IMAGES, what)
    return images


def test_every_page_was_built():
    missing = [str(p.relative_to(ROOT)) for p in DECKS + [BUILD / "slides" / "index.html"] if not p.exists()]
    assert not missing, f"not built (run `make slides`): {missing}"


def test_slide_index_lists_every_deck_in_reading_order(offline):
    page = offline.open(BUILD / "slides" / "index.html")
    links = page.eval_on_selector_all("ul a", "as => as.map(a => a.getAttribute('href'))")
    assert links == [d.name for d in DECKS]
    offline.assert_clean("slides/index.html")


# What a slide in a lecture hall may hold (issue 23); the builder's limits are a little tighter (tools/site.py).
MIN_BODY_PX, MIN_CODE_PX = 24, 18  # effective pixels at 1280x720: prose (p, li, td, th, outputs), code and printed
MAX_CODE_LINES, MAX_WORDS, MAX_TABLE_ROWS = 8, 70, 10
MIN_NOTES = 0.6  # share of a deck's slides with speaker notes
NEXT_KEYS = {"ArrowRight": 39, "Space": 32, "PageDown": 34}  # key codes, as reveal.js reads them


def visits_with(page, key: str, slides: list[dict], real: bool = True) -> dict:
    """Press ``key`` from the first slide (fragments hidden) as often as there are steps (slides and fragments):
    whether every slide was reached, in order, and the deck ends on its last slide with every fragment shown.
    ``real``: through the browser's keyboard (about 70 ms a key), else as key events dispatched in the page."""
    start = page.evaluate(LOG_VISITS)
    steps = len(slides) - 1 + sum(s["fragments"] for s in slides)
    if real:
        for _ in range(steps):
            page.keyboard.press(key)
    else:
        page.evaluate(PRESS_IN_PAGE, [NEXT_KEYS[key], steps])
    end = page.evaluate(AT_END)
    expected = [[s["h"], s["v"]] for s in slides[1:]]
    visited = end["visits"]
    missed = [f"{h}/{v}" for h, v in expected if [h, v] not in visited]
    ok = visited == expected and end["last"] and not end["more"]
    return {"ok": ok, "missed": missed, "visited": len(visited), "expected": len(expected),
            "ends": f"{end['at']['h']}/{end['at']['v']}", "steps": steps, "start": start, "first": visited[:6]}


@pytest.mark.parametrize("deck", DECKS, ids=lambda p: p.name.split(".")[0])
def test_deck(offline, deck):
    stem = deck.name.split(".")[0]
    page = offline.open(deck)
    page.wait_for_selector("body[data-bpkit-ready]", timeout=60_000)
    page.add_style_tag(content="* { transition: none !important; }")  # screenshots without fading fragments
    math = check_text_and_math(page, deck.name)
    images = check_images(page, deck.name)
    no_alt = [i["cell"] for i in images if not i["alt"] or i["alt"].startswith("No description")]
    slides = page.evaluate(SLIDES)
    cells = cells_of(stem)
    problems = []

    # Navigation: every key that means "next" visits every slide, in order, from the first to the last: the right
    # arrow pressed on the keyboard, space and page down through reveal.js's key handler (the fixture deck presses
    # them on the keyboard too).
    navigation = {key: visits_with(page, key, slides, real=key == "ArrowRight") for key in NEXT_KEYS}
    for key, nav in navigation.items():
        if not nav["ok"]:
            problems.append(f"{key} x {nav['steps']} reached {nav['visited']} of {nav['expected']} slides after the "
                            f"first, ending at {nav['ends']}; never reached: {nav['missed'][:10]} "
                            f"(from {nav['start']}: {nav['first']})")

    def where(s: dict) -> str:
        return f"slide {s['number']} (#/{s['h']}/{s['v']})"
    body = min(slides, key=lambda s: s["body"])
    code = min(slides, key=lambda s: s["code"])
    longest = max(slides, key=lambda s: s["code_lines"])
    densest = max(slides, key=lambda s: s["words"])
    rows = max(slides, key=lambda s: max(s["table_rows"], s["printed_rows"]))
    with_notes = sum(1 for s in slides if s["notes"])
    for s in slides:
        if s["body"] < MIN_BODY_PX:
            problems.append(f"{where(s)}: prose at {s['body']:.1f} px ({s['smallest']!r}), under {MIN_BODY_PX} px")
        if s["code"] < MIN_CODE_PX:
            problems.append(f"{where(s)}: code at {s['code']:.1f} px, under {MIN_CODE_PX} px")
        if s["heading"] < 1e9 and s["heading"] <= max(MIN_BODY_PX, s["body"] if s["body"] < 1e9 else 0):
            problems.append(f"{where(s)}: a heading at {s['heading']:.1f} px is no bigger than the prose")
        if s["code_lines"] > MAX_CODE_LINES:
            problems.append(f"{where(s)}: {s['code_lines']} lines of code (at most {MAX_CODE_LINES})")
        if s["words"] > MAX_WORDS:
            problems.append(f"{where(s)}: {s['words']} words of prose (at most {MAX_WORDS})")
        if max(s["table_rows"], s["printed_rows"]) > MAX_TABLE_ROWS:
            problems.append(f"{where(s)}: a table of {max(s['table_rows'], s['printed_rows'])} rows "
                            f"(at most {MAX_TABLE_ROWS})")
        if s["notes_raw"]:
            problems.append(f"{where(s)}: raw TeX in the speaker notes: {s['notes_raw']!r}")
    if with_notes < MIN_NOTES * len(slides):
        problems.append(f"speaker notes on {with_notes} of {len(slides)} slides (at least {MIN_NOTES:.0%})")

    tallest = max(slides, key=lambda s: s["height"])
    shots = []
    for name, s in [("1-title", slides[0]), (f"2-densest-{densest['number']}", densest),
                    (f"2-code-{longest['number']}", longest), (f"2-table-{rows['number']}", rows),
                    (f"2-tallest-{tallest['number']}", tallest)]:
        if any(shot.endswith(f"-{s['number']}.png") for shot in shots) and name != "1-title":
            continue
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

    REPORT["decks"][stem] = {"slides": len(slides), "scale": slides[0]["scale"],
                             "continued": sum(1 for s in slides if s["continued"]),
                             "body_px": round(body["body"], 1), "body_slide": body["number"],
                             "code_px": round(code["code"], 1) if code["code"] < 1e9 else None,
                             "code_lines": longest["code_lines"], "code_slide": longest["number"],
                             "words": densest["words"], "words_slide": densest["number"],
                             "table_rows": max(rows["table_rows"], rows["printed_rows"]),
                             "notes": with_notes, "notes_continued": sum(1 for s in slides if s["continued_notes"]),
                             "notes_math": sum(s["notes_math"] for s in slides),
                             "navigation": {k: v["ok"] for k, v in navigation.items()},
                             "tallest": {"slide": tallest["number"], "height": tallest["height"]},
                             "equations": math["typeset"], "images": len(images), "images_without_alt": no_alt,
                             "overflows": overflows, "problems": problems, "screenshots": shots,
                             "blocked": len(offline.blocked)}
    offline.assert_clean(deck.name)
    problems += [describe(stem, o) for o in overflows]
    assert not problems, f"{deck.name}: {len(problems)} problems for a lecture hall:\n" + "\n".join(problems)


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


def fixture_notebook() -> nbformat.NotebookNode:
    """A small notebook exercising every rule of the build: tags, long cells, notes, figures, widgets, and what a
    slide may hold (long prose, a long table, a long printed table, code of 8 and 9 lines)."""
    v4 = nbformat.v4
    cell, png = fixture_cell, figure_png([0, 1])

    long_source = "LONG_INPUT_MARKER = 0\n" + "\n".join(f"x{i} = {i}" for i in range(13))
    sentence = "Every sentence of this paragraph about the weight $w^l_{jk}$ has about twelve words in it. "
    prose = "## Long prose\n\n" + "PROSE-START " + sentence * 7 + "\n\n" + sentence * 5 + "PROSE-END."
    table = "| FIXTURE-HEADER | value |\n| --- | --- |\n" + "\n".join(f"| row {i} | $x_{{{i}}}$ |" for i in range(25))
    printed = "name   value\n-----  -----\n" + "".join(f"r{i:<4}  {i:5d}\n" for i in range(25))
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
        cell("md", prose, "slide"),
        cell("md", table, "subslide"),
        cell("code", "EIGHT_LINES_MARKER = 8\n" + "\n".join(f"y{i} = {i}" for i in range(7)), "subslide", (),
             [v4.new_output("stream", name="stdout", text=printed)]),
        cell("code", "NINE_LINES_MARKER = 9\n" + "\n".join(f"y{i} = {i}" for i in range(8)), "subslide", (),
             [v4.new_output("stream", name="stdout", text="NINE-LINES-OUTPUT\n")]),
    ]
    cells[0].metadata["speaker_notes"] = "Say NOTES-FIRST here.\n\nAnd NOTES-SECOND, with $x^2$."
    cells[6].metadata["speaker_notes"] = "NOTES-PROSE: stress $\\frac{\\partial C}{\\partial w}$, then $$\\sum_j a_j$$"
    return fixture_notebook_of(cells)


def test_build_rules_and_speaker_notes_on_a_fixture(offline, tmp_path):
    from tools import site

    src = tmp_path / "99_fixture.ipynb"
    nbformat.write(fixture_notebook(), src)
    deck = site.build_slides([src], tmp_path / "slides", NODE_MODULES)[0]

    html = deck.read_text(encoding="utf-8")
    for absent in ("HIDDEN_INPUT_MARKER", "REMOVED_CELL_MARKER", "REMOVED-OUTPUT", "LONG_INPUT_MARKER", "VBox(",
                   "FIGURE_ONLY_MARKER", "NINE_LINES_MARKER"):
        assert absent not in html, f"slides: {absent} should not be on a slide"
    for present in ("VISIBLE-OUTPUT", "SHORT_INPUT_MARKER", "A FIXTURE FIGURE", "ANOTHER FIGURE", "run all cells",
                    "NOTES-FIRST", "EIGHT_LINES_MARKER", "NINE-LINES-OUTPUT"):
        assert present in html, f"slides: {present} missing"
    assert "$x^2$" not in html and "\\frac{\\partial C}{\\partial w}" not in html.split("<aside")[-1], \
        "speaker notes: mathematics left as TeX"

    page = offline.open(deck)
    page.wait_for_selector("body[data-bpkit-ready]", timeout=60_000)
    check_text_and_math(page, "fixture deck")
    check_images(page, "fixture deck")
    slides = page.evaluate(SLIDES)
    texts = page.evaluate("() => Array.from(document.querySelectorAll('.reveal .slides section'))"
                          ".filter(s => !s.querySelector('section')).map(s => s.textContent)")
    assert all(s["words"] <= MAX_WORDS for s in slides), [s["words"] for s in slides]
    assert all(s["code_lines"] <= MAX_CODE_LINES for s in slides), [s["code_lines"] for s in slides]
    assert all(max(s["table_rows"], s["printed_rows"]) <= MAX_TABLE_ROWS for s in slides)
    assert min(s["body"] for s in slides) >= MIN_BODY_PX and min(s["code"] for s in slides) >= MIN_CODE_PX
    prose = [n for n, t in enumerate(texts) if "Every sentence" in t]
    assert len(prose) >= 2 and "PROSE-START" in texts[prose[0]] and "PROSE-END" in texts[prose[-1]], \
        "long prose: split over consecutive slides, in order"
    assert sum("FIXTURE-HEADER" in t for t in texts) == 3, "a 25-row table: three slides, each with the header"
    assert sum("name   value" in t for t in texts) == 3, "a 25-row printed table: three slides, each with the header"
    assert slides[prose[0]]["notes"] and not any(slides[n]["notes"] for n in prose[1:]), \
        "notes belong to the slide where their cell starts"
    assert all(slides[n]["continued_notes"] for n in prose[1:]), "a continued slide repeats its slide's notes"
    for key in NEXT_KEYS:
        nav = visits_with(page, key, slides)
        assert nav["ok"], f"fixture deck, {key}: {nav}"
    notes = page.evaluate("() => { Reveal.slide(0, 0, 0); return Reveal.getSlideNotes(); }")
    assert "NOTES-FIRST" in notes and "NOTES-SECOND" in notes and "<math" in notes, f"notes of slide 1: {notes!r}"
    assert "NOTES-FIRST" not in page.evaluate("() => document.body.innerText"), "notes must not show on the slide"
    h, v = slides[prose[0]]["h"], slides[prose[0]]["v"]
    page.evaluate(f"() => Reveal.slide({h}, {v}, 0)")
    with page.expect_popup() as popup_info:
        page.keyboard.press("s")
    speaker = popup_info.value
    speaker.wait_for_function("() => (document.querySelector('.speaker-controls-notes') || {}).textContent"
                              "?.includes('NOTES-PROSE')", timeout=20_000)
    shown = speaker.evaluate("""() => {
      const box = document.querySelector('.speaker-controls-notes .value'), copy = box.cloneNode(true);
      copy.querySelectorAll('math').forEach(m => m.remove());
      return {text: copy.textContent, math: Array.from(box.querySelectorAll('math'))
                .map(m => [m.getBoundingClientRect().width, m.getBoundingClientRect().height])};
    }""")
    assert len(shown["math"]) == 2 and all(w > 5 and h > 5 for w, h in shown["math"]), \
        f"speaker view: mathematics not typeset: {shown}"
    assert not re.search(r"\$|\\[A-Za-z]{2,}", shown["text"]), f"speaker view: raw TeX: {shown['text']!r}"
    speaker.screenshot(path=str(SHOTS / "fixture-speaker-view.png"))
    offline.assert_clean("fixture deck")


def write_report():
    """build/screenshots/report.json and report.md: what the browser saw, deck by deck."""
    (SHOTS / "report.json").write_text(json.dumps(REPORT, indent=1), encoding="utf-8")
    lines = ["# Browser check", "", f"Viewport {WIDTH}x{HEIGHT}, Chromium at {CHROMIUM}, network blocked. Sizes are "
             "effective pixels (computed size times reveal.js's scale); a slide is a leaf section (sub-slides count).",
             "", f"Bounds: prose >= {MIN_BODY_PX} px, code >= {MIN_CODE_PX} px, <= {MAX_CODE_LINES} lines of code, "
             f"<= {MAX_WORDS} words, <= {MAX_TABLE_ROWS} table rows, notes on >= {MIN_NOTES:.0%} of slides, "
             f"every slide reached by {', '.join(NEXT_KEYS)}.", "",
             "| deck | slides (continued in the browser) | smallest prose px | smallest code px "
             "| longest code (lines) | densest (words) "
             "| longest table (rows) | slides with notes of their own | right arrow reaches all | space, page down "
             "| equations | images | overflowing slides | problems |",
             "| --- " * 14 + "|"]
    for stem, d in REPORT["decks"].items():
        over = ", ".join(str(o["slide"]) for o in d["overflows"]) or "none"
        nav = d["navigation"]
        code_px = f"{d['code_px']}" if d["code_px"] is not None else "no code"
        lines.append(
            f"| {stem} | {d['slides']} ({d['continued']}) | {d['body_px']} (slide {d['body_slide']}) | {code_px} "
            f"| {d['code_lines']} (slide {d['code_slide']}) | {d['words']} (slide {d['words_slide']}) "
            f"| {d['table_rows']} | {d['notes']} of {d['slides']} ({d['notes'] / d['slides']:.0%}; "
            f"{d['notes_continued']} more continue a slide's notes) "
            f"| {'yes' if nav['ArrowRight'] else 'NO'} | {'yes' if nav['Space'] and nav['PageDown'] else 'NO'} "
            f"| {d['equations']} | {d['images']} | {over} | {len(d['problems'])} |")
    problems = [f"{stem}: {p}" for stem, d in REPORT["decks"].items() for p in d["problems"]]
    if problems:
        lines += ["", "## Problems", "", *[f"- {p}" for p in problems]]
    details = [describe(stem, o) for stem, d in REPORT["decks"].items() for o in d["overflows"]]
    if details:
        lines += ["", "## Overflowing slides", "", "```", *details, "```"]
    (SHOTS / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
