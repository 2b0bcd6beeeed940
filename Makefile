# Two entry points (see README): `make report` and `make test`.
# Each creates or reuses a local virtual environment in .venv and installs
# the package with what it needs; nothing else has to be installed first.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# make report MONTH=2026-09 REPORT=monthly; by default every report for the data's latest month.
MONTH ?=
REPORT ?= all
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: report test test-spark bench lab clean-venv

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

report: $(STAMP)
	$(PY) -m cxkit report $(REPORT) $(if $(MONTH),--month $(MONTH))

test: $(STAMP)
	$(PY) -m pytest

# The grouped tables on real PySpark in local mode (the main suite tests the same
# code path without a JVM through sqlframe). Needs Java 17+ on PATH.
test-spark: $(STAMP)
	@command -v java >/dev/null 2>&1 || { echo "make test-spark needs Java (17 or newer) on PATH for PySpark; install a JRE (e.g. Debian: apt-get install openjdk-17-jre-headless) and run it again." >&2; exit 2; }
	$(PY) -m pip install --quiet -e '.[test,spark]'
	$(PY) -m pytest tests/tables/test_spark.py -v

bench: $(STAMP)
	$(PY) bench/bench_summarize.py
	$(PY) bench/bench_reports.py

# JupyterLab on the workshop notebooks (installs the lab extra into .venv, then opens notebooks/).
lab: $(STAMP)
	$(PY) -m pip install --quiet -e '.[lab]'
	$(PY) -m jupyter lab notebooks/

clean-venv:
	rm -rf $(VENV)
