# Two entry points (see README): `make report` and `make test`.
# Each creates or reuses a local virtual environment in .venv and installs
# the package with what it needs; nothing else has to be installed first.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MONTH ?= 2026-10
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: report test bench clean-venv

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

report: $(STAMP)
	$(PY) -m cxkit report monthly --month $(MONTH)

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench_summarize.py

clean-venv:
	rm -rf $(VENV)
