# The two commands a newcomer needs:  make run   |   make test
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint check-plans clean dist

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py --demo

# The static checks first (style, types, import layers), then the tests; any failure stops it.
test: lint
	bash tools/system-deps.sh
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox $(PY) -m pytest -n 2 -q

bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check console ui tests bench main.py tools
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The offline installation bundle (docs/install.md): wheels for Linux and Windows, install scripts, .deb.
dist: $(STAMP)
	$(PY) tools/dist.py

check-plans: $(STAMP)
	$(PY) -m console plan check plans/*.yaml

clean:
	rm -rf $(VENV) .pytest_cache
