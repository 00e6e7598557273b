"""A Confluent-compatible schema registry on 127.0.0.1: the endpoints the
confluent-kafka client uses to register a schema and to fetch one by id."""

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.fakes.http import FakeServer, QuietHandler, serve


@dataclass
class RegistryState:
    schemas: list[str] = field(default_factory=list)
    subjects: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def register(self, subject: str, schema: str) -> int:
        with self.lock:
            if schema not in self.schemas:
                self.schemas.append(schema)
            schema_id = self.schemas.index(schema) + 1
            versions = self.subjects.setdefault(subject, [])
            if schema_id not in versions:
                versions.append(schema_id)
            return schema_id


class RegistryHandler(QuietHandler):
    server: FakeServer

    @property
    def state(self) -> RegistryState:
        return self.server.state  # type: ignore[return-value]

    def do_POST(self) -> None:
        match = re.fullmatch(r"/subjects/([^/?]+)/versions(\?.*)?", self.path)
        if match is None:
            self._error(404, 40401, "not found")
            return
        body = json.loads(self.read_body() or b"{}")
        schema_id = self.state.register(match.group(1), body["schema"])
        self._json(200, {"id": schema_id})

    def do_GET(self) -> None:
        match = re.fullmatch(r"/schemas/ids/(\d+)(\?.*)?", self.path)
        if match is None:
            self._error(404, 40401, "not found")
            return
        schema_id = int(match.group(1))
        if not 1 <= schema_id <= len(self.state.schemas):
            self._error(404, 40403, f"Schema {schema_id} not found")
            return
        self._json(200, {"schema": self.state.schemas[schema_id - 1]})

    def _json(self, status: int, body: object) -> None:
        self.reply(
            status,
            json.dumps(body).encode(),
            content_type="application/vnd.schemaregistry.v1+json",
        )

    def _error(self, status: int, code: int, message: str) -> None:
        self._json(status, {"error_code": code, "message": message})


@contextmanager
def schema_registry() -> Iterator[tuple[FakeServer, RegistryState]]:
    state = RegistryState()
    with serve(RegistryHandler, state) as server:
        yield server, state
