"""The notebooks in real JupyterLab, as a learner opens them after ``make lab``: Run All in a browser, offline.

``make web-check`` runs this file with ``BPKIT_WEB=1`` (without it the file is skipped). It starts JupyterLab on a
copy of ``notebooks/`` in a temporary folder, with its settings, workspaces, runtime and data folders there too, so
nothing is written into the checkout or the user's home; opens each chosen notebook in Debian's Chromium (every
request that leaves the machine blocked), and checks what the reader sees:

- the notebook opens unchanged (JupyterLab does not mark it modified) on the course's ``python3`` kernel, and
  saving it before running rewrites nothing (the file stays byte for byte the committed one);
- Run All finishes with no error and nothing on stderr;
- every panel that the committed notebook shows as text (``[panel: ...; run the notebook ...]``) renders as a
  widget, with its sliders and its readout, and no widget shows "Error displaying widget"; five presses of an
  arrow key on the first panel's first slider (away from its end) change the readout (the kernel answers);
- no raw TeX is left in the Markdown, and every figure loads, both as the notebook opens (the committed outputs)
  and after Run All.

One notebook by default, 01, about 15 s: its panel has every part a course panel has (a slider, a text readout and
a figure), and Run All leaves its slider at the end of its range. ``BPKIT_LAB_NOTEBOOKS=all`` checks all 19, about
4 min, and a comma-separated list of numbers (e.g. ``03,17``) a choice, about 11 s each.
A screenshot of each notebook's first panel, after the slider moved, goes to ``build/screenshots/lab-NN.png``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("BPKIT_WEB") != "1":
    pytest.skip("browser check: run `make web-check` (sets BPKIT_WEB=1)", allow_module_level=True)

from offline_browser import (  # noqa: E402 (after the skip)
    NOTEBOOKS,
    RAW_TEX,
    ROOT,
    SHOTS,
    OfflinePage,
    assert_no_raw_tex,
    browser_session,
)

CHOSEN = os.environ.get("BPKIT_LAB_NOTEBOOKS", "01")
LAB = [p for p in NOTEBOOKS if CHOSEN == "all" or p.name[:2] in CHOSEN.split(",")]
TOKEN = "bpkit-web-check"
#: `make lab`'s settings (no news, no update check), and every cell kept in the page, rendered or not.
OVERRIDES = (json.loads((ROOT / "web" / "jupyterlab-overrides.json").read_text(encoding="utf-8"))
             | {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}})
KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""
SAVE = """async () => {
  const app = window.jupyterapp, w = app.shell.currentWidget;
  await w.context.ready;
  app.shell.activateById(w.id);
  await app.commands.execute('docmanager:save');
}"""
# The committed outputs are cleared first, so that every cell shows what this run printed; the command's promise
# resolves when the last cell has run.
RUN_ALL = """async () => {
  const app = window.jupyterapp, w = app.shell.currentWidget;
  await w.context.ready;
  await w.sessionContext.ready;
  app.shell.activateById(w.id);
  await app.commands.execute('notebook:clear-all-cell-outputs');
  return await app.commands.execute('notebook:run-all-cells');
}"""
ALL_RAN = """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
  .every(e => /\\[\\d+\\]/.test(e.textContent))"""
SEEN = """() => {
  const root = window.jupyterapp.shell.currentWidget.node;
  const all = (selector) => [...root.querySelectorAll(selector)];
  return {
    stderr: all('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
      .map(e => e.textContent.slice(0, 300)),
    tracebacks: all('.jp-OutputArea-output').filter(e => e.textContent.includes('Traceback (most recent call'))
      .map(e => e.textContent.slice(0, 300)),
    panels: all('.jp-OutputArea-output').filter(e => e.querySelector('.jupyter-widgets.widget-vbox')).map(e => ({
      sliders: e.querySelectorAll('.widget-slider').length,
      readout: (e.querySelector('.widget-html') || {textContent: ''}).textContent.trim().slice(0, 80)})),
    broken: all('.jupyter-widgets').filter(e => /Error displaying widget|model not found/i.test(e.textContent))
      .map(e => e.textContent.slice(0, 200)),
  };
}"""
MARKDOWN_TEXT = """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-RenderedMarkdown')]
  .map(e => {
  const clone = e.cloneNode(true);
  clone.querySelectorAll('mjx-container, code, pre').forEach(m => m.remove());
  return clone.textContent;
}).join('\\n')"""
IMAGES = """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-OutputArea-output img')]
  .map(i => ({src: i.src.slice(0, 60), loaded: i.complete && i.naturalWidth > 0}))"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """JupyterLab on a copy of notebooks/, everything it writes in a temporary folder; yields its base URL and that
    folder."""
    home = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", home / "notebooks")
    (home / "app-settings").mkdir()
    (home / "app-settings" / "overrides.json").write_text(json.dumps(OVERRIDES), encoding="utf-8")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"} | {
        "PYTHONHASHSEED": "0", "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "IPYTHONDIR": str(home / "ipython"),
        "MPLCONFIGDIR": str(home / "mpl")}
    cmd = [sys.executable, "-m", "jupyterlab", str(home / "notebooks"), "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
           f"--LabApp.app_settings_dir={home / 'app-settings'}", "--LabApp.expose_app_in_browser=True",
           *(["--allow-root"] if os.geteuid() == 0 else [])]
    log = (home / "server.log").open("w")
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=home)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)  # noqa: S310 (our server)
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not answer in 60 s: {(home / 'server.log').read_text()[-2000:]}")
        if server.poll() is not None:
            pytest.fail(f"JupyterLab stopped: {(home / 'server.log').read_text()[-2000:]}")
        yield url, home
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session(SHOTS, lambda: None)


def _wait_for_typesetting(page: Any) -> None:
    """Until MathJax has typeset the Markdown (no raw TeX left), at most 30 s; the caller's check then says what is
    left, if anything."""
    no_raw_tex = f"() => !new RegExp({json.dumps(RAW_TEX.pattern)}).test(({MARKDOWN_TEXT})())"
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(no_raw_tex, timeout=30_000, polling=250)
    except Timeout:
        pass


def _assert_typeset_with_figures(page: Any, what: str) -> None:
    """No raw TeX left in the Markdown, and at least one figure, every one loaded."""
    assert_no_raw_tex(page, MARKDOWN_TEXT, what)
    images = page.evaluate(IMAGES)
    assert images and all(i["loaded"] for i in images), f"{what}: figures that did not load: {images}"


def _first_difference(ours: Path, theirs: Path) -> str:
    """Where two text files first differ, as the two lines."""
    a, b = ours.read_text(encoding="utf-8").splitlines(), theirs.read_text(encoding="utf-8").splitlines()
    for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"line {i}: {x.strip()[:80]!r} became {y.strip()[:80]!r}"
    return f"{len(a)} lines became {len(b)}"


def _panels(path: Path) -> int:
    """How many panels the committed notebook displays: ``make notebooks`` keeps a widget's text, not its view, and a
    panel's text starts with ``[panel:``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for c in nb["cells"] if c["cell_type"] == "code"
             for o in c.get("outputs", [])]
    return sum(t.startswith("[panel:") for t in texts)


