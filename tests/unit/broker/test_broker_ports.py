import os
import socket
from collections.abc import Callable, Iterator

import pytest

from processors.broker.ports import listening_pid, port_is_free


@pytest.fixture
def listening_socket() -> Iterator[Callable[[], socket.socket]]:
    """A factory of sockets listening on a free loopback port, closed afterwards."""
    opened: list[socket.socket] = []

    def open_socket() -> socket.socket:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen()
        opened.append(server)
        return server

    yield open_socket

    for server in opened:
        server.close()


def test_a_port_someone_listens_on_is_not_free(
    listening_socket: Callable[[], socket.socket],
) -> None:
    """A listening socket makes its port unavailable."""
    port = listening_socket().getsockname()[1]

    assert not port_is_free("127.0.0.1", port)


def test_a_port_is_free_again_once_its_listener_closed(
    listening_socket: Callable[[], socket.socket],
) -> None:
    """Closing the listener frees the port."""
    server = listening_socket()
    port = server.getsockname()[1]
    server.close()

    assert port_is_free("127.0.0.1", port)


def test_a_port_held_on_all_interfaces_is_not_free_on_loopback() -> None:
    """A listener on 0.0.0.0 takes the port on 127.0.0.1 as well."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("0.0.0.0", 0))
        server.listen()
        port = server.getsockname()[1]

        assert not port_is_free("127.0.0.1", port)


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="needs Linux /proc")
def test_the_listening_process_is_found(
    listening_socket: Callable[[], socket.socket],
) -> None:
    """The owner of a listening port is this test's own process."""
    port = listening_socket().getsockname()[1]

    assert listening_pid(port) == os.getpid()


def test_no_process_is_found_for_a_free_port(
    listening_socket: Callable[[], socket.socket],
) -> None:
    """A port nobody listens on has no owner."""
    server = listening_socket()
    port = server.getsockname()[1]
    server.close()

    assert listening_pid(port) is None
