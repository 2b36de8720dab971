"""The book (Sphinx + myst-nb, ``make book``) in a real browser, offline, as a reader uses it.

``make web-check`` builds ``build/book`` and runs this file with ``BPKIT_WEB=1``; without that variable the file is
skipped, so ``make test`` stays fast. Playwright drives ``/usr/bin/chromium`` (no browser download); every request
that leaves the machine is blocked and counted, and a page that tried one fails, as does a missing local file or an
error in the browser console. On every page: mathematics typeset, figures loaded with alt text, the whole course in
the sidebar, the page's contents, previous/next links, a measure of at most ``MAX_MEASURE`` characters, code folded
exactly where the slides hide it and shown everywhere else, no speaker notes. The search page, opened from
``file://``, finds a term, and its first result leads to a page with the term on it. A fixture notebook checks the
build's rules one by one. Screenshots: ``build/screenshots/book-*.png``.
"""

from __future__ import annotations

import functools
import json
import os
import re
from urllib.parse import quote

import nbformat
import pytest

from tools.site import LONG_INPUT, hidden_on_slides  # the slides' rule: the book folds what they hide

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

BOOK = BUILD / "book"
ORDER = ["index"] + [p.stem for p in NOTEBOOKS]  # reading order: the contents page, then every chapter
MAX_MEASURE = 100  # characters a line of body text (about 90 wanted)
MIN_MEASURE = 55
SEARCH_TERMS = ["Jacobian", "momentum"]
REPORT: dict[str, dict] = {"pages": {}, "search": {}}

# Text a reader sees outside mathematics, code and outputs (for raw LaTeX that MathJax left).
VISIBLE_TEXT = """() => {
  const clone = document.querySelector('article.bd-article').cloneNode(true);
  clone.querySelectorAll('script, style, pre, code, .math, .MathJax, .MathJax_CHTML, .MathJax_Preview, '
      + '.MJX_Assistive_MathML, .cell_output').forEach(e => e.remove());
  return clone.textContent;
}"""

MATH = """() => {
  const all = Array.from(document.querySelectorAll('span.math, div.math'));
  return {
    total: all.length,
    typeset: all.filter(e => e.querySelector('.MathJax_CHTML')).length,
    untypeset: all.filter(e => !e.querySelector('.MathJax_CHTML')).map(e => e.textContent.slice(0, 80)),
    errors: Array.from(document.querySelectorAll('.mjx-merror, .MathJax_Error')).map(e => e.textContent.slice(0, 80)),
    // Display maths centred in the column (the theme's flex layout is made for MathJax 3; book.css fixes it for 2).
    offCentre: Array.from(document.querySelectorAll('div.math')).map(d => {
      const box = d.getBoundingClientRect(), math = d.querySelector('.MathJax_CHTML');
      if (!math || math.getBoundingClientRect().width >= box.width - 2) return null;
      const m = math.getBoundingClientRect();
      return Math.abs((m.left + m.right) / 2 - (box.left + box.right) / 2) > 12 ? d.textContent.slice(0, 60) : null;
    }).filter(x => x),
  };
}"""

IMAGES = """() => Array.from(document.querySelectorAll('article.bd-article img')).map(i => ({
  src: i.getAttribute('src').slice(0, 60), loaded: i.complete && i.naturalWidth > 0, alt: i.getAttribute('alt') || '',
}))"""

# Shown to a reader: laid out, not in a closed <details>, not hidden by CSS.
VISIBLE = "e => !!e && e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})"

NAVIGATION = f"""() => {{
  const visible = {VISIBLE};
  const href = a => a.getAttribute('href');
  const side = document.querySelector('.bd-sidebar-primary nav.bd-docs-nav');
  const toc = document.querySelector('.bd-sidebar-secondary nav.page-toc');
  const box = e => e ? e.getBoundingClientRect() : {{left: 0, width: 0}};
  return {{
    sidebar: side ? Array.from(side.querySelectorAll('a.reference.internal')).map(href) : [],
    sidebarTitles: side ? Array.from(side.querySelectorAll('a.reference.internal')).map(a => a.textContent.trim()) : [],
    sidebarBox: {{left: box(side).left, width: box(side).width}}, sidebarVisible: visible(side),
    toc: toc ? Array.from(toc.querySelectorAll('a')).map(href) : [], tocVisible: visible(toc),
    tocBox: {{left: box(toc).left, width: box(toc).width}},
    sections: Array.from(document.querySelectorAll('article.bd-article section > h2'))
      .map(h => '#' + h.parentElement.id),
    prev: (document.querySelector('.prev-next-area a.left-prev') || {{getAttribute: () => null}}).getAttribute('href'),
    next: (document.querySelector('.prev-next-area a.right-next') || {{getAttribute: () => null}}).getAttribute('href'),
  }};
}}"""

