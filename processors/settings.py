"""Settings shared by every command: where Kafka is, how to reach it, where the
contract files live. Each field reads the environment variable named in its alias."""

from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _project_root() -> Path:
    # A source checkout keeps topics.yaml beside the package; an installed package
    # is run from a directory that holds them.
    if (PACKAGE_ROOT / "topics.yaml").is_file():
        return PACKAGE_ROOT
    return Path.cwd()


class KafkaSettings(BaseSettings):
    """How to reach the Kafka cluster."""

    model_config = SettingsConfigDict(frozen=True, populate_by_name=True)

    bootstrap_servers: str = Field(
        "127.0.0.1:9092",
        alias="KAFKA_BOOTSTRAP_SERVERS",
        description="Comma-separated host:port list of brokers. Default: the local "
        "broker started by `processors kafka up`, 127.0.0.1:9092.",
    )
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = (
        Field(
            "PLAINTEXT",
            alias="KAFKA_SECURITY_PROTOCOL",
            description="PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL.",
        )
    )
    sasl_mechanism: str | None = Field(
        None,
        alias="KAFKA_SASL_MECHANISM",
        description="PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 with SASL. Default: none.",
    )
    sasl_username: str | None = Field(
        None, alias="KAFKA_SASL_USERNAME", description="SASL user. Default: none."
    )
    sasl_password: SecretStr | None = Field(
        None, alias="KAFKA_SASL_PASSWORD", description="SASL password. Default: none."
    )
    ssl_ca_location: str | None = Field(
        None,
        alias="KAFKA_SSL_CA_LOCATION",
        description="CA bundle file for TLS. Default: the system's.",
    )
    client_id: str = Field(
        "supplier-processors",
        alias="KAFKA_CLIENT_ID",
        description="client.id sent to the brokers. Default: supplier-processors.",
    )

    def librdkafka(self) -> dict[str, Any]:
        """The settings as librdkafka's dotted configuration keys."""
        config: dict[str, Any] = {
            "bootstrap.servers": self.bootstrap_servers,
            "security.protocol": self.security_protocol,
            "client.id": self.client_id,
        }
        optional = {
            "sasl.mechanism": self.sasl_mechanism,
            "sasl.username": self.sasl_username,
            "sasl.password": self.sasl_password.get_secret_value()
            if self.sasl_password
            else None,
            "ssl.ca.location": self.ssl_ca_location,
        }
        config.update({key: value for key, value in optional.items() if value})
        return config


class ContractSettings(BaseSettings):
    """Where the contract lives and how values are encoded."""

    model_config = SettingsConfigDict(frozen=True, populate_by_name=True)

    topics_file: Path = Field(
        default_factory=lambda: _project_root() / "topics.yaml",
        alias="PROCESSORS_TOPICS_FILE",
        description="The topics and jobs declaration. Default: topics.yaml of the "
        "project.",
    )
    schemas_dir: Path = Field(
        default_factory=lambda: _project_root() / "schemas",
        alias="PROCESSORS_SCHEMAS_DIR",
        description="Directory of the Avro schemas. Default: schemas/ of the project.",
    )
    schema_registry_url: str | None = Field(
        None,
        alias="SCHEMA_REGISTRY_URL",
        description="Confluent-compatible schema registry. When set, values are "
        "written in its wire format; when unset (default), in Avro single-object "
        "encoding. Readers accept both.",
    )
    schema_registry_basic_auth: SecretStr | None = Field(
        None,
        alias="SCHEMA_REGISTRY_BASIC_AUTH",
        description="user:password for the registry. Default: none.",
    )


@cache
def kafka_settings() -> KafkaSettings:
    return KafkaSettings()


@cache
def contract_settings() -> ContractSettings:
    return ContractSettings()
