"""topics.yaml loads into checked models; every bad field gets its own message."""

import copy
from typing import Any

import pytest
import yaml

from processors.contract.exceptions import TopicsFileError
from processors.contract.topics import delay_label, load_catalog, parse_catalog
from processors.settings import PACKAGE_ROOT

TOPICS_FILE = PACKAGE_ROOT / "topics.yaml"


def project_yaml() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")))


def test_the_project_topics_file_is_valid() -> None:
    """Every declared job consumes and produces declared topics."""
    catalog = load_catalog(TOPICS_FILE)

    for job in catalog.jobs.values():
        assert job.consumes in catalog.topics
        assert job.produces is None or job.produces in catalog.topics


def test_retry_and_dead_letter_topics_are_derived_per_job() -> None:
    """Each retry delay gets a tier and each job a dead-letter topic, with the
    partition count of the topic they serve."""
    catalog = load_catalog(TOPICS_FILE)
    desired = catalog.desired_topics()
    source = "documents.certified_copy.uploaded"

    assert catalog.job_retry_topics("certified_copy_reader") == {
        f"{source}.retry.10s": 10.0,
        f"{source}.retry.1m": 60.0,
        f"{source}.retry.10m": 600.0,
    }
    assert desired[f"{source}.dlq"].partitions == catalog.partitions(source)


def test_every_bad_field_is_reported_on_its_own_line() -> None:
    """Three mistakes give three messages naming the field and the bad value."""
    raw = project_yaml()
    raw["topics"]["jobs.status"]["partitions"] = 0
    raw["jobs"]["maisoku_reader"]["max_attempts"] = "many"
    raw["jobs"]["maisoku_reader"]["consumes"] = "articles.nothing.here"

    with pytest.raises(TopicsFileError) as caught:
        parse_catalog(raw)

    problems = caught.value.problems
    assert any("topics.jobs.status.partitions" in p and "0" in p for p in problems)
    assert any(
        "jobs.maisoku_reader.max_attempts" in p and "'many'" in p for p in problems
    )
    assert len(problems) == 2  # the topic check runs once the fields are valid


def test_a_job_on_an_undeclared_topic_is_refused() -> None:
    """The message names the job, the role and the missing topic."""
    raw = project_yaml()
    raw["jobs"]["maisoku_reader"]["produces"] = "articles.nothing.here"

    with pytest.raises(TopicsFileError, match="jobs.maisoku_reader.produces.*nothing"):
        parse_catalog(raw)


def test_an_unknown_key_and_an_unknown_schema_are_refused() -> None:
    raw = project_yaml()
    raw["jobs"]["maisoku_reader"]["timeout"] = 5
    raw["topics"]["jobs.failed"]["schema"] = "Nope"

    with pytest.raises(TopicsFileError) as caught:
        parse_catalog(raw)

    text = str(caught.value)
    assert "jobs.maisoku_reader.timeout: Extra inputs are not permitted" in text
    assert "schema 'Nope' is not an event" in text


def test_two_jobs_retrying_on_one_topic_are_refused() -> None:
    raw = project_yaml()
    raw["jobs"]["copy"] = dict(raw["jobs"]["maisoku_reader"])

    with pytest.raises(TopicsFileError, match="already consumed by job"):
        parse_catalog(raw)


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (10, "10s"),
        (60, "1m"),
        (90, "1m30s"),
        (3600, "1h"),
        (0.5, "500ms"),
        (86400, "1d"),
    ],
)
def test_delay_labels(seconds: float, label: str) -> None:
    assert delay_label(seconds) == label


def test_the_last_retry_delay_repeats() -> None:
    job = load_catalog(TOPICS_FILE).jobs["docusign_reupload"]

    assert [job.delay_for(n) for n in (1, 2, 3, 4, 5)] == [30, 300, 1800, 1800, 1800]
