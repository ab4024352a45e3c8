# Two commands for a new user: `make serve` and `make test`. Each creates the virtual environment it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Where `make serve` listens: `make serve PORT=8001` when 8000 is taken (HOST=0.0.0.0 to serve the network).
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve build test test-fast export bench clean-site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,fast]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the site from seeds/ at http://$(HOST):$(PORT)
	$(PY) -m generator serve -a $(HOST):$(PORT)

build: $(STAMP)  ## build the site into site/
	$(PY) -m generator build --strict

test: $(STAMP)  ## every test: stages, goldens, properties, end-to-end builds, browser tests
	$(PY) -m pytest

test-fast: $(STAMP)  ## the tests that need no browser and no server
	$(PY) -m pytest -m "not browser and not slow"

export: $(STAMP)
	$(PY) -m generator export --out export

bench: $(STAMP)  ## the build benchmark at 100, 1,000 and 2,000 speeches (slow: 8-10 minutes on a 2-core machine)
	$(PY) -m bench --speeches 100 1000 2000 --serve-latency 1000 --browser 1000

clean-site:
	rm -rf site export
