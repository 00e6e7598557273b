from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from processors.cli import main
from processors.documents.band import (
    BandConfig,
    BandNotFoundError,
    replace_band,
    replace_bands,
)
from processors.documents.band.markers import normalize
from processors.documents.band.render import Box
from processors.documents.ocr import page_text
from tests.factories.flyers import (
    DESIGNS,
    PAGE_HEIGHT,
    BandStyle,
    scanned_flyer,
    vector_flyer,
)
from tests.factories.pdf_checks import render_gray, rows_above, text_layer

pytestmark = pytest.mark.ocr

SBJ = BandConfig()
OLD_BROKER_WORDS = {
    BandStyle.FRAMED: ("山田", "3400"),
    BandStyle.FILLED: ("東都", "5555"),
    BandStyle.RULED: ("みどり", "662"),
}


def _ocr_of_region(pdf: bytes, box: Box, *, dpi: int = 300) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        crop = (box.left, box.bottom, 595.28 - box.right, PAGE_HEIGHT - box.top)
        image = document[0].render(scale=dpi / 72, crop=crop, grayscale=True)
        return normalize(page_text(image.to_pil().convert("L"), dpi=dpi).text)
    finally:
        document.close()


@pytest.mark.parametrize("style", list(BandStyle))
def test_scanned_band_is_found_by_ocr_and_replaced(style: BandStyle) -> None:
    """OCR finds the band of an image-only flyer; afterwards it reads SBJ's band."""
    original = scanned_flyer(DESIGNS[style])

    replacement = replace_bands(original, SBJ)

    [band] = replacement.bands
    assert not band.from_text_layer
    read = _ocr_of_region(replacement.pdf, band.box)
    assert "SBJ" in read and "6811" in read
    for word in OLD_BROKER_WORDS[style]:
        assert word not in read


@pytest.mark.parametrize("style", list(BandStyle))
def test_scanned_flyer_above_the_band_is_pixel_identical(style: BandStyle) -> None:
    """The scan above the band renders exactly as before."""
    original = scanned_flyer(DESIGNS[style])

    replacement = replace_bands(original, SBJ)

    [band] = replacement.bands
    before, after = render_gray(original), render_gray(replacement.pdf)
    above = rows_above(band.box, page_height=PAGE_HEIGHT)
    assert np.array_equal(before[:above], after[:above])


def test_a_flyer_without_band_is_refused() -> None:
    """A flyer with no broker band fails for good, saying no band was found."""
    with pytest.raises(BandNotFoundError, match="no broker band"):
        replace_band(scanned_flyer(None), SBJ)
    with pytest.raises(BandNotFoundError):
        replace_band(vector_flyer(None), SBJ)


def test_the_cli_writes_the_new_flyer(tmp_path: Path) -> None:
    """`processors sbj-maisoku` writes the flyer with SBJ's band and says where."""
    source = tmp_path / "flyer.pdf"
    source.write_bytes(scanned_flyer(DESIGNS[BandStyle.FRAMED]))
    target = tmp_path / "sbj.pdf"

    outcome = CliRunner().invoke(
        main, ["sbj-maisoku", str(source), "--out", str(target)]
    )

    assert outcome.exit_code == 0, outcome.output
    assert "page 1" in outcome.output
    assert normalize(SBJ.company_name) in normalize(text_layer(target.read_bytes()))


def test_the_cli_fails_on_a_flyer_without_band(tmp_path: Path) -> None:
    """Without a band the command exits non-zero with the reason."""
    source = tmp_path / "flyer.pdf"
    source.write_bytes(vector_flyer(None))

    outcome = CliRunner().invoke(
        main, ["sbj-maisoku", str(source), "--out", str(tmp_path / "out.pdf")]
    )

    assert outcome.exit_code == 1
    assert "no broker band" in outcome.output
    assert not (tmp_path / "out.pdf").exists()
