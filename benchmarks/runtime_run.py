"""Scenario b: the project's runtime, built as `processors run` builds it (tracing
installed, no exporter), running the benchmark job from a private topics.yaml."""

import threading
import time
from pathlib import Path
from typing import Any

import yaml

from benchmarks.budget import Budget
from benchmarks.exceptions import BenchmarkError, RunFailed
from benchmarks.spec import COMMIT_INTERVAL_S, JOB_NAME, RunSpec
from processors import telemetry
from processors.contract.codec import Codec
from processors.contract.schemas import SchemaRepository
from processors.contract.topics import load_catalog
from processors.messaging.producer import PRODUCER_DEFAULTS
from processors.runtime.settings import RuntimeSettings
from processors.runtime.worker import Worker
from processors.settings import PACKAGE_ROOT

WATCH_INTERVAL_S = 0.02
JOIN_TIMEOUT_S = 120.0
HANDLERS = {
    False: "benchmarks.jobs:read_maisoku",
    True: "benchmarks.jobs:read_maisoku_after_io",
}


def supports_exactly_once() -> bool:
    return "exactly_once" in RuntimeSettings.model_fields


def topics_yaml(
    prefix: str,
    input_topic: str,
    output_topic: str,
    *,
    partitions: int,
    concurrency: int,
    io: bool,
) -> dict[str, Any]:
    """The catalog of one run: the shared input, this run's output and job topics."""
    return {
        "defaults": {"partitions": partitions, "replication_factor": 1},
        "topics": {
            input_topic: {"schema": "MaisokuUploaded"},
            output_topic: {
                "schema": "MaisokuRead",
                "configs": {"message.timestamp.type": "LogAppendTime"},
            },
            f"{prefix}.jobs.status": {"schema": "JobStatusChanged"},
            f"{prefix}.jobs.failed": {"schema": "JobFailed"},
            f"{prefix}.jobs.control": {"schema": "JobControl", "partitions": 1},
            f"{prefix}.jobs.replays": {"schema": "DeadLetterReplayed", "partitions": 1},
        },
        "jobs": {
            JOB_NAME: {
                "handler": HANDLERS[io],
                "consumes": input_topic,
                "produces": output_topic,
                "retry_delays_s": [10],
                "max_attempts": 2,
                "timeout_s": 60,
                "concurrency": concurrency,
            }
        },
    }


def write_topics_file(path: Path, layout: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(layout))
    return path


def run_runtime(spec: RunSpec, budget: Budget) -> int:
    """Run a worker until the budget is spent, then stop it the graceful way
    (finish what runs, commit, leave) and return how many it handled."""
    worker = _worker(spec)
    failures: list[BaseException] = []
    thread = threading.Thread(target=_run, args=(worker, failures), name="worker")
    thread.start()
    while not budget.spent(_handled(worker)) and thread.is_alive():
        time.sleep(WATCH_INTERVAL_S)
    worker.stop()
    thread.join(JOIN_TIMEOUT_S)
    if failures or thread.is_alive():
        raise RunFailed(f"{spec.scenario}: the worker failed or did not stop") from (
            failures[0] if failures else None
        )
    return _handled(worker)


def _worker(spec: RunSpec) -> Worker:
    if spec.topics_file is None:
        raise BenchmarkError(f"{spec.scenario}: a runtime run needs its topics file")
    if spec.exactly_once and not supports_exactly_once():
        raise BenchmarkError("this runtime has no exactly-once setting")
    telemetry.configure_tracing()
    overrides: dict[str, Any] = {
        "group_prefix": f"{spec.run_id}.",
        "status_events": spec.status_events,
        "commit_interval_s": COMMIT_INTERVAL_S,
    }
    if spec.exactly_once:
        overrides["exactly_once"] = True
    settings = RuntimeSettings(**overrides)
    kafka = {"bootstrap.servers": spec.bootstrap_servers}
    return Worker(
        [JOB_NAME],
        load_catalog(Path(spec.topics_file)),
        Codec(SchemaRepository(PACKAGE_ROOT / "schemas")),
        kafka,
        {**kafka, **PRODUCER_DEFAULTS},
        settings,
    )


def _run(worker: Worker, failures: list[BaseException]) -> None:
    try:
        worker.run()
    except BaseException as exc:
        failures.append(exc)


def _handled(worker: Worker) -> int:
    return sum(p.counters["succeeded"] for p in worker.processors)
