"""The chart, rendered by helm (the binary named by $HELM, as `make check-deploy`
sets it): one worker per job with its shutdown time, probes and hardening; KEDA
on each job's group lag, or HPAs; the topics hook; secrets wiring."""

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from processors.settings import PACKAGE_ROOT

CHART = PACKAGE_ROOT / "helm"
PRODUCTION = PACKAGE_ROOT / "deploy" / "values-production.yaml"
HELM = os.environ.get("HELM") or shutil.which("helm")

pytestmark = pytest.mark.skipif(
    HELM is None or not Path(HELM).exists(),
    reason="needs helm: run `make check-deploy`, which builds it and sets HELM",
)


def helm_template(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HELM), "template", "processors", str(CHART), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def render(*args: str) -> list[dict[str, Any]]:
    done = helm_template(*args)
    assert done.returncode == 0, done.stderr
    return [d for d in yaml.safe_load_all(done.stdout) if d]


def of_kind(documents: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def derived_jobs() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((CHART / "jobs.yaml").read_text())["jobs"]


def test_each_job_gets_a_hardened_worker_that_outlives_its_grace_period() -> None:
    """A Deployment per job runs `run --job <job>`, waits longer than the job's
    grace period after SIGTERM, probes /livez and /readyz, runs as non-root on a
    read-only root with /tmp writable and every capability dropped."""
    deployments = of_kind(render(), "Deployment")

    for name, job in derived_jobs().items():
        pod = deployments[f"processors-{job['resourceName']}"]["spec"]["template"][
            "spec"
        ]
        (container,) = pod["containers"]
        assert container["args"] == ["run", "--job", name]
        assert pod["terminationGracePeriodSeconds"] > job["gracePeriodSeconds"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/livez"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in pod["volumes"]}
        assert "emptyDir" in volumes[mounts["/tmp"]]
        assert (
            "replicas" not in deployments[f"processors-{job['resourceName']}"]["spec"]
        )


def test_keda_scales_each_job_on_its_group_lag_of_the_trigger_topic() -> None:
    """One ScaledObject per job: the job's consumer group and trigger topic, at
    most as many replicas as the topic has partitions, and a PDB per job."""
    documents = render()
    scaled = of_kind(documents, "ScaledObject")
    budgets = of_kind(documents, "PodDisruptionBudget")

    for name, job in derived_jobs().items():
        resource = f"processors-{job['resourceName']}"
        spec = scaled[resource]["spec"]
        (trigger,) = spec["triggers"]
        assert spec["scaleTargetRef"]["name"] == resource
        assert trigger["type"] == "kafka"
        assert trigger["metadata"]["consumerGroup"] == f"processors.{name}"
        assert trigger["metadata"]["topic"] == job["consumes"]
        assert trigger["metadata"]["lagThreshold"] == str(job["lagThreshold"])
        assert spec["maxReplicaCount"] == job["partitions"]
        assert budgets[resource]["spec"]["maxUnavailable"] == 1
    assert of_kind(documents, "HorizontalPodAutoscaler") == {}


def test_without_keda_each_job_gets_a_cpu_autoscaler() -> None:
    documents = render("--set", "workers.autoscaling.keda.enabled=false")

    autoscalers = of_kind(documents, "HorizontalPodAutoscaler")
    assert of_kind(documents, "ScaledObject") == {}
    assert len(autoscalers) == len(derived_jobs())
    for autoscaler in autoscalers.values():
        (metric,) = autoscaler["spec"]["metrics"]
        assert metric["resource"]["name"] == "cpu"


def test_production_values_wire_sasl_tls_and_the_existing_secret() -> None:
    """SCRAM over TLS: KEDA authenticates from the existing Secret, the workers
    mount its CA and name it in KAFKA_SSL_CA_LOCATION; the chart makes no
    credentials Secret of its own; per-job changes apply."""
    documents = render("-f", str(PRODUCTION))
    (authentication,) = of_kind(documents, "TriggerAuthentication").values()
    scaled = of_kind(documents, "ScaledObject")
    worker = of_kind(documents, "Deployment")["processors-maisoku-reader"]
    container = worker["spec"]["template"]["spec"]["containers"][0]

    references = {
        r["parameter"]: (r["name"], r["key"])
        for r in authentication["spec"]["secretTargetRef"]
    }
    assert references == {
        "username": ("processors-credentials", "KAFKA_SASL_USERNAME"),
        "password": ("processors-credentials", "KAFKA_SASL_PASSWORD"),
        "ca": ("processors-credentials", "KAFKA_SSL_CA_PEM"),
    }
    trigger = scaled["processors-maisoku-reader"]["spec"]["triggers"][0]["metadata"]
    assert (trigger["sasl"], trigger["tls"]) == ("scram_sha512", "enable")
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["KAFKA_SSL_CA_LOCATION"] == "/etc/processors/kafka/ca.pem"
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://$(HOST_IP):4318"
    assert {"secretRef": {"name": "processors-credentials"}} in container["envFrom"]
    assert "processors-credentials" not in of_kind(documents, "Secret")
    docusign = scaled["processors-docusign-reupload"]["spec"]
    assert docusign["maxReplicaCount"] == 3
    assert docusign["triggers"][0]["metadata"]["lagThreshold"] == "100"


def test_topics_are_applied_by_a_hook_before_install_and_upgrade() -> None:
    (job,) = of_kind(render(), "Job").values()

    annotations = job["metadata"]["annotations"]
    assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == [
        "topics",
        "apply",
    ]


def test_a_change_for_a_job_topics_yaml_lacks_fails_the_render() -> None:
    """A misspelt job name is an error naming the known jobs, not a no-op."""
    done = helm_template("--set", "jobs.maisoku_raeder.maxReplicas=2")

    assert done.returncode != 0
    assert "jobs.maisoku_raeder: no such job in jobs.yaml" in done.stderr
    assert "maisoku_reader" in done.stderr


def test_sasl_without_a_mechanism_is_refused() -> None:
    done = helm_template("--set", "kafka.securityProtocol=SASL_SSL")

    assert done.returncode != 0
    assert "kafka.saslMechanism is required" in done.stderr
