"""One job's processor: a consumer group member that never loses a message.

One thread owns the consumer and polls without stopping; job attempts run in a
pool and come back through a queue, and so do the broker's acknowledgements of
their outcomes. An input offset is committed only once the outcome of every
message before it (result, retry or dead-letter record) has been acknowledged.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any, cast

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer
from confluent_kafka import TopicPartition as KafkaTopicPartition
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from processors import telemetry
from processors.contract import headers
from processors.contract.codec import Codec
from processors.contract.events import (
    Event,
    JobControl,
    JobControlCommand,
    JobFailed,
    JobState,
    JobStatusChanged,
)
from processors.contract.exceptions import UndecodableMessage
from processors.contract.topics import Catalog
from processors.runtime import metrics, outcomes
from processors.runtime.exceptions import JobTimedOut, RuntimeFailure, WrongResultType
from processors.runtime.job import JobContext, job_id
from processors.runtime.keys import KeyedQueues
from processors.runtime.offsets import PartitionOffsets
from processors.runtime.ordering import RetryChains
from processors.runtime.outcomes import Failure, Taken
from processors.runtime.pools import Pool, Task, TaskOutcome
from processors.runtime.settings import RuntimeSettings
from processors.runtime.transactions import Outbound, TransactionalOutcomes

logger = logging.getLogger(__name__)

TopicPartition = tuple[str, int]


class Processor:
    """Runs one job from its topic and its retry topics."""

    def __init__(
        self,
        job_name: str,
        catalog: Catalog,
        codec: Codec,
        producer: Producer,
        pool: Pool,
        consumer_config: dict[str, Any],
        settings: RuntimeSettings,
        transactions: TransactionalOutcomes | None = None,
    ) -> None:
        self.job_name = job_name
        self.transactions = transactions
        self.spec = catalog.jobs[job_name]
        self.catalog = catalog
        self.codec = codec
        self.producer = producer
        self.pool = pool
        self.settings = settings
        self.group_id = f"{settings.group_prefix}{job_name}"
        self.retry_topics = catalog.job_retry_topics(job_name)
        self.dead_letter_topic = catalog.dead_letter_topic(job_name)
        self.trigger_type = catalog.event_type(self.spec.consumes).__name__
        self.chains = (
            RetryChains(self.spec.consumes, set(self.retry_topics))
            if self.spec.ordered_retries and self.retry_topics
            else None
        )
        self.status_topic = catalog.topic_for(JobStatusChanged)
        self.failed_topic = catalog.topic_for(JobFailed)
        self._base_config = consumer_config
        self.consumer = Consumer(self._consumer_config(consumer_config))
        self.stopping = threading.Event()
        self.last_loop_at = time.monotonic()
        self.assigned = False
        self.counters: dict[str, int] = dict.fromkeys(
            ("taken", "started", "succeeded", "retried", "dead_lettered"), 0
        )
        self._offsets: dict[TopicPartition, PartitionOffsets] = {}
        self._keys: KeyedQueues[Taken] = KeyedQueues()
        self._running: dict[int, Taken] = {}
        self._finishing: dict[int, Finishing] = {}
        self._events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._waiting: dict[TopicPartition, tuple[int, datetime]] = {}
        self._backpressure = False
        self._operator_paused = False
        self._cancelled: set[str] = set()
        self._tokens = count(1)
        self._last_commit = 0.0
        self._fatal: BaseException | None = None

    def _consumer_config(self, base: dict[str, Any]) -> dict[str, Any]:
        return {
            **base,
            "group.id": self.group_id,
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            # Ordered retries need a key's partition of every retry topic on the
            # worker that owns it in the job's topic: range assignment does that.
            "partition.assignment.strategy": "range"
            if self.spec.ordered_retries
            else "cooperative-sticky",
            "max.poll.interval.ms": self.settings.max_poll_interval_ms,
            "session.timeout.ms": self.settings.session_timeout_ms,
        }

    @property
    def topics(self) -> list[str]:
        return [self.spec.consumes, *self.retry_topics]

    @property
    def in_flight(self) -> int:
        return len(self._running) + len(self._finishing)

    @property
    def paused_partitions(self) -> int:
        """Partitions not being fetched: all when paused, else those not yet due."""
        if self._backpressure or self._operator_paused:
            return len(self._offsets)
        return len(self._waiting)

    # The loop

    def run(self) -> None:
        """Poll until `stop()`, then finish in-flight work and leave the group."""
        self.consumer.subscribe(
            self.topics,
            on_assign=self._on_assign,
            on_revoke=self._on_revoke,
            on_lost=self._on_lost,
        )
        logger.info(
            "processor %s consuming %s as group %s",
            self.job_name,
            ", ".join(self.topics),
            self.group_id,
        )
        try:
            while not self.stopping.is_set():
                self.step()
        finally:
            self._shut_down()

    def stop(self) -> None:
        self.stopping.set()

    def control(self, command: JobControl) -> None:
        """Apply an operator's command; safe to call from any thread."""
        if command.job_name in (None, self.job_name):
            self._events.put(("control", command))

    def step(self) -> None:
        """One turn of the loop: take messages, handle what came back, keep going."""
        # Consume even when the buffer is full: partitions are paused then, and the
        # call keeps the group membership and rebalance callbacks alive. With jobs
        # in flight the loop waits on their outcomes instead of on the broker.
        busy = self.in_flight > 0
        timeout_s = 0 if busy else self.settings.poll_timeout_s
        messages = self.consumer.consume(self._room(), timeout_s)
        for message in messages:
            self._take(message)
        if busy and not messages:
            self._await_event(self.settings.poll_timeout_s)
        self._handle_events()
        self._start_ready()
        self._expire_deadlines()
        self._resume_due()
        self._apply_backpressure()
        self._commit(force=False)
        self.last_loop_at = time.monotonic()
        if self._fatal is not None:
            raise RuntimeFailure(f"processor {self.job_name} stopped") from self._fatal

    @property
    def _buffer_limit(self) -> int:
        return max(self.settings.buffer_messages, self.spec.concurrency * 2)

    def _room(self) -> int:
        room = self._buffer_limit - len(self._keys)
        return max(1, min(self.settings.batch_size, room))

    # Taking messages

    def _take(self, message: Message) -> None:
        error = message.error()
        if error is not None:
            self._on_consumer_error(error)
            return
        tp: TopicPartition = (message.topic(), message.partition())  # type: ignore[assignment]
        offset: int = message.offset()  # type: ignore[assignment]
        if tp not in self._offsets:
            return
        if tp in self._waiting and offset >= self._waiting[tp][0]:
            return
        if tp[0] in self.retry_topics and self._not_due(message, tp, offset):
            return
        self._offsets[tp].take(offset)
        self.counters["taken"] += 1
        if self.chains is not None:
            self.chains.taken(message.key(), tp[0])
        taken = self._prepare(message, tp, offset)
        if taken is not None:
            self._keys.push(self._order_key(taken), taken)
            self._status(taken, JobState.QUEUED)

    def _on_consumer_error(self, error: KafkaError) -> None:
        if error.code() == KafkaError._PARTITION_EOF:
            return
        if error.fatal():
            self._fatal = KafkaException(error)
        logger.warning("processor %s consumer error: %s", self.job_name, error.str())

    def _not_due(self, message: Message, tp: TopicPartition, offset: int) -> bool:
        """Retry tiers are in due-time order: a message not yet due means the whole
        partition is not due. Rewind to it and pause the partition until then."""
        due_text = headers.to_dict(_raw_headers(message)).get(headers.NOT_BEFORE)
        if due_text is None:
            return False
        due = headers.parse_time(due_text)
        if due <= datetime.now(UTC):
            return False
        self.consumer.seek(KafkaTopicPartition(tp[0], tp[1], offset))
        self.consumer.pause([KafkaTopicPartition(tp[0], tp[1])])
        self._waiting[tp] = (offset, due)
        logger.debug(
            "%s[%d]@%d not due before %s: paused", tp[0], tp[1], offset, due_text
        )
        return True

    def _prepare(
        self, message: Message, tp: TopicPartition, offset: int
    ) -> Taken | None:
        message_headers = headers.to_dict(_raw_headers(message))
        value = message.value()
        try:
            event: Event | None = self.codec.decode(value)
            error: str | None = None
        except UndecodableMessage as exc:
            event, error = None, exc.reason
        if event is not None and type(event).__name__ != self.trigger_type:
            error = (
                f"event type {type(event).__name__} is not {self.trigger_type}, "
                f"the type job {self.job_name} consumes"
            )
        taken = self._taken(message, tp, offset, message_headers, event)
        if error is None:
            return taken
        taken.token = next(self._tokens)
        self._open_spans(taken)
        kind = outcomes.ERROR_KIND_UNDECODABLE
        self._dead_letter(taken, Failure(UndecodableMessage.__name__, error, kind))
        taken.spans["job"].end()
        return None

    def _taken(
        self,
        message: Message,
        tp: TopicPartition,
        offset: int,
        message_headers: dict[str, str],
        event: Event | None,
    ) -> Taken:
        trigger_id = event.event_id if event else f"{tp[0]}:{tp[1]}:{offset}"
        first_failed = message_headers.get(headers.FIRST_FAILED_AT)
        return Taken(
            topic=tp[0],
            partition=tp[1],
            offset=offset,
            key=cast(bytes | None, message.key()),
            value=cast(bytes | None, message.value()),
            raw_headers=_raw_headers(message),
            job_name=self.job_name,
            job_id=message_headers.get(headers.JOB_ID)
            or job_id(self.job_name, trigger_id),
            attempt=int(message_headers.get(headers.ATTEMPT, "1")),
            max_attempts=self.spec.max_attempts,
            event=event,
            event_type=type(event).__name__
            if event
            else message_headers.get(headers.EVENT_TYPE, "unknown"),
            trigger_event_id=trigger_id,
            first_failed_at=headers.parse_time(first_failed) if first_failed else None,
            original=_original(message_headers, tp, offset),
        )

    @staticmethod
    def _order_key(taken: Taken) -> object:
        # Messages without a key have no order to keep among themselves.
        return (
            taken.key
            if taken.key is not None
            else (taken.topic_partition, taken.offset)
        )

    # Running jobs

    def _start_ready(self) -> None:
        if self._operator_paused:
            return
        while len(self._running) < self.spec.concurrency and not self.stopping.is_set():
            taken = self._keys.next_ready()
            if taken is None:
                return
            if taken.job_id in self._cancelled:
                self._cancel(taken)
                continue
            tier = (
                self.chains.must_wait(taken.key, taken.topic) if self.chains else None
            )
            if tier is None:
                self._start(taken)
            else:
                self._wait_behind(taken, tier)

    def _start(self, taken: Taken) -> None:
        taken.token = next(self._tokens)
        taken.started_at = datetime.now(UTC)
        taken.deadline = time.monotonic() + self.spec.timeout_s
        self._open_spans(taken)
        self._running[taken.token] = taken
        self.counters["started"] += 1
        self._status(taken, JobState.RUNNING)
        context = JobContext(
            job_name=self.job_name,
            job_id=taken.job_id,
            attempt=taken.attempt,
            max_attempts=taken.max_attempts,
            key=taken.key_text,
            deadline=taken.started_at + timedelta(seconds=self.spec.timeout_s),
        )
        task = Task(
            taken.token, self.spec.handler, taken.event, context, self.spec.timeout_s
        )
        self.pool.submit(task, lambda outcome: self._events.put(("task", outcome)))

    def _apply_control(self, command: JobControl) -> None:
        if command.command == JobControlCommand.PAUSE and not self._operator_paused:
            self._operator_paused = True
            self._pause(self._assigned_partitions())
            logger.warning(
                "processor %s paused by %s: taking no new messages until resumed",
                self.job_name,
                command.issued_by or "an operator",
            )
        elif command.command == JobControlCommand.RESUME and self._operator_paused:
            self._operator_paused = False
            if not self._backpressure:
                self._resume([tp for tp in self._offsets if tp not in self._waiting])
            logger.warning(
                "processor %s resumed by %s",
                self.job_name,
                command.issued_by or "an operator",
            )
        elif command.command == JobControlCommand.CANCEL and command.job_id:
            self._cancelled.add(command.job_id)

    def _cancel(self, taken: Taken) -> None:
        """Drop a message whose job an operator cancelled before it started."""
        self._cancelled.discard(taken.job_id)
        self._keys.done(self._order_key(taken))
        self._finish(taken)
        self._status(taken, JobState.CANCELLED, finished_at=datetime.now(UTC))
        logger.warning(
            "job %s %s (%s[%d]@%d) cancelled by an operator; its message is dropped",
            self.job_name,
            taken.job_id,
            taken.topic,
            taken.partition,
            taken.offset,
        )

    def _wait_behind(self, taken: Taken, tier: str) -> None:
        """Send the message behind the newest of its key in the retry tiers."""
        assert self.chains is not None
        taken.token = next(self._tokens)
        self._open_spans(taken)
        self._keys.done(self._order_key(taken))
        logger.debug(
            "job %s %s (%s[%d]@%d) waits behind key %s in %s",
            self.job_name,
            taken.job_id,
            taken.topic,
            taken.partition,
            taken.offset,
            taken.key_text,
            tier,
        )
        record_headers = outcomes.waiting_headers(taken)
        self.chains.sent(taken.key, tier, _now_ms())
        self._emit_raw(taken, [(tier, taken.value, record_headers)], JobState.WAITING)
        taken.spans["job"].end()

    def _open_spans(self, taken: Taken) -> None:
        tracer = telemetry.tracer()
        process = tracer.start_span(
            telemetry.PROCESS_SPAN.format(topic=taken.topic),
            kind=SpanKind.CONSUMER,
            context=telemetry.extract(taken.raw_headers),
            attributes=self._process_attributes(taken),
        )
        job = tracer.start_span(
            telemetry.JOB_SPAN.format(job=self.job_name),
            context=trace.set_span_in_context(process),
            attributes={
                telemetry.JOB_NAME: self.job_name,
                telemetry.JOB_ID: taken.job_id,
                telemetry.JOB_ATTEMPT: taken.attempt,
            },
        )
        taken.spans = {"process": process, "job": job}

    def _process_attributes(self, taken: Taken) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            telemetry.MESSAGING_SYSTEM: "kafka",
            telemetry.MESSAGING_OPERATION_TYPE: "process",
            telemetry.MESSAGING_DESTINATION: taken.topic,
            telemetry.MESSAGING_PARTITION: str(taken.partition),
            telemetry.MESSAGING_OFFSET: taken.offset,
            telemetry.MESSAGING_GROUP: self.group_id,
            telemetry.MESSAGING_MESSAGE_ID: taken.trigger_event_id,
        }
        if taken.key_text is not None:
            attributes[telemetry.MESSAGING_KEY] = taken.key_text
        return attributes

    def _expire_deadlines(self) -> None:
        now = time.monotonic()
        expired = [t for t in self._running.values() if t.deadline <= now]
        for taken in expired:
            logger.warning(
                "job %s %s (%s[%d]@%d) ran past its %gs timeout; its result will be "
                "discarded",
                self.job_name,
                taken.job_id,
                taken.topic,
                taken.partition,
                taken.offset,
                self.spec.timeout_s,
            )
            error = JobTimedOut(
                f"attempt ran past the job's timeout of {self.spec.timeout_s:g}s"
            )
            self._conclude(
                TaskOutcome(taken.token, error=error, duration_s=self.spec.timeout_s)
            )

    # Outcomes

    def _await_event(self, timeout_s: float) -> None:
        try:
            kind, payload = self._events.get(timeout=timeout_s)
        except queue.Empty:
            return
        self._dispatch(kind, payload)

    def _handle_events(self) -> None:
        self.producer.poll(0)
        while True:
            try:
                kind, payload = self._events.get_nowait()
            except queue.Empty:
                return
            self._dispatch(kind, payload)

    def _dispatch(self, kind: str, payload: Any) -> None:
        if kind == "task":
            self._conclude(payload)
        elif kind == "control":
            self._apply_control(payload)
        else:
            self._acknowledged(*payload)

    def _conclude(self, outcome: TaskOutcome) -> None:
        taken = self._running.pop(outcome.token, None)
        if taken is None:
            logger.debug(
                "late outcome of abandoned attempt %d discarded", outcome.token
            )
            return
        self._keys.done(self._order_key(taken))
        job_span = taken.spans["job"]
        with trace.use_span(job_span, end_on_exit=False):
            if outcome.error is None:
                kind = self._succeeded(taken, outcome.result)
            else:
                kind = self._failed(taken, outcome.error)
        job_span.end()
        metrics.record_job(self.job_name, kind, outcome.duration_s)

    def _succeeded(self, taken: Taken, result: Any) -> metrics.Outcome:
        try:
            records = self._result_records(taken, result)
        except WrongResultType as exc:
            return self._failed(taken, exc)
        self.counters["succeeded"] += 1
        taken.spans["job"].set_status(Status(StatusCode.OK))
        summary = _summary(result) if self.settings.status_events else None
        self._emit(taken, records, JobState.SUCCEEDED, result_summary=summary)
        return "succeeded"

    def _result_records(
        self, taken: Taken, result: Any
    ) -> list[tuple[str, Event, list]]:
        if result is None:
            return []
        if self.spec.produces is None or not isinstance(result, Event):
            raise WrongResultType(
                f"job {self.job_name} returned {type(result).__name__}; "
                f"it must return {self._expected_result()}"
            )
        expected = self.catalog.event_type(self.spec.produces)
        if not isinstance(result, expected):
            raise WrongResultType(
                f"job {self.job_name} returned {type(result).__name__}; "
                f"it must return {self._expected_result()}"
            )
        extra = headers.encode({headers.JOB_ID: taken.job_id})
        return [(self.spec.produces, result, extra)]

    def _expected_result(self) -> str:
        if self.spec.produces is None:
            return "None (it produces nothing)"
        return f"{self.catalog.event_type(self.spec.produces).__name__} or None"

    def _failed(self, taken: Taken, error: BaseException) -> metrics.Outcome:
        failure = outcomes.classify(error, taken.attempt, taken.max_attempts)
        span = taken.spans["job"]
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, failure.message))
        if failure.kind == outcomes.ERROR_KIND_RETRYABLE:
            self._retry(taken, failure)
            return "retried"
        self._dead_letter(taken, failure)
        return "dead_lettered"

    def _retry(self, taken: Taken, failure: Failure) -> None:
        delay_s = self.spec.delay_for(taken.attempt)
        due = outcomes.not_before(delay_s, failure)
        topic = self.catalog.retry_topic(self.job_name, delay_s)
        record_headers = outcomes.retry_headers(taken, failure, due)
        self.counters["retried"] += 1
        if self.chains is not None:
            self.chains.sent(taken.key, topic, _now_ms())
        logger.info(
            "job %s %s attempt %d/%d failed (%s: %s); retry from %s at %s",
            self.job_name,
            taken.job_id,
            taken.attempt,
            taken.max_attempts,
            failure.error_type,
            failure.message,
            topic,
            headers.format_time(due),
        )
        self._emit_raw(
            taken,
            [(topic, taken.value, record_headers)],
            JobState.RETRYING,
            error_type=failure.error_type,
            error_message=failure.message,
            next_attempt_at=due,
        )

    def _dead_letter(self, taken: Taken, failure: Failure) -> None:
        record_headers = outcomes.dead_letter_headers(taken, failure)
        failed_event = outcomes.job_failed_event(taken, failure, self.dead_letter_topic)
        self.counters["dead_lettered"] += 1
        logger.error(
            "job %s %s (%s[%d]@%d, key %s) failed for good after attempt %d/%d "
            "(%s, %s: %s); message sent to dead_letter_topic %s",
            self.job_name,
            taken.job_id,
            taken.topic,
            taken.partition,
            taken.offset,
            taken.key_text,
            taken.attempt,
            taken.max_attempts,
            failure.kind,
            failure.error_type,
            failure.message,
            self.dead_letter_topic,
        )
        self._emit_raw(
            taken,
            [(self.dead_letter_topic, taken.value, record_headers)],
            JobState.FAILED,
            events=[(self.failed_topic, failed_event, [])],
            error_type=failure.error_type,
            error_message=failure.message,
        )

    def _emit(
        self,
        taken: Taken,
        events: list[tuple[str, Event, list]],
        state: JobState,
        **details: Any,
    ) -> None:
        self._emit_raw(taken, [], state, events=events, **details)

    def _emit_raw(
        self,
        taken: Taken,
        raw: list[tuple[str, bytes | None, list]],
        state: JobState,
        events: Iterable[tuple[str, Event, list]] = (),
        **details: Any,
    ) -> None:
        """Produce the outcome records; the offset finishes when all are acked (or,
        exactly once, they are held for the transaction that commits the offset)."""
        records = [
            self._outbound(topic, taken.key, value, hdrs) for topic, value, hdrs in raw
        ]
        for topic, event, extra in events:
            value = self.codec.encode(event, topic=topic)
            event_headers = headers.encode(
                {
                    headers.EVENT_TYPE: event.avro_name(),
                    headers.EVENT_ID: event.event_id,
                }
            )
            key = event.message_key.encode()
            records.append(self._outbound(topic, key, value, event_headers + extra))
        details["finished_at"] = datetime.now(UTC)
        taken.spans["process"].end()
        if self.transactions is not None:
            self.transactions.hold(taken.topic_partition, taken.offset, records)
            self._finish(taken)
        elif records:
            # The status waits for the broker: it names where the outcome landed.
            self._finishing[taken.token] = Finishing(
                taken, len(records), state, details
            )
            for index, record in enumerate(records):
                self._produce(
                    record.topic,
                    record.key,
                    record.value,
                    record.headers,
                    self._on_ack(taken.token, index),
                )
            return
        else:
            self._finish(taken)
        self._status(taken, state, **details)

    def _outbound(
        self, topic: str, key: bytes | None, value: bytes | None, hdrs: list
    ) -> Outbound:
        """The record with the context of its own send span (a child of the job's)."""
        span = telemetry.tracer().start_span(
            telemetry.SEND_SPAN.format(topic=topic),
            kind=SpanKind.PRODUCER,
            attributes={
                telemetry.MESSAGING_SYSTEM: "kafka",
                telemetry.MESSAGING_OPERATION_TYPE: "send",
                telemetry.MESSAGING_DESTINATION: topic,
            },
        )
        trace_headers = telemetry.inject(trace.set_span_in_context(span))
        span.end()
        kept = headers.without(hdrs, [headers.TRACEPARENT, headers.TRACESTATE])
        return Outbound(topic, key, value, kept + trace_headers)

    def _on_ack(self, token: int, index: int) -> Callable[[Any, Any], None]:
        return lambda error, message: self._events.put(
            ("ack", (token, index, error, message))
        )

    def _produce(
        self,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        hdrs: list,
        on_delivery: Callable[[Any, Any], None],
    ) -> None:
        while True:
            try:
                self.producer.produce(
                    topic, value=value, key=key, headers=hdrs, on_delivery=on_delivery
                )
                return
            except BufferError:
                # The producer's queue is full: serve its callbacks until there is room.
                self.producer.poll(0.1)

    def _acknowledged(
        self, token: int, index: int, error: KafkaError | None, message: Message
    ) -> None:
        if error is not None:
            self._fatal = KafkaException(error)
            logger.critical(
                "outcome of job %s attempt %d not acknowledged by %s (%s); stopping "
                "without committing it, the message will be processed again",
                self.job_name,
                token,
                message.topic(),
                error.str(),
            )
            return
        entry = self._finishing.get(token)
        if entry is None:  # its partition was revoked meanwhile
            return
        if index == 0:  # the result, retry or dead-letter record
            entry.details["outcome_topic"] = message.topic()
            entry.details["outcome_partition"] = message.partition()
            entry.details["outcome_offset"] = message.offset()
        entry.remaining -= 1
        if entry.remaining > 0:
            return
        del self._finishing[token]
        self._finish(entry.taken)
        self._status(entry.taken, entry.state, **entry.details)

    def _finish(self, taken: Taken) -> None:
        offsets = self._offsets.get(taken.topic_partition)
        if offsets is not None:
            offsets.finish(taken.offset)

    def _status(self, taken: Taken, state: JobState, **details: Any) -> None:
        if not self.settings.status_events:
            return
        process_span = taken.spans.get("process")
        trace_id = telemetry.trace_id_of(process_span) if process_span else None
        event = outcomes.status_event(taken, state, trace_id=trace_id, **details)
        value = self.codec.encode(event, topic=self.status_topic)
        self._produce(
            self.status_topic,
            event.message_key.encode(),
            value,
            headers.encode(
                {
                    headers.EVENT_TYPE: event.avro_name(),
                    headers.EVENT_ID: event.event_id,
                }
            ),
            _log_status_failure,
        )

    # Flow control

    def _apply_backpressure(self) -> None:
        # Pausing drops what librdkafka prefetched; a wide gap between the pause
        # and the resume keeps that from happening on every few messages.
        limit = self._buffer_limit
        if not self._backpressure and len(self._keys) >= limit:
            self._pause(self._assigned_partitions())
            self._backpressure = True
        elif self._backpressure and len(self._keys) <= limit // 2:
            self._backpressure = False
            if self._operator_paused:
                return
            self._resume(
                [tp for tp in self._assigned_partitions() if tp not in self._waiting]
            )

    def _resume_due(self) -> None:
        now = datetime.now(UTC)
        due = [tp for tp, (_, when) in self._waiting.items() if when <= now]
        for tp in due:
            del self._waiting[tp]
        if due and not self._backpressure and not self._operator_paused:
            self._resume(due)

    def _assigned_partitions(self) -> list[TopicPartition]:
        return list(self._offsets)

    def _pause(self, partitions: list[TopicPartition]) -> None:
        if partitions:
            self.consumer.pause([KafkaTopicPartition(t, p) for t, p in partitions])

    def _resume(self, partitions: list[TopicPartition]) -> None:
        if partitions:
            self.consumer.resume([KafkaTopicPartition(t, p) for t, p in partitions])

    # Commits and rebalances

    def _commit(self, *, force: bool, only: set[TopicPartition] | None = None) -> None:
        now = time.monotonic()
        if not force and now - self._last_commit < self.settings.commit_interval_s:
            return
        self._last_commit = now
        positions = {
            tp: position
            for tp, offsets in self._offsets.items()
            if (only is None or tp in only)
            and (position := offsets.committable()) is not None
        }
        if not positions:
            return
        if self.transactions is not None:
            if not self.transactions.commit(positions, self.consumer):
                return
        elif not self._commit_offsets(positions):
            return
        for tp, position in positions.items():
            self._offsets[tp].committed(position)

    def _commit_offsets(self, positions: dict[TopicPartition, int]) -> bool:
        try:
            self.consumer.commit(
                offsets=[
                    KafkaTopicPartition(t, p, o) for (t, p), o in positions.items()
                ],
                asynchronous=False,
            )
        except KafkaException as exc:
            logger.warning(
                "processor %s commit failed, will retry: %s", self.job_name, exc
            )
            return False
        return True

    def _on_assign(
        self, consumer: Consumer, partitions: list[KafkaTopicPartition]
    ) -> None:
        for partition in partitions:
            self._offsets[(partition.topic, partition.partition)] = PartitionOffsets()
        self.assigned = bool(self._offsets)
        if self.chains is None:
            consumer.incremental_assign(partitions)
        else:
            consumer.assign(partitions)
            tiers = [p for p in partitions if p.topic in self.retry_topics]
            self.chains.rebuild(consumer, self._base_config, tiers)
        # librdkafka keeps a partition's pause flag across revocation; one paused
        # before it was taken away would stay paused when it comes back.
        if self._backpressure or self._operator_paused:
            consumer.pause(partitions)
        elif partitions:
            consumer.resume(partitions)
        logger.info(
            "processor %s assigned %s",
            self.job_name,
            ", ".join(f"{p.topic}[{p.partition}]" for p in partitions) or "nothing new",
        )

    def _on_revoke(
        self, consumer: Consumer, partitions: list[KafkaTopicPartition]
    ) -> None:
        revoked = {(p.topic, p.partition) for p in partitions}
        self._wait_for(revoked, self.settings.revoke_grace_s)
        self._commit(force=True, only=revoked)
        self._forget(revoked)
        logger.info(
            "processor %s gave back %s",
            self.job_name,
            ", ".join(f"{t}[{p}]" for t, p in sorted(revoked)) or "nothing",
        )

    def _on_lost(
        self, consumer: Consumer, partitions: list[KafkaTopicPartition]
    ) -> None:
        lost = {(p.topic, p.partition) for p in partitions}
        logger.warning(
            "processor %s lost %d partitions without commit", self.job_name, len(lost)
        )
        self._forget(lost)

    def _wait_for(self, partitions: set[TopicPartition], grace_s: float) -> None:
        """Let running and finishing work of these partitions end, within a bound."""
        self._keys.drop(lambda t: t.topic_partition not in partitions or t.token != 0)
        deadline = time.monotonic() + grace_s
        while self._busy_on(partitions) and time.monotonic() < deadline:
            self._handle_events()
            self._expire_deadlines()
            self.producer.poll(0.02)
        self.producer.flush(max(0.0, deadline - time.monotonic()))
        self._handle_events()

    def _busy_on(self, partitions: set[TopicPartition]) -> bool:
        running = any(t.topic_partition in partitions for t in self._running.values())
        finishing = any(
            f.taken.topic_partition in partitions for f in self._finishing.values()
        )
        return running or finishing

    def _forget(self, partitions: set[TopicPartition]) -> None:
        self._keys.drop(lambda t: t.topic_partition not in partitions or t.token != 0)
        for token, taken in list(self._running.items()):
            if taken.topic_partition in partitions:
                logger.warning(
                    "job %s %s abandoned with partition %s[%d]; the new owner runs it",
                    self.job_name,
                    taken.job_id,
                    taken.topic,
                    taken.partition,
                )
                del self._running[token]
                self._keys.done(self._order_key(taken))
        for token, finishing in list(self._finishing.items()):
            if finishing.taken.topic_partition in partitions:
                del self._finishing[token]
        for tp in partitions:
            self._offsets.pop(tp, None)
            self._waiting.pop(tp, None)
        if self.transactions is not None:
            self.transactions.forget(partitions)
        if self.chains is not None and not self._offsets:
            self.chains.forget()
        self.assigned = bool(self._offsets)

    def _shut_down(self) -> None:
        """Stop fetching, let in-flight jobs finish within the grace period, commit,
        and leave the group so the others take over at once."""
        logger.info(
            "processor %s stopping: %d jobs in flight, grace %gs",
            self.job_name,
            self.in_flight,
            self.spec.grace_period_s,
        )
        self._pause(self._assigned_partitions())
        self._wait_for(set(self._offsets), self.spec.grace_period_s)
        self._commit(force=True)
        self.consumer.close()
        logger.info("processor %s left group %s", self.job_name, self.group_id)


