# bpkit course: one venv, three commands (lab, test, notebooks).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# make lab PORT=8888 IP=0.0.0.0 (IP=0.0.0.0 inside a container whose port is published).
PORT   ?= 8888
IP     ?= 127.0.0.1
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# Slides and book: pinned npm packages (web/package-lock.json) unpacked in build/web, copied beside the pages.
NPM    ?= npm
WEB    := build/web
WEB_STAMP := $(WEB)/node_modules/.installed
NOTEBOOK_FILES := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
CHROMIUM ?= /usr/bin/chromium
# The kernel inherits this environment: fixed hash seed, no inherited matplotlib backend.
RUN    := env -u MPLBACKEND PYTHONHASHSEED=0 PYDEVD_DISABLE_FILE_VALIDATION=1

.PHONY: lab test portable panels notebooks lint slides book web-check browser bench bench-extras clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bpkit course needs Python 3.11 or newer, found " + sys.version.split()[0])'
	@echo "==> [1/4] virtual environment $(VENV)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "==> [2/4] pinned requirements (requirements.txt; the first time this downloads for a few minutes)"
	@$(PY) -m pip install --disable-pip-version-check --progress-bar off -r requirements.txt
	@echo "==> [3/4] bpkit, editable"
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@echo "==> [4/4] the python3 kernel"
	@$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	@touch $(STAMP)
	@echo "==> installed"

# JupyterLab settings for this venv only: no news pop-up, no update check.
$(LAB_SETTINGS): web/jupyterlab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	@cp web/jupyterlab-overrides.json $@

# Runs until stopped; answer_yes: one Ctrl-C stops the server (jupyter_server asks to confirm otherwise).
# As root (containers) JupyterLab needs --allow-root; with no display it opens no browser and prints the URL.
lab: $(STAMP) $(LAB_SETTINGS)
	@echo "==> JupyterLab on $(IP):$(PORT) (open the http://...?token=... URL printed below; Ctrl-C stops it)"
	@echo "    widgets show as text until the notebook runs: Run > Run All Cells; run make test in another terminal"
	$(RUN) $(VENV)/bin/jupyter lab notebooks/ --ServerApp.ip=$(IP) --ServerApp.port=$(PORT) --ServerApp.answer_yes=True \
		$(if $(filter 0,$(shell id -u)),--allow-root) \
		$(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)

test: $(STAMP)
	$(RUN) $(PY) -m ruff check .
	$(RUN) $(PY) -m pytest --nbval --nbval-current-env -n auto --dist loadfile -q tests notebooks

# The notebooks again as on CPUs unlike this one (no AVX-512; no AVX2): outputs must not depend on the CPU.
portable: $(STAMP)
	$(RUN) $(PY) -m tools.portable

# Every "Try it" panel at each corner of its sliders: no error, no warning, no nan or inf in a readout.
panels: $(STAMP)
	$(RUN) $(PY) -m tools.panel_corners

# Re-execute in place, then drop what differs from run to run (widget ids): a second run changes nothing.
notebooks: $(STAMP)
	$(RUN) $(PY) -m tools.nbtools notebooks/*.ipynb

lint: $(STAMP)
	$(RUN) $(PY) -m ruff check .

# The pinned web assets, once (the only step of slides and book that needs the network).
$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "error: npm (Node.js) is needed once to fetch reveal.js and MathJax"; exit 1; }
	@echo "==> web assets: reveal.js 4.0.2, MathJax 2.7.7, require.js, jQuery 2 (npm ci, pinned by web/package-lock.json)"
	@mkdir -p $(WEB)
	@cp web/package.json web/package-lock.json $(WEB)/
	@cd $(WEB) && $(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# One reveal.js deck per notebook and an index, from the committed outputs; they open offline from file://.
# Laid out for a lecture hall (tools/site.py): long prose, tables, outputs and code cut over consecutive slides.
slides: $(STAMP) $(WEB_STAMP)
	@rm -rf build/slides
	$(RUN) $(PY) -m tools.site slides --assets $(WEB)/node_modules --out build/slides $(NOTEBOOK_FILES)
	@echo "==> open build/slides/index.html"

# The course as a book (Sphinx, myst-nb, sphinx-book-theme; web/book/conf.py) from the committed outputs: sidebar,
# page contents, search, previous/next; offline from file://. Sphinx sources: build/book-src (copies).
book: $(STAMP) $(WEB_STAMP)
	@rm -rf build/book build/book-src
	$(RUN) $(PY) -m tools.book --assets $(WEB)/node_modules --out build/book $(NOTEBOOK_FILES)
	@echo "==> open build/book/index.html"

# Debian's chromium for the browser check: installed with apt-get when missing (needs root, as in CI).
browser:
	@if [ -x "$(CHROMIUM)" ]; then echo "==> browser: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "==> installing Debian's chromium for the browser check (apt-get; about a minute)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
			|| { echo "error: apt-get could not install chromium"; exit 1; }; \
	else \
		echo "error: the browser check needs Chromium at $(CHROMIUM) and cannot install it here:"; \
		echo "       it installs Debian's chromium itself only as root on a machine with apt-get."; \
		echo "       Run 'sudo apt-get install chromium', or give another build: make web-check CHROMIUM=/path/to/chromium"; \
		exit 1; \
	fi

# Slides, book and JupyterLab in headless Chromium, network blocked (tests/test_web.py, tests/test_web_book.py,
# tests/test_web_lab.py): every deck measured for a lecture hall, every book page's navigation, measure and search,
# and notebooks run in JupyterLab (01; BPKIT_LAB_NOTEBOOKS=all make web-check for every one). Screenshots
# and reports: build/screenshots/ (report.md for the slides, book-report.md for the book, lab-NN.png).
web-check: slides book browser
	@rm -rf build/screenshots
	@$(RUN) BPKIT_WEB=1 BPKIT_CHROMIUM=$(CHROMIUM) $(PY) -m pytest -q tests/test_web.py tests/test_web_book.py \
		tests/test_web_lab.py; status=$$?; \
		cat build/screenshots/report.md build/screenshots/book-report.md 2>/dev/null; exit $$status

# Figures, not tests: bpkit against inline NumPy, a per-sample loop, and PyTorch/autograd if installed (one
# gradient); then training on the 8x8 digits against inline NumPy, scikit-learn and PyTorch if installed.
bench: $(STAMP)
	$(RUN) $(PY) benchmarks/bench_backprop.py
	$(RUN) $(PY) benchmarks/bench_training.py

# Optional peers for the benchmark (never needed by the course, its tests or CI).
bench-extras: $(STAMP)
	$(PY) -m pip install --disable-pip-version-check -r requirements-bench.txt

clean:
	rm -rf $(VENV) build
