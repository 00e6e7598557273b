"""The chart's view of every job: names, topics, sizes and shutdown times, derived
from topics.yaml so that the chart never repeats what the catalog declares.

The worker itself still reads its settings from topics.yaml in the image; these
values only tell Kubernetes what it needs to schedule, scale and stop each job.
"""

import difflib
import math
from pathlib import Path
from typing import Any

import yaml

from processors.contract.topics import Catalog
from processors.deploy.exceptions import StaleDeployFile
from processors.runtime.worker import PRODUCER_FLUSH_S

HEADER = """\
# Derived from topics.yaml by `processors deploy helm-values --output {path}`.
# Do not edit: change topics.yaml and run that command again (`make check-deploy`
# fails while this file and topics.yaml disagree).
"""

# After SIGTERM a worker waits up to its job's grace period for in-flight jobs,
# commits, leaves its group, then flushes the producer for up to PRODUCER_FLUSH_S;
# the margin covers interpreter exit and the kubelet's own delays.
SHUTDOWN_MARGIN_S = 15
# Lag of about four messages per job slot means every slot of a replica has work
# queued behind it: beyond that another replica would help.
LAG_PER_SLOT = 4


def job_values(catalog: Catalog, name: str) -> dict[str, Any]:
    """What the chart needs about one job."""
    job = catalog.jobs[name]
    return {
        "resourceName": name.replace("_", "-"),
        "description": job.description,
        "consumes": job.consumes,
        "retryTopics": list(catalog.job_retry_topics(name)),
        "deadLetterTopic": catalog.dead_letter_topic(name),
        "partitions": catalog.partitions(job.consumes),
        "pool": job.pool,
        "concurrency": job.concurrency,
        "timeoutSeconds": _whole_if_whole(job.timeout_s),
        "gracePeriodSeconds": _whole_if_whole(job.grace_period_s),
        "terminationGracePeriodSeconds": termination_grace_s(job.grace_period_s),
        "lagThreshold": job.concurrency * LAG_PER_SLOT,
    }


def termination_grace_s(grace_period_s: float) -> int:
    """Seconds Kubernetes should wait after SIGTERM before it kills a worker."""
    return math.ceil(grace_period_s) + math.ceil(PRODUCER_FLUSH_S) + SHUTDOWN_MARGIN_S


def _whole_if_whole(seconds: float) -> float | int:
    return int(seconds) if seconds == int(seconds) else seconds


def helm_values(catalog: Catalog) -> dict[str, Any]:
    return {"jobs": {name: job_values(catalog, name) for name in catalog.jobs}}


def render(catalog: Catalog, path: str = "helm/jobs.yaml") -> str:
    """The derived values as the committed file's text."""
    body = yaml.safe_dump(
        helm_values(catalog), sort_keys=False, allow_unicode=True, width=88
    )
    return HEADER.format(path=path) + body


def check(catalog: Catalog, path: Path, shown_as: str) -> None:
    """Raise if the file at `path` is not what `render` makes of the catalog."""
    wanted = render(catalog, shown_as)
    found = path.read_text(encoding="utf-8") if path.is_file() else ""
    if found == wanted:
        return
    diff = "".join(
        difflib.unified_diff(
            found.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            fromfile=f"{shown_as} (committed)",
            tofile=f"{shown_as} (from topics.yaml)",
        )
    )
    raise StaleDeployFile(
        f"{shown_as} does not match topics.yaml; run `processors deploy helm-values "
        f"--output {shown_as}`:\n{diff}"
    )
