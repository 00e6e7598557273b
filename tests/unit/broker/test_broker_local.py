import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from processors.broker import local
from processors.broker.exceptions import BrokerPortTakenError
from processors.broker.settings import LocalBrokerSettings

_FAKE_BROKER = """
import signal, sys, time

def on_sigterm(signum, frame):
    print("SIGTERM", flush=True)
    if sys.argv[1] == "exit-on-sigterm":
        sys.exit(0)

signal.signal(signal.SIGTERM, on_sigterm)
print("ready", flush=True)
while True:
    time.sleep(60)
"""


@pytest.fixture
def fake_broker() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """A factory of processes whose command line looks like a home's broker."""
    started: list[subprocess.Popen[str]] = []

    def start(settings: LocalBrokerSettings, on_sigterm: str) -> subprocess.Popen[str]:
        arguments = [on_sigterm, "kafka.Kafka", str(settings.server_properties)]
        process = subprocess.Popen(
            [sys.executable, "-c", _FAKE_BROKER, *arguments],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        settings.pid_file.write_text(f"{process.pid}\n")
        return process

    yield start

    for process in started:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _settings(home: Path, port: int | None = None) -> LocalBrokerSettings:
    port = port or _free_port()
    return LocalBrokerSettings(home=home, port=port, controller_port=_free_port())


def test_status_is_stopped_when_the_pid_file_names_another_program(
    tmp_path: Path,
) -> None:
    """A pid file whose pid is not a Kafka broker means stopped."""
    settings = _settings(tmp_path)
    settings.pid_file.write_text(f"{os.getpid()}\n")

    assert local.status(settings) is None


def test_down_removes_a_stale_pid_file_and_reports_nothing_stopped(
    tmp_path: Path,
) -> None:
    """`down` with only a stale pid file stops nothing and clears the file."""
    settings = _settings(tmp_path)
    settings.pid_file.write_text(f"{os.getpid()}\n")

    assert local.down(settings) is None
    assert not settings.pid_file.exists()


def test_down_without_a_home_reports_nothing_stopped(tmp_path: Path) -> None:
    """`down` on a home that never existed is a no-op."""
    settings = _settings(tmp_path / "never-created")

    assert local.down(settings) is None
    assert not settings.home.exists()


def test_up_refuses_a_port_taken_by_another_process(tmp_path: Path) -> None:
    """`up` names the taken port, its owner and the variable to change, and
    fetches nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        settings = _settings(tmp_path, port)
        settings.pid_file.parent.mkdir(parents=True, exist_ok=True)
        settings.pid_file.write_text(f"{os.getpid()}\n")

        with pytest.raises(BrokerPortTakenError) as caught:
            local.up(settings)

    message = str(caught.value)
    assert caught.value.port == port
    assert f"port {port} on 127.0.0.1" in message
    assert f"pid {os.getpid()}" in message
    assert "KAFKA_LOCAL_PORT" in message
    assert not settings.pid_file.exists()
    assert not settings.libs_dir.exists()


def test_down_stops_a_broker_with_sigterm(
    tmp_path: Path,
    fake_broker: Callable[..., subprocess.Popen[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A broker that exits on SIGTERM is stopped without a warning."""
    settings = _settings(tmp_path)
    process = fake_broker(settings, "exit-on-sigterm")

    assert local.down(settings) == process.pid

    assert process.stdout is not None
    assert process.stdout.read() == "SIGTERM\n"
    assert not settings.pid_file.exists()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_down_kills_a_broker_that_outlives_sigterm_and_warns(
    tmp_path: Path,
    fake_broker: Callable[..., subprocess.Popen[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """After the stop timeout the broker gets SIGKILL, and a warning says so."""
    settings = _settings(tmp_path).model_copy(update={"stop_timeout_s": 0.5})
    process = fake_broker(settings, "survive-sigterm")

    assert local.down(settings) == process.pid

    assert process.stdout is not None
    assert process.stdout.read() == "SIGTERM\n"
    process.wait(timeout=5)  # gone, and reaped
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert f"pid {process.pid}" in warnings[0]
    assert "SIGKILL" in warnings[0]
