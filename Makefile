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
# Debian packages: a CJK font for the static maps, pango (with harfbuzz's subsetter) for
# WeasyPrint to lay out the chain report, chromium for the browser tests, poppler-utils to read
# exported PDFs back.
REPORT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
RUN_DEBS := fonts-noto-cjk $(REPORT_DEBS)
TEST_DEBS := fonts-noto-cjk $(REPORT_DEBS) chromium chromium-driver poppler-utils

# The local Neo4j 5.26 (tools/neo4j-server): Maven resolves it from Maven Central once, into
# ~/.m2; the jar is the build stamp. Java 17 and Maven come from Debian where missing.
NEO4J_DIR := tools/neo4j-server
NEO4J_JAR := $(NEO4J_DIR)/target/neo4j-server-1.0.0.jar
NEO4J_DEBS := openjdk-17-jdk-headless maven
export NEO4J_PORT ?= 7687

.PHONY: run test test-slow fuzz install install-test lock debs-run debs-test lint-deps lint-cypher lint \
        neo4j neo4j-build bench-import bench-edit bench-analytics bench-map bench-load bench-import-reads bench-recovery clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Python packages come from lock files with a hash for every file, resolved for CPython 3.11 on
# Linux x86_64: requirements.lock (runtime) and requirements-test.lock (runtime + the test extra;
# the same pins for every runtime package, so it is a superset). uv, itself pinned and hashed in
# requirements-uv.lock, is bootstrapped into the venv by the venv's pip. `uv pip sync` makes the
# venv exactly one lock (it keeps pip, setuptools and uv), so each stamp removes the other's
# before it syncs. The locks hold the build backend too (pyproject's [build-system]), so the
# project is then installed editable with --no-deps --no-build-isolation: nothing unpinned.
UV := $(BIN)/uv
UV_SYNC := $(UV) pip sync --quiet --require-hashes --python $(PY)
UV_EDITABLE := $(UV) pip install --quiet --no-deps --no-build-isolation --python $(PY) -e .

$(UV): requirements-uv.lock | $(BIN)/activate
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements-uv.lock
	@touch $@

$(VENV)/.installed: requirements.lock pyproject.toml | $(UV)
	@rm -f $(VENV)/.installed-test
	$(UV_SYNC) requirements.lock
	$(UV_EDITABLE)
	@touch $@

$(VENV)/.installed-test: requirements-test.lock requirements.lock pyproject.toml | $(UV)
	@rm -f $(VENV)/.installed
	$(UV_SYNC) requirements-test.lock
	$(UV_EDITABLE)
	@touch $@ $(VENV)/.installed

# Re-resolves the lock files from pyproject.toml, keeping the current pins where they still fit;
# `make lock UPGRADE=1` takes the newest versions the ranges allow, `make lock UV_VERSION=x.y.z`
# moves uv. The test lock is resolved first and constrains the runtime one, so they agree.
LOCK_HEADER := \# Pinned for CPython 3.11 on Linux x86_64, hashes for every file. Regenerate: make lock.
BACKEND_NOTE := \# setuptools: the build backend (pyproject [build-system]); installs use --no-build-isolation.
UV_VERSION ?= $(shell sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements-uv.lock)
UV_COMPILE = $(UV) pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --custom-compile-command 'make lock' \
	$(if $(UPGRADE),--upgrade)
BUILD_REQUIRES = $(PY) -c "import tomllib; \
	print(*tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires'], sep='\n')"

lock: | $(UV)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - --extra test -o requirements-test.lock
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -c requirements-test.lock -o requirements.lock
	echo 'uv==$(UV_VERSION)' | $(UV_COMPILE) - -o requirements-uv.lock
	sed -i '1i $(LOCK_HEADER)\n$(BACKEND_NOTE)' requirements-test.lock requirements.lock
	sed -i '1i $(LOCK_HEADER)' requirements-uv.lock

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

bench-import-reads: install neo4j-build
	$(PY) bench/bench_import_reads.py $(BENCH_ARGS)

bench-recovery: install
	$(PY) bench/bench_recovery.py $(BENCH_ARGS)

bench-edit: install
	$(PY) bench/bench_edit.py

clean:
	rm -rf $(VENV) $(CYPHER_LINT_DIR)/node_modules $(NEO4J_DIR)/target
