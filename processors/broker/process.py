"""The broker's JVM as an operating-system process: pid file, identity, signals."""

import contextlib
import os
import subprocess
from pathlib import Path

from processors.broker.settings import LocalBrokerSettings

_MAIN_CLASS = "kafka.Kafka"


def broker_command(settings: LocalBrokerSettings) -> list[str]:
    """The java command line that runs the broker of this home."""
    return [
        settings.java,
        f"-Xmx{settings.heap_mb}m",
        "-Djava.awt.headless=true",
        # Kafka logs its own shutdown from a shutdown hook; log4j2 would otherwise
        # stop its appenders in a hook of its own, and those last lines be lost.
        "-Dlog4j2.shutdownHookEnabled=false",
        f"-Dlog4j2.configurationFile={settings.log4j2_properties}",
        "-cp",
        str(settings.libs_dir / "*"),
        _MAIN_CLASS,
        str(settings.server_properties),
    ]


def spawn_broker(settings: LocalBrokerSettings) -> subprocess.Popen[bytes]:
    """Start the JVM in a session of its own, so it outlives the calling command."""
    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    with settings.jvm_output.open("wb") as jvm_output:
        return subprocess.Popen(
            broker_command(settings),
            stdin=subprocess.DEVNULL,
            stdout=jvm_output,
            stderr=subprocess.STDOUT,
            cwd=settings.home,
            start_new_session=True,
        )


def read_pid(pid_file: Path) -> int | None:
    """The pid in the file, or None when the file is missing or holds no number."""
    try:
        text = pid_file.read_text().strip()
    except FileNotFoundError:
        return None
    return int(text) if text.isdigit() else None


def write_pid(pid_file: Path, pid: int) -> None:
    pid_file.write_text(f"{pid}\n")


def is_broker_process(pid: int, server_properties: Path) -> bool:
    """Whether `pid` is a live Kafka broker started with this server.properties.

    A pid alone proves nothing: after the broker died, the system may have given
    its number to any other process. An exited child that was not reaped yet has
    an empty command line and so does not count as alive.
    """
    _reap_if_child(pid)
    arguments = command_line(pid)
    return _MAIN_CLASS in arguments and str(server_properties) in arguments


def command_line(pid: int) -> list[str]:
    """The arguments of a process, empty when it does not exist (or is a zombie)."""
    if Path("/proc/self").exists():
        return _proc_command_line(pid)
    return _ps_command_line(pid)


def _proc_command_line(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [os.fsdecode(part) for part in raw.split(b"\0") if part]


def _ps_command_line(pid: int) -> list[str]:
    # Without /proc (macOS), ps gives the line joined by blanks: good enough to
    # find the main class and an absolute config path without blanks in it.
    done = subprocess.run(
        ["ps", "-ww", "-o", "command=", "-p", str(pid)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.split()


def _reap_if_child(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def signal_process(pid: int, signal_number: int) -> None:
    """Send a signal, ignoring a process that is already gone."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal_number)


def describe(pid: int) -> str:
    """`pid N (command line)`, shortened, for messages about another process."""
    line = " ".join(command_line(pid))
    if len(line) > 160:
        line = line[:157] + "..."
    return f"pid {pid} ({line or 'command line unknown'})"
