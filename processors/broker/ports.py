"""Whether the broker's ports are free, and which process holds one that is not."""

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

_LISTEN_STATE = "0A"
_SOCKET_TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on `host:port` now.

    The probe binds with SO_REUSEADDR, as the JVM does, so connections of a
    broker that just stopped (TIME_WAIT) do not count as taking the port.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def listening_pid(port: int) -> int | None:
    """The pid of a process listening on TCP `port`, when Linux's /proc tells."""
    inodes = set(_listening_inodes(port))
    if not inodes:
        return None
    targets = {f"socket:[{inode}]" for inode in inodes}
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        if any(link in targets for link in _fd_links(fd_dir)):
            return int(fd_dir.parent.name)
    return None


def _listening_inodes(port: int) -> Iterator[str]:
    for table in _SOCKET_TABLES:
        with contextlib.suppress(OSError):
            for row in table.read_text().splitlines()[1:]:
                fields = row.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == _LISTEN_STATE:
                    yield fields[9]


def _fd_links(fd_dir: Path) -> Iterator[str]:
    # Processes come and go, and others' fds may be unreadable: skip those.
    with contextlib.suppress(OSError):
        for fd in fd_dir.iterdir():
            with contextlib.suppress(OSError):
                yield str(fd.readlink())
