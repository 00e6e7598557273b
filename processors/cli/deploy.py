"""`processors deploy`: files for deployments, derived from topics.yaml."""

from pathlib import Path

import click

from processors.cli import main
from processors.cli.common import catalog, reports_errors
from processors.deploy import helm_values, manifests
from processors.deploy.exceptions import InvalidManifests


@main.group()
def deploy() -> None:
    """Deployment files derived from topics.yaml."""


@deploy.command(name="helm-values")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the values to this file instead of standard output.",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; fail with a diff if --output differs from topics.yaml.",
)
@reports_errors
def helm_values_command(output: Path | None, check_only: bool) -> None:
    """The chart's per-job values (helm/jobs.yaml): topics, partitions, pool,
    concurrency, shutdown grace and lag threshold of every job."""
    declared = catalog()
    if check_only:
        if output is None:
            raise click.UsageError("--check needs --output, the file to compare")
        helm_values.check(declared, output, str(output))
        click.echo(f"{output} matches topics.yaml")
        return
    text = helm_values.render(declared, str(output or "helm/jobs.yaml"))
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output} ({len(declared.jobs)} jobs)")


@deploy.command(name="check-manifests")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--kubernetes-version",
    default="1.31",
    show_default=True,
    help="Kubernetes version whose schemas the built-in kinds must match.",
)
@click.option(
    "--crd-schemas",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("deploy/schemas"),
    show_default=True,
    help="Folder of JSON schemas of custom resources, <group>-<version>-<Kind>.json.",
)
@reports_errors
def check_manifests_command(
    files: tuple[Path, ...], kubernetes_version: str, crd_schemas: Path
) -> None:
    """Check rendered manifests (`helm template` output) offline and strictly."""
    problems: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        checked = manifests.check_manifests(text, kubernetes_version, crd_schemas)
        problems.extend(f"{path}: {problem}" for problem in checked.problems)
        click.echo(f"{path}: {len(checked.kinds)} manifests checked")
    if problems:
        raise InvalidManifests(problems)
