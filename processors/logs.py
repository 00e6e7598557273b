"""The one place that configures logging handlers; only the CLI calls it."""

import logging
import os

LOG_LEVEL_ENV = "PROCESSORS_LOG_LEVEL"
"""Log level for the CLI and workers (DEBUG, INFO, WARNING…); default INFO."""

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str | None = None) -> None:
    """Send the package's logs to stderr at the given or configured level."""
    chosen = (level or os.environ.get(LOG_LEVEL_ENV) or "INFO").upper()
    logging.basicConfig(level=chosen, format=_FORMAT)
    # librdkafka's Python wrapper logs through this logger at DEBUG by the thousands.
    logging.getLogger("confluent_kafka").setLevel(logging.WARNING)
