# bpkit course: one venv, three commands (lab, test, notebooks).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The kernel inherits this environment: fixed hash seed, no inherited matplotlib backend.
RUN    := env -u MPLBACKEND PYTHONHASHSEED=0 PYDEVD_DISABLE_FILE_VALIDATION=1

.PHONY: lab test notebooks lint slides bench bench-extras clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bpkit course needs Python 3.11 or newer, found " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	touch $(STAMP)

lab: $(STAMP)
	$(RUN) $(VENV)/bin/jupyter lab notebooks/

test: $(STAMP)
	$(RUN) $(PY) -m ruff check .
	$(RUN) $(PY) -m pytest --nbval --nbval-current-env -q tests notebooks

# Re-execute in place, then drop what differs from run to run (widget ids): a second run changes nothing.
notebooks: $(STAMP)
	$(RUN) $(PY) -m bpkit.course.nbtools notebooks/*.ipynb

lint: $(STAMP)
	$(RUN) $(PY) -m ruff check .

slides: $(STAMP)
	$(RUN) $(VENV)/bin/jupyter nbconvert --to slides --output-dir build/slides notebooks/*.ipynb

# Figures, not tests: bpkit against inline NumPy, a per-sample loop, and PyTorch/autograd if installed.
bench: $(STAMP)
	$(RUN) $(PY) benchmarks/bench_backprop.py

# Optional peers for the benchmark (never needed by the course, its tests or CI).
bench-extras: $(STAMP)
	$(PY) -m pip install --disable-pip-version-check -r requirements-bench.txt

clean:
	rm -rf $(VENV) build
