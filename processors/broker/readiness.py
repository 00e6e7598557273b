"""Waiting for a started broker to answer Kafka requests."""

import logging
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from processors.broker.exceptions import BrokerStartError
from processors.broker.settings import ENV_PREFIX, HOST, LocalBrokerSettings

logger = logging.getLogger(__name__)

_POLL_INTERVAL_S = 0.25
_CONNECT_TIMEOUT_S = 1.0
_METADATA_TIMEOUT_S = 5.0
_TAIL_LINES = 40


def broker_answers(host: str, port: int) -> bool:
    """Whether a Kafka broker at `host:port` answers a metadata request.

    A plain connect comes first: it fails fast and quietly while the JVM boots,
    where a Kafka client would retry and log each refused connection.
    """
    try:
        with socket.create_connection((host, port), timeout=_CONNECT_TIMEOUT_S):
            pass
    except OSError:
        return False
    # librdkafka takes a Python logger here, which its type hints do not list.
    config: dict[str, Any] = {"bootstrap.servers": f"{host}:{port}", "logger": logger}
    admin = AdminClient(config)
    try:
        metadata = admin.list_topics(timeout=_METADATA_TIMEOUT_S)
    except KafkaException:
        return False
    return bool(metadata.brokers)


def wait_until_ready(
    settings: LocalBrokerSettings,
    process: subprocess.Popen[bytes],
    log_offset: int,
) -> None:
    """Return once the broker answers; raise when its JVM exits or time runs out.

    `log_offset` is the size of the server log before this start, so an error
    shows only what this start wrote.
    """
    deadline = time.monotonic() + settings.start_timeout_s
    while not broker_answers(HOST, settings.port):
        exit_code = process.poll()
        if exit_code is not None:
            raise BrokerStartError(
                f"the Kafka broker's JVM exited with code {exit_code} while "
                f"starting.{_logs_excerpt(settings, log_offset)}"
            )
        if time.monotonic() > deadline:
            raise BrokerStartError(
                f"the Kafka broker did not answer at {settings.bootstrap_servers} "
                f"within {settings.start_timeout_s:g} s and was stopped; raise "
                f"{ENV_PREFIX}START_TIMEOUT_S if this machine is just slow."
                f"{_logs_excerpt(settings, log_offset)}"
            )
        time.sleep(_POLL_INTERVAL_S)


def _logs_excerpt(settings: LocalBrokerSettings, log_offset: int) -> str:
    parts = [
        _tail_section(settings.server_log, log_offset),
        _tail_section(settings.jvm_output, 0),
    ]
    return "".join(part for part in parts if part)


def _tail_section(path: Path, offset: int) -> str:
    lines = _tail(path, offset)
    if not lines:
        return ""
    return f"\n--- last lines of {path} ---\n" + "\n".join(lines)


def _tail(path: Path, offset: int) -> list[str]:
    try:
        with path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode(errors="replace")
    except OSError:
        return []
    return text.splitlines()[-_TAIL_LINES:]
