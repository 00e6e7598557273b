"""What `make run` shows: the system running on its local defaults.

It renders a sample certified copy and a sample flyer (scanned, as users upload
them), stores them in the local document folder, starts the workers (and the job
history tracker and dashboard when they are installed), publishes the upload
events an upstream system would, and prints what came out. It then keeps the
system running until Ctrl-C, unless started with --once.
"""

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from confluent_kafka import Consumer

from processors.contract.events import (
    CertifiedCopyUploaded,
    DocumentRef,
    Event,
    MaisokuUploaded,
    SbjMaisokuRequested,
)
from processors.contract.registry import codec_from_settings
from processors.contract.topics import load_catalog
from processors.documents.corpus.build import generate
from processors.jobs.documents import reference, storage
from processors.logs import configure_logging
from processors.messaging.producer import default_publisher
from processors.messaging.reader import decode_message
from processors.settings import PACKAGE_ROOT, contract_settings, kafka_settings

logger = logging.getLogger("processors.demo")

SAMPLES_DIR = PACKAGE_ROOT / "var" / "samples"
RESULT_TIMEOUT_S = 300.0
DEMO_JOBS = ("certified_copy_reader", "maisoku_reader", "sbj_maisoku", "notifier")
DASHBOARD_PORT = 8080
DEMO_TOKEN = "demo"
"""The admin token of the local dashboard `make run` starts (DASHBOARD_TOKENS)."""
STOP_TIMEOUT_S = 60.0


def sample_documents() -> tuple[DocumentRef, DocumentRef]:
    """A scanned certified copy and a scanned flyer, stored like an upload."""
    copy_pdf = generate(SAMPLES_DIR, "tuning", "certified_copy", 1)[0]
    flyer_pdf = generate(SAMPLES_DIR, "tuning", "maisoku", 1)[0]
    return _store(copy_pdf, "uploads/certified-copy-demo.pdf"), _store(
        flyer_pdf, "uploads/maisoku-demo.pdf"
    )


def _store(path: Path, key: str) -> DocumentRef:
    stored = storage().put(path.read_bytes(), key=key, content_type="application/pdf")
    return reference(stored)


def upload_events(copy: DocumentRef, flyer: DocumentRef) -> list[Event]:
    run = uuid.uuid4().hex[:6]
    return [
        CertifiedCopyUploaded(certified_copy_id=f"cc-{run}", document=copy),
        MaisokuUploaded(
            article_id=f"article-{run}", maisoku_id=f"m-{run}", document=flyer
        ),
        SbjMaisokuRequested(article_id=f"article-{run}", document=flyer),
    ]


@contextmanager
def running(commands: list[list[str]]) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Child processes of this project, stopped with SIGTERM at the end."""
    log_dir = PACKAGE_ROOT / "var" / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    children = []
    for command in commands:
        log = (log_dir / f"{command[3]}.log").open("ab")
        children.append(
            subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=PACKAGE_ROOT,
                env=_environment(),
            )
        )
        logger.info(
            "started `%s` (log in var/log/%s.log)", " ".join(command[2:]), command[3]
        )
    try:
        yield children
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                child.kill()
        logger.info("stopped the workers")


def _environment() -> dict[str, str]:
    # A local dashboard needs a way in; an operator's own setting wins.
    return {"DASHBOARD_TOKENS": f"{DEMO_TOKEN}:admin:demo", **os.environ}


def commands() -> list[list[str]]:
    python = [sys.executable, "-m"]
    worker = [*python, "processors", "run"]
    for job in DEMO_JOBS:
        worker += ["--job", job]
    wanted = [worker]
    if _has_module("processors.tracking.app"):
        wanted.append([*python, "processors", "tracker"])
        wanted.append(
            [*python, "processors", "dashboard", "--port", str(DASHBOARD_PORT)]
        )
    return wanted


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def wait_for_results(events: list[Event], consumer: Consumer) -> dict[str, Any]:
    """The result (or dead letter) of each event, by trigger event id."""
    codec = codec_from_settings()
    wanted = {event.event_id for event in events}
    found: dict[str, Any] = {}
    deadline = time.monotonic() + RESULT_TIMEOUT_S
    while wanted - set(found) and time.monotonic() < deadline:
        for message in consumer.consume(100, 0.5):
            if message.error() is not None:
                continue
            read = decode_message(message, codec)
            trigger = _trigger_of(read)
            if trigger in wanted:
                found[trigger] = read
    return found


def _trigger_of(read: Any) -> str | None:
    if read.event is not None and hasattr(read.event, "trigger_event_id"):
        return str(read.event.trigger_event_id)
    return read.headers.get("event-id") if read.topic.endswith(".dlq") else None


def result_consumer(topics: list[str]) -> Consumer:
    consumer = Consumer(
        {
            **kafka_settings().librdkafka(),
            "group.id": f"demo-{uuid.uuid4()}",
            "auto.offset.reset": "latest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe(topics)
    deadline = time.monotonic() + 30
    while not consumer.assignment() and time.monotonic() < deadline:
        consumer.poll(0.2)
    return consumer


def show(events: list[Event], results: dict[str, Any]) -> bool:
    complete = True
    for event in events:
        read = results.get(event.event_id)
        print(f"\n=== {type(event).__name__} {event.message_key} ===")
        if read is None:
            print(f"no outcome within {RESULT_TIMEOUT_S:.0f}s (see var/log/run.log)")
            complete = False
        elif read.topic.endswith(".dlq"):
            print(
                f"dead-lettered: {read.headers.get('error-type')}: "
                f"{read.headers.get('error-message')}"
            )
            complete = False
        else:
            print(f"{type(read.event).__name__} on {read.topic}:")
            print(json.dumps(_summary(read.event), ensure_ascii=False, indent=2))
    return complete


def _summary(event: Any) -> dict[str, Any]:
    body = event.model_dump(mode="json", exclude={"event_id", "occurred_at"})
    generated = body.get("generated")
    if generated and generated["uri"].startswith("file://"):
        body["open_with"] = f"xdg-open {generated['uri'][len('file://') :]}"
    return body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--once", action="store_true", help="Exit after the results.")
    once = parser.parse_args().once
    configure_logging()
    catalog = load_catalog(contract_settings().topics_file)
    copy, flyer = sample_documents()
    events = upload_events(copy, flyer)
    outputs = [str(catalog.jobs[job].produces) for job in DEMO_JOBS[:3]]
    outputs += [catalog.dead_letter_topic(job) for job in DEMO_JOBS[:3]]
    with running(commands()):
        consumer = result_consumer(outputs)
        default_publisher().publish_all(events)
        logger.info("published %d upload events; waiting for the jobs", len(events))
        complete = show(events, wait_for_results(events, consumer))
        consumer.close()
        if not once:
            _serve_until_interrupted()
    return 0 if complete else 1


def _serve_until_interrupted() -> None:
    if _has_module("processors.tracking.app"):
        print(
            f"\nJob history: http://127.0.0.1:{DASHBOARD_PORT}/ "
            f"(log in with the token {DEMO_TOKEN!r})"
        )
    print("The workers keep running; Ctrl-C stops them.")
    try:
        signal.pause()
    except KeyboardInterrupt:
        print()


if __name__ == "__main__":
    sys.exit(main())
