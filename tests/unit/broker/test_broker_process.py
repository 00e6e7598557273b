import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from processors.broker.process import (
    broker_command,
    command_line,
    is_broker_process,
    read_pid,
    write_pid,
)
from processors.broker.settings import LocalBrokerSettings


@pytest.fixture
def start_process() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """A factory of sleeping processes with chosen arguments, killed afterwards."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*arguments: str) -> subprocess.Popen[bytes]:
        code = "import time; time.sleep(60)"
        process = subprocess.Popen([sys.executable, "-c", code, *arguments])
        started.append(process)
        _wait_for_command_line(process.pid)
        return process

    yield start

    for process in started:
        process.kill()
        process.wait()


def _wait_for_command_line(pid: int) -> None:
    # Right after exec the kernel may not show the new arguments yet.
    deadline = time.monotonic() + 5
    while not command_line(pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_read_pid_gives_the_number_in_the_file(tmp_path: Path) -> None:
    """A written pid reads back."""
    pid_file = tmp_path / "broker.pid"

    write_pid(pid_file, 4242)

    assert read_pid(pid_file) == 4242


@pytest.mark.parametrize("content", ["", "not a pid\n", "-5"])
def test_read_pid_gives_none_for_a_file_without_a_pid(
    tmp_path: Path, content: str
) -> None:
    """An empty or garbled pid file counts as no pid."""
    pid_file = tmp_path / "broker.pid"
    pid_file.write_text(content)

    assert read_pid(pid_file) is None


def test_read_pid_gives_none_without_a_file(tmp_path: Path) -> None:
    """A missing pid file counts as no pid."""
    assert read_pid(tmp_path / "missing.pid") is None


def test_a_pid_reused_by_another_program_is_not_the_broker(tmp_path: Path) -> None:
    """A live process without the broker's command line is not taken for it."""
    assert not is_broker_process(os.getpid(), tmp_path / "server.properties")


def test_the_pid_of_an_exited_process_is_not_the_broker(
    tmp_path: Path, start_process: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """A process that has exited, even unreaped, is not alive."""
    server_properties = tmp_path / "server.properties"
    process = start_process("kafka.Kafka", str(server_properties))
    process.kill()
    # Wait for the exit but leave the zombie in place, as a crashed child is.
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)

    assert not is_broker_process(process.pid, server_properties)


def test_a_kafka_process_of_this_home_is_the_broker(
    tmp_path: Path, start_process: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """The main class and this home's config in the command line identify it."""
    server_properties = tmp_path / "server.properties"
    process = start_process("kafka.Kafka", str(server_properties))

    assert is_broker_process(process.pid, server_properties)


def test_a_kafka_process_of_another_home_is_not_this_broker(
    tmp_path: Path, start_process: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """Another home's broker (another server.properties) is not this one."""
    process = start_process("kafka.Kafka", str(tmp_path / "other/server.properties"))

    assert not is_broker_process(process.pid, tmp_path / "server.properties")


def test_broker_command_runs_kafka_with_this_homes_files(tmp_path: Path) -> None:
    """The command names the heap, the home's jars, log config and server config."""
    settings = LocalBrokerSettings(home=tmp_path, heap_mb=768)

    command = broker_command(settings)

    assert command[0] == "java"
    assert "-Xmx768m" in command
    assert f"-Dlog4j2.configurationFile={settings.log4j2_properties}" in command
    assert command[command.index("-cp") + 1] == f"{tmp_path}/libs/*"
    assert command[-2:] == ["kafka.Kafka", str(settings.server_properties)]
