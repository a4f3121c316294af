# Two commands on a fresh machine with Python >= 3.10:  `make run`  and  `make test`.
# Both create .venv and install exactly the versions in requirements.lock (with hashes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
UV_VERSION := 0.13.9

.PHONY: run test lint bench lock check-lock clean

# `l10n run` exits 1 when the checks report errors in the sources or translations: the job
# itself completed, so make does not fail on it (exit 2, bad input, does fail).
run: $(STAMP)
	$(BIN)/l10n run || [ $$? -eq 1 ]

# The installed versions are compared with the lock first: a test run on other versions
# would prove nothing about the ones users get.
test: $(STAMP) check-lock lint
	$(BIN)/python -m pytest

# ruff: lint rules and the one code format; mypy: types ([tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check pipeline scripts benchmarks tests
	$(BIN)/ruff format --check pipeline scripts benchmarks tests
	$(BIN)/mypy

check-lock: $(STAMP)
	$(BIN)/python scripts/check_lock.py requirements.lock

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Every dependency, direct and transitive, at the locked version and hash; the project itself
# is installed without resolving anything (its build backend, setuptools, is in the lock too).
$(STAMP): pyproject.toml requirements.lock Makefile
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "Python >= 3.10 is required")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Refresh the lock after changing dependencies in pyproject.toml (needs the package registry):
# uv resolves for every supported Python at once; requirements.lock is what pip installs.
lock:
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/python -m pip --disable-pip-version-check --quiet install uv==$(UV_VERSION)
	.venv-tools/bin/uv lock --upgrade
	.venv-tools/bin/uv export --format requirements-txt --extra mt --extra cluster --extra test --group build \
		--no-emit-project --hashes --no-header -o requirements.lock

clean:
	rm -rf $(VENV) .venv-tools build .l10n .pytest_cache .mypy_cache .ruff_cache
