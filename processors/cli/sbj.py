"""`processors sbj-maisoku`: 帯替え of one flyer file, without Kafka."""

from pathlib import Path

import click

from processors.cli import main
from processors.cli.common import reports_errors


@main.command(name="sbj-maisoku")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the flyer with SBJ's band.",
)
@reports_errors
def sbj_maisoku(path: Path, out: Path) -> None:
    """Cover the broker band of the flyer PDF at PATH with SBJ's band (SBJ_BAND_*)."""
    from processors.documents.band import BandConfig, replace_bands

    replacement = replace_bands(path.read_bytes(), BandConfig())
    out.write_bytes(replacement.pdf)
    for band in replacement.bands:
        click.echo(
            f"page {band.page_number}: replaced the band at "
            f"y={band.box.bottom:.0f}-{band.box.top:.0f} pt ({band.text[:60]})"
        )
    click.echo(f"wrote {out} ({len(replacement.pdf)} bytes)")
