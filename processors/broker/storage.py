"""Formatting the broker's KRaft data directory, once for the life of its data."""

import base64
import logging
import subprocess
import uuid
from pathlib import Path

from processors.broker.exceptions import BrokerStorageError
from processors.broker.settings import LocalBrokerSettings

logger = logging.getLogger(__name__)

_FORMAT_TIMEOUT_S = 120.0


def is_formatted(data_dir: Path) -> bool:
    """Whether the directory already carries a cluster id (meta.properties)."""
    return (data_dir / "meta.properties").is_file()


def new_cluster_id() -> str:
    """A random cluster id as Kafka writes one: a uuid in unpadded url-safe base64.

    Kafka refuses ids starting with '-' (they read as command-line options).
    """
    while True:
        encoded = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode()
        cluster_id = encoded.rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def ensure_formatted(settings: LocalBrokerSettings) -> None:
    """Format the data directory unless it was formatted before.

    Formatting again would give the same data a new cluster id, which the broker
    rejects; the id lives in `<data>/meta.properties` from the first format on.
    """
    if is_formatted(settings.data_dir):
        return

    cluster_id = new_cluster_id()
    logger.info(
        "Formatting Kafka storage in %s with cluster id %s",
        settings.data_dir,
        cluster_id,
    )
    _run_storage_tool(settings, cluster_id)


def _run_storage_tool(settings: LocalBrokerSettings, cluster_id: str) -> None:
    command = [
        settings.java,
        f"-Dlog4j2.configurationFile={settings.log4j2_properties}",
        "-cp",
        str(settings.libs_dir / "*"),
        "kafka.tools.StorageTool",
        "format",
        "--cluster-id",
        cluster_id,
        "--config",
        str(settings.server_properties),
        # The only controller bootstraps the quorum alone.
        "--standalone",
    ]
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_FORMAT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BrokerStorageError(
            f"cannot run Kafka's storage tool with {settings.java!r} on "
            f"{str(settings.data_dir)!r}: {exc}"
        ) from exc
    if done.returncode != 0:
        raise BrokerStorageError(
            f"Kafka's storage tool failed (exit code {done.returncode}) to format "
            f"{str(settings.data_dir)!r}:\n{(done.stdout + done.stderr).strip()}"
        )
