"""Errors of deployment derivation."""

from processors.exceptions import ProcessorsError


class DeployError(ProcessorsError):
    """Raised when deployment files cannot be derived or written."""


class StaleDeployFile(DeployError):
    """Raised when a committed derived file no longer matches topics.yaml."""


class InvalidManifests(DeployError):
    """Raised when rendered manifests do not match their Kubernetes schemas."""

    def __init__(self, problems: list[str]) -> None:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problems in the manifests:\n{lines}")
        self.problems = problems
