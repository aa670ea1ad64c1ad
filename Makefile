# chainmap: `make run` serves the API on the embedded store with the Linqing seed;
# `make test` installs what the tests need and runs them. Both work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export CHAINMAP_HOST ?= 127.0.0.1
export CHAINMAP_PORT ?= 8000
export CHAINMAP_DATA_DIR ?= ./data
export CHAINMAP_LOAD_SEED ?= true

CYPHER_LINT_DIR := tools/cypher-lint
# npm ci rewrites node_modules/.package-lock.json, so it serves as the install stamp.
CYPHER_LINT_STAMP := $(CYPHER_LINT_DIR)/node_modules/.package-lock.json
# Debian packages: a CJK font for the static maps, chromium for the browser tests,
# poppler-utils to read exported PDFs back.
RUN_DEBS := fonts-noto-cjk
TEST_DEBS := fonts-noto-cjk chromium chromium-driver poppler-utils

# The local Neo4j 5.26 (tools/neo4j-server): Maven resolves it from Maven Central once, into
# ~/.m2; the jar is the build stamp. Java 17 and Maven come from Debian where missing.
NEO4J_DIR := tools/neo4j-server
NEO4J_JAR := $(NEO4J_DIR)/target/neo4j-server-1.0.0.jar
NEO4J_DEBS := openjdk-17-jdk-headless maven
export NEO4J_PORT ?= 7687

.PHONY: run test test-slow fuzz install install-test debs-run debs-test lint-deps lint-cypher lint \
        neo4j neo4j-build bench-import bench-edit bench-analytics bench-map bench-load clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed debs-run
install-test: $(VENV)/.installed-test debs-test lint-deps neo4j-build

# Installs only what is missing, so a machine that has the packages needs no root.
debs-run:
	@bash scripts/ensure-debs.sh $(RUN_DEBS)
debs-test:
	@bash scripts/ensure-debs.sh $(TEST_DEBS)

neo4j-build: $(NEO4J_JAR)

$(NEO4J_JAR): $(NEO4J_DIR)/pom.xml $(shell find $(NEO4J_DIR)/src -name '*.java')
	@bash scripts/ensure-debs.sh $(NEO4J_DEBS)
	mvn -q -B -f $(NEO4J_DIR)/pom.xml package
	@touch $@

# Neo4j in the foreground, for the production store without Docker; in a second shell:
#   CHAINMAP_STORE=neo4j NEO4J_PASSWORD=... make run
neo4j: neo4j-build
	@test -n "$$NEO4J_PASSWORD" || { echo "set NEO4J_PASSWORD (8+ characters)"; exit 2; }
	$(NEO4J_DIR)/run --home $(CHAINMAP_DATA_DIR)/neo4j --port $(NEO4J_PORT)

run: install
	$(BIN)/chainmap serve

test: install-test
	$(BIN)/pytest

# Crash tests that kill the database and the service in the middle of imports.
test-slow: install-test
	$(BIN)/pytest -m slow tests/test_faults.py

# The API fuzzed at length; what was tried goes to bench/results/fuzz.json.
FUZZ_EXAMPLES ?= 300
fuzz: install-test
	CHAINMAP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) CHAINMAP_FUZZ_REPORT=bench/results/fuzz.json \
		$(BIN)/pytest -q tests/api/test_fuzz.py

lint-deps: $(CYPHER_LINT_STAMP)

$(CYPHER_LINT_STAMP): $(CYPHER_LINT_DIR)/package-lock.json $(CYPHER_LINT_DIR)/package.json
	npm ci --prefix $(CYPHER_LINT_DIR) --no-audit --no-fund
	@touch $@

lint-cypher: lint-deps
	node $(CYPHER_LINT_DIR)/lint.mjs cypher/

lint: install-test lint-cypher
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Each runs on both stores (--store embedded,neo4j by default; BENCH_ARGS passes options).
bench-import: install neo4j-build
	$(PY) bench/bench_import.py $(BENCH_ARGS)

bench-analytics: install neo4j-build
	$(PY) bench/bench_analytics.py $(BENCH_ARGS)

bench-map: install-test
	$(PY) -m bench.bench_map --timeout 120

bench-load: install neo4j-build
	@bash scripts/ensure-debs.sh wrk
	$(PY) -m bench.bench_load $(BENCH_ARGS)

bench-edit: install
	$(PY) bench/bench_edit.py

clean:
	rm -rf $(VENV) $(CYPHER_LINT_DIR)/node_modules $(NEO4J_DIR)/target
