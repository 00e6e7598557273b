"""`processors config`: the environment variables the system reads."""

from pathlib import Path

import click

from processors.cli import main
from processors.configuration import reference_markdown, with_reference


@main.command()
@click.option(
    "--update-readme",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Rewrite the configuration reference inside this README instead.",
)
def config(update_readme: Path | None) -> None:
    """Print every environment variable with its default and meaning (Markdown)."""
    if update_readme is None:
        click.echo(reference_markdown(), nl=False)
        return
    text = update_readme.read_text(encoding="utf-8")
    update_readme.write_text(with_reference(text), encoding="utf-8")