@dataclass
class Finishing:
    """An outcome produced and not yet fully acknowledged, with its pending status."""

    taken: Taken
    remaining: int
    state: JobState
    details: dict[str, Any]


def _original(
    message_headers: dict[str, str], tp: TopicPartition, offset: int
) -> tuple[str, int, int]:
    topic = message_headers.get(headers.ORIGINAL_TOPIC)
    if topic is None:
        return (tp[0], tp[1], offset)
    return (
        topic,
        int(message_headers.get(headers.ORIGINAL_PARTITION, tp[1])),
        int(message_headers.get(headers.ORIGINAL_OFFSET, offset)),
    )


def _now_ms() -> int:
    return int(time.time() * 1000)


def _raw_headers(message: Message) -> list[tuple[str, bytes]]:
    pairs = cast(list[tuple[str, bytes | str | None]], message.headers() or [])
    return [
        (name, value.encode() if isinstance(value, str) else value or b"")
        for name, value in pairs
    ]


def _summary(result: Any) -> str | None:
    if not isinstance(result, Event):
        return None
    text = result.model_dump_json(exclude={"event_id", "occurred_at"})
    return text if len(text) <= 2000 else text[:1999] + "…"


def _log_status_failure(error: KafkaError | None, message: Message) -> None:
    if error is not None:
        logger.warning("job status event not delivered: %s", error.str())
