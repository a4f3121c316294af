# Two commands on a fresh machine with Python >= 3.10:  `make run`  and  `make test`.
# Both create .venv and install what they need on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bench clean

# `l10n run` exits 1 when the checks report errors in the sources or translations: the job
# itself completed, so make does not fail on it (exit 2, bad input, does fail).
run: $(STAMP)
	$(BIN)/l10n run || [ $$? -eq 1 ]

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "Python >= 3.10 is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[mt,test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build .l10n .pytest_cache
