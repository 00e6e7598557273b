"""The chart's values schema accepts the shipped values and rejects unknown keys;
docker-compose.yml runs every job of topics.yaml and the services around them."""

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from processors.contract.topics import load_catalog
from processors.settings import PACKAGE_ROOT

CHART = PACKAGE_ROOT / "helm"
COMPOSE = PACKAGE_ROOT / "docker-compose.yml"


def values_errors(values: dict[str, Any]) -> list[str]:
    schema = json.loads((CHART / "values.schema.json").read_text())
    return [error.message for error in Draft7Validator(schema).iter_errors(values)]


def test_the_default_and_production_values_fit_the_schema() -> None:
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    production = yaml.safe_load(
        (PACKAGE_ROOT / "deploy" / "values-production.yaml").read_text()
    )

    assert values_errors(defaults) == []
    assert values_errors(production) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"kafka": {"bootstrapServers": "k:9092", "securityProtocol": "TLS"}}, "'TLS'"),
        ({"workers": {"autoscaling": {"keda": {"enabeld": False}}}}, "'enabeld'"),
        ({"jobs": {"maisoku_reader": {"replica": 2}}}, "'replica'"),
        ({"jobs": {"Maisoku-Reader": {}}}, "'Maisoku-Reader'"),
        ({"storage": {"rootUri": "gs://bucket"}}, "'gs://bucket'"),
    ],
    ids=["protocol", "misspelt-key", "job-change-key", "job-name", "storage-scheme"],
)
def test_mistakes_in_values_are_rejected(values: dict[str, Any], expected: str) -> None:
    errors = values_errors(values)

    assert len(errors) == 1
    assert expected in errors[0]


def compose_services() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_compose_runs_one_worker_per_job_of_topics_yaml() -> None:
    """Each job has a service running `run --job <job>` from the project image."""
    jobs = load_catalog(PACKAGE_ROOT / "topics.yaml").jobs
    services = compose_services()

    workers = {
        service["command"][2]: name
        for name, service in services.items()
        if service.get("command", [])[:2] == ["run", "--job"]
    }

    assert set(workers) == set(jobs)
    for name in workers.values():
        assert services[name]["build"] == "."
        assert services[name]["depends_on"]["topics"] == {
            "condition": "service_completed_successfully"
        }


def test_compose_has_the_services_around_the_workers() -> None:
    """Topics applied before the workers; tracker and dashboard on PostgreSQL;
    telemetry through a collector whose config is in deploy/, to Jaeger."""
    services = compose_services()

    assert services["topics"]["command"] == ["topics", "apply"]
    assert services["tracker"]["command"] == ["tracker"]
    assert services["dashboard"]["command"][:1] == ["dashboard"]
    assert "postgres" in services["tracker"]["depends_on"]
    config = services["otel-collector"]["volumes"][0].split(":")[0]
    assert (PACKAGE_ROOT / config).is_file()
    assert "jaeger" in services
