"""A worker process: one processor per job, each on its own thread, sharing one
producer; SIGTERM and SIGINT stop them gracefully."""

import logging
import signal
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any

from confluent_kafka import Producer

from processors.contract.codec import Codec
from processors.contract.events import JobControl
from processors.contract.topics import Catalog
from processors.runtime.control import ControlListener
from processors.runtime.exceptions import RuntimeFailure
from processors.runtime.handlers import load_handler
from processors.runtime.pools import Pool, ProcessPool, ThreadPool
from processors.runtime.processor import Processor
from processors.runtime.settings import RuntimeSettings
from processors.runtime.transactions import TransactionalOutcomes

logger = logging.getLogger(__name__)

PRODUCER_FLUSH_S = 30.0
ACK_POLL_S = 0.05


def make_pool(job_name: str, pool: str, concurrency: int) -> Pool:
    if pool == "process":
        return ProcessPool(concurrency, name=f"{job_name}-process")
    # Abandoned (timed-out) threads keep their slot until they return; headroom
    # keeps the job's concurrency available meanwhile.
    return ThreadPool(concurrency * 2, name=f"{job_name}-thread")


def _transactions(
    job_name: str, producer_config: dict[str, Any], settings: RuntimeSettings
) -> TransactionalOutcomes | None:
    if not settings.exactly_once:
        return None
    config = {
        **producer_config,
        "transactional.id": f"{settings.group_prefix}{job_name}.{settings.instance_id}",
        "transaction.timeout.ms": settings.transaction_timeout_ms,
    }
    return TransactionalOutcomes(lambda: Producer(config), job_name)


class Worker:
    """Runs the named jobs until stopped."""

    def __init__(
        self,
        job_names: Sequence[str],
        catalog: Catalog,
        codec: Codec,
        kafka_config: dict[str, Any],
        producer_config: dict[str, Any],
        settings: RuntimeSettings,
    ) -> None:
        unknown = [name for name in job_names if name not in catalog.jobs]
        if unknown:
            known = ", ".join(sorted(catalog.jobs))
            raise RuntimeFailure(
                f"unknown jobs {unknown}; topics.yaml declares: {known}"
            )
        for name in job_names:
            load_handler(catalog.jobs[name].handler)
        self.producer = Producer(producer_config)
        self.processors = [
            Processor(
                name,
                catalog,
                codec,
                self.producer,
                make_pool(
                    name, catalog.jobs[name].pool, catalog.jobs[name].concurrency
                ),
                kafka_config,
                settings,
            )
            for name in job_names
        ]
        self._failures: list[BaseException] = []
        self._closing = threading.Event()
        self._pump = threading.Thread(
            target=self._serve_acknowledgements, name="acks", daemon=True
        )
        self.control = ControlListener(
            catalog.topic_for(JobControl), codec, kafka_config, self._control
        )

    def _control(self, command: JobControl) -> None:
        for processor in self.processors:
            processor.control(command)

    def run(self) -> None:
        """Run every processor until `stop()`; raises if one of them failed."""
        threads = [
            threading.Thread(target=self._run_one, args=(p,), name=f"poll-{p.job_name}")
            for p in self.processors
        ]
        self.control.start()
        self._pump.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.control.stop()
        self._close()
        if self._failures:
            raise RuntimeFailure(
                f"{len(self._failures)} processors failed"
            ) from self._failures[0]

    def _run_one(self, processor: Processor) -> None:
        try:
            processor.run()
        except BaseException as exc:
            logger.exception(
                "processor %s failed; stopping the worker", processor.job_name
            )
            self._failures.append(exc)
            self.stop()

    def stop(self) -> None:
        for processor in self.processors:
            processor.stop()

    def _serve_acknowledgements(self) -> None:
        # Delivery reports reach the processors' queues from here, so a poll loop
        # waiting on its queue learns of them at once.
        while not self._closing.is_set():
            self.producer.poll(ACK_POLL_S)

    def _close(self) -> None:
        self._closing.set()
        self._pump.join(PRODUCER_FLUSH_S)
        remaining = self.producer.flush(PRODUCER_FLUSH_S)
        if remaining:
            logger.error("%d records not delivered at shutdown", remaining)
        for processor in self.processors:
            processor.pool.shutdown()

    def stop_on_signals(self) -> None:
        def handle(signum: int, frame: FrameType | None) -> None:
            logger.info(
                "received %s: finishing in-flight jobs, then leaving",
                signal.Signals(signum).name,
            )
            self.stop()

        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)
