# chinabrief: `make demo` installs and runs the demo; `make test` installs and runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint docs bench clean

$(STAMP): pyproject.toml
	@# Debian's python3 may lack ensurepip (package python3-venv): fall back to the system pip.
	@if [ ! -x $(BIN)/python ]; then \
	  $(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv --without-pip $(VENV); }; \
	fi
	@if [ -x $(BIN)/pip ]; then $(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'; \
	else $(PYTHON) -m pip --python $(BIN)/python install -q -e '.[dev]'; fi
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/chinabrief demo

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

docs: install
	$(BIN)/typer chinabrief.cli utils docs --name chinabrief --title "chinabrief CLI reference" --output docs/cli.md

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
