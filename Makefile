# The project's front door. `make run` and `make test` set up everything they need
# on a fresh Debian machine: Debian packages, the Python environment, the Kafka broker.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-jpn fonts-noto-cjk poppler-utils \
	maven openjdk-17-jre-headless git postgresql chromium
PYTEST_ARGS ?=

.PHONY: help setup system-deps venv kafka-up kafka-down topics run test lint format \
	schemas-check eval-ocr clean

help:
	@echo "make run     set up, start Kafka and the processors, publish a sample, show it"
	@echo "make test    set up, start Kafka, run the whole test suite"
	@echo "make lint    ruff (format check and lint) and mypy"
	@echo "make eval-ocr, make bench, make check-deploy: OCR accuracy, benchmarks, deployment checks"

setup: system-deps venv

# Installs only what is missing, so a machine that has everything is not touched.
system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

kafka-up: setup
	$(BIN)/processors kafka up

kafka-down:
	$(BIN)/processors kafka down

topics: kafka-up
	$(BIN)/processors topics apply

run: topics
	$(BIN)/python -m processors.demo

test: kafka-up
	$(BIN)/processors schemas check
	KAFKA_BOOTSTRAP_SERVERS=$${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092} \
		$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff format --check processors tests benchmarks
	$(BIN)/ruff check processors tests benchmarks
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format processors tests benchmarks
	$(BIN)/ruff check --fix processors tests benchmarks

# Field accuracy and CPU per page of the two readers on held-out generated scans.
eval-ocr: setup
	$(BIN)/python -m processors.documents.evaluate --set heldout

schemas-check: venv
	$(BIN)/processors schemas check

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache

include deploy/check-deploy.mk
include benchmarks/bench.mk