# Characters a line of body text: the paragraph's width over the average width of its own characters in its own font
# (paragraphs of plain prose, at least 150 characters, no maths).
MEASURE = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  return Array.from(document.querySelectorAll('article.bd-article p'))
    .filter(p => !p.closest('.cell, nav, summary, .admonition-title') && !p.querySelector('.math, script'))
    .map(p => ({p, text: p.textContent.replace(/\\s+/g, ' ').trim()}))
    .filter(({text}) => text.length >= 150)
    .map(({p, text}) => {
      const cs = getComputedStyle(p);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const average = ctx.measureText(text).width / text.length;
      return {width: p.clientWidth, average: average, chars: p.clientWidth / average, text: text.slice(0, 50)};
    });
}"""

CELLS = f"""() => {{
  const visible = {VISIBLE};
  return Array.from(document.querySelectorAll('article.bd-article div.cell')).map(c => {{
    const input = c.querySelector('.cell_input');
    const fold = input ? input.closest('details') : null;
    const pre = input ? input.querySelector('pre') : null;
    return {{
      source: pre ? pre.textContent : '',
      folded: !!fold && !fold.open, inputVisible: visible(input),
      summary: fold ? fold.querySelector('summary').innerText.trim() : '',
      outputs: Array.from(c.querySelectorAll(':scope > .cell_output')).map(o => visible(o)),
    }};
  }});
}}"""


@pytest.fixture(scope="module")
def browser():
    yield from browser_session(SHOTS, write_report)


def wait_for_mathjax(page) -> None:
    """Wait until MathJax 2 has typeset the page (pages without mathematics do not load it)."""
    if not page.evaluate("() => document.querySelector('span.math, div.math') !== null"):
        return
    page.wait_for_function("window.MathJax && window.MathJax.Hub && window.MathJax.Hub.Register", timeout=30_000)
    # The hook must not return the queue's callback: MathJax would wait for it inside its own startup.
    done = page.evaluate("""() => Promise.race([
      new Promise(r => MathJax.Hub.Register.StartupHook('End', () => { MathJax.Hub.Queue(() => r('typeset')); })),
      new Promise(r => setTimeout(() => r('timeout'), 30000))])""")
    assert done == "typeset", "MathJax did not finish typesetting within 30 s"
    page.evaluate("() => document.fonts.ready.then(() => true)")


def check_math(page, what: str) -> dict:
    math = page.evaluate(MATH)
    assert not math["errors"], f"{what}: MathJax errors: {math['errors'][:5]}"
    assert not math["untypeset"], f"{what}: mathematics not typeset: {math['untypeset'][:5]}"
    assert not math["offCentre"], f"{what}: display maths not centred: {math['offCentre'][:3]}"
    assert_no_raw_tex(page, VISIBLE_TEXT, what)
    return math


def check_images(page, what: str) -> list[dict]:
    images = loaded_images(page, IMAGES, what)
    no_alt = [i["src"] for i in images if not i["alt"] or i["alt"].startswith("_images/")]
    assert not no_alt, f"{what}: figures without alt text: {no_alt[:5]}"
    return images


@functools.cache
def notebook(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)


def title(nb: nbformat.NotebookNode) -> str:
    return nb.cells[0].source.splitlines()[0].lstrip("#").strip()


def note_sentences(nb: nbformat.NotebookNode) -> list[str]:
    """Sentences of the speaker notes (plain words only, at least five) that must not reach the book."""
    out = []
    for cell in nb.cells:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", cell.metadata.get("speaker_notes", "")):
            sentence = sentence.strip()
            if len(sentence.split()) >= 5 and not re.search(r"[$*`_\[\]\\|#>]", sentence):
                out.append(" ".join(sentence.split()))
    return out


def check_folds(page, stem: str) -> dict:
    """Every code cell: folded exactly when the slides hide its code, its outputs shown either way."""
    cells = [c for c in notebook(stem).cells
             if c.cell_type == "code" and "remove-cell" not in c.metadata.get("tags", [])]
    shown = page.evaluate(CELLS)
    assert len(shown) == len(cells), f"book/{stem}: {len(shown)} code cells on the page, {len(cells)} in the notebook"
    folded, longest_open = 0, 0
    for n, (cell, dom) in enumerate(zip(cells, shown, strict=True)):
        lines = len(cell.source.splitlines())
        assert dom["source"].rstrip("\n") == cell.source.rstrip("\n"), f"book/{stem}: code cell {n} differs"
        if hidden_on_slides(cell):
            folded += 1
            assert dom["folded"] and not dom["inputVisible"], f"book/{stem}: code cell {n} ({lines} lines) not folded"
            assert "Show the code" in dom["summary"], f"book/{stem}: fold of cell {n} says {dom['summary']!r}"
        else:
            longest_open = max(longest_open, lines)
            assert dom["inputVisible"] and not dom["folded"], f"book/{stem}: code cell {n} hidden but should show"
        assert all(dom["outputs"]), f"book/{stem}: an output of code cell {n} is hidden"
    return {"folded": folded, "cells": len(cells), "longest_open": longest_open}


def test_every_page_was_built():
    missing = [f"{name}.html" for name in ORDER + ["search"] if not (BOOK / f"{name}.html").exists()]
    missing += [name for name in ("searchindex.js", "_static/mathjax/MathJax.js") if not (BOOK / name).exists()]
    assert not missing, f"not built (run `make book`): {missing}"


@pytest.mark.parametrize("name", ORDER)
def test_book_page(offline, name):
    what = f"book/{name}.html"
    page = offline.open(BOOK / f"{name}.html")
    wait_for_mathjax(page)
    math = check_math(page, what)
    if name != "index":
        assert math["typeset"] > 0, f"{what}: no typeset mathematics"
    images = check_images(page, what)

    nav = page.evaluate(NAVIGATION)
    # The whole course in the sidebar, in reading order (the current page links to "#").
    sidebar = [href.split("#")[0].removesuffix(".html") or name for href in nav["sidebar"]]
    assert sidebar == ORDER, f"{what}: the sidebar lists {sidebar}, not the course {ORDER}"
    titles = nav["sidebarTitles"][1:]
    assert titles == [title(notebook(stem)) for stem in ORDER[1:]], f"{what}: sidebar titles {titles}"
    assert nav["sidebarVisible"] and nav["sidebarBox"]["width"] > 150, f"{what}: the sidebar is not shown"
    # Contents within the page: every section of the page, shown beside it.
    assert nav["sections"], f"{what}: no sections"
    missing = [s for s in nav["sections"] if s not in nav["toc"]]
    assert not missing, f"{what}: sections missing from the page's contents: {missing}"
    assert nav["tocVisible"] and nav["tocBox"]["width"] > 100, f"{what}: the page's contents are not shown"
    # Previous and next, in reading order.
    i = ORDER.index(name)
    want_prev = f"{ORDER[i - 1]}.html" if i > 0 else None
    want_next = f"{ORDER[i + 1]}.html" if i + 1 < len(ORDER) else None
    assert (nav["prev"], nav["next"]) == (want_prev, want_next), f"{what}: previous/next {nav['prev'], nav['next']}"

    measure = page.evaluate(MEASURE)
    assert measure, f"{what}: no paragraph of prose to measure"
    widest = max(m["chars"] for m in measure)
    assert MIN_MEASURE <= widest <= MAX_MEASURE, f"{what}: {widest:.0f} characters a line ({measure[0]})"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{what} is {width} px wide: something does not wrap"

    folds = {}
    if name != "index":
        folds = check_folds(page, name)
        text = " ".join(page.evaluate("() => document.body.innerText").split())
        shown_notes = [s for s in note_sentences(notebook(name)) if s in text]
        assert not shown_notes, f"{what}: speaker notes in the book: {shown_notes[:3]}"
    page.screenshot(path=str(SHOTS / f"book-{name}.png"))
    REPORT["pages"][name] = {"equations": math["typeset"], "images": len(images), "sidebar": len(nav["sidebar"]),
                             "toc": len(nav["toc"]), "measure": round(widest), **folds}
    offline.assert_clean(what)


def test_speaker_notes_are_checked():
    """The notes check above is not vacuous: the course has speaker notes with plain sentences to look for."""
    assert sum(len(note_sentences(notebook(stem))) for stem in ORDER[1:]) >= 10


def expected_page(term: str) -> str:
    """The chapter whose Markdown says ``term`` most often: the search must find it."""
    counts = {stem: sum(len(re.findall(term, c.source, re.I)) for c in notebook(stem).cells
                        if c.cell_type == "markdown") for stem in ORDER[1:]}
    best = max(counts, key=lambda s: counts[s])
    assert counts[best] > 0, f"no chapter says {term!r}: choose another search term"
    return best


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_finds_a_term_and_follows_a_result(offline, term):
    if term == SEARCH_TERMS[0]:
        # As a reader: the search box of a chapter's sidebar, Enter, the results page.
        page = offline.open(BOOK / f"{ORDER[1]}.html")
        page.locator(".bd-sidebar-primary .search-button-field:visible").first.click()
        page.fill("#pst-search-dialog[open] form.bd-search input", term)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "search.html" in page.url and f"q={term}" in page.url, f"the search box went to {page.url}"
    else:
        page = offline.open((BOOK / "search.html").as_uri() + "?q=" + quote(term))
    page.wait_for_function("() => /Search finished/.test((document.querySelector('#search-results') || {})"
                           ".innerText || '')", timeout=30_000)
    results = page.evaluate("""() => Array.from(document.querySelectorAll('#search-results ul.search li')).map(li => ({
      href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').innerText,
      summary: (li.querySelector('p.context') || {}).innerText || ''}))""")
    pages = [r["href"].split("#")[0].split("?")[0].removesuffix(".html") for r in results]
    want = expected_page(term)
    assert want in pages, f"search for {term!r}: {want} not among the results {pages}"
    # Summaries come from bpkit-search-pages.js (fetch() is refused on file://): the term shows in them.
    assert any(term.lower() in r["summary"].lower() for r in results), f"search for {term!r}: no summaries"
    page.wait_for_timeout(300)  # the last summaries
    page.screenshot(path=str(SHOTS / f"book-search-{term}.png"))
    REPORT["search"][term] = {"results": pages, "expected": want}

    with page.expect_navigation():
        page.click("#search-results ul.search li a >> nth=0")
    assert page.url.split("/")[-1].split("?")[0].split("#")[0] == results[0]["href"].split("#")[0].split("?")[0]
    wait_for_mathjax(page)
    assert term.lower() in page.evaluate("() => document.body.innerText").lower(), f"{term!r} not on {page.url}"
    page.screenshot(path=str(SHOTS / f"book-search-{term}-result.png"))
    offline.assert_clean(f"search for {term!r}")


def fixture_notebook() -> nbformat.NotebookNode:
    """A small notebook exercising every rule of the build: tags, long cells, notes, figures, widgets."""
    v4 = nbformat.v4
    cell, png = fixture_cell, figure_png

    def lines(marker: str, n: int) -> str:
        return "\n".join([f"{marker} = 0"] + [f"x{i} = {i}" for i in range(n - 1)])

    cells = [
        cell("md", "# 99 · Fixture\n\nInline $a^2 + b^2 = c^2$, display $$\\frac{\\partial C}{\\partial z}$$\n\n"
             "## A section\n\nSome prose."),
        cell("code", "HIDDEN_INPUT_MARKER = 1\nprint('VISIBLE-OUTPUT')", "-", ["hide-input"],
             [v4.new_output("stream", name="stdout", text="VISIBLE-OUTPUT\n")]),
        cell("code", "REMOVED_CELL_MARKER = 1", "-", ["remove-cell"],
             [v4.new_output("stream", name="stdout", text="REMOVED-OUTPUT\n")]),
        cell("code", lines("LONG_INPUT_MARKER", LONG_INPUT + 1), "-", (),
             [v4.new_output("stream", name="stdout", text="LONG-OUTPUT\n")]),
        cell("code", lines("EIGHT_LINES_MARKER", LONG_INPUT), "-", (),
             [v4.new_output("stream", name="stdout", text="EIGHT-OUTPUT\n")]),
        cell("code", "FIGURE_ONLY_MARKER = 3", "-", (),
             [v4.new_output("display_data", data={"image/png": png([0, 1]), "text/plain": "<Figure>"},
                            metadata={"image/png": {"alt": "A FIXTURE FIGURE"}})]),
        cell("code", "SHOWN_FIGURE_MARKER = 4", "-", ["show-input"],
             [v4.new_output("display_data", data={"image/png": png([1, 0]), "text/plain": "<Figure>"},
                            metadata={"image/png": {"alt": "ANOTHER FIGURE"}})]),
        cell("code", "SHORT_INPUT_MARKER = 2", "-", (),
             [v4.new_output("display_data", data={"text/plain": "VBox(children=(FloatSlider(value=0.0),))"})]),
    ]
    cells[0].metadata["speaker_notes"] = "Say NOTESFIRST here.\n\nAnd NOTESSECOND, with $x^2$."
    cells[3].metadata["speaker_notes"] = "NOTESTHIRD on a code cell."
    return fixture_notebook_of(cells)


def test_build_rules_on_a_fixture(offline, tmp_path):
    from tools import book

    src = tmp_path / "99_fixture.ipynb"
    nbformat.write(fixture_notebook(), src)
    before = src.read_bytes()
    page_path = book.build_book([src], tmp_path / "book", NODE_MODULES, work=tmp_path / "work")[0]
    assert src.read_bytes() == before, "the build must not touch its notebooks"

    html = page_path.read_text(encoding="utf-8")
    for absent in ("REMOVED_CELL_MARKER", "REMOVED-OUTPUT", "VBox(", "NOTESFIRST", "NOTESSECOND", "NOTESTHIRD"):
        assert absent not in html, f"book: {absent} should not be in the page"
    for present in ("VISIBLE-OUTPUT", "LONG-OUTPUT", "EIGHT-OUTPUT", 'alt="A FIXTURE FIGURE"', 'alt="ANOTHER FIGURE"',
                    "run all cells"):
        assert present in html, f"book: {present} missing"
    search_text = (tmp_path / "book" / "searchindex.js").read_text(encoding="utf-8")
    assert "fixtur" in search_text and not re.search(r"notes(first|second|third)", search_text.lower()), \
        "speaker notes must not be searchable"

    page = offline.open(page_path)
    wait_for_mathjax(page)
    assert check_math(page, "fixture")["typeset"] >= 2
    check_images(page, "fixture")
    cells = {re.search(r"[A-Z_]+_MARKER", c["source"]).group(0): c for c in page.evaluate(CELLS)}
    want_folded = {"HIDDEN_INPUT_MARKER": True, "LONG_INPUT_MARKER": True, "EIGHT_LINES_MARKER": False,
                   "FIGURE_ONLY_MARKER": True, "SHOWN_FIGURE_MARKER": False, "SHORT_INPUT_MARKER": False}
    assert {k: c["folded"] for k, c in cells.items()} == want_folded
    assert all(c["inputVisible"] != c["folded"] and all(c["outputs"]) for c in cells.values())
    assert cells["LONG_INPUT_MARKER"]["summary"] == f"Show the code ({LONG_INPUT + 1} lines)"
    # A fold opens on a click and shows its code.
    page.click("details:has(.cell_input:has-text('LONG_INPUT_MARKER')) > summary")
    assert page.is_visible("text=LONG_INPUT_MARKER")
    offline.assert_clean("fixture book")


def write_report():
    """build/screenshots/book-report.md and .json: what the browser saw, page by page, and the searches."""
    (SHOTS / "book-report.json").write_text(json.dumps(REPORT, indent=1), encoding="utf-8")
    lines = ["# Book in the browser", "", f"Viewport {WIDTH}x{HEIGHT}, Chromium at {CHROMIUM}, network blocked.", "",
             "| page | equations | figures | sidebar links | contents links | characters a line | folded code cells "
             "| longest code shown |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in REPORT["pages"].items():
        folded = f"{r['folded']} of {r['cells']}" if "cells" in r else "-"
        lines.append(f"| {name} | {r['equations']} | {r['images']} | {r['sidebar']} | {r['toc']} | {r['measure']} | "
                     f"{folded} | {r.get('longest_open', '-')} |")
    lines += ["", "| search | results | expected page |", "| --- | --- | --- |"]
    for term, r in REPORT["search"].items():
        lines.append(f"| {term} | {', '.join(r['results'])} | {r['expected']} |")
    (SHOTS / "book-report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_build_fails_on_a_warning(tmp_path):
    """A warning (here a link to a chapter that does not exist) fails the build, naming the problem."""
    from tools import book

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 98 · Broken\n\nSee {doc}`no_such_chapter`.")])
    src = tmp_path / "98_broken.ipynb"
    nbformat.write(nb, src)
    with pytest.raises(SystemExit, match="no_such_chapter"):
        book.build_book([src], tmp_path / "book", NODE_MODULES, work=tmp_path / "work")
