# Two commands on a fresh machine (Python 3.11):
#   make demo   installs detente in .venv and codes the example articles into demo.duckdb
#   make test   installs detente with its test extras and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
SHARED_EXAMPLE = ../shared/examples/china-nato-dialogue-2024-03-15.txt
EXAMPLES = $(wildcard $(SHARED_EXAMPLE)) examples

.PHONY: install demo test bench accuracy clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f demo.duckdb
	$(BIN)/detente code $(EXAMPLES) --db demo.duckdb
	$(BIN)/detente events --db demo.duckdb

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/throughput.py

accuracy: install
	$(BIN)/python bench/accuracy.py

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache .hypothesis
