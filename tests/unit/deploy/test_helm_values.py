"""The chart's per-job values are derived from topics.yaml, and the committed
helm/jobs.yaml is exactly what the command derives from the committed topics.yaml."""

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from processors.cli import main
from processors.contract.topics import Catalog, load_catalog, parse_catalog
from processors.deploy.exceptions import StaleDeployFile
from processors.deploy.helm_values import (
    LAG_PER_SLOT,
    check,
    helm_values,
    render,
    termination_grace_s,
)
from processors.runtime.worker import PRODUCER_FLUSH_S
from processors.settings import PACKAGE_ROOT

TOPICS_FILE = PACKAGE_ROOT / "topics.yaml"
COMMITTED = PACKAGE_ROOT / "helm" / "jobs.yaml"


def small_catalog(**job: object) -> Catalog:
    """Two topics and one job reading scans, with settings overridden by `job`."""
    return parse_catalog(
        {
            "defaults": {"partitions": 4},
            "topics": {
                "scans.page.uploaded": {
                    "schema": "CertifiedCopyUploaded",
                    "partitions": 9,
                },
                "scans.page.read": {"schema": "CertifiedCopyRead"},
                "jobs.status": {"schema": "JobStatusChanged"},
                "jobs.failed": {"schema": "JobFailed"},
            },
            "jobs": {
                "page_reader": {
                    "handler": "tests.jobs:copy_reader",
                    "consumes": "scans.page.uploaded",
                    "produces": "scans.page.read",
                    "retry_delays_s": [5, 90],
                    "max_attempts": 3,
                    "concurrency": 3,
                    "pool": "process",
                    "timeout_s": 120,
                    "grace_period_s": 42.5,
                    **job,
                }
            },
        }
    )


def test_a_job_gets_its_topics_sizes_and_kubernetes_name() -> None:
    """Names with underscores become DNS labels; retry topics keep delay order; the
    partition count is the trigger topic's own, not the default."""
    values = helm_values(small_catalog())["jobs"]["page_reader"]

    assert values["resourceName"] == "page-reader"
    assert values["consumes"] == "scans.page.uploaded"
    assert values["retryTopics"] == [
        "scans.page.uploaded.retry.5s",
        "scans.page.uploaded.retry.1m30s",
    ]
    assert values["deadLetterTopic"] == "scans.page.uploaded.dlq"
    assert values["partitions"] == 9
    assert (values["pool"], values["concurrency"]) == ("process", 3)
    assert values["timeoutSeconds"] == 120
    assert values["lagThreshold"] == 3 * LAG_PER_SLOT


def test_kubernetes_waits_longer_than_the_job_grace_period_and_the_flush() -> None:
    """A 42.5 s grace period gives a termination grace beyond 42.5 s plus the
    producer's flush bound, in whole seconds."""
    values = helm_values(small_catalog())["jobs"]["page_reader"]

    assert values["gracePeriodSeconds"] == 42.5
    assert values["terminationGracePeriodSeconds"] == termination_grace_s(42.5)
    assert values["terminationGracePeriodSeconds"] > 42.5 + PRODUCER_FLUSH_S
    assert isinstance(values["terminationGracePeriodSeconds"], int)


def test_the_rendered_file_says_it_is_derived_and_parses_back() -> None:
    """The header names the command; the body is the values, as YAML."""
    text = render(small_catalog(), "helm/jobs.yaml")

    assert text.startswith(
        "# Derived from topics.yaml by `processors deploy helm-values"
    )
    assert yaml.safe_load(text) == helm_values(small_catalog())


def test_the_committed_file_matches_topics_yaml() -> None:
    """helm/jobs.yaml lists every job of topics.yaml, exactly as derived."""
    catalog = load_catalog(TOPICS_FILE)

    committed = COMMITTED.read_text(encoding="utf-8")

    assert committed == render(catalog, "helm/jobs.yaml")
    assert set(yaml.safe_load(committed)["jobs"]) == set(catalog.jobs)


def test_a_stale_file_is_reported_with_a_diff(tmp_path: Path) -> None:
    """After a concurrency change the check fails and shows the changed line."""
    stale = tmp_path / "jobs.yaml"
    stale.write_text(render(small_catalog(), "jobs.yaml"))

    with pytest.raises(StaleDeployFile) as raised:
        check(small_catalog(concurrency=5), stale, "jobs.yaml")

    assert "-    concurrency: 3" in str(raised.value)
    assert "+    concurrency: 5" in str(raised.value)


def test_the_command_writes_then_checks_the_file(tmp_path: Path) -> None:
    """`--output` writes the file, `--check --output` accepts it, and rejects it
    (exit 1) once a line is changed by hand."""
    output = tmp_path / "jobs.yaml"
    runner = CliRunner()
    env = {"PROCESSORS_TOPICS_FILE": str(TOPICS_FILE)}
    args = ["deploy", "helm-values", "--output", str(output)]

    written = runner.invoke(main, args, env=env)
    accepted = runner.invoke(main, [*args, "--check"], env=env)
    output.write_text(output.read_text().replace("pool: ", "pool: x", 1))
    rejected = runner.invoke(main, [*args, "--check"], env=env)

    assert written.exit_code == 0, written.output
    assert accepted.exit_code == 0, accepted.output
    assert rejected.exit_code == 1
    assert "does not match topics.yaml" in rejected.output
