"""Settings of the local single-node Kafka broker."""

from pathlib import Path
from typing import Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "KAFKA_LOCAL_"

HOST = "127.0.0.1"
"""The broker listens on loopback only: it is a development and test broker."""

_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_pom() -> Path:
    """The pom that pins the broker's jars, in the project checkout."""
    return _PROJECT_ROOT / "broker" / "pom.xml"


def default_home() -> Path:
    """`var/kafka` in the project checkout, or in the current directory."""
    root = _PROJECT_ROOT if default_pom().is_file() else Path.cwd()
    return root / "var" / "kafka"


class LocalBrokerSettings(BaseSettings):
    """Where the local broker lives, which ports it takes and how long to wait."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True)

    home: Path = Field(
        default_factory=default_home,
        description=(
            "KAFKA_LOCAL_HOME: directory holding the broker's jars (libs/), data "
            "(data/), logs (logs/), configuration and pid file. Default: var/kafka "
            "in the project checkout, else in the current directory."
        ),
    )
    port: int = Field(
        default=9092,
        ge=1,
        le=65535,
        description=(
            "KAFKA_LOCAL_PORT: client (PLAINTEXT) port on 127.0.0.1; the bootstrap "
            "address is 127.0.0.1:<port>. Default: 9092."
        ),
    )
    controller_port: int = Field(
        default=9093,
        ge=1,
        le=65535,
        description=(
            "KAFKA_LOCAL_CONTROLLER_PORT: KRaft controller port on 127.0.0.1. "
            "Default: 9093."
        ),
    )
    heap_mb: int = Field(
        default=1024,
        ge=256,
        description=(
            "KAFKA_LOCAL_HEAP_MB: maximum JVM heap (-Xmx) in MiB. Default: 1024."
        ),
    )
    start_timeout_s: float = Field(
        default=90.0,
        gt=0,
        description=(
            "KAFKA_LOCAL_START_TIMEOUT_S: seconds to wait for a started broker to "
            "answer a metadata request before it is stopped again. Default: 90."
        ),
    )
    stop_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description=(
            "KAFKA_LOCAL_STOP_TIMEOUT_S: seconds to wait for a clean exit after "
            "SIGTERM before the broker is killed with SIGKILL. Default: 30."
        ),
    )
    pom: Path = Field(
        default_factory=default_pom,
        description=(
            "KAFKA_LOCAL_POM: Maven pom listing the broker's jars. Default: "
            "broker/pom.xml in the project checkout."
        ),
    )
    java: str = Field(
        default="java",
        description=(
            "KAFKA_LOCAL_JAVA: Java 17+ executable that runs the broker. "
            "Default: java (from PATH)."
        ),
    )

    @field_validator("home", "pom")
    @classmethod
    def _absolute(cls, path: Path) -> Path:
        # The broker is recognised by the absolute config path in its command line.
        return path.expanduser().resolve()

    @model_validator(mode="after")
    def _distinct_ports(self) -> Self:
        if self.port == self.controller_port:
            raise ValueError(
                f"port and controller_port are both {self.port}; the client and "
                "controller listeners need two different ports"
            )
        return self

    @property
    def bootstrap_servers(self) -> str:
        """The address clients connect to."""
        return f"{HOST}:{self.port}"

    @property
    def libs_dir(self) -> Path:
        return self.home / "libs"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def server_log(self) -> Path:
        return self.logs_dir / "server.log"

    @property
    def jvm_output(self) -> Path:
        """Where the JVM's own stdout and stderr go (crashes before logging starts)."""
        return self.logs_dir / "jvm.out"

    @property
    def server_properties(self) -> Path:
        return self.home / "server.properties"

    @property
    def log4j2_properties(self) -> Path:
        return self.home / "log4j2.properties"

    @property
    def pid_file(self) -> Path:
        return self.home / "broker.pid"

    @property
    def lock_file(self) -> Path:
        return self.home / ".lock"
