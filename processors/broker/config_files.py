"""The broker's server.properties and log4j2.properties, rendered from settings."""

from pathlib import Path

from processors.broker.settings import HOST, LocalBrokerSettings

_HEADER = "# Written by `processors kafka up` on every start; edits are overwritten.\n"


def server_properties(settings: LocalBrokerSettings) -> dict[str, str]:
    """One combined broker and controller node, with single-replica internal topics.

    Transactions, consumer offsets and share groups each keep their state in an
    internal topic whose default replication factor (3) one node cannot satisfy.
    """
    client = f"{HOST}:{settings.port}"
    controller = f"{HOST}:{settings.controller_port}"
    return {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.bootstrap.servers": controller,
        "listeners": f"PLAINTEXT://{client},CONTROLLER://{controller}",
        "advertised.listeners": f"PLAINTEXT://{client}",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(settings.data_dir),
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        # A lone test consumer should get its partitions at once, not after 3 s.
        "group.initial.rebalance.delay.ms": "0",
    }


def log4j2_properties(server_log: Path) -> dict[str, str]:
    """Every broker log line to one size-capped file, rolled over three times."""
    return {
        "status": "warn",
        "appender.server.type": "RollingFile",
        "appender.server.name": "server",
        "appender.server.fileName": str(server_log),
        "appender.server.filePattern": f"{server_log}.%i",
        "appender.server.layout.type": "PatternLayout",
        "appender.server.layout.pattern": "[%d] %p %m (%c)%n",
        "appender.server.policies.type": "Policies",
        "appender.server.policies.size.type": "SizeBasedTriggeringPolicy",
        "appender.server.policies.size.size": "20MB",
        "appender.server.strategy.type": "DefaultRolloverStrategy",
        "appender.server.strategy.max": "3",
        "rootLogger.level": "INFO",
        "rootLogger.appenderRef.server.ref": "server",
    }


def render(properties: dict[str, str]) -> str:
    """Java properties text, read back exactly by `java.util.Properties.load`."""
    lines = [f"{key}={escape(value)}" for key, value in properties.items()]
    return _HEADER + "\n".join(lines) + "\n"


def escape(value: str) -> str:
    """Escape a value for a properties file, which Java reads as ISO-8859-1.

    Paths may hold backslashes, leading blanks or non-ASCII names (a home
    directory in Japanese); anything outside printable ASCII becomes `\\uXXXX`.
    """
    escaped = value.replace("\\", "\\\\")
    if escaped.startswith(" "):
        escaped = "\\" + escaped
    return "".join(_escape_char(char) for char in escaped)


def _escape_char(char: str) -> str:
    if " " <= char <= "~":
        return char
    utf16 = char.encode("utf-16-be")
    units = [utf16[i : i + 2].hex() for i in range(0, len(utf16), 2)]
    return "".join(f"\\u{unit}" for unit in units)


def written_bootstrap_servers(settings: LocalBrokerSettings) -> str:
    """The client address in the home's server.properties, as the broker read it.

    A broker keeps the ports it started with even when the settings change later.
    """
    prefix = "advertised.listeners=PLAINTEXT://"
    try:
        lines = settings.server_properties.read_text().splitlines()
    except FileNotFoundError:
        return settings.bootstrap_servers
    for line in lines:
        if line.startswith(prefix):
            return line.removeprefix(prefix)
    return settings.bootstrap_servers


def write_config_files(settings: LocalBrokerSettings) -> None:
    """Write both files into the broker's home, replacing earlier versions."""
    settings.server_properties.write_text(render(server_properties(settings)))
    settings.log4j2_properties.write_text(
        render(log4j2_properties(settings.server_log))
    )
