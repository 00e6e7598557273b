# Benchmarks of the runtime against a bare confluent-kafka loop and Quix Streams.
# Included by the Makefile (`include benchmarks/bench.mk`); uses its PYTHON, BIN and
# kafka-up. Quix Streams pins older confluent-kafka and pydantic releases than the
# project's, so it lives in its own environment, .venv-bench, never in .venv; the
# runtime package does not depend on it.

BENCH_VENV := .venv-bench
BENCH_BIN := $(BENCH_VENV)/bin
BENCH_STAMP := $(BENCH_VENV)/.installed
QUIXSTREAMS_VERSION := 3.28.1
BENCH_ARGS ?=

.PHONY: bench bench-smoke bench-venv

bench-venv: $(BENCH_STAMP)

$(BENCH_STAMP): pyproject.toml
	test -x $(BENCH_BIN)/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_BIN)/pip install -q --upgrade pip
	$(BENCH_BIN)/pip install -q -e . quixstreams==$(QUIXSTREAMS_VERSION)
	touch $(BENCH_STAMP)

# Every scenario, three runs each (about 12 minutes); the table goes to
# benchmarks/results/latest.md. BENCH_ARGS passes options, e.g. --only a1,b.
bench: kafka-up bench-venv
	KAFKA_BOOTSTRAP_SERVERS=$${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092} \
		$(BENCH_BIN)/python -m benchmarks run $(BENCH_ARGS)

# A few thousand messages, one run each, in the project's environment (Quix Streams
# skipped); fails when a run loses, duplicates or reorders a message.
bench-smoke: kafka-up
	KAFKA_BOOTSTRAP_SERVERS=$${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092} \
		$(BIN)/python -m benchmarks smoke
