from pathlib import Path

from processors.broker.config_files import (
    escape,
    log4j2_properties,
    render,
    server_properties,
    write_config_files,
    written_bootstrap_servers,
)
from processors.broker.settings import LocalBrokerSettings


def _parse(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_server_properties_use_the_configured_ports_and_data_dir(
    tmp_path: Path,
) -> None:
    """Listeners, the quorum address and log.dirs follow the settings."""
    settings = LocalBrokerSettings(home=tmp_path, port=19192, controller_port=19193)

    properties = server_properties(settings)

    assert properties["listeners"] == (
        "PLAINTEXT://127.0.0.1:19192,CONTROLLER://127.0.0.1:19193"
    )
    assert properties["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19192"
    assert properties["controller.quorum.bootstrap.servers"] == "127.0.0.1:19193"
    assert properties["log.dirs"] == str(tmp_path / "data")


def test_server_properties_let_one_node_run_transactions_and_groups(
    tmp_path: Path,
) -> None:
    """Every internal topic is created with a replication factor one node meets."""
    properties = server_properties(LocalBrokerSettings(home=tmp_path))

    single_replica = {
        key: value
        for key, value in properties.items()
        if key.endswith((".replication.factor", ".min.isr"))
    }
    assert set(single_replica) >= {
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
    }
    assert set(single_replica.values()) == {"1"}


def test_log4j2_properties_send_the_broker_log_to_the_given_file(
    tmp_path: Path,
) -> None:
    """The rolling appender writes the given file and rolls it beside it."""
    server_log = tmp_path / "logs" / "server.log"

    properties = log4j2_properties(server_log)

    assert properties["appender.server.fileName"] == str(server_log)
    assert properties["appender.server.filePattern"] == f"{server_log}.%i"
    assert properties["rootLogger.appenderRef.server.ref"] == "server"


def test_render_writes_one_key_value_line_per_property() -> None:
    """Rendered text parses back to the same plain values."""
    properties = {"node.id": "1", "log.dirs": "/var/kafka/data"}

    assert _parse(render(properties)) == properties


def test_escape_keeps_backslashes_blanks_and_non_ascii_readable_by_java() -> None:
    """Backslashes double, a leading blank is kept, other characters become \\u."""
    assert escape("C:\\kafka") == "C:\\\\kafka"
    assert escape(" lead") == "\\ lead"
    assert escape("/home/ホーム") == "/home/\\u30db\\u30fc\\u30e0"
    # Outside the basic plane, Java expects the UTF-16 surrogate pair.
    assert escape("😀") == "\\ud83d\\ude00"


def test_write_config_files_writes_both_files_into_the_home(tmp_path: Path) -> None:
    """Both files land in the home and carry the settings' values."""
    settings = LocalBrokerSettings(home=tmp_path, port=19192, controller_port=19193)

    write_config_files(settings)

    server = _parse(settings.server_properties.read_text())
    log4j2 = _parse(settings.log4j2_properties.read_text())
    assert server["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19192"
    assert log4j2["appender.server.fileName"] == str(settings.server_log)


def test_the_written_address_outlives_a_change_of_settings(tmp_path: Path) -> None:
    """A broker keeps the port it started with, whatever the settings say now."""
    write_config_files(LocalBrokerSettings(home=tmp_path, port=19192))

    later = LocalBrokerSettings(home=tmp_path, port=19292, controller_port=19293)

    assert written_bootstrap_servers(later) == "127.0.0.1:19192"


def test_without_written_files_the_address_comes_from_the_settings(
    tmp_path: Path,
) -> None:
    """Before the first `up`, the settings give the address."""
    settings = LocalBrokerSettings(home=tmp_path, port=19192)

    assert written_bootstrap_servers(settings) == "127.0.0.1:19192"