@pytest.mark.parametrize("path", LAB, ids=[p.stem for p in LAB])
def test_notebook_runs_in_jupyterlab(lab: tuple[str, Path], browser: Any, path: Path) -> None:
    url, lab_folder = lab
    what = f"{path.name} in JupyterLab"
    offline = OfflinePage(browser, allow=(url, url.replace("http:", "ws:")))
    try:
        page = offline.page
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.goto(f"{url}/lab/workspaces/check-{path.name[:2]}/tree/{path.name}?token={TOKEN}&reset")
        page.wait_for_function(KERNEL_IDLE, timeout=90_000)
        kernel = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name")
        assert kernel == "python3", f"{what}: opened on kernel {kernel!r}, expected the course's python3"
        assert not page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty"), \
            f"{what}: JupyterLab marks the notebook modified as soon as it opens"
        saved = lab_folder / "notebooks" / path.name
        before = saved.stat().st_mtime_ns
        page.evaluate(SAVE)
        assert saved.stat().st_mtime_ns != before, f"{what}: JupyterLab's save wrote nothing"
        assert saved.read_bytes() == path.read_bytes(), \
            f"{what}: saving it unchanged rewrites the file: {_first_difference(path, saved)}"
        _wait_for_typesetting(page)  # as opened, before it runs: the committed outputs
        _assert_typeset_with_figures(page, f"{what}, as opened")
        page.evaluate(RUN_ALL)  # Run All stops at a cell that raises: its error is what to report
        page.wait_for_function(KERNEL_IDLE, timeout=60_000, polling=500)
        page.wait_for_timeout(1500)  # the last outputs and the widget views render after the kernel goes idle
        seen = page.evaluate(SEEN)
        assert not seen["tracebacks"], f"{what}: Run All raised: {seen['tracebacks'][:2]}"
        assert not seen["stderr"], f"{what}: Run All wrote to stderr: {seen['stderr'][:2]}"
        assert page.evaluate(ALL_RAN), f"{what}: Run All left cells unrun"
        assert not seen["broken"], f"{what}: widgets that did not display: {seen['broken'][:2]}"
        want = _panels(path)
        assert want >= 1, f"{what}: the committed notebook shows no panel (section 5, Try it)"
        assert len(seen["panels"]) == want, f"{what}: {len(seen['panels'])} panels rendered, the file shows {want}"
        assert all(p["sliders"] >= 1 and p["readout"] for p in seen["panels"]), \
            f"{what}: a panel without sliders or without its readout: {seen['panels']}"
        _assert_typeset_with_figures(page, what)
        panel = page.locator(".jp-OutputArea-output:has(.jupyter-widgets.widget-vbox)").first
        panel.scroll_into_view_if_needed()
        readout = panel.locator(".widget-html").first
        before = readout.text_content()
        handle = panel.locator(".widget-slider .noUi-handle").first
        at_max = float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))
        handle.focus()
        for _ in range(5):  # as a reader does: five steps of the first slider with the arrow key, away from its end
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        page.wait_for_function("([e, old]) => e.textContent !== old", arg=[readout.element_handle(), before],
                               timeout=30_000)
        for _ in range(30):  # every press is one update: wait until the last one is shown
            shown = readout.text_content()
            page.wait_for_function(KERNEL_IDLE, timeout=60_000, polling=200)
            page.wait_for_timeout(1000)
            if readout.text_content() == shown:
                break
        panel.locator("xpath=ancestor::div[contains(@class, 'jp-Cell')][1]").screenshot(
            path=str(SHOTS / f"lab-{path.name[:2]}.png"))
        offline.assert_clean(what)
    finally:
        offline.close()
