"""What both web checks share (tests/test_web.py for the slides, tests/test_web_book.py for the book): the browser,
Debian's Chromium driven by Playwright, every request that leaves the machine blocked and counted, a missing local
file or an error in the browser console collected, so that a page that needs the network fails its test; and the
pieces of their fixture notebooks (cells, a figure, the notebook)."""

from __future__ import annotations

import base64
import importlib
import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

CHROMIUM = os.environ.get("BPKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
WIDTH, HEIGHT = 1280, 720
LOCAL = ("file:", "data:", "about:", "blob:")
ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
NODE_MODULES = BUILD / "web" / "node_modules"
SHOTS = BUILD / "screenshots"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Unrendered mathematics in the visible text: $...$, $$, \( or \[.
RAW_TEX = re.compile(r"\$\$|\$[^$\s][^$\n]{0,200}?\$|\\\(|\\\[")


class OfflinePage:
    """A browser page on which every non-local request is blocked and counted, and errors are collected."""

    def __init__(self, browser: Any, allow: tuple[str, ...] = ()):
        """``allow``: more URL prefixes that count as local (a server that a test started on this machine)."""
        self.context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        self.local = LOCAL + allow
        self.blocked: list[str] = []
        self.missing: list[str] = []
        self.errors: list[str] = []
        self.context.route(lambda url: not url.startswith(self.local), lambda route: route.abort())  # counted below
        self.context.on("request", self._request)
        self.context.on("page", self._watch)
        self.page = self.context.new_page()

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.local):
            self.blocked.append(request.url)

    def _watch(self, page: Any) -> None:
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("requestfailed", self._failed)
        page.on("websocket", lambda ws: None if ws.url.startswith(self.local) else self.blocked.append(ws.url))

    def _failed(self, request: Any) -> None:
        # A load cut short because the page navigated on (net::ERR_ABORTED: a font still loading when a link is
        # followed) is not a missing file; a file that is not there fails with net::ERR_FILE_NOT_FOUND.
        if request.url.startswith("file:") and "ERR_ABORTED" not in (request.failure or ""):
            self.missing.append(f"{request.url} ({request.failure})")

    def open(self, url: str | Path) -> Any:
        self.page.goto(url.as_uri() if isinstance(url, Path) else url)
        self.page.wait_for_load_state("load")
        return self.page

    def assert_clean(self, what: str) -> None:
        assert not self.blocked, f"{what} tried to reach the network ({len(self.blocked)} requests): {self.blocked[:5]}"
        assert not self.missing, f"{what}: local files missing: {self.missing[:5]}"
        assert not self.errors, f"{what}: errors in the browser: {self.errors[:5]}"

    def close(self) -> None:
        self.context.close()


def browser_session(shots: Path, write_report: Callable[[], None]) -> Iterator[Any]:
    """One browser for one test file (a module-scoped fixture yields from this): two files' Playwright sessions
    must not be open at once. The file's report is written when its tests are done."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no browser at {CHROMIUM}: `make web-check` installs Debian's chromium (apt-get, as root)")
    shots.mkdir(parents=True, exist_ok=True)
    sync_api = importlib.import_module("playwright.sync_api")  # with BPKIT_WEB=1 a missing Playwright is an error
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
    write_report()


# Fixture notebooks: each check builds a small notebook that exercises its build's rules one by one.

def figure_png(ys: list[float]) -> str:
    """A small matplotlib line plot through (0, ys[0]), (1, ys[1]), as base64 PNG (a figure output's data)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().plot([0, 1], ys)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode()


def fixture_cell(kind: str, source: str, slide: str = "-", tags: Any = (), outputs: Any = ()) -> Any:
    """A Markdown ("md") or executed code cell with its slide type, tags and outputs."""
    v4 = nbformat.v4
    c = v4.new_markdown_cell(source) if kind == "md" else v4.new_code_cell(source, outputs=list(outputs))
    if kind == "code":
        c.execution_count = 1
    c.metadata["slideshow"] = {"slide_type": slide}
    if tags:
        c.metadata["tags"] = list(tags)
    return c


def fixture_notebook_of(cells: list[Any]) -> Any:
    """A notebook of these cells with the course's kernel."""
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


@pytest.fixture(name="offline")
def offline_page(browser: Any) -> Iterator[OfflinePage]:
    """An offline page in the test module's ``browser`` (a module fixture built with ``browser_session``)."""
    page = OfflinePage(browser)
    yield page
    page.close()


def assert_no_raw_tex(page: Any, visible_text: str, what: str) -> None:
    """No $...$, $$, \\( or \\[ left in the text that the script ``visible_text`` returns."""
    text = page.evaluate(visible_text)
    raw = [text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ") for m in RAW_TEX.finditer(text)]
    assert not raw, f"{what}: raw LaTeX left in the visible text: {raw[:5]}"


def loaded_images(page: Any, images: str, what: str) -> list[dict]:
    """The images that the script ``images`` lists, each of which must have loaded."""
    found = page.evaluate(images)
    broken = [i for i in found if not i["loaded"]]
    assert not broken, f"{what}: images that did not load: {broken[:5]}"
    return found
