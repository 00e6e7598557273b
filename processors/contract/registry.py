"""A Confluent-compatible schema registry, through confluent-kafka's client."""

from functools import cache

from confluent_kafka.schema_registry import Schema as RegistrySchema
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError as ClientError

from processors.contract.codec import Codec
from processors.contract.exceptions import SchemaRegistryError
from processors.contract.schemas import Schema, repository
from processors.settings import contract_settings


class RegistryResolver:
    """Registers writer schemas and fetches schemas by id, caching both."""

    def __init__(self, url: str, basic_auth: str | None = None) -> None:
        config = {"url": url}
        if basic_auth:
            config["basic.auth.user.info"] = basic_auth
        self.url = url
        self.client = SchemaRegistryClient(config)
        self._ids: dict[tuple[str, str], int] = {}

    def schema_id(self, subject: str, schema: Schema) -> int:
        cached = self._ids.get((subject, schema.canonical))
        if cached is not None:
            return cached
        try:
            schema_id = self.client.register_schema(
                subject, RegistrySchema(schema.json(), "AVRO")
            )
        except (ClientError, OSError) as exc:
            raise SchemaRegistryError(
                f"registry {self.url} refused {schema.name!r} under {subject!r}: {exc}"
            ) from exc
        self._ids[(subject, schema.canonical)] = schema_id
        return schema_id

    def schema_json(self, schema_id: int) -> str:
        try:
            return str(self.client.get_schema(schema_id).schema_str)
        except (ClientError, OSError) as exc:
            raise SchemaRegistryError(
                f"registry {self.url} has no schema id {schema_id}: {exc}"
            ) from exc


@cache
def codec_from_settings() -> Codec:
    """The codec the environment asks for: registry wire format when a registry URL
    is set, Avro single-object encoding otherwise."""
    settings = contract_settings()
    schemas = repository(settings.schemas_dir)
    if not settings.schema_registry_url:
        return Codec(schemas)
    auth = settings.schema_registry_basic_auth
    resolver = RegistryResolver(
        settings.schema_registry_url, auth.get_secret_value() if auth else None
    )
    return Codec(schemas, resolver)
