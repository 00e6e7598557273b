"""The project's own single-node Kafka broker: `up`, `down` and `status`.

The broker is Apache Kafka run from its Maven Central jars on the machine's Java,
in KRaft mode as one combined broker and controller on 127.0.0.1. Everything it
owns lives under one home directory (see `LocalBrokerSettings`).
"""

import contextlib
import fcntl
import logging
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from processors.broker.config_files import (
    write_config_files,
    written_bootstrap_servers,
)
from processors.broker.exceptions import (
    BrokerError,
    BrokerPortTakenError,
    BrokerStartError,
    BrokerStopError,
)
from processors.broker.jars import ensure_jars
from processors.broker.ports import listening_pid, port_is_free
from processors.broker.process import (
    describe,
    is_broker_process,
    read_pid,
    signal_process,
    spawn_broker,
    write_pid,
)
from processors.broker.readiness import wait_until_ready
from processors.broker.settings import ENV_PREFIX, HOST, LocalBrokerSettings
from processors.broker.storage import ensure_formatted

logger = logging.getLogger(__name__)

_KILL_WAIT_S = 10.0
_EXIT_POLL_S = 0.1

# Popen warns when an object whose child still runs is collected; the broker is
# meant to outlive this process, so its Popen objects are kept until exit.
_DETACHED: list[subprocess.Popen[bytes]] = []


@dataclass(frozen=True)
class RunningBroker:
    """A live local broker."""

    pid: int
    bootstrap_servers: str
    data_dir: Path


@dataclass(frozen=True)
class UpOutcome:
    """The broker after `up`, and whether this call started it."""

    broker: RunningBroker
    started: bool


def up(settings: LocalBrokerSettings | None = None) -> UpOutcome:
    """Start the broker unless it runs already, and wait until it answers.

    Fetches the jars on first use (or after the pom changed), formats the storage
    on first use, and leaves the broker running detached from the caller.
    """
    settings = settings or LocalBrokerSettings()
    settings.home.mkdir(parents=True, exist_ok=True)
    with _home_lock(settings):
        running = status(settings)
        if running is not None:
            logger.info(
                "Kafka broker already running at %s (pid %d); nothing to start",
                running.bootstrap_servers,
                running.pid,
            )
            return UpOutcome(running, started=False)

        _forget_stale_pid(settings)
        _check_java(settings)
        _check_ports_free(settings)
        ensure_jars(settings)
        write_config_files(settings)
        ensure_formatted(settings)
        return UpOutcome(_start(settings), started=True)


def down(settings: LocalBrokerSettings | None = None) -> int | None:
    """Stop the broker and wait for its exit; the pid it had, or None if none ran."""
    settings = settings or LocalBrokerSettings()
    if not settings.home.is_dir():
        return None
    with _home_lock(settings):
        running = status(settings)
        if running is None:
            _forget_stale_pid(settings)
            return None

        _stop(running.pid, settings)
        settings.pid_file.unlink(missing_ok=True)
        logger.info("Kafka broker (pid %d) stopped", running.pid)
        return running.pid


def status(settings: LocalBrokerSettings | None = None) -> RunningBroker | None:
    """The running broker of this home, or None when it is stopped."""
    settings = settings or LocalBrokerSettings()
    pid = read_pid(settings.pid_file)
    if pid is None or not is_broker_process(pid, settings.server_properties):
        return None
    return RunningBroker(pid, written_bootstrap_servers(settings), settings.data_dir)


@contextlib.contextmanager
def _home_lock(settings: LocalBrokerSettings) -> Iterator[None]:
    # Two `up` at once (parallel test sessions) would otherwise both start a JVM.
    with settings.lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _forget_stale_pid(settings: LocalBrokerSettings) -> None:
    pid = read_pid(settings.pid_file)
    if settings.pid_file.exists():
        logger.info(
            "Removing stale pid file %s: pid %s is not this home's Kafka broker",
            settings.pid_file,
            pid,
        )
        settings.pid_file.unlink(missing_ok=True)


def _check_java(settings: LocalBrokerSettings) -> None:
    if shutil.which(settings.java) is None:
        raise BrokerError(
            f"Java executable {settings.java!r} not found; install Java 17 or later "
            f"(Debian package openjdk-17-jre-headless) or set {ENV_PREFIX}JAVA"
        )


def _check_ports_free(settings: LocalBrokerSettings) -> None:
    for port, variable in (
        (settings.port, f"{ENV_PREFIX}PORT"),
        (settings.controller_port, f"{ENV_PREFIX}CONTROLLER_PORT"),
    ):
        if port_is_free(HOST, port):
            continue
        owner_pid = listening_pid(port)
        owner = describe(owner_pid) if owner_pid else "an unknown process"
        raise BrokerPortTakenError(
            f"port {port} on {HOST} is already in use by {owner}; stop that "
            f"process, or pick a free port with {variable}",
            port=port,
        )


def _start(settings: LocalBrokerSettings) -> RunningBroker:
    log_offset = _file_size(settings.server_log)
    started_at = time.monotonic()
    process = spawn_broker(settings)
    write_pid(settings.pid_file, process.pid)
    logger.info(
        "Started Kafka broker JVM (pid %d); waiting for it to answer at %s",
        process.pid,
        settings.bootstrap_servers,
    )
    try:
        wait_until_ready(settings, process, log_offset)
    except BrokerStartError:
        _stop(process.pid, settings)
        process.poll()
        settings.pid_file.unlink(missing_ok=True)
        raise

    _DETACHED.append(process)
    logger.info(
        "Kafka broker ready at %s after %.1f s (pid %d, log %s)",
        settings.bootstrap_servers,
        time.monotonic() - started_at,
        process.pid,
        settings.server_log,
    )
    return RunningBroker(process.pid, settings.bootstrap_servers, settings.data_dir)


def _stop(pid: int, settings: LocalBrokerSettings) -> None:
    signal_process(pid, signal.SIGTERM)
    if _wait_for_exit(pid, settings, settings.stop_timeout_s):
        return

    logger.warning(
        "Kafka broker (pid %d) still running %g s after SIGTERM; killing it with "
        "SIGKILL, so its next start recovers its logs",
        pid,
        settings.stop_timeout_s,
    )
    signal_process(pid, signal.SIGKILL)
    if not _wait_for_exit(pid, settings, _KILL_WAIT_S):
        raise BrokerStopError(
            f"Kafka broker (pid {pid}) is still alive {_KILL_WAIT_S:g} s after "
            "SIGKILL; check it with `ps` before starting another"
        )


def _wait_for_exit(pid: int, settings: LocalBrokerSettings, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while is_broker_process(pid, settings.server_properties):
        if time.monotonic() > deadline:
            return False
        time.sleep(_EXIT_POLL_S)
    return True


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
